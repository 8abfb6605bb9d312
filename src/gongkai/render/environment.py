"""The Jinja environment: a county's own `templates/` first, the packaged default theme second."""

from __future__ import annotations

import posixpath
import re
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

from jinja2 import BaseLoader, Environment, StrictUndefined, TemplateNotFound, select_autoescape
from jinja2.bccache import Bucket, BytecodeCache

from gongkai.cache import digest
from gongkai.model.vocab import AUDIENCE, ELEMENT_BY_KEY, LEVEL, METHOD
from gongkai.render.fragments import cached
from gongkai.render.markdown import render_markdown
from gongkai.resources import packaged
from gongkai.tabular.export import Table
from gongkai.tabular.layout import header


def relative(target: str, page: str) -> str:
    """`target` (a path from the site root) as a link from `page`, so the site works under any path."""
    base = posixpath.dirname(page)
    path, _, fragment = target.partition("#")
    link = posixpath.relpath(path, base or ".") if path else ""
    if path.endswith("/") and not link.endswith("/"):
        link += "/"
    return f"{link}#{fragment}" if fragment else link


_NOT_IN_FILE_NAMES = re.compile(r'[/\\:*?"<>|]+')


def file_name(name: str) -> str:
    """A name for the `download` attribute (the path on the site stays ASCII): the characters that Windows or a
    browser would refuse in a file name (a unit called 东湖镇/街道) become _, and control and invisible format
    characters go, so that a name cannot hide its real ending behind a right-to-left mark."""
    visible = "".join(c for c in name if unicodedata.category(c) not in ("Cc", "Cf", "Zl", "Zp"))
    return _NOT_IN_FILE_NAMES.sub("_", visible).strip(" .")[:100] or "目录"


class CompiledTemplates(BytecodeCache):
    """Compiled templates kept in this process by the template's name and source, for `serve`'s rebuilds. Never
    on disk: compiled templates are code, and the cache holds only data (docs/security.md)."""

    def __init__(self) -> None:
        self.code: dict[tuple[str, str], Any] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        bucket.code = self.code.get((bucket.key, bucket.checksum))

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.code[(bucket.key, bucket.checksum)] = bucket.code


COMPILED = CompiledTemplates()


class Templates(BaseLoader):
    """Every file of the county's `templates/` over the packaged ones, read once, when the environment is made:
    the pages of a build and the cache key of their fragments (`digest`) are then of the same sources, even
    when a template is saved during the build."""

    def __init__(self, root: Path):
        self.files: dict[str, Path] = {}
        for folder in (packaged("templates"), root / "templates"):  # the county's own last, so that they win
            if folder.is_dir():
                self.files |= {p.relative_to(folder).as_posix(): p for p in sorted(folder.rglob("*")) if p.is_file()}
        self.sources = {name: path.read_bytes() for name, path in self.files.items()}
        self.digest = digest(*(part for name in sorted(self.sources) for part in (name, self.sources[name])))

    def get_source(self, environment: Environment, template: str) -> tuple[str, str, Callable[[], bool]]:
        if template not in self.sources:
            raise TemplateNotFound(template)
        return self.sources[template].decode("utf-8"), str(self.files[template]), lambda: True

    def list_templates(self) -> list[str]:
        return sorted(self.sources)


def templates_digest(env: Environment) -> str:
    """The digest of every template `env` renders with (see `Templates`), for the keys of cached fragments."""
    if not isinstance(env.loader, Templates):
        raise TypeError("an environment made by environment()")
    return env.loader.digest


def environment(root: Path) -> Environment:
    templates = Templates(root)
    env = Environment(
        bytecode_cache=COMPILED,
        loader=templates,
        autoescape=select_autoescape(["html", "xml"], default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=lambda value: "" if value is None else value,  # an element a county chose not to fill is blank
    )
    env.filters["markdown"] = render_markdown
    env.filters["filename"] = file_name
    env.globals.update(
        label=lambda key: ELEMENT_BY_KEY[key].label,
        cached=cached,
        published=lambda path: path.startswith("static/") and path in templates.sources,  # a file of the site?
        table_header=lambda views: header(Table("", "", [v.item for v in views]).levels),
        METHOD=METHOD,
        AUDIENCE=AUDIENCE,
        LEVEL=LEVEL,
    )
    return env
