"""The cache (`.gongkai-cache/`): results keyed by the digest of everything they depend on, so that a cached
result is never wrong, only sometimes missing. Safe to delete at any time (`gongkai cache clean`).

The cache is data, never code (docs/security.md). An entry is msgpack data, which holds only numbers, text,
bytes, lists, maps and dates, behind an HMAC-SHA256 tag made with a secret key that lives outside the repository
(`secret_key`). A file someone else put there (a pull request that adds the folder, a CI cache restored from
another branch) has no valid tag and is a miss. An entry with a valid tag is still decoded by its `Kind`, which
checks its shape, and an entry that does not fit is a miss too. The folder is bounded: every use touches an
entry, and `trim` removes the least recently used ones above the size limit.

Every key starts from the code's fingerprint (gongkai's version and its own source files), so a new version or
a changed module invalidates everything.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import hmac
import os
import secrets
import shutil
import stat
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Generic, TypeVar

import msgpack

from gongkai import __version__

FOLDER = ".gongkai-cache"
MAGIC = b"GKC1"
TAG_BYTES = 32
KEY_ENV = "GONGKAI_CACHE_KEY"
"""A secret for the entries' tags: set it in CI from a protected variable to reuse a restored cache safely."""
KEY_FILE = "cache-key"
DEFAULT_LIMIT_MB = 1024  # a 10,000-item county keeps about 210 MB, a 100,000-item one about 540 MB
STALE_TEMP_SECONDS = 3600
_DATE = 1  # msgpack extension type of a date

T = TypeVar("T")


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


def pack(value: Any) -> bytes:
    """msgpack of plain data (dates as an extension); anything else is a TypeError."""
    return msgpack.packb(value, default=_date_to_data, use_bin_type=True, datetime=False)


def unpack(data: bytes, *, tuples: bool = False) -> Any:
    """The data of `pack`. Only numbers, text, bytes, lists (tuples with `tuples`), maps and dates come out."""
    return msgpack.unpackb(data, ext_hook=_data_to_date, raw=False, use_list=not tuples, strict_map_key=False)


def _date_to_data(value: Any) -> Any:
    if type(value) is dt.date:
        return msgpack.ExtType(_DATE, value.isoformat().encode())
    raise TypeError(f"not cache data: {type(value).__name__}")


def _data_to_date(code: int, data: bytes) -> dt.date:
    if code != _DATE:
        raise ValueError(f"unknown extension {code}")
    return dt.date.fromisoformat(data.decode("ascii"))


@dataclass(frozen=True)
class Kind(Generic[T]):
    """One kind of entry: the folder it is kept in, and how its values become data and back. `decode` raises
    (anything) when the data does not have the shape `encode` gives: the entry is then a miss."""

    name: str
    encode: Callable[[T], Any]
    decode: Callable[[Any], T]


def of_type(value_type: type) -> Callable[[Any], Any]:
    """A `decode` that checks the data is a `value_type` (no conversion)."""

    def decode(data: Any) -> Any:
        if type(data) is not value_type:
            raise TypeError(f"expected {value_type.__name__}")
        return data

    return decode


BYTES: Callable[[Any], bytes] = of_type(bytes)
TEXT: Callable[[Any], str] = of_type(str)


def _identity(value: T) -> T:
    return value


def plain(name: str, decode: Callable[[Any], T]) -> Kind[T]:
    """A kind whose values are data already."""
    return Kind(name, _identity, decode)


def config_folder() -> Path:
    """Where gongkai keeps per-user settings: %APPDATA%\\gongkai, else $XDG_CONFIG_HOME/gongkai or ~/.config."""
    if sys.platform == "win32" and os.environ.get("APPDATA"):
        return Path(os.environ["APPDATA"]) / "gongkai"
    base = os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config"
    return Path(base) / "gongkai"


@dataclass(frozen=True)
class SecretKey:
    key: bytes
    source: str  # where it came from, for `gongkai cache info`


