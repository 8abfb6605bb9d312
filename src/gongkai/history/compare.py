"""Comparing two states of the catalogs: items by identity, renames by likeness (`rename_score`)."""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from typing import Any

from gongkai.history.changes import (
    COMPARED,
    MAX_RENAME_PAIRS,
    NAME_INDEX,
    RENAME_THRESHOLD,
    RENAME_WEIGHTS,
    UNIT_FIELDS,
    CatalogDiff,
    ItemChange,
    UnitChange,
)
from gongkai.history.snapshots import Elements, Key, UnitSnapshot, snapshot_data
from gongkai.model.addresses import anchor
from gongkai.model.guide import reduced, similarity


def rename_score(old: Elements, new: Elements) -> float:
    """How alike two items are apart from their names: RENAME_WEIGHTS over content, basis, deadline, owner."""
    score = 0.0
    for key, weight in RENAME_WEIGHTS.items():
        a, b = old[COMPARED.index(key)], new[COMPARED.index(key)]
        score += weight * (1.0 if a == b else 0.0 if a is None or b is None else similarity(a, b))
    return score


def _renames(removed: dict[str, Elements], added: dict[str, Elements]) -> list[tuple[str, str]]:
    """Pairs (old identity, new identity) that are one item renamed: the best scores first, each item once."""
    content = COMPARED.index("content")
    pairs: list[tuple[float, float, str, str]] = []
    if len(removed) * len(added) > MAX_RENAME_PAIRS:
        by_content: dict[str, list[str]] = {}
        for identity, elements in sorted(added.items()):
            by_content.setdefault(reduced(elements[content] or ""), []).append(identity)
        for old, elements in sorted(removed.items()):
            for new in by_content.get(reduced(elements[content] or ""), []):
                pairs.append((-1.0, 0.0, old, new))
    else:
        rest = 1.0 - RENAME_WEIGHTS["content"]
        matcher = difflib.SequenceMatcher(autojunk=False)
        for new, new_elements in added.items():
            new_content = reduced(new_elements[content] or "")
            matcher.set_seq2(new_content)
            for old, old_elements in removed.items():
                old_content = reduced(old_elements[content] or "")
                if old_content != new_content:
                    matcher.set_seq1(old_content)
                    if RENAME_WEIGHTS["content"] * matcher.real_quick_ratio() + rest < RENAME_THRESHOLD:
                        continue
                score = rename_score(old_elements, new_elements)
                if score >= RENAME_THRESHOLD:
                    pairs.append((-score, -similarity(old, new), old, new))
    pairs.sort()
    matched: list[tuple[str, str]] = []
    used_old: set[str] = set()
    used_new: set[str] = set()
    for _, _, old, new in pairs:
        if old not in used_old and new not in used_new:
            used_old.add(old)
            used_new.add(new)
            matched.append((old, new))
    return matched


def _differences(old: Elements, new: Elements) -> tuple[tuple[str, str | None, str | None], ...]:
    """The elements that differ, except the name (a rename says that itself)."""
    return tuple((key, a, b) for key, a, b in zip(COMPARED, old, new, strict=True) if a != b and key != "name")


