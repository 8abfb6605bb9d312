"""The demo site in a real browser (Debian's chromium driven by Playwright): search in Chinese, filter, follow a
result to its item, larger text, no console errors, no request to another host; the layout at 360 to 1920 pixels
in both text sizes, permalinks and print; axe-core on every page type. Screenshots at 1280 and 360 pixels, and of
every page whose layout fails, are saved in test-artifacts/.

Without chromium the tests skip with the reason; in CI (CI=true) a missing chromium is a failure.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from gongkai.build import build
from gongkai.model.project import load_project
from gongkai.render.views import site_view

pytestmark = [pytest.mark.browser, pytest.mark.slow]

REPO = Path(__file__).resolve().parents[1]
ARTIFACTS = REPO / "test-artifacts"
BUILT: dict[str, Path] = {}  # the county behind each served address
NOW = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
HOSTILE_TEXT = "<img src=x onerror=alert(1)><script>alert(2)</script>"
UNBROKEN = "https://www.example.gov.cn/" + "0123456789" * 30
"""A cell that has nowhere to wrap, for the layout tests."""
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found:
        return found
    if os.environ.get("CI") == "true":
        pytest.fail("chromium is not installed, and CI must run the browser tests (.ci/run installs it)")
    pytest.skip("Debian's chromium is not installed (apt-get install chromium); browser tests skipped")


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args) -> None:
        pass


@pytest.fixture(scope="module")
def served(tmp_path_factory) -> str:
    """The demo county built with search into a temporary folder and served on 127.0.0.1 under a sub-path,
    as a county web host would place it."""
    county = tmp_path_factory.mktemp("demo")
    for name in ("catalogs", "domains"):
        shutil.copytree(REPO / name, county / name)
    shutil.copy(REPO / "gongkai.toml", county)
    village = county / "catalogs" / "dongqiao-cun.yaml"  # one item that says something hostile, for the search
    text = village.read_text(encoding="utf-8")  # and one long address
    village.write_text(
        text.replace("content: 本村低保对象", f"content: {HOSTILE_TEXT}本村低保对象 {UNBROKEN}", 1), encoding="utf-8"
    )
    build(county, county / "www" / "gongkai")
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_Quiet, directory=str(county / "www")))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    address = f"http://127.0.0.1:{server.server_address[1]}/gongkai/"
    BUILT[address] = county
    yield address
    server.shutdown()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    executable = chromium()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def open_page(browser, width: int = 1280, height: int = 900, large_text: bool = False):
    """A page in a fresh context (nothing stored from other tests), which records console problems, failed and
    refused requests and the hosts asked; with `large_text` the 大字版 switch was turned on earlier."""
    context = browser.new_context(viewport={"width": width, "height": height})
    if large_text:
        context.add_init_script("window.localStorage.setItem('gongkai-large-text', '1')")
    page = context.new_page()
    page.problems = []
    page.hosts = set()
    page.on("console", lambda m: m.type in ("error", "warning") and page.problems.append(f"{m.type}: {m.text}"))
    page.on("pageerror", lambda e: page.problems.append(f"pageerror: {e}"))
    page.on(  # a page left before its favicon arrived aborts the request; that is not a failure
        "requestfailed",
        lambda r: "ERR_ABORTED" not in (r.failure or "") and page.problems.append(f"failed: {r.url} {r.failure}"),
    )
    page.on("response", lambda r: r.status >= 400 and page.problems.append(f"HTTP {r.status}: {r.url}"))
    page.on("request", lambda r: page.hosts.add(urlsplit(r.url).hostname))
    return page


@pytest.fixture
def page(browser, served):
    page = open_page(browser)
    yield page
    page.context.close()


SETTLED = """() => {
  const s = document.getElementById('search-status');
  return s && s.textContent && !s.textContent.startsWith('正在');
}"""  # the search page has answered


def test_search_filter_and_follow_a_result_to_its_item(page, served):
    page.goto(served + "search.html")
    page.wait_for_selector("#search[data-ready]")
    search_box = page.get_by_role("searchbox", name="搜索公开事项")
    search_box.fill("救助")
    page.wait_for_function(SETTLED)
    message = page.locator("#search-status")
    all_results = message.inner_text()
    assert "救助" in all_results

    page.locator("input[name='公开方式'][value='依申请']").check()
    page.wait_for_function(
        f"m => document.querySelector('#search-status').innerText !== m && ({SETTLED})()", arg=all_results
    )
    filtered = message.inner_text()
    assert filtered != all_results and "救助" in filtered

    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "search-1280.png", full_page=True)

    first = page.locator(".search-item-name").first  # an item, not its unit·domain
    title = first.inner_text()
    first.click()
    page.wait_for_load_state("load")
    fragment = unquote(urlsplit(page.url).fragment)
    assert urlsplit(page.url).path.startswith("/gongkai/units/")
    target = page.locator(f"[id='{fragment}']")
    assert target.count() == 1
    assert target.locator("th[scope=row]").inner_text() == title
    assert page.evaluate("document.querySelector(':target') !== null")
    assert page.problems == []
    assert page.hosts == {"127.0.0.1"}


def test_search_results_show_hostile_text_as_text(page, served):
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(served + "search.html?q=onerror")
    page.wait_for_selector(".search-item")
    results = page.locator("#search-results")
    assert results.locator("img, script, svg, iframe").count() == 0
    assert HOSTILE_TEXT in results.inner_text()
    assert dialogs == [] and page.problems == []


def test_query_from_the_home_page_form(page, served):
    page.goto(served + "index.html")
    page.get_by_label("搜索公开事项").fill("招生")
    page.get_by_role("button", name="搜索", exact=True).click()
    page.wait_for_function(SETTLED)
    assert "招生" in page.locator("#search-status").inner_text()
    assert page.get_by_role("searchbox", name="搜索公开事项").input_value() == "招生"
    assert page.problems == []


def test_larger_text_switch_persists(page, served):
    page.goto(served + "units/donghu-zhen.html")
    size = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    switch = page.get_by_role("button", name="大字版")
    switch.click()
    assert page.evaluate("document.documentElement.classList.contains('large-text')")
    assert page.get_by_role("button", name="标准字号").get_attribute("aria-pressed") == "true"
    page.goto(served + "index.html")
    assert page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)") > size * 1.2
    assert page.problems == []


def test_phone_width_has_no_sideways_scroll(page, served):
    page.set_viewport_size({"width": 360, "height": 800})
    for path in ("index.html", "units/donghu-zhen.html", "domains/shehui-jiuzhu.html", "search.html"):
        page.goto(served + path)
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at 360px"
    page.goto(served + "search.html?q=低保")
    page.wait_for_selector(".search-result")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "search-360.png", full_page=True)
    page.goto(served + "units/donghu-zhen.html")
    page.screenshot(path=ARTIFACTS / "unit-360.png")
    assert page.problems == []


def test_keyboard_reaches_the_skip_link_first(page, served):
    page.goto(served + "index.html")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.getAttribute('href')")
    assert focused == "#main"
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("none", "")


# --- layout: every column on screen at the widths people use ------------------------------------------------------

WIDTHS = [360, 1024, 1280, 1440, 1920]
TEXT_SIZES = {"标准字号": False, "大字版": True}

LAYOUT_PROBLEMS = (Path(__file__).parent / "layout_problems.js").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def layout_pages(served) -> list[str]:
    """The pages whose layout is checked: the home page, the unit and the domain with the most items, the report,
    search results and the village with an address that cannot wrap."""
    site = site_view(load_project(BUILT[served]), NOW)
    unit = max(site.units, key=lambda unit: unit.item_count)
    domain = max(site.published_domains, key=lambda domain: domain.item_count)
    return ["index.html", unit.url, domain.url, "report.html", "search.html?q=低保", "units/dongqiao-cun.html"]


@pytest.mark.parametrize("text_size", TEXT_SIZES)
@pytest.mark.parametrize("width", WIDTHS)
def test_every_column_is_on_screen_without_sideways_scroll(browser, served, layout_pages, width, text_size):
    """No element wider than the screen, every header cell of every table inside the box that clips it and at
    least a character wide, no cell whose content is wider than it; a screenshot of each failing page is saved in
    test-artifacts/."""
    page = open_page(browser, width, 800, TEXT_SIZES[text_size])
    problems = []
    for path in layout_pages:
        page.goto(served + path)
        if path.startswith("search.html"):
            page.wait_for_selector(".search-result")
        assert page.evaluate("document.documentElement.classList.contains('large-text')") == TEXT_SIZES[text_size]
        found = page.evaluate(LAYOUT_PROBLEMS)
        if found:
            ARTIFACTS.mkdir(exist_ok=True)
            name = path.split("?")[0].replace("/", "-").removesuffix(".html")
            page.screenshot(path=ARTIFACTS / f"layout-{name}-{width}-{text_size}.png", full_page=True)
            problems += [f"{path}: {problem}" for problem in found]
    page.context.close()
    assert problems == []


@pytest.mark.parametrize(
    ("width", "text_size"), [(1280, "标准字号"), (1024, "大字版"), (1920, "大字版"), (360, "大字版")]
)
def test_a_permalink_lands_below_the_column_headers(browser, served, layout_pages, width, text_size):
    """An item's address shows its row highlighted, with the table's header rows (sticky) above it on screen; on a
    phone the card is on screen."""
    page = open_page(browser, width, 800, TEXT_SIZES[text_size])
    page.goto(served + layout_pages[1])
    anchors = page.evaluate("[...document.querySelectorAll('table.catalog')].map(t => t.tBodies[0].rows[2]?.id)")
    anchor = [a for a in anchors if a][len(anchors) // 2]  # a row inside a table half-way down the page
    page.goto(served + layout_pages[1] + "#" + anchor)
    row = page.locator(f"[id='{anchor}']")
    head = row.locator("xpath=ancestor::table/thead")
    page.wait_for_function("() => window.scrollY > 0")
    top = row.bounding_box()["y"]
    assert 0 <= top < 400
    assert page.evaluate("document.querySelector(':target')?.id") == anchor
    assert row.evaluate("r => getComputedStyle(r).backgroundColor") not in ("rgba(0, 0, 0, 0)", "transparent")
    if width > 960:  # the table, not the cards
        box = head.bounding_box()
        assert box["y"] >= 0 and box["y"] + box["height"] <= top + 1, (box, top)
        assert head.locator("th", has_text="公开层级").is_visible()
    page.context.close()


@pytest.mark.parametrize("paper", [718, 1047], ids=["A4-portrait", "A4-landscape"])  # less 10 mm margins, 96 px/in
def test_printed_tables_fit_the_paper_with_their_headers_on_every_page(browser, served, layout_pages, paper):
    """In print the official table (not the cards) fits the paper whichever way it is turned; its header rows,
    led by the page's title and the date, are the table's header group, which chromium repeats on every page;
    headings and header rows keep to what follows them; the page asks for A4 landscape."""
    page = open_page(browser, paper, 1000)
    page.emulate_media(media="print")
    for path in layout_pages[1:3]:
        page.goto(served + path)
        assert page.evaluate(LAYOUT_PROBLEMS) == [], path
        head = page.locator("table.catalog thead").first
        assert head.evaluate("h => getComputedStyle(h).display") == "table-header-group"
        assert head.locator("th", has_text="公开层级").is_visible()
        running = head.locator("tr.print-only").inner_text()
        assert page.locator("h1").inner_text() in running and re.search(r" · \d{4}-\d\d-\d\d$", running), running
        kept = page.locator("h2, caption, table.catalog thead").evaluate_all(
            "all => all.map(e => getComputedStyle(e).breakAfter)"
        )
        assert set(kept) == {"avoid"}
        assert page.locator("nav.toc").is_hidden() and page.locator(".downloads").is_hidden()
    rules = "[...document.styleSheets].flatMap(s => [...s.cssRules]).filter(r => r instanceof CSSPageRule)"
    assert page.evaluate(f"{rules}.map(r => r.style.size.toLowerCase())") == ["a4 landscape"]
    page.context.close()


AXE_PAGES = [
    "index.html",
    "units/donghu-zhen.html",
    "domains/shehui-jiuzhu.html",
    "report.html",
    "sitemap.html",
    "updates.html",
    "updates/donghu-zhen.html",
    "404.html",
    "search.html?q=低保",
]


@pytest.fixture(scope="module")
def axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


@pytest.mark.parametrize(("width", "text_size"), [(1280, "标准字号"), (360, "大字版")])
@pytest.mark.parametrize("path", AXE_PAGES)
def test_axe_finds_no_serious_or_critical_violation(browser, served, axe, path, width, text_size):
    page = open_page(browser, width, 800, TEXT_SIZES[text_size])
    page.goto(served + path)
    if path.startswith("search.html"):
        page.wait_for_selector(".search-result")
    violations = axe.run(page).response["violations"]
    page.context.close()
    serious = [
        f"{v['id']} ({v['impact']}): {v['help']} at {[node['target'] for node in v['nodes'][:3]]}"
        for v in violations
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == []
