"""GK201–GK208: each of the eight elements missing, empty, blank or a placeholder."""

import pytest

from tests.conftest import GOOD_HEAD, GOOD_ITEM


def test_clean_item_has_no_problem(check):
    assert check(GOOD_HEAD + GOOD_ITEM, select=["GK2"]) == []


def test_missing_basis_is_reported_at_the_item(check):
    text = GOOD_HEAD + GOOD_ITEM.replace("      basis: 《社会救助暂行办法》\n", "")
    assert check(text, select=["GK2"]) == ["GK203 7:7"]


@pytest.mark.parametrize("value", ["", "''", "'   '", "'\u3000'", "无", "/", "待定", "略", "TBD", "'-'"])
def test_empty_or_placeholder_deadline_is_reported_at_its_key(check, value):
    text = GOOD_HEAD + GOOD_ITEM.replace("信息形成或者变更之日起20个工作日内", value)
    assert check(text, select=["GK2"]) == ["GK204 11:7"]


def test_empty_channel_list(check):
    text = GOOD_HEAD + GOOD_ITEM.replace("[政府网站, 便民服务站]", "[]")
    assert check(text, select=["GK2"]) == ["GK207 14:7"]


def test_every_element_missing_gives_eight_problems(check):
    text = GOOD_HEAD + "    - category: 最低生活保障\n"
    assert check(text, select=["GK2"]) == [f"GK20{n} 7:7" for n in range(1, 9)]
