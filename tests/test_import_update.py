"""`gongkai import --update`: a table merged into the unit's existing catalog. An exported catalog imported back
changes nothing, byte for byte; one changed cell changes exactly that element; new rows are added, missing ones
reported and kept (or removed when asked); what the table cannot say (stage, reviewed, comments, id) stays."""

from __future__ import annotations

import csv
import difflib
import io
import os
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from gongkai.cli import app
from gongkai.model.project import load_project, project_domains
from gongkai.tabular.export import Table, csv_bytes, xlsx_bytes
from gongkai.tabular.importer import import_files
from gongkai.tabular.update import merge
from tests.test_import import BUILT

REPO = Path(__file__).resolve().parents[1]
DOMAINS = project_domains(REPO)
UNITS = ["donghu-zhen", "xian-minzheng-ju", "dongqiao-cun", "chengguan-jiedao", "xian-gongan-ju"]


def exported(slug: str, tmp_path: Path, suffix: str = "xlsx") -> tuple[Path, Path]:
    """A copy of the demo unit's catalog, and its table as `gongkai export` writes it."""
    catalog = tmp_path / f"{slug}.yaml"
    shutil.copy(REPO / "catalogs" / f"{slug}.yaml", catalog)
    unit = load_project(REPO, [catalog]).catalogs[0].catalog
    tables = [
        Table(f"{unit.unit.name}{DOMAINS[d].name}领域基层政务公开标准目录", DOMAINS[d].name, items)
        for d, items in unit.domains.items()
    ]
    table = tmp_path / f"{slug}.{suffix}"
    table.write_bytes(xlsx_bytes(tables, BUILT) if suffix == "xlsx" else csv_bytes(tables[:1]))
    return catalog, table


def merged(catalog: Path, table: Path, **options):
    """The merge of `table` into `catalog`; a CSV (which has no title row) holds the first domain only."""
    domain = next(iter(load_project(REPO, [catalog]).catalogs[0].catalog.domains)) if table.suffix == ".csv" else None
    return merge(catalog, import_files([table], slug=catalog.stem, domain=domain, domains=DOMAINS), **options)


@pytest.mark.parametrize("slug", UNITS)
def test_an_exported_catalog_imported_back_changes_nothing(tmp_path, slug):
    catalog, table = exported(slug, tmp_path)
    result = merged(catalog, table)
    assert result.changes == []
    assert result.text == catalog.read_text(encoding="utf-8")  # comments, stage, reviewed, order: all kept


def edit_csv(path: Path, row: int, column: str, value: str) -> tuple[str, str]:
    """Change one cell of an exported CSV (row counted among the data rows); returns the row's name and the old
    value."""
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    header = rows[0]
    data = [r for r in rows[1:] if r and r[0].isdigit()]
    old = data[row][header.index(column)]
    data[row][header.index(column)] = value
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    path.write_bytes(b"\xef\xbb\xbf" + buffer.getvalue().encode("utf-8"))
    return data[row][header.index("二级事项")], old


def test_one_changed_cell_changes_exactly_that_element(tmp_path):
    catalog, table = exported("donghu-zhen", tmp_path, "csv")
    name, old = edit_csv(table, 1, "公开时限", "信息形成之日起5个工作日内")
    before = catalog.read_text(encoding="utf-8")
    result = merged(catalog, table)
    assert [(c.what, c.item, c.element, c.old, c.new) for c in result.changes] == [
        ("changed", name, "deadline", old, "信息形成之日起5个工作日内")
    ]
    diff = [line for line in difflib.ndiff(before.splitlines(), result.text.splitlines()) if line[:1] in "+-"]
    assert diff == [f"-       deadline: {old}", "+       deadline: 信息形成之日起5个工作日内"]
    assert result.changes[0].line({"shehui-jiuzhu": "社会救助"}) == (
        f"~ 社会救助 › {name}：公开时限「{old}」→「信息形成之日起5个工作日内」"
    )


