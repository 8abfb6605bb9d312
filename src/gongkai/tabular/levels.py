"""A table's 公开层级 columns, relative to the county: 区级, 旗级 and 县级 are the county's own level (县级), 镇级,
镇街级, 街道 and 苏木 the township's (乡级), 村, 社区 and 嘎查 the village's (村级); 乡、村级 is both. 市级, 州级
and 盟级 are the county's level when the table has no 县级 column (a 县级市, or a city without counties), and
above the catalog's levels when it has one (市级 / 县级 / 乡级): those ticks are left out, with a note.

A label with none of these words cannot be placed: the import stops and asks for `--level 本级=县级`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from gongkai.errors import UsageError
from gongkai.model.vocab import LEVEL
from gongkai.tabular.layout import label_key

COUNTY, TOWNSHIP, VILLAGE, UPPER = "县级", "乡级", "村级", "upper"

_RANK_WORDS = {
    "县区": COUNTY, "区县": COUNTY, "县市区": COUNTY, "县": COUNTY, "区": COUNTY, "旗": COUNTY,
    "市": UPPER, "州": UPPER, "盟": UPPER, "地": UPPER,
    "乡镇": TOWNSHIP, "镇街": TOWNSHIP, "街镇": TOWNSHIP, "街道": TOWNSHIP, "乡": TOWNSHIP, "镇": TOWNSHIP,
    "街": TOWNSHIP, "苏木": TOWNSHIP,
    "村居": VILLAGE, "社区": VILLAGE, "村": VILLAGE, "嘎查": VILLAGE, "居": VILLAGE,
}  # fmt: skip
_LONGEST = sorted(_RANK_WORDS, key=len, reverse=True)
_SEPARATORS = set("、/,，和及与级")
IGNORE_WORDS = ("忽略", "无", "不导入")
_PARTS = re.compile(r"[、/,，和及与]")


def ranks(label: str) -> tuple[str, ...] | None:
    """The ranks a level label names, in order: `区级` → (县级,), `乡、村级` → (乡级, 村级), `东阳市级` → (upper,);
    None when it names none, or has words between its ranks that are not separators."""
    key = label_key(label)
    found: list[str] = []
    i = 0
    while i < len(key):
        if key[i] in _SEPARATORS:
            i += 1
            continue
        word = next((w for w in _LONGEST if key.startswith(w, i)), None)
        if word is None:
            if found:
                return None  # 县级其他: not a level word
            i += 1  # a place name before the first rank: 东阳市级
            continue
        found.append(_RANK_WORDS[word])
        i += len(word)
    return tuple(dict.fromkeys(found)) or None


@dataclass
class LevelReading:
    """How a table's level labels map to the catalog's levels."""

    values: dict[str, tuple[str, ...]]  # label → catalog levels (empty: above the catalog's levels, left out)
    notes: list[str]
    has_county: bool = False  # the table has a 县级 column: 市级 and 州级 are above it

    def word(self, text: str) -> tuple[str, ...] | None:
        """A level written in a cell instead of a tick (`县级`, `州级` in a 州级县级 column); None if it is none."""
        found = ranks(text) if len(text) <= 8 else None
        if found is None:
            return None
        return tuple(dict.fromkeys(COUNTY if r == UPPER else r for r in found if r != UPPER or not self.has_county))


def parse_overrides(pairs: list[str]) -> dict[str, tuple[str, ...]]:
    """`--level 市级=县级`, `--level 乡、村级=乡级,村级`, `--level 州级=忽略` → {label_key: levels}."""
    out: dict[str, tuple[str, ...]] = {}
    for pair in pairs:
        label, sep, value = pair.partition("=")
        if not sep or not label.strip():
            raise UsageError(f"--level「{pair}」应写作 表中的层级=县级（或 乡级、村级、忽略）(expected LABEL=LEVEL)")
        if value.strip() in IGNORE_WORDS:
            out[label_key(label)] = ()
            continue
        levels = tuple(LEVEL.normalise(v) for v in value.replace("，", ",").replace("、", ",").split(",") if v.strip())
        unknown = [v for v in levels if not LEVEL.knows(v)]
        if unknown or not levels:
            raise UsageError(f"--level「{pair}」：层级只能是 县级、乡级、村级 或 忽略 (unknown level)")
        out[label_key(label)] = levels
    return out


def read_levels(labels: list[str], overrides: dict[str, tuple[str, ...]], where: str) -> LevelReading:
    """Map every level label of one table (column labels, or words written in level cells)."""
    rank_of = {label: ranks(label) for label in labels}
    has_county = any(r and COUNTY in r for r in rank_of.values())
    values: dict[str, tuple[str, ...]] = {}
    read_as: list[str] = []
    above: list[str] = []
    undecided: list[str] = []
    for label in labels:
        if label_key(label) in overrides:
            values[label] = overrides[label_key(label)]
            read_as.append(f"{label}→{'、'.join(values[label]) or '忽略'}（--level）")
            continue
        found = rank_of[label]
        if found is None:
            undecided.append(label)
            continue
        mapped = tuple(dict.fromkeys(COUNTY if r == UPPER else r for r in found if r != UPPER or not has_county))
        values[label] = mapped
        if not mapped:
            above.append(label)
        elif UPPER in found and not has_county:
            read_as.append(f"{label}→{'、'.join(mapped)}（表中没有县级列，按县级市或不设区的市的本级读取）")
        elif UPPER in found:
            read_as.append(f"{label}→{'、'.join(mapped)}（其中县级以上的勾选未导入）")
        elif not all(part in ("县", "乡", "村") for part in _PARTS.split(label_key(label).replace("级", "")) if part):
            read_as.append(f"{label}→{'、'.join(mapped)}")
    if undecided:
        shown = "、".join(f"「{label}」" for label in undecided)
        example = undecided[0]
        raise UsageError(
            f"{where}: 无法判断公开层级列 {shown} 对应县级、乡级还是村级；请用 --level {example}=县级 指明"
            " (cannot map level column)"
        )
    notes = []
    if read_as:
        notes.append(f"公开层级按本县层级读取：{'，'.join(read_as)} (levels mapped)")
    if above:
        notes.append(
            f"公开层级「{'、'.join(above)}」在县级之上，不是目录的层级，这些勾选未导入"
            " (levels above the county left out)"
        )
    return LevelReading(values, notes, has_county)
