"""The demo county's site, built once and parsed: links, safety, page structure, the standard tables, every item
at its anchor, the home page's counts, the downloads, sitemap and the search index (SPEC §8)."""

from __future__ import annotations

import csv
import gzip
import io
import json
import posixpath
import re
import shutil
import tomllib
import xml.etree.ElementTree as ET
import zipfile
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from urllib.parse import unquote, urlsplit

import lxml.html
import openpyxl
import pytest
from jsonschema import Draft7Validator
from lxml.html import HtmlElement
from ruamel.yaml import YAML

from gongkai.build import BuildOptions, build
from gongkai.model.addresses import anchor
from gongkai.model.catalog import Item, Unit
from gongkai.model.project import Project, load_project
from gongkai.search import INDEX_LANGUAGE, bigrams, name_pinyin, row_text
from tests.conftest import GOOD_HEAD, GOOD_ITEM

DEMO = Path(__file__).parents[1]
EPOCH = "1780000000"
KIND_LABELS = {"township": "乡镇/街道", "department": "县直部门", "village": "村/社区"}
CSV_HEADER = (
    "序号,一级事项,二级事项,公开内容（要素）,公开依据,公开时限,公开主体,公开渠道和载体,公开对象,公开方式,公开层级"
)
TICK_GROUPS = ("公开对象", "公开方式", "公开层级")
TOP_HEADER = ["序号", "公开事项", "公开事项", "公开内容（要素）", "公开依据", "公开时限", "公开主体", "公开渠道和载体",
              "公开对象", "公开对象", "公开方式", "公开方式"]  # fmt: skip
BOTTOM_HEADER = ["序号", "一级事项", "二级事项", "公开内容（要素）", "公开依据", "公开时限", "公开主体",
                 "公开渠道和载体", "全社会", "特定群体", "主动", "依申请"]  # fmt: skip
URL_ATTRIBUTES = ("href", "src", "action", "formaction", "srcset", "poster", "cite", "data")
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XLSX_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
XLSX_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"


# --- the demo, built once -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    """One item of the demo as the catalogs say it (not as the site renders it)."""

    slug: str
    unit: Unit
    domain_id: str
    item: Item

    @property
    def anchor(self) -> str:
        return anchor(self.domain_id, self.item.identity)

    @property
    def page(self) -> str:
        return f"units/{self.slug}.html"

    @property
    def ticks(self) -> frozenset[str]:
        return frozenset([*(self.item.audience or ()), *(self.item.method or ()), *(self.item.level or ())])


@dataclass
class Site:
    """The built site and the project it was built from; pages are parsed once, on first use."""

    out: Path
    project: Project
    _pages: dict[str, HtmlElement] = field(default_factory=dict)
    _ids: dict[str, dict[str, list[HtmlElement]]] = field(default_factory=dict)

    def page(self, relative: str) -> HtmlElement:
        if relative not in self._pages:
            self._pages[relative] = lxml.html.fromstring((self.out / relative).read_bytes())
        return self._pages[relative]

    def ids(self, relative: str) -> dict[str, list[HtmlElement]]:
        """id → the elements carrying it, on page `relative`."""
        if relative not in self._ids:
            found: dict[str, list[HtmlElement]] = {}
            for element in self.page(relative).xpath("//*[@id]"):
                found.setdefault(element.get("id"), []).append(element)
            self._ids[relative] = found
        return self._ids[relative]

    @cached_property
    def pages(self) -> list[str]:
        return sorted(p.relative_to(self.out).as_posix() for p in self.out.rglob("*.html"))

    @cached_property
    def entries(self) -> list[Entry]:
        return [
            Entry(f.slug, f.catalog.unit, domain_id, item)
            for f in self.project.catalogs
            if f.catalog is not None
            for domain_id, _, item in f.items()
        ]

    @cached_property
    def units(self) -> dict[str, Unit]:
        return {f.slug: f.catalog.unit for f in self.project.catalogs if f.catalog is not None}

    @cached_property
    def published_domains(self) -> set[str]:
        return {e.domain_id for e in self.entries}

    def entries_of(self, *, slug: str | None = None, domain_id: str | None = None) -> list[Entry]:
        return [e for e in self.entries if slug in (None, e.slug) and domain_id in (None, e.domain_id)]


def copy_demo(target: Path) -> Path:
    """The demo's inputs in a temporary folder, so that the search cache and outputs stay out of the repository."""
    for folder in ("catalogs", "domains"):
        shutil.copytree(DEMO / folder, target / folder)
    shutil.copy2(DEMO / "gongkai.toml", target / "gongkai.toml")
    return target


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    """One build of the demo, with the search index: Pagefind adds under a second to a six-second build, so one
    build serves both the page checks and the search checks."""
    root = copy_demo(tmp_path_factory.mktemp("demo"))
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", EPOCH)
        result = build(root, root / "site", BuildOptions(search=True))
    assert result.lint.errors == 0
    return Site(result.out, load_project(root))


# --- helpers ------------------------------------------------------------------------------------------------------


