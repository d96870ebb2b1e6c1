"""导入 Excel as a clerk meets it: see every row's fate, fix a column, import."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from PySide6.QtCore import Qt

from tests.excel_workbooks import LAW, VOLUNTEER, two_sheets
from wenming_desktop.books.query import EntryQuery
from wenming_desktop.gui.excel_dialogs import (
    ColumnMappingDialog,
    ImportExcelDialog,
    export_excel_to,
)
from wenming_desktop.ledger import Ledger


@pytest.fixture
def workbook(tmp_path: Path) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.title = "2019年志愿服务"
    sheet["A1"] = "2019年志愿服务活动登记表"
    sheet.merge_cells("A1:E1")
    sheet.append([])
    sheet.append(["活动时间", "活动主题", "活动地点", "参与人次", "服务时长"])
    sheet.append([dt.datetime(2019, 3, 5), "学雷锋志愿服务", "华天社区", "30人", "60小时"])
    sheet.append(["3月12日", "植树", "公园", "约50", 12])
    sheet.append(["2019-02-30", "日期不对", "", 10, ""])
    sheet.append(["合计", "", "", 80, 72])
    path = tmp_path / "登记表.xlsx"
    book.save(path)
    return path


def open_dialog(qtbot, ledger: Ledger, path: Path) -> ImportExcelDialog:
    dialog = ImportExcelDialog(ledger, path, 2019)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.plan is not None, timeout=20_000)
    return dialog


def shown(dialog: ImportExcelDialog, row: int) -> dict[str, str]:
    """What the preview's row ``row`` shows, by column title."""
    model = dialog.table.model()
    return {
        model.headerData(column, Qt.Orientation.Horizontal): model.index(row, column).data()
        for column in range(model.columnCount())
    }


def choose_area(qtbot, dialog: ImportExcelDialog, sheet: str, area: str) -> None:
    """Pick ``area`` in the sheet's box, then wait for the workbook to be read again."""
    combo = dialog.sheets[sheet].combo
    before = dialog.plan
    combo.setCurrentIndex(combo.findText(area))
    qtbot.waitUntil(lambda: dialog.plan is not before and dialog.plan is not None, timeout=20_000)


def test_preview_shows_every_rows_fate_then_imports(
    qtbot, ledger: Ledger, workbook: Path, message_log
) -> None:
    dialog = open_dialog(qtbot, ledger, workbook)
    assert sorted(dialog.model.statuses()) == ["不导入", "导入", "导入", "跳过"]
    assert "可导入 2 条" in dialog.summary.text() and "将导入 2 条" in dialog.summary.text()
    sheet = dialog.sheets["2019年志愿服务"]
    assert sheet.combo.currentText() == "自动：志愿服务（由工作表名识别）"
    assert "第3行为表头" in sheet.detail.text()
    assert shown(dialog, 0)["参加人数"] == "30" and shown(dialog, 0)["服务时长"] == "60"
    assert shown(dialog, 1)["参加人数"] == "50" and shown(dialog, 1)["工作板块"] == "志愿服务"
    assert dialog.import_button.isEnabled() and dialog.import_button.text() == "导入 2 条"
    dialog.apply()
    qtbot.waitUntil(lambda: dialog.result_text != "", timeout=20_000)
    assert ledger.entries.totals(EntryQuery(year=2019)).count == 2
    assert "已导入 2 条" in message_log.shown[-1][2]
    assert dialog.imported is not None and len(dialog.imported.entry_ids) == 2
    assert dialog.changed.entries == frozenset(dialog.imported.entry_ids)


def test_mapping_fixes_an_unrecognised_column(
    qtbot, ledger: Ledger, tmp_path: Path, monkeypatch
) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["日期", "做了什么事", "人数"])  # “做了什么事” is no known name column
    sheet.append([dt.datetime(2019, 5, 1), "职工座谈会", 12])
    path = tmp_path / "自制表.xlsx"
    book.save(path)
    dialog = ImportExcelDialog(ledger, path, 2019)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: "无法读取" in dialog.summary.text(), timeout=20_000)
    assert "调整列对应" in dialog.summary.text()  # the way out is named

    def choose(mapping_dialog: ColumnMappingDialog) -> int:
        combo = mapping_dialog.combos["name"]
        combo.setCurrentIndex(combo.findData(1))  # 第2列：做了什么事
        return 1

    monkeypatch.setattr(ColumnMappingDialog, "exec", choose)
    dialog.adjust_mapping()
    qtbot.waitUntil(lambda: dialog.plan is not None, timeout=20_000)
    assert dialog.model.statuses() == ["不导入"]  # the sheet does not say which 工作板块
    assert dialog.sheets["Sheet"].combo.currentText() == "请选择工作板块"
    choose_area(qtbot, dialog, "Sheet", "组织领导")
    assert [row.entry.name for row in dialog.plan.rows] == ["职工座谈会"]


