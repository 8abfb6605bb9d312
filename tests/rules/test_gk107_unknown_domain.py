"""GK107 unknown-domain: a domain id that is not in the county's `domains/`; the message suggests the id for a
Chinese name, a variant or a near spelling."""

import pytest

from tests.conftest import GOOD_HEAD, GOOD_ITEM, codes_at


def catalog(domain: str) -> str:
    return GOOD_HEAD.replace("shehui-jiuzhu", domain) + GOOD_ITEM


@pytest.mark.parametrize("domain", ["shehui-jiuzhu", "yiwu-jiaoyu", "huji-guanli", "yiliao-weisheng"])
def test_pilot_domain_ids(check, domain):
    assert check(catalog(domain), select=["GK107"]) == []


def test_chinese_name_suggests_the_id(county):
    county.write("donghu-zhen.yaml", catalog("义务教育"))
    result = county.lint(select=["GK107"])
    assert codes_at(result) == ["GK107 6:3"]
    problem = result.problems[0]
    assert "「义务教育」" in problem.message
    assert "did you mean yiwu-jiaoyu?" in problem.message
    assert problem.domain == "义务教育"


@pytest.mark.parametrize(
    ("written", "meant"),
    [
        ("义务教育领域", "yiwu-jiaoyu"),
        ("社会救助", "shehui-jiuzhu"),
        ("就业", "jiuye-chuangye"),
        ("生态环境", "huanjing-baohu"),
        ("卫生健康", "yiliao-weisheng"),
        ("户政", "huji-guanli"),
        ("yiwu_jiaoyu", "yiwu-jiaoyu"),
        ("yiwujiaoyu", "yiwu-jiaoyu"),
        ("Yiwu-Jiaoyu", "yiwu-jiaoyu"),
    ],
)
def test_variants_and_misspellings_suggest_the_id(county, written, meant):
    county.write("donghu-zhen.yaml", catalog(written))
    result = county.lint(select=["GK107"])
    assert codes_at(result) == ["GK107 6:3"]
    assert f"did you mean {meant}?" in result.problems[0].message


def test_unknown_name_without_a_guess(county):
    county.write("donghu-zhen.yaml", catalog("概况信息"))
    result = county.lint(select=["GK107"])
    assert codes_at(result) == ["GK107 6:3"]
    assert "did you mean" not in result.problems[0].message


def test_county_may_add_its_own_domain(county):
    county.write("gaikuang-xinxi.yaml", "id: gaikuang-xinxi\nname: 概况信息\n", folder="domains")
    county.write("donghu-zhen.yaml", catalog("gaikuang-xinxi"))
    assert codes_at(county.lint(select=["GK107"])) == []


def test_second_domain_reported_at_its_key(check):
    text = GOOD_HEAD + GOOD_ITEM + "  义务教育:\n" + GOOD_ITEM
    assert check(text, select=["GK107"]) == ["GK107 17:3"]


def test_empty_unknown_domain_is_still_reported(check):
    assert check(GOOD_HEAD.replace("shehui-jiuzhu", "zzz"), select=["GK107"]) == ["GK107 6:3"]
