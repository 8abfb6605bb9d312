"""The official standard table's columns, declared once: the exporter writes them, the importer recognises them
(with every header word counties have been seen to use for each, see tests/real_tables/README.md).

Header words are compared by `label_key`: without spaces or line breaks, full-width letters and brackets made
half-width, the few Traditional characters of published headers made Simplified, and notes in brackets or quotes
dropped (`公开渠道和载体（“■”表示必选项）` is `公开渠道和载体`).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from gongkai.model.vocab import AUDIENCE, LEVEL, METHOD, Vocabulary


@dataclass(frozen=True)
class Column:
    """One column (or, for a tick group, one group of columns) of the standard table."""

    key: str  # the element it holds, or "number" for 序号
    label: str  # how the official table heads it
    synonyms: tuple[str, ...] = ()  # other header words read as this column (as label_key gives them)
    group: str | None = None  # the label above it in the two-row header (公开事项 over 一级事项 and 二级事项)
    ticks: Vocabulary | None = None  # a group of tick columns, one per value (公开对象: 全社会, 特定群体)
    weak: tuple[str, ...] = ()  # words that mean this column only when no other column says it more plainly

    @property
    def words(self) -> tuple[str, ...]:
        return (label_key(self.label), *self.synonyms)


ITEMS_GROUP = "公开事项"

COLUMNS: tuple[Column, ...] = (
    Column("number", "序号", ("序", "编号")),
    Column("category", "一级事项", ("一级", "一级目录", "一级类别"), group=ITEMS_GROUP),
    Column("name", "二级事项", ("二级", "二级目录", "事项名称", "二级事项名称"), group=ITEMS_GROUP),
    Column("content", "公开内容（要素）", ("公开内容", "公开要素", "内容")),
    Column("basis", "公开依据", ("依据", "公开依据及条款"), weak=("公开要求",)),
    Column("deadline", "公开时限", ("时限", "公开期限")),
    Column("owner", "公开主体", ("责任单位", "公开单位", "责任主体", "公开责任单位", "公开部门", "主体")),
    Column("channel", "公开渠道和载体", ("公开渠道", "公开载体", "渠道和载体", "公开渠道及载体", "公开形式", "渠道")),
    Column("audience", "公开对象", ("对象",), ticks=AUDIENCE),
    Column("method", "公开方式", ("方式",), ticks=METHOD),
    Column("level", "公开层级", ("层级",), ticks=LEVEL),
    Column("stage", "五公开", ("五公开类别",)),
)
"""In the order of the official table. 五公开 is optional: some counties add it; the exporter leaves it out."""

COLUMN_BY_KEY = {column.key: column for column in COLUMNS}
TABLE_COLUMNS = tuple(c for c in COLUMNS if c.key != "stage")
"""The columns the exporter writes: the csv header, the workbook's and the site's two header rows come from them."""


@dataclass(frozen=True)
class HeadCell:
    """A cell of the two-row header: a column's label over both rows, or a group's over the labels under it."""

    label: str
    first: int  # the first column it heads, from 0 (序号)
    span: int = 1
    key: str = ""  # the column's element; "" for the 公开事项 group
    under: tuple[str, ...] = ()  # the labels in the second row; none: the cell spans both rows


def header(levels: tuple[str, ...], added: tuple[str, ...] = ()) -> list[HeadCell]:
    """The standard table's first header row, then the `added` columns (单位, 领域); `levels` are the 公开层级
    tick columns it has (村级 only when an item has it)."""
    cells: list[HeadCell] = []
    column = 0
    for c in TABLE_COLUMNS:
        if c.group is not None:
            if not cells or cells[-1].label != c.group:
                cells.append(HeadCell(c.group, column))
            last = cells[-1]
            cells[-1] = HeadCell(last.label, last.first, len(last.under) + 1, "", (*last.under, c.label))
            column += 1
        elif c.ticks is not None:
            under = levels if c.key == "level" else c.ticks.values
            cells.append(HeadCell(c.label, column, len(under), c.key, tuple(under)))
            column += len(under)
        else:
            cells.append(HeadCell(c.label, column, key=c.key))
            column += 1
    return [*cells, *(HeadCell(text, column + n) for n, text in enumerate(added))]


GROUP_WORDS = {ITEMS_GROUP: "items", "政府信息公开类别及事项": "items", "事项": "items"}
"""Labels that head 一级事项 and 二级事项 in a two-row header; alone over one column they mean its name."""

TICK_WORDS: dict[str, dict[str, str]] = {
    "audience": {
        "全社会": "全社会", "社会": "全社会", "全社": "全社会", "社会公众": "全社会", "公众": "全社会",
        "特定群体": "特定群体", "特定群众": "特定群体", "特定对象": "特定群体", "特定主体": "特定群体",
        "特定人群": "特定群体", "特定群": "特定群体", "特定": "特定群体",
    },
    "method": {"主动": "主动", "主动公开": "主动", "依申请": "依申请", "依申请公开": "依申请", "申请": "依申请",
               "申请公开": "依申请"},
}  # fmt: skip
"""The sub-labels of the audience and method tick columns (the level columns: see tabular/levels.py)."""

EXTRA_WORDS = (
    "三级事项", "三级目录", "三级", "四级事项", "四级目录", "相应领域", "对相应领域", "类别", "事项类型",
    "事项类别", "条款内容", "依据效力", "责任科室", "对应职责", "备注", "更新频次", "理由", "政府网站",
    "网站所属栏目", "所属栏目", "咨询电话", "监督举报电话", "公开属性",
)  # fmt: skip
"""Columns counties add that the catalog has no element for: kept out of the items, each named once."""

ROW_DOMAIN = ("领域", "所属领域")
ROW_UNIT = ("单位", "所属单位")
"""The columns gongkai's own csv and workbooks add after the standard table (see `header`): read back, a row's
领域 is its domain and the 单位 its unit's name."""

