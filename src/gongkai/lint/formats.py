"""Lint results as text (people), JSON (scripts), SARIF 2.1.0 (code-scanning tools) and GitHub annotations."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from itertools import groupby

from rich.console import Console
from rich.text import Text

from gongkai import __version__
from gongkai.lint.runner import LintResult

SEVERITY_LABEL = {"error": "错误", "warning": "警告"}

_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def one_line(text: str) -> str:
    """A value from a catalog as it may reach a terminal or a CI log: control characters (ESC sequences, NUL,
    line breaks that could forge another problem line) and bidi overrides shown escaped: `\\n`, `\\x1b`."""
    return _UNPRINTABLE.sub(_escaped, text)


def _escaped(match: re.Match) -> str:
    char = match.group()
    if char in _NAMED:
        return _NAMED[char]
    return f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}"


_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def summary_line(result: LintResult) -> str:
    return (
        f"检查了 {result.files} 个文件、{result.units} 个单位、{result.items} 个事项："
        f"{result.errors} 个错误，{result.warnings} 个警告 "
        f"({counted(result.files, 'file')}, {counted(result.units, 'unit')}, {counted(result.items, 'item')}: "
        f"{counted(result.errors, 'error')}, {counted(result.warnings, 'warning')})"
    )


def counted(n: int, noun: str) -> str:
    """`1 file`, `0 files`, `2 files`: the English half of a message."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def write_text(result: LintResult, console: Console) -> None:
    """Problems grouped by file, each `path:line:col CODE 级别 message — 领域 › 事项`, then the summary.
    One Text printed once: Rich's markup parser, called per line, took longer than the lint itself."""
    lines: list[Text] = []
    for file, problems in groupby(result.problems, key=lambda p: p.file):
        lines.append(Text(one_line(file), style="bold underline"))
        for p in problems:
            where = one_line(" › ".join(x for x in (p.domain, p.item) if x))
            lines.append(
                Text.assemble(
                    "  ",
                    (one_line(p.location), "cyan"),
                    " ",
                    (f"{p.code} {SEVERITY_LABEL[p.severity]}", "red" if p.severity == "error" else "yellow"),
                    " ",
                    one_line(p.message),
                    (f" — {where}", "dim") if where else "",
                )
            )
        lines.append(Text())
    style = "red" if result.errors else "yellow" if result.warnings else "green"
    mark = "✗" if result.errors else "!" if result.warnings else "✓"
    lines.append(Text(f"{mark} {summary_line(result)}", style=style))
    console.print(Text("\n").join(lines), highlight=False, soft_wrap=True)


def to_json(result: LintResult) -> str:
    document = {
        "version": __version__,
        "summary": {
            "files": result.files,
            "units": result.units,
            "items": result.items,
            "errors": result.errors,
            "warnings": result.warnings,
        },
        "problems": [p.to_dict() for p in result.problems],
    }
    return json.dumps(document, ensure_ascii=False, indent=2)


def to_sarif(result: LintResult) -> str:
    rules = sorted({p.code for p in result.problems} | {r.code for r in result.rules})
    by_code = {r.code: r for r in result.rules}
    index = {code: i for i, code in enumerate(rules)}
    document = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "gongkai",
                        "version": __version__,
                        "informationUri": "https://pypi.org/project/gongkai/",
                        "rules": [
                            {
                                "id": code,
                                "name": by_code[code].name if code in by_code else code,
                                "shortDescription": {"text": by_code[code].summary if code in by_code else code},
                                "defaultConfiguration": {
                                    "level": by_code[code].severity if code in by_code else "error"
                                },
                            }
                            for code in rules
                        ],
                    }
                },
                "results": [
                    {
                        "ruleId": p.code,
                        "ruleIndex": index[p.code],
                        "level": p.severity,
                        "message": {"text": p.message},
                        "locations": [
                            {
                                "physicalLocation": {
                                    "artifactLocation": {"uri": p.file},
                                    "region": {"startLine": p.line, "startColumn": p.column},
                                },
                                "logicalLocations": [
                                    {"fullyQualifiedName": "/".join(x for x in (p.unit, p.domain, p.item) if x)}
                                ],
                            }
                        ],
                    }
                    for p in result.problems
                ],
            }
        ],
    }
    return json.dumps(document, ensure_ascii=False, indent=2)


def _github_escape(text: str, *, property_value: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if property_value:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def to_github(result: LintResult) -> str:
    """One workflow command per problem: `::error file=…,line=…,col=…,title=…::message`."""
    lines = []
    for p in result.problems:
        file = one_line(_github_escape(p.file, property_value=True))
        title = _github_escape(f"{p.code} {p.name}", property_value=True)
        where = " › ".join(x for x in (p.domain, p.item) if x)
        message = one_line(_github_escape(f"{p.message}" + (f" — {where}" if where else "")))
        lines.append(f"::{p.severity} file={file},line={p.line},col={p.column},title={title}::{message}")
    return "\n".join(lines)


MACHINE_FORMATS: dict[str, Callable[[LintResult], str]] = {
    "json": to_json,
    "sarif": to_sarif,
    "github": to_github,
}
