"""`gongkai init --city`: a city repository with its counties as county repositories under counties/, each made
by the county `init`, and CI files that build each county in a job of its own and merge them in the city's."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from pypinyin import lazy_pinyin

from gongkai.errors import UsageError
from gongkai.scaffold import check_name, check_requirement, installed_from, write_starter
from gongkai.scaffold import init as init_county

CITY_FILES = {
    "city/gongkai.toml": "gongkai.toml",
    "city/gitignore": ".gitignore",
    "requirements.txt": "requirements.txt",
}
CITY_CI = {"github": ("city/github/workflows/gongkai.yml", ".github/workflows/gongkai.yml"),
           "gitlab": ("city/gitlab-ci.yml", ".gitlab-ci.yml")}  # fmt: skip
"""The CI platforms with a matrix recipe (Jenkins has none here: docs/ci.md)."""


def county_slug(name: str, taken: set[str]) -> str:
    """An ASCII slug for a county's name, from its pinyin: 东山县 → dongshan-xian; a second one gets -2."""
    words = [re.sub(r"[^a-z0-9]+", "", w.lower()) for w in lazy_pinyin(name)]
    base = "-".join(w for w in words if w) or "county"
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    taken.add(slug)
    return slug


def init_city(
    target: Path, city: str, county_names: list[str], ci: Iterable[str] = tuple(CITY_CI), install: str | None = None
) -> list[Path]:
    """Create a city repository in `target` (new or empty): gongkai.toml with [city], one county repository per
    name under counties/<slug>/, requirements.txt pinning gongkai, and the CI files of the `ci` platforms."""
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise UsageError(f"{target}: 文件夹已存在且不为空；请指定新的文件夹 (folder exists and is not empty)")
    check_name(city, "市名")
    if not county_names:
        raise UsageError("市级仓库至少需要一个县：用 --county 县名 指定，可重复 (--county is needed with --city)")
    unknown = sorted(set(ci) - set(CITY_CI))
    if unknown:
        raise UsageError(f"--ci「{'、'.join(unknown)}」应为 {'、'.join(CITY_CI)} 之一 (CI platforms for a city)")
    for name in county_names:
        check_name(name, "县名")
    requirement = check_requirement(install) if install is not None else installed_from()
    taken: set[str] = set()
    slugs = [county_slug(name, taken) for name in county_names]
    values = {
        "{{city}}": city,
        "{{counties}}": ", ".join(f'"counties/{slug}"' for slug in slugs),
        "{{slugs}}": ", ".join(slugs),
        "{{install}}": requirement,
    }
    written = write_starter(target, {**CITY_FILES, **dict(CITY_CI[p] for p in CITY_CI if p in ci)}, values)
    for name, slug in zip(county_names, slugs, strict=True):
        written += init_county(target / "counties" / slug, name, ci=(), install=requirement)
    return written
