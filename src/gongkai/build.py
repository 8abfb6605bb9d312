"""`gongkai build`: load → lint → view → render (pages and downloads) → search index → swap, the whole product in
one function, each stage a function below it with its data in and out."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path

from gongkai import clock
from gongkai.cache import FOLDER, Cache
from gongkai.config import read_config
from gongkai.errors import CheckFailed
from gongkai.history import history as read_history
from gongkai.history import last_changed
from gongkai.lint.runner import LintResult, build_inputs, lint_for_build
from gongkai.model.project import Project, load_project
from gongkai.model.vocab import remembered_readings
from gongkai.output import Staging, check_output, recover, staged
from gongkai.parallel import can_fork, in_child, workers
from gongkai.paths import CONFIG_FILE
from gongkai.progress import PAGES, SEARCH, Progress
from gongkai.render.environment import environment, templates_digest
from gongkai.render.fragments import Fragments
from gongkai.render.pages import site_files
from gongkai.render.progress import site_progress
from gongkai.render.views import SiteView, site_view
from gongkai.report import build_report
from gongkai.search import WORDS_FILE, PageFile, SearchIndex, search_pages, suggestion_words, write_index

CACHE = FOLDER  # the county's .gongkai-cache/

Log = Callable[[str], None]


def silent(line: str) -> None:
    pass


@dataclass(frozen=True)
class BuildOptions:
    """What a build makes and how; each field has a default, so `BuildOptions(search=False)` says what differs."""

    search: bool = True
    """The Pagefind search index, and the search page's suggested words."""
    history: bool | None = None
    """The 更新记录 pages and updates.xml from git; None: as gongkai.toml's [site] history says."""
    processes: int | None = None
    """Processes to lint and render in; None: the cores, up to 4 (one inside a threaded program such as serve)."""
    now: dt.datetime | None = None
    """The build's time, on every page; None: now (or SOURCE_DATE_EPOCH)."""
    city: tuple[str, str] | None = None
    """Built as a part of a city's site: the city's name and its home page from the county's root, so that every
    page links back to the city."""

    def settled(self) -> BuildOptions:
        """With `now` and `processes` decided, once, so that every stage (and a forked child) sees the same."""
        return replace(self, now=self.now or clock.now(), processes=self.processes or workers())


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
    options: BuildOptions = BuildOptions(),
    *,
    log: Log = silent,
    progress: Progress | None = None,
) -> BuildResult:
    """Build the county at `root` into `out` (default `site/`). Lint errors stop the build before anything is
    written; any later error leaves the previous site as it was. `progress` counts the long stages for a bar."""
    out = out or root / "site"
    progress = progress or Progress()
    cache = open_output(root, out)
    options = options.settled()
    with staged(out) as stage:

        def site_files_and_search_pages() -> Rendered:
            inputs = build_inputs(root)  # the lint result's key, taken before anything is read
            project = load(root, cache, options, log)
            lint = check(project, cache, inputs, options, log)
            site = view(root, project, lint, cache, options, log)
            render(stage, root, site, cache, options, log, downloads=True, progress=progress)
            return Rendered(lint, site.item_count, search_input(stage, site) if options.search else None)

        rendered = before_search(stage, site_files_and_search_pages, options.search)
        index = write_search(stage, rendered, cache, log, progress) if options.search else None
    cache.trim(force=True)  # workers wrote entries too
    log(f"网站已写入 {out}")
    return BuildResult(out, rendered.lint, stage.files, stage.bytes, index)


def open_output(root: Path, out: Path) -> Cache:
    """Refuse an output folder that is not a site's, mend one a killed build left half swapped, open the cache."""
    check_output(out, root)
    recover(out)  # first, so that even a build that stops at lint leaves the last site in place
    return Cache.of_project(root, read_config(root / CONFIG_FILE).cache)


def load(root: Path, cache: Cache, options: BuildOptions, log: Log) -> Project:
    """Catalogs, domains and config → the project."""
    log("读取目录文件……")
    project = load_project(root, cache=cache, processes=options.processes or 1)
    log(f"读取 {len(project.catalogs)} 个目录文件、{len(project.domains)} 个领域")
    return project


