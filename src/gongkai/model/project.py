"""A county repository as loaded: its config, its domains and every catalog file, valid or not."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from gongkai.config import CONFIG_FILE, Config, read_config
from gongkai.errors import ConfigError, UsageError
from gongkai.load import Source, load
from gongkai.model.catalog import Catalog
from gongkai.model.domain import Domain
from gongkai.model.issues import ModelIssue, dotted, model_issues
from gongkai.resources import packaged


@dataclass
class CatalogFile:
    """One catalog file: where it came from, the model if it validated, and what stood in the way."""

    source: Source
    catalog: Catalog | None = None
    issues: list[ModelIssue] = field(default_factory=list)

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

    def units(self) -> dict[str, CatalogFile]:
        return {f.slug: f for f in self.catalogs if f.catalog is not None}


def find_root(start: Path) -> Path:
    """The nearest folder at or above `start` holding gongkai.toml; else `start` itself."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / CONFIG_FILE).is_file():
            return folder
    return start


def validate(source: Source, model: type[BaseModel] = Catalog) -> tuple[Any, list[ModelIssue]]:
    """Validate a loaded file. On errors, validate again without the parts at fault, so that one bad item
    does not hide the problems of all the others; every error is still reported."""
    data = source.data
    if not source.readable:
        return None, []
    if data is None:
        return None, [ModelIssue("structure", (), "文件为空 (empty file)")]
    if not isinstance(data, dict):
        return None, [
            ModelIssue("structure", (), "顶层应为“键: 值”映射，如 unit: / domains: (top level is not a mapping)")
        ]
    try:
        return model.model_validate(data), []
    except ValidationError as exc:
        issues = model_issues(exc, model)
    pruned = _prune(data, issues)
    if pruned is None:
        return None, issues
    try:
        return model.model_validate(pruned), issues
    except ValidationError:
        return None, issues


def _prune(data: dict, issues: list[ModelIssue]) -> dict | None:
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
    for items in (data.get("domains") or {}).values() if isinstance(data.get("domains"), dict) else ():
        if isinstance(items, list):
            items[:] = [i for i in items if i is not _REMOVED]
    if isinstance(data.get("withheld"), list):
        data["withheld"] = [w for w in data["withheld"] if w is not _REMOVED]
    return data


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
        domain, issues = validate(source, Domain)
        for issue in source.issues:
            if issue.kind != "encoding":
                problems.append(f"{path}:{issue.position}: {issue.message}")
        for issue in issues:
            problems.append(f"{path}:{source.locate(issue.path)}: [{dotted(issue.path)}] {issue.message}")
        if domain is not None:
            if domain.id != path.stem:
                problems.append(
                    f"{path}:{source.locate(('id',))}: 领域标识「{domain.id}」与文件名不一致 (id ≠ file name)"
                )
            domains[domain.id] = domain
    return domains, problems


def catalog_paths(root: Path, paths: list[Path] | None) -> list[Path]:
    """The catalog files to check: the given files and folders' `*.yaml`/`*.yml`, else `catalogs/`."""
    if not paths:
        paths = [root / "catalogs"]
        if not paths[0].is_dir():
            raise UsageError(f"没有找到 {paths[0]} 文件夹；请在县仓库根目录运行，或指明文件 (no catalogs/ folder)")
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(p for p in path.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file()))
        elif path.exists():
            found.append(path)
        else:
            raise UsageError(f"{path}: 文件不存在 (no such file)")
    return found


def load_project(root: Path, paths: list[Path] | None = None) -> Project:
    """Read the config, the domains (the county's own `domains/`, else the packaged pilot domains) and the
    catalogs. Raises ConfigError when the config or the domains are broken: nothing can be checked then."""
    config = read_config(root / CONFIG_FILE)
    domain_folder = root / "domains" if (root / "domains").is_dir() else packaged("domains")
    domains, problems = load_domains(domain_folder)
    if problems:
        raise ConfigError(
            f"{domain_folder}: 领域文件有 {len(problems)} 处错误 (invalid domain files)", details=problems
        )
    catalogs = []
    for path in catalog_paths(root, paths):
        source = load(path)
        catalog, issues = validate(source)
        catalogs.append(CatalogFile(source, catalog, issues))
    return Project(root, config, domains, catalogs)