LEVEL3 = ("三级事项", "三级目录", "三级")
"""A third level of items: when a row has one, it is the item (its name joins the 二级事项's, see importer)."""

AMBIGUOUS = "公开"
"""A label cut short (`公开 | 公开` where 公开时限 and 公开主体 belong): read by its place between known columns."""

# The Traditional characters seen in published (and mirrored) headers.
_SIMPLIFIED = str.maketrans(
    "號開項內據時體載對會動請層級類別責單眾寫標註選範圍規務態衆資訊類屬與這為開關於應領",
    "号开项内据时体载对会动请层级类别责单众写标注选范围规务态众资讯类属与这为开关于应领",
)
_NOTE = re.compile(r"\([^()]*\)|“[^“”]*”|\"[^\"]*\"|【[^【】]*】|\[[^\[\]]*\]")
_UNCLOSED = re.compile(r"[(“\"【\[].*$")
_EDGE_JUNK = re.compile(r"^[?？*※\W_]+|[\W_]+$")


def label_key(text: str) -> str:
    """A header word as it is compared: see the module docstring. `公开内容\\n(要素)` → `公开内容`."""
    key = unicodedata.normalize("NFKC", text).translate(_SIMPLIFIED)
    key = re.sub(r"\s+", "", key)
    stripped = _UNCLOSED.sub("", _NOTE.sub("", key))
    return _EDGE_JUNK.sub("", stripped) or _EDGE_JUNK.sub("", key)


def column_word(key: str) -> tuple[str, bool] | None:
    """The element a header word (a label_key) names, and whether the word is a weak one; None if unknown."""
    found = _WORDS.get(key)
    if found is None:
        for word in _PREFIXES:  # 公开内容要素, 特定群体请写明, 公开渠道和载体表示必选项……: the label, then a note
            if key.startswith(word):
                return _WORDS[word]
    return found


_WORDS: dict[str, tuple[str, bool]] = {}
for _column in COLUMNS:
    for _word in _column.words:
        _WORDS.setdefault(_word, (_column.key, False))
    for _word in _column.weak:
        _WORDS.setdefault(_word, (_column.key, True))
_PREFIXES = sorted((w for w in _WORDS if len(w) >= 3), key=len, reverse=True)


def csv_header() -> tuple[str, ...]:
    """The single-row header of SPEC §9, as the exporter writes it and the importer reads it."""
    return tuple(column.label for column in TABLE_COLUMNS)
