"""Spreadsheet files (XLSX, XLS, CSV, TSV) → sheets of text cells, with their size bounded before they are read.

A table is read whole into memory, so what a file may expand to is checked first, cheaply: an XLSX is a zip
whose entries are streamed through once (their real uncompressed size counted, each sheet's rows, columns and
cells counted from its XML, without parsing it) before calamine reads it; a CSV is counted as it is split. The
limits (docs/format.md, "Limits") are far above any real county table and far below what would take minutes or
gigabytes to read. Every cell comes back as text: a formula's cached value, never the formula.
"""

from __future__ import annotations

import csv
import html
import io
import re
import stat
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gongkai.errors import UsageError
from gongkai.load import LoadError, decode
from gongkai.paths import display_path

MAX_FILE_BYTES = 128 * 1024 * 1024
"""A table file on disk. 100,000 rows of the standard table are about 45 MB as CSV and 10 MB as XLSX."""
MAX_EXPANDED_BYTES = 256 * 1024 * 1024
"""What an XLSX's entries add up to once uncompressed (100,000 rows: about 70 MB)."""
MAX_ROWS = 200_000
"""Rows of one sheet."""
MAX_COLUMNS = 256
"""Columns of one sheet (the standard table has 14; counties add a few)."""
MAX_CELLS = 6_000_000
"""Cells of one sheet, counting the empty ones inside its used area (which calamine holds too). A sheet whose
cells all lie in columns A–Z is counted as 26 columns wide."""
NEAR_COLUMNS = 26
MAX_ZIP_ENTRIES = 10_000
MAX_MERGED_AREA = 2 * MAX_CELLS
"""Cells that merged ranges cover, added up over a sheet's ranges."""

SUFFIXES = (".xlsx", ".xlsm", ".xls", ".csv", ".tsv")
_SAMPLE = 1 << 20  # bytes of a large CSV that decide its encoding


@dataclass
class Sheet:
    name: str | None  # None for a CSV
    rows: list[list[str]]
    notes: list[tuple[int, str]] = field(default_factory=list)  # (1-based row, message)


@dataclass
class Workbook:
    path: Path
    sheets: list[Sheet]
    encoding: str | None = None  # of a CSV


def too_large(where: str, what: str, value: float, limit: float) -> UsageError:
    return UsageError(
        f"{where}: 表格过大：{what} {value:,.0f}，上限 {limit:,.0f}；见 docs/format.md「导入的上限」 (table too large)"
    )


def read_workbook(path: Path) -> Workbook:
    """Every sheet of the file as rows of trimmed text, merged cells filled from their top-left cell."""
    shown = display_path(path)
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise UsageError(f"{shown}: 不支持的文件类型，请用 .xlsx、.xls、.csv 或 .tsv (unsupported file)")
    try:
        info = path.stat()
    except OSError as exc:
        raise UsageError(f"{shown}: 无法读取 ({exc.strerror or exc})") from None
    if not stat.S_ISREG(info.st_mode):  # a pipe or a device would block the read, a folder cannot be one
        raise UsageError(f"{shown}: 不是普通文件 (not a regular file)")
    size = info.st_size
    if size > MAX_FILE_BYTES:
        raise too_large(shown, "文件大小（字节）", size, MAX_FILE_BYTES)
    if suffix in (".csv", ".tsv"):
        return _read_csv(path, shown, "\t" if suffix == ".tsv" else ",")
    notes_by_sheet: dict[str, list[tuple[int, str]]] = {}
    if suffix != ".xls":
        notes_by_sheet = check_zip(path, shown)
    return _read_calamine(path, shown, notes_by_sheet)


def cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).replace("\u3000", " ").strip()


def _read_csv(path: Path, shown: str, delimiter: str) -> Workbook:
    from gongkai.tabular.export import FORMULA_START

    raw = path.read_bytes()
    try:
        if len(raw) <= _SAMPLE:
            text, encoding = decode(raw)
        else:  # decode() keeps catalogs under its own size cap: let it judge the start, then decode the whole
            _, encoding = decode(raw[: raw.rfind(b"\n", 0, _SAMPLE) + 1])
            text = raw.decode(encoding)
    except LoadError as exc:
        raise UsageError(f"{shown}: 无法读取 ({exc})") from None
    except UnicodeDecodeError as exc:
        raise UsageError(f"{shown}: 无法按 {encoding} 解码（第 {exc.start + 1} 字节）(unknown text encoding)") from None
    rows: list[list[str]] = []
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        for row in reader:
            if len(rows) >= MAX_ROWS:
                raise too_large(shown, "行数", len(rows) + 1, MAX_ROWS)
            if len(row) > MAX_COLUMNS:
                raise too_large(f"{shown}:{reader.line_num}", "列数", len(row), MAX_COLUMNS)
            # the ' that export.inert puts before a cell Excel would run as a formula comes off again
            rows.append([cell_text(c[1:] if c[:1] == "'" and c.lstrip("'").startswith(FORMULA_START) else c)
                         for c in row])  # fmt: skip
    except csv.Error as exc:
        raise UsageError(f"{shown}:{reader.line_num}: 无法按 CSV 读取 ({exc})") from None
    return Workbook(path, [Sheet(None, rows)], encoding)


