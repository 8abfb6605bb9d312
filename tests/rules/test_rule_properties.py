"""What the rest of gongkai does with a rule's problems is declared on the rule (gongkai/lint/rule.py): whether it
is a gap the report lists, which element it is about, whether it counts as a conflict between levels, whether its
errors make an export lose content, whether it means the input could not be read. Each rule declares them, and
they hold together."""

from __future__ import annotations

import pytest

from gongkai.export import LOSING
from gongkai.lint.rule import Rule
from gongkai.lint.rules import RULES
from gongkai.model.vocab import ELEMENT_BY_KEY, ELEMENTS


def having(attribute: str) -> list[str]:
    return [r.code for r in RULES if getattr(r, attribute)]


def test_the_rules_with_each_property():
    """The sets as the product has them: changing one is a decision, not an accident."""
    assert having("unreadable") == ["GK100"]
    assert having("loses_content") == ["GK100", "GK101", "GK102", "GK103", "GK104", "GK105", "GK107"]
    assert having("level_conflict") == ["GK501"]
    assert having("gap") == [
        *(f"GK20{n}" for n in range(1, len(ELEMENTS) + 1)),
        "GK401",
        "GK403",
        "GK404",
        "GK501",
        "GK502",
        "GK601",
        "GK602",
        "GK603",
    ]
    assert having("element") == [f"GK20{n}" for n in range(1, len(ELEMENTS) + 1)]


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_each_rule_declares_consistent_properties(rule: Rule):
    if rule.unreadable:  # nothing could be read: an error found while reading, that loses the whole file
        assert rule.scope == "source" and rule.severity == "error" and rule.loses_content
    if rule.loses_content:  # only errors stop an export; a gap is what the export is there to fill in
        assert rule.severity == "error" and not rule.gap
    if rule.level_conflict:
        assert rule.gap and rule.scope == "project"
    if rule.element is not None:
        assert rule.gap and rule.element in ELEMENT_BY_KEY and rule.name == f"missing-{rule.element}"
    if rule.gap:  # gaps are found in catalogs that were read: never in a file's own reading
        assert rule.scope != "source"


def test_export_refuses_on_the_rules_that_lose_content():
    assert tuple(having("loses_content")) == LOSING
