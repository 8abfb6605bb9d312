"""The dated 更新记录: every commit that changed a catalog replayed in order, each commit's changes and the last
state kept in the cache."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from gongkai.cache import Cache, Kind, digest
from gongkai.history.changes import COMPARED, CatalogDiff, HistoryEntry
from gongkai.history.compare import Builder
from gongkai.history.formats import diff_from_dict, diff_to_dict
from gongkai.history.git import Commit, FileChange, GitUnavailable, Repo, domain_names, state_at
from gongkai.history.snapshots import Snapshots, UnitSnapshot
from gongkai.model.addresses import anchor


def _snapshot_to_dict(snapshot: UnitSnapshot) -> dict[str, Any]:
    items = [[domain, identity, list(elements)] for (domain, identity), elements in snapshot.items.items()]
    return {"name": snapshot.name, "fields": dict(snapshot.fields), "items": items}


def _snapshot_from_dict(data: dict[str, Any]) -> UnitSnapshot:
    items = {(domain, identity): tuple(elements) for domain, identity, elements in data["items"]}
    if any(len(elements) != len(COMPARED) for elements in items.values()):
        raise ValueError("elements")
    return UnitSnapshot(str(data["name"]), items, dict(data["fields"]))


def _carry(last: UnitSnapshot | None, new: UnitSnapshot) -> UnitSnapshot | None:
    """A unit's state for the history: what is unknown at this commit keeps its last known value, so that a
    commit that breaks a file and the one that mends it show only what really changed."""
    if not new.readable:
        return last
    if new.exact:
        return new
    items = dict(new.items)
    if last is not None:
        for key, elements in last.items.items():
            if key not in items and new.unknown(key):
                items[key] = elements
    return replace(new, items=items, unknown_items=frozenset(), unknown_domains=frozenset())


class _History:
    """Each commit's diff, from the cache where it can, else by replaying the commits on a state (unit slug →
    snapshot) read from the tree before them."""

    def __init__(self, repo: Repo, cache: Cache | None, log: Callable[[str], None]):
        self.repo = repo
        self.cache = cache
        self.log = log
        self.snapshots = Snapshots()
        self.boundary = repo.shallow_commits()
        self.state: dict[str, UnitSnapshot] = {}
        self.exact = True  # the state is known exactly, so the diffs computed from it may be cached

    def read_cached(self, commit: str) -> CatalogDiff | None:
        return self.cache.get(COMMIT_DIFF, digest("commit", commit)) if self.cache is not None else None

    def write_cached(self, commit: str, diff: CatalogDiff) -> None:
        if self.exact and self.cache is not None:
            self.cache.put(COMMIT_DIFF, digest("commit", commit), diff)

    def diffs(self, commits: list[Commit]) -> dict[str, CatalogDiff | None]:
        """Commit → its diff (None for a shallow clone's boundary). `commits` oldest first."""
        found = {c.sha: self.read_cached(c.sha) for c in commits}
        pending = [n for n, c in enumerate(commits) if found[c.sha] is None]
        if not pending:
            return found
        self.log(f"更新记录：分析 {len(pending)} 个提交（共 {len(commits)} 个）")
        changes = self.repo.file_changes([commits[n] for n in pending if commits[n].sha not in self.boundary])
        last = -2
        for n in pending:
            if n != last + 1 and not self.start(commits, n):
                return self.replay(commits, changes)
            last = n
            found[commits[n].sha] = self.step(commits[n], changes)
        if last == len(commits) - 1:
            self.write_state(commits[-1].sha)
        return found

    def replay(self, commits: list[Commit], changes: dict[str, list[FileChange]]) -> dict[str, CatalogDiff | None]:
        """Every commit again from the first: when a cached run ends on a catalog that was not fully known."""
        missing = [c for c in commits if c.sha not in changes and c.sha not in self.boundary]
        changes = {**changes, **self.repo.file_changes(missing)} if missing else changes
        self.start(commits, 0)
        found = {c.sha: self.step(c, changes) for c in commits}
        self.write_state(commits[-1].sha)
        return found

    def start(self, commits: list[Commit], n: int) -> bool:
        """Set the state before commits[n]. False when its parent's tree has a catalog that is not fully known
        and earlier commits exist: only a replay from the first commit knows what that catalog held."""
        commit = commits[n]
        if commit.parent is None:
            self.state, self.exact = {}, True
            return True
        saved = self.read_state(commit.parent)
        if saved is not None:
            self.state, self.exact = saved, True
            return True
        return self.load_tree(commit.parent, first=n == 0)

    def read_state(self, commit: str) -> dict[str, UnitSnapshot] | None:
        """The state after `commit` as the last run left it, so that a new commit on top does not need every
        catalog parsed again."""
        saved = self.cache.get(STATE, digest("state")) if self.cache is not None else None
        return saved[1] if saved is not None and saved[0] == commit else None

    def write_state(self, commit: str) -> None:
        if self.exact and self.cache is not None:
            self.cache.put(STATE, digest("state"), (commit, self.state))

    def load_tree(self, commit: str, first: bool) -> bool:
        state = state_at(self.repo, commit, self.snapshots)
        if all(s.exact for s in state.values()):
            self.state, self.exact = state, True
            return True
        if not first:
            return False
        carried = ((slug, _carry(None, s)) for slug, s in state.items())
        self.state, self.exact = {slug: s for slug, s in carried if s is not None}, False
        return True

    def step(self, commit: Commit, changes: dict[str, list[FileChange]]) -> CatalogDiff | None:
        if commit.sha in self.boundary:
            self.load_tree(commit.sha, first=True)
            return None
        diff = self.advance(commit, changes.get(commit.sha, []))
        self.write_cached(commit.sha, diff)
        return diff

    def advance(self, commit: Commit, files: list[FileChange]) -> CatalogDiff:
        """Apply one commit's file changes to the state and say what changed."""
        state = self.state
        builder = Builder(commit.parent[:7] if commit.parent else "∅", commit.sha[:7])
        for change in sorted(files, key=lambda f: f.slug):
            last = state.get(change.slug)
            now = None
            if change.new is not None:
                snapshot = self.snapshots.of_blob(change.new, self.repo.blob)
                now = _carry(last, snapshot)
                if not snapshot.readable:
                    builder.diff.notes.append(f"「{change.slug}」在 {commit.sha[:7]} 无法读取：{snapshot.problem}")
            builder.unit(change.slug, last, now)
            if now is None:
                state.pop(change.slug, None)
            else:
                state[change.slug] = now
        diff = builder.finish()
        diff.old_commit, diff.new_commit = commit.parent, commit.sha
        return diff


def history(
    root: Path, cache: Cache | None = None, limit: int | None = None, log: Callable[[str], None] = lambda _: None
) -> list[HistoryEntry]:
    """The commits that changed the published catalogs, newest first, following the first parent (the main
    line, merges as one step). [] without git or outside a repository. `cache` keeps each commit's changes.
    `limit`: only the newest commits (last_changed then only knows those). Each change's anchor is the item's
    permalink as it is at HEAD (following later renames), None when the item is gone. In a shallow
    clone the oldest fetched commit has no entry (its parent is missing), and `log` says so."""
    try:
        repo = Repo(root.resolve())
    except GitUnavailable as exc:
        log(f"没有更新记录：{exc.message}")
        return []
    with repo:
        commits = repo.commits(limit)
        if not commits:
            return []
        commits.reverse()
        diffs = _History(repo, cache, log).diffs(commits)
    if any(diff is None for diff in diffs.values()):
        log("更新记录：这是浅克隆（shallow clone），只含已取回的提交；CI 中请设 fetch-depth: 0")
    names = domain_names(root)
    entries = []
    for commit in reversed(commits):
        diff = diffs[commit.sha]
        if diff is not None and diff.changed:
            diff.domain_names = names
            entries.append(HistoryEntry(commit.sha, commit.date, commit.message, diff))
    return _link_to_now(entries)


def _link_to_now(entries: list[HistoryEntry]) -> list[HistoryEntry]:
    """Point every change at the item as it is now: follow later renames; no link when the identity is gone."""
    current: set[tuple[str, str, str]] = set()
    for entry in reversed(entries):
        for change in entry.changes:
            key = (change.unit, change.domain, change.identity)
            if change.kind == "removed":
                current.discard(key)
            else:
                if change.old_identity is not None:
                    current.discard((change.unit, change.domain, change.old_identity))
                current.add(key)
    fate: dict[tuple[str, str, str], tuple[str, str, str] | None] = {}

    def now(key: tuple[str, str, str]) -> tuple[str, str, str] | None:
        return fate.get(key, key if key in current else None)

    linked = []
    for entry in entries:  # newest first: `fate` maps a key after this entry to the key it has now
        changes = []
        for change in entry.changes:
            target = None if change.kind == "removed" else now((change.unit, change.domain, change.identity))
            changes.append(replace(change, anchor=anchor(target[1], target[2]) if target else None))
        for change in entry.changes:
            if change.old_identity is not None and change.old_identity != change.identity:
                fate[(change.unit, change.domain, change.old_identity)] = now(
                    (change.unit, change.domain, change.identity)
                )
        linked.append(replace(entry, diff=replace(entry.diff, changes=changes)))
    return linked


def unit_history(entries: list[HistoryEntry], slug: str) -> list[HistoryEntry]:
    """The entries that changed one unit, each restricted to it: the unit's own 更新记录."""
    out = []
    for entry in entries:
        diff = entry.diff.for_unit(slug)
        if diff.changed:
            out.append(replace(entry, diff=diff))
    return out


def last_changed(entries: list[HistoryEntry]) -> dict[tuple[str, str, str], dt.date]:
    """(unit, domain, identity) → the day (China Standard Time) the item was added, renamed or its elements last
    changed, for the items that exist after the newest entry."""
    dates: dict[tuple[str, str, str], dt.date] = {}
    for entry in reversed(entries):
        for change in entry.changes:
            key = (change.unit, change.domain, change.identity)
            if change.kind == "removed":
                dates.pop(key, None)
                continue
            if change.old_identity is not None:
                dates.pop((change.unit, change.domain, change.old_identity), None)
            dates[key] = entry.day
    return dates


def _state_data(state: tuple[str, dict[str, UnitSnapshot]]) -> dict[str, Any]:
    commit, units = state
    return {"commit": commit, "units": {slug: _snapshot_to_dict(s) for slug, s in sorted(units.items())}}


def _state(data: dict[str, Any]) -> tuple[str, dict[str, UnitSnapshot]]:
    return str(data["commit"]), {str(slug): _snapshot_from_dict(unit) for slug, unit in data["units"].items()}


COMMIT_DIFF = Kind("history", diff_to_dict, diff_from_dict)
"""A commit's changes, by its hash and the fingerprint of the code that compared them."""
STATE = Kind("history-state", _state_data, _state)
"""The state (unit → snapshot) after the last commit of the last run."""