def test_a_tick_changes_its_element_and_the_order_of_ticked_values_is_no_change(tmp_path):
    catalog, table = exported("donghu-zhen", tmp_path, "csv")
    text = catalog.read_text(encoding="utf-8")
    catalog.write_text(text.replace("level: [县级, 乡级]", "level: [乡级, 县级]", 1), encoding="utf-8")
    assert merged(catalog, table).changes == []  # the table cannot say which was first
    name, _ = edit_csv(table, 0, "公开方式", "依申请")
    result = merged(catalog, table)
    assert [(c.item, c.element, c.new) for c in result.changes] == [(name, "method", "依申请")]
    assert "level: [乡级, 县级]" in result.text


def test_new_rows_are_added_and_missing_ones_kept_or_removed(tmp_path):
    catalog, table = exported("donghu-zhen", tmp_path, "csv")
    rows = list(csv.reader(io.StringIO(table.read_text(encoding="utf-8-sig"))))
    data = [i for i, r in enumerate(rows) if r and r[0].isdigit()]
    gone = rows[data[0]][2]
    rows[data[1]][1] = rows[data[1]][1] or rows[data[0]][1]  # its group's name, now that the first row is gone
    added = [*rows[data[-1]]]
    added[2] = "新增事项"
    rows = [r for i, r in enumerate(rows) if i != data[0]] + [added]
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    table.write_text(buffer.getvalue(), encoding="utf-8")
    result = merged(catalog, table)
    assert [(c.what, c.item) for c in result.changes if c.what != "changed"] == [
        ("added", "新增事项"),
        ("missing", gone),
    ]
    assert f"name: {gone}" in result.text and "name: 新增事项" in result.text
    removed = merged(catalog, table, remove_missing=True)
    assert ("removed", gone) in [(c.what, c.item) for c in removed.changes] and f"name: {gone}\n" not in removed.text


def test_a_table_without_a_column_leaves_that_element_alone(tmp_path):
    catalog, table = exported("donghu-zhen", tmp_path, "csv")
    rows = list(csv.reader(io.StringIO(table.read_text(encoding="utf-8-sig"))))
    drop = rows[0].index("公开层级")
    rows = [r[:drop] + r[drop + 1 :] for r in rows]
    for r in rows:
        if r and r[0].isdigit():
            r[rows[0].index("公开主体")] = "东湖镇政府"
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    table.write_text(buffer.getvalue(), encoding="utf-8")
    result = merged(catalog, table)
    assert {c.element for c in result.changes} == {"owner"}
    assert result.text.count("level: [") == catalog.read_text(encoding="utf-8").count("level: [")


def test_the_command_prints_the_diff_and_dry_run_writes_nothing(tmp_path):
    from gongkai.scaffold import init

    root = tmp_path / "county"
    init(root, "示例县")
    shutil.copy(REPO / "catalogs" / "donghu-zhen.yaml", root / "catalogs" / "donghu-zhen.yaml")
    _, table = exported("donghu-zhen", tmp_path, "csv")
    name, old = edit_csv(table, 1, "公开时限", "5个工作日内")
    target = root / "catalogs" / "donghu-zhen.yaml"
    before = target.read_bytes()
    here = os.getcwd()
    os.chdir(root)
    try:
        args = ["import", str(table), "--unit", "donghu-zhen", "--update", "--domain", "社会救助"]
        dry = CliRunner().invoke(app, [*args, "--dry-run"], env={"COLUMNS": "300"})
        assert dry.exit_code == 0, dry.output
        assert f"~ 社会救助 › {name}：公开时限「{old}」→「5个工作日内」" in dry.output
        assert (
            "未写入任何文件（--dry-run）" in dry.output and "1 处改动，新增 0 个事项，表中没有 0 个事项" in dry.output
        )
        assert target.read_bytes() == before
        done = CliRunner().invoke(app, args, env={"COLUMNS": "300"})
        assert "deadline: 5个工作日内" in target.read_text(encoding="utf-8"), done.output
        assert "--force" not in done.output
        missing = CliRunner().invoke(app, [*args[:3], "nobody-zhen", *args[4:]])
        assert missing.exit_code == 2 and "没有可更新的目录" in missing.output
    finally:
        os.chdir(here)
