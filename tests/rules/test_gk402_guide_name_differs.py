"""GK402 guide-name-differs: an item only nearly named like its guide item; reported at its name."""

from tests.conftest import codes_at
from tests.rules.audit_fixtures import catalog, item, with_guide


def test_near_name_is_reported_at_the_name(county):
    with_guide(county)
    text = catalog("示例县东湖镇人民政府", "township", item("低保审核信息"), item("临时救助审批公示信息"))
    county.write("donghu-zhen.yaml", text)
    result = county.lint(select=["GK402"])
    assert codes_at(result) == ["GK402 16:7"]
    assert "「临时救助审批信息」" in result.problems[0].message


def test_exact_names_are_not_reported(county):
    with_guide(county)
    text = catalog("示例县东湖镇人民政府", "township", item("低保审核信息"), item("临时救助审批信息"))
    county.write("donghu-zhen.yaml", text)
    assert codes_at(county.lint(select=["GK402"])) == []


def test_an_exact_item_is_not_also_a_near_match_for_another(county):
    with_guide(county)
    county.write("minzheng-ju.yaml", catalog("示例县民政局", "department", item("低保审核信息", level="[县级]")))
    assert codes_at(county.lint(select=["GK402"])) == []  # not taken for 低保审批信息 (0.83 similar)
