"""GK401 guide-item-missing: a township lacks a guide item expected at 乡级 (names matched tolerantly)."""

from tests.conftest import codes_at
from tests.rules.audit_fixtures import catalog, item, with_guide


def test_missing_guide_item_is_reported_at_the_domain(county):
    with_guide(county)
    county.write("donghu-zhen.yaml", catalog("示例县东湖镇人民政府", "township", item("低保审核信息")))
    result = county.lint(select=["GK401"])
    assert codes_at(result) == ["GK401 6:3"]
    assert "临时救助 / 临时救助审批信息" in result.problems[0].message


def test_items_for_another_level_are_not_expected(county):
    with_guide(county)
    text = catalog("示例县东湖镇人民政府", "township", item("低保审核信息"), item("临时救助审批信息"))
    county.write("donghu-zhen.yaml", text)
    assert codes_at(county.lint(select=["GK401"])) == []  # 低保审批信息 is 县级 only


def test_punctuation_and_a_near_name_count_as_covered(county):
    with_guide(county)
    text = catalog("示例县东湖镇人民政府", "township", item("低保审核（信息）"), item("临时救助审批公示信息"))
    county.write("donghu-zhen.yaml", text)
    assert codes_at(county.lint(select=["GK401"])) == []


def test_a_somewhat_similar_name_is_offered_as_did_you_mean(county):
    with_guide(county)
    text = catalog("示例县东湖镇人民政府", "township", item("低保审核信息"), item("临时救助名单"))
    county.write("donghu-zhen.yaml", text)
    (problem,) = county.lint(select=["GK401"]).problems
    assert "是否就是本单位的「临时救助名单」" in problem.message


def test_a_domain_without_a_guide_expects_nothing(check):
    assert check(catalog("示例县东湖镇人民政府", "township", item("低保审核信息")), select=["GK401"]) == []
