"""A county repository as loaded: its config, its domains and every catalog file, valid or not."""

from __future__ import annotations

import contextlib
import copy
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

from pydantic import BaseModel, ValidationError

from gongkai.cache import BYTES, Cache, Kind, digest, pack, unpack
from gongkai.config import Config, read_config
from gongkai.errors import ConfigError, UsageError
from gongkai.load import LoadError, LoadIssue, Position, Source, load, read_bytes
from gongkai.model.catalog import Catalog, Item, Withheld
from gongkai.model.completeness import NO_GAPS, Gap, gaps
from gongkai.model.domain import Domain
from gongkai.model.issues import ModelIssue, dotted, model_issues
from gongkai.parallel import collector_paused, forked_map
from gongkai.paths import CONFIG_FILE
from gongkai.resources import packaged
from gongkai.split import SPLIT_BYTES, load_in_parts


@dataclass
class CatalogFile:
    """One catalog file: where it came from, the model if it validated, and what stood in the way."""

    source: Source
    catalog: Catalog | None = None
    issues: list[ModelIssue] = field(default_factory=list)
    kept: Kept = field(default_factory=dict)
    complete: dict[str, int] | None = None  # see complete_counts
    digest: str | None = None  # of the file's bytes, when it was read through the cache

    @property
    def valid(self) -> Catalog:
        """The validated catalog, for code that only valid files reach (catalog-scope rules, `Project.units()`):
        a file that did not validate there is a bug, and says so."""
        if self.catalog is None:
            raise ValueError(f"{self.path}: 用作有效目录，但未通过验证 (not a valid catalog)")
        return self.catalog

    @property
    def item_count(self) -> int:
        """Valid items."""
        return sum(len(items) for items in self.catalog.domains.values()) if self.catalog else 0

    def complete_counts(self) -> dict[str, int]:
        """Per domain, how many items carry all eight elements: counted once and kept in the cache with the
        file, since the report needs it on every build. The gaps found on the way are kept for lint."""
        if self.complete is None:
            found: dict[int, tuple[Gap | None, ...]] = {}
            self._gaps = found
            for items in self.valid.domains.values():
                for item in items:
                    if any(item_gaps := gaps(item)):
                        found[id(item)] = item_gaps
            self.complete = {d: sum(id(item) not in found for item in items) for d, items in self.valid.domains.items()}
        return self.complete

    def gaps(self, item: Item) -> tuple[Gap | None, ...]:
        """model.completeness.gaps of one of this file's items: those found by complete_counts, if it ran."""
        found = self.__dict__.get("_gaps")
        return gaps(item) if found is None else found.get(id(item), NO_GAPS)

    def items(self) -> Iterator[tuple[str, int, Item]]:
        """(domain id, index in the file, item) for every valid item, in file order. The index is the one in
        the file even when invalid items before it were left out."""
        for domain, items in self.valid.domains.items():
            for n, item in enumerate(items):
                yield domain, self.file_index(domain, n), item

    def file_index(self, domain: str, position: int) -> int:
        """The index in the file of the item at `position` in the validated catalog's list."""
        indexes = self.kept.get(("domains", domain))
        return indexes[position] if indexes else position

    def raw_item(self, domain: str, index: int) -> dict:
        """The item as written in the file (before normalisation, even if it failed validation)."""
        try:
            item = self.source.item(domain, index)
        except (KeyError, IndexError, TypeError):
            return {}
        return item if isinstance(item, dict) else {}

    def withheld(self) -> Iterator[tuple[int, Withheld]]:
        indexes = self.kept.get(("withheld",))
        for n, entry in enumerate(self.valid.withheld):
            yield indexes[n] if indexes else n, entry

    @property
    def path(self) -> Path:
        return self.source.path

    @property
    def slug(self) -> str:
        return self.source.path.stem


@dataclass
class Project:
    root: Path
    config: Config
    domains: dict[str, Domain]
    catalogs: list[CatalogFile]
    _units: dict[str, CatalogFile] | None = field(default=None, repr=False, compare=False)

    def units(self) -> dict[str, CatalogFile]:
        """The valid catalogs by slug (made once: rules ask for it per file)."""
        if self._units is None:
            self._units = {f.slug: f for f in self.catalogs if f.catalog is not None}
        return self._units


Kept = dict[tuple, list[int]]
"""For each list that lost invalid entries: the file indexes of the entries that remain."""


