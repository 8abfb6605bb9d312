"""What one cell of a standard table says: a tick or not, a channel list in any of its forms, a value cut short.

Tick styles seen in published tables (tests/real_tables/README.md): √ in the object, method and level columns,
words instead of ticks (县级, 申请人), ■/□ checklists in the channel cell, and the artefacts of Word's symbol
fonts. Unticked: □ ☐ 口 £ and a cell left empty.
"""

from __future__ import annotations

import re

from gongkai.model.catalog import terms
from gongkai.model.vocab import CHANNEL, Vocabulary

SELECTED = "■▲◆▄√✓✔●☑☒█▇þ"
UNSELECTED = "□☐口○◇△▽£"
_WINGDINGS = re.compile(r"(?:^|(?<=[\s;；、,，]))([Rt£])(?=[\u4e00-\u9fff])")  # ☑ ■ ☐ as Word exports them
NOT_TICKED = frozenset(
    {"否", "无", "×", "✗", "✘", "x", "X", "-", "—", "/", "／", "0", "n", "N", "no", "false", "FALSE"}
)
SAME_AS_ABOVE = frozenset({"同上", "〃", "”", '"同上"', "“同上”", "同前", "同上。"})

_MARKS = SELECTED + UNSELECTED
_ENTRY = re.compile(rf"([{re.escape(_MARKS)}])\s*([^{re.escape(_MARKS)}]*)")
_NUMBERED = re.compile(r"(^|[；;、，,\n])\s*[(（]?\d+[.、．)）]\s*")  # 1.政府网站；2.其他
_ENTRY_EDGES = " 、，,；;。\n\t\u3000"


def ticked(cell: str) -> bool:
    """A tick column's cell: anything but empty, an unticked box or a no (否, ×, -)."""
    return bool(cell) and cell not in NOT_TICKED and cell[0] not in UNSELECTED


def checklist(text: str) -> tuple[list[str], bool] | None:
    """The ticked entries of a ■政府网站 □政府公报 cell, and whether the marks were read as bullets (a single
    entry marked □ or ☐: `☐县政府门户网站`); None if the cell is not a checklist."""
    text = _WINGDINGS.sub(lambda m: {"R": "☑", "t": "■", "£": "□"}[m.group(1)], text)
    entries = [(mark, body.strip(_ENTRY_EDGES)) for mark, body in _ENTRY.findall(text)]
    entries = [(mark, body) for mark, body in entries if body]
    if not entries or (len(entries) == 1 and entries[0][0] == "口" and not text.startswith("口")):
        return None
    before = text[: text.find(entries[0][0])].strip(_ENTRY_EDGES)
    chosen = [body for mark, body in entries if mark in SELECTED]
    bullets = not chosen and len(entries) == 1
    if bullets:
        chosen = [entries[0][1]]
    return ([before] if before else []) + chosen, bullets


def channels(text: str) -> list[str]:
    """A channel cell: a checklist keeps its ticked entries; else a list (、，；, line breaks or numbered)."""
    listed = checklist(text)
    parts = listed[0] if listed else [_NUMBERED.sub(r"\1", text)]
    found: list[str] = []
    for part in parts:
        for channel in terms(part, CHANNEL):
            channel = known_channel(channel)
            # "/" is inside channel names (入户/现场), so split on it only where every part is a channel
            pieces = [known_channel(piece) for piece in re.split(r"[/／]", channel)]
            for value in pieces if not CHANNEL.knows(channel) and all(map(CHANNEL.knows, pieces)) else [channel]:
                if value not in found:
                    found.append(value)
    return found


def known_channel(text: str) -> str:
    """The canonical channel for a written one, also when its brackets are half-width or it has a note in
    brackets after the name (`社区/村公示栏(电子屏)`); else the text as written."""
    for candidate in (text, text.replace("(", "（").replace(")", "）"), re.sub(r"[(（][^()（）]*[)）]$", "", text)):
        value = CHANNEL.normalise(candidate)
        if CHANNEL.knows(value):
            return value
    return CHANNEL.normalise(text)


def checked_values(text: str, vocabulary: Vocabulary) -> list[str]:
    """A cell of a column with known values (五公开: `□决策 ■执行`, or `执行`): the ticked or written ones."""
    listed = checklist(text)
    return terms(listed[0] if listed else text, vocabulary)
