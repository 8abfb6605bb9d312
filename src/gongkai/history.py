"""Change history of the catalogs, read from git: item-by-item diffs between two revisions (`gongkai diff`)
and the dated 更新记录 of the site (`gongkai build --history`), with its Atom feed.

Items are compared by identity (unit + domain + `id` or name) on the model's normalised values, so that
依申请公开 → 依申请 is no change. An item that disappeared while another appeared in the same unit and domain is
a rename when their content, basis, deadline and owner are alike (see `rename_score`). Blobs are read through one
`git cat-file --batch` process; each commit's changes are kept in the cache.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import difflib
import hashlib
import json
import os
import re
import subprocess
import uuid
import xml.etree.ElementTree as ET
from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from html import escape
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from gongkai import __version__, clock
from gongkai.cache import Cache, Kind, digest
from gongkai.errors import GongkaiError
from gongkai.load import MAX_FILE_BYTES, LoadError, LoadIssue, Source, decode, parse
from gongkai.model.catalog import Catalog, Item, trim
from gongkai.model.guide import reduced, similarity
from gongkai.model.issues import ModelIssue, dotted
from gongkai.model.project import validate
from gongkai.model.vocab import ELEMENT_BY_KEY, UNIT_KINDS
from gongkai.render.views import anchor, unit_url

COMPARED: tuple[str, ...] = (
    "category",
    "name",
    "content",
    "basis",
    "deadline",
    "owner",
    "channel",
    "audience",
    "method",
    "level",
    "stage",
    "same_as",
    "id",
)
"""The item's elements compared, in the order of the standard table (then the optional extras)."""

LABELS: dict[str, str] = {**{k: e.label for k, e in ELEMENT_BY_KEY.items()}, "same_as": "对应事项"}

UNIT_FIELDS: dict[str, str] = {
    "name": "单位全称",
    "short": "简称",
    "kind": "单位类型",
    "parent": "上级单位",
    "contact": "联系电话",
    "reviewed": "评估日期",
    "withheld": "负面清单",
}
"""What a unit says about itself besides its items, compared too (`reviewed` is the 定期评估)."""

RENAME_WEIGHTS: dict[str, float] = {"content": 0.5, "basis": 0.2, "deadline": 0.2, "owner": 0.1}
RENAME_THRESHOLD = 0.8
"""An item that disappeared and one that appeared in the same unit and domain are one item renamed when the
weighted similarity of these four elements reaches the threshold. Content weighs most: different items of one
unit often share their basis, deadline and owner, and those alone (0.5) never make a rename; an item renamed
keeps most of its content. Similarity is guide.similarity: difflib's ratio of the texts without spaces and
punctuation; an element missing on one side only counts 0."""

MAX_RENAME_PAIRS = 250_000
"""Beyond this many (removed × added) pairs in one unit and domain, only items with identical content are
matched, so that a wholesale rewrite cannot take minutes."""

WORKING_TREE = "工作区"
MAIN_BRANCHES = ("main", "master", "origin/main", "origin/master", "origin/HEAD")
_NAME_INDEX = COMPARED.index("name")
_CATALOG_PATH = Path("catalogs/catalog.yaml")


# ---------------------------------------------------------------------------------------------------- results


@dataclass(frozen=True)
class ItemChange:
    """One item's change in one unit."""

    kind: str  # "added" | "removed" | "renamed" | "changed"
    unit: str  # the unit's slug
    domain: str
    identity: str  # the item's identity (its `id`, else its name): new for renamed, old for removed
    name: str  # the item's name (new for renamed)
    old_identity: str | None = None  # for renamed (the same as identity when an unchanged `id` kept it)
    old_name: str | None = None  # for renamed
    elements: tuple[tuple[str, str | None, str | None], ...] = ()  # (key, old, new) for changed and renamed
    anchor: str | None = None  # the item's permalink anchor as it is now; None when it is gone

    @property
    def url(self) -> str | None:
        """The item's permalink, relative to the site root."""
        return f"{unit_url(self.unit)}#{self.anchor}" if self.anchor else None

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.kind]


KIND_LABELS = {"added": "新增", "removed": "删除", "renamed": "更名", "changed": "修改"}


@dataclass(frozen=True)
class UnitChange:
    """A change of what a unit says about itself: its name, kind, parent, contact, `reviewed` or withheld list."""

    unit: str
    key: str  # a key of UNIT_FIELDS
    old: str | None
    new: str | None

    @property
    def label(self) -> str:
        return UNIT_FIELDS[self.key]


@dataclass
class CatalogDiff:
    """What changed between two states of a county's catalogs."""

    old: str  # revision labels; WORKING_TREE for the work tree
    new: str
    changes: list[ItemChange] = field(default_factory=list)  # sorted by unit, domain, name
    units_added: list[str] = field(default_factory=list)
    units_removed: list[str] = field(default_factory=list)
    unit_changes: list[UnitChange] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what could not be compared, and why
    unit_names: dict[str, str] = field(default_factory=dict)  # slug → display name, for the units named here
    domain_names: dict[str, str] = field(default_factory=dict)  # domain id → name (from domains/)
    old_commit: str | None = None
    new_commit: str | None = None

    @property
    def changed(self) -> bool:
        """Anything published changed (`gongkai diff --exit-code` exits 1)."""
        return bool(self.changes or self.units_added or self.units_removed or self.unit_changes)

    def counts(self) -> dict[str, int]:
        counts = {kind: 0 for kind in KIND_LABELS}
        for change in self.changes:
            counts[change.kind] += 1
        return counts

    def unit_label(self, slug: str) -> str:
        name = self.unit_names.get(slug)
        return f"{name}（{slug}）" if name else slug

    def domain_label(self, domain: str) -> str:
        name = self.domain_names.get(domain)
        return f"{name}（{domain}）" if name else domain

    def units(self) -> list[str]:
        """Every unit this diff names, sorted."""
        slugs = {c.unit for c in self.changes} | {c.unit for c in self.unit_changes}
        return sorted(slugs | set(self.units_added) | set(self.units_removed))

    def groups(self) -> list[tuple[str, list[UnitChange], list[tuple[str, list[ItemChange]]]]]:
        """(unit, its unit changes, [(domain, its item changes)]) in order: what pages and formats show."""
        out = []
        for slug in self.units():
            domains: dict[str, list[ItemChange]] = {}
            for change in self.changes:
                if change.unit == slug:
                    domains.setdefault(change.domain, []).append(change)
            out.append((slug, [c for c in self.unit_changes if c.unit == slug], list(domains.items())))
        return out

    def for_unit(self, slug: str) -> CatalogDiff:
        """This diff restricted to one unit (for the unit's own 更新记录)."""
        return replace(
            self,
            changes=[c for c in self.changes if c.unit == slug],
            units_added=[u for u in self.units_added if u == slug],
            units_removed=[u for u in self.units_removed if u == slug],
            unit_changes=[c for c in self.unit_changes if c.unit == slug],
            notes=[n for n in self.notes if n.startswith(f"「{slug}」")],
            unit_names={k: v for k, v in self.unit_names.items() if k == slug},
        )


