"""The loader (gongkai.load): 1-based positions, YAML 1.2 core scalars, guards, and decoding."""

from __future__ import annotations

import datetime as dt
import math
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from gongkai.load import MAX_DEPTH, MAX_FILE_BYTES, LoadError, Position, load, parse
from tests.conftest import GOOD_HEAD, GOOD_ITEM

CATALOG = GOOD_HEAD + GOOD_ITEM


def parsed(text: str) -> tuple[Any, dict, list]:
    positions: dict = {}
    issues: list = []
    return parse(text, positions, issues), positions, issues


def value(scalar: str) -> Any:
    return parsed(f"v: {scalar}\n")[0]["v"]


def load_error(text: str) -> LoadError:
    with pytest.raises(LoadError) as caught:
        parse(text, {}, [])
    return caught.value


# --- positions ----------------------------------------------------------------------------------------------------


def test_positions_of_keys_items_and_list_elements_are_1_based():
    _, positions, issues = parsed(CATALOG)
    assert issues == []
    item = ("domains", "shehui-jiuzhu", 0)
    assert positions[()] == Position(1, 1)
    assert positions[("unit",)] == Position(1, 1)
    assert positions[("unit", "kind")] == Position(3, 3)
    assert positions[("reviewed",)] == Position(4, 1)
    assert positions[("domains", "shehui-jiuzhu")] == Position(6, 3)
    assert positions[item] == Position(7, 7)  # the item: where its first key starts, after "- "
    assert positions[(*item, "basis")] == Position(10, 7)
    assert positions[(*item, "channel")] == Position(14, 7)
    assert positions[(*item, "channel", 0)] == Position(14, 17)
    assert positions[(*item, "channel", 1)] == Position(14, 23)  # columns count characters, not UTF-8 bytes
    assert positions[(*item, "level", 0)] == Position(16, 15)


REPO = Path(__file__).resolve().parents[1]
ODD_LAYOUTS = {
    "flow items": "domains:\n  d:\n    - {name: 甲, channel: [政府网站, 公开栏]}\n"
    "    - {name: 乙,\n       basis: 《条例》}\n",
    "items on one line": "domains:\n  d: [{name: 甲, level: [乡级]}, {name: 乙, level: [村级, 乡级]}]\n",
    "alias from another item": "domains:\n  d:\n    - name: 甲\n      channel: &c [政府网站]\n    - name: 乙\n"
    "      channel: *c\n      level: [乡级]\n",
    "comments and blank lines": "domains:\n  d:\n    # 注释\n    - name: 甲\n\n      # 注释\n      content: 内容\n"
    "  # 注释\n  e:\n  - name: 乙\n    content: |\n      第一行\n      第二行\n    basis: 依据\n",
    "crlf and multi-line text": "domains:\r\n  d:\r\n    - name: '甲\r\n        续'\r\n      content: >-\r\n"
    "        折叠\r\n        文字\r\n      owner: 镇\r\n",
    "duplicate key in an item": "domains:\n  d:\n    - name: 甲\n      name: 乙\n      channel: [a, b]\n",
}


@pytest.mark.parametrize("layout", [*ODD_LAYOUTS, "demo"])
def test_places_inside_items_found_later_are_those_a_full_parse_gives(layout, tmp_path):
    """A lint load keeps only the places outside items and finds those inside an item when asked: every one
    is where the full parse puts it, in every layout (and in the demo's catalogs)."""
    if layout == "demo":
        paths = sorted((REPO / "catalogs").glob("*.yaml"))
    else:
        paths = [tmp_path / "c.yaml"]
        paths[0].write_bytes(ODD_LAYOUTS[layout].encode())
    for path in paths:
        deep, shallow = load(path), load(path, deep=False)
        assert shallow.data == deep.data and shallow.issues == deep.issues
        assert len(shallow.positions) < len(deep.positions)
        for where, place in deep.positions.items():
            assert shallow.locate(where) == place, (path.name, where)


def test_positions_in_block_lists_and_flow_mappings():
    _, positions, _ = parsed("a:\n  - x\n  -   y\n  - {k: 1, 名: 2}\nb: [1, [2, 3]]\n")
    assert positions[("a", 0)] == Position(2, 5)
    assert positions[("a", 1)] == Position(3, 7)
    assert positions[("a", 2)] == Position(4, 5)
    assert positions[("a", 2, "名")] == Position(4, 12)
    assert positions[("b", 1, 1)] == Position(5, 12)


