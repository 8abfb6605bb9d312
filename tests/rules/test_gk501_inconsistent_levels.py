"""GK501 inconsistent-levels: the same item at the county and a township (or a township and its village) with
different content, basis or deadline, reported at the lower level's item."""

from tests.conftest import codes_at
from tests.rules.audit_fixtures import catalog, item

DEPARTMENT = catalog("示例县民政局", "department", item("低保审核信息", owner="示例县民政局", level="[县级]"))


def lint(county, *files: tuple[str, str]) -> list[str]:
    for name, text in files:
        county.write(name, text)
    return county.lint(select=["GK501"])


def test_a_different_basis_is_reported_at_the_township(county):
    township = catalog("示例县东湖镇人民政府", "township", item("低保审核信息", basis="《城市居民最低生活保障条例》"))
    result = lint(county, ("minzheng-ju.yaml", DEPARTMENT), ("donghu-zhen.yaml", township))
    assert codes_at(result) == ["GK501 7:7"]
    assert result.problems[0].unit == "donghu-zhen"
    assert "示例县民政局" in result.problems[0].message and "minzheng-ju.yaml 第 7 行" in result.problems[0].message
    assert "「公开依据」" in result.problems[0].message


def test_two_wordings_of_the_same_deadline_agree(county):
    township = catalog(
        "示例县东湖镇人民政府", "township", item("低保审核信息", deadline="信息形成（变更）之日起20个工作日内")
    )
    assert codes_at(lint(county, ("minzheng-ju.yaml", DEPARTMENT), ("donghu-zhen.yaml", township))) == []


def test_a_different_time_limit_is_reported(county):
    township = catalog("示例县东湖镇人民政府", "township", item("低保审核信息", deadline="信息形成之日起10个工作日内"))
    assert codes_at(lint(county, ("minzheng-ju.yaml", DEPARTMENT), ("donghu-zhen.yaml", township))) == ["GK501 7:7"]


def test_a_village_is_compared_with_its_own_township_only(county):
    township = catalog("示例县东湖镇人民政府", "township", item("低保对象名单"))
    village = catalog(
        "东桥村",
        "village",
        item("低保对象名单", basis="《中华人民共和国村民委员会组织法》", level="[村级]"),
        parent="donghu-zhen",
    )
    other = catalog(
        "西山乡东坡村", "village", item("低保对象名单", basis="《另一个文件》", level="[村级]"), parent="xishan-xiang"
    )
    result = lint(county, ("donghu-zhen.yaml", township), ("dongqiao-cun.yaml", village), ("dongpo-cun.yaml", other))
    assert [(p.unit, p.line) for p in result.problems] == [("dongqiao-cun", 8)]


def test_two_townships_are_not_compared(county):
    one = catalog("东湖镇", "township", item("低保审核信息"))
    two = catalog("西山乡", "township", item("低保审核信息", basis="《另一个文件》"))
    assert codes_at(lint(county, ("donghu-zhen.yaml", one), ("xishan-xiang.yaml", two))) == []


def test_same_as_links_differently_named_items(county):
    township = catalog(
        "示例县东湖镇人民政府",
        "township",
        item("低保审核公示", basis="《另一个文件》", extra="      same_as: minzheng-ju/低保审核信息\n"),
    )
    assert codes_at(lint(county, ("minzheng-ju.yaml", DEPARTMENT), ("donghu-zhen.yaml", township))) == ["GK501 7:7"]