class Builder:
    """Collects a CatalogDiff unit by unit."""

    def __init__(self, old: str, new: str):
        self.diff = CatalogDiff(old, new)

    def unit(self, slug: str, old: UnitSnapshot | None, new: UnitSnapshot | None) -> None:
        diff = self.diff
        if old is None and new is None:
            return
        named = new if new is not None and new.readable else old
        if named is not None and named.name:
            diff.unit_names[slug] = named.name
        if old is None:
            diff.units_added.append(slug)
        elif new is None:
            diff.units_removed.append(slug)
        for snapshot, label in ((old, diff.old), (new, diff.new)):
            if snapshot is not None and not snapshot.readable:
                diff.notes.append(f"「{slug}」在 {label} 无法读取，其事项未比较：{snapshot.problem}")
        if (old is not None and not old.readable) or (new is not None and not new.readable):
            return
        self.items(slug, old.items if old else {}, new.items if new else {}, old, new)
        if old is not None and new is not None:
            for key in UNIT_FIELDS:
                if old.fields.get(key) != new.fields.get(key):
                    diff.unit_changes.append(UnitChange(slug, key, old.fields.get(key), new.fields.get(key)))

    def items(
        self,
        slug: str,
        old_items: Mapping[Key, Elements],
        new_items: Mapping[Key, Elements],
        old: UnitSnapshot | None,
        new: UnitSnapshot | None,
    ) -> None:
        changes = self.diff.changes
        removed: dict[str, dict[str, Elements]] = {}
        added: dict[str, dict[str, Elements]] = {}
        skipped = 0
        for key in old_items.keys() | new_items.keys():
            domain, identity = key
            before, after = old_items.get(key), new_items.get(key)
            if before is not None and after is not None:
                if before != after:
                    renamed = before[NAME_INDEX] != after[NAME_INDEX]
                    changes.append(
                        ItemChange(
                            "renamed" if renamed else "changed",
                            slug,
                            domain,
                            identity,
                            after[NAME_INDEX] or "",
                            identity if renamed else None,
                            before[NAME_INDEX] or "" if renamed else None,
                            _differences(before, after),
                            anchor(domain, identity),
                        )
                    )
            elif before is not None:
                if new is not None and new.unknown(key):
                    skipped += 1
                else:
                    removed.setdefault(domain, {})[identity] = before
            elif after is not None:
                if old is not None and old.unknown(key):
                    skipped += 1
                else:
                    added.setdefault(domain, {})[identity] = after
        if skipped:
            self.diff.notes.append(f"「{slug}」有 {skipped} 个事项在某一版本中未通过校验，未比较")
        for domain in removed.keys() | added.keys():
            gone, new_ones = removed.get(domain, {}), added.get(domain, {})
            for old_identity, new_identity in _renames(gone, new_ones) if gone and new_ones else []:
                before, after = gone.pop(old_identity), new_ones.pop(new_identity)
                changes.append(
                    ItemChange(
                        "renamed",
                        slug,
                        domain,
                        new_identity,
                        after[NAME_INDEX] or "",
                        old_identity,
                        before[NAME_INDEX] or "",
                        _differences(before, after),
                        anchor(domain, new_identity),
                    )
                )
            for identity, before in gone.items():
                changes.append(ItemChange("removed", slug, domain, identity, before[NAME_INDEX] or ""))
            for identity, after in new_ones.items():
                changes.append(
                    ItemChange(
                        "added", slug, domain, identity, after[NAME_INDEX] or "", anchor=anchor(domain, identity)
                    )
                )

    def finish(self) -> CatalogDiff:
        diff = self.diff
        diff.changes.sort(key=lambda c: (c.unit, c.domain, c.name, c.kind, c.identity))
        diff.units_added.sort()
        diff.units_removed.sort()
        diff.unit_changes.sort(key=lambda c: (c.unit, list(UNIT_FIELDS).index(c.key)))
        return diff


def compare(
    old: Mapping[str, UnitSnapshot], new: Mapping[str, UnitSnapshot], old_label: str, new_label: str
) -> CatalogDiff:
    """Two states of the county (unit slug → snapshot) → what changed."""
    builder = Builder(old_label, new_label)
    for slug in sorted(old.keys() | new.keys()):
        builder.unit(slug, old.get(slug), new.get(slug))
    return builder.finish()


def diff_catalogs(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[ItemChange]:
    """Item changes between two sets of parsed catalogs (unit slug → YAML data). Pure: for tests and tools."""
    before = {slug: snapshot_data(data) for slug, data in old.items()}
    after = {slug: snapshot_data(data) for slug, data in new.items()}
    return compare(before, after, "old", "new").changes
