"""GK106 duplicate-item: two items of one unit with the same identity (domain + name, or `id:`)."""

import pytest

from tests.conftest import GOOD_HEAD, GOOD_ITEM, codes_at

GOOD = GOOD_HEAD + GOOD_ITEM
SAME_NAME = GOOD_ITEM.replace("初审对象名单及相关信息（公示7个工作日）", "审批对象名单")
OTHER_NAME = SAME_NAME.replace("低保审核信息", "低保审批信息")


def with_id(item: str, identity: str) -> str:
    return item.replace("    - category:", f"    - id: {identity}\n      category:")


def test_distinct_names(check):
    assert check(GOOD + OTHER_NAME, select=["GK106"]) == []


def test_same_name_twice_is_reported_at_the_second_item(county):
    county.write("donghu-zhen.yaml", GOOD + SAME_NAME)
    result = county.lint(select=["GK106"])
    assert codes_at(result) == ["GK106 17:7"]
    problem = result.problems[0]
    assert "「低保审核信息」" in problem.message and "第 7 行" in problem.message
    assert (problem.domain, problem.item) == ("shehui-jiuzhu", "低保审核信息")


def test_three_times_gives_two_problems_pointing_at_the_first(county):
    county.write("donghu-zhen.yaml", GOOD + SAME_NAME + SAME_NAME)
    result = county.lint(select=["GK106"])
    assert codes_at(result) == ["GK106 17:7", "GK106 27:7"]
    assert all("第 7 行" in p.message for p in result.problems)


@pytest.mark.parametrize("name", ['"低保审核信息\u3000"', '" 低保审核信息 "'])
def test_spaces_around_the_name_do_not_make_it_new(check, name):
    text = GOOD + SAME_NAME.replace("name: 低保审核信息", f"name: {name}")
    assert check(text, select=["GK106"]) == ["GK106 17:7"]


def test_same_name_in_two_domains_is_fine(check):
    assert check(GOOD + "  yanglao-fuwu:\n" + GOOD_ITEM, select=["GK106"]) == []


def test_same_name_in_two_units_is_fine(county):
    county.write("donghu-zhen.yaml", GOOD)
    county.write("xihu-zhen.yaml", GOOD)
    assert codes_at(county.lint(select=["GK106"])) == []


def test_id_overrides_the_name(check):
    assert check(GOOD + with_id(SAME_NAME, "dibao-shenpi"), select=["GK106"]) == []


def test_id_equal_to_another_items_name(check):
    assert check(GOOD + with_id(OTHER_NAME, "低保审核信息"), select=["GK106"]) == ["GK106 17:7"]


def test_items_without_a_name_are_left_to_gk201(check):
    text = GOOD_HEAD + "    - content: 初审对象名单\n    - content: 审批对象名单\n"
    assert check(text, select=["GK106", "GK201"]) == ["GK201 7:7", "GK201 8:7"]


def test_duplicates_after_a_wrongly_typed_item_keep_their_place(check):
    broken = GOOD.replace("level: [乡级]", "level: {乡级: 是}")
    assert check(broken + OTHER_NAME + OTHER_NAME, select=["GK105", "GK106"]) == ["GK105 16:7", "GK106 27:7"]
