"""Where things are: the county's root, and how paths are shown. Kept free of heavy imports: the CLI loads it
before it knows which command runs."""

from __future__ import annotations

import os
from pathlib import Path

CONFIG_FILE = "gongkai.toml"


def find_root(start: Path) -> Path:
    """The nearest folder at or above `start` holding gongkai.toml (of any kind: reading it says what is wrong
    with one that is not a file); else `start` itself."""
    start = start.resolve()
    for folder in (start, *start.parents):
        config = folder / CONFIG_FILE
        if config.exists() or config.is_symlink():
            return folder
    return start


def display_path(path: Path) -> str:
    """Relative to the working folder when inside it (what editors and CI annotations expect)."""
    try:
        relative = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)
    return str(path) if relative.startswith("..") else Path(relative).as_posix()


def relative_to_root(path: Path, root: Path) -> str:
    """Relative to the county's root when inside it (what a published page shows)."""
    try:  # abspath, not resolve: a catalog may be a (broken, looping) symlink, and it is shown as named
        return Path(os.path.abspath(path)).relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()
