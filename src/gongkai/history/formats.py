"""A diff as text, Markdown and JSON (the JSON shape is also how the cache keeps a commit's changes)."""

from __future__ import annotations

import json
import re
from typing import Any

from gongkai.history.changes import KIND_LABELS, LABELS, CatalogDiff, ItemChange, UnitChange
from gongkai.model.vocab import UNIT_KINDS


def _value(text: str | None) -> str:
    return text if text else "（空）"


def summary(diff: CatalogDiff) -> str:
    """`新增 2 项、修改 1 项`: the counts that are not zero, in Chinese."""
    parts = [f"{KIND_LABELS[k]} {n} 项" for k, n in diff.counts().items() if n]
    if diff.units_added:
        parts.append(f"新增单位 {len(diff.units_added)} 个")
    if diff.units_removed:
        parts.append(f"删除单位 {len(diff.units_removed)} 个")
    if diff.unit_changes:
        parts.append(f"单位信息变更 {len(diff.unit_changes)} 处")
    return "、".join(parts) if parts else "没有变更"


def _change_line(change: ItemChange) -> str:
    if change.kind == "renamed":
        return f"更名：{change.old_name} → {change.name}"
    return f"{change.kind_label}：{change.name}"


def element_line(key: str, old: str | None, new: str | None) -> str:
    return f"「{LABELS[key]}」：{_value(old)} → {_value(new)}"


def unit_line(change: UnitChange) -> str:
    old, new = change.old, change.new
    if change.key == "kind":
        old, new = UNIT_KINDS.get(old or "", old), UNIT_KINDS.get(new or "", new)
    return f"「{change.label}」：{_value(old)} → {_value(new)}"


def unit_heading(diff: CatalogDiff, slug: str) -> str:
    marker = "（新增单位）" if slug in diff.units_added else "（删除单位）" if slug in diff.units_removed else ""
    return diff.unit_label(slug) + marker


def to_text(diff: CatalogDiff) -> str:
    """For the terminal: one block per unit, one line per item, the changed elements under it."""
    lines = [f"目录变更：{diff.old} → {diff.new}", summary(diff)]
    for slug, unit_changes, domains in diff.groups():
        lines += ["", unit_heading(diff, slug)]
        if unit_changes:
            lines.append("  单位信息")
            lines += [f"    {unit_line(c)}" for c in unit_changes]
        for domain, changes in domains:
            lines.append(f"  {diff.domain_label(domain)}")
            for change in changes:
                lines.append(f"    {_change_line(change)}")
                lines += [f"      {element_line(*e)}" for e in change.elements]
    if diff.notes:
        lines += ["", "说明："] + [f"  {note}" for note in diff.notes]
    return "\n".join(lines) + "\n"


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&])")


def _md(text: str) -> str:
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def to_markdown(diff: CatalogDiff) -> str:
    """For a merge-request comment: a heading, the summary, a section per unit with bullet lists."""
    lines = [f"### 目录变更：{_md(diff.old)} → {_md(diff.new)}", "", _md(summary(diff))]
    for slug, unit_changes, domains in diff.groups():
        lines += ["", f"#### {_md(unit_heading(diff, slug))}", ""]
        if unit_changes:
            lines.append("- 单位信息")
            lines += [f"  - {_md(unit_line(c))}" for c in unit_changes]
        for domain, changes in domains:
            lines.append(f"- **{_md(diff.domain_label(domain))}**")
            for change in changes:
                lines.append(f"  - {_md(_change_line(change))}")
                lines += [f"    - {_md(element_line(*e))}" for e in change.elements]
    if diff.notes:
        lines += ["", "说明：", ""] + [f"- {_md(note)}" for note in diff.notes]
    return "\n".join(lines) + "\n"


def diff_to_dict(diff: CatalogDiff) -> dict[str, Any]:
    return {
        "old": {"label": diff.old, "commit": diff.old_commit},
        "new": {"label": diff.new, "commit": diff.new_commit},
        "changed": diff.changed,
        "summary": {
            **diff.counts(),
            "units_added": len(diff.units_added),
            "units_removed": len(diff.units_removed),
            "unit_changes": len(diff.unit_changes),
        },
        "units_added": diff.units_added,
        "units_removed": diff.units_removed,
        "unit_names": diff.unit_names,
        "unit_changes": [
            {"unit": c.unit, "key": c.key, "label": c.label, "old": c.old, "new": c.new} for c in diff.unit_changes
        ],
        "changes": [
            {
                "kind": c.kind,
                "unit": c.unit,
                "domain": c.domain,
                "identity": c.identity,
                "name": c.name,
                "old_identity": c.old_identity,
                "old_name": c.old_name,
                "anchor": c.anchor,
                "elements": [{"key": k, "label": LABELS[k], "old": a, "new": b} for k, a, b in c.elements],
            }
            for c in diff.changes
        ],
        "notes": diff.notes,
    }


def diff_from_dict(data: dict[str, Any]) -> CatalogDiff:
    return CatalogDiff(
        data["old"]["label"],
        data["new"]["label"],
        [
            ItemChange(
                c["kind"],
                c["unit"],
                c["domain"],
                c["identity"],
                c["name"],
                c["old_identity"],
                c["old_name"],
                tuple((e["key"], e["old"], e["new"]) for e in c["elements"]),
                c["anchor"],
            )
            for c in data["changes"]
        ],
        list(data["units_added"]),
        list(data["units_removed"]),
        [UnitChange(c["unit"], c["key"], c["old"], c["new"]) for c in data["unit_changes"]],
        list(data["notes"]),
        dict(data["unit_names"]),
        {},
        data["old"]["commit"],
        data["new"]["commit"],
    )


def to_json(diff: CatalogDiff) -> str:
    """For tools: the whole diff, labels included, keys in a fixed order."""
    data = diff_to_dict(diff)
    data["domain_names"] = {
        d: diff.domain_names[d] for d in sorted({c.domain for c in diff.changes}) if d in diff.domain_names
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


WRITERS = {"text": to_text, "json": to_json, "markdown": to_markdown}
"""`gongkai diff --format`, by the names in gongkai/formats.py."""
