"""A big catalog parsed in parts, one per core. The file is cut at item lines under `domains:`; the first part
is parsed here and each other alone in a forked child (as `domains:`, the key of the domain it continues, and its
lines), and the parts are joined again, their lines and item indexes put back. Where the cut cannot be trusted —
a part that does not parse or has an issue (an alias to an anchor in another part, a quote left open), a key that
two parts both hold — the file is parsed whole instead, as `load` does, so the data and places are the same.
"""

from __future__ import annotations

import re
from functools import partial
from pathlib import Path
from typing import Any

from gongkai.load import LoadError, LoadIssue, Source, decode, load, parse
from gongkai.parallel import alongside

SPLIT_BYTES = 4 << 20
"""Files smaller than this are parsed whole: a part's worker costs more than it saves."""

_DOMAINS = re.compile(r"domains:[ \t]*(#.*)?\r?\n?$")
_KEY_LINE = re.compile(r"[^\s#\-\[{][^#]*:[ \t]*(#.*)?\r?\n?$")  # `shehui-jiuzhu:`, a block of items below


def load_in_parts(path: Path, raw: bytes, processes: int) -> Source:
    """`load(path, raw, deep=False)`, parsed in up to `processes` parts."""
    try:
        text, encoding = decode(raw)
    except LoadError:
        return load(path, raw, deep=False)
    if encoding != "utf-8":  # load's note on the encoding comes with it
        return load(path, raw, deep=False)
    lines = text.splitlines(keepends=True)
    cuts = _cuts(lines, processes)
    if cuts is None:
        return load(path, raw, deep=False)
    ends = [start for start, _ in cuts[1:]] + [len(lines)]
    parts = [
        (start, ("domains:\n" + lines[key] if key is not None else "") + "".join(lines[start:end]))
        for (start, key), end in zip(cuts, ends, strict=True)
    ]

    def parse_part(n: int) -> tuple[Any, dict, list[LoadIssue]] | None:
        positions: dict = {}
        issues: list[LoadIssue] = []
        try:
            return parse(parts[n][1], positions, issues, deep=False), positions, issues
        except LoadError:
            return None

    parsed = alongside(lambda: parse_part(0), [partial(parse_part, n) for n in range(1, len(parts))])
    joined = _join([start for start, _ in parts], parsed)
    if joined is None:
        return load(path, raw, deep=False)
    return Source(path, joined[0], joined[1], raw=raw, deep=False)


def _cuts(lines: list[str], parts: int) -> list[tuple[int, int | None]] | None:
    """Where each part starts (0-based line) and the line of the domain key it continues (None for the first
    part); None when the file has no block of items to cut."""
    start = next((n for n, line in enumerate(lines) if _DOMAINS.match(line)), None)
    if start is None or parts < 2:
        return None
    key_indent = item_indent = domain = None
    candidates: list[tuple[int, int]] = []
    for n in range(start + 1, len(lines)):
        line = lines[n]
        body = line.lstrip(" ")
        if not body.strip() or body.startswith("#"):
            continue
        if "\t" in line[: len(line) - len(body) + 1]:
            return None  # tabs: the whole parse reports them
        indent = len(line) - len(body)
        item = body.startswith("- ") or body.rstrip() == "-"
        if indent == 0 and not item:
            break  # the next top-level key: the end of `domains:`
        if key_indent is None:
            key_indent = indent
        if indent == key_indent and not item:
            if not _KEY_LINE.match(body):
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
    return [(0, None)] + [candidates[round(k * step)] for k in range(1, parts)]


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
