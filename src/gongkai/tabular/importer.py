"""The standard catalog table (XLSX, XLS, CSV, TSV) into a unit's catalog (`gongkai import`).

Real tables are messy: title rows above the header, a two-row header with merged cells, tick columns, channel
cells in checkbox form, 一级事项 only on a group's first row, 同上, blank rows, rows with only a 序号. Every row
that is not imported as an item is named in a note; an item keeps its empty cells empty, so lint names them.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gongkai.errors import UsageError
from gongkai.load import LoadError, decode
from gongkai.model.catalog import terms, trim
from gongkai.model.domain import Domain, resolve_domain
from gongkai.model.vocab import AUDIENCE, CHANNEL, LEVEL, METHOD
from gongkai.paths import display_path
from gongkai.tabular.export import FORMULA_START

# Header text (spaces and line breaks removed) → the element it holds.
COLUMNS = {
    "序号": "number", "一级事项": "category", "二级事项": "name", "事项名称": "name", "公开事项": "name",
    "公开内容（要素）": "content", "公开内容": "content", "公开内容(要素)": "content", "公开依据": "basis",
    "公开时限": "deadline", "公开主体": "owner", "公开渠道和载体": "channel", "公开渠道": "channel",
    "公开载体": "channel", "公开对象": "audience", "公开方式": "method", "公开层级": "level",
}  # fmt: skip
TICK_GROUPS = {"audience": AUDIENCE, "method": METHOD, "level": LEVEL}
TICKED = set("√✓✔●■▲◆▄þt是☑")
UNTICKED = set("□☐口?")
SAME_AS_ABOVE = {"同上", "〃", "”", '"同上"', "“同上”"}
SINGLE_LINE = ("name", "deadline", "owner", "category")  # joined without a break; trailing 。； dropped
TRAILING = "。；;，,、"
TITLE = re.compile(r"(.+?)领域.*目录|(.+?)目录")


@dataclass
class RowNote:
    file: str
    sheet: str | None
    row: int  # 1-based, in the source
    message: str
    skipped: bool = False  # the row was not imported (a title or a note); else it was, and this says how


@dataclass
class ImportResult:
    catalog: dict
    text: str
    notes: list[RowNote] = field(default_factory=list)
    items: int = 0
    rows: int = 0  # rows with any text, headers and titles included
    encoding: dict[str, str] = field(default_factory=dict)

    @property
    def skipped(self) -> int:
        return sum(note.skipped for note in self.notes)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).replace("\u3000", " ").strip()


def _formula_quote_off(cell: str) -> str:
    """The ' that `export.inert` puts before a cell Excel would run as a formula."""
    return cell[1:] if cell.startswith("'") and cell.lstrip("'").startswith(FORMULA_START) else cell


def read_sheets(path: Path, encodings: dict[str, str]) -> list[tuple[str | None, list[list[str]]]]:
    """Every sheet as rows of text, merged cells filled from their top-left cell."""
    suffix = path.suffix.lower()
    if suffix in (".csv", ".tsv"):
        try:
            text, encoding = decode(path.read_bytes())
        except (OSError, LoadError) as exc:
            raise UsageError(f"{display_path(path)}: 无法读取 ({exc})") from None
        encodings[display_path(path)] = encoding
        rows = csv.reader(io.StringIO(text), delimiter="\t" if suffix == ".tsv" else ",")
        return [(None, [[_cell(_formula_quote_off(c)) for c in row] for row in rows])]
    if suffix not in (".xlsx", ".xls", ".xlsm", ".ods"):
        raise UsageError(f"{display_path(path)}: 不支持的文件类型，请用 .xlsx、.xls、.csv 或 .tsv (unsupported file)")
    from python_calamine import CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # calamine raises its own error types for broken files
        raise UsageError(f"{display_path(path)}: 无法读取表格 ({exc})") from None
    sheets = []
    for name in workbook.sheet_names:
        sheet = workbook.get_sheet_by_name(name)
        rows = [[_cell(c) for c in row] for row in sheet.to_python(skip_empty_area=False)]
        for merged in sheet.merged_cell_ranges or []:
            (top, left), (bottom, right) = merged
            value = rows[top][left] if top < len(rows) and left < len(rows[top]) else ""
            for r in range(top, min(bottom, len(rows) - 1) + 1):
                for c in range(left, right + 1):
                    if c < len(rows[r]):
                        rows[r][c] = value
        sheets.append((name, rows))
    return sheets


