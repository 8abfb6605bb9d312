"""A unit's catalog reduced to what the history compares (`UnitSnapshot`), read from a file's text, item by item
where the file allows so that an edit of one item does not parse the whole file again (`Snapshots`)."""

from __future__ import annotations

import re
from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from gongkai.history.changes import CATALOG_PATH, COMPARED
from gongkai.load import LoadError, LoadIssue, Source, decode, parse
from gongkai.model.catalog import Catalog, Item, trim
from gongkai.model.issues import ModelIssue, dotted
from gongkai.model.project import validate

Elements = tuple[str | None, ...]
"""An item's compared values, in COMPARED order: normalised, lists joined with 、, spaces collapsed."""
Key = tuple[str, str]  # (domain, identity)


@dataclass(frozen=True)
class _Invalid:
    """An item that does not validate at this revision: unknown, not removed. `identity` None: not even that."""

    identity: str | None


@dataclass(frozen=True)
class UnitSnapshot:
    """One unit's catalog at one revision, reduced to what is compared."""

    name: str = ""  # display name
    items: Mapping[Key, Elements] = field(default_factory=dict)
    fields: Mapping[str, str | None] = field(default_factory=dict)
    unknown_items: frozenset[Key] = frozenset()  # invalid at this revision
    unknown_domains: frozenset[str] = frozenset()  # a domain whose items cannot all be told apart
    problem: str | None = None  # why the whole unit is unknown at this revision

    @property
    def readable(self) -> bool:
        return self.problem is None

    @property
    def exact(self) -> bool:
        """Everything in the file is known."""
        return self.readable and not self.unknown_items and not self.unknown_domains

    def unknown(self, key: Key) -> bool:
        return key in self.unknown_items or key[0] in self.unknown_domains


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, list):
        value = "、".join(str(v) for v in value)
    text = " ".join(str(value).split())
    return text or None


def _elements(item: Item) -> tuple[str, Elements]:
    return item.identity, tuple(_text(getattr(item, key)) for key in COMPARED)


def _raw_identity(raw: Any) -> str | None:
    """The identity of an item that failed validation, as Item.identity would have it, if it can be told."""
    if not isinstance(raw, dict):
        return None
    for key in ("id", "name"):
        value = raw.get(key)
        if isinstance(value, (str, int)) and not isinstance(value, bool):
            text = trim(str(value))
            if text:
                return text
    return None


def _unit_fields(catalog: Catalog) -> dict[str, str | None]:
    unit = catalog.unit
    withheld = "；".join(f"{w.name}（{w.basis}）" if w.basis else w.name for w in catalog.withheld)
    return {
        "name": _text(unit.name),
        "short": _text(unit.short),
        "kind": unit.kind,
        "parent": _text(unit.parent),
        "contact": _text(unit.contact),
        "reviewed": catalog.reviewed.isoformat() if catalog.reviewed else None,
        "withheld": _text(withheld),
    }


def _assemble(catalog: Catalog, domains: Iterable[tuple[str, list[tuple[str, Elements] | _Invalid]]]) -> UnitSnapshot:
    items: dict[Key, Elements] = {}
    unknown_items: set[Key] = set()
    unknown_domains: set[str] = set()
    for domain, results in domains:
        for result in results:
            if isinstance(result, _Invalid):
                if result.identity is None:
                    unknown_domains.add(domain)
                else:
                    unknown_items.add((domain, result.identity))
            else:
                items.setdefault((domain, result[0]), result[1])  # of two with one identity, the first (lint: GK1xx)
    unknown_items -= items.keys()
    return UnitSnapshot(
        catalog.unit.display_name,
        items,
        _unit_fields(catalog),
        frozenset(unknown_items),
        frozenset(unknown_domains),
    )


def _problem(issues: Iterable[LoadIssue], model_issues: Iterable[ModelIssue] = ()) -> str:
    """What makes a whole file unknown, with its place: the first load problem, else the first model problem."""
    for issue in issues:
        if issue.kind != "encoding":
            return f"{issue.message}（第 {issue.position.line} 行第 {issue.position.column} 列）"
    for model_issue in model_issues:
        return f"[{dotted(model_issue.path)}] {model_issue.message}" if model_issue.path else model_issue.message
    return "目录无法通过校验 (invalid catalog)"


Result = tuple[str, Elements] | _Invalid
"""What one item in a file comes to: (identity, elements), or _Invalid."""


def snapshot_data(data: Any, issues: list[LoadIssue] | None = None) -> UnitSnapshot:
    """A unit's snapshot from its parsed YAML data: validate the whole catalog, as lint and build do."""
    return _reduce(data, issues or [])[0]


