"""Importing a workbook with its remembered columns (saved → detected → asked), no Qt."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import pytest
from openpyxl import Workbook

from tests.test_resource_bombs import assert_bounded, lone_cell, measured, workbook
from wenming_desktop.actions.changes import NOTHING
from wenming_desktop.actions.excel_import import (
    HeaderNotFound,
    apply_plan,
    read_for_import,
    remember_mapping,
    saved_mapping,
    signature,
    workbook_headers,
)
from wenming_desktop.books.query import EntryQuery
from wenming_desktop.errors import UserError
from wenming_desktop.exchange.excel_import import CANCELLED_MESSAGE
from wenming_desktop.ledger import Ledger
from wenming_desktop.work import Steps

#: “做了什么事” is no known name column: reading alone finds no header here.
OWN_HEADER = ["日期", "做了什么事", "人数"]
OWN_MAPPING = {"date": 0, "name": 1, "participants": 2}


def own_table(path: Path, name: str = "职工座谈会", *, title: str = "") -> Path:
    book = Workbook()
    sheet = book.active
    if title:
        sheet.append([title])
        sheet.append([])
    sheet.append(OWN_HEADER)
    sheet.append([dt.datetime(2019, 5, 1), name, 12])
    book.save(path)
    return path


def usual_table(path: Path) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.append(["活动时间", "活动名称", "活动地点", "参与人数"])
    sheet.append([dt.datetime(2019, 3, 5), "学雷锋志愿服务", "华天社区", 30])
    sheet.append([dt.datetime(2020, 1, 8), "新春慰问", "职工之家", 12])
    book.save(path)
    return path


def area_of(ledger: Ledger, name: str = "志愿服务"):
    return next(area for area in ledger.areas.all() if area.short_name == name)


def test_a_mapping_the_window_saved_is_used(ledger: Ledger, tmp_path: Path) -> None:
    # As the window saved it before this action existed: the header's texts joined by "|".
    ledger.settings.update(excel_mappings={"日期|做了什么事|人数": OWN_MAPPING})
    read = read_for_import(
        ledger, own_table(tmp_path / "二月.xlsx", "读书分享会"), area=area_of(ledger)
    )
    assert (read.source, read.mapping, read.headers) == ("saved", OWN_MAPPING, OWN_HEADER)
    assert [row.entry.name for row in read.plan.rows] == ["读书分享会"]
    assert read.plan.rows[0].entry.participants == 12


def test_a_saved_mapping_beats_the_detected_columns(ledger: Ledger, tmp_path: Path) -> None:
    path = usual_table(tmp_path / "常见.xlsx")
    swapped = {"date": 0, "name": 2, "location": 1}  # the clerk wants 地点 as the name
    ledger.settings.update(excel_mappings={"活动时间|活动名称|活动地点|参与人数": swapped})
    read = read_for_import(ledger, path, area=area_of(ledger))
    assert read.source == "saved"
    assert [row.entry.name for row in read.plan.rows] == ["华天社区", "职工之家"]


def test_detected_when_nothing_is_saved_for_this_header(ledger: Ledger, tmp_path: Path) -> None:
    ledger.settings.update(excel_mappings={"别的|表头": {"date": 1, "name": 0}})
    read = read_for_import(ledger, usual_table(tmp_path / "常见.xlsx"), area=area_of(ledger))
    assert (read.source, read.mapping) == ("detected", None)
    assert read.headers == ["活动时间", "活动名称", "活动地点", "参与人数"]
    assert [row.entry.name for row in read.plan.rows] == ["学雷锋志愿服务", "新春慰问"]
    assert read.plan.sheets[0].columns["location"] == "活动地点"


def test_a_given_mapping_wins_over_a_saved_one(ledger: Ledger, tmp_path: Path) -> None:
    path = own_table(tmp_path / "三月.xlsx")
    ledger.settings.update(excel_mappings={"日期|做了什么事|人数": OWN_MAPPING})
    given = {"date": 0, "name": 1}  # 人数 left out
    read = read_for_import(ledger, path, area=area_of(ledger), mapping=given)
    assert (read.source, read.mapping) == ("given", given)
    assert read.plan.rows[0].entry.participants is None


def test_without_a_header_the_clerk_can_be_asked(ledger: Ledger, tmp_path: Path) -> None:
    path = own_table(tmp_path / "自制表.xlsx", title="2019年活动登记表")
    with pytest.raises(HeaderNotFound) as caught:
        read_for_import(ledger, path, area=area_of(ledger))
    assert isinstance(caught.value, UserError)  # the window and the CLI say it as before
    assert "没有找到表头" in str(caught.value)
    assert caught.value.headers == OWN_HEADER  # the header row, not the title above it
    assert workbook_headers(path) == OWN_HEADER

    book = Workbook()
    book.active.append(["时间", "干了啥"])  # nothing recognised: the first non-empty row
    book.active.append(["5月1日", "座谈"])
    book.create_sheet("空")
    strange = tmp_path / "怪表.xlsx"
    book.save(strange)
    with pytest.raises(HeaderNotFound) as caught:
        read_for_import(ledger, strange)
    assert caught.value.headers == ["时间", "干了啥"] == workbook_headers(strange)

    blank = tmp_path / "空表.xlsx"
    Workbook().save(blank)
    with pytest.raises(HeaderNotFound, match="没有任何数据") as caught:
        read_for_import(ledger, blank)
    assert caught.value.headers == [] == workbook_headers(blank)


def test_asked_then_remembered_then_used(ledger: Ledger, tmp_path: Path) -> None:
    first = own_table(tmp_path / "一月.xlsx")
    with pytest.raises(HeaderNotFound) as caught:
        read_for_import(ledger, first)
    ledger.settings.update(excel_mappings={"别的|表头": {"date": 0, "name": 1}})
    changed = remember_mapping(ledger, caught.value.headers, OWN_MAPPING)
    assert changed.settings == {"excel_mappings"}
    assert ledger.settings.load().excel_mappings == {
        "别的|表头": {"date": 0, "name": 1},  # other saved mappings stay
        "日期|做了什么事|人数": OWN_MAPPING,
    }
    read = read_for_import(ledger, own_table(tmp_path / "二月.xlsx", "读书分享会"))
    assert (read.source, read.mapping) == ("saved", OWN_MAPPING)


def test_blank_columns_at_the_end_do_not_change_the_key(ledger: Ledger, tmp_path: Path) -> None:
    assert signature([" 日期 ", "做了什么事", "人数", "", " "]) == "日期|做了什么事|人数"
    # Saved by the window from a sheet formatted three columns wider.
    ledger.settings.update(excel_mappings={"日期|做了什么事|人数|||": OWN_MAPPING})
    assert saved_mapping(ledger, OWN_HEADER) == OWN_MAPPING
    assert saved_mapping(ledger, ["", ""]) is None
    remember_mapping(ledger, [*OWN_HEADER, ""], {"date": 0, "name": 1})
    assert ledger.settings.load().excel_mappings == {"日期|做了什么事|人数": {"date": 0, "name": 1}}
    read = read_for_import(ledger, own_table(tmp_path / "四月.xlsx"))
    assert read.mapping == {"date": 0, "name": 1}


def test_applying_says_what_was_added_and_where(ledger: Ledger, tmp_path: Path) -> None:
    area = area_of(ledger)
    read = read_for_import(ledger, usual_table(tmp_path / "常见.xlsx"), area=area)
    seen: list[tuple[int, int, str]] = []
    imported = apply_plan(ledger, read.plan, Steps(lambda *step: seen.append(step)))
    assert imported.result.added == 2
    assert imported.changed.years == {2019, 2020}
    assert imported.changed.areas == {area.id}
    assert imported.changed.touches_entries
    assert seen[-1] == (2, 2, "")
    assert ledger.entries.totals(EntryQuery(year=2019)).count == 1

    again = read_for_import(ledger, usual_table(tmp_path / "常见.xlsx"), area=area)
    assert len(again.plan.present) == 2
    assert apply_plan(ledger, again.plan).changed == NOTHING  # nothing added


def test_reading_reports_progress_and_can_be_cancelled(ledger: Ledger, tmp_path: Path) -> None:
    path = usual_table(tmp_path / "常见.xlsx")
    seen: list[tuple[int, int, str]] = []
    watched = Steps(lambda *step: seen.append(step))
    read_for_import(ledger, path, area=area_of(ledger), steps=watched)
    assert seen[-1] == (2, 2, "")
    with pytest.raises(UserError, match=CANCELLED_MESSAGE):
        read_for_import(ledger, path, area=area_of(ledger), steps=Steps(None, lambda: True))


def test_the_header_of_a_hostile_workbook_is_read_within_the_limits(
    ledger: Ledger, tmp_path: Path
) -> None:
    path = workbook(tmp_path / "台账.xlsx", [lone_cell()])  # a few KB: one cell at A1048576
    started = time.monotonic()
    with pytest.raises(UserError, match="有 1,048,576 行") as caught:
        read_for_import(ledger, path)
    assert not isinstance(caught.value, HeaderNotFound)  # nothing to ask the clerk about
    with pytest.raises(UserError, match="有 1,048,576 行"):
        workbook_headers(path)
    assert time.monotonic() - started < 5
    result = measured(
        "from pathlib import Path\n"
        "from wenming_desktop.actions.excel_import import workbook_headers\n"
        "def work(path):\n"
        "    return workbook_headers(Path(path))\n",
        path,
    )
    assert result["outcome"].startswith("拒绝：“台账.xlsx”的工作表“Sheet1”有 1,048,576 行")
    assert_bounded(result)
