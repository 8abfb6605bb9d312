"""GK110 unused-suppression, and inline suppression itself: `# gongkai: ignore[CODE, …] reason` at the end of
the reported line silences exactly those codes on exactly that line."""

import pytest

from tests.conftest import GOOD_HEAD, GOOD_ITEM

NO_BASIS = GOOD_ITEM.replace("      basis: 《社会救助暂行办法》\n", "")
"""GK203 at 7:7, the item's first line; GK305 at 14:7 once the channel is unknown."""
UNKNOWN_CHANNEL = "channel: [政府网站, 乡村大喇叭]"


def at_item(comment: str, item: str = NO_BASIS) -> str:
    return GOOD_HEAD + item.replace("    - category: 最低生活保障\n", f"    - category: 最低生活保障   {comment}\n", 1)


def test_the_problem_unsuppressed(check):
    assert check(GOOD_HEAD + NO_BASIS) == ["GK203 7:7"]


def test_a_suppression_on_the_reported_line_silences_it(check):
    assert check(at_item("# gongkai: ignore[GK203] 依据待县民政局确认")) == []


def test_several_codes_comma_separated(check):
    item = NO_BASIS.replace("      deadline: 信息形成或者变更之日起20个工作日内\n", "")
    assert check(GOOD_HEAD + item) == ["GK203 7:7", "GK204 7:7"]
    assert check(at_item("# gongkai: ignore[GK203,GK204]", item)) == []
    assert check(at_item("#gongkai: ignore[ gk204 , GK203 ] 待补充", item)) == []
    assert check(at_item("# gongkai: ignore[GK204]", item)) == ["GK203 7:7"]


def test_another_line_is_not_silenced(check):
    item = NO_BASIS.replace("channel: [政府网站, 便民服务站]", UNKNOWN_CHANNEL)
    assert check(at_item("# gongkai: ignore[GK203, GK305]", item)) == ["GK110 7:26", "GK305 13:23"]
    on_its_line = item.replace(UNKNOWN_CHANNEL, f"{UNKNOWN_CHANNEL}  # gongkai: ignore[GK305] 本镇特有渠道")
    assert check(GOOD_HEAD + on_its_line) == ["GK203 7:7"]


def test_only_that_code(check):
    assert check(at_item("# gongkai: ignore[GK204]")) == ["GK203 7:7", "GK110 7:26"]


def test_only_that_line(check):
    name = "      name: 低保审核信息\n"
    text = (GOOD_HEAD + NO_BASIS).replace(name, name.replace("\n", "  # gongkai: ignore[GK203]\n"))
    assert check(text) == ["GK203 7:7", "GK110 8:21"]


def test_unused_suppression_messages(county):
    county.write("donghu-zhen.yaml", at_item("# gongkai: ignore[GK203, GK999, ]", GOOD_ITEM))
    result = county.lint()
    assert [(p.code, p.line, p.severity) for p in result.problems] == [("GK110", 7, "warning")] * 2
    unknown, unused = sorted(p.message for p in result.problems)
    assert "这一行没有 GK203 问题" in unused and "unused suppression of GK203" in unused
    assert "「GK999」不存在" in unknown


def test_a_suppression_without_a_code(check):
    assert check(at_item("# gongkai: ignore[]", GOOD_ITEM)) == ["GK110 7:26"]


def test_a_code_whose_rule_did_not_run_is_not_called_unused(check):
    assert check(at_item("# gongkai: ignore[GK601]", GOOD_ITEM), select=["GK2", "GK110"]) == []


def test_gk110_can_be_ignored_like_any_rule(check):
    assert check(at_item("# gongkai: ignore[GK204]", GOOD_ITEM), select=["GK2"]) == []


@pytest.mark.parametrize(
    "line",
    [
        '      name: "低保审核信息 # gongkai: ignore[GK203]"',
        "      name: '低保审核信息 # gongkai: ignore[GK203]'",
        "      name: 低保审核信息#gongkai:ignore[GK203]",  # no space before #: part of the plain value
    ],
)
def test_a_marker_inside_a_value_is_not_a_suppression(check, line):
    head = "    - category: 最低生活保障\n      name: 低保审核信息\n"
    text = (GOOD_HEAD + NO_BASIS).replace(head, f"    -\n{line}\n")
    assert check(text) == ["GK203 8:7"]


def test_a_marker_inside_a_block_scalar_is_content(check):
    content = "      content: |\n        名单 # gongkai: ignore[GK203]\n        另起一行\n"
    text = (GOOD_HEAD + NO_BASIS).replace("      content: 初审对象名单及相关信息（公示7个工作日）\n", content)
    assert check(text) == ["GK203 7:7"]


def test_a_suppression_after_another_comment_on_the_line(check):
    """GK601 (no review date) is reported at 1:1, which is the modeline in a formatted catalog."""
    text = (
        "# yaml-language-server: $schema=../schemas/catalog.schema.json\n"
        + GOOD_HEAD.replace("reviewed: 2026-06-01\n", "")
        + GOOD_ITEM
    )
    assert "GK601 1:1" in check(text)
    silenced = text.replace(".schema.json\n", ".schema.json  # gongkai: ignore[GK601] 首次评估在明年\n", 1)
    assert "GK601 1:1" not in check(silenced) and not any(c.startswith("GK110") for c in check(silenced))
