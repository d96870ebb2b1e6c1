"""Excel export and import: the sheets clerks really keep, round trips, and broken files."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from wenming_desktop.books.areas import AreaEdit
from wenming_desktop.books.draft import EntryDraft
from wenming_desktop.books.query import EntryQuery
from wenming_desktop.errors import UserError
from wenming_desktop.exchange import excel_import
from wenming_desktop.exchange.excel_export import (
    COLUMNS,
    OVERVIEW_TITLE,
    display_width,
    export_workbook,
    safe_sheet_title,
)
from wenming_desktop.exchange.excel_import import (
    CANCELLED_MESSAGE,
    FIELD_LABELS,
    ImportPlan,
    apply_plan,
    parse_date_cell,
    plan_import,
    read_header,
    read_workbook,
    signature,
    suggest_mapping,
)
from wenming_desktop.ledger import Ledger
from wenming_desktop.work import Steps

SERIAL_2019_03_05 = 43529
HEADER = [
    "序号",
    "活动时间",
    "活动主题",
    "活动类型",
    "活动地点",
    "组织部门",
    "参与人数（人）",
    "服务时长\n（小时）",
    "主要内容",
    "备注",
    "工作板块",
]


def messy_rows() -> list[list[object]]:
    """Rows 4 … 18 of the messy sheet (row numbers in the comments)."""
    return [
        [1, dt.datetime(2019, 3, 5), "学雷锋志愿服务", "志愿服务", "华天社区", "办公室",
         "30人", "2.5小时", "走访慰问困难职工", "", "志愿服务"],  # 4
        [2, SERIAL_2019_03_05, "道德讲堂", "学习", "三楼会议室", "宣教部", "约50", None,
         "", "", "宣传教育"],  # 5
        [3, "3月5日", "职工书屋📚读书分享", "", "", "", "50余人", "", "", "好", "宣传教育"],  # 6
        [None, None, "", None, None, None, None, None, None, None, None],  # 7 blank
        [4, "2019/3/6", "十佳职工评选", "表彰荣誉", "", "", "1,200", "", "", "", "宣传教育"],  # 8
        [5, "2019.3.7", "中心组学习", "学习", "", "", "30人次", "", "", "", "理论学习"],  # 9
        [6, "2019年3月8日-10日", "普法培训", "培训", "", "", "", "", "", "", "法治建设"],  # 10
        [7, "4月1日至4月3日", "环境卫生检查", "检查", "", "", "", "", "", "", "环境建设"],  # 11
        [8, "2019-03-05", "", "会议", "", "", "", "", "", "", "组织领导"],  # 12 no name
        [9, "2019-02-30", "春节慰问", "活动", "", "", "", "", "", "", "组织领导"],  # 13
        [10, "2019-04-01", "宪法宣传", "宣传", "", "", "abc", "", "", "", "法治建设"],  # 14
        [11, "2019-04-02", "读书会", "学习", "", "", "", "", "", "", "不存在的板块"],  # 15
        ["合计", None, None, None, None, None, 1330, 2.5, None, None, None],  # 16
        [None] * 11,  # 17 blank
        ["注：本表由办公室填写。"],  # 18
    ]  # fmt: skip


def build_messy(path: Path, *, title: str = "区总工会2019年精神文明建设活动台账") -> Path:
    book = Workbook()
    sheet = book.active
    sheet.title = "台账"
    sheet.append([title])
    sheet.merge_cells("A1:K1")
    sheet.append(["填报单位：区总工会", None, None, None, None, None, "填报人：张三"])
    sheet.append(HEADER)
    for row in messy_rows():
        sheet.append(row)
    book.save(path)
    return path


def reasons(plan: ImportPlan) -> dict[int, str]:
    return {row.row: row.reason for row in plan.refused}


# -- import of a messy sheet -----------------------------------------------------------------
def test_messy_sheet_rows_import_or_are_refused_with_reasons(
    ledger: Ledger, tmp_path: Path, area_ids: dict[str, int]
) -> None:
    plan = plan_import(ledger, build_messy(tmp_path / "台账.xlsx"))

    assert plan.sheets[0].header_row == 3
    assert plan.sheets[0].columns["participants"] == "参与人数（人）"
    imported = {row.row: row.entry for row in plan.rows}
    assert sorted(imported) == [4, 5, 6, 8, 9, 10, 11]
    assert imported[4].date == imported[5].date == imported[6].date == dt.date(2019, 3, 5)
    assert imported[8].date == dt.date(2019, 3, 6)
    assert imported[9].date == dt.date(2019, 3, 7)
    assert (imported[10].date, imported[10].end_date) == (dt.date(2019, 3, 8), dt.date(2019, 3, 10))
    assert (imported[11].date, imported[11].end_date) == (dt.date(2019, 4, 1), dt.date(2019, 4, 3))
    assert [imported[n].participants for n in (4, 5, 6, 8, 9, 10)] == [30, 50, 50, 1200, 30, None]
    assert imported[4].volunteer_hours == 2.5 and imported[5].volunteer_hours is None
    assert imported[6].name == "职工书屋📚读书分享"
    assert (imported[4].kind, imported[4].location, imported[4].organizer) == (
        "志愿服务",
        "华天社区",
        "办公室",
    )
    assert imported[4].content == "走访慰问困难职工" and imported[6].remarks == "好"
    assert imported[4].area_id == area_ids["志愿服务"]
    assert imported[9].area_id == area_ids["理论学习"]

    refused_for = reasons(plan)
    assert sorted(refused_for) == [12, 13, 14, 15]
    assert refused_for[12] == "请填写“活动名称”。"
    assert "不是真实存在的日期" in refused_for[13]  # validation's own words
    assert "abc" in refused_for[14]
    assert refused_for[15] == (
        "没有名为“不存在的板块”的工作板块（现有：组织领导、理论学习、宣传教育、志愿服务、"
        "法治建设、环境建设）。"
    )
    refused = {row.row: row for row in plan.refused}
    assert refused[14].values[2] == "宪法宣传" and refused[14].sheet == "台账"
    assert {row.row: row.reason for row in plan.skipped} == {
        16: "合计行，不是活动记录。",
        18: "说明文字，不是活动记录。",
    }

    result = apply_plan(ledger, plan)
    assert (result.added, result.already_present, result.refused, result.skipped) == (7, 0, 4, 2)
    assert ledger.entries.totals(EntryQuery()).count == 7
    assert "已导入 7 条记录" in result.summary()


def test_year_argument_or_refusal_for_dates_without_year(ledger: Ledger, tmp_path: Path) -> None:
    path = build_messy(tmp_path / "台账.xlsx", title="区总工会精神文明建设活动台账")
    plan = plan_import(ledger, path)
    assert reasons(plan)[6].startswith("日期“3月5日”没有写年份")
    assert reasons(plan)[11].startswith("日期“4月1日至4月3日”没有写年份")
    assert 4 in {row.row for row in plan.rows}  # full dates need no year

    with_year = plan_import(ledger, path, year=2020)
    dates = {row.row: row.entry.date for row in with_year.rows}
    assert dates[6] == dt.date(2020, 3, 5) and dates[4] == dt.date(2019, 3, 5)


def test_an_area_chosen_for_the_sheet_overrides_its_column_the_default_does_not(
    ledger: Ledger, tmp_path: Path, area_ids: dict[str, int]
) -> None:
    path = build_messy(tmp_path / "台账.xlsx")
    area = ledger.areas.by_name("组织领导")
    by_default = plan_import(ledger, path, area=area)  # for rows naming no area: none here
    assert {row.row: row.entry.area_id for row in by_default.rows}[9] == area_ids["理论学习"]
    assert 15 in reasons(by_default)
    assert by_default.sheets[0].area_from == "column"

    chosen = plan_import(ledger, path, sheet_areas={"台账": area})
    assert {row.entry.area_id for row in chosen.rows} == {area_ids["组织领导"]}
    assert 15 in {row.row for row in chosen.rows}  # its unknown 板块 no longer matters
    assert (chosen.sheets[0].area, chosen.sheets[0].area_from) == ("组织领导", "chosen")


def test_other_spellings_area_from_sheet_title_and_merged_dates(
    ledger: Ledger, tmp_path: Path, area_ids: dict[str, int]
) -> None:
    book = Workbook()
    sheet = book.active
    sheet.title = "理论学习"
    sheet.append(["2019年理论学习台账"])
    sheet.append([])
    sheet.append(["日期", "名称", "地点", "负责人", "人数", "时长", "内容", "成效/备注"])
    sheet.append([dt.date(2019, 6, 1), "集中学习", "三楼", "办公室", 20, 1, "学习党章", "好"])
    sheet.append([None, "专题研讨", "三楼", "办公室", 18.0, None, "", ""])
    sheet.append([3.5, "读书会", "", "", "", "", "", ""])  # 3.5 typed as a number: 3月5日
    sheet.merge_cells("A4:A5")  # one date for two activities
    path = tmp_path / "学习.xlsx"
    book.save(path)

    plan = plan_import(ledger, path)
    rows = {row.row: row.entry for row in plan.rows}
    assert plan.refused == []
    assert rows[5].date == rows[4].date == dt.date(2019, 6, 1)
    assert rows[6].date == dt.date(2019, 3, 5)
    assert rows[5].participants == 18 and rows[4].organizer == "办公室"
    assert {entry.area_id for entry in rows.values()} == {area_ids["理论学习"]}
    assert plan.sheets[0].area == "理论学习"


def test_merged_blank_rows_below_the_table_are_ignored(ledger: Ledger, tmp_path: Path) -> None:
    """Templates keep merged date cells ready below the last activity; only rows with
    content are read, so those areas lie past the rows and are skipped."""
    book = Workbook()
    sheet = book.active
    sheet.title = "理论学习"
    sheet.append(["日期", "名称"])
    sheet.append([dt.date(2019, 6, 1), "集中学习"])
    sheet.append([None, "专题研讨"])
    sheet.merge_cells("A2:A3")
    sheet.merge_cells("A10:A12")  # blank, merged, formatted
    sheet["A10"].number_format = "yyyy/m/d"
    path = tmp_path / "模板.xlsx"
    book.save(path)
    plan = plan_import(ledger, path)
    assert [(row.row, row.entry.date) for row in plan.rows] == [
        (2, dt.date(2019, 6, 1)),
        (3, dt.date(2019, 6, 1)),
    ]


def test_rows_without_an_area_are_refused_and_record_numbers_are_kept(
    ledger: Ledger, tmp_path: Path
) -> None:
    book = Workbook()
    book.active.append(["日期", "活动名称", "记录编号"])
    book.active.append(["2019-05-01", "党组会", "0F8FAD5B-D9CB-469F-A165-70867728950E"])
    book.active.append(["2019-05-02", "集中学习", "乱写的编号"])
    path = tmp_path / "Sheet.xlsx"
    book.save(path)
    plan = plan_import(ledger, path)
    assert [r.row for r in plan.refused] == [2, 3]
    assert plan.refused[0].reason.startswith("无法确定这一行属于哪个工作板块")
    assert "工作表“Sheet”" in plan.refused[0].reason
    assert plan.sheets[0].area_from == ""

    area = ledger.areas.by_name("组织领导")
    plan = plan_import(ledger, path, area=area)
    assert plan.sheets[0].area_from == "default"
    first, second = plan.rows
    assert (first.uuid, first.numbered) == ("0f8fad5b-d9cb-469f-a165-70867728950e", True)
    assert second.uuid == excel_import.content_uuid(second.entry)  # not of the area
    other = plan_import(ledger, path, area=ledger.areas.by_name("志愿服务"))
    assert [row.uuid for row in other.rows] == [first.uuid, second.uuid]


def test_without_a_name_column_the_name_comes_from_the_content(
    ledger: Ledger, tmp_path: Path
) -> None:
    book = Workbook()
    book.active.title = "宣传教育"
    book.active.append(["开展日期", "活动内容摘要"])
    book.active.append(["2019-09-10", "教师节慰问优秀教师。共走访12人"])
    path = tmp_path / "content.xlsx"
    book.save(path)
    plan = plan_import(ledger, path)
    assert [r.entry.name for r in plan.rows] == ["教师节慰问优秀教师"]
    assert "名称取自“活动内容”" in plan.sheets[0].note


def test_two_line_header(ledger: Ledger, tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    sheet.title = "志愿服务"
    sheet.append(["日期", "活动名称", "参与情况", None])
    sheet.append([None, None, "人数", "时长"])
    sheet.append(["2019-05-01", "义务劳动", 12, 24])
    sheet.merge_cells("C1:D1")
    path = tmp_path / "two.xlsx"
    book.save(path)
    plan = plan_import(ledger, path)
    assert [(r.row, r.entry.participants, r.entry.volunteer_hours) for r in plan.rows] == [
        (3, 12, 24.0)
    ]


def test_a_wrong_dimension_record_does_not_hide_rows(ledger: Ledger, tmp_path: Path) -> None:
    book = Workbook()
    book.active.title = "组织领导"
    book.active.append(["日期", "活动名称"])
    for day in range(1, 6):
        book.active.append([f"2019-05-0{day}", f"会议{day}"])
    path = tmp_path / "dimension.xlsx"
    book.save(path)
    # Some programs write <dimension ref="A1"/> whatever the sheet holds.
    with zipfile.ZipFile(path) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    sheet_xml = parts["xl/worksheets/sheet1.xml"]
    parts["xl/worksheets/sheet1.xml"] = re.sub(
        rb'<dimension ref="[^"]+"', b'<dimension ref="A1"', sheet_xml
    )
    with zipfile.ZipFile(path, "w") as target:
        for name, data in parts.items():
            target.writestr(name, data)
    assert len(plan_import(ledger, path).rows) == 5


def test_mapping_overrides_guessed_columns(ledger: Ledger, tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    sheet.title = "法治建设"
    sheet.append(["甲", "乙", "丙"])
    sheet.append(["2019-12-04", "宪法宣传日", "120"])
    path = tmp_path / "mapped.xlsx"
    book.save(path)
    with pytest.raises(UserError, match="没有找到表头"):
        plan_import(ledger, path)
    plan = plan_import(ledger, path, mapping={"date": 0, "name": 1, "participants": 2})
    assert [(r.row, r.entry.name, r.entry.participants) for r in plan.rows] == [
        (2, "宪法宣传日", 120)
    ]


def test_suggest_mapping_knows_common_names() -> None:
    cells = ["序号", "开展时间", "标题", "类别", "地点", "负责部门", "参与人次", "志愿服务时长"]
    assert suggest_mapping(cells) == {
        "date": 1,
        "name": 2,
        "kind": 3,
        "location": 4,
        "organizer": 5,
        "participants": 6,
        "volunteer_hours": 7,
    }
    assert suggest_mapping(["活动名称", "结束日期", "成效/备注", "记录编号", "UUID"]) == {
        "name": 0,
        "end_date": 1,
        "remarks": 2,
        "uuid": 3,
    }
    assert set(FIELD_LABELS) >= {"date", "name", "area", "uuid"}
    assert FIELD_LABELS["organizer"] == "负责人/组织部门"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (dt.datetime(2019, 3, 5, 9, 30), (dt.date(2019, 3, 5), None)),
        (SERIAL_2019_03_05, (dt.date(2019, 3, 5), None)),
        ("43529", (dt.date(2019, 3, 5), None)),
        ("2019-03-05", ("2019-03-05", None)),
        ("2019/3/5", ("2019-03-05", None)),
        ("2019.3.5", ("2019-03-05", None)),
        ("２０１９年３月５日", ("2019-03-05", None)),
        ("2019年3月5日（周二）上午9:30", ("2019-03-05", None)),
        ("3月5日", ("2019-03-05", None)),
        ("3.5", ("2019-03-05", None)),
        (3.5, ("2019-03-05", None)),
        ("2019年3月5日-7日", ("2019-03-05", "2019-03-07")),
        ("3月5日至3月7日", ("2019-03-05", "2019-03-07")),
        ("2019-03-05~2019-03-07", ("2019-03-05", "2019-03-07")),
        ("12月30日至1月2日", ("2019-12-30", "2020-01-02")),
        ("2019年3月", ("2019年3月", None)),  # left for validate() to refuse
        ("下周", ("下周", None)),
    ],
)
def test_date_spellings(value: object, expected: tuple[object, object]) -> None:
    assert parse_date_cell(value, 2019) == expected


# -- idempotence and all-or-nothing ------------------------------------------------------------
def test_importing_the_same_file_twice_adds_nothing(ledger: Ledger, tmp_path: Path) -> None:
    path = build_messy(tmp_path / "台账.xlsx")
    first = apply_plan(ledger, plan_import(ledger, path))
    again = plan_import(ledger, path)
    assert (len(again.rows), len(again.present)) == (0, first.added)
    second = apply_plan(ledger, again)
    assert (second.added, second.already_present) == (0, 7)
    # A plan read before the first import was applied still adds nothing.
    stale = plan_import(ledger, path)
    stale.rows, stale.present = stale.present, []
    assert apply_plan(ledger, stale).added == 0
    assert ledger.entries.totals(EntryQuery()).count == 7


def test_duplicate_rows_in_one_file_are_imported_once(ledger: Ledger, tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    sheet.title = "组织领导"
    sheet.append(["日期", "活动名称", "地点"])
    sheet.append(["2019-01-08", "党组会", "三楼"])
    sheet.append(["2019-01-08", "党组会", "三楼"])
    path = tmp_path / "dup.xlsx"
    book.save(path)
    plan = plan_import(ledger, path)
    assert len(plan.rows) == 1
    assert [(s.row, s.reason) for s in plan.skipped] == [
        (3, "与“组织领导”第 2 行内容完全相同（同一条记录），只导入一次。")
    ]


def test_a_failure_while_writing_adds_nothing(
    ledger: Ledger, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plan = plan_import(ledger, build_messy(tmp_path / "台账.xlsx"))
    real = excel_import._entry_values
    calls = []

    def second_row_breaks(row, now):
        values = real(row, now)
        calls.append(row.row)
        if len(calls) == 2:
            values["name"] = ""  # the database's CHECK refuses it
        return values

    monkeypatch.setattr(excel_import, "_CHUNK", 1)  # every row in its own INSERT
    monkeypatch.setattr(excel_import, "_entry_values", second_row_breaks)
    with pytest.raises(UserError, match="已全部撤销"):
        apply_plan(ledger, plan)
    assert len(calls) == 2
    assert ledger.entries.totals(EntryQuery()).count == 0


def test_cancelling_writes_nothing(ledger: Ledger, tmp_path: Path) -> None:
    path = build_messy(tmp_path / "台账.xlsx")
    with pytest.raises(UserError, match=CANCELLED_MESSAGE):
        plan_import(ledger, path, steps=Steps(None, lambda: True))
    plan = plan_import(ledger, path)
    seen: list[tuple[int, int, str]] = []
    with pytest.raises(UserError, match=CANCELLED_MESSAGE):
        apply_plan(ledger, plan, Steps(lambda *step: seen.append(step), lambda: True))
    assert ledger.entries.totals(EntryQuery()).count == 0
    done: list[tuple[int, int, str]] = []
    apply_plan(ledger, plan, Steps(lambda *step: done.append(step)))
    assert done[-1][:2] == (7, 7)


# -- export, and export → import ----------------------------------------------------------------
def test_export_then_import_into_an_empty_ledger_reproduces_every_entry(
    sample_ledger: Ledger, tmp_path: Path, area_ids: dict[str, int]
) -> None:
    ledger = sample_ledger
    extra = ledger.entries.add(
        EntryDraft(
            area_id=area_ids["志愿服务"],
            date="2019-03-05",
            end_date="2019-03-07",
            name="=SUM(A1) 学雷锋🎉",
            participants=12,
            volunteer_hours="2.75",
            content="第一行\n第二行",
        )
    )
    trashed = ledger.entries.add(
        EntryDraft(area_id=area_ids["志愿服务"], date="2019-05-01", name="删")
    )
    ledger.entries.move_to_trash([trashed.id])
    other_year = ledger.entries.add(
        EntryDraft(area_id=area_ids["志愿服务"], date="2018-05-01", name="去年")
    )
    path = export_workbook(ledger, 2019, tmp_path / "台账2019.xlsx")

    expected = {e.uuid: e for e in ledger.entries.details(EntryQuery(year=2019))}
    assert extra.uuid in expected and trashed.uuid not in expected
    assert other_year.uuid not in expected

    target = Ledger.open(tmp_path / "empty")
    try:
        plan = plan_import(target, path)
        assert plan.refused == [] and plan.skipped == []
        result = apply_plan(target, plan)
        assert result.added == len(expected) > 40
        copied = {e.uuid: e for e in target.entries.details(EntryQuery())}
        assert set(copied) == set(expected)
        names = {a.id: a.short_name for a in ledger.areas.all()}
        target_names = {a.id: a.short_name for a in target.areas.all()}
        fields = ("date", "end_date", "name", "kind", "location", "organizer", "participants")
        fields += ("volunteer_hours", "content", "remarks", "is_sample")  # samples stay samples
        for uuid, entry in expected.items():
            again = copied[uuid]
            assert target_names[again.area_id] == names[entry.area_id]
            assert [getattr(again, f) for f in fields] == [getattr(entry, f) for f in fields]
        # Imported rows went through the search index's triggers too.
        assert [r.uuid for r in target.entries.rows(EntryQuery(text="学雷锋🎉"))] == [extra.uuid]
        assert apply_plan(target, plan_import(target, path)).added == 0
    finally:
        target.close()


def test_export_formatting(sample_ledger: Ledger, tmp_path: Path) -> None:
    ledger = sample_ledger
    path = export_workbook(ledger, 2019, tmp_path / "out.xlsx")
    book = load_workbook(path)
    assert book.sheetnames == [OVERVIEW_TITLE, *(a.short_name for a in ledger.areas.all())]
    assert book.properties.creator == "文明创建台账"
    assert book.properties.title == "区总工会2019年精神文明建设工作台账"

    overview = book[OVERVIEW_TITLE]
    rows = list(overview.iter_rows(values_only=True))
    assert rows[0] == ("工作板块", "活动次数", "参与人次", "志愿服务时长")
    stats = ledger.year_stats(2019)
    areas = len(stats.areas)
    assert rows[areas + 1] == (
        "合计",
        stats.total.entries,
        stats.total.participants,
        pytest.approx(stats.total.volunteer_hours),
    )
    assert [r[0] for r in rows[1 : areas + 1]] == [a.short_name for a, _ in stats.areas]
    assert overview["A8"].font.b
    assert rows[-1][0].startswith("注：以上数字含示例数据 43 条")  # all of them are samples

    sheet = book["志愿服务"]
    assert sheet.freeze_panes == "A2"
    assert [c.value for c in sheet[1]] == [column.header for column in COLUMNS] + ["示例数据"]
    assert all(c.font.b and c.fill.fgColor.rgb.endswith("DDEBF7") for c in sheet[1])
    first = sheet[2]
    assert isinstance(first[0].value, dt.datetime) and first[0].is_date
    assert first[0].number_format == "yyyy-mm-dd"
    numbers = [row[6].value for row in sheet.iter_rows(min_row=2) if row[6].value is not None]
    assert numbers and all(isinstance(n, int) for n in numbers)
    hours = [row[7].value for row in sheet.iter_rows(min_row=2) if row[7].value is not None]
    assert hours and all(isinstance(h, int | float) for h in hours)
    assert first[8].alignment.wrap_text
    assert sheet.column_dimensions["I"].width == 60  # long content: capped, wrapped
    assert sheet.column_dimensions["A"].width == 12
    assert sheet.print_title_rows == "$1:$1"
    count = ledger.entries.totals(
        EntryQuery(area_id=ledger.areas.by_name("志愿服务").id, year=2019)
    )
    assert sheet.max_row == count.count + 1


def test_sheet_titles_are_safe_and_still_match_on_import(ledger: Ledger, tmp_path: Path) -> None:
    areas = ledger.areas.all()
    edits = [AreaEdit(a.id, a.short_name, a.heading) for a in areas]
    edits[0] = AreaEdit(areas[0].id, "组织/领导?", areas[0].heading)
    ledger.areas.save(edits)
    ledger.entries.add(EntryDraft(area_id=areas[0].id, date="2019-01-08", name="党组会"))
    path = export_workbook(ledger, 2019, tmp_path / "out.xlsx")
    assert load_workbook(path).sheetnames[1] == "组织_领导_"
    target = Ledger.open(tmp_path / "other")
    try:
        target.areas.save(edits)
        plan = plan_import(target, path)
        assert [(r.sheet, r.entry.area_id) for r in plan.rows] == [("组织_领导_", areas[0].id)]
    finally:
        target.close()


def test_safe_sheet_title() -> None:
    assert safe_sheet_title("a[b]:c*d?e/f\\g") == "a_b__c_d_e_f_g"
    assert len(safe_sheet_title("长" * 40)) == 31
    assert safe_sheet_title("宣传", ["宣传"]) == "宣传(2)"
    assert safe_sheet_title("History") == "History(2)"
    assert safe_sheet_title("") == "板块"
    assert display_width("宣传ab") == 6


def test_export_refuses_other_extensions(ledger: Ledger, tmp_path: Path) -> None:
    with pytest.raises(UserError, match=r"\.xlsx"):
        export_workbook(ledger, 2019, tmp_path / "out.csv")
    assert list(tmp_path.iterdir()) == [tmp_path / "data"]


# -- broken files -----------------------------------------------------------------------------
def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def _ole2(path: Path, *, encrypted: bool) -> Path:
    body = "EncryptedPackage".encode("utf-16-le") if encrypted else b"Workbook"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504 + body)
    return path


def _zip(path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "not a workbook")
    return path


def _empty_book(path: Path) -> Path:
    Workbook().save(path)
    return path


def _no_header(path: Path) -> Path:
    book = Workbook()
    book.active.append(["随便写的", "一些字"])
    book.save(path)
    return path


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: _write(p.with_suffix(".txt"), b"x"), "不是 Excel 工作簿"),
        (lambda p: _write(p, b"hello"), "不是 Excel 工作簿"),
        (lambda p: _write(p, b""), "空文件"),
        (lambda p: _ole2(p.with_suffix(".xls"), encrypted=False), "另存为"),
        (lambda p: _ole2(p, encrypted=False), "旧版 Excel（.xls）"),
        (lambda p: _ole2(p, encrypted=True), "设置了打开密码"),
        (_zip, "不是有效的 Excel 工作簿"),
        (_empty_book, "没有任何数据"),
        (_no_header, "没有找到表头"),
        (lambda p: p.parent / "missing.xlsx", "找不到该文件"),
    ],
)
def test_broken_files_give_a_chinese_message(
    ledger: Ledger,
    tmp_path: Path,
    make,
    message: str,
) -> None:
    path = make(tmp_path / "broken.xlsx")
    with pytest.raises(UserError, match=message) as caught:
        plan_import(ledger, path)
    words = re.sub(r"Excel|WPS|\.xlsx?|\.txt", "", str(caught.value).replace(path.name, ""))
    assert not re.search("[A-Za-z]", words), words


def test_read_workbook_is_pure_and_reports_progress(ledger: Ledger, tmp_path: Path) -> None:
    path = build_messy(tmp_path / "台账.xlsx")
    seen: list[tuple[int, int, str]] = []
    plan = read_workbook(
        path,
        year=None,
        area=None,
        areas=ledger.areas.all(),
        steps=Steps(lambda *step: seen.append(step)),
    )
    assert len(plan.rows) == 7 and plan.present == []
    assert seen[-1][0] == seen[-1][1] > 0
    assert ledger.entries.totals(EntryQuery()).count == 0


def test_the_header_row_a_clerk_maps_is_read_with_the_plan(ledger: Ledger, tmp_path: Path) -> None:
    book = Workbook()
    book.active.title = "说明"
    book.active.append(["填表说明：每项活动填一行。"])  # content, but no header
    sheet = book.create_sheet("2019年")
    sheet.append(["2019年活动登记表"])
    sheet.append([" 日期 ", "活动名称", None, "备注"])
    sheet.append([dt.datetime(2019, 5, 1), "座谈会", "三楼", "", "多出的一列"])
    path = tmp_path / "登记表.xlsx"
    book.save(path)
    plan = read_workbook(path, year=None, area=None, areas=ledger.areas.all())
    headers = plan.headers
    assert [row.row for row in plan.refused] == [3]  # read (no area to put it in)
    assert headers == ["日期", "活动名称", "", "备注", ""]  # every column the sheet uses
    assert read_header(path) == headers
    assert signature(headers) == "日期|活动名称||备注"
