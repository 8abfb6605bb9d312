"""What the templates see: the county, its domains, units and items, arranged and sorted for reading.

Built once per build from the validated project; templates only format it.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from gongkai.config import SiteConfig
from gongkai.history import HistoryEntry, unit_history
from gongkai.model.addresses import anchor, unit_url
from gongkai.model.catalog import Catalog, Item, Withheld
from gongkai.model.domain import Domain
from gongkai.model.project import Project
from gongkai.model.vocab import KIND_LEVEL, UNIT_KINDS, pinyin_key
from gongkai.report import Report

if TYPE_CHECKING:
    from gongkai.render.fragments import Fragments
    from gongkai.render.progress import ProgressView


@dataclass
class ItemView:
    item: Item
    unit: UnitView
    domain: Domain
    number: int  # 序号 within the unit's table for this domain
    anchor: str

    @property
    def url(self) -> str:
        """Relative to the site root."""
        return f"{self.unit.url}#{self.anchor}"


@dataclass
class UnitView:
    slug: str
    catalog: Catalog
    digest: str | None = None  # of the catalog file's bytes, when it was read through the cache
    items_by_domain: dict[str, list[ItemView]] = field(default_factory=dict)
    parent: UnitView | None = None
    children: list[UnitView] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.catalog.unit.name

    @property
    def display_name(self) -> str:
        return self.catalog.unit.display_name

    @property
    def kind(self) -> str:
        return self.catalog.unit.kind

    @property
    def kind_label(self) -> str:
        return UNIT_KINDS[self.kind]

    @property
    def level(self) -> str:
        return KIND_LEVEL[self.kind]

    @property
    def url(self) -> str:
        return unit_url(self.slug)

    @property
    def updates_url(self) -> str:
        return f"updates/{self.slug}.html"

    @property
    def downloads(self) -> str:
        """The unit's .xlsx and .csv, without the suffix."""
        return f"downloads/units/{self.slug}"

    @property
    def withheld(self) -> list[Withheld]:
        return self.catalog.withheld

    @property
    def item_count(self) -> int:
        return sum(len(items) for items in self.items_by_domain.values())


@dataclass
class DomainView:
    domain: Domain
    units: list[tuple[UnitView, list[ItemView]]] = field(default_factory=list)

    @property
    def id(self) -> str:
        return self.domain.id

    @property
    def name(self) -> str:
        return self.domain.name

    @property
    def url(self) -> str:
        return f"domains/{self.domain.id}.html"

    @property
    def downloads(self) -> str:
        return f"downloads/domains/{self.domain.id}"

    @property
    def item_count(self) -> int:
        return sum(len(items) for _, items in self.units)


@dataclass
class SiteView:
    config: SiteConfig
    built: dt.datetime
    domains: list[DomainView]
    units: list[UnitView]
    report: Report | None = None
    search: bool = True  # whether the site has a search index
    history: list[HistoryEntry] | None = None  # newest first; None when the site has no 更新记录
    changed: dict[tuple[str, str, str], dt.date] = field(default_factory=dict)  # item → 最近更新
    fragments: Fragments | None = None  # tables rendered by earlier builds
    city: tuple[str, str] | None = None  # in a city's site: the city's name and its home from this site's root
    progress: ProgressView | None = None  # the 进展 page's data, with the history

    downloads = "downloads/catalog"
    """The whole county's .xlsx and .csv, without the suffix (the dataset is data/catalog.json)."""

    @cached_property
    def domain_names(self) -> dict[str, str]:
        return {d.id: d.name for d in self.domains}

    @cached_property
    def item_urls(self) -> frozenset[str]:
        """Every item's permalink: a change links to its item only when the item is on the site."""
        return frozenset(view.url for view in self.items)

    def last_changed(self, view: ItemView) -> dt.date | None:
        return self.changed.get((view.unit.slug, view.domain.id, view.item.identity))

    def unit_history(self, unit: UnitView) -> list[HistoryEntry]:
        return unit_history(self.history or [], unit.slug)

    @property
    def items(self) -> list[ItemView]:
        return [i for unit in self.units for items in unit.items_by_domain.values() for i in items]

    @property
    def item_count(self) -> int:
        return sum(unit.item_count for unit in self.units)

    @property
    def units_by_kind(self) -> list[tuple[str, list[UnitView]]]:
        """(乡镇/街道, [...]), (县直部门, [...]), (村/社区, [...]) — kinds without units left out."""
        groups = [(label, [u for u in self.units if u.kind == kind]) for kind, label in UNIT_KINDS.items()]
        return [(label, units) for label, units in groups if units]

    @property
    def published_domains(self) -> list[DomainView]:
        return [d for d in self.domains if d.units]

    @property
    def last_reviewed(self) -> dt.date | None:
        dates = [u.catalog.reviewed for u in self.units if u.catalog.reviewed]
        return max(dates) if dates else None


def site_view(project: Project, built: dt.datetime, report: Report | None = None, search: bool = True) -> SiteView:
    """Arrange a lint-clean project for the templates: domains in their official order, units by kind and
    pinyin, items in file order within each domain."""
    domains = {
        d.id: DomainView(d)
        for d in sorted(project.domains.values(), key=lambda d: (d.order or 10_000, pinyin_key(d.name)))
    }
    units = [UnitView(f.slug, f.catalog, f.digest) for f in project.catalogs if f.catalog is not None]
    units.sort(key=lambda u: (list(UNIT_KINDS).index(u.kind), pinyin_key(u.display_name)))
    by_slug = {u.slug: u for u in units}
    for unit in units:
        parent = by_slug.get(unit.catalog.unit.parent or "")
        if parent is not None:
            unit.parent = parent
            parent.children.append(unit)
    items_of: dict[str, list[tuple[UnitView, list[ItemView]]]] = defaultdict(list)
    for unit in units:
        for domain_id in [d for d in domains if d in unit.catalog.domains]:  # official order; unknown ones are GK107
            views = [
                ItemView(item, unit, domains[domain_id].domain, n, anchor(domain_id, item.identity or f"#{n}"))
                for n, item in enumerate(unit.catalog.domains[domain_id], start=1)
            ]
            if views:
                unit.items_by_domain[domain_id] = views
                items_of[domain_id].append((unit, views))
    for domain_id, view in domains.items():
        view.units = items_of.get(domain_id, [])
    return SiteView(project.config.site, built, list(domains.values()), units, report, search)
