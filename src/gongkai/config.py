"""gongkai.toml → settings. The docstring under each field is its documentation (docs/config.md)."""

from __future__ import annotations

import stat
import tomllib
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from gongkai.cache import DEFAULT_LIMIT_MB
from gongkai.errors import ConfigError
from gongkai.model.issues import dotted, model_issues


class SiteConfig(BaseModel):
    model_config = ConfigDict(extra="forbid", use_attribute_docstrings=True)

    title: str = "基层政务公开标准化规范化专题"
    """The site's title, shown on every page."""
    county: str = "示例县"
    """The county's name (县、市、区)."""
    base_url: str | None = None
    """Where the site will be served, e.g. https://www.xx.gov.cn/gongkai/: with it the build writes sitemap.xml
    (which needs full URLs) and robots.txt points to it. Links in pages stay relative whatever it is."""
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
    history: bool = False
    """Publish the 更新记录 (change history) from git: a page for the county and one per unit, an Atom feed
    (updates.xml), and each item's 最近更新 date. The same as `gongkai build --history`."""


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


class Config(BaseModel):
    model_config = ConfigDict(extra="forbid", use_attribute_docstrings=True)

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
    for table, model in (("site", SiteConfig), ("lint", LintConfig), ("cache", CacheConfig)):
        lines += [f"## [{table}]", "", f"{Config.model_fields[table].description}", "", "| key | default | meaning |"]
        lines.append("|---|---|---|")
        for name, field in model.model_fields.items():
            default = field.get_default(call_default_factory=True)
            shown = "—" if default is None else f"`{default!r}`" if not isinstance(default, str) else f"`{default}`"
            lines.append(f"| `{field.alias or name}` | {shown} | {field.description} |")
        lines.append("")
    return "\n".join(lines)
