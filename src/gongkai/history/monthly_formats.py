"""`gongkai report --by month` as text, json and xlsx (the html form is the site's 进展 page,
gongkai/render/progress.py). The json is the contract documented in docs/report-monthly.md."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

from gongkai import __version__
from gongkai.cache import Cache
from gongkai.config import Config, read_config
from gongkai.history.followup import FollowUp, follow_up, gap_text
from gongkai.history.monthly import CHANGE_KINDS, Month, UnitMonth, monthly, parse_month
from gongkai.paths import CONFIG_FILE
from gongkai.report import COLUMNS, SHORT_LABELS
from gongkai.tabular.export import stable_zip

LABELS = {
    **dict(COLUMNS),
    **{"units": "单位", "overdue": "评估逾期", "updated": "更新单位", "last_updated": "最近更新"},
    **{"added": "新增", "removed": "删除", "renamed": "更名", "changed": "修改"},
}
"""The report's column labels (gongkai/report.py), and those of what only the months have."""
COUNTY_KEYS = ("units", "items", "completeness", "coverage", "conflicts", "overdue", *CHANGE_KINDS, "updated")
UNIT_KEYS = ("items", "complete", "completeness", "guide_expected", "guide_covered", "coverage", "conflicts",
             "overdue", *CHANGE_KINDS, "last_updated")  # fmt: skip
COUNTY_COLUMNS = [(key, LABELS[key]) for key in COUNTY_KEYS]
UNIT_COLUMNS = [(key, LABELS[key]) for key in UNIT_KEYS]
SHORT = {**SHORT_LABELS, "评估逾期": "逾期", "最近更新": "更新于", "更新单位": "更新"}


def _shown(value: object) -> object:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "是" if value else ""
    return value


def county_row(month: Month) -> list[object]:
    data = month.to_dict()["county"]
    return [_shown(data[key]) for key, _ in COUNTY_COLUMNS]


def unit_row(unit: UnitMonth) -> list[object]:
    data = unit.to_dict()
    return [_shown(data[key]) for key, _ in UNIT_COLUMNS]


def to_json(months: list[Month]) -> str:
    return json.dumps([m.to_dict() for m in months], ensure_ascii=False, indent=2) + "\n"


def follow_up_lines(follow_up: FollowUp | None) -> list[str]:
    """The 督办 list as plain lines (text, the workbook's sheet)."""
    if follow_up is None:
        return []
    lines = []
    for unit, found in follow_up.worse:
        changes = "，".join(f"{w.label} {w.old} → {w.new}" for w in found)
        lines.append(f"变差：{unit.short}（{unit.slug}）{changes}")
    for unit, idle in follow_up.stale:
        lines.append(f"{idle} 个月未更新：{unit.short}（{unit.slug}），最近更新 {unit.last_updated}")
    for unit in follow_up.gaps:
        lines.append(f"缺口：{unit.short}（{unit.slug}）{gap_text(unit)}")
    return lines or ["没有需要督办的单位"]


def write_text(months: list[Month], follow_up: FollowUp | None, county: str, console) -> None:
    """Rich tables: the county month by month, the 督办 list, then each month's units, the newest first."""
    from rich.table import Table
    from rich.text import Text  # a unit's name is text, never markup

    if not months:
        console.print("没有逐月进展：目录没有 git 历史 (no git history of the catalogs)")
        return
    table = Table(title=Text(f"{county}逐月进展 (by month)"), title_justify="left", pad_edge=False)
    table.add_column("月份", no_wrap=True)
    for _, label in COUNTY_COLUMNS:
        table.add_column(SHORT.get(label, label), justify="right", no_wrap=True)
    for month in months:
        table.add_row(month.month, *(str(v) for v in county_row(month)))
    console.print(table)
    if follow_up is not None:
        console.print(f"督办（{follow_up.month}）:")
        for line in follow_up_lines(follow_up):
            console.print(f"  {line}", highlight=False, markup=False)
    for month in reversed(months):
        table = Table(title=f"{month.month} 按单位（截至 {month.date}）", title_justify="left", pad_edge=False)
        table.add_column("单位", no_wrap=True)
        for _, label in UNIT_COLUMNS:
            table.add_column(SHORT.get(label, label), justify="right", no_wrap=True)
        for unit in month.units:
            table.add_row(Text(unit.short), *(str(v) for v in unit_row(unit)))
        console.print(table)
        if month.unread:
            console.print(f"  未计入（无法读取）：{'、'.join(month.unread)}", highlight=False, markup=False)


def to_xlsx(months: list[Month], follow_up: FollowUp | None, generated: dt.date) -> bytes:
    """Three sheets: the county by month, every unit in every month (one row each, to filter), the 督办 list."""
    import xlsxwriter  # only when a workbook is written: it is slow to import

    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False})
    bold = workbook.add_format({"bold": True})
    county = workbook.add_worksheet("县（按月）")
    county.write_row(0, 0, ["月份", "截至", *(label for _, label in COUNTY_COLUMNS)], bold)
    for n, month in enumerate(months, start=1):
        county.write_row(n, 0, [month.month, month.date.isoformat(), *county_row(month)])
    county.freeze_panes(1, 1)
    units = workbook.add_worksheet("单位（按月）")
    units.write_row(0, 0, ["月份", "单位", "标识", "类型", *(label for _, label in UNIT_COLUMNS)], bold)
    row = 1
    for month in months:
        for unit in month.units:
            units.write_row(row, 0, [month.month, unit.name, unit.slug, unit.kind, *unit_row(unit)])
            row += 1
    units.set_column(1, 1, 28)
    units.freeze_panes(1, 2)
    sheet = workbook.add_worksheet("督办")
    sheet.write_row(0, 0, [f"督办（{follow_up.month if follow_up else '—'}）"], bold)
    for n, line in enumerate(follow_up_lines(follow_up), start=1):
        sheet.write_string(n, 0, line)
    sheet.set_column(0, 0, 80)
    created = dt.datetime.combine(generated, dt.time())
    workbook.set_properties({"author": "gongkai", "comments": f"gongkai {__version__}", "created": created})
    workbook.close()
    return stable_zip(buffer.getvalue())


def audit_months(root: Path, since: str | None = None) -> tuple[list[Month], FollowUp | None, Config]:
    """What `gongkai report --by month` shows: the months from `since`, their 督办 list, the county's settings.
    Raises UsageError for a `since` that is no YYYY-MM and GitUnavailable outside a git repository."""
    since = parse_month(since) if since is not None else None
    config = read_config(root / CONFIG_FILE)
    cache = Cache.of_project(root, config.cache)
    months = monthly(root, cache, since=since, strict=True)
    cache.trim()
    return months, follow_up(months, config.site.stale_months), config
