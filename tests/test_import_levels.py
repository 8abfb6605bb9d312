"""`gongkai import`: a table's 公开层级 columns read relative to the county (区级, 市级 of a 县级市, 州级, 镇街级,
乡、村级 …), each mapping said in a note, and `--level` where a label cannot be placed."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from gongkai.cli import app
from gongkai.errors import UsageError
from gongkai.tabular.levels import parse_overrides
from tests.test_import_real import BASE, notes, table_file


def with_levels(labels: list[str], first: list[str], second: list[str]) -> list[list[str]]:
    rows = [r[:12] for r in BASE]
    rows[0] += ["公开层级"] + [""] * (len(labels) - 1)
    rows[1] += labels
    rows[2] += first
    rows[3] += second
    return rows


def levels_of(tmp_path: Path, labels, first, second, overrides=()):
    from gongkai.tabular.importer import import_files
    from tests.test_import_real import DOMAINS

    path = table_file(tmp_path, with_levels(labels, first, second))
    result = import_files([path], slug="x", domain="shehui-jiuzhu", domains=DOMAINS, levels=parse_overrides(overrides))
    items = result.catalog["domains"]["shehui-jiuzhu"]
    return [item.get("level") for item in items], [n for n in notes(result) if "层级" in n]


@pytest.mark.parametrize(
    ("labels", "first", "second", "levels", "note"),
    [
        (["县级", "乡级"], ["√", ""], ["√", "√"], [["县级"], ["县级", "乡级"]], None),
        (["县级", "乡、村级"], ["", "√"], ["√", "√"], [["乡级", "村级"], ["县级", "乡级", "村级"]], None),
        (["县级", "镇、村级"], ["", "√"], ["√", ""], [["乡级", "村级"], ["县级"]], "镇、村级→乡级、村级"),
        (["区级", "镇街级"], ["√", ""], ["√", "√"], [["县级"], ["县级", "乡级"]], "区级→县级，镇街级→乡级"),
        (["区 级", "镇街级"], ["√", ""], ["", "√"], [["县级"], ["乡级"]], "区 级→县级，镇街级→乡级"),
        (["区级", "乡、村级"], ["√", ""], ["", "√"], [["县级"], ["乡级", "村级"]], "区级→县级"),
        (["镇级", "村级"], ["√", ""], ["√", "√"], [["乡级"], ["乡级", "村级"]], "镇级→乡级"),
        (["旗级", "苏木级"], ["√", ""], ["", "√"], [["县级"], ["乡级"]], "旗级→县级，苏木级→乡级"),
        (["县级", "镇级"], ["√", ""], ["", "√"], [["县级"], ["乡级"]], "镇级→乡级"),
        (["乡级"], ["√"], [""], [["乡级"], None], None),
        (["镇级"], ["√"], [""], [["乡级"], None], "镇级→乡级"),
    ],
)  # fmt: skip
def test_level_columns_of_a_county_or_district(tmp_path, labels, first, second, levels, note):
    found, said = levels_of(tmp_path, labels, first, second)
    assert found == levels
    assert said == ([f"公开层级按本县层级读取：{note} (levels mapped)"] if note else [])


def test_the_city_level_of_a_county_level_city_is_its_own_county_level(tmp_path):
    """市级 / 镇(街)级 (中山市三角镇): no 县级 column, so 市级 is the unit's county level."""
    found, said = levels_of(tmp_path, ["市级", "镇(街)级"], ["√", ""], ["√", "√"])
    assert found == [["县级"], ["县级", "乡级"]]
    assert said == ["公开层级按本县层级读取：市级→县级（表中没有县级列，按县级市或不设区的市的本级读取），镇(街)级→乡级"
                    " (levels mapped)"]  # fmt: skip
    found, _ = levels_of(tmp_path, ["东阳市级", "镇街乡", "村"], ["√", "", ""], ["√", "√", "√"])
    assert found == [["县级"], ["县级", "乡级", "村级"]]


def test_a_level_above_the_county_is_left_out_with_a_note(tmp_path):
    found, said = levels_of(tmp_path, ["市级", "县级", "乡级"], ["√", "", "√"], ["√", "√", ""])
    assert found == [["乡级"], ["县级"]]
    assert said == ["公开层级「市级」在县级之上，不是目录的层级，这些勾选未导入 (levels above the county left out)"]


def test_level_words_written_in_the_cells_of_a_zhouji_xianji_column(tmp_path):
    """xjwqx: one 州级县级 column whose cells say 县级 or 州级 instead of a tick."""
    found, said = levels_of(tmp_path, ["州级县级", "乡、村级"], ["县级", ""], ["州级", "√"])
    assert found == [["县级"], ["乡级", "村级"]]
    assert said == ["公开层级按本县层级读取：州级县级→县级（其中县级以上的勾选未导入） (levels mapped)"]


def test_a_label_that_names_no_level_asks_for_level(tmp_path):
    with pytest.raises(UsageError, match=r"t\.csv:1: 无法判断公开层级列 「本级」、「下级」.*--level 本级=县级"):
        levels_of(tmp_path, ["本级", "下级"], ["√", ""], ["√", "√"])
    found, said = levels_of(tmp_path, ["本级", "下级"], ["√", ""], ["√", "√"], ["本级=县级", "下级=乡级,村级"])
    assert found == [["县级"], ["县级", "乡级", "村级"]]
    assert said == ["公开层级按本县层级读取：本级→县级（--level），下级→乡级、村级（--level） (levels mapped)"]
    found, _ = levels_of(tmp_path, ["市级", "县级"], ["√", ""], ["√", "√"], ["市级=县级", "县级=忽略"])
    assert found == [["县级"], ["县级"]]


@pytest.mark.parametrize("pair", ["本级", "=县级", "本级=省级", "本级="])
def test_a_level_option_that_says_no_level_is_a_usage_error(pair):
    with pytest.raises(UsageError, match="--level"):
        parse_overrides([pair])


def test_the_command_takes_level_and_writes_a_new_domain(tmp_path):
    from gongkai.scaffold import init

    root = tmp_path / "county"
    init(root, "示例县")
    table = table_file(tmp_path, with_levels(["本级", "下级"], ["√", ""], ["√", "√"]))
    here = os.getcwd()
    os.chdir(root)
    try:
        args = [
            "import",
            str(table),
            "--unit",
            "xishan-xiang",
            "--domain",
            "交通运输",
            "--name",
            "示例县西山乡人民政府",
        ]
        refused = CliRunner().invoke(app, args, env={"COLUMNS": "200"})
        assert refused.exit_code == 2 and "--level 本级=县级" in refused.output
        assert not (root / "catalogs" / "xishan-xiang.yaml").exists()
        done = CliRunner().invoke(app, [*args, "--level", "本级=县级", "--level", "下级=乡级"], env={"COLUMNS": "200"})
        assert "新领域「交通运输」(jiaotong-yunshu)" in done.output, done.output
        written = (root / "catalogs" / "xishan-xiang.yaml").read_text(encoding="utf-8")
        assert "  jiaotong-yunshu:\n" in written and "level: [县级, 乡级]" in written
        domain = (root / "domains" / "jiaotong-yunshu.yaml").read_text(encoding="utf-8")
        assert "name: 交通运输" in domain and "pilot: false" in domain
        assert "0 个错误" in done.output and "GK401" not in done.output  # a domain without a guide: no coverage gaps
        assert done.exit_code == 0, done.output
    finally:
        os.chdir(here)
