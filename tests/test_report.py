"""`gongkai report`: the fixture county tests/counties/audit (two townships, two departments, a village) was
built to have known gaps — an item without basis, one without deadline, a guide item missing, two conflicts
between levels, an old review — and its numbers are asserted exactly, in every format and on the site."""

from __future__ import annotations

import contextlib
import io
import json
import re
import shutil
from pathlib import Path

import lxml.html
import openpyxl
import pytest
from typer.testing import Result

from gongkai.build import BuildFailed, BuildOptions, build
from gongkai.report import audit, to_json
from tests.test_cli import gongkai

COUNTY = Path(__file__).parent / "counties" / "audit"
EPOCH = "1793433600"  # 2026-10-31 in China: 西山乡's review of 2025-06-01 is overdue

#            items complete complete% expected covered coverage% conflicts withheld reviewed
UNITS = {
    "donghu-zhen": (2, 2, 100.0, 2, 2, 100.0, 1, 2, "2026-09-01"),
    "xishan-xiang": (1, 0, 0.0, 2, 1, 50.0, 1, 0, "2025-06-01"),
    "minzheng-ju": (3, 3, 100.0, 2, 2, 100.0, 0, 1, "2026-05-01"),
    "renshe-ju": (1, 0, 0.0, 0, 0, None, 0, 0, "2026-02-01"),
    "dongqiao-cun": (1, 1, 100.0, 0, 0, None, 0, 0, "2026-10-01"),
}
#              units items complete complete% expected covered coverage% conflicts
DOMAINS = {
    "shehui-jiuzhu": (4, 6, 5, 83.3, 6, 5, 83.3, 2),
    "yanglao-fuwu": (2, 2, 1, 50.0, 0, 0, None, 0),
}
TOTAL = (5, 8, 6, 75.0, 6, 5, 83.3, 2, 3, "2025-06-01")
GAPS = ["GK203", "GK204", "GK401", "GK501", "GK501", "GK601"]


@pytest.fixture(autouse=True)
def fixed_day(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)


def unit_numbers(row: dict) -> tuple:
    keys = ("items", "complete", "completeness", "guide_expected", "guide_covered", "coverage", "conflicts")
    return (*(row[k] for k in keys), row["withheld"], row["reviewed"])


def test_numbers_per_unit_domain_and_county():
    _, report = audit(COUNTY)
    assert {u.key: unit_numbers(u.to_dict()) for u in report.units} == UNITS
    domains = {d.key: (d.units, *unit_numbers(d.to_dict())[:7]) for d in report.domains}
    assert domains == DOMAINS
    total = report.total.to_dict()
    assert (total["units"], *unit_numbers(total)) == TOTAL


def test_gaps_come_errors_first_with_their_places():
    _, report = audit(COUNTY)
    assert [g.code for g in report.gaps] == GAPS
    assert report.gaps[0].severity == "error" and report.gaps[0].location.endswith("renshe-ju.yaml:9:7")
    assert all(g.line > 0 and g.column > 0 for g in report.gaps)


def run(*args: str, cwd: Path) -> Result:
    with contextlib.chdir(cwd):
        return gongkai("report", *args)


def invoke(*args: str, cwd: Path) -> str:
    result = run(*args, cwd=cwd)
    assert result.exit_code == 0, result.output
    return result.output


def test_json_from_the_command_line_is_the_report():
    _, report = audit(COUNTY)
    cli = json.loads(invoke("--format", "json", cwd=COUNTY))
    assert cli["units"] == json.loads(to_json(report))["units"]
    assert cli["total"]["completeness"] == 75.0


def test_text_names_every_unit():
    text = invoke(cwd=COUNTY)
    for name in ("东湖镇", "西山乡", "审计测试县民政局", "东桥村", "合计", "GK203"):
        assert name in text


def html_numbers(html: str) -> dict[str, list[str]]:
    """Unit name → the cells of its row in the report page's unit table."""
    document = lxml.html.fromstring(html)
    table = document.xpath("//table[contains(@class, 'report')]")[0]
    return {
        row.xpath("string(th)").split()[0]: [td.text_content() for td in row.xpath("td")]
        for row in table.xpath(".//tbody/tr")
    }


