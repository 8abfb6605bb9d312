"""GK104 unknown-key: a key the format does not know; the message suggests the nearest known key, also for the
elements' Chinese names."""

import pytest

from tests.conftest import GOOD_HEAD, GOOD_ITEM, codes_at

GOOD = GOOD_HEAD + GOOD_ITEM


def lint_one(county, text, select=("GK104",)):
    county.write("donghu-zhen.yaml", text)
    return county.lint(select=list(select))


def test_clean_catalog(check):
    assert check(GOOD, select=["GK104"]) == []


def test_typo_suggests_the_key(county):
    result = lint_one(county, GOOD.replace("      basis:", "      basic:"))
    assert codes_at(result) == ["GK104 10:7"]
    assert "「basic」" in result.problems[0].message
    assert "did you mean basis?" in result.problems[0].message


def test_misspelt_element_is_also_missing(county):
    result = lint_one(county, GOOD.replace("      basis:", "      basic:"), select=["GK104", "GK203"])
    assert codes_at(result) == ["GK203 7:7", "GK104 10:7"]


@pytest.mark.parametrize(
    ("chinese", "key"),
    [("公开依据", "basis"), ("依据", "basis"), ("公开时限", "deadline"), ("公开渠道和载体", "channel")],
)
def test_chinese_element_name_suggests_the_key(county, chinese, key):
    english = f"      {key}:"
    result = lint_one(county, GOOD.replace(english, f"      {chinese}:"))
    assert len(result.problems) == 1 and result.problems[0].code == "GK104"
    assert f"是否想写「{key}」" in result.problems[0].message
    assert f"did you mean {key}?" in result.problems[0].message


def test_top_level_typo(county):
    result = lint_one(county, GOOD + "reviwed: 2026-01-01\n")
    assert codes_at(result) == ["GK104 17:1"]
    assert "did you mean reviewed?" in result.problems[0].message


def test_unit_typo(county):
    result = lint_one(county, GOOD.replace("  kind: township\n", "  kind: township\n  contct: 0123-4567890\n"))
    assert codes_at(result) == ["GK104 4:3"]
    assert "did you mean contact?" in result.problems[0].message


def test_withheld_typo(county):
    text = GOOD + "withheld:\n  - name: 个人隐私\n    basic: 《中华人民共和国政府信息公开条例》第十五条\n"
    result = lint_one(county, text)
    assert codes_at(result) == ["GK104 19:5"]
    assert "did you mean basis?" in result.problems[0].message


def test_no_near_key_lists_the_known_keys(county):
    result = lint_one(county, GOOD.replace("  kind: township\n", "  kind: township\n  phone: 0123-4567890\n"))
    assert codes_at(result) == ["GK104 4:3"]
    message = result.problems[0].message
    assert "did you mean" not in message
    assert "name、short、kind、parent、contact" in message


def test_unknown_key_does_not_hide_the_rest_of_the_item(check):
    text = GOOD.replace("      owner:", "      remark: 备注\n      owner:").replace(
        "信息形成或者变更之日起20个工作日内", "无"
    )
    assert check(text, select=["GK104", "GK2"]) == ["GK204 11:7", "GK104 12:7"]