def text(element: HtmlElement | None) -> str:
    return " ".join(element.text_content().split()) if element is not None else ""


def elements(root: HtmlElement) -> Iterator[HtmlElement]:
    """Every element in document order (comments and processing instructions left out)."""
    return (e for e in root.iter() if isinstance(e.tag, str))


def with_class(root: HtmlElement, tag: str, name: str) -> list[HtmlElement]:
    return root.xpath(f'.//{tag}[contains(concat(" ", normalize-space(@class), " "), " {name} ")]')


def one(found: list[HtmlElement]) -> HtmlElement | None:
    return found[0] if len(found) == 1 else None


def url_values(root: HtmlElement) -> Iterator[tuple[HtmlElement, str, str]]:
    """(element, attribute, value) for every attribute that holds a URL."""
    for element in elements(root):
        for name in URL_ATTRIBUTES:
            value = element.get(name)
            if value is None:
                continue
            if name == "srcset":
                yield from ((element, name, c.split()[0]) for c in value.split(",") if c.strip())
            else:
                yield element, name, value


SITE_PATH = "/gongkai/"
"""The path of the demo's base_url, which the 404 page links from."""


def resolve(page: str, link: str) -> tuple[str, str]:
    """A link on `page`, relative or from SITE_PATH → (path from the site root, fragment); the path is `page` for
    `#x` links."""
    parts = urlsplit(link)
    path = unquote(parts.path)
    if not path:
        return page, unquote(parts.fragment)
    if path.startswith(SITE_PATH):
        page, path = "index.html", path.removeprefix(SITE_PATH)
    target = posixpath.normpath(posixpath.join(posixpath.dirname(page), path))
    if path.endswith("/"):
        target = posixpath.join(target, "index.html")
    return target, unquote(parts.fragment)


def is_external(link: str) -> bool:
    parts = urlsplit(link.strip())
    return bool(parts.scheme or parts.netloc) or link.strip().startswith("//")


def describe(element: HtmlElement) -> str:
    return f"<{element.tag} {' '.join(f'{k}={v!r}' for k, v in element.attrib.items())}>"[:160]


def header_grid(table: HtmlElement) -> list[list[HtmlElement]]:
    """The table's header rows as a grid, each cell repeated over the columns and rows it spans. The row shown only
    in print (the page's title and date, repeated on every printed page) is not a header of the columns."""
    rows = table.xpath("./thead/tr[not(contains(concat(' ', @class, ' '), ' print-only '))]")
    grid: list[dict[int, HtmlElement]] = [{} for _ in rows]
    for r, row in enumerate(rows):
        column = 0
        for cell in row.xpath("./th|./td"):
            while column in grid[r]:
                column += 1
            span = int(cell.get("colspan", 1))
            for dr in range(int(cell.get("rowspan", 1))):
                for dc in range(span):
                    if r + dr < len(grid):
                        grid[r + dr][column + dc] = cell
            column += span
    return [[cells[c] for c in sorted(cells)] for cells in grid]


def body_rows(table: HtmlElement) -> list[HtmlElement]:
    return table.xpath("./tbody/tr")


def row_cells(row: HtmlElement) -> list[HtmlElement]:
    return row.xpath("./td|./th")


def row_header(row: HtmlElement | None) -> HtmlElement | None:
    return one(row.xpath('./th[@scope="row"]')) if row is not None else None


def ticked(table: HtmlElement, row: HtmlElement) -> tuple[frozenset[str], frozenset[str]]:
    """(the labels of the table's tick columns, those ticked in `row`)."""
    top, bottom = ([text(cell) for cell in line] for line in header_grid(table))
    columns, chosen = set(), set()
    for group, label, cell in zip(top, bottom, row_cells(row), strict=False):
        if group in TICK_GROUPS:
            columns.add(label)
            if "√" in text(cell):
                chosen.add(label)
    return frozenset(columns), frozenset(chosen)


def numbers(element: HtmlElement | None) -> list[int]:
    """The numbers in a card's count, e.g. `12 项 · 3 个单位` → [12, 3]."""
    return [int(n) for n in re.findall(r"\d+", text(element))]


def fail_if(problems: list[str]) -> None:
    assert not problems, f"{len(problems)} problem(s):\n" + "\n".join(problems[:60])


# --- links and safety ---------------------------------------------------------------------------------------------


def test_every_internal_link_and_fragment_resolves(site: Site) -> None:
    problems = []
    for page in site.pages:
        for element, attribute, link in url_values(site.page(page)):
            if is_external(link):
                continue  # the next test reports it
            target, fragment = resolve(page, link)
            where = f"{page}: {element.tag}[{attribute}={link!r}]"
            if target.startswith("../") or not (site.out / target).is_file():
                problems.append(f"{where} → missing file {target}")
            elif fragment and (not target.endswith(".html") or fragment not in site.ids(target)):
                problems.append(f"{where} → no id {fragment!r} in {target}")
    fail_if(problems)


