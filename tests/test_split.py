"""A big catalog parsed in parts (gongkai.split): the same data, issues and places as one parse, whatever the
layout; a layout the cut cannot trust is parsed whole."""

from __future__ import annotations

from pathlib import Path

import pytest

from gongkai import split
from gongkai.load import load

HEAD = "# 目录\nunit:\n  name: 测试县东湖镇人民政府\n  kind: township\nreviewed: 2026-06-01\ndomains:\n"


def items(domain: str, count: int, indent: str = "    ", first: int = 0) -> str:
    return f"  {domain}:\n" + "".join(
        f"{indent}- name: 事项{n}\n{indent}  content: |\n{indent}    第一行\n{indent}    - 不是事项\n"
        f"{indent}  channel: [政府网站, 公开栏]\n\n{indent}  # 注释\n"
        for n in range(first, first + count)
    )


LAYOUTS = {
    "one domain": HEAD + items("shehui-jiuzhu", 40),
    "several domains": HEAD + items("shehui-jiuzhu", 15) + items("yiwu-jiaoyu", 15) + items("jiuye", 15),
    "items not indented": HEAD + items("shehui-jiuzhu", 30, indent="  "),
    "withheld after the domains": HEAD + items("shehui-jiuzhu", 30) + "withheld:\n  - name: 涉密事项\n",
    "crlf": (HEAD + items("shehui-jiuzhu", 30)).replace("\n", "\r\n"),
}
WHOLE = {
    "alias to an anchor in another part": HEAD
    + items("shehui-jiuzhu", 20).replace("[政府网站, 公开栏]", "&c [政府网站]", 1)
    + items("yiwu-jiaoyu", 20).replace("[政府网站, 公开栏]", "*c"),
    "a domain written twice": HEAD + items("shehui-jiuzhu", 20) + items("yiwu-jiaoyu", 5) + items("shehui-jiuzhu", 20),
    "a quote left open across the cut": HEAD + items("shehui-jiuzhu", 20).replace("第一行", "'第一行", 1),
    "a key after domains that the head has": HEAD + items("shehui-jiuzhu", 30) + "reviewed: 2026-07-01\n",
    "tabs": HEAD + items("shehui-jiuzhu", 30).replace("    - name: 事项25", "\t- name: 事项25"),
}


def assert_same(path: Path, parts: int) -> None:
    raw = path.read_bytes()
    whole, cut = load(path, raw, deep=False), split.load_in_parts(path, raw, parts)
    assert cut.data == whole.data
    assert cut.issues == whole.issues
    assert cut.positions == whole.positions
    full = load(path)
    for where, place in full.positions.items() if full.readable else ():
        assert cut.locate(where) == place, where


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("parts", [2, 3])
def test_parts_give_what_one_parse_gives(layout, parts, tmp_path):
    path = tmp_path / "c.yaml"
    path.write_bytes(LAYOUTS[layout].encode())
    assert split._cuts(LAYOUTS[layout].splitlines(keepends=True), parts) is not None, "the layout was not cut"
    assert_same(path, parts)


@pytest.mark.parametrize("layout", WHOLE)
def test_what_the_cut_cannot_trust_is_parsed_whole_with_the_same_result(layout, tmp_path):
    path = tmp_path / "c.yaml"
    path.write_bytes(WHOLE[layout].encode())
    assert_same(path, 2)


def test_a_big_file_in_a_county_is_linted_in_parts_with_the_same_problems(tmp_path, monkeypatch):
    from gongkai.cache import Cache
    from gongkai.lint.runner import lint_project
    from gongkai.model.project import load_project

    root = tmp_path / "county"
    (root / "catalogs").mkdir(parents=True)
    (root / "gongkai.toml").write_text('[site]\ncounty = "测试县"\n', encoding="utf-8")
    (root / "catalogs" / "donghu.yaml").write_text(LAYOUTS["several domains"], encoding="utf-8")
    one = lint_project(load_project(root, processes=1), processes=1)
    calls = []
    monkeypatch.setattr(split, "SPLIT_BYTES", 0)
    monkeypatch.setattr("gongkai.model.project.SPLIT_BYTES", 0)
    real = split.load_in_parts
    monkeypatch.setattr("gongkai.model.project.load_in_parts", lambda *a: calls.append(a) or real(*a))
    two = lint_project(load_project(root, cache=Cache(tmp_path / "cache"), processes=2), processes=2)
    assert calls, "the file was not parsed in parts"
    assert one.problems and two.problems == one.problems
