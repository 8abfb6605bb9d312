"""Where things are on the site, for every stage that links to them (the views, the history, the feed, search)."""

from __future__ import annotations

import hashlib


def unit_url(slug: str) -> str:
    """A unit's page, relative to the site root."""
    return f"units/{slug}.html"


def anchor(domain_id: str, identity: str) -> str:
    """An item's permalink anchor: stable while its domain and identity (name or `id:`) stay the same."""
    digest = hashlib.sha1(f"{domain_id}/{identity}".encode()).hexdigest()[:8]
    return f"{domain_id}-{digest}"
