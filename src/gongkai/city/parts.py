"""One county's part of a city site, in `.gongkai-parts/<slug>/`: `site/` (the county's own site, search index
included, built by `gongkai.build.build` with the county's rules and config) and `part.json` (its `Summary` and
the digest of its inputs). A part whose digest is that of the county's inputs now is reused as it is, which is
how a city's rebuild after one county changed builds only that county, and how CI builds each county in a job
of its own and the city's job only merges (`gongkai build --county SLUG`, then `gongkai build --merge`)."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from gongkai import clock
from gongkai.build import BuildOptions, build
from gongkai.cache import Cache, code_fingerprint
from gongkai.city.audit import Summary, summarise
from gongkai.city.sources import County
from gongkai.config import read_config
from gongkai.errors import GongkaiError
from gongkai.model.project import catalog_paths, load_project, project_domain_folder
from gongkai.paths import CONFIG_FILE
from gongkai.render.environment import Templates
from gongkai.report import build_report

PARTS = ".gongkai-parts"
MANIFEST = "part.json"
MAX_MANIFEST_BYTES = 16 << 20
CITY_HOME = "../../"
"""The city's root from a county's part (counties/<slug>/)."""


@dataclass
class Part:
    county: County
    summary: Summary
    folder: Path
    reused: bool
    seconds: float = 0.0  # building it, when it was built now

    @property
    def site(self) -> Path:
        return self.folder / "site"


def input_digest(county: County, city: str, search: bool) -> str:
    """Everything the county's part is made from: the code, the day (lint's freshness rule and the pages' dates
    depend on it), the city it links back to, the templates (packaged and the county's), the county's config,
    domains and catalogs (by their paths in the county and their bytes), and with history on the commit it was
    read at."""
    root = county.root
    config = read_config(root / CONFIG_FILE)
    hasher = hashlib.sha256()
    fixed = (code_fingerprint(), clock.today().isoformat(), city, county.slug, str(search), Templates(root).digest)
    for part in fixed:
        hasher.update(part.encode() + b"\0")
    if config.site.history:
        hasher.update(_head(root).encode() + b"\0")
    for path in _inputs(root):
        where = path.relative_to(root).as_posix() if path.is_relative_to(root) else path.name  # packaged domains
        hasher.update(where.encode() + b"\0")
        try:
            hasher.update(hashlib.sha256(path.read_bytes()).digest())
        except OSError as exc:  # the build says what is wrong with it
            hasher.update(str(exc).encode())
    return hasher.hexdigest()


def _inputs(root: Path) -> list[Path]:
    domains = project_domain_folder(root)
    files = [root / CONFIG_FILE, *catalog_paths(root, None)]
    return files + sorted(domains.glob("*.yaml"))


def _head(root: Path) -> str:
    done = subprocess.run(["git", "-C", str(root), "rev-parse", "HEAD"], capture_output=True, text=True, check=False)
    return done.stdout.strip()


def read_summary(folder: Path) -> Summary | None:
    """The part's summary, or None when it has none that can be read (then it is built again)."""
    path = folder / MANIFEST
    try:
        if not path.is_file() or path.stat().st_size > MAX_MANIFEST_BYTES:
            return None
        return Summary.model_validate(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, ValidationError):
        return None


def current(county: County, parts: Path, key: str) -> Part | None:
    """The county's part as it is in `parts`, if it was made from the inputs of `key`."""
    folder = parts / county.slug
    summary = read_summary(folder)
    if summary is None or summary.digest != key or summary.slug != county.slug:
        return None
    if not (folder / "site" / "index.html").is_file():
        return None
    return Part(county, summary, folder, reused=True)


def build_part(
    county: County, city: str, parts: Path, *, search: bool = True, log: Callable[[str], None] = lambda _: None
) -> Part:
    """The county's part: the one in `parts` if its inputs are unchanged, else built now."""
    key = input_digest(county, city, search)
    found = current(county, parts, key)
    if found is not None:
        log(f"{county.slug}：沿用已生成的部分 (unchanged, reused)")
        return found
    folder = parts / county.slug
    started = time.monotonic()
    now = clock.now()
    options = BuildOptions(search=search, now=now, city=(city, CITY_HOME))
    result = build(county.root, folder / "site", options, log=lambda line: log(f"{county.slug}：{line}"))
    store = Cache.of_project(county.root, read_config(county.root / CONFIG_FILE).cache)
    project = load_project(county.root, cache=store)  # parsed a moment ago: from the cache
    report = build_report(project, result.lint, now.date(), store)
    summary = summarise(project, report, result.lint, county.slug, now).model_copy(update={"digest": key})
    _write_atomic(folder / MANIFEST, summary.model_dump_json(indent=1).encode("utf-8"))
    return Part(county, summary, folder, reused=False, seconds=time.monotonic() - started)


def _write_atomic(path: Path, data: bytes) -> None:
    with tempfile.NamedTemporaryFile(dir=path.parent, prefix=".", suffix=".tmp", delete=False) as handle:
        handle.write(data)
    os.replace(handle.name, path)


def merged_parts(counties: Iterable[County], city: str, parts: Path, search: bool) -> list[Part]:
    """`gongkai build --merge`: every county's part as CI's county jobs left it, none built here; a part that
    is missing, or was made from other inputs than the county's now, is an error naming the county."""
    found, missing = [], []
    for county in counties:
        part = current(county, parts, input_digest(county, city, search))
        if part is None:
            missing.append(county.slug)
        else:
            found.append(part)
    if missing:
        raise GongkaiError(
            f"缺少这些县的最新部分：{'、'.join(missing)}；请先运行 gongkai build --county 县标识 "
            "(parts missing or made from other inputs)",
            details=[f"{parts / slug}" for slug in missing],
        )
    return found
