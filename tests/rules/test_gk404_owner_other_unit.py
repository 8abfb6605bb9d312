"""GK404 owner-other-unit: the owner names another unit of the county, or a template's generic wording."""

import pytest

from tests.conftest import codes_at
from tests.rules.audit_fixtures import catalog, item


@pytest.mark.parametrize("owner", ["示例县民政局", "县民政局"])
def test_another_units_name_is_reported(county, owner):
    county.write(
        "minzheng-ju.yaml",
        catalog("示例县民政局", "department", item("x", owner="示例县民政局", level="[县级]")).replace(
            "unit:\n", "unit:\n  short: 县民政局\n"
        ),
    )
    county.write("donghu-zhen.yaml", catalog("示例县东湖镇人民政府", "township", item("低保审核信息", owner=owner)))
    result = county.lint(
        [county.root / "catalogs" / "donghu-zhen.yaml", county.root / "catalogs" / "minzheng-ju.yaml"], select=["GK404"]
    )
    assert codes_at(result) == ["GK404 11:7"]
    assert "示例县民政局" in result.problems[0].message


@pytest.mark.parametrize("owner", ["县级政府民政部门", "乡镇政府（街道办事处）", "××县民政局"])
def test_generic_owners_are_reported(check, owner):
    assert check(catalog("示例县东湖镇人民政府", "township", item("低保审核信息", owner=owner)), select=["GK404"]) == [
        "GK404 11:7"
    ]


@pytest.mark.parametrize("owner", ["示例县东湖镇人民政府", "示例县东湖镇中心学校"])
def test_own_name_or_a_sub_body_is_fine(check, owner):
    assert check(catalog("示例县东湖镇人民政府", "township", item("低保审核信息", owner=owner)), select=["GK404"]) == []
