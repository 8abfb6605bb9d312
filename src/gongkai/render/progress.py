"""The 进展 page (with history): each unit's completeness and guide coverage month by month as a small inline SVG
chart drawn here at build time, its numbers in a table beside it, and the 督办 list. The chart's geometry is
made of numbers only; every name in it is text the template escapes. Also `gongkai report --by month --format
html`, the same page made self-contained."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment

from gongkai import clock
from gongkai.cache import Cache
from gongkai.config import Config
from gongkai.history.followup import FollowUp, follow_up, gap_text
from gongkai.history.monthly import Month, Numbers, monthly
from gongkai.history.monthly_formats import to_json, to_xlsx
from gongkai.render.environment import environment
from gongkai.render.report import standalone
from gongkai.render.views import SiteView

SHOWN_MONTHS = 12
"""Months on the page (the json and xlsx of `report --by month` hold them all)."""
WIDTH, HEIGHT = 240, 96
LEFT, RIGHT, TOP, BOTTOM = 30, 8, 8, 18  # room for the axis labels


@dataclass(frozen=True)
class Line:
    """One series of a chart: its polyline pieces (a month without a value breaks the line) and its dots."""

    key: str  # completeness | coverage
    label: str
    pieces: tuple[str, ...]  # "x,y x,y …", numbers only
    dots: tuple[tuple[float, float], ...]


@dataclass
class Chart:
    id: str  # unique on the page: the <title>'s id
    title: str  # text, escaped by the template
    months: list[str]
    completeness: list[float | None]
    coverage: list[float | None]
    width: int = WIDTH
    height: int = HEIGHT

    def x(self, n: int) -> float:
        span = self.width - LEFT - RIGHT
        return round(LEFT + (span * n / (len(self.months) - 1) if len(self.months) > 1 else span / 2), 1)

    def y(self, percent: float) -> float:
        return round(TOP + (self.height - TOP - BOTTOM) * (100 - percent) / 100, 1)

    @property
    def lines(self) -> list[Line]:
        out = []
        series = (("coverage", "覆盖率", self.coverage), ("completeness", "完整率", self.completeness))
        for key, label, values in series:
            pieces: list[list[tuple[float, float]]] = [[]]
            for n, value in enumerate(values):
                if value is None:
                    pieces.append([])
                else:
                    pieces[-1].append((self.x(n), self.y(value)))
            dots = tuple(point for piece in pieces for point in piece)
            pieces = [piece for piece in pieces if piece]
            out.append(Line(key, label, tuple(" ".join(f"{x},{y}" for x, y in p) for p in pieces), dots))
        return out

    @property
    def left(self) -> int:
        return LEFT

    @property
    def right(self) -> int:
        return self.width - RIGHT

    @property
    def ticks(self) -> list[tuple[float, str]]:
        return [(self.y(p), f"{p}%") for p in (0, 50, 100)]

    @property
    def axis(self) -> list[tuple[float, str]]:
        """The first and last month under the chart."""
        if not self.months:
            return []
        ends = [0, len(self.months) - 1] if len(self.months) > 1 else [0]
        return [(self.x(n), self.months[n]) for n in ends]

    @property
    def bottom(self) -> float:
        return self.y(0)


def chart(id: str, title: str, months: list[Month], numbers: list[Numbers | None]) -> Chart:
    return Chart(
        id,
        title,
        [m.month for m in months],
        [n.completeness if n is not None else None for n in numbers],
        [n.coverage if n is not None else None for n in numbers],
    )


@dataclass
class UnitProgress:
    slug: str
    name: str
    short: str
    kind: str
    chart: Chart
    numbers: list[Numbers | None]  # month by month, None where the unit was not there


@dataclass
class ProgressView:
    months: list[Month]  # the months shown
    county: Chart
    units: list[UnitProgress]
    follow_up: FollowUp | None
    all_months: int = 0  # how many months the history has

    @property
    def last(self) -> Month | None:
        return self.months[-1] if self.months else None


def progress_view(months: list[Month], county: str, stale_months: int) -> ProgressView:
    """The page's data: the last SHOWN_MONTHS months, the units of the last month first (in the report's order),
    then those that left before it."""
    shown = months[-SHOWN_MONTHS:]
    order: dict[str, tuple[str, str, str]] = {}
    for month in reversed(shown):
        for unit in month.units:
            order.setdefault(unit.slug, (unit.name, unit.short, unit.kind))
    units = []
    for n, (slug, (name, short, kind)) in enumerate(order.items()):
        numbers: list[Numbers | None] = [m.unit(slug) for m in shown]
        units.append(UnitProgress(slug, name, short, kind, chart(f"chart-{n}", f"{short}：完整率和覆盖率", shown,
                                                                 numbers), numbers))  # fmt: skip
    county_chart = chart("chart-county", f"{county}：完整率和覆盖率", shown, [m.county for m in shown])
    return ProgressView(shown, county_chart, units, follow_up(months, stale_months), len(months))


def site_progress(
    root: Path, config: Config, cache: Cache | None, today: dt.date, log: Callable[[str], None]
) -> ProgressView:
    """The 进展 page of a build with history (no months without git: the page then says so)."""
    months = monthly(root, cache, today=today, log=log)
    log(f"进展：{len(months)} 个月")
    return progress_view(months, config.site.county, config.site.stale_months)


def monthly_bytes(root: Path, months: list[Month], config: Config, format: str) -> bytes:
    """`report --by month` as json, xlsx or a self-contained html page (the site's 进展 page)."""
    view = progress_view(months, config.site.county, config.site.stale_months)
    if format == "json":
        return to_json(months).encode("utf-8")
    if format == "xlsx":
        return to_xlsx(months, view.follow_up, clock.today())
    return standalone_progress(SiteView(config.site, clock.now(), [], []), view, environment(root), root)


def standalone_progress(site: SiteView, progress: ProgressView, env: Environment, root: Path) -> bytes:
    """`report --by month --format html`: the 进展 page as one file, linking to no unit page."""
    return standalone(site, env, root, "progress.html", progress=progress, unit_url=lambda _: None, gap_text=gap_text)