@dataclass(frozen=True)
class HistoryEntry:
    """One commit that changed the catalogs, as the 更新记录 shows it."""

    commit: str
    date: dt.datetime  # the committer date, with its time zone
    message: str  # the commit message's first line
    diff: CatalogDiff

    @property
    def changes(self) -> list[ItemChange]:
        return self.diff.changes

    @property
    def anchor(self) -> str:
        """The entry's anchor on the 更新记录 page (the feed links to it)."""
        return f"c-{self.commit[:12]}"

    @property
    def day(self) -> dt.date:
        """The entry's date in China Standard Time."""
        return self.date.astimezone(clock.CHINA).date()


# ---------------------------------------------------------------------------------------------------- snapshots

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
    source = Source(_CATALOG_PATH, data, issues=list(issues))
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
        catalog, _, _ = validate(Source(_CATALOG_PATH, {**data, "domains": {}}))
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
    catalog, _, _ = validate(Source(_CATALOG_PATH, {"unit": dict(_UNIT_PLACEHOLDER), "domains": {"d": [raw]}}))
    if catalog is not None and catalog.domains.get("d"):
        return _elements(catalog.domains["d"][0])
    return _Invalid(_raw_identity(raw))


# ---------------------------------------------------------------------------------------------------- comparing


def rename_score(old: Elements, new: Elements) -> float:
    """How alike two items are apart from their names: RENAME_WEIGHTS over content, basis, deadline, owner."""
    score = 0.0
    for key, weight in RENAME_WEIGHTS.items():
        a, b = old[COMPARED.index(key)], new[COMPARED.index(key)]
        score += weight * (1.0 if a == b else 0.0 if a is None or b is None else similarity(a, b))
    return score


def _renames(removed: dict[str, Elements], added: dict[str, Elements]) -> list[tuple[str, str]]:
    """Pairs (old identity, new identity) that are one item renamed: the best scores first, each item once."""
    content = COMPARED.index("content")
    pairs: list[tuple[float, float, str, str]] = []
    if len(removed) * len(added) > MAX_RENAME_PAIRS:
        by_content: dict[str, list[str]] = {}
        for identity, elements in sorted(added.items()):
            by_content.setdefault(reduced(elements[content] or ""), []).append(identity)
        for old, elements in sorted(removed.items()):
            for new in by_content.get(reduced(elements[content] or ""), []):
                pairs.append((-1.0, 0.0, old, new))
    else:
        rest = 1.0 - RENAME_WEIGHTS["content"]
        matcher = difflib.SequenceMatcher(autojunk=False)
        for new, new_elements in added.items():
            new_content = reduced(new_elements[content] or "")
            matcher.set_seq2(new_content)
            for old, old_elements in removed.items():
                old_content = reduced(old_elements[content] or "")
                if old_content != new_content:
                    matcher.set_seq1(old_content)
                    if RENAME_WEIGHTS["content"] * matcher.real_quick_ratio() + rest < RENAME_THRESHOLD:
                        continue
                score = rename_score(old_elements, new_elements)
                if score >= RENAME_THRESHOLD:
                    pairs.append((-score, -similarity(old, new), old, new))
    pairs.sort()
    matched: list[tuple[str, str]] = []
    used_old: set[str] = set()
    used_new: set[str] = set()
    for _, _, old, new in pairs:
        if old not in used_old and new not in used_new:
            used_old.add(old)
            used_new.add(new)
            matched.append((old, new))
    return matched


def _differences(old: Elements, new: Elements) -> tuple[tuple[str, str | None, str | None], ...]:
    """The elements that differ, except the name (a rename says that itself)."""
    return tuple((key, a, b) for key, a, b in zip(COMPARED, old, new, strict=True) if a != b and key != "name")


