"""The audit (`gongkai report`): completeness and guide coverage per unit and per domain, conflicts between
levels, county totals, and the worst gaps with their places. The numbers come from the same checks as lint.
The report as data, with its text, json and xlsx forms; the html page is gongkai/render/report.py."""

from __future__ import annotations

import datetime as dt
import io
import json
from collections import Counter
from dataclasses import asdict, dataclass, field
from functools import partial
from typing import Any

from gongkai import __version__, clock
from gongkai.cache import Cache, digest, plain
from gongkai.lint.problem import Problem
from gongkai.lint.rules import RULES
from gongkai.lint.runner import LintResult, lint_project, selection
from gongkai.model.catalog import Item
from gongkai.model.domain import Domain
from gongkai.model.guide import coverage
from gongkai.model.project import Project, load_project
from gongkai.model.vocab import UNIT_KINDS, pinyin_key
from gongkai.tabular.export import stable_zip

WORST = 20


class Rates:
    """Completeness and guide coverage in percent (one decimal; None with nothing to count) of what has these
    four counts: a report's row, a month's unit (history/monthly.py)."""

    items: int
    complete: int
    guide_expected: int
    guide_covered: int

    @property
    def completeness(self) -> float | None:
        return round(100 * self.complete / self.items, 1) if self.items else None

    @property
    def coverage(self) -> float | None:
        return round(100 * self.guide_covered / self.guide_expected, 1) if self.guide_expected else None


@dataclass
class Row(Rates):
    """One line of the report: a unit, a domain, or the county."""

    key: str
    name: str
    kind: str = ""
    short: str = ""  # the display name, for narrow tables
    items: int = 0
    complete: int = 0
    guide_expected: int = 0
    guide_covered: int = 0
    conflicts: int = 0
    withheld: int = 0
    reviewed: str | None = None
    units: int = 0

    def add(self, other: Row) -> None:
        for name in ("items", "complete", "guide_expected", "guide_covered", "conflicts", "withheld"):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def to_dict(self) -> dict:
        return {**asdict(self), "completeness": self.completeness, "coverage": self.coverage}


@dataclass
class Report:
    county: str
    generated: dt.date
    units: list[Row]
    domains: list[Row]
    total: Row
    gaps: list[Problem] = field(default_factory=list)
    unread: list[Problem] = field(default_factory=list)  # why each catalog left out of the counts could not be read

    def to_dict(self) -> dict:
        return {
            "county": self.county,
            "generated": self.generated.isoformat(),
            "generator": f"gongkai {__version__}",
            "total": self.total.to_dict(),
            "units": [u.to_dict() for u in self.units],
            "domains": [d.to_dict() for d in self.domains],
            "gaps": [g.to_dict() for g in self.gaps],
            "unread": [p.to_dict() for p in self.unread],
        }


def _coverage_counts(domain: Domain, kind: str, items: list[Item]) -> tuple[int, int]:
    found = coverage(domain, kind, items)
    return found.expected, found.covered


def _counts(data: Any) -> tuple[int, int]:
    expected, covered = data
    if type(expected) is not int or type(covered) is not int:
        raise TypeError("coverage counts")
    return expected, covered


COVERAGE = plain("coverage", _counts)
"""A unit's guide items expected and covered in one domain."""


def build_report(project: Project, lint: LintResult, today: dt.date, cache: Cache | None = None) -> Report:
    """Count every unit's and domain's items, complete items, guide coverage, conflicts and withheld entries.
    With `cache`, a unit's coverage of a domain is matched again only when its names or the guide changed."""
    guides = {d.id: repr(d.guide) for d in project.domains.values() if d.guide}
    conflict = {r.code for r in RULES if r.level_conflict}
    conflicts = Counter((p.unit, p.domain) for p in lint.problems if p.code in conflict)
    units: list[Row] = []
    domains: dict[str, Row] = {
        d.id: Row(d.id, d.name) for d in sorted(project.domains.values(), key=lambda d: (d.order or 10_000, d.id))
    }
    for file in project.units().values():
        catalog = file.valid
        unit = Row(
            file.slug,
            catalog.unit.name,
            UNIT_KINDS[catalog.unit.kind],
            catalog.unit.display_name,
            withheld=len(catalog.withheld),
            reviewed=catalog.reviewed.isoformat() if catalog.reviewed else None,
        )
        complete = file.complete_counts()
        for domain_id, items in catalog.domains.items():
            part = Row(domain_id, "", items=len(items), complete=complete[domain_id])
            part.conflicts = conflicts[(file.slug, domain_id)]
            domain = project.domains.get(domain_id)
            if domain is not None and domain.guide:
                key = digest(guides[domain_id], catalog.unit.kind, repr([i.name for i in items])) if cache else None
                make = partial(_coverage_counts, domain, catalog.unit.kind, items)
                part.guide_expected, part.guide_covered = cache.get_or_make(COVERAGE, key, make) if cache else make()
            unit.add(part)
            if domain_id in domains:
                domains[domain_id].add(part)
                domains[domain_id].units += 1
        units.append(unit)
    units.sort(key=lambda u: (list(UNIT_KINDS.values()).index(u.kind), pinyin_key(u.short)))
    total = Row("total", project.config.site.county, units=len(units))
    for unit in units:
        total.add(unit)
    total.withheld = sum(u.withheld for u in units)
    reviews = [u.reviewed for u in units if u.reviewed]
    total.reviewed = min(reviews) if reviews else None
    gap = {r.code for r in RULES if r.gap}
    gaps = [p for p in lint.problems if p.code in gap]
    gaps.sort(key=lambda p: (p.severity != "error", p.code, p.file, p.line))
    left_out = {file.slug for file in project.catalogs if file.catalog is None}
    reading = {r.code for r in RULES if r.scope == "source"}  # the rules that check a file as it is read
    unread = [p for p in lint.problems if p.severity == "error" and p.code in reading and p.unit in left_out]
    return Report(
        project.config.site.county, today, units, [d for d in domains.values() if d.units], total, gaps[:WORST], unread
    )


