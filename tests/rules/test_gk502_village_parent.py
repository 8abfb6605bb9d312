"""GK502 village-parent: a village's parent must be a township of the county."""

from tests.conftest import codes_at
from tests.rules.audit_fixtures import catalog, item

VILLAGE_ITEM = item("低保对象名单", level="[村级]")


def test_village_without_parent_is_reported_at_the_unit(county):
    county.write("dongqiao-cun.yaml", catalog("东桥村", "village", VILLAGE_ITEM))
    assert codes_at(county.lint(select=["GK502"])) == ["GK502 1:1"]


def test_unknown_parent_and_a_department_parent_are_reported_at_the_parent(county):
    county.write("minzheng-ju.yaml", catalog("示例县民政局", "department", item("x", level="[县级]")))
    county.write("dongqiao-cun.yaml", catalog("东桥村", "village", VILLAGE_ITEM, parent="minzheng-ju"))
    county.write("xiqiao-cun.yaml", catalog("西桥村", "village", VILLAGE_ITEM, parent="nowhere"))
    result = county.lint(select=["GK502"])
    assert [(p.unit, p.line, p.column) for p in result.problems] == [("dongqiao-cun", 4, 3), ("xiqiao-cun", 4, 3)]


def test_a_township_parent_is_fine(county):
    county.write("donghu-zhen.yaml", catalog("东湖镇", "township", item("x")))
    county.write("dongqiao-cun.yaml", catalog("东桥村", "village", VILLAGE_ITEM, parent="donghu-zhen"))
    assert codes_at(county.lint(select=["GK502"])) == []