def test_the_standalone_html_shows_the_numbers(tmp_path):
    """The fixture has lint errors on purpose: a build refuses it, the report does not."""
    with pytest.raises(BuildFailed):
        build(COUNTY, tmp_path / "site", BuildOptions(search=False))
    rows = html_numbers(invoke("--format", "html", cwd=COUNTY))
    assert rows["审计测试县西山乡人民政府"][:6] == ["1", "0", "0.0%", "2", "1", "50.0%"]
    assert rows["审计测试县东湖镇人民政府"][6] == "1"


def test_the_site_report_page_matches_the_json(tmp_path):
    county = tmp_path / "county"
    shutil.copytree(COUNTY, county)
    for path in (county / "catalogs").glob("*.yaml"):  # make it build: fill the two missing elements
        text = path.read_text(encoding="utf-8").replace("basis: 无", "basis: 《社会保险法》")
        path.write_text(text.replace("deadline:\n", "deadline: 信息形成之日起20个工作日内\n"), encoding="utf-8")
    out = build(county, tmp_path / "site", BuildOptions(search=False)).out
    _, report = audit(county)
    rows = html_numbers((out / "report.html").read_text(encoding="utf-8"))
    for unit in report.units:
        cells = rows[unit.name]
        assert cells[:3] == [str(unit.items), str(unit.complete), f"{unit.completeness}%"]
    home = lxml.html.fromstring((out / "index.html").read_text(encoding="utf-8"))
    assert home.xpath("//a[@href='report.html']")


def test_xlsx_has_the_same_numbers(tmp_path):
    target = tmp_path / "report.xlsx"
    invoke("--format", "xlsx", "--out", str(target), cwd=COUNTY)
    workbook = openpyxl.load_workbook(io.BytesIO(target.read_bytes()), read_only=True)
    rows = {row[1]: row for row in workbook["单位"].iter_rows(min_row=2, values_only=True)}
    assert rows["xishan-xiang"][2:5] == (1, 0, 0)
    assert [row[1] for row in workbook["主要问题"].iter_rows(min_row=2, values_only=True)] == GAPS


def test_catalogs_it_could_not_read_are_named_and_exit_2(tmp_path):
    """SPEC §10: a file left out of the counts is said, with its place, in every format; the numbers stay those of
    the files that were read."""
    county = tmp_path / "county"
    shutil.copytree(COUNTY, county)
    (county / "catalogs" / "broken.yaml").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    (county / "catalogs" / "list.yaml").write_text("- 低保\n", encoding="utf-8")
    text = run(cwd=county)
    assert text.exit_code == 2
    assert "未计入：2 处错误" in text.output and "catalogs/broken.yaml:1:1 GK100" in text.output
    assert "catalogs/list.yaml:1:1 GK103" in text.output
    document = json.loads(run("--format", "json", cwd=county).stdout)
    assert [(p["file"], p["code"]) for p in document["unread"]] == [
        ("catalogs/broken.yaml", "GK100"),
        ("catalogs/list.yaml", "GK103"),
    ]
    assert (document["total"]["units"], document["total"]["items"]) == (5, 8)
    page = lxml.html.fromstring(run("--format", "html", cwd=county).stdout)
    assert "catalogs/list.yaml:1:1" in page.xpath("string(//section[@aria-labelledby='h-unread'])")


def test_text_goes_to_the_out_file_whole_and_a_bad_out_is_a_clear_error(tmp_path):
    target = tmp_path / "报告.txt"
    invoke("--out", str(target), cwd=COUNTY)
    written = target.read_text(encoding="utf-8")
    assert "审计测试县民政局" in written and "2025-06-01" in written and "…" not in written
    gaps = written.split("主要问题")[1].splitlines()[1:]
    assert len(gaps) == len(GAPS) and all(re.match(r"  \S+\.yaml:\d+:\d+ GK\d{3} ", line) for line in gaps), gaps
    for bad in (tmp_path / "missing" / "r.json", tmp_path):
        result = run("--format", "json", "--out", str(bad), cwd=COUNTY)
        assert result.exit_code == 2 and "无法写入" in result.output and "Traceback" not in result.output


def test_xlsx_goes_to_stdout_when_redirected():
    workbook = openpyxl.load_workbook(io.BytesIO(run("--format", "xlsx", cwd=COUNTY).stdout_bytes), read_only=True)
    assert workbook.sheetnames == ["单位", "领域", "主要问题"]
