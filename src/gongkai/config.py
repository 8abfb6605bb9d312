"""gongkai.toml → settings. The docstring under each field is its documentation (docs/config.md)."""

from __future__ import annotations

import stat
import tomllib
from pathlib import Path
from typing import Annotated
from urllib.parse import urlsplit

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError

from gongkai.cache import DEFAULT_LIMIT_MB
from gongkai.errors import ConfigError
from gongkai.validation import dotted, model_issues


def _web_address(value: str, schemes: tuple[str, ...] = ("https", "http")) -> str:
    parts = urlsplit(value)
    if parts.scheme.lower() not in schemes or not (parts.netloc or parts.scheme == "mailto") or not value.isprintable():
        raise ValueError(f"应为以 {' 或 '.join(s + ':' for s in schemes)} 开头的完整地址 (a full address)")
    return value


def _site_file(value: str) -> str:
    parts = value.split("/")
    if parts[0] != "static" or len(parts) < 2 or any(p in ("", ".", "..") for p in parts) or "\\" in value:
        raise ValueError("应为网站中 static/ 下的文件，如 static/gongan.png (a file under static/)")
    return value


WebAddress = Annotated[str, AfterValidator(_web_address)]
"""An http(s) address outside the site: a link, never a request (the pages load nothing from other hosts)."""
SiteFile = Annotated[str, AfterValidator(_site_file)]
"""A file the county adds under templates/static/, as the site has it: static/…"""


class SiteConfig(BaseModel):
    model_config = ConfigDict(extra="forbid", use_attribute_docstrings=True)

    title: str = "基层政务公开标准化规范化专题"
    """The site's title, shown on every page."""
    county: str = "示例县"
    """The county's name (县、市、区)."""
    base_url: str | None = None
    """Where the site will be served, e.g. https://www.xx.gov.cn/gongkai/: with it the build writes sitemap.xml
    (which needs full URLs) and robots.txt points to it, and publishes the editor schemas under schemas/ with
    schemas/catalog.json, a SchemaStore-style catalog of them. Links in pages stay relative whatever it is."""
    org: str | None = None
    """主办单位, shown in the footer."""
    contact: str | None = None
    """Contact (电话、地址), shown in the footer."""
    site_code: str | None = None
    """网站标识码, shown in the footer."""
    icp: str | None = None
    """ICP备案号, shown in the footer."""
    police: str | None = None
    """公安备案号, shown in the footer."""
    icp_url: WebAddress = "https://beian.miit.gov.cn/"
    """Where the ICP备案号 links to: the 工业和信息化部 filing system."""
    police_url: WebAddress | None = None
    """Where the 公安备案号 links to. Default: the 全国互联网安全管理服务平台's record of its number
    (https://beian.mps.gov.cn/#/query/webSearch?code=…)."""
    police_badge: SiteFile | None = None
    """The 公安备案 badge shown before the 公安备案号: a file the county puts in templates/static/, named as the
    site has it (static/gongan.png). Shown when the file is there."""
    conac_mark: SiteFile | None = None
    """The 党政机关 mark (党政机关网站标识) in the footer, a file like `police_badge` (static/dzjg.png), linked to
    `conac_url`. Shown when the file is there."""
    conac_url: WebAddress | None = None
    """The site's record at the 党政机关网站 registry (https://bszs.conac.cn/sitename?method=show&id=…), which the
    党政机关 mark links to."""
    guide_url: WebAddress | None = None
    """The county's 政府信息公开指南, linked in every page's footer."""
    apply_url: WebAddress | None = None
    """Where the public applies for information (依申请公开: the county's online form or how to apply), linked in
    every page's footer."""
    report_error: Annotated[str, AfterValidator(lambda v: _web_address(v, ("https", "http", "mailto")))] | None = None
    """我为政府网站找错: the 纠错 link in every page's footer, an address (the national platform's is
    https://zfwzzc.www.gov.cn/check_web/errorInfo_querySiteById.action?siteCode= and the 网站标识码) or mailto:…"""
    history: bool = False
    """Publish the 更新记录 (change history) from git: a page for the county and one per unit, an Atom feed
    (updates.xml), and each item's 最近更新 date. The same as `gongkai build --history`. With it the site has a
    进展 page too: each unit's completeness and guide coverage month by month, and the 督办 list."""
    stale_months: int = Field(3, ge=1, le=120)
    """The 督办 list (on the 进展 page and in `gongkai report --by month`) names the units whose catalogs have not
    been updated for this many months or more."""

    @property
    def police_link(self) -> str | None:
        digits = "".join(c for c in self.police or "" if c.isascii() and c.isdigit())
        return self.police_url or (f"https://beian.mps.gov.cn/#/query/webSearch?code={digits}" if digits else None)


class LintConfig(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True, use_attribute_docstrings=True)

    select: list[str] = Field(default_factory=lambda: ["GK"])
    """Rule codes or prefixes to check (`GK2` is every GK2xx rule). Default: all."""
    ignore: list[str] = Field(default_factory=list)
    """Rule codes or prefixes not to check, even if selected."""
    strict: bool = False
    """Warnings fail the check too (exit code 1)."""
    per_file_ignores: dict[str, list[str]] = Field(default_factory=dict, alias="per-file-ignores")
    """Glob of catalog paths (relative to the project) → codes or prefixes ignored in those files."""
    review_max_days: int = Field(365, alias="review-max-days", ge=1)
    """How old a catalog's `reviewed` date may be before GK601 warns (定期评估)."""


