"""Every file of the site as (path, bytes): pages, sitemap, downloads, the dataset and the static assets.

A generator, so that the writer can stream files into the staging folder instead of holding the site in memory.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from functools import partial
from pathlib import Path
from typing import Protocol
from urllib.parse import urlsplit

from jinja2 import Environment

from gongkai import __version__
from gongkai.cache import BYTES, Cache, Kind, digest, plain
from gongkai.config import SiteConfig
from gongkai.history import HistoryEntry
from gongkai.history.followup import gap_text
from gongkai.model.addresses import unit_url
from gongkai.parallel import forked_map
from gongkai.render.environment import relative
from gongkai.render.feed import atom_feed
from gongkai.render.views import DomainView, ItemView, SiteView, UnitView
from gongkai.resources import packaged
from gongkai.schema import site_schemas
from gongkai.tabular.export import DOMAIN, UNIT, Table, csv_bytes, json_bytes, workbook, xlsx_bytes
from gongkai.tabular.xlsx import Sheet, sheets_of

Output = tuple[str, bytes]


class PageSite(Protocol):
    """What base.html reads from `site`: a county's SiteView has it, and so does the city's CityView."""

    @property
    def config(self) -> SiteConfig: ...
    @property
    def built(self) -> dt.datetime: ...
    @property
    def history(self) -> Sequence[HistoryEntry] | None: ...
    @property
    def city(self) -> tuple[str, str] | None: ...


def render_page(env: Environment, template: str, page: str, site: PageSite, **context) -> Output:
    context.setdefault("url", partial(relative, page=page))
    html = env.get_template(template).render(site=site, page=page, version=__version__, **context)
    return page, html.encode("utf-8")


def from_site_root(site: SiteView) -> Callable[[str], str]:
    """Links for the 404 page, which the web server shows at any missing address, however deep: from the path of
    `base_url` (or from `/` without one) instead of relative to the page."""
    base = urlsplit(site.config.base_url or "/").path.rstrip("/") + "/"
    return lambda target: base + target


FEED_ENTRIES = 50

Task = tuple[str, int]
"""A piece of the site that renders on its own: ("unit", n) is the n-th unit's page and downloads."""


def site_tasks(site: SiteView, *, downloads: bool = True) -> list[Task]:
    return [
        ("pages", 0),
        *(("domain", n) for n in range(len(site.published_domains))),
        *(("unit", n) for n in range(len(site.units))),
        *([("dataset", 0)] if downloads else []),
        *([("updates", 0)] if site.history is not None else []),
        *([("progress", 0)] if site.progress is not None else []),
    ]


def run_task(
    task: Task, site: SiteView, env: Environment, root: Path, cache: Cache | None = None, *, downloads: bool = True
) -> Iterator[Output]:
    kind, n = task
    if kind == "pages":
        yield render_page(env, "index.html", "index.html", site)
        yield render_page(env, "search.html", "search.html", site)
        yield render_page(env, "404.html", "404.html", site, url=from_site_root(site))
        yield render_page(env, "sitemap.html", "sitemap.html", site)
        if site.report is not None:
            yield render_page(env, "report.html", "report.html", site, report=site.report, row_url=report_url)
        if site.config.base_url:  # the sitemap protocol and a schema's $id want full URLs
            yield render_page(env, "sitemap.xml", "sitemap.xml", site, pages=sitemap_pages(site))
            yield from site_schemas(site.config.base_url)
        yield render_page(env, "robots.txt", "robots.txt", site)
        yield from static_files(root)
    elif kind == "domain":
        domain = site.published_domains[n]
        yield render_page(env, "domain.html", domain.url, site, domain=domain)
        if downloads:
            yield from domain_downloads(domain, site, cache)
    elif kind == "unit":
        unit = site.units[n]
        yield render_page(env, "unit.html", unit.url, site, unit=unit)
        if downloads:
            yield from unit_downloads(unit, site, cache)
        if site.history is not None:
            entries = site.unit_history(unit)
            yield render_page(env, "updates.html", unit.updates_url, site, entries=entries, unit=unit)
    elif kind == "updates":
        yield render_page(env, "updates.html", "updates.html", site, entries=site.history, unit=None)
        feed = atom_feed((site.history or [])[:FEED_ENTRIES], site.config.title, site.config.base_url, site.built)
        yield "updates.xml", feed
    elif kind == "progress":
        on_site = {unit.slug for unit in site.units}
        unit_page = lambda slug: unit_url(slug) if slug in on_site else None  # noqa: E731
        yield render_page(env, "progress.html", "progress.html", site, progress=site.progress, unit_url=unit_page,
                          gap_text=gap_text)  # fmt: skip
    else:
        yield "data/catalog.json", json_bytes(dataset(site), compact=True)
        yield from county_downloads(site, cache)


