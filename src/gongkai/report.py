"""The audit (`gongkai report`): completeness and guide coverage per unit and per domain, conflicts between
levels, county totals, and the worst gaps with their places. The numbers come from the same checks as lint."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import asdict, dataclass, field

from gongkai import __version__
from gongkai.lint.problem import Problem
from gongkai.lint.runner import LintResult
from gongkai.model.completeness import is_complete
from gongkai.model.guide import coverage
from gongkai.model.project import Project
from gongkai.model.vocab import UNIT_KINDS

GAP_CODES = ("GK2", "GK401", "GK403", "GK404", "GK501", "GK502", "GK6")
WORST = 20


@dataclass
class Row:
    """One line of the report: a unit, a domain, or the county."""

    key: str
    name: str
    kind: str = ""
    items: int = 0
    complete: int = 0
    guide_expected: int = 0
    guide_covered: int = 0
    conflicts: int = 0
    withheld: int = 0
    reviewed: str | None = None
    units: int = 0

    @property
    def completeness(self) -> float | None:
        return round(100 * self.complete / self.items, 1) if self.items else None

    @property
    def coverage(self) -> float | None:
        return round(100 * self.guide_covered / self.guide_expected, 1) if self.guide_expected else None

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

    def to_dict(self) -> dict:
        return {
            "county": self.county,
            "generated": self.generated.isoformat(),
            "generator": f"gongkai {__version__}",
            "total": self.total.to_dict(),
            "units": [u.to_dict() for u in self.units],
            "domains": [d.to_dict() for d in self.domains],
            "gaps": [g.to_dict() for g in self.gaps],
        }


def build_report(project: Project, lint: LintResult, today: dt.date) -> Report:
    """Count every unit's and domain's items, complete items, guide coverage, conflicts and withheld entries."""
    conflicts = Counter((p.unit, p.domain) for p in lint.problems if p.code == "GK501")
    units: list[Row] = []
    domains: dict[str, Row] = {
        d.id: Row(d.id, d.name) for d in sorted(project.domains.values(), key=lambda d: (d.order or 10_000, d.id))
    }
    for file in project.units().values():
        catalog = file.catalog
        unit = Row(
            file.slug,
            catalog.unit.name,
            UNIT_KINDS[catalog.unit.kind],
            withheld=len(catalog.withheld),
            reviewed=catalog.reviewed.isoformat() if catalog.reviewed else None,
        )
        for domain_id, items in catalog.domains.items():
            part = Row(domain_id, "", items=len(items), complete=sum(is_complete(i) for i in items))
            part.conflicts = conflicts[(file.slug, domain_id)]
            domain = project.domains.get(domain_id)
            if domain is not None and domain.guide:
                found = coverage(domain, catalog.unit.kind, items)
                part.guide_expected, part.guide_covered = found.expected, found.covered
            unit.add(part)
            if domain_id in domains:
                domains[domain_id].add(part)
                domains[domain_id].units += 1
        units.append(unit)
    units.sort(key=lambda u: (list(UNIT_KINDS.values()).index(u.kind), u.key))
    total = Row("total", project.config.site.county, units=len(units))
    for unit in units:
        total.add(unit)
    total.withheld = sum(u.withheld for u in units)
    reviews = [u.reviewed for u in units if u.reviewed]
    total.reviewed = min(reviews) if reviews else None
    gaps = [p for p in lint.problems if p.code.startswith(GAP_CODES)]
    gaps.sort(key=lambda p: (p.severity != "error", p.code, p.file, p.line))
    return Report(
        project.config.site.county, today, units, [d for d in domains.values() if d.units], total, gaps[:WORST]
    )