def validate(source: Source, model: type[BaseModel] = Catalog) -> tuple[Any, list[ModelIssue], Kept]:
    """Validate a loaded file. On errors, validate again without the parts at fault, so that one bad item
    does not hide the problems of all the others; every error is still reported."""
    data = source.data
    if not source.readable:
        return None, [], {}
    if data is None:
        return None, [ModelIssue("structure", (), "文件为空 (empty file)")], {}
    if not isinstance(data, dict):
        top = ModelIssue("structure", (), "顶层应为“键: 值”映射，如 unit: / domains: (top level is not a mapping)")
        return None, [top], {}
    if model is Catalog and (by_item := _catalog_by_item(data)) is not None:
        source.release_items(by_item[1])
        return by_item[0], [], {}
    try:
        return model.model_validate(data), [], {}
    except ValidationError as exc:
        issues = model_issues(exc, model)
    pruned = _prune(data, issues)
    if pruned is None:
        return None, issues, {}
    try:
        return model.model_validate(pruned[0]), issues, pruned[1]
    except ValidationError:
        return None, issues, {}


def _catalog_by_item(data: dict) -> tuple[Catalog, dict[str, list[bytes]]] | None:
    """The catalog validated an item at a time, each item packed (msgpack) and let go as soon as its model is
    made, so that a big file's data and its models are not both held whole (at 50,000 items some 110 MB each).
    Only when every item and then the rest validate: those are the models one validation of the whole makes
    (an Item made already is taken as it is: pydantic does not validate a model instance again). Else None,
    `data` as it was, for the whole validation to report every error at its place."""
    domains = data.get("domains")
    if not isinstance(domains, dict) or not all(type(items) is list for items in domains.values()):
        return None
    models: dict[str, list[Item]] = {}
    packed: dict[str, list[bytes]] = {}
    try:
        for domain, items in domains.items():
            made: list[Item] = models.setdefault(domain, [])
            kept: list[bytes] = packed.setdefault(domain, [])
            for n, item in enumerate(items):
                made.append(Item.model_validate(item))
                kept.append(pack(item))
                items[n] = None
        catalog = Catalog.model_validate({**data, "domains": models})
    except (ValidationError, TypeError, OverflowError, ValueError):  # or data msgpack cannot hold (0x of 80 digits)
        for domain, kept in packed.items():
            domains[domain][: len(kept)] = [unpack(item) for item in kept]
        return None
    return catalog, packed


def _prune(data: dict, issues: list[ModelIssue]) -> tuple[dict, Kept] | None:
    """`data` without what `issues` fault: an unknown key goes alone; an item, domain list or withheld entry
    with a wrong value goes whole. None when the unit itself is at fault (nothing sensible is left to check)."""
    data = copy.deepcopy(data)
    faulty: set[tuple] = set()
    for issue in issues:
        path = issue.path
        if issue.kind == "unknown-key" and path:
            parent = _get(data, path[:-1])
            if isinstance(parent, dict):
                parent.pop(path[-1], None)
            continue
        if not path or path[0] == "unit":
            return None
        depth = 3 if path[0] == "domains" else 2 if path[0] == "withheld" else 1
        faulty.add(path[:depth])
    for path in sorted(faulty, key=len, reverse=True):  # items before their lists, higher indexes first
        parent = _get(data, path[:-1])
        if isinstance(parent, dict):
            parent.pop(path[-1], None)
        elif isinstance(parent, list) and isinstance(path[-1], int) and path[-1] < len(parent):
            parent[path[-1]] = _REMOVED
    kept: Kept = {}
    lists: list[tuple[tuple, Any]] = (
        [(("domains", d), v) for d, v in data["domains"].items()] if isinstance(data.get("domains"), dict) else []
    )
    lists.append((("withheld",), data.get("withheld")))
    for key, entries in lists:
        if isinstance(entries, list) and _REMOVED in entries:
            kept[key] = [n for n, entry in enumerate(entries) if entry is not _REMOVED]
            entries[:] = [entry for entry in entries if entry is not _REMOVED]
    return data, kept


_REMOVED = object()