def test_locate_falls_back_to_the_nearest_known_ancestor(tmp_path):
    path = tmp_path / "x.yaml"
    path.write_text(CATALOG, encoding="utf-8")
    source = load(path)
    assert source.locate(("domains", "shehui-jiuzhu", 0, "basis")) == Position(10, 7)
    assert source.locate(("domains", "shehui-jiuzhu", 0, "nothing-here")) == Position(7, 7)
    assert source.locate(("domains", "nope", 3)) == Position(5, 1)
    assert source.locate(()) == Position(1, 1)


def test_syntax_error_position_is_1_based():
    error = load_error("unit:\n  name: [东湖镇\n  kind: township\n")
    assert error.issue.kind == "syntax"
    assert error.issue.position.line == 3
    assert error.issue.message.startswith("YAML 语法错误")


def test_tab_indentation_is_explained():
    error = load_error("unit:\n\tname: 东湖镇\n")
    assert error.issue.position == Position(2, 1)
    assert "制表符" in error.issue.message


# --- YAML 1.2 core scalars ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("scalar", "expected"),
    [
        ("yes", "yes"),
        ("no", "no"),
        ("on", "on"),
        ("off", "off"),
        ("y", "y"),
        ("N", "N"),
        ("0123-4567890", "0123-4567890"),
        ("2026-03-01", dt.date(2026, 3, 1)),
        ("2026-3-1", dt.date(2026, 3, 1)),
        ("2026-13-01", "2026-13-01"),
        ("2026-02-30", "2026-02-30"),
        ("~", None),
        ("null", None),
        ("Null", None),
        ("NULL", None),
        ("", None),
        ("nUll", "nUll"),
        ("true", True),
        ("True", True),
        ("FALSE", False),
        ("tRue", "tRue"),
        ("1.5", 1.5),
        ("-1.5e3", -1500.0),
        (".5", 0.5),
        ("123", 123),
        ("-7", -7),
        ("+3", 3),
        ("007", "007"),  # leading zeros: ids and phone numbers stay text
        ("1_000", "1_000"),
        ("12:30", "12:30"),
        ("１２", "１２"),
        ("0x", "0x"),
        ("-0o7", "-0o7"),
        ("20个工作日", "20个工作日"),
        (".inf", math.inf),
        ("-.Inf", -math.inf),
    ],
)
def test_core_schema_scalars(scalar, expected):
    result = value(scalar)
    assert result == expected
    assert type(result) is type(expected)


def test_nan():
    assert math.isnan(value(".nan"))


@pytest.mark.parametrize(("scalar", "expected"), [("0o17", 15), ("0x1F", 31)])
def test_core_schema_octal_and_hex(scalar, expected):
    assert value(scalar) == expected


@pytest.mark.parametrize(
    "scalar", ["'2026-03-01'", '"123"', "'yes'", '"~"', "'null'", '"true"', "'1.5'", "!!str 12", "! 12", "''"]
)
def test_quoted_or_str_tagged_scalars_stay_text(scalar):
    result = value(scalar)
    assert isinstance(result, str)


def test_explicit_core_tags_resolve():
    assert value("!!int 12") == 12
    assert value("!!null ~") is None


def test_keys_stay_text():
    data, _, _ = parsed("2026: a\nyes: b\n~: c\n")
    assert data == {"2026": "a", "yes": "b", "~": "c"}


# --- anchors and aliases ------------------------------------------------------------------------------------------


def test_anchors_and_aliases_for_small_reuse():
    text = (
        "owner: &owner 示例县东湖镇人民政府\n"
        "common: &common\n  method: 主动\n  channel: [政府网站]\n"
        "items:\n  - owner: *owner\n    extra: *common\n  - channels: &ch [便民服务站]\n    again: *ch\n"
    )
    data, positions, issues = parsed(text)
    assert issues == []
    assert data["items"][0] == {"owner": "示例县东湖镇人民政府", "extra": {"method": "主动", "channel": ["政府网站"]}}
    assert data["items"][1]["again"] == ["便民服务站"]
    assert positions[("items", 0, "extra")] == Position(7, 5)


def test_undefined_alias_is_an_error():
    error = load_error("a: *nope\n")
    assert error.issue.position == Position(1, 4)
    assert "nope" in error.issue.message


