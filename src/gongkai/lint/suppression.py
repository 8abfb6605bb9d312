"""Inline suppression: `# gongkai: ignore[GK203, GK305] reason` at the end of a line silences exactly those codes
on exactly that line. Comments are read from the file's own lines (the fast parser drops them), with a small
scanner that knows quoted scalars and block scalars, so that a `#` inside a value is never taken for a comment."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from gongkai.lint.problem import Problem
from gongkai.load import LoadError, Position, decode, read_bytes

MARKER = "gongkai:"
_DIRECTIVE = re.compile(r"(?:^|\s)#\s*gongkai:\s*ignore\[([^\]]*)\]\s*(.*)$")
"""At the start of the comment or after another one on the line: `# yaml-language-server: … # gongkai: ignore[…]`."""
_LINE_BREAK = re.compile(r"\r\n|[\r\n\x85\u2028\u2029]")
"""The line breaks of YAML 1.1 as the parser counts lines (libyaml: CR, LF, CR LF, NEL, LS, PS)."""
_BLOCK_INDICATOR = re.compile(r"(?:^|[:?-][ \t]+)[|>][-+1-9]{0,2}$")
"""A value that opens a block scalar: `key: |`, `- >-`, `|2+`."""


@dataclass(frozen=True)
class Suppression:
    """One `# gongkai: ignore[…]` comment: its place, the codes it names (as written, upper-cased), the reason."""

    line: int
    column: int
    codes: tuple[str, ...]
    reason: str = ""

    @property
    def position(self) -> Position:
        return Position(self.line, self.column)


def read_suppressions(path: Path) -> list[Suppression]:
    """The suppressions in the file at `path`; none when it cannot be read (the loader reports that)."""
    try:
        raw = read_bytes(path)
    except LoadError:
        return []
    if b"gongkai" not in raw and not raw[:4].startswith((b"\xff\xfe", b"\xfe\xff", b"\x00\x00")):
        return []  # the common case, decided without decoding: UTF-8 and GB18030 keep ASCII as it is
    try:
        text, _ = decode(raw)
    except LoadError:
        return []
    return suppressions(text)


def suppressions(text: str) -> list[Suppression]:
    """Every suppression comment in a YAML text, in line order."""
    if MARKER not in text:
        return []
    found = []
    for number, comment, column in comments(text):
        match = _DIRECTIVE.search(comment)
        if match:
            codes = tuple(c.strip().upper() for c in match.group(1).split(","))
            found.append(Suppression(number, column, tuple(c for c in codes if c), match.group(2).strip()))
    return found


def comments(text: str) -> Iterable[tuple[int, str, int]]:
    """(line, comment text from its `#`, 1-based column) for each comment in the YAML text. Outside a comment
    the scanner tracks quoted scalars (which may run over several lines) and block scalars (`|`, `>`), whose
    lines are content, not comments."""
    quote = ""  # the open quote, when a quoted scalar runs on into the next line
    block_indent = -1  # inside a block scalar: the indentation of the line that opened it
    for number, line in enumerate(_LINE_BREAK.split(text), start=1):
        indent = len(line) - len(line.lstrip(" "))
        if block_indent >= 0:
            if not line.strip() or indent > block_indent:
                continue
            block_indent = -1
        column, quote = _comment_column(line, quote)
        code = line if column < 0 else line[:column]
        if not quote and _BLOCK_INDICATOR.search(code.rstrip()):
            block_indent = indent
        if column >= 0:
            yield number, line[column:], column + 1


def _comment_column(line: str, quote: str) -> tuple[int, str]:
    """Where a comment starts on `line` (-1: none), and the quote still open at its end."""
    n = 0
    while n < len(line):
        char = line[n]
        if quote:
            if quote == '"' and char == "\\":
                n += 1  # the escaped character is text
            elif char == quote and quote == "'" and line[n + 1 : n + 2] == "'":
                n += 1  # '' is a quote inside single quotes
            elif char == quote:
                quote = ""
        elif char == "#" and (n == 0 or line[n - 1] in " \t"):
            return n, ""
        elif char in "\"'" and _value_starts(line, n):
            quote = char
        n += 1
    return -1, quote


def _value_starts(line: str, n: int) -> bool:
    """Whether a value can start at `n`, so that a quote there opens a quoted scalar: at the start of the line,
    after `key: `, `- `, `? `, or after `[`, `{`, `,` in flow style. In `it's` or `5'` the quote is text."""
    before = line[:n]
    stripped = before.rstrip(" \t")
    if not stripped or stripped[-1] in "[{,":
        return True
    spaced = len(stripped) < len(before)
    if stripped[-1] == ":":
        return spaced
    return spaced and stripped[-1] in "-?" and (len(stripped) == 1 or stripped[-2] in " \t[{,")


@dataclass(frozen=True)
class Unused:
    """A code of a suppression that silenced nothing ("" when the suppression names none)."""

    suppression: Suppression
    code: str
    known: bool  # a rule has this code


def apply(
    problems: Iterable[Problem], found: list[Suppression], ran: Iterable[str], known: Iterable[str]
) -> tuple[list[Problem], list[Unused]]:
    """`problems` without those a suppression silences (same line, same code), and what silenced nothing: a
    code whose rule ran on the file (`ran`), a code no rule has (`known`: every code), a suppression naming no
    code. A code whose rule did not run (not selected, ignored) may have had something to silence."""
    if not found:
        return list(problems), []
    by_line: dict[int, set[str]] = {}
    for suppression in found:
        by_line.setdefault(suppression.line, set()).update(suppression.codes)
    used: set[tuple[int, str]] = set()
    kept = []
    for problem in problems:
        if problem.code in by_line.get(problem.line, ()):
            used.add((problem.line, problem.code))
        else:
            kept.append(problem)
    ran, known = set(ran), set(known)
    unused = [
        Unused(suppression, code, code in known)
        for suppression in found
        for code in suppression.codes or ("",)
        if (suppression.line, code) not in used and (code in ran or code not in known)
    ]
    return kept, unused