def platform_links(site: Site) -> dict[str, str]:
    """The county platform's addresses outside the site that the footer links to ([site] settings), by label."""
    s = site.project.config.site
    return {"政府信息公开指南": s.guide_url, "依申请公开": s.apply_url, "我为政府网站找错": s.report_error,
            s.icp: s.icp_url, s.police: s.police_link}  # fmt: skip


def test_no_absolute_urls_inline_scripts_styles_or_javascript(site: Site) -> None:
    """Nothing is loaded from another host; the only addresses outside the site are the links to the county's
    platform and the filing sites."""
    problems = []
    links = set(platform_links(site).values())
    for page in site.pages:
        root = site.page(page)
        for element, attribute, link in url_values(root):
            if is_external(link) and not (element.tag == "a" and attribute == "href" and link in links):
                problems.append(f"{page}: absolute URL {element.tag}[{attribute}={link!r}]")
            if re.sub(r"[\s\x00-\x1f]", "", link).lower().startswith(("javascript:", "vbscript:", "data:text")):
                problems.append(f"{page}: script URL {element.tag}[{attribute}={link!r}]")
        for script in root.iter("script"):
            if not script.get("src") or (script.text or "").strip():
                problems.append(f"{page}: inline script {describe(script)}")
        problems += [f"{page}: <style> element" for _ in root.iter("style")]
        for element in elements(root):
            if "style" in element.attrib:
                problems.append(f"{page}: style attribute on {describe(element)}")
            problems += [f"{page}: event handler on {describe(element)}" for a in element.attrib if a.startswith("on")]
    for css in sorted((site.out / "static").glob("*.css")):
        source = css.read_text(encoding="utf-8")
        for link in re.findall(r"url\(\s*['\"]?([^'\")]+)", source):
            if is_external(link):
                problems.append(f"static/{css.name}: url({link})")
        if re.search(r"@import", source):
            problems.append(f"static/{css.name}: @import")
    fail_if(problems)


# --- every page ---------------------------------------------------------------------------------------------------


def csp_directives(content: str) -> dict[str, list[str]]:
    directives = {}
    for part in content.split(";"):
        if part.strip():
            name, *values = part.split()
            directives[name.lower()] = values
    return directives


def focusable(element: HtmlElement) -> bool:
    if any(e.get("hidden") is not None for e in (element, *element.iterancestors())):
        return False
    if element.get("tabindex") is not None:
        return int(element.get("tabindex")) >= 0
    if element.tag in ("a", "area"):
        return element.get("href") is not None
    if element.get("disabled") is not None:
        return False
    if element.tag == "input":
        return element.get("type") != "hidden"
    return element.tag in ("button", "select", "textarea", "summary", "iframe")


def test_every_page_has_the_common_structure(site: Site) -> None:
    config = tomllib.loads((DEMO / "gongkai.toml").read_text(encoding="utf-8"))["site"]
    footer_values = [config[key] for key in ("org", "contact", "site_code", "icp", "police") if config.get(key)]
    assert len(footer_values) == 5, "the demo's gongkai.toml should fill every footer field"
    problems = []
    for page in site.pages:
        root = site.page(page)
        if root.tag != "html" or root.get("lang") != "zh-CN":
            problems.append(f"{page}: <{root.tag} lang={root.get('lang')!r}>, not <html lang='zh-CN'>")
        csp = one([m for m in root.iter("meta") if (m.get("http-equiv") or "").lower() == "content-security-policy"])
        directives = csp_directives(csp.get("content", "")) if csp is not None else {}
        if directives.get("default-src") != ["'self'"]:
            problems.append(f"{page}: CSP default-src is {directives.get('default-src')!r}")
        if "'wasm-unsafe-eval'" not in directives.get("script-src", []):
            problems.append(f"{page}: CSP script-src is {directives.get('script-src')!r}, without 'wasm-unsafe-eval'")
        if any("'unsafe-inline'" in values or "'unsafe-eval'" in values for values in directives.values()):
            problems.append(f"{page}: CSP allows 'unsafe-inline' or 'unsafe-eval'")
        first = next((e for e in elements(root.body) if focusable(e)), None)
        if first is None or first.tag != "a" or first.get("href") != "#main":
            problems.append(f"{page}: the first focusable element is {first is not None and describe(first)}")
        mains = root.xpath("//main")
        if len(mains) != 1 or mains[0].get("id") != "main":
            problems.append(f"{page}: expected one <main id='main'>, found {[describe(m) for m in mains]}")
        if len(root.xpath("//h1")) != 1:
            problems.append(f"{page}: {len(root.xpath('//h1'))} <h1> elements")
        if not text(one(root.xpath("/html/head/title"))):
            problems.append(f"{page}: no <title>")
        footer = text(one(root.xpath("//footer")))
        problems += [f"{page}: the footer lacks {value!r}" for value in footer_values if value not in footer]
        ids = site.ids(page)
        problems += [f"{page}: id {i!r} used {len(e)} times" for i, e in ids.items() if len(e) > 1]
        for element in root.xpath("//*[@aria-labelledby or @aria-describedby]"):
            references = f"{element.get('aria-labelledby', '')} {element.get('aria-describedby', '')}".split()
            problems += [f"{page}: {describe(element)} refers to a missing id" for r in references if r not in ids]
        problems += [
            f"{page}: <label for={label.get('for')!r}> names no element"
            for label in root.xpath("//label[@for]")
            if label.get("for") not in ids
        ]
    fail_if(problems)


