"""A city repository (issue 20): `gongkai init --city` makes one of three counties; `gongkai build` there builds
each county's part by its own rules, reuses the parts of counties that did not change, and merges them into one
site whose home page lists each county with its totals; lint and report cover every county, the report ranks
them and lists the guide items each lacks; counties can come from git at a pinned commit, never an unpinned one;
a hostile county name is text everywhere."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import threading
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from lxml import html

from gongkai.city.parts import PARTS
from gongkai.city.site import build_city
from gongkai.errors import ConfigError
from gongkai.serve import serve
from tests.test_cli import gongkai
from tests.test_serve import fetch, wait_for

HOSTILE = '乙县<img src=x onerror=alert(1)>"&\'=HYPERLINK("x")'
SLUGS = ["jia-xian", "yi-xian", "bing-xian"]


def make_city(folder: Path, monkeypatch) -> Path:
    """A city of three counties made by `init --city`; 乙县's name made hostile, and 丙县's township missing one
    item of the 社会救助 guide (监督检查)."""
    monkeypatch.chdir(folder)
    made = gongkai("init", "city", "--city", "某某市", "--county", "甲县", "--county", "乙县", "--county", "丙县")
    assert made.exit_code == 0, made.output
    root = folder / "city"
    config = root / "counties" / "yi-xian" / "gongkai.toml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace('county = "乙县"', f"county = {json.dumps(HOSTILE, ensure_ascii=False)}"), "utf-8")
    drop_item(root / "counties" / "bing-xian" / "catalogs" / "example-zhen.yaml", "监督检查")
    monkeypatch.chdir(root)
    return root


def drop_item(path: Path, name: str) -> None:
    text = path.read_text(encoding="utf-8")
    dropped = re.sub(rf"    - category: [^\n]*\n      name: {name}\n(      [^\n]*\n)*", "", text, count=1)
    assert dropped != text
    path.write_text(dropped, encoding="utf-8")


@pytest.fixture
def city(tmp_path, monkeypatch) -> Path:
    return make_city(tmp_path, monkeypatch)


def links(page: Path) -> list[Path]:
    """Where each relative link of `page` leads, as files."""
    tree = html.fromstring(page.read_bytes())
    found = []
    for href in tree.xpath("//a/@href"):
        parts = urlsplit(href)
        if parts.scheme or parts.netloc or not parts.path:
            continue
        found.append((page.parent / unquote(parts.path)).resolve())
    return found


def test_init_makes_a_city_of_three_counties_that_builds(city):
    assert "[city]" in (city / "gongkai.toml").read_text(encoding="utf-8")
    for slug in SLUGS:
        assert (city / "counties" / slug / "catalogs" / "example-zhen.yaml").is_file()
    result = build_city(city)
    assert result.built == SLUGS and result.reused == []
    site = city / "site"
    home = html.fromstring((site / "index.html").read_bytes())
    rows = home.xpath("//table[contains(@class, 'city-counties')]/tbody/tr")
    names = [row.xpath("string(th)") for row in rows]
    assert names == ["甲县", HOSTILE, "丙县"]  # in gongkai.toml's order, the hostile name as text
    assert not home.xpath("//img[@src='x']") and not home.xpath("//*[@onerror]")
    items = [row.xpath("string(td[@data-label='事项'])") for row in rows]
    assert items == ["22", "22", "21"]
    assert home.xpath("string(//ul[@class='stats'])").split() == ["3", "个县", "6", "个单位", "65", "个公开事项"]
    for page in (
        site / "index.html",
        site / "report.html",
        site / "counties" / "yi-xian" / "units" / "example-ju.html",
    ):
        for target in links(page):
            assert target.is_file(), (page, target)
    search = html.fromstring((site / "search.html").read_bytes())
    anchors = {href.partition("#")[2] for href in search.xpath("//a/@href") if "index.html#" in href}
    assert anchors == {"counties"}  # the offline and no-script notes lead to the counties, which the city home has
    assert home.xpath("//*[@id='counties']")
    county_home = html.fromstring((site / "counties" / "jia-xian" / "domains" / "shehui-jiuzhu.html").read_bytes())
    (back,) = county_home.xpath("//a[@class='city-link']")
    assert back.text == "某某市"
    assert back.get("href") == "../../../index.html"  # counties/jia-xian/domains/ → the city's home, offline too


def test_a_rebuild_reuses_the_counties_that_did_not_change(city):
    first = build_city(city)
    assert first.built == SLUGS
    again = build_city(city)
    assert again.built == [] and again.reused == SLUGS
    stamps = {slug: (city / PARTS / slug / "part.json").stat().st_mtime_ns for slug in SLUGS}
    catalog = city / "counties" / "yi-xian" / "catalogs" / "example-ju.yaml"
    catalog.write_text(catalog.read_text(encoding="utf-8").replace("content: ", "content: 新增说明，", 1), "utf-8")
    changed = build_city(city)
    assert changed.built == ["yi-xian"] and changed.reused == ["jia-xian", "bing-xian"]
    after = {slug: (city / PARTS / slug / "part.json").stat().st_mtime_ns for slug in SLUGS}
    assert [slug for slug in SLUGS if after[slug] != stamps[slug]] == ["yi-xian"]
    page = (city / "site" / "counties" / "yi-xian" / "units" / "example-ju.html").read_text(encoding="utf-8")
    assert "新增说明" in page


def test_report_ranks_the_counties_and_lists_the_guide_items_each_lacks(city):
    shown = gongkai("report", "--format", "json")
    assert shown.exit_code == 0, shown.output
    report = json.loads(shown.stdout)
    ranking = report["ranking"]
    assert [r["slug"] for r in ranking][-1] == "bing-xian"  # the one with a gap
    assert [r["place"] for r in ranking] == [1, 2, 3]
    last = ranking[-1]
    assert last["coverage"] < 100 and last["score"] < ranking[0]["score"]
    (jiuzhu,) = [d for d in report["lacking"] if d["domain"] == "shehui-jiuzhu"]
    assert jiuzhu["counties"] == [
        {"slug": "bing-xian", "county": "丙县", "units": 1, "lacking": [{"name": "监督检查", "units": 1}]}
    ]
    text = gongkai("report")
    assert text.exit_code == 0 and "丙县（1 个单位）：监督检查（1）" in text.stdout
    assert HOSTILE in text.stdout  # as written: Rich markup is off for names


def test_lint_covers_every_county(city):
    result = gongkai("lint", "--format", "json")
    assert result.exit_code == 0, result.output
    problems = json.loads(result.stdout)["problems"]
    assert [(p["code"], p["file"]) for p in problems] == [("GK401", "counties/bing-xian/catalogs/example-zhen.yaml")]
    assert "6 个单位" in gongkai("lint").stdout


def test_fmt_in_a_city_formats_every_countys_catalogs(city):
    catalog = city / "counties" / "bing-xian" / "catalogs" / "example-zhen.yaml"
    catalog.write_text(catalog.read_text(encoding="utf-8").replace("unit:\n  name:", "unit:\n  name:   "), "utf-8")
    checked = gongkai("fmt", "--check")
    assert checked.exit_code == 1 and "counties/bing-xian/catalogs/example-zhen.yaml" in checked.output
    assert gongkai("fmt").exit_code == 0
    done = gongkai("fmt", "--check")
    assert done.exit_code == 0 and "6 个文件均为规范格式" in done.output, done.output


@pytest.mark.parametrize(
    "command",
    [
        ["new", "--unit", "x-zhen", "--name", "某镇人民政府", "--kind", "township", "--domain", "shehui-jiuzhu"],
        ["import", "table.csv", "--unit", "x-zhen", "--name", "某镇人民政府"],
        ["export", "--format", "csv"],
    ],
)
def test_a_command_for_one_countys_catalog_in_a_city_says_where_to_run_it(city, command):
    (city / "table.csv").write_text("二级事项,公开内容\n低保,名单\n", encoding="utf-8")
    refused = gongkai(*command)
    assert refused.exit_code == 2, refused.output
    assert "这是市级仓库" in refused.output and "counties/jia-xian" in refused.output
    assert not list(city.glob("catalogs")) and not list(city.glob("counties/*/catalogs/x-zhen.yaml"))


def test_serve_in_a_city_previews_the_city_and_rebuilds_a_changed_county(city, tmp_path):
    results: list = []
    address: list[str] = []
    stop = threading.Event()
    thread = threading.Thread(
        target=serve,
        args=(city, results.append),
        kwargs={"port": 0, "out": tmp_path / "site", "ready": address.append, "stop": stop},
        daemon=True,
    )
    thread.start()
    try:
        wait_for(lambda: address, seconds=60)
        assert [r.built for r in results] == [SLUGS]
        status, page = fetch(address[0] + "index.html")
        assert status == 200 and "某某市" in page
        catalog = city / "counties" / "yi-xian" / "catalogs" / "example-ju.yaml"
        saved_text = catalog.read_text(encoding="utf-8").replace("content: ", "content: 预览中修改，", 1)
        catalog.with_name("new.tmp").write_text(saved_text, encoding="utf-8")
        catalog.with_name("new.tmp").replace(catalog)
        page_url = address[0] + "counties/yi-xian/units/example-ju.html"
        wait_for(lambda: "预览中修改" in fetch(page_url)[1], seconds=60)
        assert results[-1].built == ["yi-xian"] and results[-1].reused == ["jia-xian", "bing-xian"]
    finally:
        stop.set()
        thread.join(timeout=30)
    assert not thread.is_alive()


def test_the_city_csv_has_every_countys_items_with_a_county_column(city):
    build_city(city)
    text = (city / "site" / "downloads" / "city.csv").read_bytes().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][-3:] == ["县", "单位", "领域"]
    assert [r[0] for r in rows[1:]] == [str(n) for n in range(1, 66)]  # numbered across the city
    counties = [r[-3] for r in rows[1:]]
    assert counties.count("甲县") == 22 and counties.count("丙县") == 21
    assert counties.count("'" + HOSTILE) == 0 and counties.count(HOSTILE) == 22  # starts with 乙: not a formula


def test_build_of_one_county_then_merge(city):
    """What CI's jobs do: each county's part alone, then a merge that builds nothing."""
    refused = gongkai("build", "--merge")
    assert refused.exit_code == 2 and "jia-xian" in refused.output
    for slug in SLUGS:
        done = gongkai("build", "--county", slug)
        assert done.exit_code == 0 and f"重新生成的县：{slug}；" in done.output, done.output
    assert not (city / "site").exists()
    merged = gongkai("build", "--merge")
    assert merged.exit_code == 0 and "重新生成的县：无；沿用的县：jia-xian、yi-xian、bing-xian" in merged.output
    unknown = gongkai("build", "--county", "nowhere")
    assert unknown.exit_code == 2 and "未知的县「nowhere」" in unknown.output


def _committed(county: Path) -> str:
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", "-C", str(county)]
    subprocess.run([*git, "init", "-q", "-b", "main"], check=True)
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-qm", "county"], check=True)
    return subprocess.run([*git, "rev-parse", "HEAD"], check=True, capture_output=True, text=True).stdout.strip()


def test_a_county_from_a_git_url_is_built_at_its_pinned_commit(city, tmp_path):
    remote = tmp_path / "remote-county"
    (city / "counties" / "jia-xian").rename(remote)
    commit = _committed(remote)
    config = city / "gongkai.toml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace('"counties/jia-xian"', f'"git+file://{remote}@{commit}"'), encoding="utf-8")
    catalog = remote / "catalogs" / "example-ju.yaml"  # after the commit: not what the city builds
    catalog.write_text(catalog.read_text(encoding="utf-8").replace("content: ", "content: 未提交，", 1), "utf-8")
    result = build_city(city)
    assert result.built == ["remote-county", "yi-xian", "bing-xian"]
    (checkout,) = (city / ".gongkai-counties").iterdir()
    head = subprocess.run(["git", "-C", str(checkout), "rev-parse", "HEAD"], capture_output=True, text=True)
    assert head.stdout.strip() == commit
    page = city / "site" / "counties" / "remote-county" / "units" / "example-ju.html"
    assert page.is_file() and "未提交" not in page.read_text(encoding="utf-8")
    assert build_city(city).reused == ["remote-county", "yi-xian", "bing-xian"]


@pytest.mark.parametrize(
    "entry", ["git+file:///srv/county.git@main", "git+file:///srv/county.git", "git+file:///srv/county.git@v1.0"]
)
def test_an_unpinned_git_url_is_refused(city, entry):
    config = city / "gongkai.toml"
    config.write_text(config.read_text(encoding="utf-8").replace('"counties/jia-xian"', f'"{entry}"'), "utf-8")
    with pytest.raises(ConfigError) as refused:
        build_city(city)
    assert "counties[0]" in refused.value.details[0] and "没有固定版本" in refused.value.details[0]
    shown = gongkai("build")
    assert shown.exit_code == 2 and "没有固定版本" in shown.output and "Traceback" not in shown.output


def test_a_bad_county_entry_names_the_file_and_the_entry(city):
    config = city / "gongkai.toml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace('"counties/bing-xian"', '"counties/nowhere", "counties/jia-xian"'), "utf-8")
    shown = gongkai("build")
    assert shown.exit_code == 2
    assert "counties[2]" in shown.output and "不是县仓库" in shown.output
    assert "县的标识「jia-xian」重复" in shown.output
