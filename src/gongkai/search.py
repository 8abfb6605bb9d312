"""The search index: one Pagefind record per item, written into the staging folder's `pagefind/`.

Records rather than crawled pages: every item is its own result that links to its anchor, and the filters
(领域, 单位, 公开方式, 公开对象, 公开层级) are exact per item, where a page-based index could only filter whole
pages. Pagefind's extended build segments the Chinese text.

We speak Pagefind's service protocol (base64 JSON messages separated by commas over stdin/stdout) directly:
the `pagefind` package's asyncio client polls for each answer every 0.1 s, which makes 10,000 records take over
15 minutes instead of 10 seconds.

Pagefind writes its filter indexes in an unstable order (upstream issue #638), so the same records do not give
the same bytes twice. The index is therefore cached by a digest of its records: a build whose items did not
change reuses the previous index, byte for byte, and skips the indexing.
"""

from __future__ import annotations

import base64
import hashlib
import json
import shutil
import subprocess
import threading
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path
from typing import Any

from gongkai.errors import GongkaiError
from gongkai.render.views import ItemView, SiteView

LANGUAGE = "zh-cn"  # the pages' lang="zh-CN": Pagefind's UI loads the index of the page's language
TIMEOUT_SECONDS = 1800


@dataclass(frozen=True)
class SearchIndex:
    records: int
    cached: bool


def records(site: SiteView) -> list[dict[str, Any]]:
    return [_record(view) for view in site.items]


def _record(view: ItemView) -> dict[str, Any]:
    item = view.item
    text = "\n".join(x for x in (item.name, item.category, item.content, item.basis, item.owner) if x)
    return {
        "url": view.url,
        "content": text,
        "language": LANGUAGE,
        "meta": {"title": f"{item.name} · {view.unit.display_name} · {view.domain.name}"},
        "filters": {
            "领域": [view.domain.name],
            "单位": [view.unit.display_name],
            "公开方式": item.method or [],
            "公开对象": item.audience or [],
            "公开层级": item.level or [],
        },
        "sort": None,
    }


def _executable() -> Path:
    try:
        from pagefind_bin_extended import get_executable
    except ImportError:
        raise GongkaiError("没有安装 Pagefind 扩展版（pagefind-bin-extended）；请重新安装 gongkai") from None
    return Path(get_executable())


def write_index(site_dir: Path, items: list[dict[str, Any]], cache: Path | None = None) -> SearchIndex:
    """Index `items` into `site_dir/pagefind`, reusing the cached index when the records are the same."""
    target = site_dir / "pagefind"
    binary = _executable()
    digest = hashlib.sha256(
        json.dumps([version("pagefind-bin-extended"), items], ensure_ascii=False, sort_keys=True).encode()
    ).hexdigest()[:24]
    cached = cache / "search" / digest if cache else None
    if cached and cached.is_dir():
        shutil.copytree(cached, target)
        return SearchIndex(len(items), cached=True)
    _run_pagefind(binary, items, target)
    if cache:
        shutil.rmtree(cache / "search", ignore_errors=True)  # keep one index: caches must stay small
        shutil.copytree(target, cached)
    return SearchIndex(len(items), cached=False)


class _Service:
    """`pagefind_extended --service`: requests on stdin, answers on stdout, read by a thread so that neither
    pipe can fill up and block the other side."""

    def __init__(self, binary: Path):
        self.process = subprocess.Popen(
            [str(binary), "--service"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
        )
        self.answers: dict[int, dict] = {}
        self.errors: list[str] = []
        self.arrived = threading.Condition()
        self.last_id = 0
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        pending = b""
        while chunk := self.process.stdout.read1(1 << 16):
            *messages, pending = (pending + chunk).split(b",")
            for message in messages:
                answer = json.loads(base64.b64decode(message))
                payload = answer.get("payload") or {}
                with self.arrived:
                    if payload.get("type") == "Error":
                        self.errors.append(str(payload.get("message")))
                    self.answers[answer.get("message_id") or 0] = payload
                    self.arrived.notify_all()
        with self.arrived:
            self.arrived.notify_all()

    def send(self, payload: dict) -> int:
        self.last_id += 1
        message = {"message_id": self.last_id, "payload": payload}
        self.process.stdin.write(base64.b64encode(json.dumps(message, ensure_ascii=False).encode()) + b",")
        return self.last_id

    def answer(self, message_id: int) -> dict:
        self.process.stdin.flush()
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


def _run_pagefind(binary: Path, items: list[dict[str, Any]], target: Path) -> None:
    service = _Service(binary)
    try:
        index_id = service.answer(service.send({"type": "NewIndex", "config": {}})).get("index_id")
        for record in items:
            service.send({"type": "AddRecord", "index_id": index_id, **record})
        # The files come back in the answer and we write them: Pagefind's own WriteFiles answers before its
        # writes are flushed, and a file could still be empty when the service exits.
        answer = service.answer(service.send({"type": "GetFiles", "index_id": index_id}))
        if service.errors or answer.get("type") == "Error":
            raise GongkaiError(f"Pagefind 建立索引失败：{'; '.join(service.errors[:3])} (search indexing failed)")
    finally:
        service.close()
    for file in answer["files"]:
        path = target / file["path"]
        if not path.resolve().is_relative_to(target.resolve()):
            raise GongkaiError(f"Pagefind 给出了索引目录之外的文件：{file['path']} (search file outside its folder)")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(base64.b64decode(file["content"]))
