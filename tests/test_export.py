"""`gongkai export`: the official layout for the units and domains asked for, csv and json, the fill-in template,
and clear errors for what it cannot export whole. The layout of every sheet is checked on the site's downloads
(test_site), which come from the same code."""

from __future__ import annotations

import contextlib
import csv
import io
import json
from pathlib import Path

import openpyxl
import pytest
from typer.testing import Result

from gongkai.model.project import load_project
from tests.test_cli import gongkai
from tests.test_site import CSV_HEADER, copy_demo


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_demo(tmp_path_factory.mktemp("demo"))


def export(root: Path, *args: str) -> Result:
    with contextlib.chdir(root):
        return gongkai("export", *args)


def catalog(root: Path, slug: str):
    return next(f.catalog for f in load_project(root).catalogs if f.slug == slug)


def test_a_unit_exports_one_sheet_per_domain_frozen_and_printable(demo: Path, tmp_path: Path) -> None:
    target = tmp_path / "东湖镇.xlsx"
    result = export(demo, "--unit", "donghu-zhen", "--out", str(target))
    assert result.exit_code == 0, result.output
    workbook = openpyxl.load_workbook(target)
    unit = catalog(demo, "donghu-zhen")
    names = {d.id: d.name for d in load_project(demo).domains.values()}
    assert sorted(workbook.sheetnames) == sorted(names[d] for d in unit.domains)
    for domain_id, items in unit.domains.items():
        sheet = workbook[names[domain_id]]
        assert sheet["A1"].value == f"{unit.unit.name}{names[domain_id]}领域基层政务公开标准目录"
        assert [sheet.cell(row, 3).value for row in range(4, 4 + len(items))] == [i.name for i in items]
        assert sheet.freeze_panes == "A4" and sheet.print_title_rows == "$2:$3"  # the two header rows on every page
        assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.paperSize == 9  # A4


def test_a_domain_exports_one_sheet_with_a_unit_column(demo: Path, tmp_path: Path) -> None:
    target = tmp_path / "社会救助.xlsx"
    assert export(demo, "--domain", "shehui-jiuzhu", "--out", str(target)).exit_code == 0
    project = load_project(demo)
    publishing = [f.catalog for f in project.catalogs if "shehui-jiuzhu" in f.catalog.domains]
    assert len(publishing) > 5
    workbook = openpyxl.load_workbook(target, read_only=True)
    assert workbook.sheetnames == ["社会救助"]
    _, head, _, *rows = workbook.worksheets[0].iter_rows(values_only=True)
    assert head[-1] == "单位"
    expected = [(c.unit.name, i.name) for c in publishing for i in c.domains["shehui-jiuzhu"]]
    assert sorted((row[-1], row[2]) for row in rows) == sorted(expected)


def test_csv_has_the_single_row_header_and_the_chosen_items(demo: Path) -> None:
    result = export(demo, "--unit", "xian-minzheng-ju", "--domain", "shehui-jiuzhu", "--format", "csv")
    assert result.exit_code == 0, result.output
    header, *rows = csv.reader(io.StringIO(result.stdout_bytes.decode("utf-8-sig"), newline=""))
    assert ",".join(header) == CSV_HEADER
    items = catalog(demo, "xian-minzheng-ju").domains["shehui-jiuzhu"]
    assert [row[header.index("二级事项")] for row in rows] == [i.name for i in items]


@pytest.mark.parametrize(
    ("args", "added"),
    [
        (["--unit", "donghu-zhen"], ["领域"]),
        (["--domain", "shehui-jiuzhu"], ["单位"]),
        ([], ["单位", "领域"]),
    ],
)
def test_csv_of_several_units_or_domains_says_each_row_s(demo: Path, args: list[str], added: list[str]) -> None:
    result = export(demo, *args, "--format", "csv")
    assert result.exit_code == 0, result.output
    header, *rows = csv.reader(io.StringIO(result.stdout_bytes.decode("utf-8-sig"), newline=""))
    assert header == [*CSV_HEADER.split(","), *added]
    project = load_project(demo)
    names = {d.id: d.name for d in project.domains.values()}
    expected = [
        (f.catalog.unit.name, names[domain], item.name)
        for f in project.catalogs
        if "--unit" not in args or f.slug == args[1]
        for domain, _, item in f.items()
        if "--domain" not in args or domain == args[1]
    ]
    where = {column: header.index(column) for column in ("单位", "领域") if column in header}
    found = [
        (row[where["单位"]] if "单位" in where else None, row[where["领域"]] if "领域" in where else None, row[2])
        for row in rows
    ]
    assert sorted(found) == sorted(
        (unit if "单位" in added else None, domain if "领域" in added else None, name)
        for unit, domain, name in expected
    )


