"""`gongkai import`: standard catalog tables into catalogs — the messy shapes real tables come in, and the round
trip export → import giving back the same items (a property test over generated items, and the demo county)."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from gongkai.cli import app
from gongkai.model.catalog import Item
from gongkai.model.project import load_project, project_domains
from gongkai.model.vocab import AUDIENCE, CHANNEL, LEVEL, METHOD
from gongkai.tabular.export import Table, csv_bytes, xlsx_bytes
from gongkai.tabular.importer import TRAILING, import_files

REPO = Path(__file__).resolve().parents[1]
SPREADSHEETS = Path(__file__).parent / "spreadsheets"
DOMAINS = project_domains(REPO)
BUILT = dt.datetime(2026, 11, 1, 9, tzinfo=dt.UTC)
TABLE_KEYS = ("category", "name", "content", "basis", "deadline", "owner", "method", "channel", "audience", "level")


def table_view(item: Item) -> dict:
    """What the standard table carries of an item (no id, stage or same_as). Audience, method and level are ticked
    in columns, so the table gives them in its column order."""
    view = {key: getattr(item, key) or None for key in TABLE_KEYS}
    for key, vocabulary in (("audience", AUDIENCE), ("method", METHOD), ("level", LEVEL)):
        if view[key]:
            view[key] = sorted(view[key], key=vocabulary.values.index)
    return view


def imported_items(result) -> list[dict]:
    return [table_view(Item.model_validate(i)) for items in result.catalog["domains"].values() for i in items]


def test_messy_gb18030_table(county):
    result = import_files([SPREADSHEETS / "messy-gb18030.csv"], slug="xishan-xiang", name="示例县西山乡人民政府",
                          kind="township", domains=DOMAINS)  # fmt: skip
    assert list(result.encoding.values()) == ["gb18030"]
    assert list(result.catalog["domains"]) == ["shehui-jiuzhu"]  # from the title row
    items = result.catalog["domains"]["shehui-jiuzhu"]
    assert [i.get("name") for i in items] == ["低保审核信息", "低保审批信息", "临时救助审批信息", None]
    first, second, third, only_number = items
    assert first["channel"] == ["政府网站", "便民服务站"]  # ■ ticked, □ not
    assert first["deadline"] == "信息形成之日起10个工作日内。"  # the table's own text: only names lose a trailing 。
    assert first["method"] == "主动" and first["level"] == ["乡级"]
    assert second["category"] == "最低生活保障"  # filled down
    assert second["basis"] == "《社会救助暂行办法》"  # 同上
    assert second["channel"] == ["政府网站", "社区/企事业单位/村公示栏（电子屏）"]
    assert second["level"] == ["乡级"]  # full-width spaces trimmed
    assert third["basis"] is None and third["method"] == "依申请" and third["audience"] == "特定群体"
    assert third["channel"] == ["政府网站", "其他"]  # numbered list
    assert {k: v for k, v in only_number.items() if k != "category"} == dict.fromkeys(
        ("name", "content", "basis", "deadline", "owner", "method", "channel", "audience")
    )
    notes = {(n.row, n.message.split("：")[0].split("，")[0]) for n in result.notes}
    assert notes == {(1, "标题或说明行"), (2, "忽略 L 列「备注」"), (4, "「公开依据」写作“同上”"), (7, "只有序号"),
                     (8, "标题或说明行")}  # fmt: skip

    county.write("xishan-xiang.yaml", result.text)
    problems = county.lint(select=["GK1", "GK2", "GK3"]).problems
    assert [(p.code, p.item) for p in problems if p.severity == "error"] == [("GK203", "临时救助审批信息")] + [
        (f"GK20{n}", "第 4 项") for n in range(1, 9)
    ]


@pytest.mark.parametrize("suffix", ["xlsx", "xls"])
def test_messy_workbook_with_two_tables(county, suffix):
    """tests/spreadsheets/make_messy_xlsx.py says what is in it; the .xls is LibreOffice's copy."""
    path = SPREADSHEETS / f"messy-two-tables.{suffix}"
    result = import_files([path], slug="nanshan-zhen", name="示例县南山镇人民政府", domains=DOMAINS)
    assert (result.rows, result.items, result.skipped) == (13, 6, 4)
    assert [(n.sheet, n.row, n.skipped) for n in result.notes] == [
        ("目录", 1, True), ("目录", 2, True), ("目录", 3, False), ("目录", 6, False), ("目录", 9, False),
        ("目录", 11, True), ("说明", 1, True),
    ]  # fmt: skip
    assert result.notes[2].message.startswith("忽略 O 列「备注」")
    relief, education = result.catalog["domains"]["shehui-jiuzhu"], result.catalog["domains"]["yiwu-jiaoyu"]
    assert [i["category"] for i in relief] == ["最低生活保障", "最低生活保障", "特困人员救助供养", "特困人员救助供养"]
    first, second, third, _ = relief
    assert first["level"] == ["乡级", "村级"]  # √ in the one 乡、村级 column
    assert first["method"] == "主动" and first["audience"] == "全社会"  # ● and ✔
    assert second["basis"] == "《社会救助暂行办法》"  # 同上
    assert second["deadline"] == "信息形成之日起10个工作日内" and second["owner"] == "南山镇人民政府"  # line breaks
    assert second["channel"] == ["政府网站", "两微一端"] and second["level"] == ["县级"]  # 县级 written as text
    assert third["audience"] == "特定群体" and third["method"] == "依申请"  # 申请人 in 特定群众, ◆ in 依申请公开
    assert [i["name"] for i in education] == ["招生入学政策", "学校基本情况"]
    assert "category" not in education[0]  # a new table starts new groups

    county.write("nanshan-zhen.yaml", result.text)
    errors = [(p.code, p.item) for p in county.lint().problems if p.severity == "error"]
    assert errors == [("GK203", "特困人员认定信息"), *((f"GK20{n}", "第 4 项") for n in range(1, 9)),
                      ("GK204", "学校基本情况")]  # fmt: skip


