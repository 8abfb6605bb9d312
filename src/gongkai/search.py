"""The search index, written into the staging folder's `pagefind/`: one Pagefind page per unit and domain (the
domain's section of the unit's page), with every item of it, so that a search shows each unit·domain once with
all its matching items (static/search.js).

Chinese is indexed as overlapping character bigrams, as Lucene's CJKBigramFilter does: 临时救助 is indexed as the
words 临时 时救 救助 助 (each run of Chinese characters, its bigrams and its last character alone). A query of n ≥ 2
characters asks for its n − 1 bigrams, which is nearly a phrase match, and one character finds every word that
starts with it (Pagefind matches words by prefix), so every occurrence of it. Pagefind's own Chinese segmenters
(its indexer's dictionary, the browser's Intl.Segmenter) are kept out of it: the pages say `lang="zxx"` (no
linguistic content) and search.js opens the index as zxx, so both sides split only at spaces. Before, every
character was a word, and a query found the pages that held its characters anywhere: for 执法 21 of the 29 items
on the first page did not contain 执法.

Each page carries, unindexed, its items as data (`data-pagefind-meta="items"`, a JSON text): anchor, name, the
row's text and the filter values of each item. search.js checks each item against the query (the phrase in the
row) and the chosen filters itself, and shows names and excerpts from that plain text, built as text nodes:
nothing from a catalog is ever parsed as HTML in the browser. Pagefind's filters are the union of the page's
items' values, which narrows the pages; the items are then filtered exactly. Item names weigh most in Pagefind's
ranking, so sections whose item names hold the query come first.

We speak Pagefind's service protocol (base64 JSON messages separated by commas over stdin/stdout) directly:
the `pagefind` package's asyncio client polls for each answer every 0.1 s, which makes 10,000 pages take over
15 minutes instead of seconds.

Pagefind writes its filter indexes in an unstable order (upstream issue #638), so the same pages do not give
the same bytes twice. The index is therefore cached by a digest of its pages: a build whose items did not
change reuses the previous index, byte for byte, and skips the indexing.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import re
import subprocess
import tempfile
import threading
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from html import escape
from importlib.metadata import version
from itertools import pairwise
from pathlib import Path
from typing import Any

from pypinyin import lazy_pinyin

from gongkai.cache import Cache, plain
from gongkai.errors import GongkaiError
from gongkai.model.catalog import Item
from gongkai.render.views import ItemView, SiteView

INDEX_LANGUAGE = "zxx"  # no linguistic content: Pagefind splits the bigrams only at spaces (see above)
FILTERS = ("领域", "单位", "公开方式", "公开对象", "公开层级")
NAME_WEIGHT = 10  # Pagefind's highest: a section whose item names hold the query ranks first
TIMEOUT_SECONDS = 1800
INDEX_FORMAT = "unit·domain pages, bigrams, pinyin, no UI files"  # part of the cache key
UNUSED = ("pagefind-ui.", "pagefind-modular-ui.", "pagefind-component-ui.", "pagefind-highlight.")
"""Pagefind's own search interfaces, which render filter values and excerpts as HTML: not written to the site,
whose search page (static/search.js) builds its nodes from text."""


@dataclass(frozen=True)
class SearchIndex:
    pages: int
    cached: bool


def row_text(item: Item) -> str:
    """The text of an item's row other than its name that search finds: 一级事项, 公开内容, 公开依据, 公开时限,
    公开主体 and 公开渠道和载体."""
    parts = (item.category, item.content, item.basis, item.deadline, item.owner, "、".join(item.channel or ()))
    return "\n".join(x for x in parts if x)


def search_pages(site: SiteView) -> list[dict[str, Any]]:
    """One Pagefind page per unit and domain (see the module's doc), in the site's order."""
    sections: dict[tuple[str, str], list[ItemView]] = {}
    for view in site.items:
        sections.setdefault((view.unit.slug, view.domain.id), []).append(view)
    return [
        {"url": f"{views[0].unit.url}#domain-{views[0].domain.id}", "file_contents": _page(views)}
        for views in sections.values()
    ]


WORDS_FILE = "data/search-words.json"
MAX_WORDS = 20_000


def suggestion_words(site: SiteView) -> bytes:
    """The words of item names that search.js offers for a query that finds nothing (是否要找：低保): every run of
    two to four Chinese characters in a name, with the number of items whose name holds it, most common first."""
    counts: Counter[str] = Counter()
    for view in site.items:
        words: set[str] = set()
        for run in _HAN_RUN.findall(unicodedata.normalize("NFKC", view.item.title)):
            words.update(run[i : i + n] for n in (2, 3, 4) for i in range(len(run) - n + 1))
        counts.update(words)
    ranked = sorted(counts.items(), key=lambda pair: (-pair[1], pair[0]))[:MAX_WORDS]
    return json.dumps(ranked, ensure_ascii=False, separators=(",", ":")).encode()


def _page(views: list[ItemView]) -> str:
    first = views[0]
    items = []
    filters: dict[str, dict[str, None]] = {key: {} for key in FILTERS}
    for view in views:
        item = view.item
        values = (item.method or [], item.audience or [], item.level or [])
        for key, these in zip(FILTERS[2:], values, strict=True):
            filters[key].update(dict.fromkeys(these))
        items.append([view.anchor, item.title, row_text(item), *values, name_pinyin(item.title)])
    filters["领域"] = {first.domain.name: None}
    filters["单位"] = {first.unit.display_name: None}
    data = {"unit": first.unit.display_name, "domain": first.domain.name, "items": items}
    parts = [
        f'<html lang="{INDEX_LANGUAGE}"><head><meta charset="utf-8"></head><body><div data-pagefind-ignore>',
        f'<span data-pagefind-meta="title">{escape(first.domain.name)} · {escape(first.unit.display_name)}</span>',
        f'<span data-pagefind-meta="items">{escape(json.dumps(data, ensure_ascii=False))}</span>',
        *(
            f'<span data-pagefind-filter="{key}">{escape(value)}</span>'
            for key, values in filters.items()
            for value in values
        ),
        "</div>",
    ]
    for view in views:
        name, text = bigrams(view.item.title), bigrams(row_text(view.item))
        spoken = pinyin_words(name_pinyin(view.item.title))
        parts.append(
            f'<h2 data-pagefind-weight="{NAME_WEIGHT}">{escape(name)}</h2>'
            f'<p data-pagefind-weight="{NAME_WEIGHT // 2}">{escape(spoken)}</p><p>{escape(text)}</p>'
        )
    parts.append("</body></html>")
    return "".join(parts)


_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_HAN_RUN = re.compile(f"[{_HAN}]+")


def _run_bigrams(match: re.Match) -> str:
    run = match.group()
    return " " + " ".join([run[i : i + 2] for i in range(len(run) - 1)] + [run[-1]]) + " "


def name_pinyin(name: str) -> list[str]:
    """The pinyin syllable (toneless, ü as v) of each character of an item's name, "" for what is not Chinese."""
    # pypinyin takes an `errors` callback that returns a list, one entry per character (its documentation), though
    # its type hints say a str
    syllables = lazy_pinyin(name, errors=lambda chars: [""] * len(chars))  # type: ignore[arg-type,return-value]
    if len(syllables) != len(name):
        syllables = [lazy_pinyin(c)[0] if _HAN_RUN.fullmatch(c) else "" for c in name]
    return [s if s.isascii() and s.isalpha() else "" for s in syllables]


def pinyin_words(syllables: list[str]) -> str:
    """A name's pinyin as index words, bigrams as for the characters: 低保审批 → dibao baoshen shenpi pi, and its
    initials db bs sp p. search.js splits a pinyin query into syllables (or initials) the same way."""
    words = []
    for run in " ".join(s or "|" for s in syllables).split("|"):
        names = run.split()
        if not names:
            continue
        for spelled in (names, [s[0] for s in names]):
            words += [a + b for a, b in pairwise(spelled)] + [spelled[-1]]
    return " ".join(words)


def bigrams(text: str) -> str:
    """`text` as the index's words: each run of Chinese characters as its overlapping bigrams and its last
    character (低保审批 → 低保 保审 审批 批), set apart by spaces; the rest as written. NFKC first, as search.js
    normalises the query (全角 letters and digits become ASCII)."""
    return _HAN_RUN.sub(_run_bigrams, unicodedata.normalize("NFKC", text))


def _executable() -> Path:
    try:
        from pagefind_bin_extended import get_executable
    except ImportError:
        raise GongkaiError("没有安装 Pagefind 扩展版（pagefind-bin-extended）；请重新安装 gongkai") from None
    return Path(get_executable())


class PageFile:
    """Search pages one JSON text per line in a temporary file, read back as often as needed: how a build that
    renders in a child process hands them over without holding them all in memory."""

    def __init__(self, path: Path, count: int):
        self.path, self.count = path, count

    @classmethod
    def write(cls, pages: Iterable[dict[str, Any]]) -> PageFile:
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", suffix=".jsonl", delete=False) as handle:
            count = 0
            for page in pages:
                handle.write(json.dumps(page, ensure_ascii=False) + "\n")
                count += 1
        return cls(Path(handle.name), count)

    def __len__(self) -> int:
        return self.count

    def __iter__(self) -> Iterator[dict[str, Any]]:
        with self.path.open(encoding="utf-8") as lines:
            for line in lines:
                yield json.loads(line)

    def close(self) -> None:
        self.path.unlink(missing_ok=True)


def _index_files(data: Any) -> dict[str, bytes]:
    """A cached index: its files by their path inside `pagefind/`, each a plain relative path."""
    if type(data) is not dict or not data:
        raise TypeError("search index")
    for path, content in data.items():
        if type(path) is not str or type(content) is not bytes or not _safe_relative(path):
            raise TypeError("search index file")
    return data


def _safe_relative(path: str) -> bool:
    parts = path.split("/")
    return not path.startswith("/") and "\\" not in path and all(p not in ("", ".", "..") for p in parts)


INDEX = plain("search", _index_files)
"""The last indexes Pagefind wrote, by the digest of their pages. They are the site's search scripts too, which
is why entries are signed (gongkai/cache.py)."""


def write_index(
    site_dir: Path,
    items: Sequence[dict[str, Any]] | PageFile,
    cache: Cache | None = None,
    counted: Callable[[int, int], None] = lambda done, total: None,
) -> SearchIndex:
    """Index `items` (search pages) into `site_dir/pagefind`, reusing the cached index when they are the same;
    `counted(done, total)` as the pages go to Pagefind."""
    target = site_dir / "pagefind"
    binary = _executable()
    hasher = hashlib.sha256(f"{version('pagefind-bin-extended')} {INDEX_FORMAT}".encode())
    for item in items:  # one at a time: a city's pages as one JSON text would be a few hundred MB at once
        hasher.update(json.dumps(item, ensure_ascii=False, sort_keys=True).encode() + b"\0")
    made = []

    def make() -> dict[str, bytes]:
        made.append(True)
        return _run_pagefind(binary, items, lambda done: counted(done, len(items)))

    files = cache.get_or_make(INDEX, hasher.hexdigest(), make) if cache is not None else make()
    write_files(files, target)
    return SearchIndex(len(items), cached=not made)


def write_files(files: dict[str, bytes], target: Path) -> None:
    """An index's files into `target` (`pagefind/`)."""
    for path, content in files.items():
        (target / path).parent.mkdir(parents=True, exist_ok=True)
        (target / path).write_bytes(content)


class _Service:
    """`pagefind_extended --service`: requests on stdin, answers on stdout, read by a thread so that neither
    pipe can fill up and block the other side."""

    def __init__(self, binary: Path, indexed: Callable[[int], None] = lambda done: None):
        self.indexed, self.pages = indexed, 0
        self.process = subprocess.Popen(
            [str(binary), "--service"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
        )
        stdin, stdout = self.process.stdin, self.process.stdout
        assert stdin is not None and isinstance(stdout, io.BufferedReader)  # pipes, buffered as Popen makes them
        self.stdin, self.stdout = stdin, stdout
        self.answers: dict[int, dict] = {}
        self.errors: list[str] = []
        self.arrived = threading.Condition()
        self.last_id = 0
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        pending: list[bytes] = []  # pieces of a message: the index's files arrive as one of tens of MB
        while chunk := self.stdout.read1(1 << 16):
            *ends, rest = chunk.split(b",")
            for end in ends:
                self._arrive(b"".join([*pending, end]))
                pending = []
            pending.append(rest)
        with self.arrived:
            self.arrived.notify_all()

    def _arrive(self, message: bytes) -> None:
        answer = json.loads(base64.b64decode(message))
        payload = answer.get("payload") or {}
        with self.arrived:
            if payload.get("type") == "Error":
                self.errors.append(str(payload.get("message")))
            elif payload.get("type") == "IndexedFile":
                self.pages += 1
                self.indexed(self.pages)
            self.answers[answer.get("message_id") or 0] = payload
            self.arrived.notify_all()

    def send(self, payload: dict) -> int:
        self.last_id += 1
        message = {"message_id": self.last_id, "payload": payload}
        self.stdin.write(base64.b64encode(json.dumps(message, ensure_ascii=False).encode()) + b",")
        return self.last_id

    def answer(self, message_id: int) -> dict:
        self.stdin.flush()
        with self.arrived:
            done = self.arrived.wait_for(
                lambda: message_id in self.answers or self.process.poll() is not None, timeout=TIMEOUT_SECONDS
            )
        if not done or message_id not in self.answers:
            raise GongkaiError("Pagefind 没有响应或意外退出 (the search indexer stopped)")
        return self.answers[message_id]

    def close(self) -> None:
        if self.process.stdin:
            self.process.stdin.close()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


def _run_pagefind(
    binary: Path, items: Iterable[dict[str, Any]], indexed: Callable[[int], None] = lambda done: None
) -> dict[str, bytes]:
    """The index of `items`: its files by their path inside `pagefind/`; `indexed(n)` as Pagefind has n of them."""
    service = _Service(binary, indexed)
    try:
        index_id = service.answer(service.send({"type": "NewIndex", "config": {}})).get("index_id")
        for page in items:
            service.send({"type": "AddFile", "index_id": index_id, **page})
        # The files come back in the answer and we write them: Pagefind's own WriteFiles answers before its
        # writes are flushed, and a file could still be empty when the service exits.
        answer = service.answer(service.send({"type": "GetFiles", "index_id": index_id}))
        if service.errors or answer.get("type") == "Error":
            raise GongkaiError(f"Pagefind 建立索引失败：{'; '.join(service.errors[:3])} (search indexing failed)")
    finally:
        service.close()
    files = {}
    for file in answer["files"]:
        if file["path"].startswith(UNUSED):
            continue
        if not _safe_relative(file["path"]):
            raise GongkaiError(f"Pagefind 给出了索引目录之外的文件：{file['path']} (search file outside its folder)")
        files[file["path"]] = base64.b64decode(file["content"])
    return files
