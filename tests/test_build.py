"""`gongkai build` as a whole: hostile text stays text, builds are deterministic and atomic, lint errors stop them,
a county's templates override the packaged ones, and the command line maps it all to exit codes (SPEC §8)."""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import json
import re
import shutil
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import lxml.html
import openpyxl
import pytest
from typer.testing import CliRunner, Result

import gongkai.build
import gongkai.lint.runner
import gongkai.model.project
import gongkai.output
from gongkai.build import BuildFailed, BuildOptions, BuildResult, build
from gongkai.cli import app
from gongkai.errors import GongkaiError
from gongkai.progress import PAGES, SEARCH, STAGES, Progress
from gongkai.render.environment import file_name
from gongkai.resources import packaged
from gongkai.search import WORDS_FILE
from gongkai.serve import build_pages
from tests.conftest import CONFIG, GOOD_HEAD, GOOD_ITEM, County
from tests.test_site import EPOCH, copy_demo, elements, header_grid, resolve, row_cells, text, with_class

ENV = {"COLUMNS": "200", "NO_COLOR": "1", "FORCE_COLOR": None, "SOURCE_DATE_EPOCH": EPOCH}
BUILT_UTC = dt.datetime.fromtimestamp(int(EPOCH), dt.UTC).replace(tzinfo=None)
"""The build time SOURCE_DATE_EPOCH gives, as openpyxl reads document times back: naive, in UTC."""

SECOND_ITEM = GOOD_ITEM.replace("低保审核信息", "低保审批信息")
"""A second item: a build with it differs from one without."""
MISSING_BASIS = GOOD_HEAD + GOOD_ITEM.replace("      basis: 《社会救助暂行办法》\n", "")
"""GK203, an error: the build must stop."""


