"""Atomic output: the site is written into a staging folder next to the output folder and swapped in only when
every file is there, so a failed or interrupted build leaves the previous site as it was."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from gongkai.errors import GongkaiError


class Staging:
    def __init__(self, out: Path):
        self.out = out
        self.path = out.parent / f".{out.name}.staging-{os.getpid()}"
        self.files = 0
        self.bytes = 0

    def write(self, relative: str, data: bytes) -> None:
        target = (self.path / relative).resolve()
        if not target.is_relative_to(self.path.resolve()):
            raise GongkaiError(f"拒绝写到输出文件夹之外：{relative} (path escapes the output folder)")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        self.files += 1
        self.bytes += len(data)


def _old(out: Path) -> Path:
    return out.parent / f".{out.name}.old"


def recover(out: Path) -> None:
    """Finish what an interrupted swap left: bring the old site back, drop stale staging folders."""
    out = out.resolve()
    old = _old(out)
    if old.is_dir() and not out.exists():
        old.rename(out)
    elif old.is_dir():
        shutil.rmtree(old)
    for stale in out.parent.glob(f".{out.name}.staging-*"):
        shutil.rmtree(stale, ignore_errors=True)


@contextmanager
def staged(out: Path) -> Iterator[Staging]:
    """Yield a staging folder; on success swap it in place of `out`, on any error (or Ctrl-C) remove it."""
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    if out.exists() and not out.is_dir():
        raise GongkaiError(f"{out}: 输出路径已存在且不是文件夹 (output path is not a folder)")
    recover(out)
    staging = Staging(out)
    staging.path.mkdir()
    try:
        yield staging
    except BaseException:
        shutil.rmtree(staging.path, ignore_errors=True)
        raise
    old = _old(out)
    if out.exists():
        out.rename(old)
    staging.path.rename(out)
    shutil.rmtree(old, ignore_errors=True)