def test_export_excel(qtbot, sample_ledger: Ledger, tmp_path: Path, message_log) -> None:
    from PySide6.QtWidgets import QWidget

    parent = QWidget()
    qtbot.addWidget(parent)
    target = tmp_path / "2019.xlsx"
    export_excel_to(sample_ledger, parent, 2019, target)
    qtbot.waitUntil(lambda: target.exists() and bool(message_log.shown), timeout=20_000)
    assert load_workbook(target).sheetnames[0] == "总览"


def test_a_saved_match_is_used_next_time(
    qtbot, ledger: Ledger, tmp_path: Path, monkeypatch
) -> None:
    def sheet_with(path: Path, name: str) -> Path:
        book = Workbook()
        sheet = book.active
        sheet.append(["日期", "做了什么事", "人数"])
        sheet.append([dt.datetime(2019, 5, 1), name, 12])
        book.save(path)
        return path

    first = ImportExcelDialog(ledger, sheet_with(tmp_path / "一月.xlsx", "职工座谈会"), 2019)
    qtbot.addWidget(first)
    qtbot.waitUntil(lambda: "无法读取" in first.summary.text(), timeout=20_000)

    def choose(mapping_dialog: ColumnMappingDialog) -> int:
        combo = mapping_dialog.combos["name"]
        combo.setCurrentIndex(combo.findData(1))
        assert mapping_dialog.remember.isChecked()
        return 1

    monkeypatch.setattr(ColumnMappingDialog, "exec", choose)
    first.adjust_mapping()
    qtbot.waitUntil(lambda: first.plan is not None, timeout=20_000)
    assert ledger.settings.load().excel_mappings  # remembered

    monkeypatch.setattr(ColumnMappingDialog, "exec", lambda _self: 0)  # never asked again
    second = ImportExcelDialog(ledger, sheet_with(tmp_path / "二月.xlsx", "读书分享会"), 2019)
    qtbot.addWidget(second)
    qtbot.waitUntil(lambda: second.plan is not None, timeout=20_000)
    assert second._mapping == {"date": 0, "name": 1, "participants": 2}  # the saved match
    choose_area(qtbot, second, "Sheet", "组织领导")  # this sheet does not say which 工作板块
    assert second.plan.rows[0].entry.name == "读书分享会"


def test_a_mapping_saved_before_is_used_and_said(qtbot, ledger: Ledger, tmp_path: Path) -> None:
    book = Workbook()
    book.active.append(["日期", "做了什么事", "人数"])
    book.active.append([dt.datetime(2019, 5, 1), "职工座谈会", 12])
    path = tmp_path / "自制表.xlsx"
    book.save(path)
    ledger.settings.update(excel_mappings={"日期|做了什么事|人数": {"date": 0, "name": 1}})
    dialog = open_dialog(qtbot, ledger, path)
    assert dialog.mapping_note.text() == "已使用保存的列对应。"
    assert "活动名称←做了什么事" in dialog.sheets["Sheet"].detail.toolTip()
    choose_area(qtbot, dialog, "Sheet", "组织领导")
    assert dialog.plan is not None and bool(dialog.plan.rows)
    assert dialog.mapping_note.text() == "已使用保存的列对应。"
    dialog.apply()
    qtbot.waitUntil(lambda: dialog.result_text != "", timeout=20_000)
    assert dialog.changed.years == {2019}