class _Builder:
    """Collects a CatalogDiff unit by unit."""

    def __init__(self, old: str, new: str):
        self.diff = CatalogDiff(old, new)

    def unit(self, slug: str, old: UnitSnapshot | None, new: UnitSnapshot | None) -> None:
        diff = self.diff
        if old is None and new is None:
            return
        named = new if new is not None and new.readable else old
        if named is not None and named.name:
            diff.unit_names[slug] = named.name
        if old is None:
            diff.units_added.append(slug)
        elif new is None:
            diff.units_removed.append(slug)
        for snapshot, label in ((old, diff.old), (new, diff.new)):
            if snapshot is not None and not snapshot.readable:
                diff.notes.append(f"「{slug}」在 {label} 无法读取，其事项未比较：{snapshot.problem}")
        if (old is not None and not old.readable) or (new is not None and not new.readable):
            return
        self.items(slug, old.items if old else {}, new.items if new else {}, old, new)
        if old is not None and new is not None:
            for key in UNIT_FIELDS:
                if old.fields.get(key) != new.fields.get(key):
                    diff.unit_changes.append(UnitChange(slug, key, old.fields.get(key), new.fields.get(key)))

    def items(
        self,
        slug: str,
        old_items: Mapping[Key, Elements],
        new_items: Mapping[Key, Elements],
        old: UnitSnapshot | None,
        new: UnitSnapshot | None,
    ) -> None:
        changes = self.diff.changes
        removed: dict[str, dict[str, Elements]] = {}
        added: dict[str, dict[str, Elements]] = {}
        skipped = 0
        for key in old_items.keys() | new_items.keys():
            domain, identity = key
            before, after = old_items.get(key), new_items.get(key)
            if before is not None and after is not None:
                if before != after:
                    renamed = before[_NAME_INDEX] != after[_NAME_INDEX]
                    changes.append(
                        ItemChange(
                            "renamed" if renamed else "changed",
                            slug,
                            domain,
                            identity,
                            after[_NAME_INDEX] or "",
                            identity if renamed else None,
                            before[_NAME_INDEX] or "" if renamed else None,
                            _differences(before, after),
                            anchor(domain, identity),
                        )
                    )
            elif before is not None:
                if new is not None and new.unknown(key):
                    skipped += 1
                else:
                    removed.setdefault(domain, {})[identity] = before
            elif after is not None:
                if old is not None and old.unknown(key):
                    skipped += 1
                else:
                    added.setdefault(domain, {})[identity] = after
        if skipped:
            self.diff.notes.append(f"「{slug}」有 {skipped} 个事项在某一版本中未通过校验，未比较")
        for domain in removed.keys() | added.keys():
            gone, new_ones = removed.get(domain, {}), added.get(domain, {})
            for old_identity, new_identity in _renames(gone, new_ones) if gone and new_ones else []:
                before, after = gone.pop(old_identity), new_ones.pop(new_identity)
                changes.append(
                    ItemChange(
                        "renamed",
                        slug,
                        domain,
                        new_identity,
                        after[_NAME_INDEX] or "",
                        old_identity,
                        before[_NAME_INDEX] or "",
                        _differences(before, after),
                        anchor(domain, new_identity),
                    )
                )
            for identity, before in gone.items():
                changes.append(ItemChange("removed", slug, domain, identity, before[_NAME_INDEX] or ""))
            for identity, after in new_ones.items():
                changes.append(
                    ItemChange(
                        "added", slug, domain, identity, after[_NAME_INDEX] or "", anchor=anchor(domain, identity)
                    )
                )

    def finish(self) -> CatalogDiff:
        diff = self.diff
        diff.changes.sort(key=lambda c: (c.unit, c.domain, c.name, c.kind, c.identity))
        diff.units_added.sort()
        diff.units_removed.sort()
        diff.unit_changes.sort(key=lambda c: (c.unit, list(UNIT_FIELDS).index(c.key)))
        return diff


def compare(
    old: Mapping[str, UnitSnapshot], new: Mapping[str, UnitSnapshot], old_label: str, new_label: str
) -> CatalogDiff:
    """Two states of the county (unit slug → snapshot) → what changed."""
    builder = _Builder(old_label, new_label)
    for slug in sorted(old.keys() | new.keys()):
        builder.unit(slug, old.get(slug), new.get(slug))
    return builder.finish()


