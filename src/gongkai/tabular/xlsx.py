"""The standard table as XLSX, written directly as SpreadsheetML: a sheet's XML is made once and can go into
several workbooks (a domain's sheet is its domain workbook and one sheet of the county's).

Writing the parts ourselves is several times faster than XlsxWriter for the same layout (docs/development.md has
the figures): a row is escaped and laid out once, in one pass, with nothing kept per cell. Every value is an
inline string (`t="inlineStr"`) but the 序号, which is a number: a cell never holds a formula, whatever a catalog
says, and a text that looks like a number or a date stays text.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass

from gongkai.model.vocab import AUDIENCE, METHOD
from gongkai.tabular.header import column_letter
from gongkai.tabular.layout import header

TICK = "√"
WIDTHS = (5, 10, 14, 28, 24, 16, 14, 16)  # 序号 … 公开渠道和载体; a tick column is 5 wide, an added column 14
TITLE, HEAD, CENTRE, WRAP = 1, 2, 3, 4  # the cell styles of STYLES, by index


@dataclass(frozen=True)
class Sheet:
    """One worksheet: its tab name and its XML, ready for any workbook."""

    name: str
    xml: bytes


_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_ESCAPED = re.compile("(_x[0-9a-fA-F]{4}_)")


def text_xml(value: str) -> str:
    """A cell's text as XML character data: &, < and > escaped, and the characters XML cannot hold written as
    Excel's `_xHHHH_` (a text that already has that form is escaped in turn, so that it reads back as written)."""
    if _CONTROL.search(value):
        value = _CONTROL.sub(lambda m: f"_x{ord(m.group()):04X}_", _ESCAPED.sub(r"_x005F\1", value))
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _string(ref: str, style: int, value: str) -> str:
    if not value:
        return f'<c r="{ref}" s="{style}"/>'
    space = ' xml:space="preserve"' if value[0].isspace() or value[-1].isspace() else ""
    return f'<c r="{ref}" s="{style}" t="inlineStr"><is><t{space}>{text_xml(value)}</t></is></c>'


def _blanks(row: int, first: int, last: int, style: int) -> str:
    return "".join(f'<c r="{column_letter(c)}{row}" s="{style}"/>' for c in range(first, last + 1))


_WIDE = re.compile(r"[^\x00-\u2e7f]")  # characters a spreadsheet draws two columns wide


