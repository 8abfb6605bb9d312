"""The guides name only what exists: every `gongkai COMMAND --option` they show is a command with that option,
every rule code a rule; and the Chinese guide is a guide (several thousand characters of Chinese)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.main import get_command

from gongkai.cli import app
from gongkai.lint.rules import RULES_BY_CODE

DOCS = Path(__file__).resolve().parents[1] / "docs"
GUIDES = [DOCS / "zh" / "README.md", DOCS / "ci.md", DOCS / "lint-output.md"]
COMMANDS = get_command(app).commands


def invocations(text: str) -> list[tuple[str, list[str]]]:
    """(command, options) of each `gongkai COMMAND …` in the text's code (fenced blocks and inline code), up to
    the end of its line."""
    code = re.findall(r"^```[a-z]*\n(.*?)^```", text, flags=re.M | re.S) + re.findall(r"`([^`\n]+)`", text)
    found = []
    for block in code:
        for command, rest in re.findall(r"\bgongkai ([a-z]+)([^\n#]*)", block):
            found.append((command, re.findall(r"(?<!\S)(--?[a-z][a-z-]*)", rest)))
    return found


@pytest.mark.parametrize("guide", GUIDES, ids=lambda p: p.name)
def test_every_command_and_option_shown_exists(guide):
    shown = invocations(guide.read_text(encoding="utf-8"))
    assert shown
    for command, options in shown:
        assert command in COMMANDS, f"{guide.name}: gongkai {command} is not a command"
        known = {name for param in COMMANDS[command].params for name in (*param.opts, *param.secondary_opts)}
        unknown = [o for o in options if o not in known | {"--help", "-h"}]
        assert not unknown, f"{guide.name}: gongkai {command} has no {unknown}"


@pytest.mark.parametrize("guide", GUIDES, ids=lambda p: p.name)
def test_every_rule_code_named_exists(guide):
    codes = set(re.findall(r"\bGK\d{3}\b", guide.read_text(encoding="utf-8")))
    assert codes <= set(RULES_BY_CODE), codes - set(RULES_BY_CODE)


def test_the_chinese_guide_covers_the_staff_loop():
    text = (DOCS / "zh" / "README.md").read_text(encoding="utf-8")
    assert len(re.findall(r"[\u4e00-\u9fff]", text)) > 3000
    headings = re.findall(r"^## (.+)$", text, flags=re.M)
    for topic in ("安装", "日常工作", "导入", "常见问题", "发布网站", "编辑器"):
        assert any(topic in heading for heading in headings), topic
    for host in ("nginx", "IIS", "CMS"):
        assert host in text
    common = {"GK101", "GK104", "GK203", "GK305", "GK401", "GK502", "GK601"}
    assert common <= set(re.findall(r"GK\d{3}", text))


HAN = re.compile(r"[\u4e00-\u9fff]")


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_help_text_is_in_chinese_and_english(name):
    """Staff read Chinese; the English after it is for the rest. A command's help, each argument's and option's."""
    command = COMMANDS[name]
    assert HAN.search(command.help or ""), f"gongkai {name} --help has no Chinese"
    assert re.search(r"[a-z]{3,} [a-z]{3,}", command.help or ""), f"gongkai {name} --help has no English"
    for param in command.params:
        text = getattr(param, "help", None) or ""
        if param.name != "help":
            assert HAN.search(text) and re.search(r"[a-z]{3,}", text), f"gongkai {name} {param.name}: {text!r}"
