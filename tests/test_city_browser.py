"""The city's search in Debian's chromium (issue 20): one search over every county's index (merged in the
browser), an item of any county found, the 县 filter narrowing to one county, a result leading into that county's
pages; the hostile county name shown as text. Served under a sub-path, as a city's web host would place it."""

from __future__ import annotations

import threading
from functools import partial
from http.server import ThreadingHTTPServer
from urllib.parse import quote

import pytest

from gongkai.city.site import build_city
from tests import test_browser
from tests.test_browser import SETTLED, _Quiet
from tests.test_city import HOSTILE, make_city

pytestmark = [pytest.mark.browser, pytest.mark.slow]
browser = test_browser.browser  # the fixture: one chromium for the module


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    folder = tmp_path_factory.mktemp("city")
    with pytest.MonkeyPatch.context() as monkeypatch:
        city = make_city(folder, monkeypatch)
    build_city(city, folder / "www" / "shi")
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_Quiet, directory=str(folder / "www")))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/shi/"
    server.shutdown()


@pytest.fixture
def page(browser, served):
    page = test_browser.open_page(browser)
    yield page
    page.context.close()


def titles(page) -> list[str]:
    return page.eval_on_selector_all(".search-result-title", "nodes => nodes.map(n => n.textContent)")


def test_one_search_finds_items_of_every_county(page, served):
    page.goto(served + "search.html?q=" + quote("低保"))
    page.wait_for_function(SETTLED)
    found = titles(page)
    assert sorted(t.split(" · ")[0] for t in found) == sorted(["甲县", HOSTILE, "丙县"])
    assert all(" · 社会救助 · " in t for t in found)
    assert page.evaluate("document.querySelectorAll('img[src=\"x\"], [onerror]').length") == 0
    assert page.problems == [] and page.hosts == {"127.0.0.1"}


def test_the_county_filter_narrows_to_one_county_and_a_result_leads_into_it(page, served):
    page.goto(served + "search.html?q=" + quote("低保"))
    page.wait_for_function(SETTLED)
    counties = page.locator("fieldset", has=page.locator("legend", has_text="县"))
    labels = counties.locator(".search-filter-value").all_inner_texts()
    assert sorted(labels) == sorted(["甲县", HOSTILE, "丙县"])  # the hostile name as text
    counties.locator("label", has_text="丙县").locator("input").check()
    page.wait_for_function("() => [...document.querySelectorAll('.search-result-title')].length === 1")
    page.wait_for_function(SETTLED)
    assert [t.split(" · ")[0] for t in titles(page)] == ["丙县"]
    assert "%E5%8E%BF=%E4%B8%99%E5%8E%BF" in page.url  # 县=丙县 in the address
    first = page.locator(".search-item-name").first
    name = first.inner_text()
    first.click()
    page.wait_for_load_state("load")
    assert page.url.startswith(served + "counties/bing-xian/units/example-zhen.html#")
    target = page.evaluate("decodeURIComponent(location.hash.slice(1))")
    assert name in page.locator(f"[id='{target}']").inner_text()
    page.locator("a.city-link").click()
    page.wait_for_load_state("load")
    assert page.url == served + "index.html"
    assert page.problems == []


def test_the_hostile_countys_items_are_found_by_its_filter(page, served):
    page.goto(served + "search.html?q=" + quote("低保") + "&%E5%8E%BF=" + quote(HOSTILE))
    page.wait_for_function(SETTLED)
    assert [t.split(" · ")[0] for t in titles(page)] == [HOSTILE]
    assert page.evaluate("window.__pwned") is None and page.problems == []
