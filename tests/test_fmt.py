"""`gongkai fmt`: the canonical form of a catalog, comments and key order kept, idempotent, `--check`.

The expected canonical text is tests/golden/fmt-messy.yaml; GONGKAI_UPDATE_GOLDEN=1 rewrites it (see
tests/test_formats.py).
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from gongkai.fmt import MODELINE, canonical, format_files
from gongkai.load import load
from gongkai.model.catalog import Catalog
from tests.conftest import GOOD_HEAD, GOOD_ITEM
from tests.test_cli import gongkai
from tests.test_formats import assert_golden

REPOSITORY = Path(__file__).resolve().parents[1]

MESSY = "\n".join(
    [
        "# 东湖镇公开目录（从 Excel 表整理）",
        "unit:",
        '    name: "示例县东湖镇人民政府"   ',
        "    kind: township   # 乡镇",
        "    contact: '0123-4567890'",
        "reviewed: 2026-06-01",
        "domains:",
        "  shehui-jiuzhu:   # 社会救助",
        "  # 最低生活保障",
        "  - name: 低保审核信息",
        "    owner:  示例县东湖镇人民政府 ",
        '    content: "初审对象名单及相关信息（公示7个工作日）"',
        "    basis: \u3000《社会救助暂行办法》\u3000",
        "    deadline: 信息形成或者变更之日起20个工作日内",
        "    method: 依申请公开",
        "    channel: 政府门户网站、微信公众号",
        "    audience: 特定群众",
        "    level: 镇级",
        "    category: 最低生活保障",
        "  - name: '特困人员救助供养'",
        "    content: 救助供养对象名单",
        "    basis: 《社会救助暂行办法》",
        "    deadline: 实时",
        "    owner: 示例县东湖镇人民政府",
        "    method: [主动公开, 依申请]",
        "    channel: [网站, 公示栏]",
        "    audience: [全社会]   # 对外公开",
        "    stage: 结果公开",
        "withheld:",
        "  -   name: 救助对象身份证号码 ",
        '      basis: "《中华人民共和国政府信息公开条例》第十五条"',
        "# 文件结束",
        "",
    ]
)
"""Odd indentation, quotes, variants of the vocabulary, a channel string, trailing and full-width spaces, comments
at the top, after values, between keys and at the end, `owner` before `content` and `category` last."""

COMMENTS = re.findall(r"#.*", MESSY)

ENCODINGS = {
    "utf-8": lambda text: text.encode("utf-8"),
    "utf-8 with BOM and CRLF": lambda text: b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"),
    "gb18030": lambda text: text.encode("gb18030"),
    "utf-16": lambda text: text.encode("utf-16"),
}


@pytest.fixture
def here(county, monkeypatch):
    monkeypatch.chdir(county.root)
    return county


def write(county, name: str, data: bytes) -> Path:
    path = county.root / "catalogs" / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_messy_catalog_becomes_the_canonical_text(here, encoding):
    path = write(here, "donghu-zhen.yaml", ENCODINGS[encoding](MESSY))
    result = gongkai("fmt")
    assert result.exit_code == 0, result.output
    assert "donghu-zhen.yaml" in result.stdout
    assert_golden("fmt-messy.yaml", path.read_bytes().decode("utf-8"))


def test_canonical_form_keeps_every_comment():
    out = canonical(MESSY)
    assert out.startswith(MODELINE + "\n")
    for comment in COMMENTS:
        assert comment in out


def test_canonical_form_keeps_key_order():
    out = canonical(MESSY)
    item_keys = re.findall(r"^ {4}[- ] (\w+):", out, flags=re.M)
    assert item_keys[:10] == [
        "name",
        "owner",
        "content",
        "basis",
        "deadline",
        "method",
        "channel",
        "audience",
        "level",
        "category",
    ]
    assert re.findall(r"^(\w+):", out, flags=re.M) == ["unit", "reviewed", "domains", "withheld"]


def test_canonical_form_has_no_trailing_or_full_width_spaces_and_is_utf8_text():
    out = canonical(MESSY)
    assert all(line == line.rstrip() for line in out.splitlines())
    assert "\u3000" not in out
    assert "\t" not in out
    assert out.endswith("\n") and not out.endswith("\n\n")


def test_fmt_keeps_the_meaning(here):
    """The catalog reads the same before and after, apart from vocabulary now spelled canonically."""
    path = write(here, "donghu-zhen.yaml", MESSY.encode("utf-8"))
    before = Catalog.model_validate(load(path).data)
    assert gongkai("fmt").exit_code == 0
    formatted = load(path)
    assert formatted.issues == []
    assert Catalog.model_validate(formatted.data) == before


def test_fmt_output_lints_clean(here):
    write(here, "donghu-zhen.yaml", MESSY.encode("gb18030"))
    assert gongkai("lint").exit_code == 0  # GK109 (encoding) is a warning
    assert gongkai("fmt").exit_code == 0
    result = gongkai("lint", "--strict")
    assert result.exit_code == 0, result.stdout


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_idempotent(encoding):
    once = canonical(ENCODINGS[encoding](MESSY).decode(_codec(encoding)))
    assert canonical(once) == once


def _codec(encoding: str) -> str:
    return {"utf-8 with BOM and CRLF": "utf-8-sig", "utf-16": "utf-16"}.get(encoding, encoding)


def test_fmt_twice_changes_nothing_the_second_time(here):
    path = write(here, "donghu-zhen.yaml", MESSY.encode("utf-8"))
    assert gongkai("fmt").exit_code == 0
    first = path.read_bytes()
    second = gongkai("fmt")
    assert second.exit_code == 0
    assert "改写了 0 个" in second.stdout
    assert path.read_bytes() == first


def test_check_fails_on_a_messy_file_without_touching_it_then_passes_after_fmt(here):
    path = write(here, "donghu-zhen.yaml", MESSY.encode("utf-8"))
    result = gongkai("fmt", "--check")
    assert result.exit_code == 1
    assert "donghu-zhen.yaml" in result.stderr
    assert path.read_bytes() == MESSY.encode("utf-8")
    assert gongkai("fmt").exit_code == 0
    assert gongkai("fmt", "--check").exit_code == 0


@pytest.mark.parametrize("options", [["--check", "--diff"], ["--diff"]])
def test_diff_shows_the_change_as_a_patch_that_makes_the_file_canonical(here, options):
    path = write(here, "donghu-zhen.yaml", MESSY.encode("utf-8"))
    result = gongkai("fmt", *options)
    assert result.exit_code == 1 and "donghu-zhen.yaml" in result.stderr
    assert path.read_bytes() == MESSY.encode("utf-8")  # --diff alone changes nothing either
    lines = result.stdout.splitlines()
    assert lines[:2] == ["--- catalogs/donghu-zhen.yaml", "+++ catalogs/donghu-zhen.yaml"]
    assert f"+{MODELINE}" in lines and any(line.startswith("-") for line in lines[2:])
    subprocess.run(["git", "apply", "-p0", "-"], input=result.stdout, text=True, cwd=here.root, check=True)
    assert gongkai("fmt", "--check").exit_code == 0  # the diff was exactly what fmt would write


def test_diff_of_line_endings_and_control_characters_is_visible_and_escaped(here):
    write(here, "donghu-zhen.yaml", (MODELINE + "\n" + GOOD_HEAD + GOOD_ITEM).replace("\n", "\r\n").encode())
    # A bidi override (the loader refuses the C0 controls): no modeline, so the comment is a context line.
    write(here, "xishan-xiang.yaml", ("# 西山乡\u202e\u2066目录\n" + GOOD_HEAD + GOOD_ITEM).encode())
    out = gongkai("fmt", "--diff").stdout
    assert "-unit:\\r" in out.splitlines() and "+unit:" in out.splitlines()
    assert "\u202e" not in out and "\u2066" not in out
    assert " # 西山乡\\u202e\\u2066目录" in out.splitlines()  # shown escaped


def test_diff_of_a_file_that_differs_only_by_its_bom_says_so(here):
    write(here, "donghu-zhen.yaml", (MODELINE + "\n" + GOOD_HEAD + GOOD_ITEM).encode("utf-8-sig"))
    result = gongkai("fmt", "--diff")
    assert result.exit_code == 1 and "(only the encoding or BOM differs)" in result.stdout.splitlines()[2]


def test_diff_of_a_canonical_county_is_empty(here):
    here.write("donghu-zhen.yaml", MODELINE + "\n" + GOOD_HEAD + GOOD_ITEM)
    result = gongkai("fmt", "--check", "--diff")
    assert result.exit_code == 0 and not any(line.startswith(("---", "+++")) for line in result.stdout.splitlines())


def test_check_passes_on_a_canonical_file(here):
    here.write("donghu-zhen.yaml", MODELINE + "\n" + GOOD_HEAD + GOOD_ITEM)
    result = gongkai("fmt", "--check")
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("check", [[], ["--check"]])
def test_syntax_error_is_reported_and_the_file_left_as_it_was(here, check):
    broken = "unit:\n  name: [示例县东湖镇人民政府\n  kind: township\n".encode("gb18030")
    path = write(here, "broken-zhen.yaml", broken)
    messy = write(here, "donghu-zhen.yaml", MESSY.encode("utf-8"))
    result = gongkai("fmt", *check)
    assert result.exit_code == 1
    assert re.search(r"broken-zhen\.yaml:\d+:\d+", result.stderr)
    assert "YAML 语法错误" in result.stderr
    assert path.read_bytes() == broken
    if not check:  # one broken file does not stop the others
        assert messy.read_bytes().startswith(MODELINE.encode())


@pytest.mark.parametrize(
    "data",
    [b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", b"", b"unit: &a\n  name: *a\n", b"a: [1\n"],
    ids=["binary", "empty", "undefined-alias", "unclosed-list"],
)
def test_unformattable_files_are_reported_and_never_changed(here, data):
    path = write(here, "odd-zhen.yaml", data)
    result = gongkai("fmt")
    assert result.exit_code == (2 if data.startswith(b"\x89PNG") else 1)  # unreadable input is 2 (SPEC §6)
    assert "odd-zhen.yaml:" in result.stderr
    assert path.read_bytes() == data


def test_duplicate_key_is_reported_and_the_file_left_as_it_was(here):
    data = (GOOD_HEAD + GOOD_ITEM + "      owner: 另一个主体\n").encode()
    path = write(here, "dup-zhen.yaml", data)
    messy = write(here, "donghu-zhen.yaml", MESSY.encode("utf-8"))
    result = gongkai("fmt")
    assert result.exit_code == 1
    assert "dup-zhen.yaml:17:7" in result.stderr
    assert path.read_bytes() == data
    assert messy.read_bytes().startswith(MODELINE.encode())


def test_what_only_the_round_trip_loader_rejects_is_reported_not_a_crash(here):
    """`true` and `True` are two keys to lint (keys stay text) but one to ruamel's round-trip loader."""
    data = (GOOD_HEAD + GOOD_ITEM + "      true: 1\n      True: 2\n").encode()
    path = write(here, "bool-zhen.yaml", data)
    messy = write(here, "donghu-zhen.yaml", MESSY.encode("utf-8"))
    result = gongkai("fmt")
    assert result.exit_code == 1
    assert re.search(r"^无法格式化 catalogs/bool-zhen\.yaml:18:7: 无法安全改写", result.stderr, flags=re.M)
    assert path.read_bytes() == data
    assert messy.read_bytes().startswith(MODELINE.encode())