def test_every_footer_links_the_site_map_and_the_county_platform(site: Site) -> None:
    links = platform_links(site)
    assert all(links.values()), "the demo's gongkai.toml should fill every platform link"
    assert links[site.project.config.site.police] == "https://beian.mps.gov.cn/#/query/webSearch?code=00000000000000"
    problems = []
    for page in site.pages:
        footer = one(site.page(page).xpath("//footer"))
        found = {text(a): a.get("href") for a in footer.iter("a")}
        problems += [f"{page}: 「{label}」 links to {found.get(label)!r}" for label, href in links.items()
                     if found.get(label) != href]  # fmt: skip
        if resolve(page, found.get("网站地图", ""))[0] != "sitemap.html":
            problems.append(f"{page}: 网站地图 links to {found.get('网站地图')!r}")
    fail_if(problems)


def test_the_site_map_page_links_every_domain_and_unit_page(site: Site) -> None:
    linked = {resolve("sitemap.html", a.get("href"))[0] for a in site.page("sitemap.html").xpath("//main//a[@href]")}
    pages = {p for p in site.pages if p.startswith(("units/", "domains/"))}
    assert pages <= linked
    assert {"index.html", "search.html", "report.html", "updates.html"} <= linked


def test_every_table_has_scoped_header_cells(site: Site) -> None:
    problems = []
    for page in site.pages:
        for n, table in enumerate(site.page(page).iter("table"), start=1):
            headers = table.xpath(".//th")
            if not headers:
                problems.append(f"{page}: table {n} has no <th>")
            for th in headers:
                if th.get("scope") not in ("col", "row", "colgroup", "rowgroup"):
                    problems.append(f"{page}: table {n}: <th> {text(th)!r} has scope={th.get('scope')!r}")
                if int(th.get("colspan", 1)) > 1 and th.get("scope") != "colgroup":
                    problems.append(f"{page}: table {n}: <th> {text(th)!r} spans columns but is not a colgroup")
    fail_if(problems)


def test_catalog_tables_have_the_standard_two_row_header(site: Site) -> None:
    problems = []
    tables = 0
    for page in site.pages:
        for n, table in enumerate(with_class(site.page(page), "table", "catalog"), start=1):
            tables += 1
            grid = header_grid(table)
            if len(grid) != 2:
                problems.append(f"{page}: catalog table {n} has {len(grid)} header rows")
                continue
            top, bottom = ([text(cell) for cell in row] for row in grid)
            levels = bottom[len(BOTTOM_HEADER) :]
            if top != TOP_HEADER + ["公开层级"] * len(levels) or bottom[: len(BOTTOM_HEADER)] != BOTTOM_HEADER:
                problems.append(f"{page}: catalog table {n} header is\n  {top}\n  {bottom}")
            if levels not in (["县级", "乡级"], ["县级", "乡级", "村级"]):
                problems.append(f"{page}: catalog table {n} has 公开层级 columns {levels}")
            problems += [
                f"{page}: catalog table {n}: a row has {len(row_cells(row))} cells, the header {len(bottom)} columns"
                for row in body_rows(table)
                if len(row_cells(row)) != len(bottom)
            ]
    assert tables > 0
    fail_if(problems)


# --- every item at its place --------------------------------------------------------------------------------------


def test_every_item_is_one_row_of_its_unit_page(site: Site) -> None:
    problems = []
    for slug in site.units:
        page = f"units/{slug}.html"
        entries = site.entries_of(slug=slug)
        rows = [row for table in with_class(site.page(page), "table", "catalog") for row in body_rows(table)]
        if len(rows) != len(entries):
            problems.append(f"{page}: {len(rows)} rows for {len(entries)} items")
        for entry in entries:
            found = site.ids(page).get(entry.anchor, [])
            where = f"{page}#{entry.anchor} ({entry.domain_id} › {entry.item.name})"
            if len(found) != 1 or found[0].tag != "tr":
                problems.append(f"{where}: {len(found)} elements with this id ({[e.tag for e in found]})")
                continue
            row = found[0]
            if text(row_header(row)) != entry.item.name:
                problems.append(f"{where}: the 二级事项 cell is {text(row_header(row))!r}")
            columns, chosen = ticked(next(row.iterancestors("table")), row)
            if chosen != entry.ticks:
                problems.append(f"{where}: ticked {sorted(chosen)}, the catalog says {sorted(entry.ticks)}")
            if not entry.ticks <= columns:
                problems.append(f"{where}: no column for {sorted(entry.ticks - columns)}")
    fail_if(problems)


