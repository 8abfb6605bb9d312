"""Lint results as text (people), JSON (scripts), SARIF 2.1.0 (code-scanning tools), GitHub annotations, GitLab
Code Quality and JUnit XML (the test-report view of GitLab, Jenkins and Gitee Go). docs/lint-output.md is the
contract of each."""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from collections.abc import Callable
from itertools import groupby
from xml.etree import ElementTree

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


def write_text(result: LintResult, console: Console, summary: bool = True) -> None:
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
    _print(lines, result, console, summary)


def _print(lines: list[Text], result: LintResult, console: Console, summary: bool) -> None:
    if summary:
        style = "red" if result.errors else "yellow" if result.warnings else "green"
        mark = "✗" if result.errors else "!" if result.warnings else "✓"
        lines.append(Text(f"{mark} {summary_line(result)}", style=style))
    elif lines:
        lines.pop()  # the blank line after the last file
    if lines:
        console.print(Text("\n").join(lines), highlight=False, soft_wrap=True)


SHOWN_IN_BUILD = 10
"""Warnings a build lists one by one; above this, the rules that found the most and the first few instead."""


def write_build_warnings(result: LintResult, console: Console, limit: int = SHOWN_IN_BUILD) -> None:
    """A build's warnings: all of them when there are few; else a count per rule for the rules that found the
    most, the first `limit // 2` warnings, and where to see the rest (`gongkai lint`)."""
    if len(result.problems) <= limit:
        write_text(result, console, summary=False)
        return
    rows = statistics(result)
    lines = [Text(f"{result.warnings} 个警告，最多的规则 ({counted(result.warnings, 'warning')}, most found by):")]
    lines += [Text(f"  {row['count']:>6}  {row['code']} {row['name']}", style="yellow") for row in rows[:5]]
    if len(rows) > 5:
        lines.append(Text(f"  {sum(row['count'] for row in rows[5:]):>6}  其他 {len(rows) - 5} 条规则 (other rules)"))
    lines.append(Text("前几个 (the first ones):"))
    first = result.problems[: limit // 2]
    lines += [Text(f"  {one_line(p.location)} {p.code} {one_line(p.message)}", style="yellow") for p in first]
    lines.append(Text("运行 gongkai lint 查看全部 (gongkai lint for all)", style="bold"))
    console.print(Text("\n").join(lines), highlight=False, soft_wrap=True)


def statistics(result: LintResult) -> list[dict]:
    """How many problems each rule found, most first (then by code): code, name, severity, count."""
    counts = Counter((p.code, p.name, p.severity) for p in result.problems)
    ranked = sorted(counts.items(), key=lambda entry: (-entry[1], entry[0]))
    return [{"code": code, "name": name, "severity": severity, "count": n} for (code, name, severity), n in ranked]


def write_statistics(result: LintResult, console: Console, summary: bool = True) -> None:
    """`statistics` as a table: count, code, 级别, name, then the summary line."""
    rows = statistics(result)
    width = max((len(str(row["count"])) for row in rows), default=1)
    lines = [
        Text.assemble(
            f"{row['count']:>{width}}  ",
            (f"{row['code']} {SEVERITY_LABEL[row['severity']]}", "red" if row["severity"] == "error" else "yellow"),
            f"  {row['name']}",
        )
        for row in rows
    ]
    if rows:
        lines.append(Text())
    _print(lines, result, console, summary)


def statistics_json(result: LintResult) -> str:
    return json.dumps(statistics(result), ensure_ascii=False, indent=2)


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


GITLAB_SEVERITY = {"error": "major", "warning": "minor"}


def to_gitlab(result: LintResult) -> str:
    """GitLab Code Quality: a JSON array, one issue per problem. The fingerprint is made of the file, code, unit,
    domain, item and message, not the line, so that a problem stays the same issue when lines above it change
    (GitLab compares a merge request's issues with its target's by fingerprint); the n-th repeat of the same
    problem in a file gets its own."""
    seen: Counter[tuple] = Counter()
    issues = []
    for p in result.problems:
        identity = (p.file, p.code, p.unit, p.domain, p.item, p.element, p.message)
        seen[identity] += 1
        fingerprint = hashlib.sha256(json.dumps([*identity, seen[identity]], ensure_ascii=False).encode()).hexdigest()
        where = " › ".join(x for x in (p.domain, p.item) if x)
        issues.append(
            {
                "type": "issue",
                "description": f"{p.code} {p.message}" + (f" — {where}" if where else ""),
                "check_name": f"{p.code} {p.name}",
                "fingerprint": fingerprint,
                "severity": GITLAB_SEVERITY[p.severity],
                "categories": ["Style"] if p.severity == "warning" else ["Bug Risk"],
                "location": {"path": p.file, "lines": {"begin": p.line}},
            }
        )
    return json.dumps(issues, ensure_ascii=False, indent=2)


_NOT_XML = re.compile("[\ud800-\udfff\ufffe\uffff]")
"""What XML 1.0 cannot hold even escaped, besides the control characters `one_line` already shows escaped."""


def _xml(text: str) -> str:
    return _NOT_XML.sub(_escaped, one_line(text))


def to_junit(result: LintResult, strict: bool = False) -> str:
    """JUnit XML: one test suite, a test case per file checked that has no problem (it passed), and one per
    problem, named `path:line:col CODE`, in the file's class. An error fails its case; a warning does only with
    `strict` (as the exit code does), else it is reported in the case's output. Catalog text is shown escaped
    where XML cannot hold it (control characters), so that every JUnit reader can read the report."""
    with_problems = {p.file for p in result.problems}
    clean = [file for file in result.checked if file not in with_problems]
    failures = sum(p.severity == "error" or strict for p in result.problems)
    counts = {"tests": str(len(clean) + len(result.problems)), "failures": str(failures), "errors": "0"}
    suites = ElementTree.Element("testsuites", {"name": "gongkai", **counts})
    suite = ElementTree.SubElement(suites, "testsuite", {"name": "gongkai lint", "skipped": "0", **counts})
    for file in clean:
        ElementTree.SubElement(suite, "testcase", classname=_xml(file), name=_xml(file))
    for p in result.problems:
        case = ElementTree.SubElement(suite, "testcase", classname=_xml(p.file), name=_xml(f"{p.location} {p.code}"))
        where = " › ".join(x for x in (p.domain, p.item) if x)
        text = _xml(f"{p.code} {p.name} {SEVERITY_LABEL[p.severity]} {p.message}" + (f" — {where}" if where else ""))
        if p.severity == "error" or strict:
            ElementTree.SubElement(case, "failure", message=_xml(p.message), type=p.code).text = text
        else:
            ElementTree.SubElement(case, "system-out").text = text
    ElementTree.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ElementTree.tostring(suites, encoding="unicode")


MACHINE_FORMATS: dict[str, Callable[[LintResult], str]] = {
    "json": to_json,
    "sarif": to_sarif,
    "github": to_github,
    "gitlab": to_gitlab,
    "junit": to_junit,
}


def render(format: str, result: LintResult, strict: bool = False) -> str:
    """`result` in a machine format; with `strict` warnings fail in JUnit too."""
    return to_junit(result, strict) if format == "junit" else MACHINE_FORMATS[format](result)