@pytest.fixture(autouse=True)
def epoch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` by its relative path, with its bytes."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def differences(before: dict[str, bytes], after: dict[str, bytes]) -> list[str]:
    return [
        *(f"only in the first: {p}" for p in sorted(before.keys() - after.keys())),
        *(f"only in the second: {p}" for p in sorted(after.keys() - before.keys())),
        *(f"differs: {p}" for p in sorted(before.keys() & after.keys()) if before[p] != after[p]),
    ]


def leftovers(out: Path) -> list[str]:
    """Staging or swapped-out folders left beside `out`."""
    if not out.parent.is_dir():
        return []
    return sorted(p.name for p in out.parent.iterdir() if p.name.startswith(f".{out.name}."))


def gongkai_cli(*args: str) -> Result:
    result = CliRunner().invoke(app, list(args), env=ENV)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    return result


def page(out: Path, relative: str) -> lxml.html.HtmlElement:
    return lxml.html.fromstring((out / relative).read_bytes())


# --- hostile strings ----------------------------------------------------------------------------------------------

HOSTILE = (
    '<script>alert(1)</script> " onerror="alert(1) <img src=x onerror=alert(1)> {{ 7*7 }} '
    "[点我](javascript:alert(1)) ![x](http://evil.example/x.png)"
)


def q(value: str) -> str:
    """A YAML double-quoted scalar (JSON's string syntax is a subset of it)."""
    return json.dumps(value, ensure_ascii=False)


HOSTILE_CATALOG = f"""\
unit:
  name: {q("示例县东湖镇人民政府" + HOSTILE)}
  short: {q("东湖镇" + HOSTILE)}
  kind: township
  contact: {q("0000-1234567" + HOSTILE)}
reviewed: 2026-06-01
domains:
  shehui-jiuzhu:
    - category: {q("最低生活保障" + HOSTILE)}
      name: {q("低保审核信息" + HOSTILE)}
      content: {q("初审对象名单" + HOSTILE)}
      basis: {q("《社会救助暂行办法》" + HOSTILE)}
      deadline: {q("信息形成或者变更之日起20个工作日内" + HOSTILE)}
      owner: {q("示例县东湖镇人民政府" + HOSTILE)}
      method: 主动
      channel: [政府网站, {q("乡村大喇叭" + HOSTILE)}]
      audience: 全社会
      level: [乡级]
withheld:
  - name: {q("涉及国家秘密的信息" + HOSTILE)}
    basis: {q("《中华人民共和国保守国家秘密法》第二条" + HOSTILE)}
"""


def cells_by_label(row: lxml.html.HtmlElement) -> dict[str, lxml.html.HtmlElement]:
    """A catalog row's cells by the label of their column (二级事项, 公开依据, …)."""
    bottom = header_grid(next(row.iterancestors("table")))[-1]
    return {text(label): cell for label, cell in zip(bottom, row_cells(row), strict=True)}


def test_hostile_text_is_escaped_everywhere(county: County, tmp_path: Path) -> None:
    county.write("donghu-zhen.yaml", HOSTILE_CATALOG)
    lint = county.lint()
    assert lint.errors == 0, [p.code for p in lint.problems]
    out = build(county.root, tmp_path / "site", BuildOptions(search=False)).out

    problems = []
    pages = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.html"))
    for name in pages:
        root = page(out, name)
        for script in root.iter("script"):
            src = script.get("src") or ""
            if name == "404.html":  # links from the root path (no base_url here): the server shows it anywhere
                src = src.removeprefix("/")
            src = resolve(name, src)[0]
            if not script.get("src") or not src.startswith(("static/", "pagefind/")) or (script.text or "").strip():
                problems.append(f"{name}: a script not the site's own: src={script.get('src')!r} {script.text!r}")
        for element in elements(root):
            problems += [f"{name}: <{element.tag} {a}=…>" for a in element.attrib if a.lower().startswith("on")]
        for link in root.xpath("//*[@href]"):
            if re.sub(r"[\s\x00-\x1f]", "", link.get("href")).lower().startswith("javascript:"):
                problems.append(f"{name}: <{link.tag} href={link.get('href')!r}>")
        problems += [f"{name}: an <img>" for _ in root.iter("img")]
    assert not problems, "\n".join(problems)

    unit = page(out, "units/donghu-zhen.html")
    assert text(unit.find(".//h1")).startswith("示例县东湖镇人民政府" + HOSTILE)
    assert text(unit.find("./head/title")).startswith("示例县东湖镇人民政府" + HOSTILE)
    assert "0000-1234567" + HOSTILE in [text(dd) for dd in unit.iter("dd")]
    (row,) = [row for table in with_class(unit, "table", "catalog") for row in table.xpath("./tbody/tr")]
    cells = {label: text(cell) for label, cell in cells_by_label(row).items()}
    for label, value in [
        ("一级事项", "最低生活保障"),
        ("二级事项", "低保审核信息"),
        ("公开依据", "《社会救助暂行办法》"),
        ("公开时限", "信息形成或者变更之日起20个工作日内"),
        ("公开主体", "示例县东湖镇人民政府"),
    ]:
        assert cells[label] == value + HOSTILE, label
    # Markdown: the text stays, the link to javascript: is not made, the image is not loaded.
    for part in (
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "{{ 7*7 }}",
        "[点我](javascript:alert(1))",
    ):
        assert part in cells["公开内容（要素）"]
        assert part in cells["公开渠道和载体"]  # an unknown channel is kept as written
    assert not any("49" in value for value in cells.values())
    withheld = unit.get_element_by_id("withheld")
    assert [text(cell) for cell in withheld.xpath(".//tbody/tr/*")[1:]] == [
        "涉及国家秘密的信息" + HOSTILE,
        "《中华人民共和国保守国家秘密法》第二条" + HOSTILE,
    ]
    home = page(out, "index.html")
    assert "东湖镇" + HOSTILE in [text(name) for name in with_class(home, "span", "card-name")]
    domain = page(out, "domains/shehui-jiuzhu.html")
    assert "示例县东湖镇人民政府" + HOSTILE in [text(h2.find("a")) for h2 in domain.iter("h2")]


def test_items_without_elements_publish_when_the_county_ignores_their_rules(county: County, tmp_path: Path) -> None:
    """A county may ignore GK2xx: two items with no name and no elements at all still build, search and
    export, each at its own permalink, shown as blank cells (never "None") and a placeholder name."""
    county.write("donghu-zhen.yaml", GOOD_HEAD + "    - method: 主动\n    - category: 低保\n" + GOOD_ITEM)
    config = county.root / "gongkai.toml"
    config.write_text(config.read_text(encoding="utf-8") + '\n[lint]\nignore = ["GK2", "GK4"]\n', encoding="utf-8")
    out = build(county.root, tmp_path / "site").out
    unit = page(out, "units/donghu-zhen.html")
    rows = [row for table in with_class(unit, "table", "catalog") for row in table.xpath("./tbody/tr")]
    names = [text(cells_by_label(row)["二级事项"]) for row in rows]
    assert names == ["（未填写事项名称）", "（未填写事项名称）", "低保审核信息"]
    assert len({row.get("id") for row in rows}) == 3
    assert "None" not in (out / "units/donghu-zhen.html").read_text(encoding="utf-8")
    with contextlib.chdir(county.root):
        for args in (
            ["export", "-o", str(tmp_path / "t.xlsx")],
            ["export", "--format", "csv", "-o", str(tmp_path / "t.csv")],
            ["report", "--format", "html", "-o", str(tmp_path / "r.html")],
            ["report", "--format", "json"],
        ):
            assert gongkai_cli(*args).exit_code == 0, args


def test_xlsx_keeps_formula_like_text_as_text(county: County, tmp_path: Path) -> None:
    formula = '=HYPERLINK("http://evil.example/","点我")'
    county.write("donghu-zhen.yaml", GOOD_HEAD + GOOD_ITEM.replace("低保审核信息", q(formula)))
    out = build(county.root, tmp_path / "site", BuildOptions(search=False)).out
    sheet = openpyxl.load_workbook(out / "downloads/units/donghu-zhen.xlsx").worksheets[0]
    (cell,) = [cell for row in sheet.iter_rows() for cell in row if cell.value == formula]
    assert cell.data_type == "s"


def test_added_columns_and_download_names_keep_hostile_unit_names_inert(county: County, tmp_path: Path) -> None:
    """A unit's name lands in the 单位 column of the csv and the county workbook, and in the download's name."""
    formula = '=HYPERLINK("http://evil.example/","点我")'
    head = GOOD_HEAD.replace("  kind: township\n", f"  short: {q(formula + '/东湖镇.exe')}\n  kind: township\n")
    county.write("donghu-zhen.yaml", head.replace("示例县东湖镇人民政府", q(formula)) + GOOD_ITEM)
    out = build(county.root, tmp_path / "site", BuildOptions(search=False)).out
    for path in ("downloads/catalog.csv", "downloads/domains/shehui-jiuzhu.csv"):
        header, row = csv.reader(io.StringIO((out / path).read_text(encoding="utf-8-sig"), newline=""))
        assert row[header.index("单位")] == "'" + formula, path
    sheet = openpyxl.load_workbook(out / "downloads/catalog.xlsx").worksheets[0]
    (cell,) = [cell for row in sheet.iter_rows() for cell in row if cell.value == formula]
    assert cell.data_type == "s" and sheet.cell(2, cell.column).value == "单位"
    page = lxml.html.fromstring((out / "units/donghu-zhen.html").read_bytes())
    names = {a.get("download") for a in page.xpath("//a[@download]")}
    assert names == {f"=HYPERLINK(_http_evil.example_,_点我_)_东湖镇.exe政务公开标准目录{s}" for s in (".xlsx", ".csv")}


def test_the_badge_and_the_mark_show_when_the_county_adds_their_files(county: County, tmp_path: Path) -> None:
    settings = {
        "police": "示公网安备 11010502000001号",
        "police_badge": "static/gongan.png",
        "conac_mark": "static/dzjg.png",
        "conac_url": "https://bszs.conac.cn/sitename?method=show&id=1",
    }
    (county.root / "gongkai.toml").write_text(
        CONFIG + "".join(f"{key} = {q(value)}\n" for key, value in settings.items()), encoding="utf-8"
    )
    county.write("donghu-zhen.yaml", GOOD_HEAD + GOOD_ITEM)
    county.write("gongan.png", "not really a png", folder="templates/static")
    out = build(county.root, tmp_path / "site", BuildOptions(search=False)).out
    footer = lxml.html.fromstring((out / "units/donghu-zhen.html").read_bytes()).xpath("//footer")[0]
    (police,) = [a for a in footer.iter("a") if "公网安备" in text(a)]
    assert police.get("href") == "https://beian.mps.gov.cn/#/query/webSearch?code=11010502000001"
    assert [img.get("src") for img in police.iter("img")] == ["../static/gongan.png"]
    assert (out / "static/gongan.png").is_file()
    assert footer.xpath(".//img[@alt='党政机关']") == []  # its file is not there
    county.write("dzjg.png", "not really a png either", folder="templates/static")
    out = build(county.root, tmp_path / "site", BuildOptions(search=False)).out
    footer = lxml.html.fromstring((out / "index.html").read_bytes()).xpath("//footer")[0]
    (mark,) = footer.xpath(".//a[img[@alt='党政机关']]")
    assert mark.get("href") == settings["conac_url"] and mark[0].get("src") == "static/dzjg.png"


@pytest.mark.parametrize(
    ("setting", "value"),
    [
        ("guide_url", "javascript:alert(1)"),
        ("apply_url", "//evil.example/"),
        ("report_error", "data:text/html,<script>alert(1)</script>"),
        ("icp_url", "https://beian.miit.gov.cn/\n"),
        ("police_badge", "../../etc/passwd"),
        ("conac_mark", "https://evil.example/mark.png"),
        ("police_badge", "static/../gongkai.toml"),
    ],
)
def test_a_platform_setting_that_is_not_a_web_address_or_a_site_file_is_refused(
    county: County, tmp_path: Path, setting: str, value: str
) -> None:
    (county.root / "gongkai.toml").write_text(CONFIG + f"{setting} = {q(value)}\n", encoding="utf-8")
    with pytest.raises(GongkaiError) as failure:
        build(county.root, tmp_path / "site", BuildOptions(search=False))
    assert failure.value.exit_code == 2 and any(f"site.{setting}" in line for line in failure.value.details)
    assert not (tmp_path / "site").exists()


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("北岭镇政务公开标准目录", "北岭镇政务公开标准目录"),
        ("东湖镇/街道:目录?", "东湖镇_街道_目录_"),
        ("报告\u202egpj.exe", "报告gpj.exe"),  # a right-to-left override would show it as 报告exe.jpg
        ("a\x00b\nc\u200bd", "abcd"),
        (" ..", "目录"),
    ],
)
def test_a_download_name_is_a_plain_file_name(name: str, expected: str) -> None:
    assert file_name(name) == expected


# --- determinism --------------------------------------------------------------------------------------------------


@dataclass
class DemoBuilds:
    root: Path
    """A copy of the demo's inputs, so that the search cache stays in the temporary folder."""
    searched: Path
    first: BuildResult
    first_files: dict[str, bytes]
    second: BuildResult
    """The same build again into the same folder: the search index comes from the cache."""
    cli_out: Path
    cli: Result
    """`gongkai build --no-search --out …` from inside the copy."""
    progress: Progress
    """What the first build counted for its progress bars."""


@pytest.fixture(scope="module")
def demo_builds(tmp_path_factory: pytest.TempPathFactory) -> DemoBuilds:
    """Three builds of the demo, which take seconds each, serve the determinism and the command line tests."""
    root = copy_demo(tmp_path_factory.mktemp("demo"))
    searched = tmp_path_factory.mktemp("searched") / "site"
    cli_out = tmp_path_factory.mktemp("cli") / "public"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", EPOCH)
        patch.chdir(root)  # the same working folder for all three: test_the_site_does_not_depend_on_the_working_folder
        progress = Progress()
        first = build(root, searched, BuildOptions(search=True), progress=progress)
        first_files = tree(searched)
        cli = gongkai_cli("build", "--no-search", "--out", str(cli_out))
        second = build(root, searched, BuildOptions(search=True))
    return DemoBuilds(root, searched, first, first_files, second, cli_out, cli, progress)


def test_a_build_counts_its_pages_and_search_pages_for_the_progress_bars(demo_builds: DemoBuilds) -> None:
    """Counted in the forked child that renders, read in the parent: every unit's and domain's task, every
    search page Pagefind indexed, each stage done at the end."""
    pages, search = demo_builds.progress.counted()
    site = demo_builds.first
    assert (pages.label, search.label) == (STAGES[PAGES], STAGES[SEARCH])
    assert pages.done == pages.total >= site.lint.units + len(list(demo_builds.searched.glob("domains/*.html")))
    assert search.done == search.total == site.search.pages > 0


def test_two_builds_of_the_demo_are_byte_identical(demo_builds: DemoBuilds) -> None:
    """The library's build and the command line's, into two folders; the latter without search."""
    assert demo_builds.cli.exit_code == 0, demo_builds.cli.output
    # search.html says whether there is an index, and search's own files exist only with it
    searching = ("search.html", WORDS_FILE)
    first = {
        p: data for p, data in demo_builds.first_files.items() if not p.startswith("pagefind/") and p not in searching
    }
    assert len(first) > 100
    second = {p: data for p, data in tree(demo_builds.cli_out).items() if p not in searching}
    assert differences((first), (second)) == []


def test_search_builds_reuse_the_cached_index_byte_for_byte(demo_builds: DemoBuilds) -> None:
    assert (demo_builds.first.search.cached, demo_builds.second.search.cached) == (False, True)
    assert (demo_builds.root / gongkai.build.CACHE).is_dir()
    before = demo_builds.first_files
    assert any(path.startswith("pagefind/") for path in before)
    assert differences((before), (tree(demo_builds.searched))) == []


def test_the_site_does_not_depend_on_the_working_folder(
    county: County, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    county.write("donghu-zhen.yaml", GOOD_HEAD + GOOD_ITEM)
    monkeypatch.chdir(county.root)
    inside = build(county.root, tmp_path / "inside", BuildOptions(search=False)).out
    monkeypatch.chdir(tmp_path)
    outside = build(county.root, tmp_path / "outside", BuildOptions(search=False)).out
    assert differences((tree(inside)), (tree(outside))) == []
    leaked = [p.name for p in sorted(outside.rglob("*.html")) if str(county.root) in text(page(p.parent, p.name))]
    assert leaked == [], "pages that show where the county was built"


XLSX_TIME_REASON = (
    "openpyxl's save_workbook (openpyxl/writer/excel.py:292) sets workbook.properties.modified to the wall clock, "
    "overriding the build time tabular/export.py:xlsx_bytes set: <dcterms:modified> in docProps/core.xml of every "
    ".xlsx download differs between two builds with the same SOURCE_DATE_EPOCH"
)


def test_xlsx_created_and_modified_on_the_build_day(county: County, tmp_path: Path) -> None:
    # The day, not the time: so a rebuild on the same day reuses every workbook whose items did not change.
    county.write("donghu-zhen.yaml", GOOD_HEAD + GOOD_ITEM)
    out = build(county.root, tmp_path / "site", BuildOptions(search=False)).out
    workbook = openpyxl.load_workbook(out / "downloads/units/donghu-zhen.xlsx", read_only=True)
    day = BUILT_UTC.replace(hour=0, minute=0, second=0, microsecond=0)
    assert workbook.properties.created == day and workbook.properties.modified == day


def test_pages_show_the_build_time_from_source_date_epoch(county: County, tmp_path: Path) -> None:
    county.write("donghu-zhen.yaml", GOOD_HEAD + GOOD_ITEM)
    out = build(county.root, tmp_path / "site", BuildOptions(search=False)).out
    (time,) = page(out, "index.html").xpath("//footer//time")
    assert dt.datetime.fromisoformat(time.get("datetime")) == BUILT_UTC.replace(tzinfo=dt.UTC)


# --- atomicity ----------------------------------------------------------------------------------------------------


def fail_while_rendering(monkeypatch: pytest.MonkeyPatch, county: County) -> type[BaseException]:
    render = gongkai.build.site_files

    def some_then_fail(*args, **kwargs):
        for n, file in enumerate(render(*args, **kwargs)):
            if n == 5:
                raise RuntimeError("rendering failed")
            yield file

    monkeypatch.setattr(gongkai.build, "site_files", some_then_fail)
    return RuntimeError


def fail_while_indexing(monkeypatch: pytest.MonkeyPatch, county: County) -> type[BaseException]:
    def fail(*args, **kwargs):
        raise GongkaiError("Pagefind 建立索引失败 (search indexing failed)")

    monkeypatch.setattr(gongkai.build, "write_index", fail)
    return GongkaiError


def fail_lint(monkeypatch: pytest.MonkeyPatch, county: County) -> type[BaseException]:
    county.write("donghu-zhen.yaml", MISSING_BASIS)
    return BuildFailed


def interrupt_while_writing(monkeypatch: pytest.MonkeyPatch, county: County) -> type[BaseException]:
    write = gongkai.output.Staging.write

    def write_then_interrupt(self, relative: str, data: bytes) -> None:
        if self.files == 5:
            raise KeyboardInterrupt
        write(self, relative, data)

    monkeypatch.setattr(gongkai.output.Staging, "write", write_then_interrupt)
    return KeyboardInterrupt


@pytest.fixture
def built(county: County, tmp_path: Path) -> Path:
    """A small county built once into `www/site`; its catalog then gains an item, so a new build would differ."""
    county.write("donghu-zhen.yaml", GOOD_HEAD + GOOD_ITEM)
    out = build(county.root, tmp_path / "www" / "site", BuildOptions(search=False)).out
    county.write("donghu-zhen.yaml", GOOD_HEAD + GOOD_ITEM + SECOND_ITEM)
    return out


@pytest.mark.parametrize(
    "failure", [fail_while_rendering, fail_while_indexing, fail_lint, interrupt_while_writing], ids=lambda f: f.__name__
)
def test_a_failed_build_leaves_the_previous_site_whole(
    failure: Callable, built: Path, county: County, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = tree(built)
    error = failure(monkeypatch, county)
    with pytest.raises(error):
        build(county.root, built, BuildOptions(search=True))
    assert differences(before, tree(built)) == []
    assert leftovers(built) == []


def interrupt_the_swap(out: Path) -> None:
    """What a build killed between its two renames leaves: the old site renamed away, a staging folder."""
    out.rename(out.parent / f".{out.name}.old")
    (out.parent / f".{out.name}.staging-99999").mkdir()
    (out.parent / f".{out.name}.staging-99999" / "index.html").write_text("partial", encoding="utf-8")


def test_a_build_after_an_interrupted_swap_replaces_the_site(built: Path, county: County, tmp_path: Path) -> None:
    interrupt_the_swap(built)
    build(county.root, built, BuildOptions(search=False))
    fresh = build(county.root, tmp_path / "fresh" / "site", BuildOptions(search=False)).out
    assert differences((tree(fresh)), (tree(built))) == []
    assert leftovers(built) == []


def test_a_failed_build_after_an_interrupted_swap_brings_the_previous_site_back(built: Path, county: County) -> None:
    before = tree(built)
    interrupt_the_swap(built)
    county.write("donghu-zhen.yaml", MISSING_BASIS)
    with pytest.raises(BuildFailed):
        build(county.root, built, BuildOptions(search=False))
    assert built.is_dir()
    assert differences(before, tree(built)) == []


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="renameat2 is Linux's")
def test_on_linux_the_site_is_swapped_in_one_step(built: Path, county: County, monkeypatch: pytest.MonkeyPatch) -> None:
    """RENAME_EXCHANGE: the output folder is never renamed away, so no moment exists without a site."""
    a, b = built.parent / "a", built.parent / "b"
    a.mkdir(), b.mkdir(), (a / "from-a").touch()
    assert gongkai.output.exchange(a, b) and [p.name for p in b.iterdir()] == ["from-a"] and not any(a.iterdir())
    a.rmdir(), shutil.rmtree(b)
    renamed: list[str] = []
    real_rename = Path.rename
    monkeypatch.setattr(Path, "rename", lambda self, target: renamed.append(str(self)) or real_rename(self, target))
    build(county.root, built, BuildOptions(search=False))
    assert renamed == [] and leftovers(built) == []
    assert "低保审批信息" in (built / "units/donghu-zhen.html").read_text(encoding="utf-8")


def test_without_an_exchange_the_swap_renames_twice(built: Path, county: County, monkeypatch) -> None:
    monkeypatch.setattr(gongkai.output, "exchange", lambda a, b: False)
    build(county.root, built, BuildOptions(search=False))
    assert "低保审批信息" in (built / "units/donghu-zhen.html").read_text(encoding="utf-8")
    assert leftovers(built) == []


@pytest.mark.parametrize("where", [".", "..", "catalogs", "catalogs/site", "templates", "docs"])
def test_a_build_never_replaces_the_project_or_a_folder_that_is_not_a_site(county: County, where: str) -> None:
    """The swap replaces the whole output folder: the project, its sources and other people's files are refused."""
    (county.root / "docs").mkdir()
    (county.root / "docs" / "合同.docx").write_bytes(b"PK\x03\x04")
    (county.root / "templates").mkdir(exist_ok=True)
    before = tree(county.root)
    with pytest.raises(GongkaiError, match="输出文件夹"):
        build(county.root, county.root / where, BuildOptions(search=False))
    assert differences(before, tree(county.root)) == []


def test_a_build_replaces_an_empty_folder_and_a_previous_site(built: Path, county: County, tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    assert (build(county.root, tmp_path / "empty", BuildOptions(search=False)).out / "index.html").is_file()
    assert (build(county.root, built, BuildOptions(search=False)).out / "index.html").is_file()


def test_lint_errors_stop_the_build_before_anything_is_written(county: County, tmp_path: Path) -> None:
    county.write("donghu-zhen.yaml", MISSING_BASIS)
    out = tmp_path / "www" / "site"
    with pytest.raises(BuildFailed) as failed:
        build(county.root, out, BuildOptions(search=False))
    assert failed.value.lint.errors == 1
    assert [p.code for p in failed.value.lint.problems if p.severity == "error"] == ["GK203"]
    assert not out.exists()
    assert leftovers(out) == []


# --- a county's own templates -------------------------------------------------------------------------------------

OWN_404 = """\
{% extends "base.html" %}
{% block title %}找不到页面 · {{ site.config.title }}{% endblock %}
{% block main %}<h1>本县自定义的找不到页面</h1>{% endblock %}
"""


def test_a_countys_templates_and_static_files_override_the_packaged_ones(county: County, tmp_path: Path) -> None:
    county.write("donghu-zhen.yaml", GOOD_HEAD + GOOD_ITEM)
    county.write("404.html", OWN_404, folder="templates")
    css = county.write("static/gongkai.css", "/* 本县样式 */\nbody { color: #000; }\n", folder="templates")
    out = build(county.root, tmp_path / "site", BuildOptions(search=False)).out

    not_found = page(out, "404.html")
    assert [text(h1) for h1 in not_found.iter("h1")] == ["本县自定义的找不到页面"]
    assert not_found.find(".//footer") is not None, "the county's page still extends the packaged base.html"
    assert [text(h1) for h1 in page(out, "index.html").iter("h1")] == ["测试县基层政务公开标准目录"]
    assert (out / "static/gongkai.css").read_bytes() == css.read_bytes()
    packaged_js = (packaged("templates") / "static" / "gongkai.js").read_bytes()
    assert (out / "static/gongkai.js").read_bytes() == packaged_js


# --- the command line ---------------------------------------------------------------------------------------------


def test_cli_build_honours_out_and_no_search(demo_builds: DemoBuilds) -> None:
    assert demo_builds.cli.exit_code == 0, demo_builds.cli.output
    assert (demo_builds.cli_out / "index.html").is_file()
    assert not (demo_builds.cli_out / "pagefind").exists()
    assert not (demo_builds.root / "site").exists(), "--out, not the default site/"


def test_cli_build_with_search_writes_the_index(county: County, tmp_path: Path, monkeypatch) -> None:
    county.write("donghu-zhen.yaml", GOOD_HEAD + GOOD_ITEM)
    monkeypatch.chdir(county.root)
    result = gongkai_cli("build", "--out", str(tmp_path / "public"))
    assert result.exit_code == 0, result.output
    assert (tmp_path / "public" / "pagefind" / "pagefind-entry.json").is_file()
    assert not (county.root / "site").exists()


def test_cli_build_exits_1_with_the_lint_report(county: County, tmp_path: Path, monkeypatch) -> None:
    county.write("donghu-zhen.yaml", MISSING_BASIS)
    monkeypatch.chdir(county.root)
    result = gongkai_cli("build", "--no-search", "--out", str(tmp_path / "public"))
    assert result.exit_code == 1, result.output
    assert "GK203" in result.output
    assert "catalogs/donghu-zhen.yaml" in result.output
    assert not (tmp_path / "public").exists()


def edit_demo_catalog(root: Path) -> None:
    path = root / "catalogs" / "donghu-zhen.yaml"
    text = path.read_text(encoding="utf-8")
    assert "低保审核信息" in text
    path.write_text(text.replace("低保审核信息", "低保审核结果", 1), encoding="utf-8")


def test_an_incremental_parallel_build_gives_a_clean_single_process_builds_bytes(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(gongkai.model.project, "PARALLEL_BYTES", 0)  # the demo is too small to share otherwise
    monkeypatch.setattr(gongkai.lint.runner, "PARALLEL_ITEMS", 0)
    county = copy_demo(tmp_path / "county")
    build(county, tmp_path / "site", BuildOptions(search=False, history=False, processes=2))  # fills the cache
    edit_demo_catalog(county)
    incremental = build(county, tmp_path / "site", BuildOptions(search=False, history=False, processes=2)).out
    clean = shutil.copytree(county, tmp_path / "clean", ignore=shutil.ignore_patterns(".gongkai-cache"))
    single = build(clean, tmp_path / "single", BuildOptions(search=False, history=False, processes=1)).out
    assert differences(tree(single), tree(incremental)) == []


def test_a_pages_only_build_shows_the_edit_and_keeps_the_last_downloads_and_index(tmp_path: Path) -> None:
    """What `serve` swaps in first after an edit; the whole build follows it."""
    county = copy_demo(tmp_path / "county")
    out = build(county, tmp_path / "site", BuildOptions(search=True, history=False)).out
    before = tree(out)
    edit_demo_catalog(county)
    build_pages(county, out, BuildOptions(history=False))
    after = tree(out)
    assert "低保审核结果".encode() in after["units/donghu-zhen.html"]
    kept = [p for p in before if p.startswith(("downloads/", "data/", "pagefind/"))]
    assert kept and all(after[p] == before[p] for p in kept)
    assert after.keys() == before.keys()
    whole = build(county, out, BuildOptions(search=True, history=False)).out
    assert tree(whole)["downloads/units/donghu-zhen.csv"] != before["downloads/units/donghu-zhen.csv"]


def test_the_county_workbook_is_made_of_the_domain_workbooks_sheets(monkeypatch, tmp_path: Path) -> None:
    """The county's workbook takes each domain's sheet from that domain's cached workbook: the same bytes as
    writing every row again, and no row written again once the domains' workbooks are there."""
    import gongkai.render.pages as pages
    from gongkai.cache import Cache
    from gongkai.render.views import site_view

    cache = Cache(tmp_path / "cache")
    project = gongkai.model.project.load_project(copy_demo(tmp_path / "demo"), cache=cache)  # digests: cache keys
    site = site_view(project, dt.datetime(2026, 3, 1, tzinfo=dt.UTC))
    written = dict(pages.county_downloads(site, None))
    for domain in site.published_domains:
        dict(pages.domain_downloads(domain, site, cache))

    def no_rows(*args, **kwargs):
        raise AssertionError("the county's rows written again")

    with monkeypatch.context() as patch:
        patch.setattr(pages, "xlsx_bytes", no_rows)
        reused = dict(pages.county_downloads(site, cache))
    assert reused[f"{site.downloads}.xlsx"] == written[f"{site.downloads}.xlsx"]
    assert reused[f"{site.downloads}.csv"] == written[f"{site.downloads}.csv"]
    fresh = dict(pages.county_downloads(site, Cache(tmp_path / "fresh")))  # before any domain's task has run
    assert fresh == written
    sheets = openpyxl.load_workbook(io.BytesIO(written[f"{site.downloads}.xlsx"])).sheetnames
    assert sheets == [d.name for d in site.published_domains]
