"""Issue 16: the workbooks clerks really have — each sheet's area found from its name or
title, re-import adding nothing whatever the area choice, near-duplicates kept and marked,
formulas without a saved result named, through the reading, the action and the CLI."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from tests.excel_workbooks import LAW, VOLUNTEER, one_sheet, two_sheets
from wenming_desktop import cli
from wenming_desktop.actions.excel_import import apply_plan as apply_action
from wenming_desktop.actions.excel_import import read_for_import, shown_values
from wenming_desktop.books.areas import AreaEdit
from wenming_desktop.books.draft import EntryDraft
from wenming_desktop.books.query import EntryQuery
from wenming_desktop.exchange.excel_areas import area_index, named_area
from wenming_desktop.exchange.excel_import import (
    apply_plan,
    derived_uuid,
    plan_import,
)
from wenming_desktop.ledger import Ledger

FORMULA = "公式单元格没有保存计算结果，请在 Excel 中打开并保存后再导入"


def by_area(ledger: Ledger) -> dict[str, list[tuple[dt.date, str, int | None]]]:
    names = {a.id: a.short_name for a in ledger.areas.all()}
    found: dict[str, list[tuple[dt.date, str, int | None]]] = {}
    for entry in ledger.entries.details(EntryQuery()):
        found.setdefault(names[entry.area_id], []).append(
            (entry.date, entry.name, entry.participants)
        )
    return {name: sorted(rows) for name, rows in found.items()}


EXPECTED = {
    "志愿服务": [
        (dt.date(2019, 3, 5), "学雷锋志愿服务", 12),
        (dt.date(2019, 3, 5), "学雷锋志愿服务", 30),
        (dt.date(2019, 4, 1), "义务植树", 50),
    ],
    "法治建设": [
        (dt.date(2019, 6, 18), "法律知识讲座", 45),
        (dt.date(2019, 12, 4), "宪法宣传日", 200),
    ],
}


# -- the area of a sheet ----------------------------------------------------------------
def test_two_sheets_go_into_the_areas_their_names_say(ledger: Ledger, tmp_path: Path) -> None:
    plan = plan_import(ledger, two_sheets(tmp_path / "台账.xlsx"))
    sheets = {sheet.name: sheet for sheet in plan.sheets}
    assert (sheets[VOLUNTEER].area, sheets[VOLUNTEER].area_from) == ("志愿服务", "name")
    assert (sheets[LAW].area, sheets[LAW].area_from) == ("法治建设", "name")
    assert sheets[VOLUNTEER].header_row == sheets[LAW].header_row == 4

    rows = {(row.sheet, row.row): row.entry for row in plan.rows}
    assert sorted(rows) == [(VOLUNTEER, 5), (VOLUNTEER, 6), (VOLUNTEER, 8), (LAW, 5), (LAW, 6)]
    first = rows[(VOLUNTEER, 5)]
    assert (first.date, first.participants, first.volunteer_hours) == (dt.date(2019, 3, 5), 30, 80)
    assert rows[(VOLUNTEER, 6)].date == dt.date(2019, 3, 5)  # 2019年3月5日
    assert rows[(LAW, 5)].participants == 200 and rows[(LAW, 6)].date == dt.date(2019, 6, 18)
    assert shown_values(first) == {
        "date": "2019-03-05",
        "end_date": "",
        "name": "学雷锋志愿服务",
        "kind": "",
        "location": "华天社区",
        "organizer": "张三",
        "participants": "30",
        "volunteer_hours": "80",
        "content": "走访慰问困难职工",
        "remarks": "",
    }

    refused = {(row.sheet, row.row): row.reason for row in plan.refused}
    assert sorted(refused) == [(VOLUNTEER, 9), (LAW, 7)]
    assert refused[(LAW, 7)] == f"{FORMULA}（“活动名称”B7）。"  # not “请填写活动名称”
    assert "公式单元格" in sheets[LAW].note
    skipped = {(row.sheet, row.row): row.reason for row in plan.skipped}
    assert skipped == {
        (VOLUNTEER, 7): "与“志愿服务台账”第 5 行内容完全相同（同一条记录），只导入一次。",
        (VOLUNTEER, 10): "合计行，不是活动记录。",
    }

    result = apply_plan(ledger, plan)
    assert (result.added, result.refused, result.skipped) == (5, 2, 2)
    assert by_area(ledger) == EXPECTED


@pytest.mark.parametrize(
    ("text", "area"),
    [
        ("志愿服务台账", "志愿服务"),
        ("2019年志愿服务活动记录", "志愿服务"),
        ("法治建设工作台账", "法治建设"),
        ("法治建设", "法治建设"),
        ("志愿服务2019", "志愿服务"),
        ("（四）志愿服务", "志愿服务"),
        ("区总工会2019年志愿服务活动台账", "志愿服务"),
        ("开展志愿服务，弘扬善行义举", "志愿服务"),  # the heading
        ("五、强化法治建设，培育法治文化", "法治建设"),
        ("理论学习", "理论学习"),
        ("Sheet1", None),
        ("上半年", None),
        ("学雷锋志愿者名单", None),
        ("理论学习和宣传教育活动", None),  # two areas: the clerk says which
        ("区总工会2019年精神文明建设工作台账", None),
        ("填报说明", None),
    ],
)
def test_the_names_clerks_give_their_sheets(ledger: Ledger, text: str, area: str | None) -> None:
    areas = ledger.areas.all()
    found = named_area(text, areas, area_index(areas))
    assert (found.short_name if found else None) == area


def test_renamed_areas_are_recognised_by_their_new_names(ledger: Ledger, tmp_path: Path) -> None:
    areas = ledger.areas.all()
    edits = [AreaEdit(a.id, a.short_name, a.heading) for a in areas]
    edits[3] = AreaEdit(areas[3].id, "学雷锋", "学雷锋志愿服务活动")
    ledger.areas.save(edits)
    path = one_sheet(tmp_path / "表.xlsx", "2019年学雷锋活动台账", [["2019-03-05", "植树"]])
    plan = plan_import(ledger, path)
    assert plan.sheets[0].area == "学雷锋" and plan.rows[0].entry.area_id == areas[3].id
    renamed = ledger.areas.all()
    assert named_area("志愿服务台账", renamed, area_index(renamed)) is None
    edits[0] = AreaEdit(areas[0].id, "学习", areas[0].heading)  # inside 理论学习
    ledger.areas.save(edits)
    renamed = ledger.areas.all()
    for text, name in (("理论学习台账", "理论学习"), ("2019年学习记录", "学习")):
        found = named_area(text, renamed, area_index(renamed))
        assert found is not None and found.short_name == name


def test_the_title_rows_say_the_area_when_the_sheet_name_does_not(
    ledger: Ledger, tmp_path: Path, area_ids: dict[str, int]
) -> None:
    book = Workbook()
    sheet = book.active
    sheet["A1"] = "区总工会2019年法治建设工作台账"
    sheet.merge_cells("A1:C1")
    sheet.append(["说明：志愿服务活动请另表填写"])  # a note, not a title
    sheet.append(["日期", "活动名称", "地点"])
    sheet.append(["3月15日", "消费者权益日咨询", "广场"])
    path = tmp_path / "台账.xlsx"
    book.save(path)
    plan = plan_import(ledger, path)
    assert (plan.sheets[0].area, plan.sheets[0].area_from) == ("法治建设", "title")
    assert plan.rows[0].entry.area_id == area_ids["法治建设"]
    assert plan.rows[0].entry.date == dt.date(2019, 3, 15)  # the title's year


def test_each_sheet_takes_its_own_choice_or_the_default(
    ledger: Ledger, tmp_path: Path, area_ids: dict[str, int]
) -> None:
    book = Workbook()
    for title, name in (("Sheet1", "集中学习"), ("Sheet2", "卫生检查"), ("志愿服务", "植树")):
        sheet = book.create_sheet(title)
        sheet.append(["日期", "活动名称"])
        sheet.append(["2019-05-01", name])
    book.remove(book["Sheet"])
    path = tmp_path / "三张表.xlsx"
    book.save(path)

    plan = plan_import(ledger, path)
    assert [row.sheet for row in plan.rows] == ["志愿服务"]
    assert {row.sheet for row in plan.refused} == {"Sheet1", "Sheet2"}
    assert "请为工作表“Sheet1”选择工作板块" in plan.refused[0].reason

    plan = plan_import(
        ledger,
        path,
        area=ledger.areas.by_name("环境建设"),
        sheet_areas={"Sheet1": ledger.areas.by_name("理论学习")},
    )
    areas = {row.sheet: row.entry.area_id for row in plan.rows}
    assert areas == {
        "Sheet1": area_ids["理论学习"],
        "Sheet2": area_ids["环境建设"],
        "志愿服务": area_ids["志愿服务"],  # its name wins over the default
    }
    assert [sheet.area_from for sheet in plan.sheets] == ["chosen", "default", "name"]


# -- re-import ----------------------------------------------------------------------------
def test_importing_again_adds_nothing_whatever_the_area_choice(
    ledger: Ledger, tmp_path: Path
) -> None:
    path = two_sheets(tmp_path / "台账.xlsx")
    assert apply_plan(ledger, plan_import(ledger, path)).added == 5
    other = ledger.areas.by_name("组织领导")
    for choice in (
        {"area": other},
        {"sheet_areas": {VOLUNTEER: other, LAW: other}},
        {"sheet_areas": {VOLUNTEER: ledger.areas.by_name("法治建设")}},
    ):
        again = plan_import(ledger, path, **choice)  # type: ignore[arg-type]
        assert (len(again.rows), len(again.present)) == (0, 5), choice
        assert apply_plan(ledger, again).added == 0
    assert by_area(ledger) == EXPECTED


def test_a_partial_import_is_not_offered_again_under_another_area(
    ledger: Ledger, tmp_path: Path
) -> None:
    rows = [["2019-05-01", "集中学习", "三楼", 20], ["2019-05-08", "专题研讨", "三楼", 18]]
    first = one_sheet(tmp_path / "一.xlsx", "Sheet1", rows[:1])
    apply_plan(ledger, plan_import(ledger, first, area=ledger.areas.by_name("理论学习")))
    both = one_sheet(tmp_path / "二.xlsx", "Sheet1", rows)
    plan = plan_import(ledger, both, area=ledger.areas.by_name("宣传教育"))
    assert [row.row for row in plan.present] == [2]
    assert [row.row for row in plan.rows] == [3]
    assert "已在台账中 1 条" in plan.summary()


# -- near-duplicates ----------------------------------------------------------------------
def test_near_duplicates_are_two_records_marked_and_can_be_left_out(
    ledger: Ledger, tmp_path: Path
) -> None:
    path = two_sheets(tmp_path / "台账.xlsx")
    plan = plan_import(ledger, path)
    suspects = {row.row: row.suspect for row in plan.suspects}
    assert sorted(suspects) == [5, 6]
    assert suspects[6].startswith("与“志愿服务台账”第 5 行的日期、活动名称、地点相同，其余内容不同")
    assert "（其中疑似重复 2 条）" in plan.summary()

    result = apply_plan(ledger, plan, leave_out={(VOLUNTEER, 6)})
    assert (result.added, result.left_out) == (4, 1)
    assert "1 条未勾选，未导入" in result.summary()
    again = plan_import(ledger, path)
    assert [(row.row, bool(row.suspect)) for row in again.rows] == [(6, True)]
    assert apply_plan(ledger, again).added == 1
    assert by_area(ledger) == EXPECTED


def test_a_row_like_a_live_entry_is_marked_one_equal_to_it_is_present(
    ledger: Ledger, tmp_path: Path, area_ids: dict[str, int]
) -> None:
    ledger.entries.add(
        EntryDraft(
            area_id=area_ids["理论学习"], date="2019-05-01", name="集中学习", location="三楼",
            participants=20, organizer="办公室",
        )
    )  # fmt: skip
    trashed = ledger.entries.add(
        EntryDraft(area_id=area_ids["理论学习"], date="2019-05-02", name="读书会")
    )
    ledger.entries.move_to_trash([trashed.id])
    rows = [
        ["2019-05-01", "集中学习", "三楼", 20, "办公室"],  # typed by hand already
        ["2019-05-01", "集中学习", "三楼", 35, "宣教部"],  # the same day, name and place
        ["2019-05-02", "读书会"],  # in the 回收站
    ]
    plan = plan_import(ledger, one_sheet(tmp_path / "表.xlsx", "理论学习", rows))
    assert [(row.row, row.note) for row in plan.present] == [
        (2, "内容与台账中的一条记录相同。"),
        (4, "内容与台账中的一条记录相同，在回收站中。"),
    ]
    assert [row.row for row in plan.rows] == [3]
    assert plan.rows[0].suspect.startswith("与“理论学习”第 2 行")


def test_rows_equal_but_for_their_record_numbers_are_marked(
    ledger: Ledger, tmp_path: Path, area_ids: dict[str, int]
) -> None:
    ledger.entries.add(EntryDraft(area_id=area_ids["组织领导"], date="2019-01-08", name="党组会"))
    book = Workbook()
    book.active.title = "组织领导"
    book.active.append(["日期", "活动名称", "记录编号"])
    book.active.append(["2019-01-08", "党组会", "0f8fad5b-d9cb-469f-a165-70867728950e"])
    book.active.append(["2019-03-01", "中心组学习", "1f8fad5b-d9cb-469f-a165-70867728950e"])
    book.active.append(["2019-03-01", "中心组学习", "2f8fad5b-d9cb-469f-a165-70867728950e"])
    path = tmp_path / "编号.xlsx"
    book.save(path)
    plan = plan_import(ledger, path)
    assert {row.row: row.suspect for row in plan.rows} == {
        2: "台账中已有一条内容完全相同的记录（记录编号不同）。",
        3: "与“组织领导”第 4 行内容完全相同，但记录编号不同。",
        4: "与“组织领导”第 3 行内容完全相同，但记录编号不同。",
    }


def test_entries_of_imports_before_this_issue_are_still_recognised(
    ledger: Ledger, tmp_path: Path, area_ids: dict[str, int]
) -> None:
    """Earlier imports derived the UUID from area, date, name and place, and kept only the
    first row sharing those: that row is recognised (changed since or not), the rows it
    stood for are added now, and no area choice makes a row new again."""
    path = two_sheets(tmp_path / "台账.xlsx")
    plan = plan_import(ledger, path)
    areas = {area.id: area for area in ledger.areas.all()}
    for row in plan.rows:
        if (row.sheet, row.row) == (VOLUNTEER, 6):
            continue  # collapsed into row 5 back then
        area = areas[row.entry.area_id]
        ledger.entries.add(row.draft, entry_uuid=derived_uuid(area, row.entry))
    planted = ledger.entries.details(EntryQuery(text="义务植树"))[0]
    changed = EntryDraft.from_detail(planted)
    changed.participants = 55  # corrected in the app after the import
    ledger.entries.update(planted.id, changed)

    for choice in ({}, {"area": ledger.areas.by_name("组织领导")}):
        again = plan_import(ledger, path, **choice)  # type: ignore[arg-type]
        assert sorted((row.sheet, row.row) for row in again.present) == [
            (VOLUNTEER, 5),
            (VOLUNTEER, 8),
            (LAW, 5),
            (LAW, 6),
        ]
        assert [(row.row, bool(row.suspect)) for row in again.rows] == [(6, True)]
    assert apply_plan(ledger, again).added == 1
    assert len(by_area(ledger)["志愿服务"]) == 3


# -- formulas -----------------------------------------------------------------------------
def test_a_formula_with_its_saved_result_is_read(ledger: Ledger, tmp_path: Path) -> None:
    path = two_sheets(tmp_path / "台账.xlsx")
    with zipfile.ZipFile(path) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    sheet = parts["xl/worksheets/sheet2.xml"].decode()
    # As Excel saves it: the formula and its result.
    sheet, count = re.subn(
        r'<c r="B7"([^>]*)><f>(.*?)</f><v\s*/>|<c r="B7"([^>]*)><f>(.*?)</f><v></v>',
        lambda m: f'<c r="B7" t="str"><f>{m.group(2) or m.group(4)}</f><v>普法培训</v>',
        sheet,
    )
    assert count == 1, sheet
    parts["xl/worksheets/sheet2.xml"] = sheet.encode()
    with zipfile.ZipFile(path, "w") as target:
        for name, data in parts.items():
            target.writestr(name, data)
    plan = plan_import(ledger, path)
    assert "普法培训" in [row.entry.name for row in plan.rows]
    assert plan.refused[-1].sheet == VOLUNTEER


# -- the action and the CLI ---------------------------------------------------------------
def test_the_action_says_which_entries_were_added(ledger: Ledger, tmp_path: Path) -> None:
    read = read_for_import(ledger, two_sheets(tmp_path / "台账.xlsx"))
    imported = apply_action(ledger, read.plan, leave_out=[(LAW, 5)])
    ids = imported.entry_ids
    assert len(ids) == 4 and imported.changed.entries == frozenset(ids)
    names = [ledger.entries.get(i).name for i in ids]  # type: ignore[union-attr]
    assert names == ["学雷锋志愿服务", "学雷锋志愿服务", "义务植树", "法律知识讲座"]
    assert imported.changed.areas == {
        ledger.areas.by_name("志愿服务").id,
        ledger.areas.by_name("法治建设").id,
    }


def cli_import(data_dir: Path, *args: str) -> int:
    return cli.main(["--data-dir", str(data_dir), "import", *args])


def test_the_cli_imports_the_two_sheets_with_no_option(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = str(two_sheets(tmp_path / "台账.xlsx"))
    assert cli_import(data_dir, path, "--year", "2019") == 0
    out = capsys.readouterr().out
    assert "工作表“志愿服务台账”：第4行为表头，工作板块：志愿服务（由工作表名识别）。" in out
    assert "导入  志愿服务台账 第5行  2019-03-05  志愿服务  学雷锋志愿服务" in out
    assert "参加人数：30  志愿服务时长：80" in out
    assert "疑似重复：与“志愿服务台账”第 6 行" in out
    assert f"不导入 法治建设 第7行：{FORMULA}" in out
    assert "已导入 5 条记录" in out
    for extra in (
        [],
        ["--area", "理论学习"],
        ["--sheet-area", f"{VOLUNTEER}=组织领导", "--sheet-area", "法治建设＝组织领导"],
    ):
        assert cli_import(data_dir, path, "--year", "2019", *extra) == 0
        assert "已导入 0 条记录；5 条已在台账中" in capsys.readouterr().out
    opened = Ledger.open(data_dir)
    try:
        assert by_area(opened) == EXPECTED
    finally:
        opened.close()


def test_the_cli_takes_an_area_per_sheet(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    book = Workbook()
    book.active.title = "Sheet1"
    book.active.append(["日期", "活动名称"])
    book.active.append(["2019-05-01", "植树"])
    other = book.create_sheet("Sheet2")
    other.append(["日期", "活动名称"])
    other.append(["2019-05-02", "普法讲座"])
    path = str(tmp_path / "两张表.xlsx")
    book.save(path)

    assert cli_import(data_dir, path, "--dry-run") == 0
    out = capsys.readouterr().out
    assert "无法导入 2 行" in out and "--sheet-area '工作表=板块'" in out
    assert "工作板块：未识别" in out

    assert cli_import(data_dir, path, "--sheet-area", "Sheet1=志愿服务", "--area", "法治建设") == 0
    assert "已导入 2 条记录" in capsys.readouterr().out
    opened = Ledger.open(data_dir)
    try:
        assert by_area(opened) == {
            "志愿服务": [(dt.date(2019, 5, 1), "植树", None)],
            "法治建设": [(dt.date(2019, 5, 2), "普法讲座", None)],
        }
    finally:
        opened.close()

    assert cli_import(data_dir, path, "--sheet-area", "Sheet3=志愿服务") == 1
    assert "没有名为“Sheet3”的工作表（现有：“Sheet1”、“Sheet2”）" in capsys.readouterr().err
    assert cli_import(data_dir, path, "--sheet-area", "志愿服务") == 1
    assert "应写成“工作表=板块”" in capsys.readouterr().err
    assert cli_import(data_dir, path, "--sheet-area", "Sheet1=没有的板块") == 1
    assert "没有名为“没有的板块”的工作板块" in capsys.readouterr().err


def test_zero_width_characters_are_left_out_as_the_entry_dialog_leaves_them(
    ledger: Ledger, tmp_path: Path
) -> None:
    row = ["2019-03-05", "学雷锋\u200b志愿服务", "华天\ufeff社区", 30, "张\u200d三", "走访\u200b"]
    rows: list[list[object]] = [row]
    plan = plan_import(ledger, one_sheet(tmp_path / "表.xlsx", "志愿服务", rows))
    entry = plan.rows[0].entry
    assert (entry.name, entry.location, entry.organizer, entry.content) == (
        "学雷锋志愿服务",
        "华天社区",
        "张三",
        "走访",
    )
