"""Write messy-two-tables.xlsx, the workbook shapes of domain-notes.md in one file:

- a merged title row and a 填报单位 line above a two-row header with merged cells;
- tick columns with √ ✔ ● ▲ ◆, 特定群众 and 依申请公开 as header variants, a one-column 乡、村级, and 县级
  written as text in its tick column;
- an unknown 备注 column, 一级事项 merged over its group, 同上, a cell with a line break and a trailing 。;
- an empty row in the middle, a row with only its 序号;
- a second table (义务教育, one-row header) further down the same sheet, and a 说明 sheet with no table.

The .xls beside it is this workbook saved by LibreOffice (`libreoffice --headless --convert-to xls`).
Run: python tests/spreadsheets/make_messy_xlsx.py
"""

import datetime as dt
from pathlib import Path

import xlsxwriter

HERE = Path(__file__).parent


def write(path: Path) -> None:
    book = xlsxwriter.Workbook(str(path))
    book.set_properties({"created": dt.datetime(2026, 3, 1)})  # the same bytes on every run
    sheet = book.add_worksheet("目录")
    merged = book.add_format({"align": "center", "valign": "vcenter", "text_wrap": True})

    sheet.merge_range("A1:O1", "示例县南山镇社会救助领域基层政务公开标准目录", merged)
    sheet.write("A2", "填报单位：南山镇人民政府    填报时间：2026年3月")
    for cells, text in (
        ("A3:A4", "序号"), ("B3:C3", "公开事项"), ("D3:D4", "公开内容（要素）"), ("E3:E4", "公开依据"),
        ("F3:F4", "公开时限"), ("G3:G4", "公开主体"), ("H3:H4", "公开渠道和载体"), ("I3:J3", "公开对象"),
        ("K3:L3", "公开方式"), ("M3:N3", "公开层级"), ("O3:O4", "备注"),
    ):  # fmt: skip
        sheet.merge_range(cells, text, merged)
    sheet.write_row("B4", ["一级事项", "二级事项"])
    sheet.write_row("I4", ["全社会", "特定群众", "主动", "依申请公开", "县级", "乡、村级"])

    sheet.merge_range("B5:B6", "最低生活保障", merged)
    sheet.write_row("A5", [1])
    sheet.write_row("C5", [
        "低保审核信息", "低保对象名单、保障金额", "《社会救助暂行办法》", "信息形成之日起10个工作日内。",
        "南山镇人民政府", "政府网站、公开栏", "✔", "", "●", "", "", "√", "每月更新",
    ])  # fmt: skip
    sheet.write_row("A6", [2])
    sheet.write_row("C6", [
        "低保审批信息", "低保对象名单、保障金额", "同上", "信息形成之日起\n10个工作日内",
        "南山镇\n人民政府", "■政府网站 □政府公报 ■两微一端", "√", "", "√", "", "县级", "",
    ])  # fmt: skip
    # row 7 is empty
    sheet.write_row("A8", [
        3, "特困人员救助供养", "特困人员认定信息", "认定条件、认定结果", "", "信息形成之日起20个工作日内",
        "南山镇人民政府", "1.政府网站；2.便民服务站", "", "申请人", "", "◆", "", "▲",
    ])  # fmt: skip
    sheet.write("A9", 4)

    sheet.merge_range("A11:J11", "示例县南山镇义务教育领域基层政务公开标准目录", merged)
    sheet.write_row("A12", [
        "序号", "事项名称", "公开内容", "公开依据", "公开时限", "公开主体", "公开渠道", "公开对象", "公开方式",
        "公开层级",
    ])  # fmt: skip
    sheet.write_row("A13", [
        1, "招生入学政策", "招生范围、招生计划", "《中华人民共和国义务教育法》", "招生工作开始前",
        "南山镇中心学校", "政府网站", "全社会", "主动公开", "乡级",
    ])  # fmt: skip
    sheet.write_row("A14", [
        2, "学校基本情况", "学校地址、联系电话", "《中华人民共和国义务教育法》", "", "南山镇中心学校",
        "公开栏", "社会公众", "主动", "镇级",
    ])  # fmt: skip

    notes = book.add_worksheet("说明")
    notes.write("A1", "本目录由南山镇党政办公室负责解释。")
    book.close()


if __name__ == "__main__":
    write(HERE / "messy-two-tables.xlsx")
