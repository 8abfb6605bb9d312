"""The standard catalog table (XLSX, XLS, CSV, TSV) into a unit's catalog (`gongkai import`).

Real tables are messy: title rows above the header, a two-row header with merged cells and words of its own
(tabular/header.py), tick columns, channel cells in checkbox form (tabular/cells.py), 一级事项 only on a group's
first row, 同上, blank rows, rows with only a 序号, a workbook with a sheet per domain. Every row that is not
imported as an item is named in a note; an item keeps its empty cells empty, so lint names them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path, PurePath
from typing import Any

from gongkai.errors import UsageError
from gongkai.model.catalog import terms, trim
from gongkai.model.domain import Domain, resolve_domain
from gongkai.model.vocab import AUDIENCE, LEVEL, METHOD, STAGE
from gongkai.paths import display_path
from gongkai.tabular.cells import SAME_AS_ABOVE, channels, checked_values, ticked
from gongkai.tabular.domains import new_domain, plausible_name
from gongkai.tabular.header import Field, Header, column_letter, find_header
from gongkai.tabular.layout import COLUMN_BY_KEY
from gongkai.tabular.sheets import Sheet, read_workbook

TEXT_KEYS = ("category", "name", "content", "basis", "deadline", "owner")
SINGLE_LINE = ("name", "deadline", "owner", "category")  # joined without a break
TRIMMED = ("name", "category")  # a trailing 。； after a name is the table's punctuation; a 时限 keeps its own
TRAILING = "。；;，,、"
ITEM_KEYS = (*TEXT_KEYS, "method", "channel", "audience", "level", "stage")
"""The elements a table can give, in the order a new catalog writes them."""
REQUIRED = ("name", "content", "basis", "deadline", "owner", "method", "channel", "audience")
LEVEL3_JOIN = "："


@dataclass
class RowNote:
    file: str
    sheet: str | None
    row: int  # 1-based, in the source; 0 for the sheet as a whole
    message: str
    skipped: bool = False  # the row was not imported (a title or a note); else it was, and this says how


@dataclass
class ImportResult:
    catalog: dict
    notes: list[RowNote] = field(default_factory=list)
    items: int = 0
    rows: int = 0  # rows with any text, headers and titles included
    encoding: dict[str, str] = field(default_factory=dict)
    covered: dict[str, set[str]] = field(default_factory=dict)  # domain → the elements its tables have columns for
    units: dict[str, tuple[str, str | None, int]] = field(default_factory=dict)  # a 单位 column's names → first row
    other_units: int = 0  # rows of a 单位 column left out: another unit's than the one imported (--name)
    new_domains: list[Domain] = field(default_factory=list)  # named by a table, not in the county's domains

    @property
    def skipped(self) -> int:
        return sum(note.skipped for note in self.notes)

    @property
    def text(self) -> str:
        """The catalog in canonical form (what `gongkai fmt` writes)."""
        from gongkai.tabular.emit import catalog_text

        return catalog_text(self.catalog)


def import_files(
    paths: list[Path],
    *,
    slug: str,
    name: str | None = None,
    kind: str | None = None,
    domain: str | None = None,
    domains: dict[str, Domain],
    levels: dict[str, tuple[str, ...]] | None = None,
) -> ImportResult:
    """Read every file (all of them first: one that cannot be read stops the import, and nothing is written)."""
    domains = dict(domains)
    result = ImportResult({})
    chosen = _chosen_domain(domain, domains, result) if domain is not None else None
    found: dict[str, list[dict]] = {}
    for path in paths:
        workbook = read_workbook(path)
        shown = display_path(path)
        if workbook.encoding:
            result.encoding[shown] = workbook.encoding
        reader = _SheetReader(shown, chosen, domains, result, levels or {}, found, name)
        tables, before, others = 0, sum(len(items) for items in found.values()), result.other_units
        for sheet in workbook.sheets:
            result.rows += sum(1 for row in sheet.rows if any(row))
            tables += reader.read(sheet)
        if not tables:
            raise UsageError(f"{shown}: 找不到表头（序号、二级事项、公开内容、公开依据……）(no header row found)")
        if sum(len(items) for items in found.values()) == before and result.other_units == others:
            raise UsageError(f"{shown}: 表头下没有事项行 (no item rows under the header)")
    result.items = sum(len(items) for items in found.values())
    if len(result.units) > 1 and name is None:
        (first, _), (other, (file, tab, row)) = list(result.units.items())[:2]
        where = f"{file}「{tab}」" if tab else file
        raise UsageError(
            f"{where}:{row}: 表中有 {len(result.units)} 个单位（单位列：{first}、{other}……），一个目录只是一个单位的："
            f"用 --name 说导入哪个单位的行，如 --name {first} (the table holds several units; --name picks one)"
        )
    if name is not None and result.units and name not in result.units:
        raise UsageError(
            f"表的单位列里没有「{name}」；有：{'、'.join(list(result.units)[:10])} (no rows of that unit in the table)"
        )
    if result.other_units:
        left_out = (
            f"只导入了单位「{name}」的行，其他单位的 {result.other_units} 行未导入 (rows of other units left out)"
        )
        result.notes.append(RowNote(display_path(paths[0]), None, 0, left_out))
    if name is None and result.units:
        name = next(iter(result.units))
    unit: dict[str, Any] = {"name": name or slug, "kind": kind or "township"}
    result.catalog = {"unit": unit, "domains": found}
    return result


def _chosen_domain(text: str, domains: dict[str, Domain], result: ImportResult) -> str:
    known = resolve_domain(text, domains)
    if known in domains:
        return known
    named = plausible_name(text)
    if named is None or named != re.sub(r"\s+", "", text).removesuffix("领域"):
        raise UsageError(
            f"未知的领域「{text}」；可用：{'、'.join(sorted(domains))}，或写新领域的中文名称，如 --domain 交通运输"
            " (unknown domain)"
        )
    return _add_domain(named, domains, result)


def _add_domain(name: str, domains: dict[str, Domain], result: ImportResult) -> str:
    for domain in result.new_domains:
        if domain.name == name:
            return domain.id
    domain = new_domain(name, domains)
    result.new_domains.append(domain)
    return domain.id


def known_domain(text: str, domains: dict[str, Domain]) -> str | None:
    """The domain a title or sheet name names: `…社会救助领域…目录`, `社会救助`, `shehui-jiuzhu`."""
    compact = re.sub(r"\s+", "", text)
    resolved = resolve_domain(compact, domains)
    if resolved in domains:
        return resolved
    for domain in sorted(domains.values(), key=lambda d: -len(d.name)):
        for name in (domain.name, *domain.aliases):
            if f"{name}领域" in compact or compact.endswith(f"{name}目录"):
                return domain.id
    return None


@dataclass
class _Table:
    header: Header
    domain: str | None
    pending: str | None = None  # the name of a domain a title row gave, not yet in the county's domains
    above: dict[int, str] = field(default_factory=dict)  # the cell above, per column (同上, fill-down)
    group: dict[str, str] = field(default_factory=dict)  # the last 一级/二级事项 given, for the rows under it
    tick_rows: list[tuple[int, ...]] = field(default_factory=list)  # per row, which tick columns it ticks
    stray: dict[int, int] = field(default_factory=dict)  # unlabelled column → rows with text that is no number


class _SheetReader:
    """Every table of every sheet of one file, into `found` (domain → items)."""

    def __init__(self, shown, chosen, domains, result, levels, found, only_unit):
        self.shown, self.chosen, self.domains, self.result = shown, chosen, domains, result
        self.levels, self.found, self.only_unit = levels, found, only_unit

    def note(self, sheet: Sheet, row: int, message: str, skipped: bool = False) -> None:
        self.result.notes.append(RowNote(self.shown, sheet.name, row, message, skipped))

    def read(self, sheet: Sheet) -> int:
        for at, message in sheet.notes:
            self.note(sheet, at, message)
        where = f"{self.shown}「{sheet.name}」" if sheet.name else self.shown
        tables, current, pending, table, i = 0, self.chosen, None, None, 0
        rows = sheet.rows
        while i < len(rows):
            row, number = rows[i], i + 1
            header = find_header(rows, i, self.levels, f"{where}:{number}")
            if header:
                self.finish(sheet, table)
                table = _Table(header, current, pending)
                tables += 1
                for message in header.notes:
                    self.note(sheet, number, message)
                i += header.height
                continue
            text = list(dict.fromkeys(c for c in row if c))  # a merged title fills every cell of its row
            if not text:
                i += 1
                continue
            if table is None or (len(text) == 1 and not _numbered(row, table.header)):
                shown_text = " ".join(text)[:40]
                if self.chosen is None:
                    detected = known_domain(" ".join(text), self.domains)
                    named = plausible_name(" ".join(text)) if re.search(r"领域|目录", shown_text) else None
                    if detected or named:
                        current, pending = detected, None if detected else named
                self.note(sheet, number, f"标题或说明行，已跳过：{shown_text} (title row)", True)
                i += 1
                continue
            domain = self.row_domain(table, row)
            if table.domain is None and domain is None:
                if table.pending:  # a title named a domain the county does not have yet: now it has items
                    table.domain = _add_domain(table.pending, self.domains, self.result)
                else:
                    table.domain = self.sheet_domain(sheet, where, number)
                current, pending = table.domain, None
            in_domain = domain or table.domain
            assert in_domain is not None  # the row's 领域 column, else the table's (given just above without one)
            self.row(sheet, table, row, number, in_domain)
            i += 1
        self.finish(sheet, table)
        return tables

    def sheet_domain(self, sheet: Sheet, where: str, number: int) -> str:
        """No --domain, no title row and no 领域 column: the sheet's name, when it names a domain (a known one, or
        a new one); for a csv, its file name when it names a known domain."""
        if sheet.name:
            found = known_domain(sheet.name, self.domains)
            named = None if found else plausible_name(sheet.name)
            if named:
                found = _add_domain(named, self.domains, self.result)
            if found:
                shown = self.domains[found].name
                self.note(sheet, 0, f"按工作表名读作领域「{shown}」 (domain from the sheet name)")
                return found
        stem = PurePath(self.shown).stem
        found = known_domain(stem, self.domains) if not sheet.name else None
        if found:  # a csv named by the domain's id or name, as gongkai's own downloads/domains/<id>.csv are
            self.note(sheet, 0, f"按文件名读作领域「{self.domains[found].name}」 (domain from the file name)")
            return found
        raise UsageError(f"{where}:{number}: 无法判断领域（表头上方没有领域标题），请用 --domain 指定 (domain unknown)")

    def row_domain(self, table: _Table, row: list[str]) -> str | None:
        """The domain a row's own 领域 cell names (gongkai's csv and workbooks have one), unless --domain says it."""
        if self.chosen is not None:
            return None
        for j, f in table.header.fields.items():
            cell = row[j].strip() if f.key == "domain" and j < len(row) else ""
            if cell:
                known = known_domain(cell, self.domains)
                named = None if known else plausible_name(cell)
                return known or (_add_domain(named, self.domains, self.result) if named else None)
        return None

    def row(self, sheet: Sheet, table: _Table, row: list[str], number: int, domain: str) -> None:
        item, same, ticks = _item(row, table)
        unit = item.pop("unit", None)
        if unit:
            self.result.units.setdefault(unit, (self.shown, sheet.name, number))
            if self.only_unit is not None and unit != self.only_unit:
                self.result.other_units += 1
                return
        if same:
            labels = "、".join(same)
            self.note(sheet, number, f"「{labels}」写作“同上”，已取上一行的内容 (same as above)")
        if ticks is not None:
            table.tick_rows.append(ticks)
        for j in table.header.unlabelled:
            cell = row[j] if j < len(row) else ""
            if cell and not re.fullmatch(r"\d+(\.\d+)?", cell):
                table.stray[j] = table.stray.get(j, 0) + 1
        if not any(v for k, v in item.items() if k != "category"):
            self.note(sheet, number, "只有序号，已导入为空事项 (only a number)")
        self.found.setdefault(domain, []).append(item)
        self.result.covered.setdefault(domain, set()).update(table.header.covered)

    def finish(self, sheet: Sheet, table: _Table | None) -> None:
        """What a table says only once it is read whole: ticks that look left-packed, unlabelled columns."""
        if table is None:
            return
        row = table.header.start + 1
        for j, count in sorted(table.stray.items()):
            message = f"忽略 {column_letter(j)} 列：没有表头，{count} 行有内容，未导入 (column without header)"
            self.note(sheet, row, message)
        packed = _left_packed(table)
        if packed:
            self.note(sheet, row, packed)


def _numbered(row: list[str], header: Header) -> bool:
    """A row whose 序号 cell holds a number: an item, even when everything else is empty."""
    return any(
        f.key == "number" and j < len(row) and re.fullmatch(r"\d+(\.0)?", row[j]) for j, f in header.fields.items()
    )


def _item(row: list[str], table: _Table) -> tuple[dict, list[str], tuple[int, ...] | None]:
    """One row → (the item, the labels of its 同上 cells, the positions of its ticks among the tick columns)."""
    values: dict[str, Any] = {}
    picked: dict[str, list[str]] = {}
    same: list[str] = []
    ticks: list[int] = []
    header, above = table.header, table.above
    tick_columns = [j for j, f in header.fields.items() if f.ticks is not None]
    for j, f in header.fields.items():
        cell = row[j] if j < len(row) else ""
        if cell in SAME_AS_ABOVE:
            cell = above.get(j, "")
            same.append(f.label or (COLUMN_BY_KEY[f.key].label if f.key in COLUMN_BY_KEY else f.key))
        above[j] = cell
        if f.key == "number":
            continue
        if f.ticks is not None:
            if _tick(cell, f, header, picked):
                ticks.append(tick_columns.index(j))
            continue
        values[f.key] = cell
    for key in ("category", "name"):
        if not values.get(key) and table.group.get(key) and (key == "category" or values.get("name3")):
            values[key] = table.group[key]  # 一级事项 only on a group's first row (二级 over its 三级事项)
        table.group[key] = values.get(key, "")
    item: dict[str, Any] = {}
    for key in TEXT_KEYS:
        text = values.get(key, "")
        if key in SINGLE_LINE:
            text = re.sub(r"\s*\n\s*", "", text)
        if key in TRIMMED:
            text = text.rstrip(TRAILING) or text
        item[key] = trim(text) or None
    level3 = trim(re.sub(r"\s*\n\s*", "", values.get("name3", "")).rstrip(TRAILING))
    if level3:
        item["name"] = f"{item['name']}{LEVEL3_JOIN}{level3}" if item["name"] else level3
    if not item["category"]:
        del item["category"]
    if trim(values.get("unit", "")):
        item["unit"] = trim(values["unit"])  # which unit the row is of: taken off again by the reader
    method = picked.get("method") or terms(values.get("method", ""), METHOD)
    audience = picked.get("audience") or terms(values.get("audience", ""), AUDIENCE)
    item["method"] = (method[0] if len(method) == 1 else method) or None
    item["channel"] = channels(values.get("channel", "")) or None
    item["audience"] = (audience[0] if len(audience) == 1 else audience) or None
    level = picked.get("level") or _text_levels(values.get("level", ""), header)
    if level:
        item["level"] = [v for v in LEVEL.values if v in level] + [v for v in level if v not in LEVEL.values]
    stage = checked_values(values.get("stage", ""), STAGE)
    if stage:
        item["stage"] = stage[0]
    return item, same, tuple(ticks) if ticks else None


def _tick(cell: str, f: Field, header: Header, picked: dict[str, list[str]]) -> bool:
    """Record what a tick column's cell says; True when it is ticked."""
    if not cell:
        return False
    chosen = picked.setdefault(f.key, [])
    written = header.levels.word(cell) if f.key == "level" and header.levels else None
    if written is not None:  # 县级 written in the 县级 (or a 州级县级) column
        chosen += [v for v in written if v not in chosen]
        return True
    if not ticked(cell):
        return False
    assert f.ticks is not None  # only tick columns come here
    chosen += [v for v in f.ticks if v not in chosen]  # a √; or a group's name in 特定群体（请写明）
    return True


