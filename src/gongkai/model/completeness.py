"""Whether an item carries each of the eight elements: one answer for lint (GK201–GK208) and the report."""

from __future__ import annotations

from typing import Literal

from gongkai.model.catalog import Item
from gongkai.model.vocab import ELEMENTS, is_placeholder

Gap = Literal["missing", "empty", "placeholder"]


def written(item: Item, key: str) -> list[str]:
    """The element's non-blank values (a text element has at most one)."""
    value = getattr(item, key)
    values = value if isinstance(value, list) else [value]
    return [v for v in values if v is not None and v.strip()]


def element_gap(item: Item, key: str) -> Gap | None:
    """None when the element is there; else whether it is missing, empty (or blank) or only a placeholder."""
    if key not in item.model_fields_set:
        return "missing"
    values = written(item, key)
    if not values:
        return "empty"
    if all(is_placeholder(v) for v in values):
        return "placeholder"
    return None


def is_complete(item: Item) -> bool:
    return all(element_gap(item, e.key) is None for e in ELEMENTS)