def diff_catalogs(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[ItemChange]:
    """Item changes between two sets of parsed catalogs (unit slug → YAML data). Pure: for tests and tools."""
    before = {slug: snapshot_data(data) for slug, data in old.items()}
    after = {slug: snapshot_data(data) for slug, data in new.items()}
    return compare(before, after, "old", "new").changes


# ---------------------------------------------------------------------------------------------------- git


class GitUnavailable(GongkaiError):
    """No git, or the folder is not in a git repository."""


def run_git(args: list[str], cwd: Path, stdin: bytes | None = None) -> bytes:
    """Run one git command and return its output. Tests replace this to count the calls."""
    try:
        done = subprocess.run(
            ["git", "-c", "log.showSignature=false", "-c", "core.quotePath=false", *args],
            cwd=cwd,
            input=stdin,
            capture_output=True,
            env={**os.environ, "GIT_TERMINAL_PROMPT": "0", "GIT_OPTIONAL_LOCKS": "0"},
            check=False,
        )
    except FileNotFoundError:
        raise GitUnavailable("找不到 git 命令；查看变更记录需要 git (git not found)") from None
    except OSError as exc:
        raise GitUnavailable(f"无法运行 git：{exc} (cannot run git)") from None
    if done.returncode != 0:
        raise _GitFailed(done.stderr.decode("utf-8", "replace").strip())
    return done.stdout


class _GitFailed(Exception):
    pass


@dataclass(frozen=True)
class _Commit:
    sha: str
    parent: str | None  # the first parent; None for a root or a shallow clone's boundary
    date: dt.datetime
    message: str


@dataclass(frozen=True)
class _FileChange:
    slug: str
    old: str | None  # blob sha, None when added
    new: str | None  # None when deleted


class _Repo:
    """The git repository around a county, with one `git cat-file --batch` process for blobs."""

    def __init__(self, root: Path):
        try:
            out = run_git(["rev-parse", "--show-toplevel", "--show-prefix", "--is-shallow-repository"], root)
        except _GitFailed as exc:
            raise GitUnavailable(f"{root} 不在 git 仓库中，没有变更历史 (not a git repository: {exc})") from None
        top, prefix, shallow = [*out.decode("utf-8", "replace").split("\n"), "", "", ""][:3]
        self.top = Path(top)
        self.catalogs = f"{prefix}catalogs"  # relative to the top, with / separators
        self.shallow = shallow.strip() == "true"
        self._cat: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> _Repo:
        return self

    def __exit__(self, *_: object) -> None:
        if self._cat is not None:
            with contextlib.suppress(OSError):  # it may have ended already
                self._cat.stdin.close()  # type: ignore[union-attr]
            self._cat.wait()
            self._cat = None

    def git(self, *args: str, stdin: bytes | None = None) -> bytes:
        return run_git(list(args), self.top, stdin)

    def resolve(self, rev: str) -> str:
        if not rev or rev.startswith("-"):
            raise GongkaiError(f"版本「{rev}」不是有效的 git 版本名 (invalid revision)")
        try:
            return self.git("rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}").decode().strip()
        except _GitFailed:
            if self.shallow:
                raise GongkaiError(
                    f"找不到版本「{rev}」：这是浅克隆（shallow clone），较早的提交不在本地；"
                    "请先运行 git fetch --unshallow（CI 中设 fetch-depth: 0）(revision missing from a shallow clone)"
                ) from None
            raise GongkaiError(f"找不到版本「{rev}」(unknown revision)") from None

    def merge_base(self) -> tuple[str, str]:
        """(commit, label): where HEAD left the main branch."""
        head = self.resolve("HEAD")
        for branch in MAIN_BRANCHES:
            try:
                main = self.git("rev-parse", "--verify", "--quiet", f"{branch}^{{commit}}").decode().strip()
            except _GitFailed:
                continue
            try:
                base = self.git("merge-base", head, main).decode().strip()
            except _GitFailed:
                if self.shallow:
                    raise GongkaiError(
                        f"浅克隆（shallow clone）中找不到 HEAD 与 {branch} 的共同祖先；请先运行 git fetch --unshallow"
                        "（CI 中设 fetch-depth: 0），或写明要比较的版本 (merge base missing from a shallow clone)"
                    ) from None
                raise GongkaiError(f"HEAD 与 {branch} 没有共同祖先；请写明要比较的版本 (no merge base)") from None
            return base, f"{base[:7]}（与 {branch} 的合并基点）"
        raise GongkaiError(
            f"找不到主分支（{'、'.join(MAIN_BRANCHES)}）；请写明要比较的版本，如 gongkai diff v1.0 (no main branch)"
        )

    def tree(self, commit: str) -> dict[str, str]:
        """Unit slug → blob sha of each catalog file at `commit`."""
        out = self.git("ls-tree", "-z", "--full-tree", commit, "--", f"{self.catalogs}/")
        files: dict[str, str] = {}
        for record in sorted(out.split(b"\0"), key=lambda r: r.partition(b"\t")[2]):
            if not record:
                continue
            meta, _, path = record.partition(b"\t")
            kind, sha = meta.split()[1:3]
            slug = self._slug(path.decode("utf-8", "surrogateescape"))
            if kind == b"blob" and slug:
                files.setdefault(slug, sha.decode())  # x.yaml before x.yml
        return files

    def _slug(self, path: str) -> str | None:
        """The unit slug of a catalog file directly in catalogs/, else None."""
        folder, _, name = path.rpartition("/")
        stem, dot, suffix = name.rpartition(".")
        if folder != self.catalogs or not dot or suffix.lower() not in ("yaml", "yml") or not stem:
            return None
        return stem

    def commits(self, limit: int | None) -> list[_Commit]:
        """First-parent commits that changed catalogs/, newest first."""
        args = ["log", "--first-parent", "-z", "--format=%H%x1f%P%x1f%cI%x1f%s"]
        if limit is not None:
            args.append(f"-n{max(limit, 0)}")
        try:
            out = self.git(*args, "--", f"{self.catalogs}/")
        except _GitFailed:
            return []  # no commits yet
        shallow = self.shallow_commits()
        commits = []
        for record in out.decode("utf-8", "replace").split("\0"):
            if not record.strip():
                continue
            sha, parents, date, message = record.strip("\n").split("\x1f", 3)
            parent = parents.split()[0] if parents.split() and sha not in shallow else None
            commits.append(_Commit(sha, parent, dt.datetime.fromisoformat(date), message.strip()))
        return commits

    def shallow_commits(self) -> set[str]:
        """The commits whose parents a shallow clone does not have."""
        if not self.shallow:
            return set()
        path = Path(self.git("rev-parse", "--git-path", "shallow").decode().strip())
        try:
            return set((path if path.is_absolute() else self.top / path).read_text().split())
        except OSError:
            return set()

    def file_changes(self, commits: list[_Commit]) -> dict[str, list[_FileChange]]:
        """What each commit changed in catalogs/ against its first parent: one `git diff-tree --stdin`."""
        lines = "".join(f"{c.sha} {c.parent}\n" if c.parent else f"{c.sha}\n" for c in commits)
        out = self.git(
            "diff-tree", "--stdin", "--root", "-r", "-z", "--raw", "--no-abbrev", "--", f"{self.catalogs}/",
            stdin=lines.encode(),
        )  # fmt: skip
        changes: dict[str, list[_FileChange]] = {c.sha: [] for c in commits}
        tokens = out.split(b"\0")
        current: list[_FileChange] | None = None
        n = 0
        while n < len(tokens):
            token = tokens[n].strip(b"\n")
            n += 1
            if not token:
                continue
            if not token.startswith(b":"):
                current = changes.get(token.decode(), [])
                continue
            path = tokens[n].decode("utf-8", "surrogateescape")
            n += 1
            _, _, old, new, status = token[1:].decode().split()
            slug = self._slug(path)
            if slug is None or current is None:
                continue
            current.append(_FileChange(slug, None if status == "A" else old, None if status == "D" else new))
        return changes

    def blob(self, sha: str) -> bytes:
        if self._cat is None:
            self._cat = subprocess.Popen(
                ["git", "cat-file", "--batch"], cwd=self.top, stdin=subprocess.PIPE, stdout=subprocess.PIPE
            )
        assert self._cat.stdin is not None and self._cat.stdout is not None
        self._cat.stdin.write(sha.encode() + b"\n")
        self._cat.stdin.flush()
        header = self._cat.stdout.readline().split()
        if len(header) < 3 or header[1] != b"blob":
            raise LoadError(f"git 中找不到文件内容 {sha[:10]} (missing blob)", kind="unreadable")
        size = int(header[2])
        if size > MAX_FILE_BYTES:
            remaining = size + 1  # the content and its newline, read past in pieces
            while remaining > 0 and (piece := self._cat.stdout.read(min(1 << 20, remaining))):
                remaining -= len(piece)
            raise LoadError(f"文件过大（{size / 1048576:.1f} MB）(file too large)", kind="unreadable")
        data = self._cat.stdout.read(size)
        self._cat.stdout.read(1)
        return data


def _state_at(repo: _Repo, commit: str, snapshots: Snapshots) -> dict[str, UnitSnapshot]:
    return {slug: snapshots.of_blob(sha, repo.blob) for slug, sha in repo.tree(commit).items()}


def _object_id(data: bytes, length: int) -> str:
    """The git blob id of `data` (sha1, or sha256 in a sha256 repository)."""
    digest = hashlib.sha1 if length == 40 else hashlib.sha256
    return digest(b"blob %d\0" % len(data) + data).hexdigest()


def diff_revisions(root: Path, old: str | None = None, new: str | None = None) -> CatalogDiff:
    """Compare the catalogs at two revisions. `old` None: where HEAD left the main branch (merge base with main,
    master, origin/main or origin/HEAD); `new` None: the working tree. Raises GongkaiError (exit 2) without git,
    outside a repository, or for a revision a shallow clone does not have."""
    root = root.resolve()
    snapshots = Snapshots()
    with _Repo(root) as repo:
        if old is None:
            old_commit, old_label = repo.merge_base()
        else:
            old_commit = repo.resolve(old)
            old_label = _label(old, old_commit)
        old_files = repo.tree(old_commit)
        before: dict[str, UnitSnapshot] = {}
        after: dict[str, UnitSnapshot] = {}
        if new is None:
            new_commit, new_label = None, WORKING_TREE
            for slug, data in _working_tree(root).items():
                if old_files.get(slug) == _object_id(data, len(old_commit)):
                    old_files.pop(slug)  # unchanged
                    continue
                after[slug] = snapshots.of_bytes(data)
        else:
            new_commit = repo.resolve(new)
            new_label = _label(new, new_commit)
            for slug, sha in repo.tree(new_commit).items():
                if old_files.get(slug) == sha:
                    old_files.pop(slug)
                    continue
                after[slug] = snapshots.of_blob(sha, repo.blob)
        for slug, sha in old_files.items():
            before[slug] = snapshots.of_blob(sha, repo.blob)
    diff = compare(before, after, old_label, new_label)
    diff.old_commit, diff.new_commit = old_commit, new_commit
    diff.domain_names = _domain_names(root)
    return diff


def _label(rev: str, commit: str) -> str:
    return commit[:7] if commit.startswith(rev.lower()) else f"{rev}（{commit[:7]}）"


def _working_tree(root: Path) -> dict[str, bytes]:
    folder = root / "catalogs"
    files: dict[str, bytes] = {}
    if folder.is_dir():
        for path in sorted(folder.iterdir()):
            if path.suffix.lower() in (".yaml", ".yml") and path.is_file():
                try:
                    with path.open("rb") as file:  # past the limit, decode() says it is too large
                        files.setdefault(path.stem, file.read(MAX_FILE_BYTES + 1))
                except OSError as exc:
                    files.setdefault(path.stem, f"\0{exc}".encode())  # "binary": unreadable, with a note
    return files


def _domain_names(root: Path) -> dict[str, str]:
    from gongkai.model.project import project_domains

    try:
        return {d.id: d.name for d in project_domains(root).values()}
    except GongkaiError:
        return {}


# ---------------------------------------------------------------------------------------------------- history


def _snapshot_to_dict(snapshot: UnitSnapshot) -> dict[str, Any]:
    items = [[domain, identity, list(elements)] for (domain, identity), elements in snapshot.items.items()]
    return {"name": snapshot.name, "fields": dict(snapshot.fields), "items": items}


def _snapshot_from_dict(data: dict[str, Any]) -> UnitSnapshot:
    items = {(domain, identity): tuple(elements) for domain, identity, elements in data["items"]}
    if any(len(elements) != len(COMPARED) for elements in items.values()):
        raise ValueError("elements")
    return UnitSnapshot(str(data["name"]), items, dict(data["fields"]))


def _carry(last: UnitSnapshot | None, new: UnitSnapshot) -> UnitSnapshot | None:
    """A unit's state for the history: what is unknown at this commit keeps its last known value, so that a
    commit that breaks a file and the one that mends it show only what really changed."""
    if not new.readable:
        return last
    if new.exact:
        return new
    items = dict(new.items)
    if last is not None:
        for key, elements in last.items.items():
            if key not in items and new.unknown(key):
                items[key] = elements
    return replace(new, items=items, unknown_items=frozenset(), unknown_domains=frozenset())


class _History:
    """Each commit's diff, from the cache where it can, else by replaying the commits on a state (unit slug →
    snapshot) read from the tree before them."""

    def __init__(self, repo: _Repo, cache: Cache | None, log: Callable[[str], None]):
        self.repo = repo
        self.cache = cache
        self.log = log
        self.snapshots = Snapshots()
        self.boundary = repo.shallow_commits()
        self.state: dict[str, UnitSnapshot] = {}
        self.exact = True  # the state is known exactly, so the diffs computed from it may be cached

    def read_cached(self, commit: str) -> CatalogDiff | None:
        return self.cache.get(COMMIT_DIFF, digest("commit", commit)) if self.cache is not None else None

    def write_cached(self, commit: str, diff: CatalogDiff) -> None:
        if self.exact and self.cache is not None:
            self.cache.put(COMMIT_DIFF, digest("commit", commit), diff)

    def diffs(self, commits: list[_Commit]) -> dict[str, CatalogDiff | None]:
        """Commit → its diff (None for a shallow clone's boundary). `commits` oldest first."""
        found = {c.sha: self.read_cached(c.sha) for c in commits}
        pending = [n for n, c in enumerate(commits) if found[c.sha] is None]
        if not pending:
            return found
        self.log(f"更新记录：分析 {len(pending)} 个提交（共 {len(commits)} 个）")
        changes = self.repo.file_changes([commits[n] for n in pending if commits[n].sha not in self.boundary])
        last = -2
        for n in pending:
            if n != last + 1 and not self.start(commits, n):
                return self.replay(commits, changes)
            last = n
            found[commits[n].sha] = self.step(commits[n], changes)
        if last == len(commits) - 1:
            self.write_state(commits[-1].sha)
        return found

    def replay(self, commits: list[_Commit], changes: dict[str, list[_FileChange]]) -> dict[str, CatalogDiff | None]:
        """Every commit again from the first: when a cached run ends on a catalog that was not fully known."""
        missing = [c for c in commits if c.sha not in changes and c.sha not in self.boundary]
        changes = {**changes, **self.repo.file_changes(missing)} if missing else changes
        self.start(commits, 0)
        found = {c.sha: self.step(c, changes) for c in commits}
        self.write_state(commits[-1].sha)
        return found

    def start(self, commits: list[_Commit], n: int) -> bool:
        """Set the state before commits[n]. False when its parent's tree has a catalog that is not fully known
        and earlier commits exist: only a replay from the first commit knows what that catalog held."""
        commit = commits[n]
        if commit.parent is None:
            self.state, self.exact = {}, True
            return True
        saved = self.read_state(commit.parent)
        if saved is not None:
            self.state, self.exact = saved, True
            return True
        return self.load_tree(commit.parent, first=n == 0)

    def read_state(self, commit: str) -> dict[str, UnitSnapshot] | None:
        """The state after `commit` as the last run left it, so that a new commit on top does not need every
        catalog parsed again."""
        saved = self.cache.get(STATE, digest("state")) if self.cache is not None else None
        return saved[1] if saved is not None and saved[0] == commit else None

    def write_state(self, commit: str) -> None:
        if self.exact and self.cache is not None:
            self.cache.put(STATE, digest("state"), (commit, self.state))

    def load_tree(self, commit: str, first: bool) -> bool:
        state = _state_at(self.repo, commit, self.snapshots)
        if all(s.exact for s in state.values()):
            self.state, self.exact = state, True
            return True
        if not first:
            return False
        carried = ((slug, _carry(None, s)) for slug, s in state.items())
        self.state, self.exact = {slug: s for slug, s in carried if s is not None}, False
        return True

    def step(self, commit: _Commit, changes: dict[str, list[_FileChange]]) -> CatalogDiff | None:
        if commit.sha in self.boundary:
            self.load_tree(commit.sha, first=True)
            return None
        diff = self.advance(commit, changes.get(commit.sha, []))
        self.write_cached(commit.sha, diff)
        return diff

    def advance(self, commit: _Commit, files: list[_FileChange]) -> CatalogDiff:
        """Apply one commit's file changes to the state and say what changed."""
        state = self.state
        builder = _Builder(commit.parent[:7] if commit.parent else "∅", commit.sha[:7])
        for change in sorted(files, key=lambda f: f.slug):
            last = state.get(change.slug)
            now = None
            if change.new is not None:
                snapshot = self.snapshots.of_blob(change.new, self.repo.blob)
                now = _carry(last, snapshot)
                if not snapshot.readable:
                    builder.diff.notes.append(f"「{change.slug}」在 {commit.sha[:7]} 无法读取：{snapshot.problem}")
            builder.unit(change.slug, last, now)
            if now is None:
                state.pop(change.slug, None)
            else:
                state[change.slug] = now
        diff = builder.finish()
        diff.old_commit, diff.new_commit = commit.parent, commit.sha
        return diff


def history(
    root: Path, cache: Cache | None = None, limit: int | None = None, log: Callable[[str], None] = lambda _: None
) -> list[HistoryEntry]:
    """The commits that changed the published catalogs, newest first, following the first parent (the main
    line, merges as one step). [] without git or outside a repository. `cache` keeps each commit's changes.
    `limit`: only the newest commits (last_changed then only knows those). Each change's anchor is the item's
    permalink as it is at HEAD (following later renames), None when the item is gone. In a shallow
    clone the oldest fetched commit has no entry (its parent is missing), and `log` says so."""
    try:
        repo = _Repo(root.resolve())
    except GitUnavailable as exc:
        log(f"没有更新记录：{exc.message}")
        return []
    with repo:
        commits = repo.commits(limit)
        if not commits:
            return []
        commits.reverse()
        diffs = _History(repo, cache, log).diffs(commits)
    if any(diff is None for diff in diffs.values()):
        log("更新记录：这是浅克隆（shallow clone），只含已取回的提交；CI 中请设 fetch-depth: 0")
    names = _domain_names(root)
    entries = []
    for commit in reversed(commits):
        diff = diffs[commit.sha]
        if diff is not None and diff.changed:
            diff.domain_names = names
            entries.append(HistoryEntry(commit.sha, commit.date, commit.message, diff))
    return _link_to_now(entries)


def _link_to_now(entries: list[HistoryEntry]) -> list[HistoryEntry]:
    """Point every change at the item as it is now: follow later renames; no link when the identity is gone."""
    current: set[tuple[str, str, str]] = set()
    for entry in reversed(entries):
        for change in entry.changes:
            key = (change.unit, change.domain, change.identity)
            if change.kind == "removed":
                current.discard(key)
            else:
                if change.old_identity is not None:
                    current.discard((change.unit, change.domain, change.old_identity))
                current.add(key)
    fate: dict[tuple[str, str, str], tuple[str, str, str] | None] = {}

    def now(key: tuple[str, str, str]) -> tuple[str, str, str] | None:
        return fate.get(key, key if key in current else None)

    linked = []
    for entry in entries:  # newest first: `fate` maps a key after this entry to the key it has now
        changes = []
        for change in entry.changes:
            target = None if change.kind == "removed" else now((change.unit, change.domain, change.identity))
            changes.append(replace(change, anchor=anchor(target[1], target[2]) if target else None))
        for change in entry.changes:
            if change.old_identity is not None and change.old_identity != change.identity:
                fate[(change.unit, change.domain, change.old_identity)] = now(
                    (change.unit, change.domain, change.identity)
                )
        linked.append(replace(entry, diff=replace(entry.diff, changes=changes)))
    return linked


def unit_history(entries: list[HistoryEntry], slug: str) -> list[HistoryEntry]:
    """The entries that changed one unit, each restricted to it: the unit's own 更新记录."""
    out = []
    for entry in entries:
        diff = entry.diff.for_unit(slug)
        if diff.changed:
            out.append(replace(entry, diff=diff))
    return out


def last_changed(entries: list[HistoryEntry]) -> dict[tuple[str, str, str], dt.date]:
    """(unit, domain, identity) → the day (China Standard Time) the item was added, renamed or its elements last
    changed, for the items that exist after the newest entry."""
    dates: dict[tuple[str, str, str], dt.date] = {}
    for entry in reversed(entries):
        for change in entry.changes:
            key = (change.unit, change.domain, change.identity)
            if change.kind == "removed":
                dates.pop(key, None)
                continue
            if change.old_identity is not None:
                dates.pop((change.unit, change.domain, change.old_identity), None)
            dates[key] = entry.day
    return dates


# ---------------------------------------------------------------------------------------------------- formats


def _value(text: str | None) -> str:
    return text if text else "（空）"


def summary(diff: CatalogDiff) -> str:
    """`新增 2 项、修改 1 项`: the counts that are not zero, in Chinese."""
    parts = [f"{KIND_LABELS[k]} {n} 项" for k, n in diff.counts().items() if n]
    if diff.units_added:
        parts.append(f"新增单位 {len(diff.units_added)} 个")
    if diff.units_removed:
        parts.append(f"删除单位 {len(diff.units_removed)} 个")
    if diff.unit_changes:
        parts.append(f"单位信息变更 {len(diff.unit_changes)} 处")
    return "、".join(parts) if parts else "没有变更"


def _change_line(change: ItemChange) -> str:
    if change.kind == "renamed":
        return f"更名：{change.old_name} → {change.name}"
    return f"{change.kind_label}：{change.name}"


def _element_line(key: str, old: str | None, new: str | None) -> str:
    return f"「{LABELS[key]}」：{_value(old)} → {_value(new)}"


def _unit_line(change: UnitChange) -> str:
    old, new = change.old, change.new
    if change.key == "kind":
        old, new = UNIT_KINDS.get(old or "", old), UNIT_KINDS.get(new or "", new)
    return f"「{change.label}」：{_value(old)} → {_value(new)}"


def _unit_heading(diff: CatalogDiff, slug: str) -> str:
    marker = "（新增单位）" if slug in diff.units_added else "（删除单位）" if slug in diff.units_removed else ""
    return diff.unit_label(slug) + marker


def to_text(diff: CatalogDiff) -> str:
    """For the terminal: one block per unit, one line per item, the changed elements under it."""
    lines = [f"目录变更：{diff.old} → {diff.new}", summary(diff)]
    for slug, unit_changes, domains in diff.groups():
        lines += ["", _unit_heading(diff, slug)]
        if unit_changes:
            lines.append("  单位信息")
            lines += [f"    {_unit_line(c)}" for c in unit_changes]
        for domain, changes in domains:
            lines.append(f"  {diff.domain_label(domain)}")
            for change in changes:
                lines.append(f"    {_change_line(change)}")
                lines += [f"      {_element_line(*e)}" for e in change.elements]
    if diff.notes:
        lines += ["", "说明："] + [f"  {note}" for note in diff.notes]
    return "\n".join(lines) + "\n"


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&])")


