"""Atomic output: the site is written into a staging folder next to the output folder and swapped in only when
every file is there, so a failed or interrupted build leaves the previous site as it was."""

from __future__ import annotations

import ctypes
import errno
import os
import shutil
import sys
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

    def carry(self, folders: tuple[str, ...]) -> None:
        """Take `folders` over from the site in `out` as they are (hard links where the disk allows)."""
        for folder in folders:
            if (self.out / folder).is_dir() and not (self.out / folder).is_symlink():
                shutil.copytree(self.out / folder, self.path / folder, copy_function=_link, dirs_exist_ok=True)


def _link(source: str, target: str) -> None:
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


SITE_MARKS = ("index.html", "static/gongkai.css")
"""Files every site gongkai builds holds: a folder with both is a site it may replace."""
SOURCE_FOLDERS = ("catalogs", "domains", "templates", ".git")


def check_output(out: Path, root: Path) -> None:
    """Refuse an output folder whose replacement would delete someone's files: the project itself (or a folder
    above it), a source folder of the project, or a folder with files that is not a site gongkai built."""
    out, root = out.resolve(), root.resolve()
    if root.is_relative_to(out):
        raise GongkaiError(f"{out}: 输出文件夹不能是项目文件夹或它的上级，生成网站会替换整个文件夹 "
                           "(the output folder would replace the project)")  # fmt: skip
    for source in SOURCE_FOLDERS:
        if out.is_relative_to((root / source).resolve()):
            raise GongkaiError(f"{out}: 输出文件夹不能放在项目的 {source}/ 里 (output inside a source folder)")
    if out.is_dir() and any(out.iterdir()) and not all((out / mark).is_file() for mark in SITE_MARKS):
        raise GongkaiError(
            f"{out}: 文件夹里已有文件，但不是 gongkai 生成的网站；生成网站会替换整个文件夹，为免删除这些文件，"
            "请换一个输出文件夹或先把它清空 (the output folder holds files that are not a gongkai site)"
        )


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
    if out.exists() and exchange(staging.path, out):
        shutil.rmtree(staging.path, ignore_errors=True)  # the previous site, now under the staging name
        return
    old = _old(out)  # elsewhere: two renames, and recover() mends a build killed between them
    if out.exists():
        out.rename(old)
    staging.path.rename(out)
    shutil.rmtree(old, ignore_errors=True)


_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def exchange(a: Path, b: Path) -> bool:
    """Swap two folders in one step, so that `b` never stops existing: Linux's renameat2 with RENAME_EXCHANGE.
    False where the system or the file system cannot (the caller then renames twice)."""
    if not sys.platform.startswith("linux"):
        return False
    renameat2 = getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None)
    if renameat2 is None:  # a C library older than glibc 2.28
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    done = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0
    if not done and ctypes.get_errno() not in (errno.EINVAL, errno.ENOSYS, errno.EXDEV, errno.EPERM):
        raise OSError(ctypes.get_errno(), os.strerror(ctypes.get_errno()), str(b))
    return done
