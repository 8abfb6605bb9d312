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
    assert split._cuts(LAYOUTS[layout], parts) is not None, "the layout was not cut"
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


def reference_cuts(lines: list[str], parts: int) -> list[tuple[int, int]] | None:
    """The cut as first written, every line looked at in turn: (line, line of its domain key) per later part."""
    import re

    start = next((n for n, line in enumerate(lines) if re.match(r"domains:[ \t]*(#.*)?\r?\n?$", line)), None)
    if start is None or parts < 2:
        return None
    key_indent = item_indent = domain = None
    candidates = []
    for n in range(start + 1, len(lines)):
        line = lines[n]
        body = line.lstrip(" ")
        if not body.strip() or body.startswith("#"):
            continue
        if "\t" in line[: len(line) - len(body) + 1]:
            return None
        indent = len(line) - len(body)
        item = body.startswith("- ") or body.rstrip() == "-"
        if indent == 0 and not item:
            break
        if key_indent is None:
            key_indent = indent
        if indent == key_indent and not item:
            if not split._KEY_LINE.match(body):
                return None
            domain = n
        elif item and domain is not None:
            item_indent = indent if item_indent is None else item_indent
            if indent == item_indent:
                candidates.append((n, domain))
        elif indent < key_indent:
            return None
    if len(candidates) < 2 * parts:
        return None
    step = len(candidates) / parts
    return [candidates[round(k * step)] for k in range(1, parts)]


ODD = {
    "blank lines of spaces, comments at every depth": HEAD
    + items("shehui-jiuzhu", 20).replace("\n\n", "\n      \n# 顶格注释\n  # 注释\n"),
    "an item line deeper than the items": HEAD
    + items("shehui-jiuzhu", 20).replace("    - name: 事项7", "      - name: 事项7"),
    "a tab deep inside an item": HEAD + items("shehui-jiuzhu", 20).replace("  channel:", "\tchannel:", 1),
    "a key less indented than the domain keys": HEAD + items("shehui-jiuzhu", 20).replace("  yiwu", " yiwu"),
    "a bare dash item": HEAD + items("shehui-jiuzhu", 20).replace("    - name: 事项9\n", "    -\n      name: 事项9\n"),
    "no newline at the end": HEAD + items("shehui-jiuzhu", 20).rstrip("\n"),
    "items at the domain keys' indentation": HEAD + items("shehui-jiuzhu", 20, indent="  "),
}


@pytest.mark.parametrize("layout", [*LAYOUTS, *WHOLE, *ODD])
@pytest.mark.parametrize("parts", [2, 3])
def test_the_cut_skips_only_lines_that_cannot_change_it(layout, parts):
    """_cuts reads only the lines indented no deeper than the items; it cuts where reading every line would."""
    text = {**LAYOUTS, **WHOLE, **ODD}[layout]
    cut = split._cuts(text, parts)
    assert (cut and [(line, key) for line, _, key in cut[1:]]) == (
        (found := reference_cuts(text.splitlines(keepends=True), parts))
        and [(line, text.splitlines(keepends=True)[key]) for line, key in found]
    )
    for line, offset, _ in cut or ():
        assert offset == len("".join(text.splitlines(keepends=True)[:line]))


@pytest.mark.parametrize("layout", ODD)
def test_odd_layouts_give_what_one_parse_gives(layout, tmp_path):
    path = tmp_path / "c.yaml"
    path.write_bytes(ODD[layout].encode())
    assert_same(path, 2)


@pytest.mark.parametrize("end", ["\r", "\u2028", "\x85"])
def test_a_text_with_other_line_ends_is_parsed_whole(end, tmp_path):
    text = HEAD + items("shehui-jiuzhu", 20).replace("\n\n", "\n" + end + " \n", 1)
    assert split._cuts(text, 2) is None
    path = tmp_path / "c.yaml"
    path.write_bytes(text.encode())
    assert_same(path, 2)