def _md(text: str) -> str:
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def to_markdown(diff: CatalogDiff) -> str:
    """For a merge-request comment: a heading, the summary, a section per unit with bullet lists."""
    lines = [f"### 目录变更：{_md(diff.old)} → {_md(diff.new)}", "", _md(summary(diff))]
    for slug, unit_changes, domains in diff.groups():
        lines += ["", f"#### {_md(_unit_heading(diff, slug))}", ""]
        if unit_changes:
            lines.append("- 单位信息")
            lines += [f"  - {_md(_unit_line(c))}" for c in unit_changes]
        for domain, changes in domains:
            lines.append(f"- **{_md(diff.domain_label(domain))}**")
            for change in changes:
                lines.append(f"  - {_md(_change_line(change))}")
                lines += [f"    - {_md(_element_line(*e))}" for e in change.elements]
    if diff.notes:
        lines += ["", "说明：", ""] + [f"- {_md(note)}" for note in diff.notes]
    return "\n".join(lines) + "\n"


def _diff_to_dict(diff: CatalogDiff) -> dict[str, Any]:
    return {
        "old": {"label": diff.old, "commit": diff.old_commit},
        "new": {"label": diff.new, "commit": diff.new_commit},
        "changed": diff.changed,
        "summary": {
            **diff.counts(),
            "units_added": len(diff.units_added),
            "units_removed": len(diff.units_removed),
            "unit_changes": len(diff.unit_changes),
        },
        "units_added": diff.units_added,
        "units_removed": diff.units_removed,
        "unit_names": diff.unit_names,
        "unit_changes": [
            {"unit": c.unit, "key": c.key, "label": c.label, "old": c.old, "new": c.new} for c in diff.unit_changes
        ],
        "changes": [
            {
                "kind": c.kind,
                "unit": c.unit,
                "domain": c.domain,
                "identity": c.identity,
                "name": c.name,
                "old_identity": c.old_identity,
                "old_name": c.old_name,
                "anchor": c.anchor,
                "elements": [{"key": k, "label": LABELS[k], "old": a, "new": b} for k, a, b in c.elements],
            }
            for c in diff.changes
        ],
        "notes": diff.notes,
    }