def _reduce(data: Any, issues: list[LoadIssue]) -> tuple[UnitSnapshot, dict[str, list[Result]]]:
    """The snapshot, and each domain's items in file order (what the fast path's item cache is seeded with)."""
    source = Source(CATALOG_PATH, data, issues=list(issues))
    catalog, model_issues, kept = validate(source)
    if catalog is None:
        problem = _problem(source.issues, model_issues)
        return UnitSnapshot(problem=problem), {}
    raw_domains = data.get("domains") if isinstance(data.get("domains"), dict) else {}
    domains: dict[str, list[Result]] = {}
    for domain, raw_items in raw_domains.items():
        if domain not in catalog.domains:
            domains[domain] = [_Invalid(None)]
            continue
        valid = catalog.domains[domain]
        indexes = kept.get(("domains", domain)) or range(len(valid))
        by_index: dict[int, Result] = {n: _elements(item) for n, item in zip(indexes, valid, strict=True)}
        count = len(raw_items) if isinstance(raw_items, list) else len(valid)
        domains[domain] = [
            by_index[n] if n in by_index else _Invalid(_raw_identity(raw_items[n])) for n in range(count)
        ]
    return _assemble(catalog, domains.items()), domains


def snapshot_text(text: str) -> UnitSnapshot:
    """A unit's snapshot from its YAML text, the whole file parsed and validated (the reference the fast path of
    Snapshots must agree with)."""
    return Snapshots()._whole(text, None)


class Snapshots:
    """Catalog bytes → UnitSnapshot, remembering results by blob and by item.

    The fast path: a catalog in the usual block layout is cut at its items (`    - ` under `  domain:`), and each
    item's text is parsed and validated once for the whole history — a commit changes an item or two of a
    file's hundreds. Anything the cutter is not sure of (flow style, quoted keys, tabs, CRLF, a cut that does not
    parse on its own, an anchor used across items, duplicate keys) takes the slow path: the whole file parsed
    and validated as lint does. Both give the same snapshot (tests/test_history.py checks it on every catalog)."""

    def __init__(self, blob_cache: int = 512):
        self._blobs: OrderedDict[str, UnitSnapshot] = OrderedDict()
        self._blob_cache = blob_cache
        self._chunks: dict[str, Result | None] = {}

    def of_blob(self, sha: str, read: Callable[[str], bytes]) -> UnitSnapshot:
        found = self._blobs.get(sha)
        if found is not None:
            self._blobs.move_to_end(sha)
            return found
        try:
            snapshot = self.of_bytes(read(sha))
        except LoadError as exc:
            snapshot = UnitSnapshot(problem=_problem([exc.issue]))
        self._blobs[sha] = snapshot
        if len(self._blobs) > self._blob_cache:
            self._blobs.popitem(last=False)
        return snapshot

    def of_bytes(self, raw: bytes) -> UnitSnapshot:
        try:
            text, _ = decode(raw)
        except LoadError as exc:
            return UnitSnapshot(problem=_problem([exc.issue]))
        return self.of_text(text)

    def of_text(self, text: str) -> UnitSnapshot:
        cut = _cut(text)
        if cut is not None:
            chunks = [chunk for _, domain_chunks in cut[1] for _, chunk in domain_chunks]
            if sum(chunk not in self._chunks for chunk in chunks) * 2 <= len(chunks):
                fast = self._fast(cut)
                if fast is not None:
                    return fast
        return self._whole(text, cut)

    def _whole(self, text: str, cut: Cut | None) -> UnitSnapshot:
        """The slow path; it seeds the item cache when the cut agrees with the parser on where every item is."""
        issues: list[LoadIssue] = []
        positions: dict[tuple, Any] = {}
        try:
            data = _parse(text, positions, issues)
        except LoadError as exc:
            return UnitSnapshot(problem=_problem([exc.issue]))
        snapshot, results = _reduce(data, issues)
        if cut is not None and not issues and results.keys() == {domain for domain, _ in cut[1]}:
            for domain, chunks in cut[1]:
                lines = [positions.get(("domains", domain, n)) for n in range(len(results[domain]))]
                if [p[0] if p else 0 for p in lines] != [line for line, _ in chunks]:
                    continue
                for (_, chunk), result in zip(chunks, results[domain], strict=True):
                    if "*" not in chunk:  # an alias would stand for something outside the item
                        self._chunks[chunk] = result
        return snapshot

    def _fast(self, cut: Cut) -> UnitSnapshot | None:
        skeleton, domains = cut
        issues: list[LoadIssue] = []
        try:
            data = _parse(skeleton, {}, issues)
        except LoadError:
            return None
        if issues or not isinstance(data, dict) or "domains" not in data or data["domains"] is not None:
            return None
        results: list[tuple[str, list[Result]]] = []
        for domain, chunks in domains:
            items: list[Result] = []
            for _, chunk in chunks:
                result = self._chunks.get(chunk, _MISSING)
                if result is _MISSING:
                    result = self._chunks[chunk] = _chunk_item(chunk)
                if result is None:
                    return None
                items.append(result)
            results.append((domain, items))
        catalog, _, _ = validate(Source(CATALOG_PATH, {**data, "domains": {}}))
        if catalog is None:
            return None  # the slow path names the problem
        return _assemble(catalog, results)