@pytest.mark.parametrize("entry", [": 冒号", "?问", "a:b", "x?", "响\a铃:", "a,b", "0\u20280", "行\x85尾"])
def test_entries_that_ruamel_writes_unreadably_in_a_flow_list_are_quoted_and_read_back(entry):
    """ruamel writes `[: 冒号]`, `[x?]` and `[?问]` plain (unreadable, or read as a mapping) and U+2028 bare (read
    back as a space): fmt must not turn a readable file into one that loses its channels."""
    quoted = entry.encode("unicode_escape").decode().replace('"', '\\"')
    text = (GOOD_HEAD + GOOD_ITEM).replace("channel: [政府网站, 便民服务站]", f'channel: ["{quoted}", 公告栏]')
    assert quoted in text
    formatted = canonical(MODELINE + "\n" + text)
    assert canonical(formatted) == formatted
    source = load(Path("x.yaml"), formatted.encode())  # the text given, no file read
    assert not source.issues
    assert source.data["domains"]["shehui-jiuzhu"][0]["channel"] == [entry, "公告栏"]


def test_a_date_that_is_no_date_is_kept_as_written():
    text = MODELINE + "\n" + (GOOD_HEAD + GOOD_ITEM).replace("reviewed: 2026-06-01", "reviewed: 2026-13-45")
    assert canonical(text) == text


