"""Rendered tables kept in `.gongkai-cache/` between builds.

The standard tables are nearly all the work of rendering a page, and between two builds most of them are the same:
staff change one catalog at a time. `{% call cached(args…) %}` around a macro's body keeps what the body renders,
keyed by everything it can read — its arguments (a list of item views stands for its unit's catalog file digest,
domain and item numbers), the folder of the page (links are relative), every template, the site config, the
domains and the 最近更新 dates from history. The code's version is in every cache key. A body that reads
anything else must not be wrapped.
"""

from __future__ import annotations

import posixpath

from jinja2 import pass_context
from markupsafe import Markup

from gongkai.cache import TEXT, Cache, digest, plain
from gongkai.render.views import ItemView, SiteView


class Fragments:
    """The cache of one build's fragments; `templates` is the digest of the sources it renders with."""

    def __init__(self, cache: Cache, site: SiteView, templates: str):
        self.cache = cache
        self.site_key = digest(
            templates,
            repr(site.config),
            repr([(d.id, d.name) for d in site.domains]),
            repr(sorted(site.changed.items())),
        )

    def key(self, page: str, args: tuple) -> str | None:
        """The key of a body rendered with `args` on `page`, or None when an argument cannot be keyed."""
        parts = [self.site_key, posixpath.dirname(page)]
        for arg in args:
            if isinstance(arg, list) and arg and all(isinstance(v, ItemView) for v in arg):
                unit, domain = arg[0].unit, arg[0].domain
                if unit.digest is None or any(v.unit is not unit or v.domain is not domain for v in arg):
                    return None
                parts.append(repr((unit.slug, unit.digest, domain.id, [v.number for v in arg])))
            elif arg is None or isinstance(arg, str | bool | int):
                parts.append(repr(arg))
            else:
                return None
        return digest(*parts)


@pass_context
def cached(context, *args, caller) -> Markup:
    """`{% call cached(args…) %}body{% endcall %}`: the body as rendered before with the same key, else rendered
    now and kept."""
    site = context.get("site")
    fragments = getattr(site, "fragments", None)
    key = fragments.key(context["page"], args) if fragments else None
    if fragments is None or key is None:
        return caller()
    return Markup(fragments.cache.get_or_make(FRAGMENT, key, lambda: str(caller())))


FRAGMENT = plain("fragment", TEXT)
"""A rendered body: HTML that goes into pages as it is, which is why entries are signed (gongkai/cache.py)."""