def site_files(
    site: SiteView,
    env: Environment,
    root: Path,
    workers: int = 1,
    cache: Cache | None = None,
    *,
    downloads: bool = True,
    counted: Callable[[int, int], None] = lambda done, total: None,
) -> Iterator[Output]:
    """Every file of the site, or without `downloads` all but the downloads and the dataset. With `workers` > 1
    the tasks render in forked processes (they inherit the site as it is, nothing is pickled but the files
    coming back); the files are the same bytes either way."""
    tasks = site_tasks(site, downloads=downloads)
    if len(tasks) < 20:  # a small county renders faster than a pool starts
        workers = 1
    run = lambda n: list(run_task(tasks[n], site, env, root, cache, downloads=downloads))  # noqa: E731
    for done, outputs in enumerate(forked_map(run, len(tasks), workers, chunksize=2), 1):
        yield from outputs
        counted(done, len(tasks))


def _table(title: str, sheet: str, domain: DomainView, units_views: list[tuple[UnitView, list[ItemView]]]) -> Table:
    """A table of the items of `units_views`, each with its 单位."""
    items = [(unit.name, view.item) for unit, views in units_views for view in views]
    return Table(title, sheet, [item for _, item in items], domain.name, [name for name, _ in items])


def unit_tables(unit: UnitView, site: SiteView) -> list[Table]:
    domains = {d.id: d for d in site.domains}
    return [
        _table(f"{unit.name}{domains[d].name}领域基层政务公开标准目录", domains[d].name, domains[d], [(unit, views)])
        for d, views in unit.items_by_domain.items()
    ]


def domain_table(domain: DomainView, county: str) -> Table:
    """One table of every unit's items for the domain, each with its 单位: one sheet to sort and filter, where a
    sheet per unit meant 500 sheets at 100,000 items."""
    return _table(f"{county}{domain.name}领域基层政务公开标准目录", domain.name, domain, domain.units)


def county_tables(site: SiteView) -> list[Table]:
    """A table for each domain, of every unit's items for it."""
    return [domain_table(d, site.config.county) for d in site.published_domains]


def unit_downloads(unit: UnitView, site: SiteView, cache: Cache | None = None) -> Iterator[Output]:
    sources = [(unit.slug, unit.digest, domain_id) for domain_id in unit.items_by_domain]
    yield from downloads(unit.downloads, unit_tables(unit, site), sources, site.built, cache, csv_columns=[DOMAIN])


def domain_downloads(domain: DomainView, site: SiteView, cache: Cache | None = None) -> Iterator[Output]:
    sources = [(unit.slug, unit.digest, domain.id) for unit, _ in domain.units]
    tables = [domain_table(domain, site.config.county)]
    yield from downloads(domain.downloads, tables, sources, site.built, cache, [UNIT], [UNIT])


def county_downloads(site: SiteView, cache: Cache | None = None) -> Iterator[Output]:
    """The whole county: a sheet per domain with a 单位 column; one csv with 单位 and 领域. Each sheet is the one
    of the domain's own workbook, taken from the cache where the domain's task left it: after one catalog
    changed, only the domains it has items in are written again, not all the county's rows."""
    sources = [(unit.slug, unit.digest, d.id) for d in site.published_domains for unit, _ in d.units]
    tables = county_tables(site)
    domain_sheets = lambda: [sheets_of(domain_workbook(d, site, cache))[0] for d in site.published_domains]  # noqa: E731
    sheets = domain_sheets if cache is not None and site.published_domains else None
    yield from downloads(site.downloads, tables, sources, site.built, cache, [UNIT], [UNIT, DOMAIN], sheets)


