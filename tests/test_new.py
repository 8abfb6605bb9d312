"""`gongkai new`: a catalog scaffolded from the guides, for every pilot domain and every kind of unit, loads and
lints with nothing but what staff must fill in (GK2xx for what a guide leaves empty, GK601 for the review date)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from gongkai.cli import app
from gongkai.lint.runner import lint_project, selection
from gongkai.model.project import load_project, project_domains
from gongkai.resources import packaged
from gongkai.scaffold import init

DOMAINS = sorted(p.stem for p in packaged("domains").glob("*.yaml"))
KINDS = {"township": "乡级", "department": "县级", "village": "村级"}


@pytest.fixture(scope="module")
def county(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("new") / "county"
    init(root, "测试县")
    return root


def run(root: Path, *args: str):
    here = os.getcwd()
    os.chdir(root)
    try:
        return CliRunner().invoke(app, ["new", *args])
    finally:
        os.chdir(here)


@pytest.mark.parametrize("kind", list(KINDS))
def test_new_for_every_pilot_domain(county, kind):
    assert len(DOMAINS) == 26
    slug = f"new-{kind}"
    args = ["--unit", slug, "--name", f"测试县新{kind}", "--kind", kind]
    if kind == "village":
        args += ["--parent", "example-zhen"]  # the township gongkai init wrote
    for domain in DOMAINS:
        args += ["--domain", domain]
    result = run(county, *args)
    assert result.exit_code == 0, result.output
    path = county / "catalogs" / f"{slug}.yaml"
    assert path.read_text(encoding="utf-8").startswith("# yaml-language-server: $schema=../schemas/catalog.schema.json")
    project = load_project(county)  # the whole county: a village's parent is another file
    (file,) = [f for f in project.catalogs if f.path == path]
    assert file.catalog is not None and not file.issues
    for _, _, item in file.items():
        assert item.owner == f"测试县新{kind}" and item.level == [KINDS[kind]]
    problems = [p for p in lint_project(project, selection(project.config)).problems if p.unit == slug]
    assert {p.code for p in problems} <= {"GK601"} | {f"GK20{n}" for n in range(1, 9)}, problems[:3]
    domains = project_domains(county)
    expected = sum(1 for d in DOMAINS for g in domains[d].guide if not g.levels or KINDS[kind] in g.levels)
    assert sum(1 for _ in file.items()) == expected


def test_refuses_to_overwrite_without_force(county):
    args = ["--unit", "twice", "--name", "两次", "--kind", "township", "--domain", "shehui-jiuzhu"]
    assert run(county, *args).exit_code == 0
    again = run(county, *args)
    assert again.exit_code == 2 and "--force" in again.output
    assert run(county, *args, "--force").exit_code == 0


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--unit", "x", "--name", "某", "--kind", "township", "--domain", "nope"], "未知的领域"),
        (["--unit", "Bad Slug", "--name", "某", "--kind", "township", "--domain", "fupin"], "单位标识"),
        (["--unit", "slug\n", "--name", "某", "--kind", "township", "--domain", "fupin"], "单位标识"),
        (["--unit", "x", "--name", "某", "--kind", "county", "--domain", "fupin"], "单位类型"),
    ],
)
def test_bad_arguments_exit_2_with_a_reason(county, args, says):
    result = run(county, *args)
    assert result.exit_code == 2 and says in result.output


def test_a_domain_may_be_named_by_its_chinese_name_or_an_alias(county):
    args = ["--unit", "by-name", "--name", "某镇", "--kind", "township"]
    result = run(county, *args, "--domain", "社会救助", "--domain", "义务教育领域", "--domain", "住房保障")
    assert result.exit_code == 0, result.output
    catalog = load_project(county, [county / "catalogs" / "by-name.yaml"]).catalogs[0].catalog
    assert list(catalog.domains) == ["shehui-jiuzhu", "yiwu-jiaoyu", "baozhangxing-zhufang"]