@cache
def secret_key() -> SecretKey:
    """The key of the entries' tags: GONGKAI_CACHE_KEY, else a random key in the user's config folder (made
    on first use, readable by the user only). Nothing in a repository can supply it. Where neither works, a key
    for this process only: the cache then serves one command, which is still correct."""
    if os.environ.get(KEY_ENV):
        return SecretKey(hashlib.sha256(os.environ[KEY_ENV].encode()).digest(), f"${KEY_ENV}")
    path = config_folder() / KEY_FILE
    try:
        return SecretKey(_read_or_make_key(path), str(path))
    except OSError:
        return SecretKey(secrets.token_bytes(32), "（仅本次运行 this run only）")


def _read_or_make_key(path: Path) -> bytes:
    try:
        key = path.read_bytes()
        if len(key) == 32:
            return key
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    with tempfile.NamedTemporaryFile(dir=path.parent, delete=False) as handle:
        handle.write(secrets.token_bytes(32))
    os.chmod(handle.name, 0o600)
    try:
        os.link(handle.name, path)  # whoever links first wins; every process then reads the same key
    except FileExistsError:
        if len(path.read_bytes()) != 32:  # a broken key file: ours replaces it
            os.replace(handle.name, path)
    finally:
        Path(handle.name).unlink(missing_ok=True)
    return path.read_bytes()


@dataclass
class KindInfo:
    entries: int = 0
    bytes: int = 0


@dataclass
class CacheInfo:
    folder: Path
    limit: int
    key_source: str
    kinds: dict[str, KindInfo]

    @property
    def bytes(self) -> int:
        return sum(k.bytes for k in self.kinds.values())

    @property
    def entries(self) -> int:
        return sum(k.entries for k in self.kinds.values())


class Cache:
    """Tagged msgpack entries under `<folder>/<kind>/<key[:2]>/<key>`, at most `limit` bytes after `trim`."""

    def __init__(self, folder: Path, limit: int = DEFAULT_LIMIT_MB << 20):
        self.folder = folder
        self.limit = limit
        self.written = 0  # bytes this process wrote: `trim` has work only then
        # A cache folder that is a link could point anywhere (a repository can hold one): then no cache at all,
        # so that nothing is written or removed outside it.
        self.usable = not folder.is_symlink() and (folder.is_dir() or not folder.exists())
        self._real = folder.resolve() if self.usable else None

    @classmethod
    def of_project(cls, root: Path, settings: Any = None) -> Cache:
        """The cache of the county at `root`, placed and bounded by its `[cache]` settings."""
        folder = Path(settings.folder) if settings is not None and settings.folder else Path(FOLDER)
        limit = (settings.max_size_mb if settings is not None else DEFAULT_LIMIT_MB) << 20
        return cls(folder if folder.is_absolute() else root / folder, limit)

    def _path(self, kind: Kind, key: str) -> Path:
        return self.folder / kind.name / key[:2] / key

    def get(self, kind: Kind[T], key: str) -> T | None:
        """The value kept under `key`, or None: missing, unreadable, written by someone else, of another shape."""
        if not self.usable:
            return None
        path = self._path(kind, key)
        try:  # not through a link, and never a FIFO (it would block) or a device (it would never end)
            descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
            with os.fdopen(descriptor, "rb") as handle:
                if not stat.S_ISREG(os.fstat(descriptor).st_mode):
                    return None
                entry = handle.read(self.limit + 1)
        except (OSError, ValueError):  # ValueError: a key that is no file name
            return None
        payload = _verified(entry, kind.name, key)
        if payload is None:
            return None
        try:
            value = kind.decode(unpack(payload))
        except Exception:  # any data of the wrong shape is a miss, never an error
            return None
        with contextlib.suppress(OSError):
            os.utime(path)  # used now: trimming removes the least recently used first
        return value

    def put(self, kind: Kind[T], key: str, value: T) -> None:
        try:
            payload = pack(kind.encode(value))
        except (TypeError, OverflowError, ValueError):  # not data msgpack can hold (a 0x number of 80 digits)
            return
        self.put_data(kind, key, payload)

    def put_data(self, kind: Kind, key: str, payload: bytes) -> None:
        """`put` of a value packed already (by a worker process, say)."""
        head = MAGIC + _tag(kind.name, key, payload)  # written before the payload, not joined to a copy of it
        if len(head) + len(payload) > self.limit // 4:
            return  # one entry may not push out everything else
        path = self._path(kind, key)
        if not self.usable:
            return
        try:
            if (self.folder / kind.name).is_symlink() or path.parent.is_symlink():
                return  # a link inside the folder: never write (or make folders) through it
            path.parent.mkdir(parents=True, exist_ok=True)
            if self._real is None or path.parent.resolve() != self._real / kind.name / key[:2]:
                return  # a link made meanwhile
            with tempfile.NamedTemporaryFile(dir=path.parent, prefix=".", suffix=".tmp", delete=False) as handle:
                handle.write(head)
                handle.write(payload)
            os.replace(handle.name, path)  # readers see the whole entry or none
            self.written += len(head) + len(payload)
        except OSError:
            pass  # a read-only checkout still works, only slower

    def get_or_make(self, kind: Kind[T], key: str | None, make: Callable[[], T]) -> T:
        """The value kept under `key`, else `make()`, kept. With no key (something it depends on cannot be
        keyed), always `make()`."""
        if key is None:
            return make()
        value = self.get(kind, key)
        if value is None:
            value = make()
            self.put(kind, key, value)
        return value

    def trim(self, force: bool = False) -> int:
        """Remove the least recently used entries until the folder is within its limit (to 90% of it, so that
        the next builds do not trim again at once), and temporary files left by killed processes. Returns the
        bytes removed. Only when this process wrote something, unless `force`."""
        if not (self.written or force) or not self.usable or not self.folder.is_dir():
            return 0
        entries, total, removed = [], 0, 0
        now = dt.datetime.now().timestamp()
        for path, status in _files(self.folder):
            if path.name.endswith(".tmp"):
                if now - status.st_mtime > STALE_TEMP_SECONDS:
                    removed += _remove(path, status.st_size)
                continue
            entries.append((status.st_mtime, status.st_size, path))
            total += status.st_size
        if total > self.limit:
            entries.sort()
            target = self.limit * 9 // 10
            for _, size, path in entries:
                if total <= target:
                    break
                freed = _remove(path, size)
                total -= freed
                removed += freed
        self.written = 0
        return removed

    def info(self) -> CacheInfo:
        kinds: dict[str, KindInfo] = {}
        for path, status in _files(self.folder) if self.usable else ():
            if not path.name.endswith(".tmp"):
                kind = kinds.setdefault(path.relative_to(self.folder).parts[0], KindInfo())
                kind.entries += 1
                kind.bytes += status.st_size
        return CacheInfo(self.folder, self.limit, secret_key().source, dict(sorted(kinds.items())))

    def clean(self) -> int:
        """Remove the whole folder; returns the bytes it held."""
        held = self.info().bytes
        if self.folder.is_symlink():
            self.folder.unlink()  # the link only, never what it points to
        else:
            shutil.rmtree(self.folder, ignore_errors=True)
        return held


