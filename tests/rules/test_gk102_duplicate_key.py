"""GK102 duplicate-key: the same key twice in one mapping; the first is kept, the second is reported."""

from tests.conftest import GOOD_HEAD, GOOD_ITEM, codes_at

GOOD = GOOD_HEAD + GOOD_ITEM


def test_clean_catalog(check):
    assert check(GOOD, select=["GK102"]) == []


def test_second_basis_is_reported_at_its_key_and_names_the_first(county):
    county.write(
        "donghu-zhen.yaml",
        GOOD.replace("      deadline:", "      basis: 《中华人民共和国政府信息公开条例》\n      deadline:"),
    )
    result = county.lint(select=["GK102"])
    assert codes_at(result) == ["GK102 11:7"]
    assert "「basis」" in result.problems[0].message and "第 10 行" in result.problems[0].message


def test_first_value_wins(county):
    county.write(
        "donghu-zhen.yaml",
        GOOD.replace("      deadline:", "      basis: 相关规定\n      deadline:"),
    )
    # the second basis (no 《》) is dropped, so GK310 has nothing to say
    assert codes_at(county.lint(select=["GK102", "GK310"])) == ["GK102 11:7"]


def test_duplicate_key_in_unit(check):
    text = GOOD.replace("  kind: township\n", "  kind: township\n  name: 东湖镇\n")
    assert check(text, select=["GK102"]) == ["GK102 4:3"]


def test_duplicate_top_level_key(check):
    assert check(GOOD + "reviewed: 2026-07-01\n", select=["GK102"]) == ["GK102 17:1"]


def test_domain_listed_twice(check):
    text = GOOD + "  shehui-jiuzhu:\n" + GOOD_ITEM.replace("低保审核信息", "低保审批信息")
    assert check(text, select=["GK102"]) == ["GK102 17:3"]


def test_same_key_in_two_items_is_fine(check):
    text = GOOD + GOOD_ITEM.replace("低保审核信息", "低保审批信息")
    assert check(text, select=["GK102"]) == []


def test_duplicate_key_before_a_syntax_error_is_still_reported(check):
    text = "unit:\n  name: 东湖镇\n  name: 西湖镇\n  kind: [\n"
    assert check(text, select=["GK101", "GK102"]) == ["GK102 3:3", "GK101 5:1"]