def test_several_files_of_one_unit_merge(tmp_path):
    result = import_files(
        [SPREADSHEETS / "messy-gb18030.csv", SPREADSHEETS / "messy-two-tables.xlsx"], slug="x", domains=DOMAINS
    )
    assert {d: len(items) for d, items in result.catalog["domains"].items()} == {"shehui-jiuzhu": 8, "yiwu-jiaoyu": 2}
    assert result.items == 10
    assert {Path(n.file).name for n in result.notes} == {"messy-gb18030.csv", "messy-two-tables.xlsx"}


def test_tsv(tmp_path):
    path = tmp_path / "目录.tsv"
    header = "序号\t事项名称\t公开内容\t公开依据\t公开时限\t公开主体\t公开渠道\t公开对象\t公开方式\t公开层级"
    row = "1\t政策文件\t文件全文\t《条例》\t20个工作日内\t县民政局\t政府网站/政务服务中心\t社会公众\t主动公开\t县级"
    path.write_text(f"{header}\n{row}\n", encoding="utf-8")
    result = import_files([path], slug="x", domain="shehui-jiuzhu", domains=DOMAINS)
    (item,) = result.catalog["domains"]["shehui-jiuzhu"]
    assert (
        item["channel"] == ["政府网站", "政务服务中心"] and item["audience"] == "全社会" and item["level"] == ["县级"]
    )


def test_utf8_bom_csv_and_the_single_row_header(tmp_path):
    table = Table("示例县东湖镇社会救助领域基层政务公开标准目录", "社会救助", [demo_items()[0]])
    path = tmp_path / "bom.csv"
    path.write_bytes(csv_bytes([table]))  # the exporter writes UTF-8 with BOM and the SPEC §9 header
    result = import_files([path], slug="x", domain="shehui-jiuzhu", domains=DOMAINS)
    assert list(result.encoding.values()) == ["utf-8-sig"]
    assert imported_items(result) == [table_view(demo_items()[0])]


def demo_items() -> list[Item]:
    project = load_project(REPO, [REPO / "catalogs" / "donghu-zhen.yaml"])
    return [item for _, _, item in project.catalogs[0].items()]


@pytest.mark.parametrize("slug", ["donghu-zhen", "xian-minzheng-ju", "dongqiao-cun"])
def test_demo_units_round_trip_through_xlsx(tmp_path, slug):
    project = load_project(REPO, [REPO / "catalogs" / f"{slug}.yaml"])
    catalog = project.catalogs[0].catalog
    tables = [
        Table(f"{catalog.unit.name}{DOMAINS[d].name}领域基层政务公开标准目录", DOMAINS[d].name, items)
        for d, items in catalog.domains.items()
    ]
    path = tmp_path / "unit.xlsx"
    path.write_bytes(xlsx_bytes(tables, BUILT))
    result = import_files([path], slug=slug, domains=DOMAINS)
    assert {
        d: [table_view(Item.model_validate(i)) for i in items] for d, items in result.catalog["domains"].items()
    } == {d: [table_view(i) for i in items] for d, items in catalog.domains.items()}


