"""The search page in Debian's chromium (as tests/test_browser.py drives it): a county whose names and elements
are HTML and script payloads runs no script on any page of its site with the Content-Security-Policy stripped,
search included (issue 14); Chinese queries find phrases, not scattered characters; every matching item of a
unit·domain is reachable from its one result; the search is kept in the address (issue 17).
"""

from __future__ import annotations

import json
import re
import shutil
import threading
from functools import partial
from http.server import ThreadingHTTPServer
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

import pytest
from ruamel.yaml import YAML

from gongkai.build import build
from gongkai.model.project import load_project
from gongkai.render.views import site_view
from gongkai.search import name_pinyin, row_text
from tests import test_browser
from tests.test_browser import ARTIFACTS, NOW, REPO, SETTLED, _Quiet

pytestmark = [pytest.mark.browser, pytest.mark.slow]
browser = test_browser.browser  # the fixture: one chromium for the module

PAYLOAD = (
    '<img src=x onerror=window.__pwned=1>"><script>window.__pwned=1</script>'
    "<svg onload=window.__pwned=1></svg>'\"><iframe src=javascript:window.__pwned=1></iframe>"
    " [点我](javascript:window.__pwned=1) <a href=javascript:window.__pwned=1>链接</a> {{ 7*7 }}"
)
HOSTILE_UNITS = ("huangtan-xiang", "xian-minzheng-ju")
TEXT_FIELDS = ("category", "name", "content", "basis", "deadline", "owner")
LIVE = """() => [
  ...document.querySelectorAll('img[src="x"], svg, iframe, script:not([src]), [onerror], [onload]'),
  ...[...document.querySelectorAll('a[href], iframe[src]')]
    .filter(e => /^\\s*javascript:/i.test(e.getAttribute('href') || e.getAttribute('src') || '')),
].map(e => e.outerHTML.slice(0, 120))"""


def hostile_county(root: Path) -> None:
    """The demo county with a payload after every text of two units' catalogs (unit name, short name, contact,
    each item's elements and channels) and after the name of the domain they share."""
    for name in ("catalogs", "domains"):
        shutil.copytree(REPO / name, root / name)
    shutil.copy(REPO / "gongkai.toml", root)
    yaml = YAML(typ="safe")
    for slug in HOSTILE_UNITS:
        path = root / "catalogs" / f"{slug}.yaml"
        data = yaml.load(path.read_text(encoding="utf-8"))
        for key in ("name", "short", "contact"):
            if data["unit"].get(key):
                data["unit"][key] += PAYLOAD
        for items in data["domains"].values():
            for item in items:
                for key in TEXT_FIELDS:
                    if item.get(key):
                        item[key] += PAYLOAD
                item["channel"] = [*item.get("channel", []), "公告栏" + PAYLOAD]
        path.write_text(json.dumps(data, ensure_ascii=False, default=str), encoding="utf-8")
    domain = root / "domains" / "shehui-jiuzhu.yaml"
    data = yaml.load(domain.read_text(encoding="utf-8"))
    data["name"] += PAYLOAD
    domain.write_text(json.dumps(data, ensure_ascii=False, default=str), encoding="utf-8")


class _WithoutCSP(_Quiet):
    """A web host that drops the page's Content-Security-Policy (as CMS front ends do)."""

    def send_head(self):
        body = super().send_head()
        if body is None or not self.path.split("?")[0].endswith((".html", "/")):
            return body
        import io

        html = body.read().decode("utf-8")
        body.close()
        stripped = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", html).encode("utf-8")
        assert b"Content-Security-Policy" not in stripped
        return io.BytesIO(stripped)

    def send_header(self, keyword, value):
        if keyword.lower() == "content-length" and self.path.split("?")[0].endswith((".html", "/")):
            return  # the stripped page is shorter; the connection closes after it
        super().send_header(keyword, value)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    hostile_county(root)
    out = root / "www" / "gongkai"  # where the demo's base_url puts it (the 404 page links from there)
    build(root, out)
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_WithoutCSP, directory=str(root / "www")))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/gongkai/", out, root
    server.shutdown()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.problems = []
    page.on("console", lambda m: m.type == "error" and page.problems.append(f"{m.type}: {m.text}"))
    page.on("pageerror", lambda e: page.problems.append(f"pageerror: {e}"))
    page.on("dialog", lambda d: (page.problems.append(f"dialog: {d.message}"), d.dismiss()))
    yield page
    context.close()


def settled(page, address: str) -> str:
    page.goto(address)
    page.wait_for_function(SETTLED)
    return page.inner_text("#search-status")


