"""What the commands print with, and how a library error becomes one message and its exit code."""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import typer
from rich.console import Console
from rich.markup import escape

from gongkai.errors import GongkaiError, UsageError
from gongkai.paths import display_path
from gongkai.progress import Progress

console = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)


@contextmanager
def reported() -> Iterator[None]:
    """Library errors become one clear message and their exit code, never a traceback."""
    try:
        yield
    except GongkaiError as exc:
        err.print(f"[red]错误：[/]{escape(exc.message)}")
        for line in exc.details:
            err.print(f"  {escape(line)}")
        raise typer.Exit(exc.exit_code) from None


def write_output(data: bytes, out_file: Path | None, announce: bool = True) -> None:
    """`data` to `out_file`, or to stdout without one; a file that cannot be written is a clear error."""
    if out_file is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    try:
        out_file.write_bytes(data)
    except OSError as exc:
        raise UsageError(f"{display_path(out_file)}: 无法写入：{exc.strerror or exc} (cannot write the file)") from None
    if announce:
        console.print(f"写入 {escape(display_path(out_file))}")


def split_codes(values: list[str] | None) -> list[str] | None:
    """Options given repeated or comma-separated (--select GK2,GK3 --select GK401), as one list."""
    return [c for v in values for c in v.split(",")] if values else None


@contextmanager
def progress_shown(progress: Progress | None = None) -> Iterator[None]:
    """On a terminal, below the stage lines while work runs and gone after: a bar with its count for each long
    stage `progress` counts (pages and downloads, the search index), before them a spinner and the seconds so
    far. Elsewhere (CI logs, pipes) nothing: the stage lines say enough there."""
    if not err.is_terminal:
        yield
        return
    from rich.progress import BarColumn, MofNCompleteColumn, SpinnerColumn, TaskID, TextColumn, TimeElapsedColumn
    from rich.progress import Progress as Bars

    columns = (SpinnerColumn(), TextColumn("[dim]{task.description}"), BarColumn(), MofNCompleteColumn())
    with Bars(*columns, TimeElapsedColumn(), console=err, transient=True) as bars:
        working = bars.add_task("进行中 (working)", total=None)
        stages: dict[str, TaskID] = {}
        stop = threading.Event()

        def follow() -> None:  # the counts may come from a forked child: read them, a few times a second
            while not stop.wait(0.1) and progress is not None:
                for stage in progress.counted():
                    if stage.label not in stages:
                        bars.update(working, visible=False)
                        stages[stage.label] = bars.add_task(stage.label, total=stage.total)
                    bars.update(stages[stage.label], completed=stage.done, total=stage.total)

        follower = threading.Thread(target=follow, daemon=True)
        follower.start()
        try:
            yield
        finally:
            stop.set()
            follower.join()