def test_alias_bomb_is_stopped_quickly():
    lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, 12):
        previous, name = chr(ord("a") + i - 1), chr(ord("a") + i)
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 9) + "]")
    start = time.perf_counter()
    error = load_error("\n".join(lines) + "\n")
    assert time.perf_counter() - start < 1
    assert "别名炸弹" in error.issue.message
    assert error.issue.position.line > 1


def test_alias_bomb_in_a_file_becomes_an_issue(tmp_path):
    lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"{chr(98 + i)}: &{chr(98 + i)} [" + ", ".join([f"*{chr(97 + i)}"] * 10) + "]" for i in range(9)]
    path = tmp_path / "bomb.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    start = time.perf_counter()
    source = load(path)
    assert time.perf_counter() - start < 1
    assert not source.readable
    assert [i.kind for i in source.issues] == ["syntax"]


# --- duplicate keys -----------------------------------------------------------------------------------------------


def test_duplicate_key_keeps_the_first_value_and_reports_the_second():
    data, positions, issues = parsed("a: 1\nb: 2\na: 3\n")
    assert data == {"a": 1, "b": 2}
    assert positions[("a",)] == Position(1, 1)
    [issue] = issues
    assert (issue.kind, issue.position) == ("duplicate-key", Position(3, 1))
    assert "「a」" in issue.message and "第 1 行" in issue.message


def test_duplicate_key_inside_an_item_with_a_list_value():
    text = CATALOG + "      channel: [两微一端]\n"
    data, positions, issues = parsed(text)
    item = data["domains"]["shehui-jiuzhu"][0]
    assert item["channel"] == ["政府网站", "便民服务站"]
    assert positions[("domains", "shehui-jiuzhu", 0, "channel")] == Position(14, 7)
    assert [(i.kind, i.position) for i in issues] == [("duplicate-key", Position(17, 7))]


def test_same_key_in_different_mappings_is_fine():
    _, _, issues = parsed("a: {k: 1}\nb: {k: 2}\n")
    assert issues == []


# --- guards -------------------------------------------------------------------------------------------------------


def test_nesting_up_to_the_limit_loads():
    data, _, _ = parsed("[" * MAX_DEPTH + "]" * MAX_DEPTH)
    for _ in range(MAX_DEPTH - 1):
        data = data[0]
    assert data == []


@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 10_000])
def test_nesting_beyond_the_limit_is_an_error(depth):
    start = time.perf_counter()
    error = load_error("[" * depth + "]" * depth)
    assert time.perf_counter() - start < 1
    assert error.issue.position == Position(1, MAX_DEPTH + 1)
    assert "嵌套" in error.issue.message


def test_deep_block_nesting_is_an_error():
    text = "".join(f"{'  ' * i}k{i}:\n" for i in range(MAX_DEPTH + 2)) + f"{'  ' * (MAX_DEPTH + 2)}v\n"
    assert "嵌套" in load_error(text).issue.message


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("a: 1\n---\nb: 2\n", "一个文件只能有一个 YAML 文档"),
        ("a: !!python/object:os.system x\n", "不支持的标签"),
        ("a: !include other.yaml\n", "不支持的标签"),
        ("? [a, b]\n: 1\n", "键必须是简单文字"),
        ("*x : 1\n", "键不能是别名"),
    ],
)
def test_unsafe_or_unsupported_yaml_is_an_error(text, words):
    assert words in load_error(text).issue.message


def test_too_large_file_is_not_read(tmp_path):
    path = tmp_path / "huge.yaml"
    with path.open("wb") as f:
        f.truncate(MAX_FILE_BYTES + 1)  # sparse: nothing is written
    source = load(path)
    assert [i.kind for i in source.issues] == ["unreadable"]
    assert "文件过大" in source.issues[0].message


def test_missing_file_is_unreadable(tmp_path):
    source = load(tmp_path / "gone.yaml")
    assert [i.kind for i in source.issues] == ["unreadable"]
    assert not source.readable


def test_empty_file_loads_as_nothing(tmp_path):
    path = tmp_path / "empty.yaml"
    path.write_bytes(b"")
    source = load(path)
    assert (source.data, source.issues, source.readable) == (None, [], True)


# --- decoding -----------------------------------------------------------------------------------------------------

