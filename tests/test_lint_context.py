"""`gongkai lint PATHS…` checks the given files with the whole county as context and reports only on them, as
pre-commit needs (it passes only the staged files); outside any county the files are checked alone."""

from __future__ import annotations

from pathlib import Path

import pytest

from gongkai.lint.runner import county_context, lint
from tests.rules.audit_fixtures import catalog, item
from tests.test_cli import codes, gongkai

REPO = Path(__file__).resolve().parents[1]
DEMO = sorted((REPO / "catalogs").glob("*.yaml"))

TOWNSHIP = catalog("示例县东湖镇人民政府", "township", item("低保审核信息"))
VILLAGE = catalog(
    "示例县东湖镇东桥村民委员会", "village", item("低保审核信息", owner="东桥村民委员会", level="[村级]"),
    parent="donghu-zhen",
)  # fmt: skip


@pytest.fixture
def villages(county, monkeypatch):
    county.write("donghu-zhen.yaml", TOWNSHIP)
    county.write("dongqiao-cun.yaml", VILLAGE)
    monkeypatch.chdir(county.root)
    return county


def test_a_village_alone_finds_its_township(villages):
    result = gongkai("lint", "--format", "json", "--select", "GK502", "catalogs/dongqiao-cun.yaml")
    assert (result.exit_code, codes(result)) == (0, [])


def test_only_the_given_files_are_reported(villages):
    villages.write("xishan-xiang.yaml", TOWNSHIP.replace("《社会救助暂行办法》", "无"))  # GK203 here
    whole = gongkai("lint", "--format", "json")
    assert "GK203" in codes(whole)
    one = gongkai("lint", "--format", "json", "catalogs/dongqiao-cun.yaml")
    assert one.exit_code == 0 and "GK203" not in codes(one)


def test_the_summary_counts_the_given_files(villages):
    result = lint(villages.root, [Path("catalogs/dongqiao-cun.yaml")], cached=False)
    assert (result.files, result.units, result.items) == (1, 1, 1)


def test_a_cross_file_problem_of_the_given_file_is_still_reported(villages):
    villages.write("dongqiao-cun.yaml", VILLAGE.replace("parent: donghu-zhen", "parent: nowhere"))
    result = gongkai("lint", "--format", "json", "catalogs/dongqiao-cun.yaml")
    assert (result.exit_code, codes(result)) == (1, ["GK502"])


def test_a_given_file_outside_catalogs_joins_the_county(villages):
    villages.write("dongqiao-cun.yaml", VILLAGE, folder="drafts")
    result = gongkai("lint", "--format", "json", "drafts/dongqiao-cun.yaml")
    assert (result.exit_code, codes(result)) == (0, [])


def test_a_given_file_takes_the_place_of_the_catalog_of_its_slug(villages):
    """Not both side by side: two units with one slug."""
    draft = villages.write("donghu-zhen.yaml", TOWNSHIP, folder="drafts")
    context = county_context(villages.root, [draft])
    assert sorted(str(p.relative_to(villages.root)) for p in context) == [
        "catalogs/dongqiao-cun.yaml", "drafts/donghu-zhen.yaml"
    ]  # fmt: skip
    assert gongkai("lint", "drafts/donghu-zhen.yaml").exit_code == 0


def test_outside_any_county_a_file_is_checked_alone(tmp_path, monkeypatch):
    (tmp_path / "dongqiao-cun.yaml").write_text(VILLAGE, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = gongkai("lint", "--format", "json", "--select", "GK502", "dongqiao-cun.yaml")
    assert (result.exit_code, codes(result)) == (1, ["GK502"])  # no county: its township is unknown


def test_a_path_into_a_county_from_outside_uses_that_county(villages, monkeypatch):
    monkeypatch.chdir(villages.root.parent)
    result = gongkai("lint", "--format", "json", "--select", "GK502", "county/catalogs/dongqiao-cun.yaml")
    assert (result.exit_code, codes(result)) == (0, [])


@pytest.fixture(scope="module")
def demo_problems():
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(REPO)
        return lint(REPO, cached=False).problems


@pytest.mark.parametrize("path", DEMO, ids=lambda p: p.stem)
def test_every_demo_catalog_alone_has_the_problems_it_has_in_the_county(path, demo_problems, monkeypatch):
    monkeypatch.chdir(REPO)
    alone = lint(REPO, [Path("catalogs") / path.name], cached=False).problems
    assert alone == [p for p in demo_problems if p.file == f"catalogs/{path.name}"]


def test_the_demo_has_cross_file_rules_to_get_wrong():
    """The comparison above means something: the demo has a village, and county items its townships share."""
    kinds = {p.read_text(encoding="utf-8").split("kind: ", 1)[1].split()[0] for p in DEMO}
    assert kinds == {"township", "department", "village"}


def test_a_file_named_twice_is_checked_once(villages):
    result = lint(villages.root, [Path("catalogs/dongqiao-cun.yaml"), Path("./catalogs/dongqiao-cun.yaml")])
    assert (result.files, result.items, result.problems) == (1, 1, [])
