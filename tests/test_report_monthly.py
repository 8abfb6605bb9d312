"""`gongkai report --by month`: the county at the end of each month of its catalogs' git history.

A county repository is made in a temporary folder from tests/counties/audit (known gaps), with commits in three
months of 2026 (dates fixed): in August the catalogs and a change of one item; in September 西山乡 fills the
deadline it lacked (its completeness 0% → 100%); in October 民政局 drops a basis (100% → 66.7%). The months, their
snapshot commits and the numbers are asserted exactly, and the last month against `gongkai report` itself.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pytest
from jsonschema import Draft202012Validator
from typer.testing import CliRunner, Result

from gongkai.cache import Cache
from gongkai.cli import app
from gongkai.errors import UsageError
from gongkai.history import monthly as monthly_module
from gongkai.history.followup import follow_up
from gongkai.history.monthly import month_ends, monthly, parse_month
from gongkai.report import audit
from tests.test_cli import ENV
from tests.test_history import CST, git, isolated_git, new_repository  # noqa: F401  (isolated_git: a fixture)

AUDIT = Path(__file__).parent / "counties" / "audit"
SCHEMA = Path(__file__).parent / "schemas" / "report-monthly.schema.json"
DOC = Path(__file__).parents[1] / "docs" / "report-monthly.md"
TODAY = dt.date(2026, 10, 31)
EPOCH = str(int(dt.datetime(2026, 10, 31, 12, 0, tzinfo=CST).timestamp()))
MONTHS = ["2026-08", "2026-09", "2026-10"]


@dataclass
class County:
    root: Path
    commits: dict[str, str]  # label → commit


def commit(root: Path, label: str, when: dt.datetime, commits: dict[str, str]) -> None:
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", label, date=when)
    commits[label] = git(root, "rev-parse", "HEAD")


def edit(root: Path, slug: str, old: str, new: str) -> None:
    path = root / "catalogs" / f"{slug}.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def make_county(root: Path) -> County:
    """The audit county committed in August, improved by 西山乡 in September, worsened by 民政局 in October."""
    new_repository(root)
    shutil.copytree(AUDIT / "catalogs", root / "catalogs", dirs_exist_ok=True)
    shutil.copytree(AUDIT / "domains", root / "domains")
    (root / "gongkai.toml").write_text('[site]\ncounty = "审计测试县"\nstale_months = 2\n', encoding="utf-8")
    edit(root, "donghu-zhen", "reviewed: 2026-09-01", "reviewed: 2026-08-01")  # not in the future in August
    commits: dict[str, str] = {}
    commit(root, "aug-1", dt.datetime(2026, 8, 3, 9, 0, tzinfo=CST), commits)
    edit(root, "donghu-zhen", "content: 对象名单及相关信息", "content: 对象名单、保障金额")
    commit(root, "aug-2", dt.datetime(2026, 8, 20, 9, 0, tzinfo=CST), commits)
    edit(root, "xishan-xiang", "deadline:\n", "deadline: 信息形成或者变更之日起20个工作日内\n")
    commit(root, "sep", dt.datetime(2026, 9, 15, 9, 0, tzinfo=CST), commits)
    edit(root, "minzheng-ju", "      basis: 《社会救助暂行办法》\n", "")
    commit(root, "oct", dt.datetime(2026, 10, 10, 23, 30, tzinfo=CST), commits)  # 15:30 UTC: still October in China
    return County(root, commits)


@pytest.fixture(scope="module")
def county(tmp_path_factory: pytest.TempPathFactory) -> County:
    return make_county(tmp_path_factory.mktemp("monthly") / "county")


@pytest.fixture
def own_county(county: County, tmp_path: Path) -> County:
    root = tmp_path / "county"
    shutil.copytree(county.root, root)
    return County(root, county.commits)


@pytest.fixture
def fixed_day(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)


def gongkai(*args: str) -> Result:
    """The command line on 2026-10-31 (tests.test_cli's day is in November)."""
    result = CliRunner().invoke(app, list(args), env={**ENV, "SOURCE_DATE_EPOCH": EPOCH})
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    return result


def by_slug(month: dict) -> dict[str, dict]:
    return {unit["slug"]: unit for unit in month["units"]}


def test_three_months_with_a_unit_that_improves_and_one_that_gets_worse(county):
    months = [m.to_dict() for m in monthly(county.root, today=TODAY)]
    assert [m["month"] for m in months] == MONTHS
    assert [m["commit"] for m in months] == [county.commits[c] for c in ("aug-2", "sep", "oct")]
    assert [m["date"] for m in months] == ["2026-08-31", "2026-09-30", "2026-10-31"]
    xishan = [by_slug(m)["xishan-xiang"] for m in months]
    minzheng = [by_slug(m)["minzheng-ju"] for m in months]
    assert [(u["complete"], u["items"], u["completeness"]) for u in xishan] == [(0, 1, 0.0)] + [(1, 1, 100.0)] * 2
    assert [(u["complete"], u["items"], u["completeness"]) for u in minzheng] == [(3, 3, 100.0)] * 2 + [(2, 3, 66.7)]
    # what changed each month, against the month before (August: against nothing, so every item is new)
    august = {key: months[0]["county"][key] for key in ("items", "added", "removed", "renamed", "changed", "updated")}
    assert august == {"items": 8, "added": 8, "removed": 0, "renamed": 0, "changed": 0, "updated": 5}
    assert [(u["changed"], u["updated"]) for u in xishan] == [(0, True), (1, True), (0, False)]
    assert [(u["changed"], u["updated"]) for u in minzheng] == [(0, True), (0, False), (1, True)]
    assert [m["county"]["changed"] for m in months] == [0, 1, 1]
    assert [m["county"]["updated"] for m in months] == [5, 1, 1]
    # the county is the sum of its units
    for month in months:
        for key in ("items", "complete", "guide_expected", "guide_covered", "conflicts"):
            assert month["county"][key] == sum(u[key] for u in month["units"])
    assert [m["county"]["completeness"] for m in months] == [75.0, 87.5, 75.0]
    # GK601 as of each month's last day: 西山乡's review of 2025-06-01 is more than 365 days old in every month;
    # 东桥村's of 2026-10-01 lies after August's and September's ends
    assert [by_slug(m)["xishan-xiang"]["overdue"] for m in months] == [True] * 3
    assert [by_slug(m)["dongqiao-cun"]["overdue"] for m in months] == [True, True, False]
    assert [m["county"]["overdue"] for m in months] == [2, 2, 1]
    assert [by_slug(m)["renshe-ju"]["last_updated"] for m in months] == ["2026-08"] * 3
    assert by_slug(months[2])["xishan-xiang"]["last_updated"] == "2026-09"


def test_the_follow_up_list_names_the_unit_that_got_worse_and_the_ones_not_updated(county):
    months = monthly(county.root, today=TODAY)
    found = follow_up(months, stale_months=2)
    assert found is not None and found.month == "2026-10"
    # 民政局's missing basis lowers its completeness, and makes 西山乡's same item differ from the county's
    assert [(u.slug, [(w.label, w.old, w.new) for w in ws]) for u, ws in found.worse] == [
        ("xishan-xiang", [("层级不一致", "0", "1")]),
        ("minzheng-ju", [("完整率", "100.0%", "66.7%")]),
    ]
    assert sorted((u.slug, n) for u, n in found.stale) == [("donghu-zhen", 2), ("dongqiao-cun", 2), ("renshe-ju", 2)]
    assert found.gaps[0].slug in {"minzheng-ju", "renshe-ju", "xishan-xiang"}
    assert all(u.gaps > 0 for u in found.gaps)
    assert [u.slug for u, _ in follow_up(months[:2], stale_months=2).worse] == []  # September only improved


def test_the_last_month_counts_as_gongkai_report_does(county, fixed_day):
    last = monthly(county.root, today=TODAY)[-1]
    _, report = audit(county.root)
    for row in report.units:
        unit = last.unit(row.key)
        assert unit is not None
        shown = (unit.items, unit.complete, unit.guide_expected, unit.guide_covered, unit.conflicts, unit.reviewed)
        assert shown == (row.items, row.complete, row.guide_expected, row.guide_covered, row.conflicts, row.reviewed)
    assert (last.county.coverage, last.county.completeness) == (report.total.coverage, report.total.completeness)


def test_a_month_without_commits_keeps_the_month_before(own_county):
    root = own_county.root
    edit(root, "renshe-ju", "reviewed: 2026-02-01", "reviewed: 2026-12-01")
    commit(root, "dec", dt.datetime(2026, 12, 2, 9, 0, tzinfo=CST), {})
    months = monthly(root, today=dt.date(2026, 12, 5))
    assert [m.month for m in months] == [*MONTHS, "2026-11", "2026-12"]
    november = months[3]
    assert november.commit == own_county.commits["oct"] and november.date == dt.date(2026, 11, 30)
    assert (november.county.changed, november.updated) == (0, 0)
    assert months[4].date == dt.date(2026, 12, 5)  # the current month: counted as of today
    assert months[4].unit("renshe-ju").last_updated == "2026-12"
    assert months[3].unit("renshe-ju").last_updated == "2026-08"


def test_since_shows_the_later_months_and_still_knows_earlier_updates(county):
    months = monthly(county.root, since="2026-09", today=TODAY)
    assert [m.month for m in months] == MONTHS[1:]
    assert months[-1].unit("renshe-ju").last_updated == "2026-08"
    assert monthly(county.root, since="2027-01", today=TODAY) == []
    assert parse_month("2026-09") == "2026-09"
    for bad in ("2026-9", "2026-13", "26-09", "2026-09-01", "九月"):
        with pytest.raises(UsageError):
            parse_month(bad)


def test_months_are_counted_once_and_then_come_from_the_cache(own_county, monkeypatch):
    cache = Cache(own_county.root / ".gongkai-cache")
    counted: list[str] = []
    count = monthly_module._Replay.count

    def counting(self, commit, before, day):
        counted.append(commit)
        return count(self, commit, before, day)

    monkeypatch.setattr(monthly_module._Replay, "count", counting)
    first = [m.to_dict() for m in monthly(own_county.root, cache, today=TODAY)]
    assert len(counted) == 3
    counted.clear()
    assert [m.to_dict() for m in monthly(own_county.root, cache, today=TODAY)] == first
    assert counted == []
    # a new commit in November: only November is counted
    edit(own_county.root, "renshe-ju", "reviewed: 2026-02-01", "reviewed: 2026-11-01")
    commit(own_county.root, "nov", dt.datetime(2026, 11, 3, 9, 0, tzinfo=CST), own_county.commits)
    later = monthly(own_county.root, cache, today=dt.date(2026, 11, 4))
    assert counted == [own_county.commits["nov"]]
    assert [m.to_dict() for m in later[:3]] == first


def test_a_catalog_broken_at_a_months_end_is_left_out_of_that_month(own_county):
    root = own_county.root
    (root / "catalogs" / "renshe-ju.yaml").write_text("unit: [broken\n", encoding="utf-8")
    commit(root, "nov-broken", dt.datetime(2026, 11, 3, 9, 0, tzinfo=CST), {})
    months = monthly(root, today=dt.date(2026, 11, 30))
    assert months[-1].unread == ["renshe-ju"] and months[-1].unit("renshe-ju") is None
    assert months[-2].unread == [] and months[-2].unit("renshe-ju") is not None


def test_month_ends_take_each_months_last_commit_in_china_time():
    from gongkai.history.git import Commit

    def at(sha: str, hour: int) -> Commit:
        return Commit(sha, None, dt.datetime(2026, 1, 31, hour, tzinfo=dt.UTC), "")

    commits = [at("a", 15), at("b", 17)]
    # 15:00 UTC on 31 January is 23:00 in China (January); 17:00 UTC is 1 February there
    assert [(m, c) for m, c, _ in month_ends(commits, dt.date(2026, 3, 2))] == [
        ("2026-01", "a"),
        ("2026-02", "b"),
        ("2026-03", "b"),
    ]
    assert month_ends([], dt.date(2026, 3, 2)) == []


def test_no_git_history_is_no_months_for_the_site_and_an_error_for_the_command(tmp_path, monkeypatch):
    shutil.copytree(AUDIT, tmp_path / "county")
    assert monthly(tmp_path / "county") == []
    monkeypatch.chdir(tmp_path / "county")
    result = gongkai("report", "--by", "month")
    assert result.exit_code == 2 and "git" in result.output


def test_the_command_writes_each_format(county, monkeypatch):
    monkeypatch.chdir(county.root)
    result = gongkai("report", "--by", "month", "--format", "json")
    assert result.exit_code == 0, result.output
    months = json.loads(result.stdout)
    assert isinstance(months, list) and [m["month"] for m in months] == MONTHS
    text = gongkai("report", "--by", "month")
    assert text.exit_code == 0
    assert re.search(r"2026-10 .*│ +5 │ +8 │ +75\.0 │", text.stdout)
    assert "变差：审计测试县民政局（minzheng-ju）完整率 100.0% → 66.7%" in text.stdout
    assert "2 个月未更新：东湖镇（donghu-zhen），最近更新 2026-08" in text.stdout
    since = json.loads(gongkai("report", "--by", "month", "--since", "2026-10", "-f", "json").stdout)
    assert [m["month"] for m in since] == ["2026-10"]
    gongkai("report", "--by", "month", "-f", "xlsx", "-o", "months.xlsx")
    workbook = openpyxl.load_workbook(county.root / "months.xlsx")
    assert workbook.sheetnames == ["县（按月）", "单位（按月）", "督办"]
    assert [r[0] for r in workbook["县（按月）"].iter_rows(min_row=2, values_only=True)] == MONTHS
    rows = list(workbook["单位（按月）"].iter_rows(min_row=2, values_only=True))
    assert len(rows) == 15 and ("2026-10", "审计测试县民政局", "minzheng-ju", "县直部门") in [r[:4] for r in rows]
    gongkai("report", "--by", "month", "-f", "html", "-o", "months.html")
    page = (county.root / "months.html").read_text(encoding="utf-8")
    assert "<style>" in page and "<svg" in page and 'rel="stylesheet"' not in page


def test_since_needs_by_month_and_a_month(county, monkeypatch):
    monkeypatch.chdir(county.root)
    assert gongkai("report", "--since", "2026-09").exit_code == 2
    bad = gongkai("report", "--by", "month", "--since", "2026-9")
    assert bad.exit_code == 2 and "YYYY-MM" in bad.output


def test_the_json_follows_its_schema_and_the_docs_name_every_field(county):
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    months = [m.to_dict() for m in monthly(county.root, today=TODAY)]
    Draft202012Validator(schema).validate(months)
    doc = DOC.read_text(encoding="utf-8")
    documented = re.findall(r"^\| `(\w+)` \|", doc, flags=re.M)
    month = schema["items"]["properties"]
    fields = [*month, *month["county"]["properties"], *schema["$defs"]["unit"]["properties"]]
    assert documented == fields


def test_a_hostile_unit_name_is_text_in_the_workbook_and_the_terminal(own_county, monkeypatch):
    root = own_county.root
    edit(root, "renshe-ju", "name: 审计测试县人力资源和社会保障局", 'name: \'=HYPERLINK("http://x","y")\'')
    edit(root, "renshe-ju", "kind: department", "kind: department\n  short: '[red]人社[/red]'")
    commit(root, "oct-2", dt.datetime(2026, 10, 20, 9, 0, tzinfo=CST), {})
    monkeypatch.chdir(root)
    assert "│[red]人社[/red]" in gongkai("report", "--by", "month").stdout  # not Rich markup
    gongkai("report", "--by", "month", "-f", "xlsx", "-o", "m.xlsx")
    workbook = openpyxl.load_workbook(io.BytesIO((root / "m.xlsx").read_bytes()))
    cells = [c for row in workbook["单位（按月）"].iter_rows() for c in row if "HYPERLINK" in str(c.value)]
    assert len(cells) == 1 and cells[0].data_type == "s" and cells[0].value.startswith("=")
