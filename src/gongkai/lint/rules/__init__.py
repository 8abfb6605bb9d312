"""Every lint rule, registered in one explicit list in code order."""

from gongkai.lint.rule import Rule
from gongkai.lint.rules import (
    gk20x_missing_element,
    gk30x_vocabulary,
    gk100_unreadable_file,
    gk101_yaml_syntax,
    gk102_duplicate_key,
    gk103_not_a_catalog,
    gk104_unknown_key,
    gk105_wrong_type,
    gk106_duplicate_item,
    gk107_unknown_domain,
    gk108_unsafe_slug,
    gk109_encoding,
    gk310_basis_without_document,
    gk311_deadline_unrecognised,
    gk601_review_overdue,
    gk602_withheld_without_basis,
)

RULES: list[Rule] = [
    gk100_unreadable_file.RULE,
    gk101_yaml_syntax.RULE,
    gk102_duplicate_key.RULE,
    gk103_not_a_catalog.RULE,
    gk104_unknown_key.RULE,
    gk105_wrong_type.RULE,
    gk106_duplicate_item.RULE,
    gk107_unknown_domain.RULE,
    gk108_unsafe_slug.RULE,
    gk109_encoding.RULE,
    *gk20x_missing_element.RULES,
    *gk30x_vocabulary.RULES,
    gk310_basis_without_document.RULE,
    gk311_deadline_unrecognised.RULE,
    gk601_review_overdue.RULE,
    gk602_withheld_without_basis.RULE,
]

RULES_BY_CODE: dict[str, Rule] = {r.code: r for r in RULES}