def test_json_keeps_only_the_chosen_units_and_domains(demo: Path) -> None:
    result = export(demo, "--unit", "donghu-zhen", "--domain", "yiwu-jiaoyu", "--format", "json")
    document = json.loads(result.stdout)
    assert [u["slug"] for u in document["units"]] == ["donghu-zhen"]
    assert list(document["units"][0]["domains"]) == ["yiwu-jiaoyu"]


def test_xlsx_goes_to_stdout_when_redirected(demo: Path) -> None:
    result = export(demo, "--unit", "dongqiao-cun")
    assert result.exit_code == 0 and result.stdout_bytes.startswith(b"PK\x03\x04")
    assert openpyxl.load_workbook(io.BytesIO(result.stdout_bytes)).sheetnames


def test_the_template_has_the_guide_items_blank_rows_and_tick_drop_downs(demo: Path, tmp_path: Path) -> None:
    target = tmp_path / "模板.xlsx"
    assert export(demo, "--template", "--domain", "yiwu-jiaoyu", "--out", str(target)).exit_code == 0
    sheet = openpyxl.load_workbook(target).active
    guide = load_project(demo).domains["yiwu-jiaoyu"].guide
    names = [sheet.cell(row, 3).value for row in range(4, sheet.max_row + 1)]
    assert names[: len(guide)] == [g.name for g in guide] and names[len(guide) :] == [None] * 30
    (validation,) = sheet.data_validations.dataValidation
    assert validation.type == "list" and validation.formula1 == '"√"'
    assert str(validation.sqref) == f"I4:{openpyxl.utils.get_column_letter(sheet.max_column)}{sheet.max_row}"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--unit", "no-such-unit", "--format", "csv"], "未知的单位「no-such-unit」"),
        (["--domain", "no-such-domain", "--format", "csv"], "未知的领域「no-such-domain」"),
        (["--template", "--format", "csv", "--domain", "yiwu-jiaoyu"], "--template 需要"),
        (["--format", "csv", "--out", "/nonexistent/目录.csv"], "无法写入"),
    ],
)
def test_what_cannot_be_exported_is_a_clear_error(demo: Path, args: list[str], message: str) -> None:
    result = export(demo, *args)
    assert result.exit_code == 2 and message in result.output, result.output


def test_a_catalog_that_cannot_be_placed_stops_the_export_with_its_place(tmp_path: Path) -> None:
    """An unknown domain or an unreadable file would be left out of the tables without a word (SPEC §10)."""
    root = copy_demo(tmp_path / "county")
    path = root / "catalogs" / "xishan-xiang.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("domains:\n", "domains:\n  zongjiao-shiwu: []\n", 1),
                    encoding="utf-8")  # fmt: skip
    (root / "catalogs" / "broken.yaml").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    everything = export(root, "--format", "csv")
    assert everything.exit_code == 2
    assert "catalogs/broken.yaml:1:1 GK100" in everything.output
    assert "catalogs/xishan-xiang.yaml" in everything.output and "GK107" in everything.output
    assert export(root, "--unit", "donghu-zhen", "--format", "csv").exit_code == 0


def test_a_problem_the_county_ignores_or_that_loses_nothing_does_not_stop_the_export(tmp_path: Path) -> None:
    """A duplicate item (GK106) is exported twice as written; an unknown domain the county chose to ignore is
    left out by its own choice."""
    root = copy_demo(tmp_path / "county")
    path = root / "catalogs" / "dongqiao-cun.yaml"
    text = path.read_text(encoding="utf-8")
    first_item = text[text.index("    - ") : text.index("    - ", text.index("    - ") + 1)]
    path.write_text(text.replace(first_item, first_item * 2, 1), encoding="utf-8")
    assert export(root, "--unit", "dongqiao-cun", "--format", "csv").exit_code == 0
    path.write_text(text.replace("domains:\n", "domains:\n  zongjiao-shiwu: []\n", 1), encoding="utf-8")
    assert export(root, "--format", "csv").exit_code == 2
    config = root / "gongkai.toml"
    config.write_text(config.read_text(encoding="utf-8").replace("[lint]\n", '[lint]\nignore = ["GK107"]\n'),
                      encoding="utf-8")  # fmt: skip
    assert export(root, "--format", "csv").exit_code == 0
