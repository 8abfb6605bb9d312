"""`gongkai build` in a city repository: each county's part (built, or reused while its inputs are unchanged),
then one site: the parts under counties/<slug>/ (hard links where the disk allows), the city's home page with
each county's totals, one search over every county's index (merged in the browser: static/search.js), the
ranking of the counties and the city-wide CSV with a 县 column. Atomic like a county's build."""

from __future__ import annotations

import csv
import datetime as dt
import io
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from gongkai import clock
from gongkai.city.audit import CityReport, Summary, city_report
from gongkai.city.parts import PARTS, Part, build_part, merged_parts
from gongkai.city.sources import County, counties
from gongkai.config import CityConfig, Config, SiteConfig, read_config
from gongkai.errors import ConfigError, UsageError
from gongkai.output import _link, check_output, recover, staged
from gongkai.paths import CONFIG_FILE
from gongkai.render.environment import environment
from gongkai.render.pages import Output, render_page, static_files
from gongkai.tabular.export import CSV_HEADER, DOMAIN, UNIT, inert

COUNTY = "县"
"""The column the city's CSV adds before 单位 and 领域."""


@dataclass
class CityView:
    """What the city's templates see. `config` is the city's [site] with the city's name where a county's would be,
    so that the county's base template serves the city's pages too."""

    config: SiteConfig
    name: str
    built: dt.datetime
    counties: list[Summary]
    report: CityReport
    search: bool
    history: None = None
    progress: None = None
    city: None = None

    downloads = "downloads/city"

    @property
    def units(self) -> int:
        return sum(c.units for c in self.counties)

    @property
    def items(self) -> int:
        return sum(c.items for c in self.counties)


@dataclass
class CityResult:
    out: Path | None  # None when only parts were built (--county)
    parts: list[Part]
    files: int = 0

    @property
    def reused(self) -> list[str]:
        return [p.county.slug for p in self.parts if p.reused]

    @property
    def built(self) -> list[str]:
        return [p.county.slug for p in self.parts if not p.reused]


def city_config(root: Path) -> tuple[Config, CityConfig]:
    """The city repository's gongkai.toml and its [city] table (a ConfigError when it has none)."""
    config = read_config(root / CONFIG_FILE)
    if config.city is None:
        raise ConfigError(f"{root / CONFIG_FILE}: 没有 [city] 表，这不是市级仓库 (not a city repository)")
    return config, config.city


def build_city(
    root: Path,
    out: Path | None = None,
    *,
    search: bool = True,
    only: list[str] | None = None,
    merge: bool = False,
    log: Callable[[str], None] = lambda _: None,
    now: dt.datetime | None = None,
) -> CityResult:
    """Build the city at `root` into `out` (default `site/`). With `only`, just those counties' parts (a CI job
    per county); with `merge`, no county is built: every part must be there and current (the city's CI job)."""
    config, city = city_config(root)
    chosen = _chosen(root, counties(root, city), only)
    parts_folder = root / PARTS
    log(f"{city.name}：{len(chosen)} 个县")
    if merge:
        parts = merged_parts(chosen, city.name, parts_folder, search)
    else:
        parts = [build_part(c, city.name, parts_folder, search=search, log=log) for c in chosen]
    if only:
        return CityResult(None, parts)
    out = out or root / "site"
    check_output(out, root)
    recover(out)
    summaries = [p.summary for p in parts]
    now = now or clock.now()
    view = CityView(
        config.site.model_copy(update={"county": city.name}),
        city.name,
        now,
        summaries,
        city_report(city.name, summaries, now.date()),
        search,
    )
    env = environment(root)
    with staged(out) as stage:
        for part in parts:
            shutil.copytree(part.site, stage.path / "counties" / part.county.slug, copy_function=_link)
        log(f"合并 {len(parts)} 个县的网站（{len([p for p in parts if p.reused])} 个沿用）")
        for path, data in city_files(view, env, root, parts):
            stage.write(path, data)
    log(f"网站已写入 {out}")
    return CityResult(out, parts, stage.files)


def _chosen(root: Path, found: list[County], only: list[str] | None) -> list[County]:
    if not only:
        return found
    by_slug = {c.slug: c for c in found}
    unknown = [slug for slug in only if slug not in by_slug]
    if unknown:
        raise UsageError(
            f"未知的县「{'、'.join(unknown)}」；{root / CONFIG_FILE} 里有：{'、'.join(by_slug)} (unknown county)"
        )
    return [by_slug[slug] for slug in dict.fromkeys(only)]


def city_files(view: CityView, env, root: Path, parts: list[Part]) -> Iterator[Output]:
    yield render_page(env, "city/index.html", "index.html", view)
    yield render_page(env, "city/search.html", "search.html", view)
    yield render_page(env, "city/report.html", "report.html", view, report=view.report)
    yield render_page(env, "city/sitemap.html", "sitemap.html", view)
    yield from static_files(root)
    yield f"{view.downloads}.csv", city_csv([(p.summary.county, p.site / "downloads" / "catalog.csv") for p in parts])


def city_csv(sources: list[tuple[str, Path]]) -> bytes:
    """Every county's CSV (the standard columns, 单位, 领域) as one, numbered across the city, with the county's
    name in a 县 column before 单位. The counties' cells are inert already (tabular.export.inert); so is the name."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow((*CSV_HEADER, COUNTY, UNIT, DOMAIN))
    number = 0
    for name, path in sources:
        if not path.is_file():
            continue
        with path.open(encoding="utf-8-sig", newline="") as handle:
            rows = csv.reader(handle)
            next(rows, None)
            for row in rows:
                number += 1
                standard, added = row[1 : len(CSV_HEADER)], row[len(CSV_HEADER) :]
                writer.writerow([number, *standard, inert(name), *added])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
