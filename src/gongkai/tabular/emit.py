"""A new catalog's YAML text, written once in canonical form: exactly what `gongkai fmt` writes for it.

ruamel's round-trip dumper writes a 10,000-item catalog in about 10 seconds. Nearly every value of a table is
plain text that YAML writes as it is (`name: 低保审核信息`), and those lines are written here directly; a value
that needs quotes or escapes (a leading `=`, `: ` inside, a line break, text that reads as a number or a date) is
left to ruamel, all of them in one document, so that its choice of style is the one `gongkai fmt` makes. The
tests hold this to `fmt.canonical` on generated values.
"""

from __future__ import annotations

import io
import re
from typing import Any

from ruamel.yaml.comments import CommentedSeq
from ruamel.yaml.nodes import ScalarNode

from gongkai.fmt import FLOW_LISTS, MODELINE, canonical_dump, canonical_yaml, flow_value
from gongkai.model.catalog import trim

_SAFE = (
    r"[^\s\-?:,\[\]{}#&*!|>'\"%@`.\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\ud800-\udfff\ufffe\uffff\U00010000-\U0010ffff]"
    r"[^\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\ud800-\udfff\ufffe\uffff\U00010000-\U0010ffff]*"
)
_PLAIN = re.compile(_SAFE)
_FLOW_UNSAFE = re.compile(r"[,\[\]{}:#?'\"]")
_MAX_PLAIN = 1000  # well under the line width, so ruamel would never fold it
_RESOLVER = canonical_yaml().resolver
_STR = "tag:yaml.org,2002:str"
INDENT = "      "  # an item's keys, under `    - `


_CONSERVATIVE = re.compile(
    r"[\w\u3000-\u303f\uff01-\uff5e《》“”‘’·（）—…][\w\u3000-\u303f\uff01-\uff5e《》“”‘’·（）—…()/.\-+%~ ]*"
)
"""Text written here without ruamel: word characters, CJK and full-width punctuation, and a few ASCII signs
inside; anything else (ASCII punctuation YAML gives a meaning to, control characters) goes through ruamel."""


def plain(value: str, flow: bool = False) -> bool:
    """Whether ruamel writes `value` plain (as it is) as a mapping value, or an entry of a flow list. It may
    say no to a few it would write plain; those go through ruamel, which is only slower."""
    if len(value) > _MAX_PLAIN or not _PLAIN.fullmatch(value) or not _CONSERVATIVE.fullmatch(value):
        return False
    if ": " in value or " #" in value or value[-1] in ": " or (flow and _FLOW_UNSAFE.search(value)):
        return False
    return value[0] >= "\x80" or str(_RESOLVER.resolve(ScalarNode, value, (True, False))) == _STR


def catalog_text(catalog: dict) -> str:
    """`{"unit": {...}, "domains": {id: [item, ...]}}` with items of text, lists of text and None."""
    lines = [MODELINE]
    unit = {key: trim(value) if isinstance(value, str) else value for key, value in catalog["unit"].items()}
    lines += canonical_dump({"unit": unit}).splitlines()
    domains = catalog.get("domains") or {}
    if not domains:
        lines.append("domains: {}")
        return "\n".join(lines) + "\n"
    lines.append("domains:")
    odd: list[tuple[str, Any]] = []  # (key, value) for ruamel, in order
    slots: list[tuple[int, bool]] = []  # (index in lines, first key of its item)
    for domain, items in domains.items():
        lines.append(f"  {domain}:" if plain(domain) else "  " + canonical_dump({domain: None}).splitlines()[0])
        for item in items:
            first = True
            for key, value in item.items():
                lead = "    - " if first else INDENT
                if key in FLOW_LISTS and value is not None:
                    value = flow_value(key, value)
                text = _value(value)
                if text is None:
                    slots.append((len(lines), first))
                    lines.append("")
                    odd.append((key, value))
                else:
                    lines.append(f"{lead}{key}:{text}")
                first = False
    if odd:
        for (index, first), chunk in zip(slots, _through_ruamel(odd), strict=True):
            lines[index] = chunk if first else INDENT + chunk[len("    - ") :]
    return "\n".join(lines) + "\n"


def _value(value: Any) -> str | None:
    """The text after `key:` when it can be written here, else None."""
    if value is None:
        return ""
    if isinstance(value, str):
        value = trim(value)
        return f" {value}" if plain(value) else None
    if isinstance(value, list) and all(isinstance(v, str) and plain(v, flow=True) for v in value):
        text = f" [{', '.join(value)}]"
        return text if len(text) < _MAX_PLAIN else None
    return None


def _through_ruamel(pairs: list[tuple[str, Any]]) -> list[str]:
    """Each (key, value) as ruamel writes it as the only key of an item, continuation lines included."""
    entries = []
    for key, value in pairs:
        if isinstance(value, list) and not isinstance(value, CommentedSeq):
            value = CommentedSeq(value)
            value.fa.set_flow_style()
        elif isinstance(value, str):
            value = trim(value)
        entries.append({key: value})
    buffer = io.StringIO()
    canonical_yaml().dump({"domains": {"x": entries}}, buffer)
    chunks: list[str] = []
    for line in buffer.getvalue().splitlines()[2:]:
        if line.startswith("    - "):
            chunks.append(line.rstrip())
        else:
            chunks[-1] += "\n" + line.rstrip()
    return chunks