def test_mapping_after_a_stopped_read_reads_the_header_first(
    qtbot, ledger: Ledger, tmp_path: Path, monkeypatch
) -> None:
    from wenming_desktop.actions import excel_import as action
    from wenming_desktop.errors import UserError
    from wenming_desktop.exchange.excel_import import CANCELLED_MESSAGE

    book = Workbook()
    book.active.append(["日期", "做了什么事", "人数"])
    book.active.append([dt.datetime(2019, 5, 1), "职工座谈会", 12])
    path = tmp_path / "自制表.xlsx"
    book.save(path)
    real = action.read_for_import

    def stopped_unless_mapped(*args, **kwargs):
        if kwargs.get("mapping") is None:  # the clerk pressed 取消 before a header was seen
            raise UserError(CANCELLED_MESSAGE)
        return real(*args, **kwargs)

    monkeypatch.setattr(action, "read_for_import", stopped_unless_mapped)
    dialog = ImportExcelDialog(ledger, path, 2019)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: "无法读取" in dialog.summary.text(), timeout=20_000)
    dialog.reread_button.click()
    qtbot.waitUntil(lambda: "无法读取" in dialog.summary.text(), timeout=20_000)
    asked: list[list[str]] = []

    def choose(mapping_dialog: ColumnMappingDialog) -> int:
        asked.append([mapping_dialog.combos["date"].itemText(i) for i in range(1, 4)])
        combo = mapping_dialog.combos["name"]
        combo.setCurrentIndex(combo.findData(1))
        mapping_dialog.remember.setChecked(False)
        return 1

    monkeypatch.setattr(ColumnMappingDialog, "exec", choose)
    dialog.adjust_mapping()
    qtbot.waitUntil(lambda: dialog.plan is not None, timeout=20_000)
    assert asked == [["第1列：日期", "第2列：做了什么事", "第3列：人数"]]
    choose_area(qtbot, dialog, "Sheet", "组织领导")
    assert dialog.plan.rows[0].entry.name == "职工座谈会"
    assert ledger.settings.load().excel_mappings == {}  # not remembered


def test_no_mapping_for_a_file_that_cannot_be_read(
    qtbot, ledger: Ledger, tmp_path: Path, message_log
) -> None:
    path = tmp_path / "坏.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a workbook")
    dialog = ImportExcelDialog(ledger, path, 2019)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: "无法读取" in dialog.summary.text(), timeout=20_000)
    dialog.adjust_mapping()
    qtbot.waitUntil(lambda: bool(message_log.shown), timeout=20_000)
    assert message_log.shown[-1][1:] == ("调整列对应", "无法打开这个文件，无法调整列对应。")


def test_the_window_reads_no_workbook_itself() -> None:
    from wenming_desktop.gui import excel_dialogs

    assert "openpyxl" not in Path(excel_dialogs.__file__).read_text(encoding="utf-8")


# -- issue 16: the workbooks clerks really have -------------------------------------------
def preview_rows(dialog: ImportExcelDialog) -> dict[tuple[str, str], dict[str, str]]:
    rows = (shown(dialog, row) for row in range(dialog.table.model().rowCount()))
    return {(row["工作表"], row["行"]): row for row in rows}


def untick(qtbot, dialog: ImportExcelDialog, sheet: str, number: int) -> None:
    """Take the tick off a row as a person does: select its 结果 cell, press the space bar."""
    model = dialog.table.model()
    row = next(
        r
        for r in range(model.rowCount())
        if (model.index(r, 1).data(), model.index(r, 2).data()) == (sheet, str(number))
    )
    dialog.table.setFocus()
    dialog.table.setCurrentIndex(model.index(row, 0))
    qtbot.keyClick(dialog.table, Qt.Key.Key_Space)
    assert model.index(row, 0).data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Unchecked