def _read_calamine(path: Path, shown: str, notes_by_sheet: dict[str, list[tuple[int, str]]]) -> Workbook:
    from python_calamine import CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_path(str(path))
        sheets = []
        for name in workbook.sheet_names:
            sheet = workbook.get_sheet_by_name(name)
            where = f"{shown}「{name}」"
            # An XLS has no cheap way to count first; its format holds at most 65,536 × 256 cells.
            if sheet.height > MAX_ROWS:
                raise too_large(where, "行数", sheet.height, MAX_ROWS)
            if sheet.width > MAX_COLUMNS:
                raise too_large(where, "列数", sheet.width, MAX_COLUMNS)
            if sheet.height * sheet.width > MAX_CELLS:
                raise too_large(where, "单元格数", sheet.height * sheet.width, MAX_CELLS)
            rows = [[cell_text(c) for c in row] for row in sheet.to_python(skip_empty_area=False)]
            _fill_merged(rows, sheet.merged_cell_ranges or [], where)
            sheets.append(Sheet(name, rows, notes_by_sheet.get(name, [])))
    except UsageError:
        raise
    except Exception as exc:  # calamine raises its own error types for broken files
        raise UsageError(f"{shown}: 无法读取表格 ({type(exc).__name__}: {exc})") from None
    return Workbook(path, sheets)


def _fill_merged(rows: list[list[str]], merged: list, where: str) -> None:
    area = 0
    for (top, left), (bottom, right) in merged:
        if top >= len(rows):
            continue
        value = rows[top][left] if left < len(rows[top]) else ""
        bottom = min(bottom, len(rows) - 1)
        for r in range(top, bottom + 1):
            end = min(right, len(rows[r]) - 1)
            area += max(0, end - left + 1)
            if area > MAX_MERGED_AREA:
                raise too_large(where, "合并单元格覆盖的单元格数", area, MAX_MERGED_AREA)
            for c in range(left, end + 1):
                rows[r][c] = value


_ROW = re.compile(rb"<row\b[^>]*?\br=\"(\d+)\"")
_FAR_CELL = re.compile(rb"<c\b[^>]*?\br=\"([A-Z]{2,}|[A-Z](?=\d{6}))(\d+)\"")  # past column Z or row 99,999
_REF = re.compile(rb"<c\b[^>]*?\br=\"([A-Z]{1,4}\d+)\"")
_VALUE = re.compile(rb"<v>[^<]")
_DIMENSION = re.compile(rb"<dimension\b[^>]*\bref=\"[A-Z]*\d*:?([A-Z]{1,4})(\d+)\"")
_SHEET = re.compile(rb"<sheet\b[^>]*>")
_ATTR = re.compile(rb"\b([\w:]+)=\"([^\"]*)\"")


