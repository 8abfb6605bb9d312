"""Catalogs in the official standard table layout: XLSX (two-row header, merged cells, √ ticks), CSV (the
single-row header of SPEC §9) and the whole dataset as JSON. The site's downloads and `gongkai export` share it.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from gongkai.model.catalog import Item
from gongkai.model.guide import expected_guide_items
from gongkai.model.vocab import LEVEL
from gongkai.tabular.layout import TABLE_COLUMNS
from gongkai.tabular.xlsx import Sheet, Workbook, sheet

CSV_HEADER = tuple(c.label for c in TABLE_COLUMNS)


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


def table_sheet(table: Table, columns: Sequence[str] = (), blank_rows: int = 0) -> Sheet:
    """The table as a sheet laid out like the official standard table, then the added `columns` (单位 on a sheet of
    several units' items); with `blank_rows`, a template (see `xlsx.sheet`)."""
    rows = (
        (
            (item.category or "", item.name or "", item.content or "", item.basis or "", item.deadline or "",
             item.owner or "", _joined(item.channel), *table.added(n, columns)),
            {*(item.audience or ()), *(item.method or ()), *(item.level or ())},
        )
        for n, item in enumerate(table.items)
    )  # fmt: skip
    return sheet(table.sheet, table.title, rows, table.levels, columns, blank_rows)


def xlsx_bytes(tables: Sequence[Table], built: dt.datetime, blank_rows: int = 0, columns: Sequence[str] = ()) -> bytes:
    """One sheet per table (`table_sheet`), printable on A4 landscape. Every value is written as text (the 序号 as
    a number): a cell never becomes a formula, whatever a catalog says."""
    shown = tables or [Table("（无事项）", "目录", [])]
    return workbook([table_sheet(table, columns, blank_rows) for table in shown], built)


def workbook(sheets: Iterable[Sheet], built: dt.datetime) -> bytes:
    """An .xlsx of `sheets` (made by `table_sheet`, or taken from another workbook by `xlsx.sheets_of`), dated
    `built`."""
    book = Workbook(built)
    for made in sheets:
        book.add(made)
    return book.close()


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