TEXT = st.text(
    alphabet=st.sampled_from("低保审核信息名单《》、，,\"'：；（）() 0123456789abcXYZ-/\n"), min_size=1, max_size=30
)
LINE = TEXT.map(lambda s: " ".join(s.split()))
LABEL = LINE.map(lambda s: s.rstrip(TRAILING + " ")).filter(bool)  # import drops a label's trailing 。；


def some(values):
    return st.lists(st.sampled_from(values), min_size=1, max_size=len(values), unique=True)


items = st.builds(
    Item,
    category=st.none() | LABEL,
    name=LABEL.filter(lambda s: not s.isdigit()),
    content=TEXT.map(str.strip).filter(bool),
    basis=LINE.filter(bool),
    deadline=LABEL,
    owner=LABEL,
    method=some(METHOD.values),
    channel=some(CHANNEL.values),
    audience=some(AUDIENCE.values),
    level=some(LEVEL.values),
)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(items, min_size=1, max_size=5))
def test_any_items_round_trip_through_xlsx_and_csv(tmp_path, generated):
    # A row without 一级事项 under one that has it continues that group, as in the tables staff keep; so a table
    # cannot say "no category" after a category, and the items without one come first.
    generated.sort(key=lambda item: item.category is not None)
    table = Table("示例县东湖镇社会救助领域基层政务公开标准目录", "社会救助", generated)
    expected = [table_view(Item.model_validate(i.model_dump())) for i in generated]
    for suffix, data in ((".xlsx", xlsx_bytes([table], BUILT)), (".csv", csv_bytes([table]))):
        path = tmp_path / f"round{suffix}"
        path.write_bytes(data)
        result = import_files([path], slug="x", domain="shehui-jiuzhu", domains=DOMAINS)
        assert imported_items(result) == expected, suffix


def test_command_writes_lints_and_refuses_to_overwrite(tmp_path):
    from gongkai.scaffold import init

    root = tmp_path / "county"
    init(root, "示例县")
    here = os.getcwd()
    os.chdir(root)
    try:
        args = [
            "import",
            str(SPREADSHEETS / "messy-gb18030.csv"),
            "--unit",
            "xishan-xiang",
            "--name",
            "示例县西山乡人民政府",
        ]
        first = CliRunner().invoke(app, args, env={"COLUMNS": "200"})
        assert first.exit_code == 1, first.output  # written, with lint errors
        assert "读取 7 行，导入 4 个事项" in first.output and "跳过 2 行" in first.output and "GK203" in first.output
        assert CliRunner().invoke(app, args).exit_code == 2
        written_before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*.yaml"))
        for unsafe in ("../../evil", "东湖镇", "Xishan", "evil\n"):
            refused = CliRunner().invoke(app, [*args[:2], "--unit", unsafe], env={"COLUMNS": "200"})
            assert refused.exit_code == 2 and "只能用小写字母" in refused.output, refused.output
        assert sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*.yaml")) == written_before
        assert CliRunner().invoke(app, [*args, "--force"]).exit_code == 1
        written = (root / "catalogs" / "xishan-xiang.yaml").read_text(encoding="utf-8")
        assert "name: 低保审核信息" in written and "示例县西山乡人民政府" in written
    finally:
        os.chdir(here)


def test_unknown_type_broken_workbook_and_no_header_are_usage_errors(tmp_path):
    from gongkai.errors import UsageError

    (tmp_path / "x.docx").write_bytes(b"PK")
    with pytest.raises(UsageError, match="不支持的文件类型"):
        import_files([tmp_path / "x.docx"], slug="x", domains=DOMAINS)
    (tmp_path / "x.xlsx").write_bytes(b"PK\x03\x04 not really a workbook")
    with pytest.raises(UsageError, match=r"x\.xlsx: 无法读取表格"):
        import_files([tmp_path / "x.xlsx"], slug="x", domains=DOMAINS)
    (tmp_path / "x.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(UsageError, match="找不到表头"):
        import_files([tmp_path / "x.csv"], slug="x", domains=DOMAINS)


def test_csv_cells_never_start_a_formula_and_come_back_as_written(tmp_path):
    item = demo_items()[0].model_copy(update={"content": '=HYPERLINK("http://x","点我")', "owner": "@SUM(A1)"})
    path = tmp_path / "formula.csv"
    path.write_bytes(csv_bytes([Table("示例县东湖镇社会救助领域基层政务公开标准目录", "社会救助", [item])]))
    text = path.read_text(encoding="utf-8-sig")
    assert "'=HYPERLINK" in text and "'@SUM(A1)" in text
    (imported,) = import_files([path], slug="x", domain="shehui-jiuzhu", domains=DOMAINS).catalog["domains"][
        "shehui-jiuzhu"
    ]
    assert imported["content"] == item.content and imported["owner"] == item.owner
