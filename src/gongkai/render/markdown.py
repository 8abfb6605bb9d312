"""Item content is Markdown written by staff and read by the public: raw HTML off, no images (they would load
from other hosts), and markdown-it's link check, which refuses `javascript:`, `vbscript:`, `file:` and `data:`."""

from __future__ import annotations

from markdown_it import MarkdownIt
from markupsafe import Markup

_md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).disable("image")


def render_markdown(text: str | None) -> Markup:
    if not text:
        return Markup("")
    return Markup(_md.render(text))