def _get(data: Any, path: tuple) -> Any:
    for part in path:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def load_domains(folder: Path) -> tuple[dict[str, Domain], list[str]]:
    """Every `*.yaml` in `folder` as a Domain; problems come back as `path:line:col message` lines."""
    domains: dict[str, Domain] = {}
    problems: list[str] = []
    for path in sorted(folder.glob("*.yaml")):
        source = load(path)
        domain, issues, _ = validate(source, Domain)
        for issue in source.issues:
            if issue.kind != "encoding":
                problems.append(f"{path}:{issue.position}: {issue.message}")
        for invalid in issues:
            problems.append(f"{path}:{source.locate(invalid.path)}: [{dotted(invalid.path)}] {invalid.message}")
        if domain is not None:
            if domain.id != path.stem:
                problems.append(
                    f"{path}:{source.locate(('id',))}: 领域标识「{domain.id}」与文件名不一致 (id ≠ file name)"
                )
            domains[domain.id] = domain
    return domains, problems


def catalog_paths(root: Path, paths: list[Path] | None) -> list[Path]:
    """The catalog files to check: the given files and folders' `*.yaml`/`*.yml`, else `catalogs/`."""
    asked = bool(paths)
    if not paths:
        paths = [root / "catalogs"]
        if not paths[0].is_dir():
            raise UsageError(f"没有找到 {paths[0]} 文件夹；请在县仓库根目录运行，或指明文件 (no catalogs/ folder)")
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            # Symlinks count even when dangling or pointing at a device: lint then says what is wrong with them.
            found.extend(sorted(p for p in path.iterdir() if p.suffix.lower() in (".yaml", ".yml") and not p.is_dir()))
        elif path.exists() or path.is_symlink():
            found.append(path)
        else:
            raise UsageError(f"{path}: 文件不存在 (no such file)")
    if asked and not found:  # never fall back to catalogs/: the user asked about these paths
        shown = "、".join(str(p) for p in paths)
        raise UsageError(f"{shown}: 没有找到目录文件（*.yaml、*.yml）(no catalog files found)")
    return found


def project_domain_folder(root: Path) -> Path:
    """The county's own `domains/`, else the packaged pilot domains."""
    return root / "domains" if (root / "domains").is_dir() else packaged("domains")


def project_domains(root: Path) -> dict[str, Domain]:
    """The domains of `project_domain_folder`. Broken domain files are a ConfigError."""
    folder = project_domain_folder(root)
    domains, problems = load_domains(folder)
    if problems:
        raise ConfigError(f"{folder}: 领域文件有 {len(problems)} 处错误 (invalid domain files)", details=problems)
    return domains


def load_project(
    root: Path, paths: list[Path] | None = None, cache: Cache | None = None, processes: int = 1
) -> Project:
    """Read the config, the domains (the county's own `domains/`, else the packaged pilot domains) and the
    catalogs. Raises ConfigError when the config or the domains are broken: nothing can be checked then.
    With `cache`, a catalog whose bytes were loaded before is not parsed and validated again; the others are
    parsed in `processes` forked workers when there is enough to share."""
    config = read_config(root / CONFIG_FILE)
    domains = project_domains(root)
    with collector_paused():
        catalogs = load_catalogs(catalog_paths(root, paths), cache, processes)
    return Project(root, config, domains, catalogs)


PARALLEL_BYTES = 1 << 20
"""Below this much YAML to parse, one process is faster than starting a pool."""


def _stored(file: CatalogFile) -> dict[str, Any]:
    """A catalog file as cache data: what parsing found. The model is made again from it by validation."""
    source = file.source
    packed = source.packed_items()
    return {
        "encoding": source.encoding,
        "data": source.data if packed is None else [packed[0], packed[1]],
        "packed": packed is not None,
        "positions": source.packed_positions(),
        "issues": [[i.kind, i.message, i.position.line, i.position.column] for i in source.issues],
        "complete": file.complete,
    }


