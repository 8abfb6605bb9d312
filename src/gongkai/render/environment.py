"""The Jinja environment: a county's own `templates/` first, the packaged default theme second."""

from __future__ import annotations

import posixpath
from pathlib import Path

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, StrictUndefined, select_autoescape

from gongkai.model.vocab import AUDIENCE, ELEMENT_BY_KEY, LEVEL, METHOD
from gongkai.render.fragments import cached
from gongkai.render.markdown import render_markdown
from gongkai.resources import packaged
from gongkai.tabular.export import Table


def relative(target: str, page: str) -> str:
    """`target` (a path from the site root) as a link from `page`, so the site works under any path."""
    base = posixpath.dirname(page)
    path, _, fragment = target.partition("#")
    link = posixpath.relpath(path, base or ".") if path else ""
    if path.endswith("/") and not link.endswith("/"):
        link += "/"
    return f"{link}#{fragment}" if fragment else link


def environment(root: Path) -> Environment:
    env = Environment(
        loader=ChoiceLoader([FileSystemLoader(root / "templates"), FileSystemLoader(packaged("templates"))]),
        autoescape=select_autoescape(["html", "xml"], default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["markdown"] = render_markdown
    env.globals.update(
        label=lambda key: ELEMENT_BY_KEY[key].label,
        cached=cached,
        levels_of=lambda views: Table("", "", [v.item for v in views]).levels,
        METHOD=METHOD,
        AUDIENCE=AUDIENCE,
        LEVEL=LEVEL,
    )
    return env
