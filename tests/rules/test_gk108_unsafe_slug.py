"""GK108 unsafe-slug: the catalog's file name is not lowercase ASCII letters, digits and single hyphens (≤ 64)."""

import pytest

from tests.conftest import GOOD_HEAD, GOOD_ITEM, codes_at

GOOD = GOOD_HEAD + GOOD_ITEM


@pytest.mark.parametrize("slug", ["donghu-zhen", "xian-minzheng-ju", "cun-2", "a" * 64])
def test_safe_slugs(check, slug):
    assert check(GOOD, select=["GK108"], slug=slug) == []


def test_chinese_file_name(county):
    county.write("东湖镇.yaml", GOOD)
    result = county.lint(select=["GK108"])
    assert codes_at(result) == ["GK108 1:1"]
    assert "「东湖镇」" in result.problems[0].message and "donghu-zhen" in result.problems[0].message
    assert result.problems[0].unit == "东湖镇"


@pytest.mark.parametrize(
    "slug", ["Donghu Zhen", "Donghu-zhen", "donghu_zhen", "donghu--zhen", "-donghu", "donghu-", "x.y", "a" * 65]
)
def test_unsafe_slugs(check, slug):
    assert check(GOOD, select=["GK108"], slug=slug) == ["GK108 1:1"]


def test_yml_suffix_is_a_catalog_too(county):
    county.write("donghu-zhen.yml", GOOD)
    assert codes_at(county.lint(select=["GK108"])) == []


def test_reported_even_for_a_file_that_does_not_parse(check):
    assert check("unit: [\n", select=["GK101", "GK108"], slug="东湖镇") == ["GK108 1:1", "GK101 2:1"]