def _key(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _column(top: str, sub: str) -> tuple[str, tuple[str, ...] | None] | None:
    """(element, tick values) for a header cell: ("audience", ("全社会",)) is a tick column, ("level", ("乡级",
    "村级")) the one-column 乡、村级."""
    for element, vocabulary in TICK_GROUPS.items():
        values = tuple(vocabulary.normalise(part) for part in re.split(r"[、/／]", _key(sub))) if sub else ()
        if values and all(map(vocabulary.knows, values)) and COLUMNS.get(_key(top)) in (element, None):
            return element, values
    for text in (sub, top):
        element = COLUMNS.get(_key(text)) if text else None
        if element:
            return element, None
    return None


def _header(rows: list[list[str]], index: int) -> tuple[dict[int, tuple[str, tuple[str, ...] | None]], int] | None:
    """The columns of a header starting at `index` (one row, or two with sub-headers), and its height."""
    top = rows[index]
    if sum(1 for c in top if _key(c) in COLUMNS) < 3:
        return None
    below = rows[index + 1] if index + 1 < len(rows) else []
    two = _is_sub_header(top, below)
    columns = {}
    for j, text in enumerate(top):
        sub = below[j] if two and j < len(below) and below[j] != text else ""
        found = _column(text, sub)
        if found:
            columns[j] = found
    return columns, 2 if two else 1


def _is_sub_header(top: list[str], below: list[str]) -> bool:
    """The second row of a two-row header holds only sub-labels (一级事项, 全社会, 主动, 县级 …) or repeats the
    merged cell above it; a data row has an item's text."""
    labels = 0
    for j, cell in enumerate(below):
        if not cell or (j < len(top) and cell == top[j]):
            continue
        found = _column("", cell)
        if found is None or found[0] not in ("category", "name", *TICK_GROUPS):
            return False
        labels += 1
    return labels >= 2


def _channels(text: str) -> list[str]:
    """A channel cell: the checkbox form (■政府网站 □政府公报) keeps the ticked ones; else a list."""
    if any(c in text for c in TICKED | UNTICKED) and re.search(r"[□☐口■√☑▲◆]", text):
        parts = re.findall(r"([□☐口■√☑▲◆●þ])\s*([^□☐口■√☑▲◆●þ]+)", text)
        return terms([p.strip(" 、，,；;\n") for mark, p in parts if mark not in UNTICKED], CHANNEL)
    text = re.sub(r"(^|[；;、，,\n])\s*\d+[.、．]\s*", r"\1", text)  # 1.政府网站；2.其他
    channels: list[str] = []
    for channel in terms(text, CHANNEL):
        # "/" is inside channel names (入户/现场), so split on it only where every part is a channel
        parts = [CHANNEL.normalise(part) for part in re.split(r"[/／]", channel)]
        for value in parts if not CHANNEL.knows(channel) and all(map(CHANNEL.knows, parts)) else [channel]:
            if value not in channels:
                channels.append(value)
    return channels


def _domain(text: str, domains: dict[str, Domain]) -> str | None:
    compact = _key(text)
    for domain in sorted(domains.values(), key=lambda d: -len(d.name)):
        for name in (domain.name, *domain.aliases):
            if f"{name}领域" in compact or compact.endswith(f"{name}目录"):
                return domain.id
    return None


def import_files(
    paths: list[Path],
    *,
    slug: str,
    name: str | None = None,
    kind: str | None = None,
    domain: str | None = None,
    domains: dict[str, Domain],
) -> ImportResult:
    domain = resolve_domain(domain, domains) if domain is not None else None
    if domain is not None and domain not in domains:
        raise UsageError(f"未知的领域「{domain}」；可用：{'、'.join(sorted(domains))} (unknown domain)")
    result = ImportResult({}, "")
    found: dict[str, list[dict]] = {}
    for path in paths:
        shown = display_path(path)
        tables = 0
        for sheet, rows in read_sheets(path, result.encoding):
            result.rows += sum(1 for row in rows if any(row))
            tables += _import_sheet(rows, shown, sheet, domain, domains, found, result.notes)
        if not tables:
            raise UsageError(f"{shown}: 找不到表头（序号、二级事项、公开内容、公开依据……）(no header row found)")
    result.items = sum(len(items) for items in found.values())
    unit: dict[str, Any] = {"name": name or slug, "kind": kind or "township"}
    result.catalog = {"unit": unit, "domains": found}
    result.text = _yaml(result.catalog)
    return result


def _import_sheet(rows, shown, sheet, domain, domains, found, notes) -> int:
    """Import every table in one sheet; returns how many tables it held."""
    tables, current, columns, above, i = 0, domain, None, {}, 0
    while i < len(rows):
        row, number = rows[i], i + 1
        header = _header(rows, i)
        if header:
            columns, height = header
            tables += 1
            above = {}
            ignored = [c for j, c in enumerate(row) if c and j not in columns]
            if ignored:
                notes.append(RowNote(shown, sheet, number, f"忽略无法对应的列：{'、'.join(ignored)} (columns ignored)"))
            if domain is None and current is None:
                notes.append(RowNote(shown, sheet, number, "表头上方没有领域标题，请用 --domain 指定 (no domain)"))
            i += height
            continue
        text = list(dict.fromkeys(c for c in row if c))  # a merged title fills every cell of its row
        if not text:
            i += 1
            continue
        if columns is None or (len(text) == 1 and not _looks_numbered(row, columns)):
            detected = _domain(" ".join(text), domains)
            if detected and domain is None:
                current = detected
            shown_text = " ".join(text)[:40]
            notes.append(RowNote(shown, sheet, number, f"标题或说明行，已跳过：{shown_text} (title row)", True))
            i += 1
            continue
        if current is None:
            raise UsageError(f"{shown}:{number}: 无法判断领域，请用 --domain 指定 (domain unknown)")
        item = _item(row, columns, above)
        if not any(v for k, v in item.items() if k != "category"):
            notes.append(RowNote(shown, sheet, number, "只有序号，已导入为空事项 (only a number)"))
        found.setdefault(current, []).append(item)
        i += 1
    return tables


def _looks_numbered(row: list[str], columns: dict) -> bool:
    """A row whose 序号 cell holds a number: an item, even when everything else is empty."""
    return any(
        element == "number" and j < len(row) and re.fullmatch(r"\d+(\.0)?", row[j])
        for j, (element, _) in columns.items()
    )


def _item(row: list[str], columns: dict, above: dict) -> dict:
    values: dict[str, Any] = {}
    ticks: dict[str, list[str]] = {}
    for j, (element, tick) in columns.items():
        cell = row[j] if j < len(row) else ""
        if cell in SAME_AS_ABOVE:
            cell = above.get(j, "")
        above[j] = cell
        if element == "number":
            continue
        if tick is not None:
            written = TICK_GROUPS[element].normalise(cell) if cell else ""
            if TICK_GROUPS[element].knows(written):  # 县级 written in the 县级 (or a 州级县级) column
                ticks.setdefault(element, []).append(written)
            elif cell and (cell[0] in TICKED or (element == "audience" and cell not in UNTICKED)):
                ticks.setdefault(element, []).extend(tick)  # a √; or the group's name in 特定群体（请写明）
            continue
        values[element] = cell
    if not values.get("category") and above.get("category"):
        values["category"] = above["category"]  # 一级事项 only on a group's first row
    above["category"] = values.get("category", "")
    item: dict[str, Any] = {}
    for key in ("category", "name", "content", "basis", "deadline", "owner"):
        text = values.get(key, "")
        if key in SINGLE_LINE:
            text = re.sub(r"\s*\n\s*", "", text)
            text = text.rstrip(TRAILING) or text
        item[key] = trim(text) or None
    if not item["category"]:
        del item["category"]
    ticks = {element: list(dict.fromkeys(values)) for element, values in ticks.items()}
    method = ticks.get("method") or terms(values.get("method", ""), METHOD)
    audience = ticks.get("audience") or terms(values.get("audience", ""), AUDIENCE)
    item["method"] = (method[0] if len(method) == 1 else method) or None
    item["channel"] = _channels(values.get("channel", "")) or None
    item["audience"] = (audience[0] if len(audience) == 1 else audience) or None
    level = ticks.get("level") or terms(values.get("level", ""), LEVEL)
    if level:
        item["level"] = level
    return item


def _yaml(catalog: dict) -> str:
    from ruamel.yaml import YAML

    from gongkai.fmt import canonical

    buffer = io.StringIO()
    YAML().dump(catalog, buffer)
    return canonical(buffer.getvalue())