def _lines(value: str, width: int) -> int:
    """How many lines a cell needs at a column width (in Latin characters; a Chinese character takes two)."""
    if not value:
        return 1
    return sum(max(1, -(-(len(line) + len(_WIDE.findall(line))) // (width - 1))) for line in value.splitlines())


def sheet(
    name: str,
    title: str,
    rows: Iterable[tuple[Sequence[str], Collection[str]]],
    levels: tuple[str, ...],
    added: Sequence[str] = (),
    blank_rows: int = 0,
) -> Sheet:
    """A sheet laid out like the official standard table: the title over every column, the two header rows, then
    one row for each of `rows` ((序号 … 公开渠道和载体 without the 序号, the chosen tick values), numbered from 1),
    the tick columns (公开对象, 公开方式, the `levels`) and the `added` columns (单位, 领域) whose values end the
    row's texts. With `blank_rows`, a template: that many empty rows, the tick columns offering √ from a list.
    Frozen under its header, which repeats on every printed page; A4 landscape, one page wide."""
    ticks = (*AUDIENCE.values, *METHOD.values, *levels)
    last_tick = 7 + len(ticks)
    last = last_tick + len(added)
    widths = (*WIDTHS, *(5,) * len(ticks), *(14,) * len(added))
    letters = [column_letter(c) for c in range(last + 1)]
    styles = [CENTRE if c == 0 or 7 < c <= last_tick else WRAP for c in range(last + 1)]
    out = io.StringIO()
    write = out.write
    write(f'<row r="1">{_string("A1", TITLE, title)}{_blanks(1, 1, last, TITLE)}</row>')
    merges = [f"A1:{letters[last]}1"]
    top: dict[int, str] = {}
    below: dict[int, str] = {}
    for cell in header(levels, tuple(added)):
        top[cell.first] = _string(f"{letters[cell.first]}2", HEAD, cell.label)
        if not cell.under:
            below[cell.first] = f'<c r="{letters[cell.first]}3" s="{HEAD}"/>'
            merges.append(f"{letters[cell.first]}2:{letters[cell.first]}3")
            continue
        if cell.span > 1:
            merges.append(f"{letters[cell.first]}2:{letters[cell.first + cell.span - 1]}2")
        for column, label in enumerate(cell.under, start=cell.first):
            top.setdefault(column, f'<c r="{letters[column]}2" s="{HEAD}"/>')
            below[column] = _string(f"{letters[column]}3", HEAD, label)
    write(f'<row r="2">{"".join(top[c] for c in sorted(top))}</row>')
    write(f'<row r="3" ht="30" customHeight="1">{"".join(below[c] for c in sorted(below))}</row>')
    row = 3
    for texts, chosen in rows:
        row += 1
        height = 15 * max(_lines(texts[c], WIDTHS[c + 1]) for c in range(7)) + 3
        write(f'<row r="{row}" ht="{height}" customHeight="1"><c r="A{row}" s="{CENTRE}"><v>{row - 3}</v></c>')
        for c in range(7):
            write(_string(f"{letters[c + 1]}{row}", WRAP, texts[c]))
        for c, tick in enumerate(ticks, start=8):
            write(_string(f"{letters[c]}{row}", CENTRE, TICK if tick in chosen else ""))
        for c, value in enumerate(texts[7:], start=last_tick + 1):
            write(_string(f"{letters[c]}{row}", WRAP, value))
        write("</row>")
    end = row + blank_rows
    for blank in range(row + 1, end + 1):
        cells = "".join(f'<c r="{letters[c]}{blank}" s="{styles[c]}"/>' for c in range(last + 1))
        write(f'<row r="{blank}">{cells}</row>')
    columns = "".join(
        f'<col min="{c + 1}" max="{c + 1}" width="{width + 0.7109375}" customWidth="1"/>'
        for c, width in enumerate(widths)
    )
    merged = "".join(f'<mergeCell ref="{m}"/>' for m in merges)
    validation = ""
    if blank_rows:
        validation = (
            f'<dataValidations count="1"><dataValidation type="list" allowBlank="1" showInputMessage="1" '
            f'showErrorMessage="1" error="只能填 √ 或留空" prompt="勾选填 √" sqref="I4:{letters[last_tick]}{end}">'
            f'<formula1>"{TICK}"</formula1></dataValidation></dataValidations>'
        )
    xml = (
        f'{_DECLARATION}<worksheet xmlns="{_MAIN}" xmlns:r="{_RELATIONSHIPS}"><sheetPr><pageSetUpPr fitToPage="1"/>'
        f'</sheetPr><dimension ref="A1:{letters[last]}{max(end, 3)}"/><sheetViews><sheetView workbookViewId="0">'
        '<pane ySplit="3" topLeftCell="A4" activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft"/>'
        f'</sheetView></sheetViews><sheetFormatPr defaultRowHeight="15"/><cols>{columns}</cols>'
        f"<sheetData>{out.getvalue()}</sheetData>"
        f'<mergeCells count="{len(merges)}">{merged}</mergeCells>'
        f'{validation}<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>'
        '<pageSetup paperSize="9" fitToHeight="0" orientation="landscape"/></worksheet>'
    )
    return Sheet(name, xml.encode("utf-8"))


def sheet_name(name: str, used: set[str]) -> str:
    """Excel's rules: at most 31 characters, none of []:*?/\\, unique in the workbook."""
    clean = "".join("_" if c in "[]:*?/\\" else c for c in name)[:31] or "目录"
    candidate, n = clean, 2
    while candidate in used:
        suffix = f"({n})"
        candidate, n = clean[: 31 - len(suffix)] + suffix, n + 1
    used.add(candidate)
    return candidate


class Workbook:
    """An .xlsx being written, sheet by sheet, so that a big workbook never holds all its sheets' XML at once.
    Entries have fixed times: two builds give the same bytes."""

    def __init__(self, built: dt.datetime):
        self._buffer = io.BytesIO()
        self._zip = zipfile.ZipFile(self._buffer, "w", zipfile.ZIP_DEFLATED)
        self._built = built.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        self._names: set[str] = set()
        self._sheets: list[str] = []

    def _write(self, name: str, data: bytes) -> None:
        entry = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
        entry.compress_type = zipfile.ZIP_DEFLATED
        entry.external_attr = 0o644 << 16
        self._zip.writestr(entry, data)

    def add(self, sheet: Sheet) -> None:
        self._sheets.append(sheet_name(sheet.name, self._names))
        self._write(f"xl/worksheets/sheet{len(self._sheets)}.xml", sheet.xml)

    def close(self) -> bytes:
        """The finished workbook: at least one sheet must have been added (a workbook without any is invalid)."""
        if not self._sheets:
            raise ValueError("a workbook needs a sheet")
        n = len(self._sheets)
        sheets = "".join(
            f'<sheet name="{text_xml(s)}" sheetId="{i}" r:id="rId{i}"/>' for i, s in enumerate(self._sheets, 1)
        )
        titles = "".join(
            f'<definedName name="_xlnm.Print_Titles" localSheetId="{i}">{text_xml(_quoted(s))}!$2:$3</definedName>'
            for i, s in enumerate(self._sheets)
        )
        worksheet = f"{_TYPE}.spreadsheetml.worksheet+xml"
        self._write(
            "[Content_Types].xml",
            (
                f'{_DECLARATION}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                f'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                '<Default Extension="xml" ContentType="application/xml"/>'
                f'<Override PartName="/docProps/app.xml" ContentType="{_TYPE}.extended-properties+xml"/>'
                '<Override PartName="/docProps/core.xml" '
                'ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
                f'<Override PartName="/xl/styles.xml" ContentType="{_TYPE}.spreadsheetml.styles+xml"/>'
                f'<Override PartName="/xl/workbook.xml" ContentType="{_TYPE}.spreadsheetml.sheet.main+xml"/>'
                + "".join(
                    f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="{worksheet}"/>'
                    for i in range(1, n + 1)
                )
                + "</Types>"
            ).encode(),
        )
        self._write(
            "_rels/.rels",
            (
                f'{_DECLARATION}<Relationships xmlns="{_PACKAGE_RELATIONSHIPS}">'
                f'<Relationship Id="rId1" Type="{_RELATIONSHIPS}/officeDocument" Target="xl/workbook.xml"/>'
                '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/'
                'core-properties" Target="docProps/core.xml"/>'
                f'<Relationship Id="rId3" Type="{_RELATIONSHIPS}/extended-properties" Target="docProps/app.xml"/>'
                "</Relationships>"
            ).encode(),
        )
        self._write(
            "docProps/app.xml",
            (
                f'{_DECLARATION}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
                'extended-properties"><Application>gongkai</Application></Properties>'
            ).encode(),
        )
        self._write(
            "docProps/core.xml",
            (
                f'{_DECLARATION}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
                'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/"'
                ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:creator>gongkai</dc:creator>'
                f'<dcterms:created xsi:type="dcterms:W3CDTF">{self._built}</dcterms:created>'
                f'<dcterms:modified xsi:type="dcterms:W3CDTF">{self._built}</dcterms:modified></cp:coreProperties>'
            ).encode(),
        )
        self._write(
            "xl/workbook.xml",
            (
                f'{_DECLARATION}<workbook xmlns="{_MAIN}" xmlns:r="{_RELATIONSHIPS}"><bookViews><workbookView/>'
                f"</bookViews><sheets>{sheets}</sheets><definedNames>{titles}</definedNames></workbook>"
            ).encode(),
        )
        self._write(
            "xl/_rels/workbook.xml.rels",
            (
                f'{_DECLARATION}<Relationships xmlns="{_PACKAGE_RELATIONSHIPS}">'
                + "".join(
                    f'<Relationship Id="rId{i}" Type="{_RELATIONSHIPS}/worksheet" Target="worksheets/sheet{i}.xml"/>'
                    for i in range(1, n + 1)
                )
                + f'<Relationship Id="rId{n + 1}" Type="{_RELATIONSHIPS}/styles" Target="styles.xml"/></Relationships>'
            ).encode(),
        )
        self._write("xl/styles.xml", STYLES)
        self._zip.close()
        return self._buffer.getvalue()


def sheets_of(workbook: bytes) -> list[Sheet]:
    """The sheets of a workbook `Workbook` wrote (a cached download, say), to put into another workbook."""
    with zipfile.ZipFile(io.BytesIO(workbook)) as archive:
        names = re.findall(rb'<sheet name="([^"]*)"', archive.read("xl/workbook.xml"))
        return [
            Sheet(_unescaped(name.decode()), archive.read(f"xl/worksheets/sheet{i}.xml"))
            for i, name in enumerate(names, start=1)
        ]


def _unescaped(text: str) -> str:
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&amp;", "&")


def _quoted(name: str) -> str:
    """A sheet's name as a formula names it."""
    return "'" + name.replace("'", "''") + "'"


_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PACKAGE_RELATIONSHIPS = "http://schemas.openxmlformats.org/package/2006/relationships"
_TYPE = "application/vnd.openxmlformats-officedocument"

_BORDER = '<left style="thin"><color auto="1"/></left><right style="thin"><color auto="1"/></right>'
_BORDER += '<top style="thin"><color auto="1"/></top><bottom style="thin"><color auto="1"/></bottom><diagonal/>'
STYLES = (
    f'{_DECLARATION}<styleSheet xmlns="{_MAIN}"><fonts count="3"><font><sz val="11"/><name val="Calibri"/>'
    '<family val="2"/></font><font><b/><sz val="14"/><name val="Calibri"/><family val="2"/></font><font><b/>'
    '<sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts><fills count="2"><fill>'
    '<patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>'
    f'<borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border><border>{_BORDER}</border>'
    '</borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="5"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1" applyAlignment="1">'
    '<alignment horizontal="center" vertical="center"/></xf>'
    '<xf numFmtId="0" fontId="2" fillId="0" borderId="1" xfId="0" applyFont="1" applyBorder="1" applyAlignment="1">'
    '<alignment horizontal="center" vertical="center" wrapText="1"/></xf>'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="1" xfId="0" applyBorder="1" applyAlignment="1">'
    '<alignment horizontal="center" vertical="center" wrapText="1"/></xf>'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="1" xfId="0" applyBorder="1" applyAlignment="1">'
    '<alignment vertical="top" wrapText="1"/></xf></cellXfs><cellStyles count="1">'
    '<cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>'
).encode()
"""The four cell styles: TITLE (bold, 14), HEAD (bold, bordered, centred), CENTRE (bordered, centred: 序号 and the
ticks), WRAP (bordered, wrapped, top: the texts)."""
