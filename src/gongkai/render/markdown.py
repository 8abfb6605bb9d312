"""Item content is Markdown written by staff and read by the public: raw HTML off, no images (they would load
from other hosts), and markdown-it's link check, which refuses `javascript:`, `vbscript:`, `file:` and `data:`."""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markupsafe import Markup

_md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).disable("image")

# One line with nothing Markdown could read as markup (no list number, heading, emphasis, link, code, entity,
# break): the paragraph markdown-it would make, without parsing. Most items' content is such a line.
_PLAIN = re.compile(r"(?! )(?!\d{1,9}[.)])(?:[^\\`*_\[\]<>!#+\-=|~&\s\x00-\x1f\x7f]| (?! *$))+")


def render_markdown(text: str | None) -> Markup:
    if not text:
        return Markup("")
    if _PLAIN.fullmatch(text):
        return Markup("<p>" + text.replace('"', "&quot;") + "</p>\n")
    return Markup(_md.render(text))
