"""The site's 进展 page (built with history): each unit's completeness and coverage month by month as an inline SVG
chart with its numbers in a table, and the 督办 list; linked from the navigation only when history is on.

The county is tests/counties/audit in a temporary git repository: in August as it is (two errors), in September
西山乡 and 人社局 fill what they lacked, in October 民政局 drops a guide item (its coverage 100% → 50%), so
that the site builds at HEAD and its history has a unit that improves and one that gets worse.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import lxml.html
import pytest

from gongkai.build import BuildOptions, build
from gongkai.history.monthly import Month, Numbers, UnitMonth
from gongkai.render.progress import Chart, progress_view
from tests.test_history import CST, isolated_git, new_repository  # noqa: F401  (isolated_git: a fixture)
from tests.test_report_monthly import AUDIT, EPOCH, commit, edit

HOSTILE = '<script>alert(1)</script>"><img src=x onerror=alert(2)>&amp;'
DEMO = Path(__file__).parents[1]


def make_county(root: Path, short: str | None = None) -> dict[str, str]:
    new_repository(root)
    shutil.copytree(AUDIT / "catalogs", root / "catalogs", dirs_exist_ok=True)
    shutil.copytree(AUDIT / "domains", root / "domains")
    (root / "gongkai.toml").write_text('[site]\ncounty = "审计测试县"\nstale_months = 2\n', encoding="utf-8")
    commits: dict[str, str] = {}
    commit(root, "aug", dt.datetime(2026, 8, 3, 9, 0, tzinfo=CST), commits)
    edit(root, "xishan-xiang", "deadline:\n", "deadline: 信息形成或者变更之日起20个工作日内\n")
    edit(root, "renshe-ju", "basis: 无", "basis: 《社会保险法》")
    if short is not None:
        edit(root, "renshe-ju", "kind: department", f"kind: department\n  short: '{short}'")
    commit(root, "sep", dt.datetime(2026, 9, 15, 9, 0, tzinfo=CST), commits)
    path = root / "catalogs" / "minzheng-ju.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("    - name: 低保审批信息")
    path.write_text(text[:start] + text[text.index("  yanglao-fuwu:") :], encoding="utf-8")
    commit(root, "oct", dt.datetime(2026, 10, 10, 9, 0, tzinfo=CST), commits)
    return commits


def build_site(root: Path, history: bool = True) -> Path:
    return build(root, root / "site", BuildOptions(search=False, history=history, processes=1)).out


@pytest.fixture
def fixed_day(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("progress") / "county"
    make_county(root)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", EPOCH)
        return build_site(root)


def page(path: Path) -> lxml.html.HtmlElement:
    return lxml.html.fromstring(path.read_bytes())


def figure(doc: lxml.html.HtmlElement, slug: str) -> lxml.html.HtmlElement:
    found = doc.xpath(f"//figure[h3/a[@href='units/{slug}.html']]")
    assert len(found) == 1, slug
    return found[0]


def table_rows(element: lxml.html.HtmlElement) -> list[list[str]]:
    return [[cell.text_content().strip() for cell in row] for row in element.xpath(".//table/tbody/tr")]


def test_each_unit_has_a_chart_and_its_numbers_month_by_month(site):
    doc = page(site / "progress.html")
    assert doc.xpath("string(//h1)") == "审计测试县政务公开目录进展"
    minzheng = figure(doc, "minzheng-ju")
    assert table_rows(minzheng) == [
        ["2026-08", "100.0%", "100.0%", "3"],
        ["2026-09", "100.0%", "100.0%", "0"],
        ["2026-10", "100.0%", "50.0%", "1"],
    ]
    xishan = figure(doc, "xishan-xiang")
    assert [row[1] for row in table_rows(xishan)] == ["0.0%", "100.0%", "100.0%"]
    svg = minzheng.find(".//svg")
    assert svg is not None and svg.get("role") == "img"
    title = svg.find("title")
    assert title is not None and title.text == "审计测试县民政局：完整率和覆盖率（2026-08 至 2026-10）"
    assert svg.get("aria-labelledby") == title.get("id")
    coverage = svg.xpath(".//polyline[@class='line-coverage']")
    assert len(coverage) == 1
    points = [tuple(map(float, p.split(","))) for p in coverage[0].get("points").split()]
    assert len(points) == 3 and points[0][1] == points[1][1] < points[2][1]  # 100%, 100%, then lower: 50%
    county = doc.xpath("//section[@aria-labelledby='h-county']")[0]
    assert table_rows(county) == [
        ["2026-08", "75.0%", "83.3%", "8"],
        ["2026-09", "100.0%", "83.3%", "2"],
        ["2026-10", "100.0%", "66.7%", "1"],
    ]


def test_the_follow_up_list_names_the_unit_that_got_worse(site):
    doc = page(site / "progress.html")
    section = doc.xpath("//section[@aria-labelledby='h-followup']")[0]
    assert section.xpath("string(h2)") == "督办（2026-10）"
    lists = {h3.text_content(): h3.getnext() for h3 in section.xpath("h3")}
    worse = [li.text_content() for li in lists["本月变差的单位"].xpath("li")]
    assert worse == ["审计测试县民政局：覆盖率 100.0% → 50.0%"]
    stale = [li.xpath("string(a)") for li in lists["2 个月以上未更新的单位"].xpath("li")]
    assert sorted(stale) == ["东桥村", "东湖镇"]
    gaps = [li.text_content() for li in lists["缺口最大的单位"].xpath("li")]
    assert gaps == [f"{unit}：1 个指引事项未覆盖（覆盖率 50.0%）" for unit in ("审计测试县民政局", "西山乡")]
    assert lists["本月变差的单位"].xpath("li/a/@href") == ["units/minzheng-ju.html"]


def test_the_page_is_linked_from_the_navigation_and_the_sitemap_with_history(site):
    for name, link in (("index.html", "progress.html"), ("units/minzheng-ju.html", "../progress.html")):
        assert page(site / name).xpath("//nav[@class='site-nav']/a[text()='进展']/@href") == [link], name
    assert page(site / "sitemap.html").xpath("//main//a[text()='进展']/@href") == ["progress.html"]


def test_the_charts_run_no_script_and_load_nothing(site):
    doc = page(site / "progress.html")
    svgs = doc.xpath("//svg")
    assert len(svgs) == 6  # the county and its five units
    for svg in svgs:
        assert not svg.xpath(".//script|.//foreignObject|.//image|.//use|.//a")
        for element in svg.iter():
            for name, value in element.attrib.items():
                assert not name.lower().startswith("on") and "href" not in name.lower()
                assert "url(" not in value and "javascript:" not in value
        for polyline in svg.xpath(".//polyline"):
            assert re.fullmatch(r"[0-9.]+,[0-9.]+( [0-9.]+,[0-9.]+)*", polyline.get("points"))


def test_a_hostile_unit_name_is_text_in_the_chart_and_the_page(tmp_path, fixed_day):
    root = tmp_path / "county"
    make_county(root, short=HOSTILE.replace("'", "''"))
    out = build_site(root)
    html = (out / "progress.html").read_text(encoding="utf-8")
    doc = lxml.html.fromstring(html)
    assert not doc.xpath("//img") and not doc.xpath("//*[@onerror]")
    assert doc.xpath("//script/@src") == ["static/gongkai.js"] and not doc.xpath("//script[not(@src)]")
    figure = doc.xpath("//figure[h3/a[@href='units/renshe-ju.html']]")[0]
    assert figure.xpath("string(h3/a)") == HOSTILE
    assert figure.xpath("string(.//svg/title)").startswith(HOSTILE + "：")
    assert "<script>alert" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_without_history_there_is_no_progress_page(tmp_path, fixed_day):
    root = tmp_path / "county"
    make_county(root)
    out = build_site(root, history=False)
    assert not (out / "progress.html").exists()
    assert not page(out / "index.html").xpath("//a[text()='进展']")


def test_a_chart_breaks_its_line_where_a_month_has_no_value():
    chart = Chart("c", "t", ["2026-01", "2026-02", "2026-03", "2026-04"], [100.0, None, 50.0, 0.0], [None] * 4)
    completeness = next(line for line in chart.lines if line.key == "completeness")
    assert len(completeness.pieces) == 2 and len(completeness.dots) == 3
    (x0, y0), (_, y50), (x3, y0_) = completeness.dots
    assert y0 == chart.y(100) < y50 < y0_ == chart.bottom and x0 < x3
    coverage = next(line for line in chart.lines if line.key == "coverage")
    assert coverage.pieces == () and coverage.dots == ()
    single = Chart("c", "t", ["2026-01"], [80.0], [60.0])
    assert [len(line.dots) for line in single.lines] == [1, 1] and single.axis == [(single.x(0), "2026-01")]


@pytest.mark.slow
def test_the_demo_shows_its_months(tmp_path):
    """The demo county, built with its own git history: a month for each month of the repository's commits."""
    out = build(DEMO, tmp_path / "site", BuildOptions(search=False, history=True)).out
    doc = page(out / "progress.html")
    months = [row.xpath("string(th)") for row in doc.xpath("//section[@aria-labelledby='h-county']//tbody/tr")]
    assert months and all(re.fullmatch(r"\d{4}-\d{2}", m) for m in months) and months == sorted(months)
    assert len(doc.xpath("//figure[h3]")) == 24


def test_the_page_shows_the_last_twelve_months_of_a_longer_history():
    def month(n: int) -> Month:
        unit = UnitMonth(items=10, complete=n % 10, slug="a", name="甲镇", short="甲镇", kind="乡镇/街道", updated=True)
        when = dt.date(2025 + n // 12, n % 12 + 1, 28)
        return Month(f"{when:%Y-%m}", when, f"{n:040x}", [unit], Numbers(items=10, complete=n % 10))

    view = progress_view([month(n) for n in range(14)], "测试县", stale_months=3)
    assert [m.month for m in view.months] == [f"2025-{n:02d}" for n in range(3, 13)] + ["2026-01", "2026-02"]
    assert view.all_months == 14 and view.county.months == [m.month for m in view.months]
    assert [n.completeness for n in view.units[0].numbers] == [10.0 * (n % 10) for n in range(2, 14)]
    assert view.follow_up.worse == []  # 20% → 30% in the last month (the fall from 90% to 0% was earlier)