Cut = tuple[str, list[tuple[str, list[tuple[int, str]]]]]
"""(the file without its items, [(domain, [(the item's first line, its text dedented)])])."""
_MISSING: Any = object()
_DOMAINS_LINE = re.compile(r"^domains:[ ]*(?:#.*)?$", re.MULTILINE)
_REGION_END = re.compile(r"^[^ #\n]", re.MULTILINE)
_KEY = r"[A-Za-z0-9_][A-Za-z0-9_.-]*"
_FIRST_LINE = re.compile(r"^( *)(?:(- |-$)|[^ #\n])", re.MULTILINE)
_UNIT_PLACEHOLDER = {"name": "单位", "kind": "township"}  # any valid unit: only the item is read


def _parse(text: str, positions: dict, issues: list[LoadIssue]) -> Any:
    """load.parse, with what else it may raise on hostile input turned into a LoadError: history never stops."""
    try:
        return parse(text, positions, issues)
    except (ValueError, RecursionError) as exc:
        raise LoadError(f"无法解析：{exc} (cannot parse)") from None


def _cut(text: str) -> Cut | None:
    """Cut a catalog at its items, or None when its layout is not the plain block one this expects: `domains:`
    at the start of a line, domain ids as keys one level in, items as `- ` lines one level further (or at the
    keys' level), everything else of an item indented more than its `- `."""
    if "\r" in text or "\t" in text:
        return None
    found = _DOMAINS_LINE.search(text)
    if found is None:
        return None
    start = found.end() + 1
    end_match = _REGION_END.search(text, start)
    end = end_match.start() if end_match else len(text)
    region = text[start:end]
    first_key = _FIRST_LINE.search(region)
    first_item = re.search(r"^( *)- |^( *)-$", region, re.MULTILINE)
    if first_key is None or first_key.group(2) or first_item is None:
        return None
    key_indent = " " * len(first_key.group(1))
    item_indent = " " * len(first_item.group(1) if first_item.group(1) is not None else first_item.group(2))
    if len(item_indent) < len(key_indent):
        return None
    key_line = rf"{key_indent}({_KEY}):[ ]*(?:#.*)?$"
    item_line = rf"{item_indent}-(?: |$)"
    fits = rf"^(?:{item_indent} | *#| *$|{item_line}|{key_line})"
    stray = re.compile(rf"^(?!{fits})|^{key_line}\n(?:(?: *#.*| *)\n)*{item_indent} ", re.MULTILINE)
    if stray.search(region):
        return None
    domains: list[tuple[str, list[tuple[int, str]]]] = []
    marks = list(re.finditer(rf"^(?:{key_line}|{item_line})", region, re.MULTILINE))
    line = text.count("\n", 0, start) + 1
    previous = 0
    for n, mark in enumerate(marks):
        line += region.count("\n", previous, mark.start())
        previous = mark.start()
        if mark.group(1) is not None:
            domains.append((mark.group(1), []))
        elif domains:
            stop = marks[n + 1].start() if n + 1 < len(marks) else len(region)
            domains[-1][1].append((line, region[mark.start() : stop]))
        else:
            return None
    if len({domain for domain, _ in domains}) != len(domains):
        return None
    return text[:start] + text[end:], domains


def _chunk_item(chunk: str) -> tuple[str, Elements] | _Invalid | None:
    """One item's text → (identity, elements), _Invalid, or None when it does not stand on its own."""
    issues: list[LoadIssue] = []
    try:
        data = _parse(chunk, {}, issues)
    except LoadError:
        return None
    if issues or not isinstance(data, list) or len(data) != 1:
        return None
    raw = data[0]
    try:
        return _elements(Item.model_validate(raw))
    except ValidationError:
        pass
    # As validate() would prune it inside its catalog: unknown keys dropped, any other fault drops the item.
    catalog, _, _ = validate(Source(CATALOG_PATH, {"unit": dict(_UNIT_PLACEHOLDER), "domains": {"d": [raw]}}))
    if catalog is not None and catalog.domains.get("d"):
        return _elements(catalog.domains["d"][0])
    return _Invalid(_raw_identity(raw))