def _text_levels(text: str, header: Header) -> list[str]:
    out: list[str] = []
    for word in terms(text, LEVEL):
        mapped = (word,) if LEVEL.knows(word) else (header.levels.word(word) if header.levels else None)
        for value in mapped if mapped is not None else (word,):
            if value not in out:
                out.append(value)
    return out


def _left_packed(table: _Table) -> str | None:
    """Pages copied from the web often drop empty tick cells, so every row's ticks sit in the first columns. Read
    as given, the table then says 全社会 and 特定群体, or 主动 and 依申请, for every row. Say so when every row's ticks
    start at the first tick column and run without a gap, and some tick group is never ticked at all."""
    fields = table.header.fields
    columns = [f for f in fields.values() if f.ticks is not None]
    if len(table.tick_rows) < 2 or not columns:
        return None
    if any(ticks != tuple(range(len(ticks))) for ticks in table.tick_rows):
        return None
    used = {columns[i].key for ticks in table.tick_rows for i in ticks}
    unused = [COLUMN_BY_KEY[key].label for key in dict.fromkeys(f.key for f in columns) if key not in used]
    if not unused:
        return None
    return (
        f"勾选疑似左移：每行的 √ 都从第一个勾选列连续排起，「{'、'.join(unused)}」一列也没勾；原表可能省略了空单元格。"
        "已按表中位置读取，请对照原表核对公开对象、公开方式、公开层级 (ticks look left-packed)"
    )
