"""Change history of the catalogs, read from git: item-by-item diffs between two revisions (`gongkai diff`)
and the dated 更新记录 of the site (`gongkai build --history`); its Atom feed is gongkai/render/feed.py.

Items are compared by identity (unit + domain + `id` or name) on the model's normalised values, so that
依申请公开 → 依申请 is no change. An item that disappeared while another appeared in the same unit and domain is
a rename when their content, basis, deadline and owner are alike (see `rename_score`). Blobs are read through one
`git cat-file --batch` process; each commit's changes are kept in the cache.
"""

from gongkai.history.changes import COMPARED, LABELS, CatalogDiff, HistoryEntry, ItemChange, UnitChange
from gongkai.history.compare import compare, diff_catalogs, rename_score
from gongkai.history.formats import WRITERS, summary, to_json, to_markdown, to_text
from gongkai.history.git import GitUnavailable, diff_revisions, run_git
from gongkai.history.replay import COMMIT_DIFF, STATE, history, last_changed, unit_history
from gongkai.history.snapshots import Snapshots, UnitSnapshot, snapshot_data, snapshot_text

__all__ = [
    "COMMIT_DIFF",
    "COMPARED",
    "LABELS",
    "STATE",
    "WRITERS",
    "CatalogDiff",
    "GitUnavailable",
    "HistoryEntry",
    "ItemChange",
    "Snapshots",
    "UnitChange",
    "UnitSnapshot",
    "compare",
    "diff_catalogs",
    "diff_revisions",
    "history",
    "last_changed",
    "rename_score",
    "run_git",
    "snapshot_data",
    "snapshot_text",
    "summary",
    "to_json",
    "to_markdown",
    "to_text",
    "unit_history",
]
