"""Work spread over the cores in forked processes. A worker inherits what it needs as it is when the pool forks
(the project, the site, the templates): nothing is pickled on the way there, only results travel back."""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Callable, Iterator
from typing import TypeVar

T = TypeVar("T")


def workers() -> int:
    """Processes to use: the cores (up to 4), but one inside a threaded program (serve), where forking is unsafe."""
    return 1 if threading.active_count() > 1 else min(os.cpu_count() or 1, 4)


def forked_map(run: Callable[[int], T], count: int, processes: int, chunksize: int = 1) -> Iterator[T]:
    """run(0), run(1), … run(count - 1), in order; in `processes` forked workers when there are several and the
    platform can fork, else here."""
    if processes < 2 or count < 2 or "fork" not in multiprocessing.get_all_start_methods():
        yield from map(run, range(count))
        return
    global _RUN
    _RUN = run
    try:
        with multiprocessing.get_context("fork").Pool(min(processes, count)) as pool:
            yield from pool.imap(_call, range(count), chunksize=chunksize)
    finally:
        _RUN = None


_RUN: Callable | None = None  # what forked workers run: set just before the pool forks


def _call(index: int):
    return _RUN(index)