def _diff_from_dict(data: dict[str, Any]) -> CatalogDiff:
    return CatalogDiff(
        data["old"]["label"],
        data["new"]["label"],
        [
            ItemChange(
                c["kind"],
                c["unit"],
                c["domain"],
                c["identity"],
                c["name"],
                c["old_identity"],
                c["old_name"],
                tuple((e["key"], e["old"], e["new"]) for e in c["elements"]),
                c["anchor"],
            )
            for c in data["changes"]
        ],
        list(data["units_added"]),
        list(data["units_removed"]),
        [UnitChange(c["unit"], c["key"], c["old"], c["new"]) for c in data["unit_changes"]],
        list(data["notes"]),
        dict(data["unit_names"]),
        {},
        data["old"]["commit"],
        data["new"]["commit"],
    )


def _state_data(state: tuple[str, dict[str, UnitSnapshot]]) -> dict[str, Any]:
    commit, units = state
    return {"commit": commit, "units": {slug: _snapshot_to_dict(s) for slug, s in sorted(units.items())}}


def _state(data: dict[str, Any]) -> tuple[str, dict[str, UnitSnapshot]]:
    return str(data["commit"]), {str(slug): _snapshot_from_dict(unit) for slug, unit in data["units"].items()}


COMMIT_DIFF = Kind("history", _diff_to_dict, _diff_from_dict)
"""A commit's changes, by its hash and the fingerprint of the code that compared them."""
STATE = Kind("history-state", _state_data, _state)
"""The state (unit → snapshot) after the last commit of the last run."""