def test_no_payload_runs_on_any_page_without_the_csp(page, hostile):
    base, out, _ = hostile
    pages = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.html"))
    assert len(pages) > 40 and "search.html" in pages
    for path in pages:
        page.goto(base + path)
        page.wait_for_load_state("load")
        assert page.evaluate("window.__pwned") is None, path
        assert page.evaluate(LIVE) == [], path
    text = page.content()
    assert "Content-Security-Policy" not in text  # the host really stripped it
    assert page.problems == []


@pytest.mark.parametrize("query", ["onerror", "低保", "pwned", "script"])
def test_search_with_payloads_in_results_and_filters_shows_them_as_text(page, hostile, query):
    base, _, _ = hostile
    status = settled(page, base + f"search.html?q={quote(query)}")
    assert status.startswith("找到"), status
    filters = page.locator("#search-filters")
    assert filters.get_attribute("open") is not None  # open at 1280 px: every filter label is in the page
    hostile_unit = page.locator(".search-filter-value", has_text="<img src=x onerror")
    assert hostile_unit.count() >= 2  # the two units, the domain
    hostile_unit.first.locator("input").check()
    page.wait_for_function(SETTLED)
    page.wait_for_selector(".search-result")
    expand_all(page)
    shown = page.inner_text("#search-results")
    assert "<img src=x onerror=window.__pwned=1>" in shown
    assert page.evaluate("window.__pwned") is None
    assert page.evaluate(LIVE) == []
    assert page.locator("#search mark").count() > 0
    for href in page.eval_on_selector_all("#search a", "links => links.map(a => a.href)"):
        assert href.startswith(base), href
    assert page.problems == []


# --- search quality on the demo -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    root = tmp_path_factory.mktemp("demo")
    for name in ("catalogs", "domains"):
        shutil.copytree(REPO / name, root / name)
    shutil.copy(REPO / "gongkai.toml", root)
    out = root / "www" / "gongkai"
    build(root, out)
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_Quiet, directory=str(root / "www")))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    site = site_view(load_project(root), NOW)
    yield f"http://127.0.0.1:{server.server_address[1]}/gongkai/", site
    server.shutdown()


def row(view) -> str:
    return f"{view.item.title}\n{row_text(view.item)}".lower()


def matching(site, query: str) -> list:
    """The ground truth: the items whose row (name and elements) holds the query as written."""
    return [v for v in site.items if query.lower() in row(v)]


def expand_all(page) -> None:
    while page.locator(".search-expand").count():
        page.locator(".search-expand").first.click()


def shown_items(page) -> list[tuple[str, str]]:
    """Every item of every result (expanded), as (name, link)."""
    while page.locator("#search-more").is_visible():
        count = page.locator(".search-result").count()
        page.click("#search-more")
        page.wait_for_function(f"() => document.querySelectorAll('.search-result').length > {count}")
    expand_all(page)
    return page.eval_on_selector_all(
        ".search-item-name", "links => links.map(a => [a.textContent, a.getAttribute('href')])"
    )


@pytest.mark.parametrize("query", ["低保", "执法", "危房", "临时救助", "办事指南", "救"])
def test_a_query_finds_exactly_the_items_whose_row_holds_it(page, demo, query):
    base, site = demo
    expected = matching(site, query)
    status = settled(page, base + f"search.html?q={quote(query)}")
    assert status.startswith(f"找到 {len(expected)} 项"), status
    sections = page.locator(".search-result h2").all_inner_texts()
    assert len(sections) == len(set(sections)), "one result per unit·domain"
    items = shown_items(page)
    assert sorted(unquote(urlsplit(href).fragment) for _, href in items) == sorted(v.anchor for v in expected)
    assert {name for name, _ in items} == {v.item.title for v in expected}, "names as written, no index spaces"
    marks = page.locator(".search-item mark").all_inner_texts()
    assert marks and {m.lower() for m in marks} == {query.lower()}, "the phrase is marked, not its characters"
    assert page.problems == []


def test_the_item_whose_name_is_the_query_comes_first(page, demo):
    base, _ = demo
    name = "临时救助备用金使用情况"
    settled(page, base + f"search.html?q={quote(name)}")
    assert page.locator(".search-item-name").first.inner_text() == name


