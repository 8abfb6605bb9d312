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


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("name: 低保审核信息", "name: 同上", "GK201 8:7"),  # 同上 only means something in a spreadsheet
        ("owner: 示例县东湖镇人民政府", "owner: ——", "GK205 12:7"),
        ("audience: 全社会", "audience: N/A", "GK208 15:7"),
        ("[政府网站, 便民服务站]", "[无]", "GK207 14:7"),
        ("[政府网站, 便民服务站]", "[/, 待定]", "GK207 14:7"),
    ],
)
def test_placeholders_seen_in_real_catalogs(check, old, new, expected):
    assert check(GOOD_HEAD + GOOD_ITEM.replace(old, new), select=["GK2"]) == [expected]


def test_placeholder_message_quotes_it(county):
    county.write("donghu-zhen.yaml", GOOD_HEAD + GOOD_ITEM.replace("name: 低保审核信息", "name: 同上"))
    message = county.lint(select=["GK2"]).problems[0].message
    assert "「同上」" in message and "事项名称" in message


def test_blank_block_scalar_is_empty(check):
    text = GOOD_HEAD + GOOD_ITEM.replace("content: 初审对象名单及相关信息（公示7个工作日）", "content: |\n        \n")
    assert check(text, select=["GK2"]) == ["GK202 9:7"]


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("[政府网站, 便民服务站]", '["", 政府网站]'),  # one real channel is enough
        ("owner: 示例县东湖镇人民政府", "owner: 无（由县民政局公开）"),  # text that starts with 无 is not 无
    ],
)
def test_not_placeholders(check, old, new):
    assert check(GOOD_HEAD + GOOD_ITEM.replace(old, new), select=["GK2"]) == []
