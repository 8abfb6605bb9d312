"""Whether an item carries each of the eight elements: one answer for lint (GK201–GK208) and the report."""

from __future__ import annotations

from typing import Literal

from gongkai.model.catalog import Item
from gongkai.model.vocab import ELEMENTS, PLACEHOLDERS

Gap = Literal["missing", "empty", "placeholder"]


def written(item: Item, key: str) -> list[str]:
    """The element's non-blank values (a text element has at most one)."""
    value = getattr(item, key)
    values = value if isinstance(value, list) else [value]
    return [v for v in values if v is not None and v.strip()]


def gaps(item: Item) -> tuple[Gap | None, ...]:
    """For each of the eight elements, in ELEMENTS order: None when it is there, else whether it is missing,
    empty (or blank) or only a placeholder. Lint and the report ask this of every item, so it is one pass."""
    present = item.model_fields_set
    values = item.__dict__
    return tuple([_gap(values[key]) if key in present else "missing" for key in _KEYS])


NO_GAPS: tuple[Gap | None, ...] = (None,) * 8
"""The gaps of a complete item."""


def _gap(value: str | list[str] | None) -> Gap | None:
    if type(value) is str and value:  # the common case, kept cheap: validation has trimmed it already
        return "placeholder" if len(value) <= _LONGEST and value.lower() in PLACEHOLDERS else None
    if type(value) is list:  # a list with one value that is written and no placeholder is no gap
        for v in value:
            if type(v) is str and (text := v.strip()) and (len(text) > _LONGEST or text.lower() not in PLACEHOLDERS):
                return None
    texts = [v for v in (value if isinstance(value, list) else (value,)) if v is not None and v.strip()]
    if not texts:
        return "empty"
    if all(v.strip().lower() in PLACEHOLDERS for v in texts):
        return "placeholder"
    return None


_KEYS = tuple(e.key for e in ELEMENTS)
_LONGEST = max(map(len, PLACEHOLDERS))


def is_complete(item: Item) -> bool:
    return not any(gaps(item))