def test_every_domain_page_lists_each_item_of_its_domain_once(site: Site) -> None:
    pages = {p.removeprefix("domains/").removesuffix(".html") for p in site.pages if p.startswith("domains/")}
    assert pages == site.published_domains, "a page for each domain with items, and no other"
    problems = []
    for domain_id in sorted(site.published_domains):
        page = f"domains/{domain_id}.html"
        links: Counter[tuple[str, str]] = Counter()
        for table in with_class(site.page(page), "table", "catalog"):
            for row in body_rows(table):
                name = row_header(row)
                link = one(name.xpath("./a[@href]")) if name is not None else None
                if link is None:
                    problems.append(f"{page}: a row without a linked 二级事项: {text(row)[:60]!r}")
                    continue
                target, fragment = resolve(page, link.get("href"))
                links[target, fragment] += 1
                if text(row_header(one(site.ids(target).get(fragment, [])))) != text(name):
                    problems.append(f"{page}: {text(name)!r} links to {link.get('href')}, another item")
        expected = Counter((e.page, e.anchor) for e in site.entries_of(domain_id=domain_id))
        if links != expected:
            problems.append(f"{page}: rows link to {dict(links - expected)}, miss {dict(expected - links)}")
    fail_if(problems)


def test_withheld_entries_are_on_their_unit_page(site: Site) -> None:
    catalogs = [f for f in site.project.catalogs if f.catalog is not None and f.catalog.withheld]
    assert catalogs, "the demo should have units with a 负面清单"
    problems = []
    for file in catalogs:
        page = f"units/{file.slug}.html"
        section = one(site.ids(page).get("withheld", []))
        if section is None:
            problems.append(f"{page}: no #withheld section")
            continue
        rows = [(text(row_header(row)), text(row.xpath("./td")[-1])) for row in section.xpath(".//table/tbody/tr")]
        expected = [(w.name, w.basis or "") for w in file.catalog.withheld]
        if rows != expected:
            problems.append(f"{page}: 负面清单 rows {rows}, the catalog says {expected}")
    fail_if(problems)


# --- the home page ------------------------------------------------------------------------------------------------


def card(link: HtmlElement) -> tuple[str, list[int]]:
    """A home page card: (name, [its counts])."""
    return text(one(with_class(link, "span", "card-name"))), numbers(one(with_class(link, "span", "card-count")))


def test_home_page_lists_every_domain_and_unit_with_true_counts(site: Site) -> None:
    home = site.page("index.html")
    (domains_section,) = site.ids("index.html")["domains"]
    domains = {resolve("index.html", a.get("href"))[0]: card(a) for a in domains_section.xpath(".//a[@href]")}
    expected_domains = {}
    for domain_id in site.published_domains:
        entries = site.entries_of(domain_id=domain_id)
        expected_domains[f"domains/{domain_id}.html"] = (
            site.project.domains[domain_id].name,
            [len(entries), len({e.slug for e in entries})],
        )
    assert domains == expected_domains

    groups: dict[str, dict[str, tuple[str, list[int]]]] = {}
    (units_section,) = site.ids("index.html")["units"]
    for heading in units_section.xpath(".//h3"):
        cards = heading.xpath("following-sibling::ul[1]//a[@href]")
        groups[text(heading)] = {resolve("index.html", a.get("href"))[0]: card(a) for a in cards}
    expected_groups: dict[str, dict[str, tuple[str, list[int]]]] = {}
    for slug, unit in site.units.items():
        entries = site.entries_of(slug=slug)
        expected_groups.setdefault(KIND_LABELS[unit.kind], {})[f"units/{slug}.html"] = (
            unit.display_name,
            [len(entries), len({e.domain_id for e in entries})],
        )
    assert groups == expected_groups
    assert list(groups) == [label for label in KIND_LABELS.values() if label in groups], "kinds in their order"

    stats = [numbers(li)[0] for li in with_class(home, "ul", "stats")[0].xpath("./li")[:3]]
    assert stats == [len(site.units), len(site.entries), len(site.published_domains)]


# --- downloads ----------------------------------------------------------------------------------------------------


def download_pages(site: Site) -> list[tuple[str, list[Entry], tuple[str, ...]]]:
    """(page, the items of its downloads, the columns its csv adds after the standard ones)."""
    return [
        *((f"units/{s}.html", site.entries_of(slug=s), ("领域",)) for s in site.units),
        *((f"domains/{d}.html", site.entries_of(domain_id=d), ("单位",)) for d in sorted(site.published_domains)),
        ("index.html", site.entries, ("单位", "领域")),
    ]


def linked(site: Site, page: str, suffix: str) -> Path:
    links = [a.get("href") for a in site.page(page).xpath("//a[@href]") if a.get("href").endswith(suffix)]
    assert len(links) == 1, f"{page}: links to {suffix} files: {links}"
    return site.out / resolve(page, links[0])[0]


