"""What `gongkai build` prints: each stage with the seconds so far (and on a terminal a spinner while it works), a
build's warnings capped to a count per rule and the first few (all of them only when few), and a last line with
units, items, pages and seconds."""

from __future__ import annotations

import os
import pty
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import GOOD_HEAD, GOOD_ITEM
from tests.test_cli import gongkai

UNKNOWN_CHANNEL = GOOD_ITEM.replace("[政府网站, 便民服务站]", "[政府网站, 乡村大喇叭]")
"""An item with one warning (GK305, an unknown channel)."""


def township(items: int) -> str:
    return GOOD_HEAD + "".join(UNKNOWN_CHANNEL.replace("低保审核信息", f"低保审核信息{n}") for n in range(items))


@pytest.fixture
def here(county, monkeypatch):
    monkeypatch.chdir(county.root)
    return county


def build(here) -> tuple[list[str], list[str]]:
    result = gongkai("build", "--no-search")
    assert result.exit_code == 0, result.output
    return result.stdout.splitlines(), result.stderr.splitlines()


def test_the_last_line_counts_units_items_pages_and_seconds(here):
    here.write("donghu-zhen.yaml", township(3))
    out, _ = build(here)
    pages = len(list((here.root / "site").rglob("*.html")))
    match = re.fullmatch(
        rf"✓ 网站已生成：\S+，1 个单位、3 个事项、{pages} 个页面（共 \d+ 个文件），用时 (\d+\.\d) 秒 "
        rf"\(1 unit, 3 items, {pages} pages in (\d+\.\d) s\)",
        out[0],
    )
    assert match and match.group(1) == match.group(2)


def test_stages_are_shown_as_they_start_with_the_seconds_so_far(here):
    here.write("donghu-zhen.yaml", township(1))
    _, err = build(here)
    stages = [re.fullmatch(r"  +(\d+\.\d) s (\S.*)", line) for line in err if line.startswith("  ")]
    assert stages[0].group(2) == "读取目录文件……"  # before the load, the longest wait of a cold build
    seconds = [float(m.group(1)) for m in stages if m]
    assert seconds == sorted(seconds) and len(seconds) >= 5


def test_few_warnings_are_all_listed(here):
    here.write("donghu-zhen.yaml", township(4))
    _, err = build(here)
    assert sum(" GK305 警告 " in line for line in err) == 4
    assert not any("gongkai lint" in line for line in err)


def test_many_warnings_are_counted_per_rule_with_the_first_few(here):
    here.write("donghu-zhen.yaml", township(40))
    _, err = build(here)
    warnings = [line for line in err if " GK305 " in line and ":" in line.split()[0]]
    assert len(warnings) == 5  # the first few, not forty
    assert "40 个警告，最多的规则 (40 warnings, most found by):" in err
    assert any(re.fullmatch(r" +40  GK305 unknown-channel", line) for line in err)
    assert err[-1] == "运行 gongkai lint 查看全部 (gongkai lint for all)"


def screen(output: str) -> list[str]:
    """What a terminal shows after `output`: enough of one to follow Rich's live display (CR, LF, erase line,
    cursor up); colours are dropped."""
    lines, row, col = [""], 0, 0
    for token in re.findall(r"\x1b\[[0-9;?]*[A-Za-z]|\r|\n|[^\x1b\r\n]+", output):
        if token == "\r":
            col = 0
        elif token == "\n":
            row, col = row + 1, 0
            lines += [""] * (row + 1 - len(lines))
        elif token.startswith("\x1b["):
            if token[-1] == "K":
                lines[row] = lines[row][:col] if token[2:-1] in ("", "0") else ""
            elif token[-1] == "A":
                row = max(0, row - int(token[2:-1] or 1))
        else:
            lines[row] = lines[row][:col] + token + lines[row][col + len(token) :]
            col += len(token)
    return [line for line in lines if line]


@pytest.mark.slow
def test_on_a_terminal_a_spinner_runs_while_building_and_is_gone_after(here):
    """The build, run on a pseudo-terminal: the spinner with the seconds so far is drawn while it works, even
    while a forked child renders and prints its stages, and the screen after is the stage lines and the summary."""
    here.write("donghu-zhen.yaml", township(3))
    leader, follower = pty.openpty()
    gongkai_bin = Path(sys.executable).parent / "gongkai"
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "160", "LINES": "50"}
    env.pop("NO_COLOR", None)
    process = subprocess.Popen(
        [gongkai_bin, "build"], cwd=here.root, stdin=follower, stdout=follower, stderr=follower, env=env
    )
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    assert process.wait(timeout=120) == 0
    output = b"".join(chunks).decode("utf-8")
    assert "进行中 (working)" in output and re.search(r"0:00:\d\d", output)  # the spinner was drawn
    shown = screen(output)
    assert not any("进行中" in line for line in shown)  # and erased
    stages = [line for line in shown if re.match(r"  +\d+\.\d s ", line)]
    assert stages[0].endswith("读取目录文件……") and "建立搜索索引" in " ".join(stages)
    assert shown[-2].startswith("✓ 网站已生成") and "1 个单位、3 个事项" in shown[-2]