def to_json(diff: CatalogDiff) -> str:
    """For tools: the whole diff, labels included, keys in a fixed order."""
    data = _diff_to_dict(diff)
    data["domain_names"] = {
        d: diff.domain_names[d] for d in sorted({c.domain for c in diff.changes}) if d in diff.domain_names
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


ATOM = "http://www.w3.org/2005/Atom"


def _absolute(base_url: str | None, path: str) -> str:
    return f"{base_url.rstrip('/')}/{path}" if base_url else path


def _entry_html(entry: HistoryEntry, base_url: str | None) -> str:
    diff = entry.diff
    parts = [f"<p>{escape(entry.message)}</p>"] if entry.message else []
    for slug, unit_changes, domains in diff.groups():
        parts.append(f"<h3>{escape(_unit_heading(diff, slug))}</h3><ul>")
        parts += [f"<li>{escape(_unit_line(c))}</li>" for c in unit_changes]
        for domain, changes in domains:
            for change in changes:
                name = escape(change.name)
                if change.url:
                    name = f'<a href="{escape(_absolute(base_url, change.url))}">{name}</a>'
                label = (
                    f"更名：{escape(change.old_name or '')} → "
                    if change.kind == "renamed"
                    else f"{change.kind_label}："
                )
                details = "".join(f"<li>{escape(_element_line(*e))}</li>" for e in change.elements)
                parts.append(
                    f"<li>{escape(diff.domain_names.get(domain, domain))} · {label}{name}"
                    + (f"<ul>{details}</ul>" if details else "")
                    + "</li>"
                )
        parts.append("</ul>")
    return "".join(parts)


def entry_title(entry: HistoryEntry) -> str:
    """`东湖镇、西山乡：新增 2 项、修改 1 项`."""
    units = [entry.diff.unit_names.get(s, s) for s in entry.diff.units()]
    shown = "、".join(units[:3]) + (f"等 {len(units)} 个单位" if len(units) > 3 else "")
    return f"{shown}：{summary(entry.diff)}"


def atom_feed(
    entries: list[HistoryEntry],
    site_title: str,
    base_url: str | None,
    built: dt.datetime,
    page: str = "updates.html",
    feed: str = "updates.xml",
) -> bytes:
    """The 更新记录 as an Atom 1.0 feed. Ids are `urn:uuid:` names derived from the commit hashes (and from the
    site's address or title for the feed), so two builds of one commit give the same bytes; links are relative to
    the site root, absolute with `base_url`. `updated` is the newest entry's date, `built` when there is none."""
    ET.register_namespace("", ATOM)

    def sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
        element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", {k: _xml_text(v) for k, v in attrs.items()})
        element.text = None if text is None else _xml_text(text)
        return element

    root = ET.Element(f"{{{ATOM}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": "zh-CN"})
    sub(root, "title", f"{site_title} · 更新记录")
    feed_key = _absolute(base_url, feed) if base_url else f"gongkai:{site_title}"
    sub(root, "id", f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, feed_key)}")
    updated = max((e.date for e in entries), default=built)
    sub(root, "updated", _rfc3339(updated))
    sub(root, "link", rel="alternate", type="text/html", href=_absolute(base_url, page))
    if base_url:
        sub(root, "link", rel="self", type="application/atom+xml", href=_absolute(base_url, feed))
    author = sub(root, "author")
    sub(author, "name", site_title)
    sub(root, "generator", "gongkai", version=__version__)
    for entry in entries:
        item = sub(root, "entry")
        sub(item, "id", f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'gongkai:commit:{entry.commit}')}")
        sub(item, "title", entry_title(entry))
        sub(item, "updated", _rfc3339(entry.date))
        sub(item, "published", _rfc3339(entry.date))
        sub(item, "link", rel="alternate", type="text/html", href=_absolute(base_url, f"{page}#{entry.anchor}"))
        if entry.message:
            sub(item, "summary", entry.message)
        sub(item, "content", _entry_html(entry, base_url), type="html")
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _xml_text(text: str) -> str:
    """`text` as XML 1.0 can hold it: a control character from a catalog or a commit message (ElementTree would
    write it as it is, and no reader takes the feed then) becomes U+FFFD."""
    return _NOT_XML.sub("\ufffd", text)


def _rfc3339(moment: dt.datetime) -> str:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=clock.CHINA)
    return moment.isoformat(timespec="seconds")