def check(project: Project, cache: Cache, inputs: str, options: BuildOptions, log: Log) -> LintResult:
    """The project → its lint problems; errors stop the build here, before anything is written."""
    lint = lint_for_build(project, cache, inputs, options.processes or 1)
    log(f"检查：{lint.errors} 个错误，{lint.warnings} 个警告")
    if lint.errors:
        raise BuildFailed(lint)
    return lint


def view(root: Path, project: Project, lint: LintResult, cache: Cache, options: BuildOptions, log: Log) -> SiteView:
    """A lint-clean project → what the templates see: the site view, its report and, if chosen, its history."""
    now = options.now or clock.now()
    with remembered_readings(cache):
        site = site_view(project, now, build_report(project, lint, now.date(), cache), search=options.search)
    site.city = options.city
    if project.config.site.history if options.history is None else options.history:
        site.history = read_history(root, cache=cache, log=log)
        site.changed = last_changed(site.history)
        log(f"更新记录：{len(site.history)} 次提交")
        site.progress = site_progress(root, project.config, cache, now.date(), log)
    return site


def render(
    stage: Staging,
    root: Path,
    site: SiteView,
    cache: Cache,
    options: BuildOptions,
    log: Log,
    *,
    downloads: bool,
    progress: Progress | None = None,
) -> None:
    """The site view → every page into `stage`, and with `downloads` the workbooks, csv files and the dataset; a
    unit's page and its downloads are one task of one pass over the cores."""
    env = environment(root)
    site.fragments = Fragments(cache, site, templates_digest(env))
    what = "页面和下载文件" if downloads else "页面"
    log(f"生成 {len(site.units)} 个单位、{len(site.published_domains)} 个领域的{what}……")
    counted = partial(progress.count, PAGES) if progress else lambda done, total: None
    for path, data in site_files(site, env, root, options.processes or 1, cache, downloads=downloads, counted=counted):
        stage.write(path, data)
    log(f"生成 {stage.files} 个文件（{stage.bytes / 1048576:.1f} MB）")


def search_input(stage: Staging, site: SiteView) -> list[dict]:
    """The search pages for Pagefind; the suggested words are written with the pages."""
    stage.write(WORDS_FILE, suggestion_words(site))
    return search_pages(site)


@dataclass
class Rendered:
    """What the rendering stages give the search stage: the lint result for the caller, the search pages."""

    lint: LintResult
    items: int
    pages: list[dict] | PageFile | None
    files: int = 0
    bytes: int = 0

    def handed_over(self, stage: Staging) -> Rendered:
        """With the search pages in a file and the staging folder's counts, for a parent process to read."""
        if isinstance(self.pages, list):
            self.pages = PageFile.write(self.pages)
        self.files, self.bytes = stage.files, stage.bytes
        return self


def before_search(stage: Staging, make: Callable[[], Rendered], search: bool) -> Rendered:
    """make(); with a search index to build next, in a forked child: the memory the rendering took goes with the
    child before Pagefind's peak (CPython does not give freed memory back), which keeps a city's build within
    2 GB. The child's search pages come back in a file, and its count of the files it wrote."""
    if not (search and can_fork()):
        return make()
    rendered = in_child(lambda: make().handed_over(stage))
    stage.files, stage.bytes = rendered.files, rendered.bytes
    return rendered


def write_search(stage: Staging, rendered: Rendered, cache: Cache, log: Log, progress: Progress) -> SearchIndex:
    """The search pages → the Pagefind index in `stage`."""
    log(f"建立搜索索引（{rendered.items} 条）……")
    try:
        index = write_index(stage.path, rendered.pages or [], cache=cache, counted=partial(progress.count, SEARCH))
    finally:
        if isinstance(rendered.pages, PageFile):
            rendered.pages.close()
    log(f"搜索索引：{index.pages} 组事项{'（沿用缓存）' if index.cached else ''}")
    return index