COLUMNS = (
    ("items", "事项"),
    ("complete", "要素齐全"),
    ("completeness", "完整率%"),
    ("guide_expected", "指引事项"),
    ("guide_covered", "已覆盖"),
    ("coverage", "覆盖率%"),
    ("conflicts", "层级不一致"),
    ("withheld", "负面清单"),
    ("reviewed", "最近评估"),
)


SHORT_LABELS = {"要素齐全": "齐全", "完整率%": "完整%", "指引事项": "指引", "已覆盖": "覆盖", "覆盖率%": "覆盖%",
                "层级不一致": "不一致", "负面清单": "负面", "最近评估": "评估"}  # fmt: skip


def _cell(row: Row, key: str) -> object:
    value = row.to_dict()[key]
    return "—" if value is None else value


def write_text(report: Report, console) -> None:
    """Rich tables: units, domains, the county's totals, then the worst gaps with their places."""
    from rich.table import Table

    for title, rows, first in (("按单位 (units)", report.units, "单位"), ("按领域 (domains)", report.domains, "领域")):
        table = Table(title=title, title_justify="left", pad_edge=False)
        table.add_column(first, no_wrap=True)
        for _, label in COLUMNS:
            table.add_column(SHORT_LABELS.get(label, label), justify="right", no_wrap=True)
        for row in [*rows, report.total]:
            name = "合计" if row is report.total else row.short or row.name
            table.add_row(name, *(str(_cell(row, k)) for k, _ in COLUMNS))
        console.print(table)
    if report.unread:
        console.print(f"[red]未计入：{len(report.unread)} 处错误使目录文件无法读取，以上数字不含这些文件[/]")
        for problem in report.unread:
            console.print(f"  {problem.location} {problem.code} {problem.message}", highlight=False, markup=False)
    console.print(f"主要问题（前 {len(report.gaps)} 项）:")
    for gap in report.gaps:
        console.print(f"  {gap.location} {gap.code} {gap.message}", highlight=False, markup=False)


def to_json(report: Report) -> str:
    return json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n"


def to_xlsx(report: Report) -> bytes:
    """Three sheets: units, domains, gaps."""
    import xlsxwriter  # only when a workbook is written: it is slow to import

    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False})
    bold = workbook.add_format({"bold": True})
    for title, rows, first in (("单位", report.units, "单位"), ("领域", report.domains, "领域")):
        sheet = workbook.add_worksheet(title)
        sheet.write_row(0, 0, [first, "标识", *(label for _, label in COLUMNS)], bold)
        for n, row in enumerate([*rows, report.total], start=1):
            sheet.write_row(n, 0, [row.name, row.key, *(_cell(row, k) for k, _ in COLUMNS)])
        sheet.set_column(0, 0, 28)
        sheet.freeze_panes(1, 1)
    gaps = workbook.add_worksheet("主要问题")
    gaps.write_row(0, 0, ["位置", "规则", "级别", "问题", "单位", "领域", "事项"], bold)
    for n, gap in enumerate([*report.unread, *report.gaps], start=1):
        gaps.write_row(n, 0, [gap.location, gap.code, gap.severity, gap.message, gap.unit, gap.domain, gap.item])
    workbook.set_properties({"author": "gongkai", "created": dt.datetime.combine(report.generated, dt.time())})
    workbook.close()
    return stable_zip(buffer.getvalue())


def audit(root) -> tuple[Project, Report]:
    """Load and lint the county at `root` and count it (what `gongkai report` shows)."""
    project = load_project(root)
    lint = lint_project(project, selection(project.config))
    return project, build_report(project, lint, clock.today())