def test_paths_are_shown_as_lint_shows_them(here):
    write(here, "donghu-zhen.yaml", MESSY.encode("utf-8"))
    write(here, "dup-zhen.yaml", (GOOD_HEAD + GOOD_ITEM + "      owner: 另一个主体\n").encode())
    result = gongkai("fmt")
    assert "改写 catalogs/donghu-zhen.yaml" in result.stdout
    assert "无法格式化 catalogs/dup-zhen.yaml:17:7:" in result.stderr
    assert str(here.root) not in result.output


def test_trailing_tab_after_a_value_is_trimmed(here):
    text = GOOD_HEAD + GOOD_ITEM.replace("工作日内\n", "工作日内\t\n")
    path = write(here, "tab-zhen.yaml", text.encode())
    assert gongkai("lint").exit_code == 0
    result = gongkai("fmt")
    assert result.exit_code == 0
    assert path.read_text(encoding="utf-8") == MODELINE + "\n" + GOOD_HEAD + GOOD_ITEM


def test_comments_inside_a_block_list_are_kept():
    text = (GOOD_HEAD + GOOD_ITEM).replace(
        "      channel: [政府网站, 便民服务站]\n",
        "      channel:\n        - 网站   # 县政府网站\n        - 便民服务站\n      # 对象：全社会\n",
    )
    out = canonical(text)
    assert "# 县政府网站" in out
    assert "# 对象：全社会" in out
    assert "      channel:\n        - 政府网站 # 县政府网站\n        - 便民服务站\n" in out  # normalised in place
    assert canonical(out) == out


