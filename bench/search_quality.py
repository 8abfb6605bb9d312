"""Search quality: the site's grouped index (one Pagefind page per unit, domain and filter values, items as
sub-results) against the one-page-per-item index gongkai used before, on the same county and the same 20 queries,
searched in Debian's chromium through Pagefind's own JavaScript API.

For each query: how many items each index finds (the grouped one counts the sub-results of every result; an item
that matches only by its domain's name is reached through its group, whose link goes to the domain's section),
and how many of the per-item index's top 5 items (by name) the grouped search shows on its first results page
(10 groups, up to 3 items each, as the search page does).
"""

from __future__ import annotations

import base64
import shutil
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

QUERIES = [
    *("低保", "招生", "危房改造", "救助", "补贴", "养老", "就业", "医疗", "户籍", "食品"),
    *("安全", "环境", "税收", "审批", "公示", "学校", "住房", "农村", "残疾", "价格"),
]

COMPARE = """async ({base, queries}) => {
  // As the site's search.js: the index holds every Chinese character as a word, a query is spaced the same way,
  // titles are shown without the spaces.
  const HAN = "\\u3400-\\u4dbf\\u4e00-\\u9fff\\uf900-\\ufaff";
  const spaced = (q) => q.replace(new RegExp(`([${HAN}])(?=[${HAN}])`, "g"), "$1 ");
  const unspaced = (t) => t.replace(new RegExp(`([${HAN}]) +(?=[${HAN}])`, "g"), "$1");
  const open = async (index) => {
    const pagefind = await import(`${base}${index}/pagefind.js`);
    await pagefind.options({basePath: `${base}${index}/`});
    return pagefind;
  };
  const items = await open("items"), groups = await open("groups");
  const out = {};
  for (const query of queries) {
    const a = await items.search(spaced(query));
    const top = await Promise.all(a.results.slice(0, 5).map((r) => r.data()));
    const b = await groups.search(spaced(query));
    const all = await Promise.all(b.results.map((r) => r.data()));
    const found = new Set(all.flatMap((d) => d.sub_results.map((s) => s.url)));
    const shown = all.slice(0, 10).flatMap((d) =>
      [...d.sub_results].sort((x, y) => y.locations.length - x.locations.length).slice(0, 3)
        .map((s) => unspaced(s.title)));
    out[query] = {
      items: a.results.length, groups: b.results.length, grouped_items: found.size,
      top: top.map((d) => d.meta.title.split(" · ")[0]), shown,
    };
  }
  return out;
}"""


def item_records(site) -> list[dict]:
    """The index gongkai wrote before grouping: one Pagefind record per item, leading to its anchor."""
    from gongkai.search import han_spaced

    records = []
    for view in site.items:
        item = view.item
        records.append({
            "url": view.url,
            "content": han_spaced("\n".join(
                x for x in (item.name, item.category, item.content, item.basis, item.owner) if x)),
            "language": "zh-cn",
            "meta": {"title": f"{item.name} · {view.unit.display_name} · {view.domain.name}"},
            "filters": {"领域": [view.domain.name], "单位": [view.unit.display_name], "公开方式": item.method or [],
                        "公开对象": item.audience or [], "公开层级": item.level or []},
        })  # fmt: skip
    return records


def index_items(records: list[dict], target: Path) -> None:
    from gongkai.search import _executable, _Service

    service = _Service(_executable())
    try:
        index_id = service.answer(service.send({"type": "NewIndex", "config": {}})).get("index_id")
        for record in records:
            service.send({"type": "AddRecord", "index_id": index_id, **record})
        answer = service.answer(service.send({"type": "GetFiles", "index_id": index_id}))
    finally:
        service.close()
    for file in answer["files"]:
        path = target / file["path"]
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(base64.b64decode(file["content"]))