def merged_cells(path: Path) -> list[set[str]]:
    """Each sheet's merged ranges (`A1:T1`), in sheet order. Read from the XML: openpyxl's read-only mode, five
    times faster to load, does not expose them."""
    with zipfile.ZipFile(path) as archive:
        workbook = ET.fromstring(archive.read("xl/workbook.xml"))
        relations = ET.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
        targets = {r.get("Id"): r.get("Target") for r in relations}
        merged = []
        for sheet in workbook.iter(f"{XLSX_MAIN}sheet"):
            target = targets[sheet.get(f"{XLSX_REL}id")].removeprefix("/")
            xml = ET.fromstring(archive.read(target if target.startswith("xl/") else f"xl/{target}"))
            merged.append({cell.get("ref") for cell in xml.iter(f"{XLSX_MAIN}mergeCell")})
    return merged


def test_xlsx_downloads_have_the_standard_layout_and_every_item(site: Site) -> None:
    """A unit's workbook has a sheet per domain; a domain's one sheet, and the county's a sheet per domain, with a
    单位 column after the standard ones."""
    problems = []
    for page, entries, _ in download_pages(site):
        several = page == "index.html" or page.startswith("domains/")  # sheets of several units' items
        path = linked(site, page, ".xlsx")
        name = path.relative_to(site.out)
        workbook = openpyxl.load_workbook(path, read_only=True)
        domain_of = {d.name: d.id for d in site.project.domains.values()}
        sheets = {e.domain_id for e in entries}
        if several and sorted(workbook.sheetnames) != sorted(n for n, i in domain_of.items() if i in sheets):
            problems.append(f"{name}: sheets {workbook.sheetnames}")
        rows: Counter[tuple] = Counter()
        for sheet, merged in zip(workbook.worksheets, merged_cells(path), strict=True):
            where = f"{name} [{sheet.title}]"
            title, head, labels, *items = sheet.iter_rows(values_only=True)
            last = openpyxl.utils.get_column_letter(len(labels))
            if several:
                if head[-1] != "单位" or f"{last}2:{last}3" not in merged:
                    problems.append(f"{where}: the last column is {head[-1]!r}, not 单位")
                units = {row[-1] for row in items}
                head, labels, items = head[:-1], labels[:-1], [row[:-1] for row in items]
            if not title[0] or f"A1:{last}1" not in merged:
                problems.append(f"{where}: title row {title[0]!r}, merged {sorted(merged)}")
            top = [head[c - 1] for c in (1, 2, 4, 5, 6, 7, 8, 9, 11, 13)]
            if top != ["序号", "公开事项", "公开内容（要素）", "公开依据", "公开时限", "公开主体", "公开渠道和载体",
                       "公开对象", "公开方式", "公开层级"]:  # fmt: skip
                problems.append(f"{where}: header row 2 is {head}")
            if several and units != {e.unit.name for e in entries if e.domain_id == domain_of[sheet.title]}:
                problems.append(f"{where}: 单位 are {sorted(units)}")
            levels = openpyxl.utils.get_column_letter(len(labels))
            if not {"A2:A3", "B2:C2", "D2:D3", "H2:H3", "I2:J2", "K2:L2", f"M2:{levels}2"} <= merged:
                problems.append(f"{where}: header merges are {sorted(merged)}")
            if list(labels[1:3]) != ["一级事项", "二级事项"] or list(labels[8:12]) != [
                "全社会",
                "特定群体",
                "主动",
                "依申请",
            ]:
                problems.append(f"{where}: header row 3 is {labels}")
            if list(labels[12:]) not in (["县级", "乡级"], ["县级", "乡级", "村级"]):
                problems.append(f"{where}: 公开层级 columns are {labels[12:]}")
            for number, row in enumerate(items, start=1):
                if row[0] != number:
                    problems.append(f"{where}: row {number + 3} is numbered {row[0]!r}")
                ticks = frozenset(label for label, value in zip(labels[8:], row[8:], strict=True) if value == "√")
                rows[row[2], row[1], ticks] += 1
        workbook.close()
        expected = Counter((e.item.name, e.item.category, e.ticks) for e in entries)
        if rows != expected:
            problems.append(
                f"{name}: rows not in the catalogs {dict(rows - expected)}, missing {dict(expected - rows)}"
            )
    fail_if(problems)


def test_csv_downloads_have_the_header_and_every_item(site: Site) -> None:
    """The standard single-row header, then 领域 in a unit's csv, 单位 in a domain's, both in the county's."""
    problems = []
    for page, entries, added in download_pages(site):
        path = linked(site, page, ".csv")
        name = path.relative_to(site.out)
        data = path.read_bytes()
        if not data.startswith(b"\xef\xbb\xbf"):
            problems.append(f"{name}: no UTF-8 BOM")
        header, *rows = csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""))
        if ",".join(header) != ",".join((CSV_HEADER, *added)):
            problems.append(f"{name}: the header is {header}")
        if [row[0] for row in rows] != [str(n) for n in range(1, len(rows) + 1)]:
            problems.append(f"{name}: 序号 are {[row[0] for row in rows]}")
        found = Counter(tuple(row[1:]) for row in rows)
        expected = Counter(
            (
                *(getattr(e.item, key) or "" for key in ("category", "name", "content", "basis", "deadline", "owner")),
                *("、".join(getattr(e.item, key) or ()) for key in ("channel", "audience", "method", "level")),
                *(e.unit.name if column == "单位" else site.project.domains[e.domain_id].name for column in added),
            )
            for e in entries
        )
        if found != expected:
            problems.append(
                f"{name}: rows not in the catalogs {dict(found - expected)}, missing {dict(expected - found)}"
            )
    fail_if(problems)