def test_a_comment_inside_a_flow_list_is_kept():
    text = (GOOD_HEAD + GOOD_ITEM).replace("[政府网站, 便民服务站]", "[网站,   # 县政府网站\n        便民服务站]")
    out = canonical(text)
    assert "# 县政府网站" in out
    assert "        - 政府网站\n" in out
    assert canonical(out) == out


def test_a_comment_after_a_list_stays_with_the_flow_list():
    text = (GOOD_HEAD + GOOD_ITEM).replace("[政府网站, 便民服务站]", "[网站, 便民服务站]   # 两处")
    assert "      channel: [政府网站, 便民服务站] # 两处\n" in canonical(text)


def test_modeline_is_not_duplicated():
    text = "# 东湖镇\n" + MODELINE + "\n" + GOOD_HEAD + GOOD_ITEM
    assert canonical(text).count(MODELINE) == 1


def test_a_modeline_for_another_schema_is_left_alone():
    other = "# yaml-language-server: $schema=https://example.org/catalog.schema.json"
    text = "# 东湖镇\n" + other + "\n" + GOOD_HEAD + GOOD_ITEM
    assert canonical(text) == text


def test_repository_catalogs_are_canonical():
    catalogs = sorted((REPOSITORY / "catalogs").glob("*.yaml"))
    if not catalogs:
        pytest.skip("the demo county's catalogs/ is not written yet")
    result = format_files(catalogs, check=True)
    assert result.unreadable == []
    assert result.changed == []


def test_other_yaml_is_left_as_it_was(tmp_path):
    """A CI workflow or a list is not a catalog (no unit:, no domains:): fmt names it and does not touch it."""
    workflow = tmp_path / "gongkai.yml"
    workflow.write_text("name: 'lint'\non: [push]\njobs:\n  lint:\n    runs-on: ubuntu-latest\n", encoding="utf-8")
    before = workflow.read_bytes()
    result = format_files([workflow])
    assert result.refused == [workflow] and "not a catalog" in result.unreadable[0]
    assert workflow.read_bytes() == before