def _tag(kind: str, key: str, payload: bytes) -> bytes:
    message = hmac.new(secret_key().key, digestmod=hashlib.sha256)
    for part in (MAGIC, kind.encode(), key.encode()):
        message.update(len(part).to_bytes(8, "little") + part)
    message.update(payload)
    return message.digest()


def _verified(entry: bytes, kind: str, key: str) -> bytes | None:
    """The payload of an entry whose tag is ours for this kind and key, else None."""
    if len(entry) < len(MAGIC) + TAG_BYTES or not entry.startswith(MAGIC):
        return None
    tag, payload = entry[len(MAGIC) : len(MAGIC) + TAG_BYTES], entry[len(MAGIC) + TAG_BYTES :]
    return payload if hmac.compare_digest(tag, _tag(kind, key, payload)) else None


def _files(folder: Path) -> list[tuple[Path, os.stat_result]]:
    """(path, stat) of every regular file below `folder`, links not followed."""
    files, stack = [], [folder]
    while stack:
        with contextlib.suppress(OSError), os.scandir(stack.pop()) as found:
            for entry in found:
                if entry.is_dir(follow_symlinks=False):
                    stack.append(Path(entry.path))
                elif entry.is_file(follow_symlinks=False):
                    with contextlib.suppress(OSError):
                        files.append((Path(entry.path), entry.stat(follow_symlinks=False)))
    return files


def _remove(path: Path, size: int) -> int:
    try:
        path.unlink()
        return size
    except OSError:
        return 0
