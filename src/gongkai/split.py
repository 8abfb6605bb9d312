"""A big catalog parsed in parts, one per core. The file is cut at item lines under `domains:`; the first part
is parsed here and each other alone in a forked child (as `domains:`, the key of the domain it continues, and its
lines), and the parts are joined again, their lines and item indexes put back. Where the cut cannot be trusted —
a part that does not parse or has an issue (an alias to an anchor in another part, a quote left open), a key that
two parts both hold — the file is parsed whole instead, as `load` does, so the data and places are the same.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from gongkai.cache import pack, unpack
from gongkai.load import LoadError, LoadIssue, Source, decode, load, only_lf_or_crlf, parse
from gongkai.parallel import alongside

SPLIT_BYTES = 4 << 20
"""Files smaller than this are parsed whole: a part's worker costs more than it saves."""

_KEY_LINE = re.compile(r"[^\s#\-\[{][^#]*:[ \t]*(#.*)?\r?\n?$")  # `shehui-jiuzhu:`, a block of items below


def load_in_parts(path: Path, raw: bytes, processes: int) -> Source:
    """`load(path, raw, deep=False)`, parsed in up to `processes` parts."""
    try:
        text, encoding = decode(raw)
    except LoadError:
        return load(path, raw, deep=False)
    if encoding != "utf-8":  # load's note on the encoding comes with it
        return load(path, raw, deep=False)
    cuts = _cuts(text, processes)
    if cuts is None:
        return load(path, raw, deep=False)
    ends = [offset for _, offset, _ in cuts[1:]] + [len(text)]
    parts = [
        (start, ("domains:\n" + key if key is not None else "") + text[offset:end])
        for (start, offset, key), end in zip(cuts, ends, strict=True)
    ]
    del text

    def parse_part(n: int) -> tuple[Any, dict, list[LoadIssue]] | None:
        positions: dict = {}
        issues: list[LoadIssue] = []
        try:
            return parse(parts[n][1], positions, issues, deep=False), positions, issues
        except LoadError:
            return None

    def packed_part(n: int) -> tuple[bytes, bytes] | None:
        """In a child: its part as msgpack (three times faster to send back than a pickle of the same data), or
        None when the part cannot be joined anyway (an issue) or holds what msgpack cannot (a huge 0x number)."""
        parsed = parse_part(n)
        if parsed is None or parsed[2]:
            return None
        try:
            return pack(parsed[0]), pack(parsed[1])
        except (TypeError, OverflowError, ValueError):
            return None

    children: list[Callable[[], Any]] = [partial(packed_part, n) for n in range(1, len(parts))]
    first, *others = alongside(lambda: parse_part(0), children)
    parsed = [first] + [None if p is None else (unpack(p[0]), unpack(p[1], tuples=True), []) for p in others]
    joined = _join([start for start, _ in parts], parsed)
    if joined is None:
        return load(path, raw, deep=False)
    return Source(path, joined[0], joined[1], raw=raw, deep=False)


_DOMAINS_LINE = re.compile(r"^domains:[ \t]*(#.*)?\r?$", re.MULTILINE)
_LINE = re.compile(r".*\n?")