def _restored(stored: dict[str, Any]) -> CatalogFile:
    """`_stored` back: the shape checked, then the data validated by the models as when it was first parsed."""
    if not isinstance(stored["encoding"], str) or not isinstance(stored["positions"], bytes):
        raise TypeError("catalog entry")
    issues = [LoadIssue(str(kind), str(message), Position(int(line), int(column)))
              for kind, message, line, column in stored["issues"]]  # fmt: skip
    source = Source(Path(), stored["data"], issues=issues, encoding=stored["encoding"], deep=False)
    if stored["packed"] is True:  # [data less its items, each domain's items packed]: made whole for validation
        head, items = stored["data"]
        if not isinstance(head, dict) or not isinstance(items, dict) or "domains" not in head:
            raise TypeError("packed items")
        domains = {str(domain): [unpack(BYTES(item)) for item in packed] for domain, packed in items.items()}
        source.data = {key: (domains if key == "domains" else value) for key, value in head.items()}
    elif stored["packed"] is not False:
        raise TypeError("packed")
    source._packed = stored["positions"]
    del source.positions  # unpacked on first use
    file = CatalogFile(source, *validate(source))
    complete = stored["complete"]
    if complete is not None:
        if not isinstance(complete, dict) or set(complete) != set(file.catalog.domains if file.catalog else ()):
            raise TypeError("complete counts")
        file.complete = {str(domain): int(count) for domain, count in complete.items()}
    source.release_items()
    return file


CATALOG = Kind("catalog", _stored, _restored)


def load_catalogs(paths: list[Path], cache: Cache | None = None, processes: int = 1) -> list[CatalogFile]:
    """`load_catalog` for every path, in order, the ones the cache lacks parsed in `processes` forked workers
    when there is enough of them."""
    found = [_from_cache(path, cache) for path in paths]
    files: list[CatalogFile | None] = [file for file, _, _ in found]
    for n, (file, raw, key) in enumerate(found):  # a big file first, in parts over the cores
        if file is None and processes > 1 and len(raw or b"") >= SPLIT_BYTES:
            files[n] = _parsed(paths[n], raw, key, cache, processes)
    missing = [n for n, file in enumerate(files) if file is None]
    if sum(len(found[n][1] or b"") for n in missing) < PARALLEL_BYTES:
        processes = 1
    if processes < 2:
        for n in missing:
            files[n] = _parsed(paths[n], *found[n][1:], cache)
        return cast(list[CatalogFile], files)  # every None was parsed above

    def parse(n: int) -> tuple[CatalogFile, bytes | None]:
        """In a worker: the file, with its positions packed for the trip back, and its cache entry."""
        _, raw, key = found[n]
        file = _parsed(paths[n], raw, key, None, release=False)
        entry = _entry(file) if cache is not None and key else None
        file.source.release_positions()
        file.source.release_items()
        return file, entry

    for n, (file, entry) in zip(missing, forked_map(lambda i: parse(missing[i]), len(missing), processes), strict=True):
        files[n] = file
        key = found[n][2]
        if entry is not None and cache is not None and key:
            cache.put_data(CATALOG, key, entry)
    return cast(list[CatalogFile], files)  # every None was parsed above


def _entry(file: CatalogFile) -> bytes | None:
    """The file's cache entry, or None when its data cannot be kept (a 0x number too large for msgpack)."""
    try:
        return pack(_stored(file))
    except (TypeError, OverflowError, ValueError):
        return None


def load_catalog(path: Path, cache: Cache | None = None) -> CatalogFile:
    """Load and validate one catalog; with `cache`, from the cache when these bytes were loaded before."""
    file, raw, key = _from_cache(path, cache)
    return file or _parsed(path, raw, key, cache)


def _from_cache(path: Path, cache: Cache | None) -> tuple[CatalogFile | None, bytes | None, str | None]:
    """(the cached file or None, the bytes read, their key). The bytes are read once, for both the key and the
    parse, so that the two agree even while an editor is writing the file."""
    raw = key = None
    if cache is not None:
        with contextlib.suppress(LoadError):  # load() reports it
            raw = read_bytes(path)
    if cache is not None and raw is not None:
        key = digest(raw)
        cached = cache.get(CATALOG, key)
        if cached is not None:
            cached.source.path = path
            cached.source.raw = raw
            cached.digest = key
            return cached, raw, key
    return None, raw, key


def _parsed(
    path: Path, raw: bytes | None, key: str | None, cache: Cache | None, processes: int = 1, release: bool = True
) -> CatalogFile:
    """Parse and validate; the cache entry kept, and (with `release`) the items as written packed away."""
    source = load_in_parts(path, raw, processes) if raw and processes > 1 else load(path, raw, deep=False)
    file = CatalogFile(source, *validate(source))
    if key:
        file.digest = key
        if file.catalog is not None:
            file.complete_counts()
        if cache is not None and (entry := _entry(file)) is not None:
            cache.put_data(CATALOG, key, entry)
    if release:
        source.release_items()
    return file
