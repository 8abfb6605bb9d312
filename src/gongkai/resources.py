"""Where the packaged defaults live: the pilot domains, the default templates, the JSON Schemas.

In a wheel they are copied into `gongkai/_data/`; in a source checkout they are the repository's own top-level
folders, which stay the single source of truth.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def packaged(name: str) -> Path:
    """The packaged folder `name` (`domains`, `templates`, `schemas`)."""
    installed = _PACKAGE / "_data" / name
    if installed.is_dir():
        return installed
    return _PACKAGE.parents[1] / name
