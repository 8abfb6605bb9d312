"""Month by month (`gongkai report --by month`, the site's 进展 page): the county as it stood at the end of each
month of the catalogs' git history, counted as `gongkai report` counts it, per unit and for the county, with the
items added, removed, renamed and changed since the month before.

One snapshot per month: the last commit of the month (China Standard Time) on the main line, or the month
before's when a month has none. Each month is linted and counted once and kept in the cache by its commit, the
commit before it, the day it is counted on and the settings and domains it is counted with; a run replays only
the months the cache lacks, re-reading only the catalogs whose blobs changed. The yardstick is today's: the
county's current gongkai.toml and domains (guides) measure every month, so that the months compare.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from gongkai import clock
from gongkai.cache import Cache, Kind, digest
from gongkai.config import Config, read_config
from gongkai.errors import UsageError
from gongkai.history.compare import compare
from gongkai.history.git import Commit, GitUnavailable, Repo
from gongkai.history.snapshots import Snapshots
from gongkai.lint.rules import gk601_review_overdue
from gongkai.lint.runner import lint_project, selection
from gongkai.load import LoadError, load
from gongkai.model.domain import Domain
from gongkai.model.project import CatalogFile, Project, project_domains, validate
from gongkai.paths import CONFIG_FILE
from gongkai.report import Rates, build_report

MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
CHANGE_KINDS = ("added", "removed", "renamed", "changed")
OVERDUE = gk601_review_overdue.RULE.code


@dataclass
class Numbers(Rates):
    """What is counted of a unit, or summed for the county, in one month."""

    items: int = 0
    complete: int = 0  # items with all eight elements
    guide_expected: int = 0
    guide_covered: int = 0
    conflicts: int = 0  # 层级不一致
    added: int = 0
    removed: int = 0
    renamed: int = 0
    changed: int = 0

    @property
    def gaps(self) -> int:
        """What is still missing: items short of an element, and guide items not covered."""
        return self.items - self.complete + self.guide_expected - self.guide_covered

    def numbers(self) -> dict[str, Any]:
        counted = {f.name: getattr(self, f.name) for f in fields(Numbers)}
        return {**counted, "completeness": self.completeness, "coverage": self.coverage}


@dataclass
class UnitMonth(Numbers):
    slug: str = ""
    name: str = ""  # the unit's full name
    short: str = ""  # its display name
    kind: str = ""  # 乡镇/街道, 县直部门, 村/社区
    overdue: bool = False  # GK601: its review (定期评估) is missing or older than review-max-days
    reviewed: str | None = None
    updated: bool = False  # what it publishes changed this month (items or what it says of itself)
    last_updated: str | None = None  # the last month, up to this one, in which it was updated

    def to_dict(self) -> dict[str, Any]:
        return {"slug": self.slug, "name": self.name, "short": self.short, "kind": self.kind, **self.numbers(),
                "overdue": self.overdue, "reviewed": self.reviewed, "updated": self.updated,
                "last_updated": self.last_updated}  # fmt: skip


@dataclass
class Month:
    month: str  # YYYY-MM
    date: dt.date  # the day it is counted on: the month's last day, or today for the current month
    commit: str  # the snapshot: the last commit on or before the month's end
    units: list[UnitMonth]
    county: Numbers = field(default_factory=Numbers)  # the sums, and the changes of units removed too
    unread: list[str] = field(default_factory=list)  # catalogs that could not be read: not in the counts

    @property
    def overdue(self) -> int:
        return sum(u.overdue for u in self.units)

    @property
    def updated(self) -> int:
        return sum(u.updated for u in self.units)

    def unit(self, slug: str) -> UnitMonth | None:
        return next((u for u in self.units if u.slug == slug), None)

    def to_dict(self) -> dict[str, Any]:
        county = {"units": len(self.units), **self.county.numbers(), "overdue": self.overdue,
                  "updated": self.updated}  # fmt: skip
        return {"month": self.month, "date": self.date.isoformat(), "commit": self.commit, "county": county,
                "units": [u.to_dict() for u in self.units], "unread": list(self.unread)}  # fmt: skip


def parse_month(text: str) -> str:
    """`--since`: YYYY-MM, else a UsageError."""
    if not MONTH.match(text):
        raise UsageError(f"月份「{text}」应写作 YYYY-MM，如 2026-01 (a month as YYYY-MM)")
    return text


def month_of(day: dt.date | dt.datetime) -> str:
    if isinstance(day, dt.datetime):
        day = day.astimezone(clock.CHINA).date()
    return f"{day.year:04d}-{day.month:02d}"


def _next(month: str) -> str:
    year, number = int(month[:4]), int(month[5:])
    return f"{year + number // 12:04d}-{number % 12 + 1:02d}"


def _last_day(month: str) -> dt.date:
    year, number = int(month[:4]), int(month[5:])
    return dt.date(year, number, calendar.monthrange(year, number)[1])


def month_ends(commits: list[Commit], today: dt.date) -> list[tuple[str, str, dt.date]]:
    """(month, its snapshot commit, the day it is counted on) for every month from the first commit's to the
    current one (or the last commit's, if later). `commits` oldest first."""
    ends: dict[str, str] = {}
    month = ""
    for commit in commits:
        month = max(month, month_of(commit.date))  # a commit dated before its parent counts in the later month
        ends[month] = commit.sha
    if not ends:
        return []
    last, now = max(ends), month_of(today)
    out = []
    month, sha = min(ends), ""
    while month <= max(last, now):
        sha = ends.get(month, sha)
        out.append((month, sha, today if month == now else _last_day(month)))
        month = _next(month)
    return out


class _Replay:
    """Counts months at their snapshot commits: a catalog file is read once per blob for the whole run."""

    def __init__(self, root: Path, repo: Repo, config: Config, domains: dict[str, Domain], cache: Cache | None):
        self.root, self.repo, self.config, self.domains, self.cache = root, repo, config, domains, cache
        self.snapshots = Snapshots()
        self.trees: dict[str, dict[str, str]] = {}
        self.files: dict[tuple[str, str], CatalogFile] = {}

    def tree(self, commit: str | None) -> dict[str, str]:
        if commit is None:
            return {}
        if commit not in self.trees:
            self.trees[commit] = self.repo.tree(commit)
        return self.trees[commit]

    def file(self, slug: str, blob: str) -> CatalogFile:
        if (slug, blob) not in self.files:
            path = self.root / "catalogs" / f"{slug}.yaml"
            try:
                raw = self.repo.blob(blob)
            except LoadError:
                raw = b"\0"  # read as binary: an unreadable catalog, left out of the counts
            source = load(path, raw, deep=False)
            self.files[(slug, blob)] = CatalogFile(source, *validate(source))
        return self.files[(slug, blob)]

    def count(self, commit: str, before: str | None, day: dt.date) -> dict[str, Any]:
        """One month as cache data: its units' numbers, with the changes since the snapshot `before`."""
        tree = self.tree(commit)
        files = [self.file(slug, blob) for slug, blob in tree.items()]
        project = Project(self.root, self.config, self.domains, files)
        lint = lint_project(project, selection(self.config), day, from_root=True)
        report = build_report(project, lint, day, self.cache)
        overdue = {p.unit for p in lint.problems if p.code == OVERDUE}
        old_tree = self.tree(before)
        moved = sorted(s for s in old_tree.keys() | tree.keys() if old_tree.get(s) != tree.get(s))
        old = {s: self.snapshots.of_blob(old_tree[s], self.repo.blob) for s in moved if s in old_tree}
        new = {s: self.snapshots.of_blob(tree[s], self.repo.blob) for s in moved if s in tree}
        diff = compare(old, new, before or "", commit)
        changes = Counter((c.unit, c.kind) for c in diff.changes)
        updated = set(diff.units())
        units = []
        for row in report.units:
            unit = {key: getattr(row, key) for key in ("items", "complete", "guide_expected", "guide_covered")}
            units.append({"slug": row.key, "name": row.name, "short": row.short, "kind": row.kind, **unit,
                          "conflicts": row.conflicts, "overdue": row.key in overdue, "reviewed": row.reviewed,
                          "updated": row.key in updated,
                          **{kind: changes[(row.key, kind)] for kind in CHANGE_KINDS}})  # fmt: skip
        county = {kind: sum(n for (_, k), n in changes.items() if k == kind) for kind in CHANGE_KINDS}
        unread = sorted(f.slug for f in files if f.catalog is None)
        return {"units": units, "changes": county, "unread": unread}


def _int(value: Any) -> int:
    if type(value) is not int:
        raise TypeError("count")
    return value


def _text(value: Any) -> str:
    if type(value) is not str:
        raise TypeError("text")
    return value


def _flag(value: Any) -> bool:
    if type(value) is not bool:
        raise TypeError("flag")
    return value


_COUNTS = ("items", "complete", "guide_expected", "guide_covered", "conflicts", *CHANGE_KINDS)


def _unit_counts(unit: Any) -> dict[str, Any]:
    reviewed = unit["reviewed"]
    return {
        **{key: _int(unit[key]) for key in _COUNTS},
        **{key: _text(unit[key]) for key in ("slug", "name", "short", "kind")},
        "overdue": _flag(unit["overdue"]),
        "updated": _flag(unit["updated"]),
        "reviewed": None if reviewed is None else _text(reviewed),
    }


def _counted(data: Any) -> dict[str, Any]:
    """MONTH_COUNTS' decode: the shape of `_Replay.count` checked, field by field."""
    return {
        "units": [_unit_counts(unit) for unit in data["units"]],
        "changes": {kind: _int(data["changes"][kind]) for kind in CHANGE_KINDS},
        "unread": [_text(slug) for slug in data["unread"]],
    }


MONTH_COUNTS = Kind("monthly", _counted, _counted)
"""One month's numbers, by its snapshot commit, the one before, the day and the settings it is counted with."""


def _month(month: str, commit: str, day: dt.date, data: dict[str, Any]) -> Month:
    units = [UnitMonth(**unit) for unit in data["units"]]
    county = Numbers(**data["changes"])
    for unit in units:
        for key in ("items", "complete", "guide_expected", "guide_covered", "conflicts"):
            setattr(county, key, getattr(county, key) + getattr(unit, key))
    return Month(month, day, commit, units, county, data["unread"])


def monthly(
    root: Path,
    cache: Cache | None = None,
    since: str | None = None,
    today: dt.date | None = None,
    log: Callable[[str], None] = lambda _: None,
    strict: bool = False,
) -> list[Month]:
    """Every month of the catalogs' history from `since` (YYYY-MM) on, oldest first; [] without git history.
    The months before `since` are counted too (from the cache, mostly): a unit's last update may lie there.
    Raises ConfigError for a broken gongkai.toml or domains, as `gongkai report` does, and with `strict`
    GitUnavailable without git or outside a repository (else that is [], and `log` says why)."""
    root = root.resolve()
    config = read_config(root / CONFIG_FILE)
    domains = project_domains(root)
    today = today or clock.today()
    try:
        repo = Repo(root)
    except GitUnavailable as exc:
        if strict:
            raise
        log(f"没有逐月进展：{exc.message}")
        return []
    with repo:
        commits = repo.commits(None)
        commits.reverse()
        ends = month_ends(commits, today)
        settings = digest(repr(config.lint), repr(sorted(domains.items())))
        replay = _Replay(root, repo, config, domains, cache)
        months = []
        previous: str | None = None
        for month, commit, day in ends:
            key = digest("month", commit, previous or "", day.isoformat(), settings)
            make = lambda c=commit, p=previous, d=day: replay.count(c, p, d)  # noqa: E731
            data = cache.get_or_make(MONTH_COUNTS, key, make) if cache is not None else make()
            months.append(_month(month, commit, day, data))
            previous = commit
    _date_updates(months)
    return [m for m in months if since is None or m.month >= since]


def _date_updates(months: list[Month]) -> None:
    """Each unit's last month with an update, up to each month (a unit is updated in the month it appears)."""
    last: dict[str, str] = {}
    for month in months:
        for unit in month.units:
            if unit.updated:
                last[unit.slug] = month.month
            unit.last_updated = last.get(unit.slug)
