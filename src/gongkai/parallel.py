"""Work spread over the cores in forked processes. A worker inherits what it needs as it is when the pool forks
(the project, the site, the templates): nothing is pickled on the way there, only results travel back."""

from __future__ import annotations

import gc
import multiprocessing
import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

from gongkai.errors import GongkaiError

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
        with frozen(), multiprocessing.get_context("fork").Pool(min(processes, count)) as pool:
            yield from pool.imap(_call, range(count), chunksize=chunksize)
    finally:
        _RUN = None


@contextmanager
def frozen() -> Iterator[None]:
    """The objects made so far out of the garbage collector's reach (gc.freeze) until the block ends: its passes
    no longer walk a loaded county (millions of objects, no cycles among them), and a forked worker's passes no
    longer write to every page it shares with its parent, which would copy them all. Nested blocks leave the
    freezing to the outermost."""
    if gc.get_freeze_count():
        yield
        return
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


@contextmanager
def collector_paused() -> Iterator[None]:
    """The cyclic garbage collector off while the block makes many objects and no cycles (parsing and validating
    catalogs: with it on, its passes over the growing tree took half of validation's time). Reference counting
    still frees everything that is let go."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def in_child(work: Callable[[], T]) -> T:
    """work() in a forked child process, its result (or exception) pickled back: whatever memory the work took
    goes with the child."""
    (value,) = alongside(None, [work])
    return value


def alongside(here: Callable[[], T] | None, there: list[Callable[[], T]]) -> list[T]:
    """here() in this process while each of `there` runs in a forked child of its own; their results (or
    exceptions) are pickled back. Returns [here(), *there's results] (without here's when it is None)."""
    with frozen():
        return _alongside(here, there)


def _alongside(here: Callable[[], T] | None, there: list[Callable[[], T]]) -> list[T]:
    context = multiprocessing.get_context("fork")
    children = []
    for work in there:
        reader, writer = context.Pipe(duplex=False)
        child = context.Process(target=_child, args=(work, writer))
        child.start()
        writer.close()
        children.append((child, reader))
    results = [] if here is None else [here()]
    for child, reader in children:
        try:
            ok, value = reader.recv()
        except EOFError:
            child.join()
            raise GongkaiError(f"子进程意外退出（退出码 {child.exitcode}），可能是内存不足 (child died)") from None
        finally:
            reader.close()
        child.join()
        if not ok:
            raise value
        results.append(value)
    return results


def _child(work: Callable, writer) -> None:
    try:
        answer = (True, work())
    except BaseException as exc:  # whatever it was, the parent raises it
        answer = (False, exc)
    try:
        writer.send(answer)
    except Exception as exc:  # an answer that does not pickle
        writer.send((False, GongkaiError(f"{type(answer[1]).__name__}: {answer[1]} ({exc})")))
    writer.close()


def can_fork() -> bool:
    """Forking is safe: the platform has it and this is not a threaded program (serve)."""
    return "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1


_RUN: Callable | None = None  # what forked workers run: set just before the pool forks


def _call(index: int):
    if _RUN is None:
        raise RuntimeError("a worker started outside forked_map")
    return _RUN(index)