def test_two_sheets_go_into_their_own_areas_with_no_choice(
    qtbot, ledger: Ledger, tmp_path: Path, message_log
) -> None:
    dialog = open_dialog(qtbot, ledger, two_sheets(tmp_path / "台账.xlsx"))
    assert dialog.sheets[VOLUNTEER].combo.currentText() == "自动：志愿服务（由工作表名识别）"
    assert dialog.sheets[LAW].combo.currentText() == "自动：法治建设（由工作表名识别）"
    assert "第4行为表头" in dialog.sheets[LAW].detail.text()
    rows = preview_rows(dialog)
    first = rows[(VOLUNTEER, "5")]
    assert first["结果"] == "疑似重复" and "第 6 行" in first["说明"]
    assert (first["日期"], first["参加人数"], first["服务时长"]) == ("2019-03-05", "30", "80")
    assert (first["地点"], first["负责人/组织部门"], first["活动内容"]) == (
        "华天社区",
        "张三",
        "走访慰问困难职工",
    )
    assert rows[(VOLUNTEER, "6")]["日期"] == "2019-03-05"  # 2019年3月5日
    assert rows[(VOLUNTEER, "8")]["结果"] == "导入"
    assert rows[(VOLUNTEER, "7")]["结果"] == "跳过"
    assert rows[(LAW, "5")]["工作板块"] == "法治建设" and rows[(LAW, "5")]["参加人数"] == "200"
    formula = rows[(LAW, "7")]
    assert formula["结果"] == "不导入" and formula["活动名称"] == "（公式）"
    assert formula["说明"].startswith("公式单元格没有保存计算结果，请在 Excel 中打开并保存后再导入")

    dialog.shown_combo.setCurrentIndex(dialog.shown_combo.findText("疑似重复的行"))
    assert dialog.table.model().rowCount() == 2
    untick(qtbot, dialog, VOLUNTEER, 6)
    assert "将导入 4 条（1 条未勾选）" in dialog.summary.text()
    assert dialog.import_button.text() == "导入 4 条"
    dialog.apply()
    qtbot.waitUntil(lambda: dialog.result_text != "", timeout=20_000)
    assert "已导入 4 条记录" in message_log.shown[-1][2]
    assert "1 条未勾选" in message_log.shown[-1][2]
    names = {a.id: a.short_name for a in ledger.areas.all()}
    added = [ledger.entries.get(i) for i in dialog.imported.entry_ids]
    assert [(names[e.area_id], e.name) for e in added if e] == [
        ("志愿服务", "学雷锋志愿服务"),
        ("志愿服务", "义务植树"),
        ("法治建设", "宪法宣传日"),
        ("法治建设", "法律知识讲座"),
    ]


def test_importing_again_with_other_areas_chosen_adds_nothing(
    qtbot, ledger: Ledger, tmp_path: Path
) -> None:
    path = two_sheets(tmp_path / "台账.xlsx")
    first = open_dialog(qtbot, ledger, path)
    first.apply()
    qtbot.waitUntil(lambda: first.result_text != "", timeout=20_000)
    assert "已导入 5 条记录" in first.result_text

    again = open_dialog(qtbot, ledger, path)
    choose_area(qtbot, again, VOLUNTEER, "组织领导")
    choose_area(qtbot, again, LAW, "理论学习")
    assert again.sheets[VOLUNTEER].combo.currentText() == "组织领导"
    assert again.sheets[VOLUNTEER].combo.itemText(0) == "自动：志愿服务（由工作表名识别）"
    assert set(again.model.statuses()) == {"已在台账", "不导入", "跳过"}
    assert "可导入 0 条，已在台账中 5 条" in again.summary.text()
    assert not again.import_button.isEnabled()


def test_each_sheet_takes_the_area_chosen_for_it(
    qtbot, ledger: Ledger, tmp_path: Path, area_ids: dict[str, int]
) -> None:
    book = Workbook()
    book.active.title = "Sheet1"
    book.active.append(["日期", "活动名称"])
    book.active.append(["2019-05-01", "植树"])
    other = book.create_sheet("Sheet2")
    other.append(["日期", "活动名称"])
    other.append(["2019-05-02", "普法讲座"])
    path = tmp_path / "两张表.xlsx"
    book.save(path)
    dialog = open_dialog(qtbot, ledger, path)
    assert dialog.model.statuses() == ["不导入", "不导入"]
    assert "请为工作表“Sheet1”选择工作板块" in preview_rows(dialog)[("Sheet1", "2")]["说明"]
    assert dialog.sheets["Sheet2"].combo.currentText() == "请选择工作板块"
    assert dialog.sheets_warning.text().startswith("“Sheet1”、“Sheet2”没有识别出工作板块")
    choose_area(qtbot, dialog, "Sheet1", "志愿服务")
    rows = preview_rows(dialog)
    assert dialog.sheets_warning.text().startswith("“Sheet2”没有识别出工作板块")
    assert rows[("Sheet1", "2")]["工作板块"] == "志愿服务"
    assert rows[("Sheet2", "2")]["结果"] == "不导入"  # its own choice is still to be made
    choose_area(qtbot, dialog, "Sheet2", "法治建设")
    assert dialog.sheets_warning.isHidden()
    dialog.apply()
    qtbot.waitUntil(lambda: dialog.result_text != "", timeout=20_000)
    placed = {e.name: e.area_id for e in ledger.entries.details(EntryQuery())}
    assert placed == {"植树": area_ids["志愿服务"], "普法讲座": area_ids["法治建设"]}
