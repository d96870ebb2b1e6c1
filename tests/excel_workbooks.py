"""Workbooks as clerks really keep them, built with openpyxl for the import tests."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import Workbook

VOLUNTEER = "志愿服务台账"
LAW = "法治建设"


# fmt: off
VOLUNTEER_ROWS: list[list[object]] = [
    ["序号", "活动时间", "活动名称", "活动地点", "负责人", "参与人数", "服务时长", "活动内容",
     "备注"],
    [1, "2019/3/5", "学雷锋志愿服务", "华天社区", "张三", "30人", "约80小时", "走访慰问困难职工",
     ""],
    [2, "2019年3月5日", "学雷锋志愿服务", "华天社区", "李四", "12人", "20小时", "清扫社区环境",
     "下午"],
    [3, "2019年3月5日", "学雷锋志愿服务", " 华天社区", "张三", 30, "80小时", "走访慰问困难职工",
     None],
]  # rows 4 … 7: the header, then row 7 is the same record as row 5
# fmt: on


def two_sheets(path: Path, *, formula: bool = True) -> Path:
    """Sheets “志愿服务台账” and “法治建设”: title rows (one merged) above a header on row 4,
    messy values, a near-duplicate, a repeated row, bad rows, a 合计 row.

    志愿服务台账: rows 5, 6 and 8 import (5 and 6 share date, name and place but not
    人次/负责人/内容); 7 repeats 5 (written differently); 9 is refused; 10 is 合计.
    法治建设: rows 5 and 6 import; 7 holds a formula without a saved result.
    """
    book = Workbook()
    sheet = book.active
    sheet.title = VOLUNTEER
    sheet["A1"] = "区总工会2019年志愿服务活动台账"
    sheet.merge_cells("A1:I1")
    sheet.append(["填报单位：区总工会", None, None, None, None, None, "填报人：张三"])
    sheet.append(["统计时间：2019年1月至12月"])
    for row in VOLUNTEER_ROWS:
        sheet.append(row)
    sheet.append([4, dt.datetime(2019, 4, 1), "义务植树", "滨江公园", "王五", "50", 100, "", ""])
    sheet.append([5, "2019-02-30", "日期不对", "", "", 10, "", "", ""])
    sheet.append(["合计", None, None, None, None, 122, 200])

    law = book.create_sheet(LAW)
    law["A1"] = "2019年法治建设工作台账"
    law.merge_cells("A1:E1")
    law.append(["填报单位：区总工会法律工作部"])
    law.append([])
    law.append(["日期", "活动名称", "地点", "参加人数", "内容"])
    law.append(["2019年12月4日", "宪法宣传日", "人民广场", "约200人", "发放宣传资料"])
    law.append(["2019/6/18", "法律知识讲座", "三楼会议室", "45人", ""])
    if formula:
        law.append(["2019/7/2", '="普法"&"培训"', "三楼会议室", "20", ""])
    book.save(path)
    return path


def one_sheet(path: Path, title: str, rows: list[list[object]]) -> Path:
    """A sheet ``title`` with the header 日期 | 活动名称 | 地点 | 参加人数 | 负责人 | 内容."""
    book = Workbook()
    sheet = book.active
    sheet.title = title
    sheet.append(["日期", "活动名称", "地点", "参加人数", "负责人", "内容"])
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path
