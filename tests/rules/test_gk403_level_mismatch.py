"""GK403 level-mismatch: the item's 公开层级 does not include the unit's level."""

import pytest

from tests.rules.audit_fixtures import catalog, item


@pytest.mark.parametrize(
    ("kind", "level", "expected"),
    [
        ("township", "[县级]", ["GK403 15:7"]),
        ("township", "[县级, 乡级]", []),
        ("department", "[乡级]", ["GK403 15:7"]),
        ("department", "[县级]", []),
        ("village", "[乡级]", ["GK403 16:7"]),
        ("village", "[村级]", []),
    ],
)
def test_level_must_include_the_units_own(check, kind, level, expected):
    parent = "donghu-zhen" if kind == "village" else None
    assert (
        check(catalog("某单位", kind, item("低保审核信息", level=level), parent=parent), select=["GK403"]) == expected
    )


def test_no_level_is_not_checked(check):
    text = catalog("某单位", "township", item("低保审核信息")).replace("      level: [乡级]\n", "")
    assert check(text, select=["GK403"]) == []
