"""`gongkai lint`, `report` and `fmt` in a city repository: every county checked by its own rules and config,
one result; the report ranks the counties and lists, per domain, the guide items each county lacks."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from gongkai import clock
from gongkai.cache import Cache
from gongkai.city.audit import MEASURES, CityReport, city_report, summarise
from gongkai.city.site import CityView, city_config
from gongkai.city.sources import counties, local_counties
from gongkai.config import read_config
from gongkai.lint.runner import LintResult, lint, lint_project, selection
from gongkai.model.project import catalog_paths, load_project
from gongkai.paths import CONFIG_FILE
from gongkai.report import build_report


def city_catalog_paths(root: Path) -> list[Path]:
    """What `gongkai fmt` formats in a city: every local county's catalogs."""
    return [path for county in local_counties(root) for path in catalog_paths(county.root, None)]


def lint_city(root: Path, select: list[str] | None = None, ignore: list[str] | None = None) -> LintResult:
    """Every county's catalogs, each with its own [lint] settings (and `select`/`ignore` over them), as one
    result whose files are named from the working folder."""
    results = [lint(c.root, None, select, ignore) for c in counties(root, city_config(root)[1])]
    combined = LintResult([p for r in results for p in r.problems], rules=results[0].rules if results else [])
    for result in results:
        combined.files += result.files
        combined.units += result.units
        combined.items += result.items
        combined.checked += result.checked
    return combined


def audit_city(root: Path, today: dt.date | None = None) -> CityReport:
    """Load, lint and count every county (what `gongkai report` shows in a city)."""
    _, city = city_config(root)
    today = today or clock.today()
    summaries = []
    for county in counties(root, city):
        store = Cache.of_project(county.root, read_config(county.root / CONFIG_FILE).cache)
        project = load_project(county.root, cache=store)
        result = lint_project(project, selection(project.config), today, cache=store)
        report = build_report(project, result, today, store)
        summaries.append(summarise(project, report, result, county.slug, clock.now()))
    return city_report(city.name, summaries, today)


def _shown(value: object) -> str:
    return "—" if value is None else str(value)


def write_text(report: CityReport, console) -> None:
    """The ranking as a table, then per domain each county's missing guide items. Every name is text: Rich's
    markup is off for each cell and line."""
    from rich.table import Table
    from rich.text import Text

    table = Table(title=f"{report.city}各县排名 (counties ranked)", title_justify="left", pad_edge=False)
    for label in ("名次", "县", "单位", "事项", *(label for _, label in MEASURES)):
        table.add_column(label, justify="left" if label == "县" else "right", no_wrap=True)
    for rank in report.ranks:
        row = rank.to_dict()
        cells = [rank.place, rank.county.county, rank.county.units, rank.county.items, *(row[k] for k, _ in MEASURES)]
        table.add_row(*(Text(_shown(c)) for c in cells))
    console.print(table)
    console.print("各领域缺少的标准指引事项 (guide items each county lacks):")
    for domain in report.domains:
        console.print(Text(f"  {domain.name} ({domain.id})"))
        for county, lacks in domain.counties:
            names = "、".join(f"{lack.name}（{lack.units}）" for lack in lacks.lacking)
            console.print(Text(f"    {county.county}（{lacks.units} 个单位）：{names}"))


def report_bytes(root: Path, report: CityReport, format: str) -> bytes:
    if format == "json":
        import json

        return (json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    if format == "xlsx":
        return _xlsx(report)
    from gongkai.render.environment import environment
    from gongkai.render.pages import render_page, static_files

    config = read_config(root / CONFIG_FILE)
    view = CityView(config.site.model_copy(update={"county": report.city}), report.city, clock.now(),
                    [r.county for r in report.ranks], report, search=False)  # fmt: skip
    css = b"".join(data for name, data in static_files(root) if name == "static/gongkai.css").decode("utf-8")
    _, html = render_page(environment(root), "city/report.html", "report.html", view, report=report, inline_css=css)
    return html


def _xlsx(report: CityReport) -> bytes:
    """Two sheets: the ranking, and each domain's missing guide items by county. Every value is text or a number."""
    import xlsxwriter

    from gongkai.tabular.export import stable_zip

    buffer = io.BytesIO()
    options = {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}
    workbook = xlsxwriter.Workbook(buffer, options)
    bold = workbook.add_format({"bold": True})
    ranking = workbook.add_worksheet("排名")
    ranking.write_row(0, 0, ["名次", "县", "标识", "单位", "事项", *(label for _, label in MEASURES)], bold)
    for n, rank in enumerate(report.ranks, start=1):
        row = rank.to_dict()
        values = [rank.place, rank.county.county, rank.county.slug, rank.county.units, rank.county.items]
        ranking.write_row(n, 0, [*values, *(_shown(row[k]) if row[k] is None else row[k] for k, _ in MEASURES)])
    lacking = workbook.add_worksheet("缺少的指引事项")
    lacking.write_row(0, 0, ["领域", "县", "公开本领域的单位", "缺少的指引事项", "缺少的单位数"], bold)
    line = 1
    for domain in report.domains:
        for county, lacks in domain.counties:
            for lack in lacks.lacking:
                lacking.write_row(line, 0, [domain.name, county.county, lacks.units, lack.name, lack.units])
                line += 1
    workbook.set_properties({"author": "gongkai", "created": dt.datetime.combine(report.generated, dt.time())})
    workbook.close()
    return stable_zip(buffer.getvalue())
