"""GK301–GK305: method, audience, level, stage and channel outside their vocabularies. Known variants are
normalised on load and never reported; the message names the nearest known value."""

import pytest

from gongkai.model.project import load_project
from tests.conftest import GOOD_HEAD, GOOD_ITEM, codes_at

GOOD = GOOD_HEAD + GOOD_ITEM


def item(old: str, new: str) -> str:
    return GOOD_HEAD + GOOD_ITEM.replace(old, new)


def lint_one(county, text, select=("GK3",)):
    county.write("donghu-zhen.yaml", text)
    return county.lint(select=list(select))


def test_clean_item(check):
    assert check(GOOD, select=["GK3"]) == []


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("method: 主动", "method: 依申请公开"),
        ("method: 主动", "method: 主动公开"),
        ("method: 主动", "method: 主 动"),
        ("method: 主动", "method: [主动, 依申请]"),
        ("method: 主动", "method: 主动、依申请公开"),
        ("audience: 全社会", "audience: 特定群众"),
        ("audience: 全社会", "audience: [全社会, 特定对象]"),
        ("level: [乡级]", "level: [镇级]"),
        ("level: [乡级]", "level: 街道"),
        ("level: [乡级]", "level: [区级, 镇（街）级, 村（居）级]"),
        ("level: [乡级]", "level: [乡级]\n      stage: 结果公开"),
        ("[政府网站, 便民服务站]", "[门户网站, 政务新媒体, 社区/企事业单位/村公示栏(电子屏)]"),
        ("[政府网站, 便民服务站]", "政府网站、两微一端、公示栏"),
        ("[政府网站, 便民服务站]", "[12345政务服务热线, 便民服务中心, 报刊]"),
    ],
)
def test_known_variants_are_normalised_and_not_reported(check, old, new):
    assert check(item(old, new), select=["GK3"]) == []


def test_variants_are_normalised_in_the_model(county):
    county.write("donghu-zhen.yaml", item("method: 主动", "method: 依申请公开").replace("[乡级]", "[镇级]"))
    catalog = load_project(county.root).catalogs[0].catalog
    entry = catalog.domains["shehui-jiuzhu"][0]
    assert (entry.method, entry.level) == (["依申请"], ["乡级"])


def test_method_gongkai_alone_is_an_error_with_a_hint(county):
    result = lint_one(county, item("method: 主动", "method: 公开"))
    assert codes_at(result) == ["GK301 13:7"]
    problem = result.problems[0]
    assert problem.severity == "error"
    assert "「公开」" in problem.message and "最接近的是「" in problem.message
    assert "可用：主动、依申请" in problem.message


def test_unknown_value_in_a_list_is_reported_at_the_value(check):
    assert check(item("method: 主动", "method: [主动, 不公开]"), select=["GK3"]) == ["GK301 13:20"]


def test_unknown_audience(county):
    result = lint_one(county, item("audience: 全社会", "audience: 申请人"))
    assert codes_at(result) == ["GK302 15:7"]
    assert result.problems[0].severity == "error"
    assert "可用：全社会、特定群体" in result.problems[0].message


def test_level_outside_the_county(county):
    result = lint_one(county, item("level: [乡级]", "level: [县级, 省级]"))
    assert codes_at(result) == ["GK303 16:19"]
    assert "「省级」" in result.problems[0].message


def test_unknown_stage(check):
    assert check(item("level: [乡级]", "level: [乡级]\n      stage: 监督"), select=["GK3"]) == ["GK304 17:7"]


def test_unknown_channel_is_a_warning_at_the_channel(county):
    result = lint_one(county, item("[政府网站, 便民服务站]", "[政府网站, 乡村大喇叭]"))
    assert codes_at(result) == ["GK305 14:23"]
    problem = result.problems[0]
    assert problem.severity == "warning"
    assert "「乡村大喇叭」" in problem.message
    assert result.exit_code() == 0


def test_near_channel_is_suggested(county):
    result = lint_one(county, item("[政府网站, 便民服务站]", "[政府网]"))
    assert codes_at(result) == ["GK305 14:17"]
    assert "最接近的是「政府网站」" in result.problems[0].message


def test_unknown_channel_in_text_is_reported_at_the_key(check):
    text = item("[政府网站, 便民服务站]", "政府网站、乡村大喇叭")
    assert check(text, select=["GK3"]) == ["GK305 14:7"]


def test_each_unknown_value_is_reported(check):
    text = item("[政府网站, 便民服务站]", "[乡村大喇叭, 政府网站, 村村响]").replace("全社会", "群众")
    assert check(text, select=["GK3"]) == ["GK305 14:17", "GK305 14:30", "GK302 15:7"]


def test_empty_value_is_left_to_gk20x(check):
    assert check(item("method: 主动", "method: ''"), select=["GK2", "GK3"]) == ["GK206 13:7"]


def test_unknown_channel_after_a_repeated_one_keeps_its_place(check):
    text = item("[政府网站, 便民服务站]", "[政府网站, 门户网站, 乡村大喇叭]")
    assert check(text, select=["GK3"]) == ["GK305 14:29"]


def test_unquoted_12345_is_the_hotline(check):
    assert check(item("[政府网站, 便民服务站]", "[政府网站, 12345]"), select=["GK3"]) == []


def test_quoted_12345_is_the_hotline(check):
    assert check(item("[政府网站, 便民服务站]", "[政府网站, '12345']"), select=["GK3"]) == []
