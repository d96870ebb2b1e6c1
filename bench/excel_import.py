"""Benchmark: importing a messy 10,000-row Excel workbook into an empty ledger.

    python bench/excel_import.py

Target (issue 5): reading the workbook and writing its rows (read_workbook + apply_plan)
in ≤ 5 s. The workbook has title rows above the header, mixed date spellings (date
cells, serial numbers, 2019/3/5, 3月5日, ranges), numbers written as text, 合计 and
blank rows and a few bad rows, spread over two sheets. Exporting 10,000 entries is
timed too.
"""

from __future__ import annotations

import datetime as dt
import random
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import KINDS, WORDS, generate, print_table, temp_ledger, timed
from openpyxl import Workbook

from wenming_desktop.exchange.excel_export import export_workbook
from wenming_desktop.exchange.excel_import import apply_plan, plan_import
from wenming_desktop.ledger import Ledger

ROWS = 10_000
YEAR = 2019
HEADER = ["序号", "活动时间", "活动主题", "类型", "地点", "组织部门", "参与人数（人）"]
HEADER += ["服务时长（小时）", "主要内容", "备注", "工作板块"]
AREAS = ("组织领导", "理论学习", "宣传教育", "志愿服务", "法治建设", "环境建设")


def _date_cell(rng: random.Random, day: dt.date) -> object:
    style = rng.randrange(6)
    if style == 0:
        return dt.datetime(day.year, day.month, day.day)
    if style == 1:
        return (day - dt.date(1899, 12, 30)).days  # an Excel serial number
    if style == 2:
        return f"{day.year}/{day.month}/{day.day}"
    if style == 3:
        return f"{day.month}月{day.day}日"  # the year comes from the title row
    if style == 4:
        return f"{day.year}年{day.month}月{day.day}日-{day.day + 1}日" if day.day < 28 else day
    return day.isoformat()


def _count_cell(rng: random.Random) -> object:
    number = rng.randrange(5, 1500)
    return rng.choice((number, f"{number}人", f"约{number}", f"{number}余人", f"{number:,}", None))


def build_workbook(path: Path, rows: int, seed: int = 5) -> None:
    rng = random.Random(seed)
    book = Workbook()
    book.remove(book.active)
    per_sheet = rows // 2
    for number, title in enumerate(("上半年", "下半年")):
        sheet = book.create_sheet(title)
        sheet.append([f"区总工会{YEAR}年精神文明建设工作台账（{title}）"])
        sheet.merge_cells("A1:K1")
        sheet.append(["填报单位：办公室"])
        sheet.append(HEADER)
        for index in range(per_sheet):
            day = dt.date(YEAR, 1 + 6 * number, 1) + dt.timedelta(days=rng.randrange(180))
            words = rng.sample(WORDS, 3)
            sheet.append(
                [
                    index + 1,
                    _date_cell(rng, day),
                    f"{words[0]}{words[1]}{words[2]}第{index + 1}期",
                    rng.choice(KINDS),
                    rng.choice(("区总工会三楼会议室", "区职工活动中心", "华天社区", "")),
                    rng.choice(("办公室", "宣教部", "法律工作部")),
                    _count_cell(rng),
                    rng.choice((None, None, f"{rng.randrange(1, 40)}小时", 2.5)),
                    "，".join(rng.sample(WORDS, 8)) + "，取得良好成效。",
                    "",
                    rng.choice(AREAS),
                ]
            )
            if index % 500 == 499:
                sheet.append([None] * 11)
            if index % 1000 == 999:
                sheet.append(["小计", None, None, None, None, None, 12345])
        sheet.append([None, "2019-02-30", "日期不存在", "会议"])  # refused
        sheet.append([None, "2019-05-01", "", "会议"])  # refused: no name
    book.save(path)


def into_empty_ledgers(work: Callable[[Ledger], object], folder: Path, repeat: int) -> list[float]:
    """Seconds ``work`` takes on a new, empty ledger, ``repeat`` times after one warm-up.

    Opening (and migrating) each new ledger is not timed.
    """
    times = []
    for run in range(repeat + 1):
        ledger = temp_ledger(folder / f"run{run}")
        started = time.perf_counter()
        work(ledger)
        if run:
            times.append(time.perf_counter() - started)
        ledger.close()
    return times


def main() -> int:
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        path = folder / "台账.xlsx"
        build_workbook(path, ROWS)
        empty = temp_ledger(folder / "empty")
        plan = plan_import(empty, path)
        print(f"{path.name}: {plan.summary()}")
        assert len(plan.rows) == ROWS and len(plan.refused) == 4

        source = temp_ledger(folder / "export")
        generate(source, ROWS, YEAR)
        exported = folder / "导出.xlsx"
        rows = [
            (
                f"read_workbook, {ROWS:,} messy rows",
                timed(lambda: plan_import(empty, path), 3),
                3.5,
            ),
            (
                f"apply_plan, {ROWS:,} rows, one transaction",
                into_empty_ledgers(lambda ledger: apply_plan(ledger, plan), folder / "a", 3),
                1.5,
            ),
            (
                f"read_workbook + apply_plan, {ROWS:,} rows (the target)",
                into_empty_ledgers(
                    lambda ledger: apply_plan(ledger, plan_import(ledger, path)), folder / "b", 3
                ),
                5.0,
            ),
            (
                f"export_workbook, {ROWS:,} entries in one year",
                timed(lambda: export_workbook(source, YEAR, exported), 3),
                5.0,
            ),
        ]
        print_table("Excel import and export", rows)
        empty.close()
        source.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