def test_downloads_are_named_in_chinese_at_ascii_paths(site: Site) -> None:
    """北岭镇政务公开标准目录.xlsx for staff (the `download` attribute), downloads/units/beiling-zhen.xlsx on the
    web host."""
    expected = {
        **{f"units/{slug}.html": f"{unit.display_name}政务公开标准目录" for slug, unit in site.units.items()},
        **{
            f"domains/{d}.html": f"{site.project.config.site.county}{site.project.domains[d].name}领域政务公开标准目录"
            for d in site.published_domains
        },
        "index.html": f"{site.project.config.site.county}政务公开标准目录",
    }
    problems = []
    for page, name in expected.items():
        for suffix in (".xlsx", ".csv"):
            (link,) = [a for a in site.page(page).xpath("//a[@href]") if a.get("href").endswith(suffix)]
            if link.get("download") != name + suffix or not link.get("href").isascii():
                problems.append(f"{page}: {link.get('href')} download={link.get('download')!r}, not {name}{suffix}")
    fail_if(problems)
    assert site.units["beiling-zhen"].display_name == "北岭镇"


def test_dataset_json_has_every_unit_and_item(site: Site) -> None:
    data = json.loads((site.out / "data" / "catalog.json").read_text(encoding="utf-8"))
    units = {unit["slug"]: unit for unit in data["units"]}
    assert set(units) == set(site.units)
    for slug, unit in units.items():
        assert unit["name"] == site.units[slug].name
        found = Counter(
            (domain_id, item["anchor"], item["name"], item["url"])
            for domain_id, items in unit["domains"].items()
            for item in items
        )
        expected = Counter(
            (e.domain_id, e.anchor, e.item.name, f"{e.page}#{e.anchor}") for e in site.entries_of(slug=slug)
        )
        assert found == expected, slug
    assert {d["id"] for d in data["domains"]} == site.published_domains


# --- sitemap, robots, 404 -----------------------------------------------------------------------------------------


def test_sitemap_lists_every_page_under_the_base_url(site: Site) -> None:
    """The demo's gongkai.toml sets base_url; the sitemap protocol wants full URLs."""
    base = "https://www.example.gov.cn/gongkai/"
    locs = [loc.text for loc in ET.parse(site.out / "sitemap.xml").getroot().iter(f"{SITEMAP}loc")]
    assert all(loc.startswith(base) for loc in locs)
    pages = [loc.removeprefix(base) for loc in locs]
    required = {"index.html", "search.html", "report.html"}
    required |= {f"domains/{d}.html" for d in site.published_domains} | {f"units/{s}.html" for s in site.units}
    assert required <= set(pages)
    assert len(pages) == len(set(pages)), "each page once"
    assert [page for page in pages if not (site.out / page).is_file()] == []


def test_no_sitemap_without_a_base_url(county, tmp_path: Path) -> None:
    county.write("donghu-zhen.yaml", GOOD_HEAD + GOOD_ITEM)
    out = build(county.root, tmp_path / "site", BuildOptions(search=False)).out
    assert not (out / "sitemap.xml").exists()
    assert "Sitemap" not in (out / "robots.txt").read_text(encoding="utf-8")


def test_the_schemas_are_published_with_a_schema_catalog(site: Site) -> None:
    """With base_url the site serves the editor schemas and a SchemaStore-style catalog of them: each entry's url
    is the file's address and its $id, and the published catalog schema accepts every demo catalog."""
    base = "https://www.example.gov.cn/gongkai/schemas/"
    catalog = json.loads((site.out / "schemas" / "catalog.json").read_text(encoding="utf-8"))
    assert catalog["$schema"] == "https://json.schemastore.org/schema-catalog.json"
    by_url = {entry["url"]: entry for entry in catalog["schemas"]}
    assert set(by_url) == {
        f"{base}{name}" for name in ("catalog.schema.json", "domain.schema.json", "config.schema.json")
    }
    assert by_url[f"{base}catalog.schema.json"]["fileMatch"] == ["**/catalogs/*.yaml"]
    for url, entry in by_url.items():
        schema = json.loads((site.out / "schemas" / url.removeprefix(base)).read_text(encoding="utf-8"))
        assert schema["$id"] == url and schema["$schema"] == "http://json-schema.org/draft-07/schema#"
        assert entry["name"] and entry["description"]
    validator = Draft7Validator(json.loads((site.out / "schemas" / "catalog.schema.json").read_bytes()))
    yaml = YAML(typ="safe")
    for path in sorted((DEMO / "catalogs").glob("*.yaml")):
        assert list(validator.iter_errors(json.loads(json.dumps(yaml.load(path), default=str)))) == [], path


