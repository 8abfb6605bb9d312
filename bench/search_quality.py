"""Search quality, measured as a visitor's browser sees it: the built site's search page (search.html?q=…) in
Debian's chromium, for a list of everyday queries (2–6 characters, single characters, full item names, words no
item holds, a typo).

Ground truth: an item matches a query when its row (name, 一级事项, 公开内容, 公开依据, 公开时限, 公开主体,
公开渠道和载体) contains the query as written (ASCII letters in any case). For each query:

- precision: of the items on the first results page (as it opens, nothing expanded), those that match;
- recall: of the matching items (up to 100), those reachable from the results: every "该单位另有 N 项" expanded
  and "显示更多结果" followed until 100 items are shown or there are no more;
- seconds from typing the query into the loaded page until its results show;
- bytes of the search index (pagefind/) fetched to open the page and show the first results.

`python bench/search_quality.py SITE COUNTY` measures a built site (also the old Pagefind UI page, for a
before-and-after comparison: its result groups are read the same way).
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache, partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote

QUERIES = [
    *("低保", "危房", "补贴", "执法", "养老", "就业", "招生", "户籍", "公示", "审批", "医保", "消防"),
    *("临时救助", "办事指南", "危房改造", "公租房", "食品安全", "残疾人", "特困人员", "农村低保"),
    *("救", "房", "税"),
    *("dibao", "db", "linshijiuzhu", "weifang"),
    *("低保审批信息", "临时救助备用金使用情况", "城乡居民基本养老保险参保登记", "法律援助服务"),
    "低宝",
]
REACH = 100  # recall counts up to this many matching items per query

NEW_UI = "document.getElementById('search-status')"
SETTLED = """() => {
  const s = document.getElementById('search-status');
  if (s) return !!s.textContent && !s.textContent.startsWith('正在');
  const m = document.querySelector('.pagefind-ui__message');
  return !!m && !!m.textContent && !/^正在搜索/.test(m.textContent);
}"""
STABLE = """async () => {
  // The old Pagefind UI shows its count before it renders the results: wait until the links stop changing.
  const count = () => document.querySelectorAll('.search-item-name, .pagefind-ui__result-link').length;
  let last = -1, same = 0;
  for (let i = 0; i < 400 && same < 6; i++) {
    const n = count();
    same = n === last ? same + 1 : 0;
    last = n;
    await new Promise(r => setTimeout(r, 50));
  }
}"""
FIRST_PAGE = """() => {
  const links = document.getElementById('search-status')
    ? [...document.querySelectorAll('.search-item:not([hidden]) .search-item-name')]
    : [...document.querySelectorAll('.pagefind-ui__result-nested .pagefind-ui__result-link')];
  return links.map(a => a.getAttribute('href'));
}"""
EXPAND = """async (reach) => {
  const fresh = !!document.getElementById('search-status');
  const shown = () => fresh ? document.querySelectorAll('.search-item-name').length
    : document.querySelectorAll('.pagefind-ui__result-nested .pagefind-ui__result-link').length;
  const settle = async (before) => {
    for (let i = 0; i < 600 && shown() === before; i++) await new Promise(r => setTimeout(r, 25));
  };
  for (;;) {
    if (fresh) document.querySelectorAll('.search-expand').forEach(b => b.click());
    if (shown() >= reach) break;
    const more = fresh ? document.getElementById('search-more') : document.querySelector('.pagefind-ui__button');
    if (!more || more.hidden) break;
    const before = shown();
    more.click();
    await settle(before);
    if (shown() === before) break;
  }
  const links = fresh ? [...document.querySelectorAll('.search-item-name')]
    : [...document.querySelectorAll('.pagefind-ui__result-nested .pagefind-ui__result-link')];
  return links.map(a => a.getAttribute('href'));
}"""


def row(view) -> str:
    from gongkai.search import row_text

    return f"{view.item.title}\n{row_text(view.item)}".lower()


def truth(site, queries: list[str]) -> dict[str, set[str]]:
    """Per query, the links (unit page#anchor, relative to the site) of the items whose row holds it; for a
    query of Latin letters also those whose name's pinyin holds its syllables, or its letters as initials."""
    from gongkai.search import name_pinyin

    rows = [(view.url, row(view), name_pinyin(view.item.title)) for view in site.items]
    out = {}
    for query in queries:
        spelled, full = _pinyin(query) if query.isascii() and query.isalpha() else (None, False)
        out[query] = set()
        for url, text, spoken in rows:
            said = spoken if full else [s[:1] for s in spoken]
            if query.lower() in text or (
                spelled and any(said[i : i + len(spelled)] == spelled for i in range(len(said)))
            ):
                out[query].add(url)
    return out


@cache
def _syllables() -> frozenset[str]:
    from pypinyin import lazy_pinyin

    known = {s for c in range(0x4E00, 0xA000) for s in lazy_pinyin(chr(c)) if s.isascii() and s.isalpha()}
    return frozenset(known - {"m", "n", "hm", "ng"})


def _pinyin(query: str) -> tuple[list[str], bool]:
    """dibao → ([di, bao], full); db → ([d, b], initials): as search.js reads a query of letters."""

    def split(word: str) -> list[str] | None:
        if not word:
            return []
        for length in range(min(6, len(word)), 0, -1):
            if word[:length] in _syllables() and (rest := split(word[length:])) is not None:
                return [word[:length], *rest]
        return None

    full = split(query.lower())
    return (full, True) if full else (list(query.lower()), False)


def site_of(county: Path):
    from gongkai import clock
    from gongkai.model.project import load_project
    from gongkai.render.views import site_view

    return site_view(load_project(county), clock.now())


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


def _item(href: str | None, base: str) -> str:
    """A result link as the site-relative address of its item."""
    if not href:
        return ""
    path = unquote(href).removeprefix(base).lstrip("/").removeprefix("./")
    page, _, anchor = path.partition("#")
    return f"{page.split('?')[0]}#{anchor}"


def measure(site_dir: Path, county: Path, chromium: str, queries: list[str] = QUERIES) -> dict:
    """The figures above, per query, for the site built at `site_dir` from `county`."""
    expected = truth(site_of(county), queries)
    out = {}
    with served_in_chromium(site_dir, chromium) as (page, base):
        fetched: list[int] = []
        page.on(
            "response",
            lambda r: "/pagefind/" in r.url and fetched.append(int(r.headers.get("content-length") or 0)),
        )
        for query in queries:
            fetched.clear()
            page.goto(f"{base}search.html?q={quote(query)}")
            page.wait_for_function(SETTLED, timeout=120_000)
            page.evaluate(STABLE)
            first = [_item(h, base) for h in page.evaluate(FIRST_PAGE)]
            downloaded = sum(fetched)
            reached = {_item(h, base) for h in page.evaluate(EXPAND, REACH)}
            # Typing into the loaded page: the old query cleared, the new one typed, until its results show.
            box = page.locator("#search-q, .pagefind-ui__search-input").first
            box.fill("")
            page.wait_for_timeout(300)
            started = time.perf_counter()
            box.fill(query)
            page.wait_for_function(
                f"q => ({SETTLED})() && (document.getElementById('search-status') || "
                "document.querySelector('.pagefind-ui__message')).textContent.includes(q)",
                arg=query,
                timeout=60_000,
            )
            seconds = time.perf_counter() - started
            matching = expected[query]
            out[query] = {
                "matching": len(matching),
                "first page": len(first),
                "first page matching": sum(item in matching for item in first),
                "reached": len(reached & matching),
                "reach": min(REACH, len(matching)),
                "seconds": seconds,
                "bytes": downloaded,
            }
    return out


def summary(results: dict) -> dict:
    """Mean precision over queries that show something, mean recall over queries that match something."""
    shown = [r for r in results.values() if r["first page"]]
    matched = [r for r in results.values() if r["reach"]]
    return {
        "precision": sum(r["first page matching"] / r["first page"] for r in shown) / max(1, len(shown)),
        "recall": sum(min(1, r["reached"] / r["reach"]) for r in matched) / max(1, len(matched)),
        "false results": sum(r["first page"] for r in results.values() if not r["matching"]),
        "slowest": max(r["seconds"] for r in results.values()),
        "bytes": max(r["bytes"] for r in results.values()),
    }


def markdown(label: str, results: dict) -> list[str]:
    total = summary(results)
    lines = [
        f"### {label}: search quality on the site's search page",
        "",
        *README,
        "",
        f"**Precision {total['precision']:.2f}, recall {total['recall']:.2f}**; items shown for queries no item",
        f"holds: {total['false results']}; slowest typing-to-results {total['slowest']:.2f} s; at most",
        f"{total['bytes'] / 1024:.0f} KiB of index fetched for a query.",
        "",
        "Targets (issue 18): precision ≥ 0.95 "
        f"({'met' if total['precision'] >= 0.95 else 'missed'}), recall ≥ 0.95 "
        f"({'met' if total['recall'] >= 0.95 else 'missed'}), typing to results ≤ 0.5 s at 10k "
        f"({'met' if total['slowest'] <= 0.5 else 'missed'} here).",
        "",
        "| query | matching items | first page: matching / shown | reachable / up to 100 | seconds | index KiB |",
        "|---|---|---|---|---|---|",
    ]
    for query, r in results.items():
        lines.append(
            f"| {query} | {r['matching']} | {r['first page matching']} / {r['first page']} "
            f"| {r['reached']} / {r['reach']} | {r['seconds']:.2f} | {r['bytes'] / 1024:.0f} |"
        )
    return [*lines, ""]


README = [
    "Each query opened as search.html?q=… in chromium. Precision: the items on the first results page whose row",
    "(name and elements) holds the query as written; recall: the matching items (up to 100) reachable by",
    "expanding every result and following 显示更多结果; seconds: from typing the query into the loaded page until",
    "its results show (the page waits 0.2 s after the last keystroke); index KiB: the search files fetched to",
    "open the page and show the first results. Timings are noisy: the machine's two cores are shared.",
]


DESIGN = """## How search works, and what it costs

The index (gongkai/search.py) is one Pagefind page per unit·domain, the domain's section of the unit's page, with
each of its items as data: anchor, name, the row's text, its 公开方式, 公开对象 and 公开层级. Chinese is indexed
as overlapping character bigrams (临时救助 → 临时 时救 救助 助), as Lucene's CJKBigramFilter does; the pages say
`lang="zxx"` and the search page opens the index as zxx, so neither Pagefind's indexer nor the browser's
Intl.Segmenter splits the words their own way. static/search.js turns a query into the same bigrams, asks Pagefind
for the pages that hold them all (ranked; item names weigh most) and, for a part of two or more Chinese
characters, for the pages where they are neighbours (Pagefind's exact search), then checks each item of each page
itself: shown when its row holds every part of the query as written and it has the chosen filter values. Pagefind's
filters narrow the pages (a page has the union of its items' values); the check per item makes them exact. One
result per unit·domain, its first three items shown and "该单位另有 N 项" for the rest.

Cost: a page carries its items' text twice (the bigram words Pagefind indexes, and the plain text search.js shows
and checks), so the fragments are larger; there are fewer pages (one per unit·domain instead of one per unit,
domain and filter values). The search quality tables above show the index fetched per query.
""".splitlines()


if __name__ == "__main__":
    import json
    import shutil

    site_dir, county = Path(sys.argv[1]), Path(sys.argv[2])
    results = measure(site_dir, county, shutil.which("chromium") or "/usr/bin/chromium")
    print("\n".join(markdown(str(site_dir), results)))
    print(json.dumps(summary(results)))
