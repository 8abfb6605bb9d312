"""What a city knows of each county (`Summary`, kept in its part.json), the ranking of the counties by
completeness, guide coverage, consistency between levels and freshness of review, and lint and report over
every county (`gongkai lint`, `gongkai report` in a city)."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Final, Literal

from pydantic import BaseModel, ConfigDict

from gongkai.lint.runner import LintResult
from gongkai.model.guide import coverage
from gongkai.model.project import Project
from gongkai.model.vocab import pinyin_key
from gongkai.report import Report

FORMAT: Final = 1


class Lack(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str  # the guide item's name
    units: int  # how many of the county's units publishing the domain lack it


class DomainLacks(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str
    name: str
    units: int  # the county's units publishing the domain
    lacking: list[Lack]


class Summary(BaseModel):
    """One county as the city sees it: its totals, each unit's review date and the guide items it lacks."""

    model_config = ConfigDict(extra="forbid")

    format: Literal[1] = FORMAT
    digest: str = ""
    slug: str
    county: str
    title: str
    units: int
    items: int
    complete: int
    guide_expected: int
    guide_covered: int
    conflicts: int
    warnings: int
    reviews: list[dt.date | None]
    review_max_days: int
    lacking: list[DomainLacks]
    built: dt.datetime

    @property
    def url(self) -> str:
        return f"counties/{self.slug}/index.html"

    def fresh(self, today: dt.date) -> int:
        """Units whose last review is within the county's review_max_days."""
        return sum(1 for d in self.reviews if d is not None and (today - d).days <= self.review_max_days)


def summarise(project: Project, report: Report, lint: LintResult, slug: str, built: dt.datetime) -> Summary:
    """The county at its last build: `report`'s totals and, per domain, the guide items its units lack."""
    lacks: dict[str, Counter] = defaultdict(Counter)
    publishing: Counter = Counter()
    matched: dict = {}
    for file in project.units().values():
        kind = file.valid.unit.kind
        for domain_id, items in file.valid.domains.items():
            domain = project.domains.get(domain_id)
            if domain is None or not domain.guide:
                continue
            publishing[domain_id] += 1
            for match in coverage(domain, kind, items, matched).matches:
                if not match.covered:
                    lacks[domain_id][match.guide.name] += 1
    order = [d for d in sorted(project.domains.values(), key=lambda d: (d.order or 10_000, d.id)) if d.id in lacks]
    total = report.total
    return Summary(
        slug=slug,
        county=project.config.site.county,
        title=project.config.site.title,
        units=len(report.units),
        items=total.items,
        complete=total.complete,
        guide_expected=total.guide_expected,
        guide_covered=total.guide_covered,
        conflicts=total.conflicts,
        warnings=lint.warnings,
        reviews=[dt.date.fromisoformat(u.reviewed) if u.reviewed else None for u in report.units],
        review_max_days=project.config.lint.review_max_days,
        lacking=[
            DomainLacks(
                id=d.id,
                name=d.name,
                units=publishing[d.id],
                lacking=[Lack(name=name, units=n) for name, n in sorted(lacks[d.id].items(), key=_most)],
            )
            for d in order
        ],
        built=built,
    )


def _most(entry: tuple[str, int]) -> tuple:
    return (-entry[1], pinyin_key(entry[0]))


def _percent(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


@dataclass
class Rank:
    """A county's place in the city's ranking: four measures in percent and their mean, the score."""

    place: int
    county: Summary
    completeness: float | None
    coverage: float | None
    consistency: float | None  # items without a conflict between levels
    freshness: float | None  # units reviewed within review_max_days

    @property
    def score(self) -> float | None:
        measures = [m for m in (self.completeness, self.coverage, self.consistency, self.freshness) if m is not None]
        return round(sum(measures) / len(measures), 1) if measures else None

    def to_dict(self) -> dict:
        return {
            "place": self.place,
            "slug": self.county.slug,
            "county": self.county.county,
            "units": self.county.units,
            "items": self.county.items,
            "completeness": self.completeness,
            "coverage": self.coverage,
            "consistency": self.consistency,
            "freshness": self.freshness,
            "conflicts": self.county.conflicts,
            "score": self.score,
        }


MEASURES = (("completeness", "要素完整率%"), ("coverage", "指引覆盖率%"), ("consistency", "层级一致率%"),
            ("freshness", "按期评估率%"), ("score", "综合得分"))  # fmt: skip


def ranking(counties: list[Summary], today: dt.date) -> list[Rank]:
    """The counties best first: by the mean of completeness, coverage, consistency and freshness."""
    ranks = [
        Rank(
            0,
            c,
            _percent(c.complete, c.items),
            _percent(c.guide_covered, c.guide_expected),
            _percent(c.items - min(c.conflicts, c.items), c.items),
            _percent(c.fresh(today), c.units),
        )
        for c in counties
    ]
    ranks.sort(key=lambda r: (-(r.score if r.score is not None else -1), pinyin_key(r.county.county), r.county.slug))
    for n, rank in enumerate(ranks, start=1):
        rank.place = n
    return ranks


@dataclass
class DomainGaps:
    """A domain of the standard guides and, for each county that publishes it, the guide items it lacks."""

    id: str
    name: str
    counties: list[tuple[Summary, DomainLacks]]


def gaps_by_domain(counties: list[Summary]) -> list[DomainGaps]:
    found: dict[str, DomainGaps] = {}
    for county in counties:
        for lacks in county.lacking:
            found.setdefault(lacks.id, DomainGaps(lacks.id, lacks.name, [])).counties.append((county, lacks))
    return list(found.values())


@dataclass
class CityReport:
    city: str
    generated: dt.date
    ranks: list[Rank]
    domains: list[DomainGaps]

    def to_dict(self) -> dict:
        return {
            "city": self.city,
            "generated": self.generated.isoformat(),
            "ranking": [r.to_dict() for r in self.ranks],
            "lacking": [
                {
                    "domain": d.id,
                    "name": d.name,
                    "counties": [_lacks(c, lacks) for c, lacks in d.counties],
                }
                for d in self.domains
            ],
        }


def _lacks(county: Summary, lacks: DomainLacks) -> dict:
    lacking = [lack.model_dump() for lack in lacks.lacking]
    return {"slug": county.slug, "county": county.county, "units": lacks.units, "lacking": lacking}


def city_report(city: str, counties: list[Summary], today: dt.date) -> CityReport:
    return CityReport(city, today, ranking(counties, today), gaps_by_domain(counties))
