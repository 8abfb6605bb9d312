"""Finding a standard table's header and what each column holds, by the meaning of its words, not their spelling.

A header is one row, or two: group labels (公开事项, 公开对象, 公开方式, 公开层级) over sub-labels (一级事项, 二级事项,
全社会, 主动, 县级 …). The row below the labels is a sub-header when the single columns (公开内容, 公开依据 …) are
empty or repeat their label there; then every sub-label is read in its group's context, so that one unknown
sub-label only leaves its own column out. A label cut short (`公开`) is read by its place between known columns.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from gongkai.tabular.layout import (
    AMBIGUOUS,
    COLUMN_BY_KEY,
    COLUMNS,
    EXTRA_WORDS,
    GROUP_WORDS,
    LEVEL3,
    ROW_DOMAIN,
    ROW_UNIT,
    TICK_WORDS,
    column_word,
    label_key,
)
from gongkai.tabular.levels import LevelReading, ranks, read_levels

ORDER = [column.key for column in COLUMNS]
TICK_GROUPS = tuple(c.key for c in COLUMNS if c.ticks is not None)
SINGLE = tuple(c.key for c in COLUMNS if c.ticks is None and c.key not in ("category", "name"))
ROW_KEYS = ("name3", "domain", "unit")  # columns that are no element of the standard table: they make no header
NOTE_WORDS = {"要素", "具体内容", "注"}  # a sub-label that only comments on its single column


@dataclass(frozen=True)
class Field:
    """What one column holds: an element (text, or a tick meaning `ticks`), 序号 (`number`) or a 三级事项
    (`name3`)."""

    key: str
    ticks: tuple[str, ...] | None = None  # a tick column: the values a tick in it stands for
    label: str = ""  # the column's label as written, for notes
    from_sub: bool = False  # recognised from a sub-label (stronger than a group label alone)
    weak: bool = False


@dataclass
class Header:
    start: int  # 0-based row of its first line
    height: int
    fields: dict[int, Field]
    notes: list[str] = field(default_factory=list)
    levels: LevelReading | None = None
    unlabelled: list[int] = field(default_factory=list)  # columns with no label at all

    @property
    def covered(self) -> frozenset[str]:
        """The elements this table has a column for (an element without one is not the table's to change)."""
        return frozenset(f.key for f in self.fields.values() if f.key not in ("domain", "unit"))


def column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


@dataclass(frozen=True)
class _Meaning:
    kind: str  # element | group | tick | level | extra | ambiguous
    key: str = ""  # the element (element, tick, group: the tick group or "items")
    value: str = ""  # tick: the vocabulary value
    weak: bool = False


LONGEST_LABEL = 80
"""A cell longer than this is no header word (the longest seen, with its note in brackets, has 45 characters):
every row is tried as a header, so a data row's long cells are passed over without reading them."""


@lru_cache(maxsize=4096)
def _meaning(text: str, group: _Meaning | None = None) -> _Meaning | None:
    """What a header word means, read under `group` (the label above it) when it is a sub-label."""
    if len(text) > LONGEST_LABEL:
        return None
    key = label_key(text)
    if not key:
        return None
    if GROUP_WORDS.get(key) == "items":
        return _Meaning("group", "items")
    if key in LEVEL3:
        return _Meaning("element", "name3")
    if key in ROW_DOMAIN or key in ROW_UNIT:
        return _Meaning("element", "domain" if key in ROW_DOMAIN else "unit")
    in_group = group.key if group and group.kind == "group" else None
    for element, words in TICK_WORDS.items():
        value = words.get(key)
        if value is None and in_group == element:
            value = next((v for w, v in words.items() if len(w) >= 2 and key.startswith(w)), None)
        if value and (in_group == element or len(key) >= 3 or key in ("主动", "依申请")):
            return _Meaning("tick", element, value)
    if in_group == "method" and key == AMBIGUOUS:
        return _Meaning("ambiguous", "method")
    word = column_word(key)
    if word:
        element, weak = word
        if element in TICK_GROUPS:
            return _Meaning("group", element)
        return _Meaning("element", element, weak=weak)
    if in_group == "level" or (key.endswith("级") and len(key) <= 8 and ranks(key)):
        return _Meaning("level", "level")
    if key in EXTRA_WORDS or any(key.startswith(w) for w in EXTRA_WORDS if len(w) >= 3):
        return _Meaning("extra")
    if key == AMBIGUOUS:
        return _Meaning("ambiguous")
    return None


def find_header(rows: list[list[str]], index: int, overrides: dict, where: str) -> Header | None:
    """The header starting at row `index`, or None when that row is not one (fewer than three column labels)."""
    top = rows[index]
    meanings = [_meaning(cell) for cell in top]
    labels = {(m.kind, m.key) for m in meanings if m and m.kind in ("element", "group") and m.key not in ROW_KEYS}
    if len(labels) < 3:
        return None
    spans = _spans(top, meanings)
    below = rows[index + 1] if index + 1 < len(rows) else []
    two = _is_sub_header(top, spans, below)
    fields: dict[int, Field] = {}
    unknown: list[int] = []
    unlabelled: list[int] = []
    ambiguous: list[int] = []
    for j in range(max(len(top), len(below) if two else 0)):
        text = top[j] if j < len(top) else ""
        sub = below[j] if two and j < len(below) and label_key(below[j]) != label_key(text) else ""
        found = _field(spans[j] if j < len(spans) else None, text, sub, fields.get(j - 1))
        if found == "unknown":
            unknown.append(j)
        elif found == "ambiguous":
            ambiguous.append(j)
        elif found == "none":
            unlabelled.append(j)
        elif isinstance(found, Field):
            fields[j] = found
    header = Header(index, 2 if two else 1, fields, unlabelled=unlabelled)
    label_of = {j: _label(top, below if two else [], j) for j in range(max(len(top), len(below)))}
    unknown += _place_ambiguous(fields, ambiguous, label_of, header.notes)
    unknown += _drop_duplicates(fields)
    _read_levels(header, overrides, where)
    for j in sorted(unknown):
        shown = re.sub(r"\s+", "", label_of[j])
        header.notes.append(f"忽略 {column_letter(j)} 列「{shown}」：目录没有这一要素，未导入 (column not imported)")
    return header


def _label(top: list[str], below: list[str], j: int) -> str:
    """A column's label as written, for notes: its group label and sub-label (once, when a merged cell gives both)."""
    upper = top[j] if j < len(top) else ""
    lower = below[j] if j < len(below) else ""
    return upper if label_key(lower) == label_key(upper) else " ".join(filter(None, (upper, lower)))


def _spans(top: list[str], meanings: list[_Meaning | None]) -> list[_Meaning | None]:
    """Each column's group label: its own, or (a merged cell in a CSV is empty after its first column) that of
    the group label to its left."""
    out: list[_Meaning | None] = []
    last = None
    for cell, meaning in zip(top, meanings, strict=True):
        if cell:
            last = meaning if meaning and meaning.kind == "group" else None
            out.append(meaning)
        else:
            out.append(last)
    return out


def _is_sub_header(top: list[str], spans: list[_Meaning | None], below: list[str]) -> bool:
    """The row below the labels holds sub-labels: under every single column it is empty or repeats the label,
    and at least one of its cells is a sub-label known in its column's group."""
    known = 0
    for j, cell in enumerate(below):
        key = label_key(cell)
        above = spans[j] if j < len(spans) else None
        if not key or (j < len(top) and key == label_key(top[j])):
            continue
        meaning = _meaning(cell, above)
        if above and above.kind == "element":
            if (meaning and meaning.key == above.key) or key in NOTE_WORDS:
                continue
            if above.key in SINGLE or above.key == "number":
                return False
        if meaning and meaning.kind in ("element", "tick", "level", "extra", "ambiguous"):
            known += 1
        elif above is None and j < len(top) and top[j]:
            return False  # text under a label that is no group: a data row
    return known >= 1


def _field(above: _Meaning | None, text: str, sub: str, left: Field | None) -> Field | str | None:
    """The field of one column from its group label and sub-label ("unknown", "ambiguous", "none" otherwise)."""
    if sub:
        meaning = _meaning(sub, above)
        if meaning is None and above and above.kind == "element":
            meaning = above  # a note under its single column
        shown = sub
    else:
        meaning = above if text else None
        shown = text
        if meaning is None and text:
            meaning = _meaning(text)
    if meaning is None:
        return "unknown" if (text or sub) else "none"
    from_sub = bool(sub)
    if meaning.kind == "group":
        if meaning.key == "items":
            return Field("name", label=shown, from_sub=from_sub)
        return Field(meaning.key, label=shown, from_sub=from_sub)  # one column of text values (主动、依申请)
    if meaning.kind == "element":
        return Field(meaning.key, label=shown, from_sub=from_sub, weak=meaning.weak)
    if meaning.kind == "tick":
        return Field(meaning.key, (meaning.value,), shown, True)
    if meaning.kind == "level":
        return Field("level", (), shown, True)  # its values come from read_levels
    if meaning.kind == "ambiguous":
        if meaning.key == "method" and left is not None and left.key == "method":
            return Field("method", left.ticks, shown, True)  # 主动 | 公开 | 依申请: 主动公开 in two cells
        return "ambiguous"
    return "unknown"  # an extra column


def _place_ambiguous(fields: dict[int, Field], columns: list[int], labels: dict, notes: list[str]) -> list[int]:
    """Columns headed only 公开: the single elements missing between their known neighbours, in the table's
    order, when there are exactly as many of them as such columns. Returns the columns left unknown."""
    left_over: list[int] = []
    assigned = {f.key for f in fields.values()}
    runs: list[list[int]] = []
    for j in columns:
        if runs and runs[-1][-1] == j - 1:
            runs[-1].append(j)
        else:
            runs.append([j])
    for run in runs:
        before = [fields[j].key for j in fields if j < run[0] and fields[j].key in ORDER]
        after = [fields[j].key for j in sorted(fields) if j > run[-1] and fields[j].key in ORDER]
        low = ORDER.index(before[-1]) if before else -1
        high = ORDER.index(after[0]) if after else len(ORDER)
        missing = [k for k in ORDER[low + 1 : high] if k in SINGLE and k not in assigned]
        if len(missing) != len(run):
            left_over += run
            continue
        for j, key in zip(run, missing, strict=True):
            fields[j] = Field(key, label=labels[j])
        letters = "、".join(column_letter(j) for j in run)
        elements = "、".join(COLUMN_BY_KEY[k].label for k in missing)
        notes.append(f"{letters} 列表头只有「公开」，按所在位置读作{elements} (columns read by position)")
    return left_over


def _drop_duplicates(fields: dict[int, Field]) -> list[int]:
    """Two text columns for one element (一级目录 before a 公开事项 with its own 一级事项): the one named by a
    sub-label, else by a plain word, else the first, is read; the others are reported."""
    by_key: dict[str, list[int]] = {}
    for j, f in fields.items():
        if f.ticks is None:
            by_key.setdefault(f.key, []).append(j)
    dropped = []
    for columns in by_key.values():
        if len(columns) > 1:
            keep = min(columns, key=lambda j: (not fields[j].from_sub, fields[j].weak, j))
            for j in columns:
                if j != keep:
                    dropped.append(j)
                    del fields[j]
    return dropped


def _read_levels(header: Header, overrides: dict, where: str) -> None:
    labels = [f.label for f in header.fields.values() if f.key == "level" and f.ticks is not None]
    text_column = any(f.key == "level" and f.ticks is None for f in header.fields.values())
    if not labels and not text_column:
        return
    reading = read_levels(list(dict.fromkeys(labels)), overrides, where)
    header.levels = reading
    header.notes += reading.notes
    for j, f in list(header.fields.items()):
        if f.key == "level" and f.ticks is not None:
            header.fields[j] = Field("level", reading.values[f.label], f.label, True)
