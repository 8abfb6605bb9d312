"""`gongkai import` on real published tables (tests/real_tables/, copied from ../shared/real-tables: the first rows
of eight county, district and township catalogs, in their own two-row headers) and on a table made for each
family of header words that README lists as seen across about 60 published tables."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from gongkai.model.project import project_domains
from gongkai.tabular.importer import import_files

REPO = Path(__file__).resolve().parents[1]
REAL = Path(__file__).parent / "real_tables"
DOMAINS = project_domains(REPO)
MARKS = set("√✓■□☐▄◆þ")  # 口 is also a character of words (户口)
HEADER_WORDS = {"序号", "一级事项", "二级事项", "公开事项", "公开内容", "公开依据", "公开时限", "公开主体", "全社会"}


def real(name: str, domain: str):
    result = import_files([REAL / name], slug="x", domain=domain, domains=DOMAINS)
    ((found, items),) = result.catalog["domains"].items()
    return result, found, items


def column(items: list[dict], key: str) -> list:
    return [item.get(key) for item in items]


def notes(result) -> list[str]:
    return [note.message for note in result.notes]


def test_every_real_table_gives_one_item_per_data_row_and_no_header_word_or_mark_as_a_value():
    files = sorted(REAL.glob("*.csv"))
    assert len(files) == 8
    for path in files:
        rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))[2:]
        result = import_files([path], slug="x", domain="社会救助", domains=DOMAINS)
        (items,) = result.catalog["domains"].values()
        assert len(items) == len(rows), path.name
        for item in items:
            assert item["name"] and item["name"].replace(" ", "") not in HEADER_WORDS, path.name
            for value in item.values():
                for text in value if isinstance(value, list) else [value or ""]:
                    assert not MARKS & set(text), (path.name, text)


def test_yongjia_checkbox_channel_and_no_method_or_level_columns():
    result, domain, items = real("zhejiang-yongjia-xixiaxiang_zhengwugongkai.csv", "政务公开")
    assert domain == "zhengwu-gongkai" and [d.name for d in result.new_domains] == ["政务公开"]
    assert column(items, "name") == ["机构概况", "领导信息", "内设机构及岗位责任人", "信息公开制度", "信息公开指南",
                                     "信息公开年报"]  # fmt: skip
    assert column(items, "category") == ["组织机构"] * 3 + ["政务公开专题"] * 3  # 一级事项 merged over its rows
    assert set(column(items, "owner")) == {"溪下乡人民政府"}
    assert column(items, "channel") == [["政府网站"]] * 6  # ☐县政府门户网站: the one channel, ☐ as a bullet
    assert column(items, "audience") == ["全社会"] * 6  # √ under 全社会; 特定 主体 read as 特定群体, never ticked
    assert column(items, "method") == [None] * 6 and all("level" not in item for item in items)
    assert items[5]["deadline"] == "每年1月31日前公开上一年度公开年度报告"
    assert notes(result) == []


def test_baodi_left_packed_ticks_are_read_as_placed_and_said_so():
    result, _domain, items = real("tianjin-baodi_shehuijiuzhu.csv", "shehui-jiuzhu")
    # 办事 指南: the transcription keeps a space where the page had a line break; import keeps what a cell says
    assert column(items, "name") == ["政策", "监督", "政策", "办事 指南"]
    assert column(items, "category") == ["综合业务", "综合业务", "最低生活保障", "最低生活保障"]
    assert column(items, "audience") == [["全社会", "特定群体"]] * 4
    assert column(items, "method") == [["主动", "依申请"]] * 4
    assert all("level" not in item for item in items)  # four √ under six columns: none reached 县级 or 乡、村级
    assert column(items, "channel") == [["政府网站"]] * 4
    assert items[0]["owner"] == "县级政府民政部门、乡镇政府(街道办事处)"
    (packed,) = notes(result)
    assert packed.startswith("勾选疑似左移") and "「公开层级」一列也没勾" in packed


def test_dachuan_split_labels_and_a_merged_empty_channel():
    result, _, items = real("sichuan-dachuan_anquanshengchan.csv", "anquan-shengchan")
    assert column(items, "name") == ["法律法规", "部门和地方规章", "标准", "重大政策解读", "行政许可", "行政处罚"]
    assert column(items, "category") == ["政策 文件"] * 4 + ["依法 行政"] * 2
    assert column(items, "channel") == [["政府网站", "两微一端"], None, None, ["政府网站"], ["政府网站"], ["政府网站"]]
    assert column(items, "audience") == [["全社会", "特定群体"]] * 6 and column(items, "method") == ["主动"] * 6
    assert column(items, "deadline")[:4] == ["半年至少更新1次"] * 4
    assert set(column(items, "owner")) == {"区应急局"}
    assert [n.split("：")[0] for n in notes(result)] == ["勾选疑似左移"]


def test_qingpu_no_number_label_and_two_columns_headed_only_gongkai():
    result, _, items = real("shanghai-qingpu_yiwujiaoyu.csv", "yiwu-jiaoyu")
    assert column(items, "name") == ["教育法律", "规范性文件", "教育事业发展主要情况"]
    assert column(items, "category") == ["政策文件", "政策文件", "教育概况"]
    assert column(items, "content") == ["教育法律、规章制度", "部门规范性文件", "教育事业发展主要情况"]
    assert set(column(items, "deadline")) == {"信息形成或者变更之日起20个工作日内"}  # the first 公开, by position
    assert set(column(items, "owner")) == {"区教育局"}  # the second
    assert column(items, "channel") == [["政府网站"]] * 3  # ■政府网站□政府公报 □两微一端…: only the ■ one
    assert column(items, "audience") == [["全社会", "特定群体"]] * 3  # 特定对象
    first, packed = notes(result)
    assert first == "F、G 列表头只有「公开」，按所在位置读作公开时限、公开主体 (columns read by position)"
    assert packed.startswith("勾选疑似左移")


def test_changning_numbered_channel_list():
    _result, _, items = real("yunnan-changning_gonggongwenhuafuwu.csv", "gonggong-wenhua-fuwu")
    assert column(items, "name") == ["公共文化机构免费开放信息", "特殊群体公共文化服务信息", "组织开展群众文化活动"]
    assert column(items, "category") == ["公共服务"] * 3
    assert column(items, "channel") == [["政府网站", "其他"]] * 3  # 1.政府网站; 2.其他
    assert (
        column(items, "method") == [["主动", "依申请"]] * 3
        and column(items, "audience") == [["全社会", "特定群体"]] * 3
    )
    assert items[0]["basis"].startswith("1.《中华人民共和国公共文化服务保障法》;2.")
    assert set(column(items, "owner")) == {"乡镇人民政府"}


def test_taierzhuang_line_breaks_in_names_and_a_channel_per_line():
    result, _, items = real("shandong-taierzhuang_hujiguanli.csv", "huji-guanli")
    assert column(items, "name") == ["出生登记", "收养登记", "死亡注销", "服现役注销", "迁出、迁入登记"]
    assert column(items, "category") == ["出生登记", "收养、入籍等登记", "注销登记", "注销登记", "迁移登记"]
    assert items[0]["channel"] == ["政府网站", "山东政务服务网", "入户/现场"]
    assert column(items, "channel")[1:] == [["政府网站", "入户/现场"]] * 4
    assert column(items, "audience") == [None] * 5 and column(items, "method") == [None] * 5  # no ticks in the extract
    assert set(column(items, "owner")) == {"公安机关"} and notes(result) == []


def test_sunitezuoqi_labels_broken_by_a_paragraph_and_a_domain_of_its_own():
    result, domain, items = real("neimenggu-sunitezuoqi_jiaotongyunshu.csv", "交通运输")
    assert domain == "jiaotong-yunshu" and result.new_domains[0].pilot is False
    assert column(items, "name") == ["行政法规、规章", "规范性文件", "其他政策文件", "招投标与中标情况",
                                     "农村公路建设项目施工情况"]  # fmt: skip
    assert column(items, "category") == ["政策法规"] * 3 + ["公路建设"] * 2
    assert set(column(items, "deadline")) == {"信息形成(变更)20个工作日内"}  # 公开\n时限
    assert set(column(items, "owner")) == {"交通运输局"}  # 公开\n主体
    assert column(items, "channel") == [["政府网站", "交通部门网站"]] * 5
    assert (
        items[3]["basis"] == "《中华人民共和国政府信息公开条例》\n《交通运输部关于推进农村公路建设“七公开”制度的意见》"
    )
    assert items[4]["content"].startswith("1.农村公路建设计划;\n2.")


def test_zhongba_street_channels_with_marks_on_their_own_lines():
    _result, _, items = real("sichuan-jiangyou-zhongbajiedao_nongcunweifanggaizao.csv", "nongcun-weifang-gaizao")
    assert column(items, "name") == ["农村危房改造文件", "任务分配", "农村危房等级评定标准"]
    assert column(items, "category") == ["政策文件", "计划实施", "条件、标准与程序"]  # 政策\n文件
    assert column(items, "channel") == [["政府网站", "社区/企事业单位/村公示栏（电子屏）"]] * 3
    assert set(column(items, "owner")) == {"街道办事处"}
    assert "(国办发〔201680号)" in items[0]["basis"]  # the source's typo, kept


# A table in the national template's layout, and the same table with one header word replaced by each variant the
# README lists (one family per parameter set): every one must give the same items.
BASE = [
    ["序号", "公开事项", "", "公开内容（要素）", "公开依据", "公开时限", "公开主体", "公开渠道和载体", "公开对象", "",
     "公开方式", "", "公开层级", ""],
    ["", "一级事项", "二级事项", "", "", "", "", "", "全社会", "特定群体", "主动", "依申请", "县级", "乡级"],
    ["1", "最低生活保障", "低保审核信息", "申请人姓名、保障人数", "《社会救助暂行办法》", "20个工作日内",
     "东湖镇人民政府", "■政府网站 □政府公报 ■便民服务站", "√", "", "√", "", "", "√"],
    ["2", "", "低保审批信息", "审批结果", "同上", "同上", "东湖镇人民政府", "政府网站、两微一端",
     "", "√", "", "√", "√", "√"],
]  # fmt: skip
EXPECTED = [
    {"category": "最低生活保障", "name": "低保审核信息", "content": "申请人姓名、保障人数",
     "basis": "《社会救助暂行办法》", "deadline": "20个工作日内", "owner": "东湖镇人民政府", "method": "主动",
     "channel": ["政府网站", "便民服务站"], "audience": "全社会", "level": ["乡级"]},
    {"category": "最低生活保障", "name": "低保审批信息", "content": "审批结果", "basis": "《社会救助暂行办法》",
     "deadline": "20个工作日内", "owner": "东湖镇人民政府", "method": "依申请", "channel": ["政府网站", "两微一端"],
     "audience": "特定群体", "level": ["县级", "乡级"]},
]  # fmt: skip
VARIANTS = {
    (0, 0): ["序 号", "序號", ""],
    (0, 1): ["公開事項", "事项名称", "?公開事項", "政府信息公開類別及事項"],
    (1, 1): ["一级 事项", "一级事 项", "一级\n事项", "一级", "一級\n事項", "一级目录", "一級"],
    (1, 2): ["二级 事项", "二级事 项", "二级\n事项", "二级", "二級事\n項", "二级目录"],
    (0, 3): ["公开内容(要素)", "公开内容 (要素)", "公开内容\n(要素)", "公开内容", "公开内容(要\n素)"],
    (0, 4): ["公开要求"],
    (0, 5): ["公开 时限", "公开\n时限"],
    (0, 6): ["公开 主体", "公开主 体", "公开\n主体", "责任单位"],
    (0, 7): ["公开 渠道和载体", "公开渠道 和载体", "公开渠道\n和载体", "公开渠道和载体 (“■”表示必选项,“□”表示可选项)",
             "公开渠道和载体\n“■”表示必选项,“□”表示可选 项)", "公开渠道", "公開形式",
             "公開渠道和載體(在標注范圍內至少選擇其一公開,法律法規規章另有規定的從其規定)"],
    (0, 8): ["公开 对象"],
    (1, 8): ["全 社会", "全社 会", "全\n社 会", "全 社 会", "社会", "全社", "全社會"],
    (1, 9): ["特定群众", "特定 群众", "特定 群体", "特定\n群众", "特定\n群体", "特定 主体", "特定对象",
             "特定群體(請寫明)", "特定群"],
    (0, 10): ["公开 方式"],
    (1, 10): ["主 动", "主动公开"],
    (1, 11): ["依申请公开", "依 申请", "依申 请", "依申 请公开", "依申\n请公 开", "申请", "依申\n請"],
    (0, 12): ["公开 层级"],
    (1, 12): ["区级", "区 级", "旗级"],
    (1, 13): ["镇级", "镇街级", "镇(街)级", "街道", "苏木级"],
}  # fmt: skip


def table_file(tmp_path: Path, rows: list[list[str]], name: str = "t.csv") -> Path:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    path = tmp_path / name
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


def import_rows(tmp_path: Path, rows: list[list[str]]):
    result = import_files([table_file(tmp_path, rows)], slug="x", domain="shehui-jiuzhu", domains=DOMAINS)
    return result, result.catalog["domains"]["shehui-jiuzhu"]


@pytest.mark.parametrize(("row", "col", "word"), [(r, c, w) for (r, c), words in VARIANTS.items() for w in words])
def test_every_header_word_seen_in_published_tables_gives_the_same_items(tmp_path, row, col, word):
    rows = [list(r) for r in BASE]
    rows[row][col] = word
    result, items = import_rows(tmp_path, rows)
    assert items == EXPECTED
    assert not [n for n in notes(result) if "忽略" in n], notes(result)


@pytest.mark.parametrize(
    ("at", "label", "letter"),
    [(1, "相应领域", "B"), (1, "类别", "B"), (5, "条款内容", "F"), (5, "依据效力(位阶)", "F"),
     (7, "事项类别(法定公开、其他)", "H"), (14, "责任科室", "O"), (14, "对应职责", "O"), (14, "备注", "O"),
     (14, "咨询电话", "O"), (14, "网站所属栏目", "O")],
)  # fmt: skip
def test_an_extra_column_is_named_once_by_letter_and_label_and_kept_out_of_the_items(tmp_path, at, label, letter):
    rows = [[*r[:at], cell, *r[at:]] for r, cell in zip(BASE, [label, "", "某内容", "某内容"], strict=True)]
    result, items = import_rows(tmp_path, rows)
    assert items == EXPECTED
    (note,) = [n for n in notes(result) if n.startswith("忽略")]
    assert note.startswith(f"忽略 {letter} 列「{label.replace(' ', '')}」")


def test_an_unknown_sub_label_leaves_only_its_own_column_out(tmp_path):
    rows = [list(r) for r in BASE]
    rows[1][9] = "某某群体"  # no word for it: 特定群体 is not read, the header and every other column are
    result, items = import_rows(tmp_path, rows)
    assert [i["name"] for i in items] == ["低保审核信息", "低保审批信息"]
    assert [i["audience"] for i in items] == ["全社会", None] and [i["level"] for i in items] == [
        ["乡级"],
        ["县级", "乡级"],
    ]
    assert [n for n in notes(result) if n.startswith("忽略")] == [
        "忽略 J 列「某某群体」：目录没有这一要素，未导入 (column not imported)"
    ]


def test_the_channel_column_after_the_method_columns_and_the_object_columns_last(tmp_path):
    order = [0, 1, 2, 3, 4, 5, 6, 10, 11, 7, 12, 13, 8, 9]  # zzctp: 公开渠道 after 公开方式, 公开对象 last
    _result, items = import_rows(tmp_path, [[r[j] for j in order] for r in BASE])
    assert items == EXPECTED


def test_no_level_columns_and_no_number_label(tmp_path):
    rows = [r[:12] for r in BASE]
    rows[0][0] = ""
    _result, items = import_rows(tmp_path, rows)
    assert items == [{k: v for k, v in item.items() if k != "level"} for item in EXPECTED]


def test_words_instead_of_ticks_and_every_tick_style(tmp_path):
    rows = [list(r) for r in BASE[:2]]
    marks = ["√", "✓", "■", "▄", "◆", "þ", "●", "是"]
    for n, mark in enumerate(marks, start=1):
        text = [str(n), "最低生活保障", f"事项{n}", "内容", "《办法》", "20个工作日内", "镇政府", "政府网站"]
        rows.append([*text, mark, "□", mark, "", "", mark])
    _, items = import_rows(tmp_path, rows)
    assert [(i["audience"], i["method"], i["level"]) for i in items] == [("全社会", "主动", ["乡级"])] * len(marks)


def test_same_as_above_is_filled_from_the_row_above_with_a_note(tmp_path):
    rows = [list(r) for r in BASE]
    rows[3][7] = "同上"
    result, items = import_rows(tmp_path, rows)
    assert items[1]["channel"] == ["政府网站", "便民服务站"] and items[1]["basis"] == "《社会救助暂行办法》"
    assert "第 4 行" not in notes(result)[0]
    assert [(n.row, n.message) for n in result.notes] == [
        (4, "「公开依据、公开时限、公开渠道和载体」写作“同上”，已取上一行的内容 (same as above)")
    ]


def test_a_county_sub_header_of_xian_and_zhen_cun_gives_the_five_items_and_no_false_errors(county):
    """The issue's table: with a sub-header 县级 | 镇、村级 the whole header used to vanish (25 false errors)."""
    rows = [list(r) for r in BASE[:2]]
    rows[1][12:14] = ["县级", "镇、村级"]
    names = ["低保审核信息", "低保审批信息", "特困人员认定", "特困供养标准", "临时救助信息"]
    for n, name in enumerate(names, start=1):
        ticks = ["√", "", "√", "", "√" if n % 2 else "", "√"]
        text = [str(n), "社会救助", name, "内容", "《社会救助暂行办法》", "20个工作日内", "示例县东湖镇人民政府"]
        rows.append([*text, "政府网站", *ticks])
    result, items = import_rows(county.root, rows)
    assert [i["name"] for i in items] == names
    assert [i["level"] for i in items] == [["县级", "乡级", "村级"], ["乡级", "村级"]] * 2 + [["县级", "乡级", "村级"]]
    assert {(i["audience"], i["method"]) for i in items} == {("全社会", "主动")}
    assert notes(result) == ["公开层级按本县层级读取：镇、村级→乡级、村级 (levels mapped)"]
    county.write("donghu-zhen.yaml", result.text.replace("name: x\n", "name: 示例县东湖镇人民政府\n", 1))
    assert [p for p in county.lint().problems if p.severity == "error"] == []
