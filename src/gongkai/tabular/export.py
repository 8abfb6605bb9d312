"""Catalogs in the official standard table layout: XLSX (two-row header, merged cells, √ ticks), CSV (the
single-row header of SPEC §9) and the whole dataset as JSON. The site's downloads and `gongkai export` share it.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from gongkai.model.catalog import Item
from gongkai.model.guide import expected_guide_items
from gongkai.model.vocab import AUDIENCE, LEVEL, METHOD
from gongkai.tabular.layout import TABLE_COLUMNS, header

CSV_HEADER = tuple(c.label for c in TABLE_COLUMNS)
TICK = "√"


UNIT, DOMAIN = "单位", "领域"
"""The columns a download adds after the standard ones when it holds more than one unit's or domain's items."""


@dataclass(frozen=True)
class Table:
    """One table of the standard layout: a title (unit and domain) and its items in order, with the 领域 they are
    of and the 单位 of each (for the added columns)."""

    title: str
    sheet: str  # a short name for the XLSX sheet tab
    items: Sequence[Item]
    domain: str = ""
    units: Sequence[str] = ()  # one for each item

    @property
    def levels(self) -> tuple[str, ...]:
        """县级, 乡级 as in the official table, and 村级 only when an item has it."""
        used = {level for item in self.items for level in item.level or ()}
        return tuple(v for v in LEVEL.values if v != "村级" or v in used)

    def added(self, n: int, columns: Sequence[str]) -> list[str]:
        """The n-th item's 单位 and 领域, as `columns` asks."""
        return [(self.units[n] if n < len(self.units) else "") if c == UNIT else self.domain for c in columns]


def _joined(values: list[str] | None) -> str:
    return "、".join(values or ())


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def inert(text: str) -> str:
    """A CSV cell that Excel would run as a formula (=HYPERLINK(…), +cmd, @SUM…) gets a leading ', which Excel
    shows as text; `gongkai import` takes the ' off again (and so one written before such a cell is doubled)."""
    return "'" + text if text.lstrip("'").startswith(FORMULA_START) else text


