"""GK311 deadline-unrecognised: the deadline has no number of days, no 实时/及时/长期…, no period and no date."""

import pytest

from tests.conftest import GOOD_HEAD, GOOD_ITEM, codes_at


def with_deadline(deadline: str) -> str:
    return GOOD_HEAD + GOOD_ITEM.replace("信息形成或者变更之日起20个工作日内", deadline)


def test_clean_item(check):
    assert check(GOOD_HEAD + GOOD_ITEM, select=["GK311"]) == []


@pytest.mark.parametrize(
    "deadline",
    [
        "信息形成或者变更之日起20个工作日内",
        "自该政府信息形成或者变更之日起20个工作日内予以公开",
        "信息形成或者变更之日起20个工作日内。法律、法规对政府信息公开的期限另有规定的，从其规定。",
        "制定或获取信息之日起10个工作日内",
        "收到征地批准文件之日起10个工作日内公开",
        "作出决定之日起7个工作日内",
        "部门预算经本级财政部门批复后20日内公开",
        "自收到申请之日起20个工作日内",
        "1.除处罚决定外其他内容：长期公开（动态调整）；2.处罚决定：20个工作日内。",
        "实时公开",
        "实时",
        "及时公开",
        "按进展情况及时公开",
        "长期公开",
        "永久公开",
        "随时公布",
        "每季度",
        "每半年",
        "每年1月31日前",
        "每季度的首个月20日",
        "3月底前",
        "提前一周发通知邀请",
        "20工作日",
        "20个工作日；",
        '"10\u3000个\u3000工作日内"',
        "10 个 工作日内",
        "２０个工作日内",
        "二十个工作日内",
    ],
)
def test_recognised_deadlines(check, deadline):
    assert check(with_deadline(deadline), select=["GK311"]) == []


def test_an_unrecognised_deadline_is_a_warning_at_the_deadline(county):
    county.write("donghu-zhen.yaml", with_deadline("按规定"))
    result = county.lint(select=["GK311"])
    assert codes_at(result) == ["GK311 11:7"]
    problem = result.problems[0]
    assert problem.severity == "warning"
    assert "「按规定」" in problem.message and "20个工作日内" in problem.message
    assert (problem.element, problem.item) == ("deadline", "低保审核信息")


@pytest.mark.parametrize("deadline", ["按规定", "尽快", "按规定时限", "动态更新", "根据工作进度公开", "第三季度"])
def test_unrecognised_deadlines(check, deadline):
    assert check(with_deadline(deadline), select=["GK311"]) == ["GK311 11:7"]


@pytest.mark.parametrize("deadline", ["同上", "无", "待定", "''"])
def test_placeholder_or_empty_deadline_is_left_to_gk204(check, deadline):
    assert check(with_deadline(deadline), select=["GK204", "GK311"]) == ["GK204 11:7"]
