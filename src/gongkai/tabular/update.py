"""`gongkai import --update`: a table merged into the unit's existing catalog, changing only what the table says.

Items are matched by domain, name and 一级事项 (or by name alone, when one item of the domain has it). A matched
item takes the elements the table has columns for, and only where they differ: the others (stage, reviewed,
withheld, id, comments, and every element the table has no column for) stay as they are, in their order. New
items are added at the end of their domain; items the table does not have are reported and kept, unless asked.
The file is written in canonical form, as `gongkai fmt` writes it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError

from gongkai.errors import UsageError
from gongkai.fmt import canonical, canonical_dump, canonical_yaml, normalise_catalog
from gongkai.load import decode, load
from gongkai.model.catalog import trim
from gongkai.paths import display_path
from gongkai.tabular.importer import ITEM_KEYS, ImportResult
from gongkai.tabular.layout import COLUMN_BY_KEY

UNORDERED = ("method", "audience", "level")  # ticked in columns: the table cannot say their order


@dataclass
class Change:
    domain: str
    item: str
    what: str  # "changed", "added", "missing" (kept) or "removed"
    element: str = ""
    old: Any = None
    new: Any = None

    def line(self, domain_names: dict[str, str]) -> str:
        """One line of the readable diff."""
        where = f"{domain_names.get(self.domain, self.domain)} › {self.item}"
        if self.what == "added":
            return f"+ {where}（新增 added）"
        if self.what == "removed":
            return f"- {where}（表中没有，已删除 removed）"
        if self.what == "missing":
            return f"? {where}（表中没有，保留；--remove-missing 删除 not in the table, kept）"
        label = COLUMN_BY_KEY[self.element].label if self.element in COLUMN_BY_KEY else self.element
        return f"~ {where}：{label}「{_shown(self.old)}」→「{_shown(self.new)}」"


@dataclass
class Merged:
    text: str
    changes: list[Change]

    @property
    def changed(self) -> bool:
        return any(change.what != "missing" for change in self.changes)


def merge(path: Path, result: ImportResult, *, remove_missing: bool = False) -> Merged:
    """The catalog at `path` with the imported items merged in (nothing is written here)."""
    data = _read(path)
    domains = data.get("domains")
    if domains is None:
        domains = data["domains"] = CommentedMap()
    if not isinstance(domains, dict):
        raise UsageError(f"{display_path(path)}: domains 不是映射，无法更新 (domains is not a mapping)")
    changes: list[Change] = []
    for domain, items in result.catalog["domains"].items():
        existing = domains.get(domain)
        if existing is None:
            existing = domains[domain] = CommentedSeq()
        if not isinstance(existing, list):
            raise UsageError(f"{display_path(path)}: 领域 {domain} 不是列表，无法更新 (domain is not a list)")
        changes += _merge_domain(domain, existing, items, result.covered.get(domain, set()), remove_missing)
    text = canonical(canonical_dump(data, canonical_yaml()))
    return Merged(text, changes)


def _read(path: Path) -> CommentedMap:
    shown = display_path(path)
    source = load(path)
    refused = [i for i in source.issues if i.kind in ("unreadable", "syntax", "duplicate-key")]
    if refused:
        raise UsageError(f"{shown}:{refused[0].position}: {refused[0].message}；无法更新 (cannot update)")
    try:
        text, _ = decode(path.read_bytes())
        data = canonical_yaml().load(text)
    except (OSError, YAMLError, ValueError) as exc:
        raise UsageError(f"{shown}: 无法安全改写，文件未改动 (cannot rewrite safely: {exc})") from None
    if not isinstance(data, CommentedMap):
        raise UsageError(f"{shown}: 不是目录文件，无法更新 (not a catalog)")
    normalise_catalog(data)  # so that 依申请公开 in the file and 依申请 from the table are one value
    return data


def _merge_domain(domain: str, existing: list, items: list[dict], covered: set[str], remove: bool) -> list[Change]:
    changes: list[Change] = []
    unmatched = [old for old in existing if isinstance(old, dict)]
    for new in items:
        name = new.get("name") or "（无名称）"
        old = _match(unmatched, new)
        if old is None:
            existing.append(CommentedMap((k, v) for k, v in new.items() if v is not None or k in covered))
            changes.append(Change(domain, name, "added"))
            continue
        unmatched.remove(old)
        for key in ITEM_KEYS:
            if key not in covered or key == "name" or _same(old.get(key), new.get(key), key):
                continue
            changes.append(Change(domain, name, "changed", key, old.get(key), new.get(key)))
            old[key] = new.get(key)
    for old in unmatched:
        changes.append(Change(domain, str(old.get("name") or "（无名称）"), "removed" if remove else "missing"))
        if remove:
            existing.remove(old)
    return changes


def _match(candidates: list[dict], new: dict) -> dict | None:
    """The existing item a row is: same name and 一级事项, else the only one of that name."""
    name, category = _text(new.get("name")), _text(new.get("category"))
    named = [old for old in candidates if _text(old.get("name")) == name]
    exact = [old for old in named if _text(old.get("category")) == category]
    if exact:
        return exact[0]
    return named[0] if len(named) == 1 else None


def _text(value: Any) -> str:
    return trim(str(value)) if value is not None else ""


def _values(value: Any) -> list[str]:
    if value is None or value == "":
        return []
    return [_text(v) for v in value] if isinstance(value, list) else [_text(value)]


def _same(old: Any, new: Any, key: str) -> bool:
    a, b = _values(old), _values(new)
    return sorted(a) == sorted(b) if key in UNORDERED else a == b


def _shown(value: Any) -> str:
    text = "、".join(_values(value)) or "（空）"
    return text if len(text) <= 60 else text[:59] + "…"
