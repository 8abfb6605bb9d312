"""GK103 not-a-catalog: an empty file, a top level that is not a mapping, or `unit:` / `unit.name` /
`unit.kind` missing."""

import pytest

from tests.conftest import GOOD_HEAD, GOOD_ITEM, codes_at

GOOD = GOOD_HEAD + GOOD_ITEM


def test_clean_catalog(check):
    assert check(GOOD, select=["GK103"]) == []


@pytest.mark.parametrize("text", ["", "\n\n", "# 东湖镇目录，待填写\n", "~\n"])
def test_empty_file(county, text):
    county.write("donghu-zhen.yaml", text)
    result = county.lint(select=["GK103"])
    assert codes_at(result) == ["GK103 1:1"]
    assert "为空" in result.problems[0].message


@pytest.mark.parametrize("text", ["- name: 低保审核信息\n", "东湖镇人民政府\n", "42\n"])
def test_top_level_not_a_mapping(county, text):
    county.write("donghu-zhen.yaml", text)
    result = county.lint(select=["GK103"])
    assert codes_at(result) == ["GK103 1:1"]
    assert "映射" in result.problems[0].message


def test_missing_unit(county):
    county.write("donghu-zhen.yaml", "reviewed: 2026-06-01\ndomains:\n  shehui-jiuzhu:\n" + GOOD_ITEM)
    result = county.lint(select=["GK103"])
    assert codes_at(result) == ["GK103 1:1"]
    assert "「unit」" in result.problems[0].message


@pytest.mark.parametrize("line", ["  name: 示例县东湖镇人民政府\n", "  kind: township\n"])
def test_missing_unit_key_is_reported_at_unit(county, line):
    text = "reviewed: 2026-06-01\n" + GOOD.replace("reviewed: 2026-06-01\n", "").replace(line, "")
    county.write("donghu-zhen.yaml", text)
    result = county.lint(select=["GK103"])
    assert codes_at(result) == ["GK103 2:1"]
    assert f"unit.{line.split(':')[0].strip()}" in result.problems[0].message


def test_without_a_unit_the_items_are_not_checked(check):
    text = "domains:\n  shehui-jiuzhu:\n" + GOOD_ITEM.replace("      basis: 《社会救助暂行办法》\n", "")
    assert check(text, select=["GK103", "GK2"]) == ["GK103 1:1"]


def test_catalog_without_domains_is_fine(check):
    assert check(GOOD_HEAD.replace("domains:\n  shehui-jiuzhu:\n", ""), select=["GK103"]) == []