def domain_workbook(domain: DomainView, site: SiteView, cache: Cache | None) -> bytes:
    """The domain's workbook as its download is (its xlsx comes first, and only it is made)."""
    return next(domain_downloads(domain, site, cache))[1]


def downloads(
    base: str,
    tables: list[Table],
    sources: list[tuple],
    built: dt.datetime,
    cache: Cache | None,
    xlsx_columns: Sequence[str] = (),
    csv_columns: Sequence[str] = (),
    sheets: Callable[[], list[Sheet]] | None = None,
) -> Iterator[Output]:
    """`base`.xlsx and `base`.csv of `tables`, whose items are the whole lists of `sources` (unit slug, catalog
    digest, domain), each with its added columns (单位, 领域). Both come from the cache when the same tables were
    written before: writing workbooks is the most expensive part of a first build, and between two builds most
    tables do not change. A workbook is dated with the build's day (not its time), so it is reused within a day.
    `sheets` gives the workbook's sheets as `tables` would be written, made already (another workbook's)."""
    day = dt.datetime.combine(built.astimezone(dt.UTC).date(), dt.time(), dt.UTC)
    key = None
    if cache is not None and all(file_digest for _, file_digest, _ in sources):
        key = digest(repr(sources), repr([(t.title, t.sheet, t.domain) for t in tables]), repr(csv_columns))
    xlsx = (lambda: workbook(sheets(), day)) if sheets else (lambda: xlsx_bytes(tables, day, columns=xlsx_columns))
    yield f"{base}.xlsx", _kept(cache, XLSX, key and digest(key, day.isoformat(), repr(xlsx_columns)), xlsx)
    yield f"{base}.csv", _kept(cache, CSV, key, lambda: csv_bytes(tables, csv_columns))


XLSX = plain("xlsx", BYTES)
CSV = plain("csv", BYTES)


def _kept(cache: Cache | None, kind: Kind[bytes], key: str | None, make: Callable[[], bytes]) -> bytes:
    return cache.get_or_make(kind, key, make) if cache is not None else make()


def dataset(site: SiteView) -> dict:
    """The whole county as one JSON document: the same data as the YAML files, normalised."""
    return {
        "county": site.config.county,
        "title": site.config.title,
        "generator": f"gongkai {__version__}",
        "domains": [
            {"id": d.id, "name": d.name, "aliases": d.domain.aliases, "department": d.domain.department}
            for d in site.published_domains
        ],
        "units": [
            {
                "slug": unit.slug,
                **unit.catalog.unit.model_dump(exclude_none=True),
                "reviewed": unit.catalog.reviewed.isoformat() if unit.catalog.reviewed else None,
                "domains": {
                    domain_id: [_item_record(view) for view in views]
                    for domain_id, views in unit.items_by_domain.items()
                },
                "withheld": [w.model_dump(exclude_none=True) for w in unit.withheld],
            }
            for unit in site.units
        ],
    }


def _item_record(view: ItemView) -> dict:
    return {"anchor": view.anchor, "url": view.url, **view.item.model_dump(exclude_none=True)}


def report_url(row) -> str | None:
    """Where a report row's unit or domain page is."""
    return f"units/{row.key}.html" if row.kind else f"domains/{row.key}.html" if row.key != "total" else None


def sitemap_pages(site: SiteView) -> list[str]:
    return [
        "index.html",
        "search.html",
        "sitemap.html",
        *(["report.html"] if site.report else []),
        *(["updates.html", *(u.updates_url for u in site.units)] if site.history is not None else []),
        *(["progress.html"] if site.progress is not None else []),
        *(d.url for d in site.published_domains),
        *(u.url for u in site.units),
    ]


def static_files(root: Path) -> Iterator[Output]:
    """The packaged `templates/static/` files, with a county's own `templates/static/` files over them."""
    files: dict[str, Path] = {}
    for folder in (packaged("templates") / "static", root / "templates" / "static"):
        if folder.is_dir():
            for path in sorted(folder.rglob("*")):
                if path.is_file():
                    files[path.relative_to(folder).as_posix()] = path
    for name in sorted(files):
        yield f"static/{name}", files[name].read_bytes()
