"""How far the long stages of a build are (pages rendered, items indexed), for a progress bar on a terminal.

The counts live in memory shared with forked processes: the rendering runs in a child process when the build
has a search index (see build.before_search), and the parent draws the bars from what the child counted."""

from __future__ import annotations

import multiprocessing
from dataclasses import dataclass

STAGES = ("生成页面和下载文件 (pages and downloads, by unit and domain)", "建立搜索索引 (search index, by page)")
PAGES, SEARCH = range(len(STAGES))


@dataclass(frozen=True)
class StageCount:
    label: str
    done: int
    total: int


class Progress:
    """Per stage, work done of the total; `counted()` reads them from any process."""

    def __init__(self) -> None:
        self._counts = multiprocessing.RawArray("q", 2 * len(STAGES))

    def count(self, stage: int, done: int, total: int) -> None:
        self._counts[2 * stage], self._counts[2 * stage + 1] = done, total

    def counted(self) -> list[StageCount]:
        """The stages begun so far, in order."""
        counts = self._counts[:]
        return [
            StageCount(label, counts[2 * n], counts[2 * n + 1]) for n, label in enumerate(STAGES) if counts[2 * n + 1]
        ]