def _cuts(text: str, parts: int) -> list[tuple[int, int, str | None]] | None:
    """Where each part starts (0-based line and offset in `text`) and the line of the domain key it continues
    (None for the first part); None when the file has no block of items to cut, or a layout the cut cannot
    trust."""
    if parts < 2 or not only_lf_or_crlf(text):  # other line ends: YAML and str.splitlines may cut other lines
        return None
    head = _DOMAINS_LINE.search(text)
    if head is None:
        return None
    cut = _Cut()
    after = head.end()  # where the last line looked at ends
    for found in _LINE.finditer(text, head.end() + 1):  # line by line until both indentations are known
        after = found.end()
        if not cut.look(found.start(), found.group(), text) or cut.item_indent is not None:
            break
    if cut.going and cut.item_indent is not None:
        # Then only a line indented no deeper than those (or with a tab where its indentation ends) can change
        # the answer, and a regular expression finds just those: an item's own lines, most of a catalog, are
        # skipped unread (they took 0.3 s of a 50,000-item file's 0.4 s here).
        deepest = max(cut.key_indent or 0, cut.item_indent)
        relevant = re.compile(f"\\n((?: {{0,{deepest}}}[^ \\n]| *\\t)[^\\n]*)")
        for line_end in relevant.finditer(text, after - 1):  # from the line end before the next line
            line = line_end.group(1) + ("\n" if line_end.end() < len(text) else "")
            if not cut.look(line_end.start(1), line, text):
                break
    if cut.failed or len(cut.candidates) < 2 * parts:
        return None
    step = len(cut.candidates) / parts
    return [(0, 0, None)] + [cut.candidates[round(k * step)] for k in range(1, parts)]


class _Cut:
    """The lines of `domains:` looked at in order: the domain keys, the items that may start a part."""

    def __init__(self) -> None:
        self.key_indent: int | None = None
        self.item_indent: int | None = None
        self.domain: str | None = None  # the line of the domain key above
        self.candidates: list[tuple[int, int, str]] = []  # (line, offset, domain key line)
        self.failed = False
        self.going = True
        self._counted = (0, 0)  # (offset, lines before it)

    def look(self, start: int, line: str, text: str) -> bool:
        """Take in the line at offset `start`; False once the block of items has ended (or cannot be cut)."""
        if not line:
            self.going = False
            return False
        body = line.lstrip(" ")
        if not body.strip() or body.startswith("#"):
            return True
        if "\t" in line[: len(line) - len(body) + 1]:
            return self._fail()  # tabs: the whole parse reports them
        indent = len(line) - len(body)
        item = body.startswith("- ") or body.rstrip() == "-"
        if indent == 0 and not item:
            self.going = False  # the next top-level key: the end of `domains:`
            return False
        if self.key_indent is None:
            self.key_indent = indent
        if indent == self.key_indent and not item:
            if not _KEY_LINE.match(body):
                return self._fail()
            self.domain = line
        elif item and self.domain is not None:
            self.item_indent = indent if self.item_indent is None else self.item_indent
            if indent == self.item_indent:
                self.candidates.append((self._line_number(start, text), start, self.domain))
        elif indent < self.key_indent:
            return self._fail()
        return True

    def _fail(self) -> bool:
        self.failed, self.going = True, False
        return False

    def _line_number(self, offset: int, text: str) -> int:
        counted, lines = self._counted
        lines += text.count("\n", counted, offset)
        self._counted = (offset, lines)
        return lines


def _join(starts: list[int], parsed: list) -> tuple[Any, dict] | None:
    """The parts' data and positions as one file's, or None when they cannot be joined faithfully."""
    if any(p is None or p[2] or not isinstance(p[0], dict) for p in parsed):
        return None
    data, positions, _ = parsed[0]
    domains = data.get("domains")
    if not isinstance(domains, dict):
        return None
    for start, (part, places, _) in zip(starts[1:], parsed[1:], strict=True):
        their = part.get("domains")
        if not isinstance(their, dict) or not their or (set(part) - {"domains"}) & set(data):
            return None
        continued, *others = their
        if any(other in domains for other in others) or not isinstance(domains.get(continued), list):
            return None
        if not isinstance(their[continued], list):
            return None
        base = len(domains[continued])
        domains[continued].extend(their[continued])
        for other in others:
            domains[other] = their[other]
        for key, value in part.items():
            if key != "domains":
                data[key] = value
        shift = start - 2  # the part's line 3 is the file's line start + 1
        for path, (line, column) in places.items():
            if path in ((), ("domains",), ("domains", continued)):
                continue  # the lines put before the part
            if len(path) >= 3 and path[:2] == ("domains", continued):
                path = ("domains", continued, path[2] + base, *path[3:])
            positions[path] = (line + shift, column)
    return data, positions
