"""What the history reports: the elements compared, and the changes of items and units between two
revisions (`CatalogDiff`) and on each dated commit (`HistoryEntry`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from pathlib import Path

from gongkai import clock
from gongkai.model.addresses import unit_url
from gongkai.model.vocab import ELEMENT_BY_KEY

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
NAME_INDEX = COMPARED.index("name")
CATALOG_PATH = Path("catalogs/catalog.yaml")


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
