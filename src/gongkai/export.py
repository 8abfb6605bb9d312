"""`gongkai export`: the chosen units' and domains' catalogs as one download (XLSX, CSV or the JSON dataset), made
from the same views and tables as the site's, after a check that nothing would be left out without a word."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from gongkai.errors import GongkaiError, UsageError
from gongkai.lint.rules import RULES
from gongkai.lint.runner import lint_project, selection
from gongkai.lint.selection import Selection
from gongkai.model.domain import resolve_domain
from gongkai.render.pages import dataset, domain_table, unit_tables
from gongkai.render.views import site_view
from gongkai.tabular.export import DOMAIN, UNIT, csv_bytes, json_bytes, xlsx_bytes

LOSING = tuple(rule.code for rule in RULES if rule.loses_content)
"""Problems that keep content out of the tables: a file that could not be read or validated, a domain not known."""


def _structure_errors(project, units: list[str]) -> list:
    """The chosen units' (all if none) problems that would leave content out of the export without a word, as
    the county's [lint] settings select them. Missing elements do not stop an export: filling them in the
    workbook is what it is for."""
    chosen = selection(project.config)
    result = lint_project(project, Selection(LOSING, chosen.ignore, chosen.per_file_ignores))
    return [p for p in result.problems if p.severity == "error" and (not units or p.unit in units)]


def export_catalogs(project, units: list[str], domains: list[str], format: str, built: dt.datetime) -> bytes:
    """The selected units' catalogs (all units if none given), limited to `domains` if given: xlsx with one
    sheet per unit and domain (one sheet with a 单位 column when one domain is asked for), csv, or the dataset as
    json."""
    unplaceable = _structure_errors(project, units)
    if unplaceable:
        raise GongkaiError(
            f"{len(unplaceable)} 处目录结构错误，导出会漏掉这些内容；请先修正 (catalogs that cannot be exported whole)",
            details=[f"{p.location} {p.code} {p.message}" for p in unplaceable[:20]],
        )
    site = site_view(project, built)
    known_units = {u.slug: u for u in site.units}
    known_domains = {d.id: d for d in site.domains}
    for slug in units:
        if slug not in known_units:
            raise UsageError(f"未知的单位「{slug}」；可用：{'、'.join(known_units)} (unknown unit)")
    domains = [resolve_domain(d, project.domains) for d in domains]
    for domain_id in domains:
        if domain_id not in known_domains:
            raise UsageError(f"未知的领域「{domain_id}」(unknown domain)")
    chosen = [known_units[s] for s in units] if units else site.units
    if format == "json":
        document = dataset(site)
        document["units"] = [
            {**u, "domains": {d: v for d, v in u["domains"].items() if not domains or d in domains}}
            for u in document["units"]
            if u["slug"] in {c.slug for c in chosen}
        ]
        return json_bytes(document)
    if len(domains) == 1 and not units:
        tables = [domain_table(known_domains[domains[0]], site.config.county)]
    else:
        tables = [
            replace(table, sheet=f"{unit.display_name}-{table.sheet}") if len(chosen) > 1 else table
            for unit in chosen
            for domain_id, table in zip(unit.items_by_domain, unit_tables(unit, site), strict=True)
            if not domains or domain_id in domains
        ]
    if format == "xlsx":  # a sheet of several units' items says each one's 单位
        return xlsx_bytes(tables, built, columns=[UNIT] if any(len(set(t.units)) > 1 for t in tables) else [])
    varying = (UNIT, {u for t in tables for u in t.units}), (DOMAIN, {t.domain for t in tables})
    return csv_bytes(tables, [column for column, values in varying if len(values) > 1])