ENCODED = {
    "utf-8": (CATALOG.encode("utf-8"), "utf-8", None),
    "utf-8 with BOM": (b"\xef\xbb\xbf" + CATALOG.encode("utf-8"), "utf-8-sig", "BOM"),
    "gb18030": (CATALOG.encode("gb18030"), "gb18030", "GB18030"),
    "utf-16 le": (CATALOG.encode("utf-16"), "utf-16", "UTF-16"),
    "utf-16 be": (b"\xfe\xff" + CATALOG.encode("utf-16-be"), "utf-16", "UTF-16"),
    "utf-8 with CRLF": (CATALOG.replace("\n", "\r\n").encode("utf-8"), "utf-8", None),
}


@pytest.mark.parametrize("name", ENCODED)
def test_decoding(tmp_path: Path, name):
    data, encoding, label = ENCODED[name]
    path = tmp_path / "donghu-zhen.yaml"
    path.write_bytes(data)
    source = load(path)
    assert source.encoding == encoding
    assert source.data == parsed(CATALOG)[0]
    assert source.positions == parsed(CATALOG)[1]  # a BOM is not a column
    issues = [(i.kind, i.position) for i in source.issues]
    if label is None:
        assert issues == []
    else:
        assert issues == [("encoding", Position(1, 1))]
        assert label in source.issues[0].message
        assert "UTF-8" in source.issues[0].message


CHINESE_TEXT = "序号,一级事项,二级事项\n1,最低生活保障,公开开开一一最最\n"
"""More zero bytes on CJK's side than on ASCII's, in UTF-16: 开 is U+5F00, 一 U+4E00, 最 U+6700."""
TABLE_ROWS = (
    "序号,一级事项,二级事项,公开内容（要素）,公开依据,公开时限,公开主体,公开渠道和载体,公开对象,公开方式,公开层级\n"
    "1,综合业务,政策法规文件,《社会救助暂行办法》,《条例》,10个工作日内,东湖镇,政府网站,全社会,主动,乡级\n"
)


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "二进制"),
        (CATALOG.encode("utf-16-le"), "UTF-16"),  # UTF-16 without a BOM: said so
        (CATALOG.encode("utf-16-be"), "UTF-16"),
        (CHINESE_TEXT.encode("utf-16-le") * 20, "UTF-16"),
        (TABLE_ROWS.encode("utf-16-be") * 20, "UTF-16"),
        (b"unit:\n  name: \x00\n" + CATALOG.encode("utf-8") * 20, "二进制"),  # UTF-8 with a stray zero byte
        (Path(sys.executable).resolve().read_bytes()[:3000], "二进制"),  # a program has zeros everywhere, too
        (b"unit:\n  name: \x81\x30\xff\n", "无法按 UTF-8 或 GB18030 解码"),
        (b"\xff\xfe\x41", "UTF-16"),  # a BOM and half a character
    ],
    ids=[
        "png",
        "utf-16-le-without-bom",
        "utf-16-be-without-bom",
        "mostly-chinese-utf-16",
        "csv-in-utf-16-be",
        "utf-8-with-a-zero-byte",
        "program",
        "neither-utf8-nor-gb18030",
        "truncated-utf-16",
    ],
)
def test_undecodable_files_are_unreadable(tmp_path, data, words):
    path = tmp_path / "x.yaml"
    path.write_bytes(data)
    source = load(path)
    assert [i.kind for i in source.issues] == ["unreadable"]
    assert words in source.issues[0].message
    assert source.data is None


def test_undecodable_byte_is_located_by_line(tmp_path):
    path = tmp_path / "x.yaml"
    path.write_bytes(b"unit:\n  name: ok\n  kind: \xff\xff\n")
    [issue] = load(path).issues
    assert issue.position.line == 3


@pytest.mark.parametrize(
    "text", ["", "a", "a\n", "a\nb", "a\r\nb\r\n", "\n\n", "a\rb\n", "a\u2028b\nc", "a\x85\x0b\x0c\x1cb\r\n\r"]
)
def test_line_starts_are_where_splitlines_cuts(text):
    from gongkai.load import line_starts

    lines = text.splitlines(keepends=True)
    assert list(line_starts(text)) == [sum(map(len, lines[:n])) for n in range(len(lines) + 1)]


@pytest.mark.parametrize("text", ["", "a", "a\n", "a\nb", "a\r\nb\r\n", "低保\n审核\r\n信息"])
def test_line_starts_of_utf8_bytes_are_where_the_text_lines_start(text):
    from gongkai.load import line_starts

    lines = text.splitlines(keepends=True)
    assert list(line_starts(text.encode())) == [len("".join(lines[:n]).encode()) for n in range(len(lines) + 1)]