def test_no_schemas_without_a_base_url(county, tmp_path: Path) -> None:
    """A schema's $id and the catalog's urls must be full addresses: without base_url none are published."""
    county.write("donghu-zhen.yaml", GOOD_HEAD + GOOD_ITEM)
    out = build(county.root, tmp_path / "site", BuildOptions(search=False)).out
    assert not (out / "schemas").exists()


def test_robots_and_404_exist(site: Site) -> None:
    assert (site.out / "robots.txt").is_file()
    assert "404.html" in site.pages
    links = {a.get("href") for a in site.page("404.html").xpath("//main//a[@href]")}
    assert {"/gongkai/index.html", "/gongkai/search.html"} <= links


def test_the_404_page_links_from_the_base_url_path(site: Site) -> None:
    """The server shows 404.html at any missing address, however deep, so its links cannot be relative."""
    page = site.page("404.html")
    targets = {*page.xpath("//@href"), *page.xpath("//@src")} - set(platform_links(site).values())
    assert targets and all(t.startswith((SITE_PATH, "#")) for t in targets), targets


# --- search -------------------------------------------------------------------------------------------------------


def test_search_index_holds_every_item_once_in_its_unit_domain_with_its_own_filters(site: Site) -> None:
    """A search page is a unit's items of one domain, leading to the domain's section of the unit's page; it
    carries each item as data (anchor, name, row text and its own filter values) and its words as bigrams;
    its Pagefind filters are the union of its items' values (search.py)."""
    entry = json.loads((site.out / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert list(entry["languages"]) == [INDEX_LANGUAGE], "no Chinese segmenter: the words are bigrams"
    fragments = []
    for path in sorted((site.out / "pagefind" / "fragment").glob("*.pf_fragment")):
        data = gzip.decompress(path.read_bytes())
        assert data.startswith(b"pagefind_dcd"), path
        fragments.append(json.loads(data.removeprefix(b"pagefind_dcd")))
    sections = {(e.page, e.domain_id) for e in site.entries}
    assert entry["languages"][INDEX_LANGUAGE]["page_count"] == len(fragments) == len(sections)
    by_url = {f"{e.page}#{e.anchor}": e for e in site.entries}
    problems, found = [], []
    for fragment in fragments:
        page, section = fragment["url"].split("#")
        data = json.loads(fragment["meta"]["items"])
        union: dict[str, set] = {key: set() for key in ("公开方式", "公开对象", "公开层级")}
        for item_anchor, name, text, method, audience, level, spoken in data["items"]:
            found.append(f"{page}#{item_anchor}")
            e = by_url[f"{page}#{item_anchor}"]
            if section != f"domain-{e.domain_id}" or not site.ids(page).get(section):
                problems.append(f"{fragment['url']}: not the section of {e.domain_id} on {page}")
            if (name, method, audience, level, spoken) != (
                e.item.name,
                e.item.method,
                e.item.audience,
                e.item.level,
                name_pinyin(e.item.name),
            ):
                problems.append(f"{page}#{item_anchor}: {name} {method} {audience} {level}, the catalog says {e.item}")
            if text != row_text(e.item) or " ".join(bigrams(e.item.name).split()) not in fragment["content"]:
                problems.append(f"{page}#{item_anchor}: its text or its words are not the catalog's")
            for key, values in zip(union, (method, audience, level), strict=True):
                union[key] |= set(values or ())
            if data["domain"] != site.project.domains[e.domain_id].name or data["unit"] != e.unit.display_name:
                problems.append(f"{page}#{item_anchor}: in {data['domain']} · {data['unit']}")
        expected = {"领域": {data["domain"]}, "单位": {data["unit"]}, **union}
        filters = {key: set(values) for key, values in fragment["filters"].items() if values}
        if filters != {key: values for key, values in expected.items() if values}:
            problems.append(f"{fragment['url']}: filters {fragment['filters']}, its items say {expected}")
    fail_if(problems)
    assert sorted(found) == sorted(by_url), "every item once"
    scripts = {resolve("search.html", s.get("src"))[0] for s in site.page("search.html").xpath("//script[@src]")}
    assert "static/search.js" in scripts and not any("pagefind-ui" in s for s in scripts)
    assert not list((site.out / "pagefind").glob("*-ui.*")), "Pagefind's HTML-rendering interfaces are left out"


def test_bigrams_are_the_index_words_of_chinese() -> None:
    assert bigrams("低保审批") == " 低保 保审 审批 批 "
    assert bigrams("2024年度低保、临时救助") == "2024 年度 度低 低保 保 、 临时 时救 救助 助 "
    assert bigrams("ＡＢＣ１２") == "ABC12", "full-width letters and digits as the query's NFKC"
