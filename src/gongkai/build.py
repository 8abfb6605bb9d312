"""`gongkai build`: load → lint → render → search → write, the whole product in one function."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from gongkai import clock
from gongkai.cache import FOLDER, Cache
from gongkai.config import read_config
from gongkai.errors import CheckFailed
from gongkai.history import history as read_history
from gongkai.history import last_changed
from gongkai.lint.runner import LintResult, build_inputs, lint_for_build
from gongkai.model.project import load_project
from gongkai.model.vocab import remembered_readings
from gongkai.output import Staging, check_output, recover, staged
from gongkai.parallel import can_fork, in_child, workers
from gongkai.paths import CONFIG_FILE
from gongkai.render.environment import environment
from gongkai.render.fragments import Fragments
from gongkai.render.pages import site_files
from gongkai.render.views import site_view
from gongkai.report import build_report
from gongkai.search import WORDS_FILE, PageFile, SearchIndex, search_pages, suggestion_words, write_index

CACHE = FOLDER  # the county's .gongkai-cache/


class BuildFailed(CheckFailed):
    """Lint found errors; the previous site is untouched."""

    def __init__(self, lint: LintResult):
        super().__init__(f"检查发现 {lint.errors} 个错误，未生成网站 (lint errors; nothing was built)")
        self.lint = lint

    def __reduce__(self) -> tuple:
        return BuildFailed, (self.lint,)


@dataclass
class BuildResult:
    out: Path
    lint: LintResult
    files: int
    bytes: int
    search: SearchIndex | None


def build(
    root: Path,
    out: Path | None = None,
    *,
    search: bool = True,
    log: Callable[[str], None] = lambda _: None,
    processes: int | None = None,
    history: bool | None = None,
    now: dt.datetime | None = None,
    pages_only: bool = False,
    city: tuple[str, str] | None = None,
) -> BuildResult:
    """Build the county at `root` into `out` (default `site/`). Lint errors stop the build before anything is
    written; any later error leaves the previous site as it was. With `pages_only`, the downloads, the dataset
    and the search index are taken over from the site in `out` as they were: `serve` shows an edit that way
    first, before it builds the rest. With `city` (its name and its home page from the county's root), the county
    is built as a part of a city's site and every page links back to the city."""
    out = out or root / "site"
    check_output(out, root)
    recover(out)  # first, so that even a build that stops at lint leaves the last site in place
    store = Cache.of_project(root, read_config(root / CONFIG_FILE).cache)
    now = now or clock.now()
    indexing = search and not pages_only
    with staged(out) as stage:
        render = partial(
            _render, root, stage, store, now, search, log, processes or workers(), history, pages_only, city
        )
        # With a search index to build, the rendering runs in a child process: its memory is gone before
        # Pagefind's peaks (CPython does not give freed memory back), which keeps a city's build within 2 GB.
        rendered = in_child(lambda: render().handed_over()) if indexing and can_fork() else render()
        stage.files, stage.bytes = rendered.files, rendered.bytes
        index = None
        if pages_only:
            stage.carry(("downloads", "data", "pagefind"))
        elif indexing:
            log(f"建立搜索索引（{rendered.items} 条）……")
            try:
                index = write_index(stage.path, rendered.pages, cache=store)
            finally:
                if isinstance(rendered.pages, PageFile):
                    rendered.pages.close()
            log(f"搜索索引：{index.pages} 组事项{'（沿用缓存）' if index.cached else ''}")
    store.trim(force=True)  # workers wrote entries too
    log(f"网站已写入 {out}")
    return BuildResult(out, rendered.lint, stage.files, stage.bytes, index)


@dataclass
class Rendered:
    lint: LintResult
    files: int
    bytes: int
    items: int
    pages: list[dict] | PageFile | None  # for the search index

    def handed_over(self) -> Rendered:
        """With the search pages in a file, for a parent process to read."""
        if isinstance(self.pages, list):
            self.pages = PageFile.write(self.pages)
        return self


def _render(
    root: Path,
    stage: Staging,
    store: Cache,
    now: dt.datetime,
    search: bool,
    log: Callable[[str], None],
    processes: int,
    history: bool | None,
    pages_only: bool,
    city: tuple[str, str] | None = None,
) -> Rendered:
    """Load, lint and write every file of the site into `stage`; the search pages when the site has search."""
    log("读取目录文件……")
    inputs = build_inputs(root)
    project = load_project(root, cache=store, processes=processes)
    log(f"读取 {len(project.catalogs)} 个目录文件、{len(project.domains)} 个领域")
    lint = lint_for_build(project, store, inputs, processes)
    log(f"检查：{lint.errors} 个错误，{lint.warnings} 个警告")
    if lint.errors:
        raise BuildFailed(lint)
    with remembered_readings(store):
        site = site_view(project, now, build_report(project, lint, now.date(), store), search=search)
    site.city = city
    if project.config.site.history if history is None else history:
        site.history = read_history(root, cache=store, log=log)
        site.changed = last_changed(site.history)
        log(f"更新记录：{len(site.history)} 次提交")
    env = environment(root)
    site.fragments = Fragments(store, site, env.loader.digest)
    log(f"生成 {len(site.units)} 个单位、{len(site.published_domains)} 个领域的页面和下载文件……")
    for path, data in site_files(site, env, root, processes, store, pages_only):
        stage.write(path, data)
    log(f"生成 {stage.files} 个文件（{stage.bytes / 1048576:.1f} MB）")
    pages = None
    if search and not pages_only:
        pages = search_pages(site)
        stage.write(WORDS_FILE, suggestion_words(site))
    return Rendered(lint, stage.files, stage.bytes, site.item_count, pages)
