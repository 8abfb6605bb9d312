"""`.gongkai-cache/`: results keyed by the digest of everything they depend on, so that a cached result is never
wrong, only sometimes missing. Safe to delete at any time.

Every key starts from the code's fingerprint (gongkai's version and its own source files), so a new version or
a changed module invalidates everything.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from functools import cache
from pathlib import Path
from typing import Any

from gongkai import __version__

FOLDER = ".gongkai-cache"


@cache
def code_fingerprint() -> str:
    """The version and the package's source files: what every cached result also depends on."""
    digest = hashlib.sha256(__version__.encode())
    package = Path(__file__).resolve().parent
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def digest(*parts: bytes | str) -> str:
    hasher = hashlib.sha256(code_fingerprint().encode())
    for part in parts:
        data = part.encode() if isinstance(part, str) else part
        hasher.update(len(data).to_bytes(8, "little"))
        hasher.update(data)
    return hasher.hexdigest()


class Cache:
    """Pickled values under `<root>/.gongkai-cache/<kind>/`, one file per key."""

    def __init__(self, root: Path):
        self.folder = root / FOLDER

    def _path(self, kind: str, key: str) -> Path:
        return self.folder / kind / key[:2] / key

    def get(self, kind: str, key: str) -> Any | None:
        try:
            return pickle.loads(self._path(kind, key).read_bytes())
        except Exception:  # missing, truncated or from another Python: a miss, never an error
            return None

    def put(self, kind: str, key: str, value: Any) -> None:
        self.store(kind, key, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))

    def store(self, kind: str, key: str, pickled: bytes) -> None:
        """`put` of a value pickled already."""
        path = self._path(kind, key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(dir=path.parent, delete=False) as handle:
                handle.write(pickled)
            os.replace(handle.name, path)  # readers see the whole file or none
        except OSError:
            pass  # a read-only checkout still works, only slower