@contextmanager
def served_in_chromium(folder: Path, chromium: str) -> Iterator[tuple[Any, str]]:
    """A page of chromium, and the address at which `folder` is served on 127.0.0.1."""
    from playwright.sync_api import sync_playwright

    quiet = type("Quiet", (SimpleHTTPRequestHandler,), {"log_message": lambda *_: None})
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(quiet, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
            yield browser.new_page(), f"http://127.0.0.1:{server.server_port}/"
            browser.close()
    finally:
        server.shutdown()


def compare(county: Path, chromium: str) -> tuple[dict, dict]:
    """Both indexes of `county` → (per query: the numbers above, seconds each index took)."""
    from gongkai import clock
    from gongkai.build import build_report, lint_for_build, load_project, site_view
    from gongkai.cache import Cache
    from gongkai.search import _executable, _run_pagefind, search_pages, write_files

    store = Cache.of_project(county)
    project = load_project(county, cache=store)
    now = clock.now()
    site = site_view(project, now, build_report(project, lint_for_build(project, store), now.date(), store))
    folder = Path(tempfile.mkdtemp(prefix="gongkai-search-quality-"))
    seconds = {}
    try:
        started = time.perf_counter()
        index_items(item_records(site), folder / "items")
        seconds["one page per item"] = time.perf_counter() - started
        started = time.perf_counter()
        write_files(_run_pagefind(_executable(), search_pages(site)), folder / "groups")
        seconds["grouped (the site's)"] = time.perf_counter() - started
        with served_in_chromium(folder, chromium) as (page, base):
            page.goto(base)
            results = page.evaluate(COMPARE, {"base": base, "queries": QUERIES})
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return results, seconds


def markdown(label: str, results: dict, seconds: dict) -> list[str]:
    lines = [
        f"### {label}: the same 20 queries, one page per item against grouped",
        "",
        "Indexing: " + ", ".join(f"{name} {s:.1f} s" for name, s in seconds.items()) + ".",
        "",
        "| query | items found, per item | items found, grouped | groups | per-item top 5 on the grouped first page |",
        "|---|---|---|---|---|",
    ]
    shown_total = 0
    for query, r in results.items():
        shown = sum(name in r["shown"] for name in r["top"])
        shown_total += shown
        lines.append(f"| {query} | {r['items']} | {r['grouped_items']} | {r['groups']} | {shown}/{len(r['top'])} |")
    lines += ["", f"Per-item top 5 shown on the grouped first page: {shown_total} of {5 * len(results)}.", "", *READING]
    return lines


READING = [
    "How to read it. Both indexes hold every Chinese character as a word and a query asks for all of its",
    "characters (search.py says why). Per item, an item is found when it holds them all. Grouped, a group is found",
    "when it holds them all, and each of its items that holds any of them is a sub-result: more items are found",
    "grouped, and the results page shows each group's items that hold the most of the query first, three to a",
    "group. Where the generated county repeats one item pattern in every unit (at 10k, fifty copies of each), the",
    "per-item top 5 is one pick among many equal scores and the overlap is low; where names are distinct it is",
    "high (the 1k table).",
    "",
]


SHORT_QUERIES = ["低保", "招生", "养老", "户籍"]


def first_page(site_dir: Path, chromium: str, queries: list[str] = SHORT_QUERIES) -> dict:
    """The built site's own search page (search.html?q=…) in chromium, for two-character queries: how many
    groups it finds, how long until results show, and the first item on the first page whose name holds the
    query, followed to its page to check that its anchor is there and names it."""
    out = {}
    with served_in_chromium(site_dir, chromium) as (page, base):
        for query in queries:
            started = time.perf_counter()
            page.goto(f"{base}search.html?q={query}")
            page.wait_for_selector(".pagefind-ui__result-nested .pagefind-ui__result-link", timeout=60_000)
            seconds = time.perf_counter() - started
            message = page.inner_text(".pagefind-ui__message")
            links = page.eval_on_selector_all(
                ".pagefind-ui__result-nested .pagefind-ui__result-link",
                "links => links.map(a => [a.textContent.trim(), a.href])",
            )
            name, href = next(((n, h) for n, h in links if query in n), (None, None))
            found = False
            if href:
                page.goto(href)
                anchor = href.split("#", 1)[1]
                found = query in page.inner_text(f'[id="{anchor}"] .name')
            out[query] = {"message": message, "seconds": seconds, "shown": len(links), "item": name,
                          "url": href and href.removeprefix(base), "anchor_names_it": found}  # fmt: skip
    return out


def first_page_markdown(label: str, results: dict) -> list[str]:
    lines = [
        f"### {label}: two-character queries on the site's search page",
        "",
        "Each query typed into search.html (as `?q=`) in chromium: what the page says, seconds until the first",
        "results show (page load included), and the first item on the first results page whose name holds the",
        "query, followed to its page, where its row's anchor must be and name it.",
        "",
        "| query | the page says | seconds | items on the first page | first item holding the query | its anchor |",
        "|---|---|---|---|---|---|",
    ]
    for query, r in results.items():
        anchor = "found, names it" if r["anchor_names_it"] else "**not found**"
        lines.append(f"| {query} | {r['message']} | {r['seconds']:.1f} | {r['shown']} | {r['item']} (`{r['url']}`) "
                     f"| {anchor} |")  # fmt: skip
    return [*lines, ""]
