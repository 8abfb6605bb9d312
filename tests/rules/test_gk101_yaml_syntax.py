"""GK101 yaml-syntax: invalid YAML, and YAML features a catalog must not use (deep nesting, alias bombs, several
documents, tags)."""

import pytest

from tests.conftest import GOOD_HEAD, GOOD_ITEM, codes_at

GOOD = GOOD_HEAD + GOOD_ITEM
OTHER_ITEM = GOOD_ITEM.replace("低保审核信息", "低保审批信息")


def test_clean_catalog(check):
    assert check(GOOD, select=["GK101"]) == []


def test_tab_indentation_is_reported_where_the_tab_is(county):
    county.write("donghu-zhen.yaml", "unit:\n\tname: 示例县东湖镇人民政府\n  kind: township\n")
    result = county.lint(select=["GK101"])
    assert codes_at(result) == ["GK101 2:1"]
    assert "制表符" in result.problems[0].message


def test_unquoted_colon_in_a_value_is_reported_at_the_colon(county):
    county.write("donghu-zhen.yaml", GOOD.replace("audience: 全社会", "audience: 全社会: 含外来务工人员"))
    result = county.lint(select=["GK101"])
    assert codes_at(result) == ["GK101 15:20"]
    assert "加引号" in result.problems[0].message


def test_unclosed_quote_is_reported_at_the_end_of_the_file(county):
    county.write("donghu-zhen.yaml", GOOD.replace("audience: 全社会", 'audience: "全社会'))
    result = county.lint(select=["GK101"])
    assert codes_at(result) == ["GK101 17:1"]
    assert "未闭合" in result.problems[0].message


def test_second_document_is_refused(check):
    assert check(GOOD + "---\n" + GOOD, select=["GK101"]) == ["GK101 17:1"]


def test_explicit_start_and_end_of_one_document_are_fine(check):
    assert check("---\n" + GOOD + "...\n", select=["GK101"]) == []


@pytest.mark.parametrize("tag", ["!!python/object:os.system", "!!set", "!custom"])
def test_tags_are_refused(check, tag):
    assert check(f"unit: {tag} {{name: 东湖镇}}\n", select=["GK101"]) == ["GK101 1:7"]


def test_str_tag_is_allowed(check):
    text = GOOD.replace("basis: 《社会救助暂行办法》", "basis: !!str 《社会救助暂行办法》")
    assert check(text, select=["GK1"]) == []


def test_nesting_deeper_than_32_levels(check):
    # the top mapping is level 1, so the 32nd bracket (column 6 + 32) is one level too many
    assert check("unit: " + "[" * 40 + "]" * 40 + "\n", select=["GK101"]) == ["GK101 1:38"]


def test_alias_bomb_is_stopped(check):
    lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for previous, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 10) + "]")
    problems = check("\n".join(lines) + "\n", select=["GK101"])
    assert len(problems) == 1 and problems[0].startswith("GK101 ")


def test_small_alias_is_allowed(check):
    text = GOOD.replace("[政府网站, 便民服务站]", "&ch [政府网站, 便民服务站]") + OTHER_ITEM.replace(
        "[政府网站, 便民服务站]", "*ch"
    )
    assert check(text, select=["GK"]) == []


def test_undefined_alias(check):
    assert check("unit: *nope\n", select=["GK101"]) == ["GK101 1:7"]


def test_complex_key(check):
    assert check("? [a, b]\n: c\n", select=["GK101"]) == ["GK101 1:3"]


def test_syntax_error_stops_the_item_rules(check):
    text = GOOD.replace("      basis: 《社会救助暂行办法》\n", "") + "  bad: [\n"
    assert check(text, select=["GK1", "GK2"]) == ["GK101 17:1"]  # end of file, after the unclosed bracket


def test_control_character_is_reported_where_it_is(check):
    text = GOOD.replace("audience: 全社会", "audience: 全社\x07会")
    assert check(text, select=["GK101"]) == ["GK101 15:19"]


def test_control_character_in_ascii_text(check):
    assert check("unit:\n  kind: town\x07ship\n", select=["GK101"]) == ["GK101 2:13"]