def csv_bytes(tables: Iterable[Table], columns: Sequence[str] = ()) -> bytes:
    """UTF-8 with BOM, so that Excel opens the Chinese text correctly; numbered across tables; the standard
    header, then the added `columns` (单位, 领域). No cell starts a formula (see `inert`)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow((*CSV_HEADER, *columns))
    number = 0
    for table in tables:
        for n, item in enumerate(table.items):
            number += 1
            texts = (item.category, item.name, item.content, item.basis, item.deadline, item.owner)
            writer.writerow(
                [
                    number,
                    *(inert(text or "") for text in texts),
                    *(inert(_joined(values)) for values in (item.channel, item.audience, item.method, item.level)),
                    *(inert(text) for text in table.added(n, columns)),
                ]
            )
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def xlsx_bytes(tables: Sequence[Table], built: dt.datetime, blank_rows: int = 0, columns: Sequence[str] = ()) -> bytes:
    """One sheet per table, laid out like the official standard table, then the added `columns` (单位 on a sheet
    of several units' items), printable on A4 landscape. With `blank_rows`, a template: that many empty rows to
    fill in, the tick columns offering √ from a drop-down. Every value is written as text: a cell never becomes a
    formula, whatever a catalog says."""
    import xlsxwriter

    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False,
                                            "strings_to_numbers": False})  # fmt: skip
    title = workbook.add_format({"bold": True, "font_size": 14, "align": "center", "valign": "vcenter"})
    head = workbook.add_format({"bold": True, "align": "center", "valign": "vcenter", "text_wrap": True, "border": 1})
    wrap = workbook.add_format({"text_wrap": True, "valign": "top", "border": 1})
    centre = workbook.add_format({"align": "center", "valign": "vcenter", "text_wrap": True, "border": 1})
    used_names: set[str] = set()
    for table in tables or [Table("（无事项）", "目录", [])]:
        sheet = workbook.add_worksheet(_sheet_name(table.sheet, used_names))
        levels = table.levels
        ticks = [*AUDIENCE.values, *METHOD.values, *levels]
        last_tick = 7 + len(ticks)
        last_column = last_tick + len(columns)
        sheet.merge_range(0, 0, 0, last_column, table.title, title)
        for cell in header(levels, tuple(columns)):
            if not cell.under:
                sheet.merge_range(1, cell.first, 2, cell.first, cell.label, head)
                continue
            if cell.span > 1:
                sheet.merge_range(1, cell.first, 1, cell.first + cell.span - 1, cell.label, head)
            else:
                sheet.write_string(1, cell.first, cell.label, head)
            for column, text in enumerate(cell.under, start=cell.first):
                sheet.write_string(2, column, text, head)
        widths = [5, 10, 14, 28, 24, 16, 14, 16] + [5] * len(ticks) + [14] * len(columns)
        for column, width in enumerate(widths):
            sheet.set_column(column, column, width)
        sheet.set_row(2, 30)
        for row, item in enumerate(table.items, start=3):
            values = ["", item.category, item.name, item.content, item.basis, item.deadline, item.owner,
                      _joined(item.channel)]  # fmt: skip
            chosen = {*(item.audience or ()), *(item.method or ()), *(item.level or ())}
            values += [TICK if tick in chosen else "" for tick in ticks]
            values += table.added(row - 3, columns)
            sheet.write_number(row, 0, row - 2, centre)
            for column, value in enumerate(values[1:], start=1):
                style = centre if 7 < column <= last_tick else wrap
                if value:
                    sheet.write_string(row, column, value, style)
                else:
                    sheet.write_blank(row, column, None, style)
            # Spreadsheet programs do not grow rows for wrapped text by themselves: size the row for its longest cell.
            sheet.set_row(row, 15 * max(_lines(values[c], widths[c]) for c in range(1, 8)) + 3)
        end = 2 + len(table.items) + blank_rows
        for row in range(3 + len(table.items), end + 1):
            for column in range(last_column + 1):
                sheet.write_blank(row, column, None, centre if column == 0 or 7 < column <= last_tick else wrap)
        if blank_rows:
            sheet.data_validation(3, 8, end, last_tick, {"validate": "list", "source": [TICK], "ignore_blank": True,
                                  "input_message": "勾选填 √", "error_message": "只能填 √ 或留空"})  # fmt: skip
        sheet.freeze_panes(3, 0)
        sheet.repeat_rows(1, 2)
        sheet.set_landscape()
        sheet.set_paper(9)  # A4
        sheet.fit_to_pages(1, 0)
    workbook.set_properties({"author": "gongkai", "created": built.astimezone(dt.UTC).replace(tzinfo=None)})
    workbook.close()
    return stable_zip(buffer.getvalue())


def _lines(value: object, width: int) -> int:
    """How many lines a cell needs at a column width (in Latin characters; a Chinese character takes two)."""
    if value in (None, ""):
        return 1
    return sum(max(1, -(-(len(line) + len(_WIDE.findall(line))) // (width - 1))) for line in str(value).splitlines())


_WIDE = re.compile(r"[^\x00-\u2e7f]")  # characters a spreadsheet draws two columns wide


def _sheet_name(name: str, used: set[str]) -> str:
    """Excel's rules: at most 31 characters, none of []:*?/\\, unique in the workbook."""
    clean = "".join("_" if c in "[]:*?/\\" else c for c in name)[:31] or "目录"
    candidate, n = clean, 2
    while candidate in used:
        suffix = f"({n})"
        candidate, n = clean[: 31 - len(suffix)] + suffix, n + 1
    used.add(candidate)
    return candidate


def stable_zip(data: bytes) -> bytes:
    """The same archive with fixed entry times, so that two builds give the same bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            target.writestr(entry, source.read(info.filename))
    return out.getvalue()


def json_bytes(document: object, compact: bool = False) -> bytes:
    """Indented for people; `compact` for the site's dataset, where the indent would mean json's Python encoder,
    several times slower than its C one on a county."""
    layout = {"separators": (",", ":")} if compact else {"indent": 1}
    return (json.dumps(document, ensure_ascii=False, default=str, **layout) + "\n").encode("utf-8")


def template_table(domain, kind: str | None = None) -> Table:
    """The domain's guide items as a table to start from (all of them, or those for one kind of unit)."""
    guide = expected_guide_items(domain, kind) if kind else domain.guide
    items = [
        Item(
            category=g.category,
            name=g.name,
            content=g.content,
            basis=g.basis,
            deadline=g.deadline,
            method=g.method,
            channel=g.channel,
            audience=g.audience,
            level=g.levels,
        )
        for g in guide
    ]
    return Table(f"{domain.name}领域基层政务公开标准目录", domain.name, items)