def test_a_typo_finds_nothing_instead_of_one_character_and_suggests_the_word_it_missed(page, demo):
    base, site = demo
    assert settled(page, base + f"search.html?q={quote('低宝')}") == "没有找到包含“低宝”的事项"
    assert page.locator(".search-result").count() == 0
    page.wait_for_selector("#search-suggest:not([hidden])")
    assert page.locator("#search-suggest").inner_text() == "是否要找：低保"
    page.click("#search-suggest a")
    page.wait_for_function("() => /^找到 \\d+ 项/.test(document.getElementById('search-status').textContent)")
    assert page.input_value("#search-q") == "低保"
    assert page.locator("#search-status").inner_text().startswith(f"找到 {len(matching(site, '低保'))} 项")
    assert page.locator("#search-suggest").is_hidden()
    assert page.problems == []


def test_a_query_near_no_word_suggests_nothing(page, demo):
    base, _ = demo
    assert settled(page, base + f"search.html?q={quote('魑魅魍魉')}") == "没有找到包含“魑魅魍魉”的事项"
    page.wait_for_load_state("networkidle")  # the word list has been read
    assert page.locator("#search-suggest").is_hidden()


def test_filters_are_exact_per_item(page, demo):
    base, site = demo
    query = "救助"
    settled(page, base + f"search.html?q={quote(query)}&公开方式=依申请")
    expected = [v for v in matching(site, query) if "依申请" in (v.item.method or [])]
    assert expected and len(expected) < len(matching(site, query))
    assert sorted(unquote(urlsplit(h).fragment) for _, h in shown_items(page)) == sorted(v.anchor for v in expected)
    assert page.locator("input[name='公开方式'][value='依申请']").is_checked()


def test_the_address_keeps_the_search_and_back_restores_it(page, demo):
    base, _ = demo
    page.goto(base + "search.html")
    page.wait_for_selector("#search[data-ready]")
    page.get_by_label("搜索公开事项").fill("低保")
    page.wait_for_function(SETTLED)
    page.wait_for_function("() => location.search.includes('q=')")
    assert "q=" + quote("低保") in page.url
    page.locator("input[name='公开方式'][value='主动']").check()
    page.wait_for_function("() => location.search.includes(encodeURIComponent('公开方式'))")
    page.wait_for_function(SETTLED)
    before = page.inner_text("#search-status")
    page.locator(".search-item-name").first.click()
    page.wait_for_load_state("load")
    assert "/units/" in page.url
    page.go_back()
    page.wait_for_function(SETTLED)
    assert page.get_by_label("搜索公开事项").input_value() == "低保"
    assert page.locator("input[name='公开方式'][value='主动']").is_checked()
    assert page.inner_text("#search-status") == before


def test_enter_on_the_home_form_lands_on_the_results_with_focus(page, demo):
    base, _ = demo
    page.goto(base + "index.html")
    page.get_by_label("搜索公开事项").fill("招生")
    page.keyboard.press("Enter")
    page.wait_for_function(SETTLED)
    assert page.evaluate("document.activeElement.id") == "search-status"
    assert page.get_attribute("#search-status", "aria-live") == "polite"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('.search-result') !== null")


def test_on_a_phone_the_filters_are_collapsed_and_the_first_result_is_above_the_fold(page, demo):
    base, _ = demo
    page.set_viewport_size({"width": 360, "height": 740})
    settled(page, base + f"search.html?q={quote('低保')}")
    assert page.get_attribute("#search-filters", "open") is None
    top = page.evaluate("document.querySelector('.search-item-name').getBoundingClientRect().bottom")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "search-phone-360.png")
    assert top < 740
    assert page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0


@pytest.mark.parametrize(("query", "spelled", "full"), [("dibao", ["di", "bao"], True), ("db", ["d", "b"], False)])
def test_pinyin_and_its_initials_find_items_by_name(page, demo, query, spelled, full):
    """dibao and db find the items whose name says 低保 (or sounds or starts the same), names first."""
    base, site = demo

    def spoken(view) -> list[str]:
        return [s if full else s[:1] for s in name_pinyin(view.item.title)]

    def holds(said: list[str]) -> bool:
        return any(said[i : i + len(spelled)] == spelled for i in range(len(said)))

    expected = [v for v in site.items if holds(spoken(v)) or query in row(v)]
    assert any("低保" in v.item.title for v in expected)
    status = settled(page, base + f"search.html?q={query}")
    assert status.startswith(f"找到 {len(expected)} 项"), status
    items = shown_items(page)
    assert sorted(unquote(urlsplit(href).fragment) for _, href in items) == sorted(v.anchor for v in expected)
    first = page.locator(".search-item").first
    assert len(first.locator("mark").inner_text()) == 2  # the two characters said
    assert page.problems == []
