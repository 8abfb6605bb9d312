"""`[city] counties` → the county repositories' folders: a local path as it is, a git URL cloned (or fetched) into
the city's `.gongkai-counties/` and checked out at its pinned commit. git runs as a subprocess with its URL after
`--`, no prompt for a password, and only the https, http, ssh, git and file transports."""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from gongkai.config import CityConfig, CountySource, read_config
from gongkai.errors import ConfigError, GongkaiError, UsageError
from gongkai.model.vocab import UNIT_SLUG
from gongkai.paths import CONFIG_FILE, display_path

SOURCES = ".gongkai-counties"
"""Where a city keeps the counties it fetched with git (not in .gongkai-cache/, whose trimming removes files)."""
PINNED = re.compile(r"[0-9a-f]{40}|[0-9a-f]{64}")
TRANSPORTS = ("https", "http", "ssh", "git", "file")
GIT_SECONDS = 600


@dataclass(frozen=True)
class County:
    slug: str
    root: Path
    source: str  # as gongkai.toml names it, for messages


def is_city(root: Path) -> bool:
    """Whether `root` is a city repository (its gongkai.toml has [city]): asked by every command, so this module
    stays light to import."""
    return (root / CONFIG_FILE).is_file() and read_config(root / CONFIG_FILE).city is not None


def local_counties(root: Path) -> list[County]:
    """The counties kept as folders of their own (not fetched by git, which are pinned and not edited here)."""
    city = read_config(root / CONFIG_FILE).city
    if city is None:
        return []
    return [c for c in counties(root, city, fetch=False) if not c.root.is_relative_to(root / SOURCES)]


def county_only(root: Path, command: str) -> None:
    """A UsageError when `root` is a city: `command` writes or reads one county's catalog, in its own folder."""
    if is_city(root):
        folders = "、".join(display_path(c.root) for c in local_counties(root)) or "无"
        raise UsageError(
            f"{display_path(root / CONFIG_FILE)}: 这是市级仓库；gongkai {command} 请在县的文件夹里运行：{folders}"
            f" (a city repository: run {command} in a county's folder)"
        )


def counties(city_root: Path, city: CityConfig, fetch: bool = True) -> list[County]:
    """Every county of `city`, in its order; git ones fetched first (with `fetch`). Every problem of the list is
    gathered, then one ConfigError naming gongkai.toml and the entry."""
    found, problems = [], []
    for n, entry in enumerate(city.counties):
        source = entry if isinstance(entry, CountySource) else _from_text(entry)
        where = f"{city_root / CONFIG_FILE}: [city] counties[{n}]"
        try:
            found.append(_county(city_root, source, fetch))
        except ConfigError as exc:
            problems.append(f"{where}: {exc.message}")
    slugs = [c.slug for c in found]
    problems += [f"{city_root / CONFIG_FILE}: [city] counties: 县的标识「{s}」重复 (duplicate slug)"
                 for s in sorted({s for s in slugs if slugs.count(s) > 1})]  # fmt: skip
    if problems:
        raise ConfigError(f"{city_root / CONFIG_FILE}: [city] counties 有 {len(problems)} 处错误", details=problems)
    return found


def _from_text(text: str) -> CountySource:
    if text.startswith("git+"):
        url, _, rev = text[4:].rpartition("@")
        if not url or "/" in rev or ":" in rev:  # ssh://git@host/x.git has an @ but no rev after the path
            return CountySource(git=text[4:])
        return CountySource(git=url, rev=rev)
    return CountySource(path=text)


def _county(city_root: Path, source: CountySource, fetch: bool) -> County:
    if (source.path is None) == (source.git is None):
        raise ConfigError("应给出 path 或 git 之一 (give path or git)")
    if source.path is not None:
        root = (city_root / source.path).resolve()
        shown, default_slug = source.path, root.name
    else:
        assert source.git is not None  # the check above: exactly one of path and git
        _check_git(source.git, source.rev)
        shown = f"{source.git}@{source.rev}"
        default_slug = Path(urlsplit(source.git).path.rstrip("/")).name.removesuffix(".git")
    slug = source.slug or default_slug
    if not UNIT_SLUG.match(slug):
        raise ConfigError(f'「{shown}」的标识「{slug}」只能用小写字母、数字和连字符；请写 slug = "…" (unsafe slug)')
    if source.git is not None:
        digest = hashlib.sha256(source.git.encode()).hexdigest()[:10]
        root = city_root / SOURCES / f"{slug}-{digest}"
        if fetch:
            checkout(source.git, source.rev or "", root)
    if fetch and not (root / CONFIG_FILE).is_file():
        raise ConfigError(f"「{shown}」不是县仓库：{root} 里没有 {CONFIG_FILE} (not a county repository)")
    return County(slug, root, shown)


def _check_git(git: str, rev: str | None) -> None:
    if not rev or not PINNED.fullmatch(rev):
        raise ConfigError(
            f"git 地址「{git}」没有固定版本：rev 应为完整的提交号（40 位十六进制，"
            f"可用 git rev-parse 标签 得到），而不是「{rev or ''}」(unpinned git URL: rev must be a commit id)"
        )
    scheme = urlsplit(git).scheme.lower()
    if scheme not in TRANSPORTS or not git.isprintable():
        raise ConfigError(f"git 地址「{git}」应以 {'、'.join(t + '://' for t in TRANSPORTS)} 开头 (git URL)")


def checkout(url: str, rev: str, folder: Path) -> None:
    """`folder` holding the repository at `url` checked out at commit `rev`: cloned the first time, fetched only
    when it does not have the commit yet."""
    if not (folder / ".git").is_dir():
        folder.parent.mkdir(parents=True, exist_ok=True)
        _git(["clone", "--quiet", "--no-checkout", "--", url, str(folder)], None, url)
    if not _has(folder, rev):
        _git(["fetch", "--quiet", "origin"], folder, url)
    if not _has(folder, rev):
        _git(["fetch", "--quiet", "origin", rev], folder, url)
    _git(["checkout", "--quiet", "--force", "--detach", rev], folder, url)


def _has(folder: Path, rev: str) -> bool:
    return _run(["cat-file", "-e", f"{rev}^{{commit}}"], folder).returncode == 0


def _git(arguments: list[str], folder: Path | None, url: str) -> None:
    done = _run(arguments, folder)
    if done.returncode != 0:
        said = done.stderr.strip().splitlines()[-1:] or [f"exit code {done.returncode}"]
        raise GongkaiError(f"无法从 {url} 取得县仓库：git {arguments[0]}：{said[0]} (git failed)")


def _run(arguments: list[str], folder: Path | None) -> subprocess.CompletedProcess:
    allowed = [f"protocol.{t}.allow=always" for t in TRANSPORTS]
    options = [part for setting in ("protocol.allow=never", *allowed) for part in ("-c", setting)]
    environment = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "GIT_ASKPASS": "", "SSH_ASKPASS": ""}
    command = ["git", *options, *(["-C", str(folder)] if folder else []), *arguments]
    try:
        return subprocess.run(
            command, capture_output=True, text=True, env=environment, timeout=GIT_SECONDS, check=False
        )
    except FileNotFoundError:
        raise GongkaiError("没有找到 git：从 git 地址取县仓库需要安装 git (git is not installed)") from None
    except subprocess.TimeoutExpired:
        raise GongkaiError(f"git {arguments[0]} 超过 {GIT_SECONDS} 秒没有完成 (git timed out)") from None
