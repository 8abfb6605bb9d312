"""`gongkai import` of a whole workbook (a sheet per domain, the common way counties keep them), each sheet's
domain read from its title row or its name, and of several files of one unit at once."""

from __future__ import annotations

from pathlib import Path

import xlsxwriter

from gongkai.tabular.importer import import_files
from tests.test_import_real import BASE, DOMAINS, EXPECTED, notes


def workbook(path: Path, sheets: dict[str, list[list[str]]]) -> Path:
    book = xlsxwriter.Workbook(str(path))
    for name, rows in sheets.items():
        sheet = book.add_worksheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                sheet.write_string(r, c, value)
    book.close()
    return path


def test_a_sheet_per_domain_named_by_its_tab_or_its_title(tmp_path):
    title = [["示例县东湖镇义务教育领域基层政务公开标准目录"]]
    path = workbook(tmp_path / "东湖镇.xlsx", {
        "社会救助": BASE,                    # a pilot domain's name
        "（二）交通运输领域": BASE,           # a domain the county does not have yet
        "Sheet3": title + BASE,              # a tab that says nothing: the title row does
        "填表说明": [["本目录由镇党政办负责解释"]],
    })  # fmt: skip
    result = import_files([path], slug="donghu-zhen", domains=DOMAINS)
    assert {d: items for d, items in result.catalog["domains"].items()} == {
        "shehui-jiuzhu": EXPECTED, "jiaotong-yunshu": EXPECTED, "yiwu-jiaoyu": EXPECTED,
    }  # fmt: skip
    assert [(d.id, d.name, d.pilot) for d in result.new_domains] == [("jiaotong-yunshu", "交通运输", False)]
    assert [(n.sheet, n.row, n.message.split(" (")[0]) for n in result.notes if "领域" in n.message] == [
        ("社会救助", 0, "按工作表名读作领域「社会救助」"),
        ("（二）交通运输领域", 0, "按工作表名读作领域「交通运输」"),
        ("Sheet3", 1, "标题或说明行，已跳过：示例县东湖镇义务教育领域基层政务公开标准目录"),
    ]
    assert ("填表说明", 1, True) in [(n.sheet, n.row, n.skipped) for n in result.notes]


def test_domain_overrides_every_sheet(tmp_path):
    path = workbook(tmp_path / "t.xlsx", {"社会救助": BASE, "养老服务": BASE})
    result = import_files([path], slug="x", domain="fupin", domains=DOMAINS)
    assert list(result.catalog["domains"]) == ["fupin"] and len(result.catalog["domains"]["fupin"]) == 4
    assert not [n for n in notes(result) if "工作表名" in n]


def test_several_files_of_one_unit_at_once(tmp_path):
    first = workbook(tmp_path / "a.xlsx", {"社会救助": BASE})
    second = workbook(
        tmp_path / "b.xlsx", {"养老服务": BASE, "社会救助": [*BASE[:2], ["3", "特困", "特困认定", *BASE[2][3:]]]}
    )
    result = import_files([first, second], slug="x", domains=DOMAINS)
    assert {d: [i["name"] for i in items] for d, items in result.catalog["domains"].items()} == {
        "shehui-jiuzhu": ["低保审核信息", "低保审批信息", "特困认定"], "yanglao-fuwu": ["低保审核信息", "低保审批信息"],
    }  # fmt: skip
    assert {Path(n.file).name for n in result.notes} == {"a.xlsx", "b.xlsx"}