class CacheConfig(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True, use_attribute_docstrings=True)

    folder: str | None = None
    """Where the cache lives: a folder relative to the project, or an absolute path. Default `.gongkai-cache`
    in the project (like `.ruff_cache`), so that each county has its own and CI can keep it by one path. Its
    entries are data only and signed with a key outside the repository (docs/security.md)."""
    max_size_mb: int = Field(DEFAULT_LIMIT_MB, alias="max-size-mb", ge=1, le=1 << 20)
    """The cache's size limit in MB: after a command that wrote to it, the least recently used entries are
    removed until it is within the limit (`gongkai cache info` shows its size)."""


class CountySource(BaseModel):
    model_config = ConfigDict(extra="forbid", use_attribute_docstrings=True)

    path: str | None = None
    """The county repository's folder, relative to the city repository."""
    git: str | None = None
    """Or its git URL (https://, ssh://, file://), fetched into the city's .gongkai-counties/ at `rev`."""
    rev: str | None = None
    """With `git`: the commit to build, all 40 hex digits (a branch or tag could move)."""
    slug: str | None = None
    """The county's folder on the city site, counties/<slug>/ (ASCII). Default: the folder's or repository's name."""


class CityConfig(BaseModel):
    model_config = ConfigDict(extra="forbid", use_attribute_docstrings=True)

    name: str = Field(min_length=1)
    """The city's name (市、州、盟), shown on the city site's pages and in its report."""
    counties: list[str | CountySource] = Field(min_length=1)
    """The counties the city builds: each a path relative to the city repository (`"counties/dongshan"`), a git URL
    with a pinned commit (`"git+https://…/dongshan.git@<40 hex digits>"`), or a table `{path = …, slug = …}` /
    `{git = …, rev = …, slug = …}`."""


class Config(BaseModel):
    model_config = ConfigDict(extra="forbid", use_attribute_docstrings=True)

    city: CityConfig | None = None
    """The `[city]` table: this repository is a city's, which builds, lints and reports on its counties together."""

    site: SiteConfig = Field(default_factory=SiteConfig)
    """The `[site]` table: what the published site shows."""
    lint: LintConfig = Field(default_factory=LintConfig)
    """The `[lint]` table: which rules run and how strictly."""
    cache: CacheConfig = Field(default_factory=CacheConfig)
    """The `[cache]` table: where the cache lives and how large it may grow."""


MAX_CONFIG_BYTES = 1 << 20
"""A county's gongkai.toml is a few hundred bytes."""


def read_config(path: Path) -> Config:
    """Read gongkai.toml; a missing file means the defaults. Every problem is gathered, then one ConfigError."""
    if not path.exists() and not path.is_symlink():
        return Config()
    try:
        status = path.stat()
        if not stat.S_ISREG(status.st_mode):
            raise ConfigError(f"{path}: 配置文件不是普通文件（可能是文件夹或管道）(not a regular file)")
        if status.st_size > MAX_CONFIG_BYTES:
            raise ConfigError(f"{path}: 配置文件过大（{status.st_size} 字节）(configuration file too large)")
        data = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: 无法读取配置文件 ({exc})") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: TOML 语法错误 ({exc})") from None
    except RecursionError:  # tomllib recurses per nested array or inline table
        raise ConfigError(f"{path}: TOML 嵌套过深 (nesting too deep)") from None
    try:
        return Config.model_validate(data)
    except ValidationError as exc:
        details = [f"{path}: [{dotted(i.path)}] {i.message}" for i in model_issues(exc, Config)]
        raise ConfigError(f"{path}: 配置有 {len(details)} 处错误 (invalid configuration)", details=details) from None


def reference() -> str:
    """docs/config.md, from the fields' docstrings (`make docs`)."""
    lines = ["# gongkai.toml", "", "Generated from the settings' docstrings by `make docs`.", ""]
    tables = (("site", SiteConfig), ("lint", LintConfig), ("cache", CacheConfig), ("city", CityConfig))
    for table, model in (*tables, ("city.counties", CountySource)):
        about = Config.model_fields[table].description if table in Config.model_fields else _COUNTY_TABLE
        assert about is not None, f"[{table}] needs a docstring"  # each of Config's tables has one
        lines += [f"## [{table}]", "", about, "", "| key | default | meaning |"]
        lines.append("|---|---|---|")
        for name, field in model.model_fields.items():
            default = None if field.is_required() else field.get_default(call_default_factory=True)
            shown = "—" if default is None else f"`{default!r}`" if not isinstance(default, str) else f"`{default}`"
            lines.append(f"| `{field.alias or name}` | {shown} | {field.description} |")
        lines.append("")
    return "\n".join(lines)


_COUNTY_TABLE = "A county of `[city] counties` written as a table instead of a path or a `git+…@rev` text."