def _column_number(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n


def check_zip(path: Path, shown: str) -> dict[str, list[tuple[int, str]]]:
    """Stream every entry of an XLSX once, counting what it really expands to (a zip may declare any size) and,
    for each sheet, its rows, columns and cells; formulas without a cached value are noted by cell. Raises
    UsageError at the first limit crossed, naming the file and sheet. Returns notes by sheet name."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise UsageError(f"{shown}: 无法读取表格 ({exc})") from None
    with archive:
        entries = archive.infolist()
        if len(entries) > MAX_ZIP_ENTRIES:
            raise too_large(shown, "压缩包内文件数", len(entries), MAX_ZIP_ENTRIES)
        declared = sum(e.file_size for e in entries)
        if declared > MAX_EXPANDED_BYTES:
            raise too_large(shown, "解压后大小（字节）", declared, MAX_EXPANDED_BYTES)
        names = _sheet_names(archive)
        expanded = 0
        notes: dict[str, list[tuple[int, str]]] = {}
        for entry in entries:
            sheet = names.get(entry.filename)
            scan = _SheetScan(f"{shown}「{sheet}」") if sheet else None
            try:
                with archive.open(entry) as stream:
                    while chunk := stream.read(1 << 20):
                        expanded += len(chunk)
                        if expanded > MAX_EXPANDED_BYTES:
                            raise too_large(shown, "解压后大小（字节）", expanded, MAX_EXPANDED_BYTES)
                        if scan:
                            scan.feed(chunk)
            except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError) as exc:
                raise UsageError(f"{shown}: 无法读取表格 ({exc})") from None
            if scan and sheet:
                scan.finish()
                if scan.formulas:
                    cells = "、".join(scan.formulas[:20]) + ("……" if len(scan.formulas) > 20 else "")
                    message = (
                        f"公式没有保存计算结果，按空单元格读取：{cells}；请在 Excel 中打开并保存后再导入"
                        " (formula without value)"
                    )
                    notes[sheet] = [(0, message)]
    return notes


def _sheet_names(archive: zipfile.ZipFile) -> dict[str, str]:
    """Zip entry → sheet name, from xl/workbook.xml and its relationships (both small: read with a cap)."""

    def small(name: str) -> bytes:
        try:
            with archive.open(name) as stream:
                return stream.read(4 << 20)
        except (KeyError, zipfile.BadZipFile, OSError, ValueError, NotImplementedError):
            return b""

    targets = {}
    for tag in re.findall(rb"<Relationship\b[^>]*>", small("xl/_rels/workbook.xml.rels")):
        attrs = dict(_ATTR.findall(tag))
        target = attrs.get(b"Target", b"").decode("utf-8", "replace")
        targets[attrs.get(b"Id", b"")] = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
    names = {}
    for number, tag in enumerate(_SHEET.findall(small("xl/workbook.xml")), start=1):
        attrs = dict(_ATTR.findall(tag))
        rid = next((v for k, v in attrs.items() if k.endswith(b":id")), b"")
        name = html.unescape(attrs.get(b"name", b"").decode("utf-8", "replace")) or f"Sheet{number}"
        names[targets.get(rid, f"xl/worksheets/sheet{number}.xml")] = name
    for entry in archive.namelist():  # a sheet the workbook does not list is still counted
        if entry.startswith("xl/worksheets/") and entry.endswith(".xml") and entry not in names:
            names[entry] = entry.rsplit("/", 1)[-1].removesuffix(".xml")
    return names


class _SheetScan:
    """A worksheet's XML fed in chunks: rows, the widest column and cells counted over whole rows only."""

    def __init__(self, where: str):
        self.where = where
        self.tail = b""
        self.rows = self.cells = self.last_row = self.last_column = 0
        self.formulas: list[str] = []
        self.first = True

    def feed(self, chunk: bytes) -> None:
        block = self.tail + chunk
        if self.first:
            self.first = False
            dimension = _DIMENSION.search(block[:65536])
            if dimension:  # the sheet's own claim of its size: an early, cheap refusal (the count below decides)
                self._check(int(dimension.group(2)), _column_number(dimension.group(1)), 0)
        cut = block.rfind(b"</row>")
        if cut < 0:
            if len(block) > 64 << 20:  # one row this long is no table
                raise too_large(self.where, "单行大小（字节）", len(block), 64 << 20)
            self.tail = block
            return
        cut += len(b"</row>")
        self._count(block[:cut])
        self.tail = block[cut:]

    def finish(self) -> None:
        self._count(self.tail)
        self.tail = b""

    def _count(self, block: bytes) -> None:
        """Counted with bytes.count and a search that matches only far cells, so that a 100,000-row sheet takes
        a fraction of a second: rows (`<row` tags, and their numbers), cells (`<c` tags) and the farthest cell
        reference. Where some cells have no reference (each is placed after the one before it), the widest row."""
        self.rows += block.count(b"<row")
        numbers = _ROW.findall(block)
        if numbers:
            self.last_row = max(self.last_row, max(map(int, numbers)))
        self.last_row = max(self.last_row, self.rows)
        cells = block.count(b"<c ") + block.count(b"<c>") + block.count(b"<c/")
        self.cells += cells
        if cells != block.count(b'<c r="'):
            for segment in block.split(b"</row>"):
                width = segment.count(b"<c ") + segment.count(b"<c>") + segment.count(b"<c/")
                self.last_column = max(self.last_column, width)
        far = _FAR_CELL.findall(block)
        if far:
            self.last_column = max(self.last_column, *(_column_number(c) for c in {c for c, _ in far}))
            self.last_row = max(self.last_row, *(int(r) for _, r in far))
        self._check(self.last_row, max(self.last_column, NEAR_COLUMNS if self.cells else 0), self.cells)
        at = block.find(b"<f")
        while at >= 0:
            end = block.find(b"</c>", at)
            if block[at + 2 : at + 3] in (b">", b" ", b"/") and end > 0:
                start = block.rfind(b"<c ", 0, at)
                ref = _REF.match(block, start, at) if start >= 0 else None
                if ref and not _VALUE.search(block, at, end):
                    self.formulas.append(ref.group(1).decode())
            at = block.find(b"<f", max(end, at + 2))

    def _check(self, rows: int, columns: int, cells: int) -> None:
        if rows > MAX_ROWS:
            raise too_large(self.where, "行数", rows, MAX_ROWS)
        if columns > MAX_COLUMNS:
            raise too_large(self.where, "列数", columns, MAX_COLUMNS)
        if max(cells, rows * columns) > MAX_CELLS:
            raise too_large(self.where, "单元格数", max(cells, rows * columns), MAX_CELLS)
