"""导入 Excel as a clerk meets it: see every row's fate, fix a column, import."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

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


def test_preview_shows_every_rows_fate_then_imports(
    qtbot, ledger: Ledger, workbook: Path, message_log
) -> None:
    dialog = open_dialog(qtbot, ledger, workbook)
    volunteer = dialog.area_combo.findText("全部导入到“志愿服务”")
    dialog.area_combo.setCurrentIndex(volunteer)
    qtbot.waitUntil(lambda: dialog.model.statuses().count("导入") == 2, timeout=20_000)
    assert sorted(dialog.model.statuses()) == ["不导入", "导入", "导入", "跳过"]
    assert "可导入 2 条" in dialog.summary.text()
    assert "第3行为表头" in dialog.columns.text()
    assert dialog.import_button.isEnabled()
    dialog.apply()
    qtbot.waitUntil(lambda: dialog.result_text != "", timeout=20_000)
    assert ledger.entries.totals(EntryQuery(year=2019)).count == 2
    assert "已导入 2 条" in message_log.shown[-1][2]


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
    dialog.area_combo.setCurrentIndex(1)

    def choose(mapping_dialog: ColumnMappingDialog) -> int:
        combo = mapping_dialog.combos["name"]
        combo.setCurrentIndex(combo.findData(1))  # 第2列：做了什么事
        return 1

    monkeypatch.setattr(ColumnMappingDialog, "exec", choose)
    dialog.adjust_mapping()
    qtbot.waitUntil(
        lambda: (
            dialog.plan is not None
            and bool(dialog.plan.rows)
            and dialog.plan.rows[0].entry.name == "职工座谈会"
        ),
        timeout=20_000,
    )


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
    first.area_combo.setCurrentIndex(1)

    def choose(mapping_dialog: ColumnMappingDialog) -> int:
        combo = mapping_dialog.combos["name"]
        combo.setCurrentIndex(combo.findData(1))
        assert mapping_dialog.remember.isChecked()
        return 1

    monkeypatch.setattr(ColumnMappingDialog, "exec", choose)
    first.adjust_mapping()
    qtbot.waitUntil(lambda: first.plan is not None and bool(first.plan.rows), timeout=20_000)
    assert ledger.settings.load().excel_mappings  # remembered

    monkeypatch.setattr(ColumnMappingDialog, "exec", lambda _self: 0)  # never asked again
    second = ImportExcelDialog(ledger, sheet_with(tmp_path / "二月.xlsx", "读书分享会"), 2019)
    qtbot.addWidget(second)
    qtbot.waitUntil(lambda: second.plan is not None, timeout=20_000)
    assert second._mapping == {"date": 0, "name": 1, "participants": 2}  # the saved match
    second.area_combo.setCurrentIndex(1)  # this sheet does not say which 工作板块
    qtbot.waitUntil(lambda: second.plan is not None and bool(second.plan.rows), timeout=20_000)
    assert second.plan.rows[0].entry.name == "读书分享会"


def test_a_mapping_saved_before_is_used_and_said(qtbot, ledger: Ledger, tmp_path: Path) -> None:
    book = Workbook()
    book.active.append(["日期", "做了什么事", "人数"])
    book.active.append([dt.datetime(2019, 5, 1), "职工座谈会", 12])
    path = tmp_path / "自制表.xlsx"
    book.save(path)
    ledger.settings.update(excel_mappings={"日期|做了什么事|人数": {"date": 0, "name": 1}})
    dialog = open_dialog(qtbot, ledger, path)
    assert dialog.columns.text().startswith("已使用保存的列对应。")
    assert "活动名称←做了什么事" in dialog.columns.text()
    dialog.area_combo.setCurrentIndex(1)
    qtbot.waitUntil(lambda: dialog.plan is not None and bool(dialog.plan.rows), timeout=20_000)
    assert "已使用保存的列对应。" in dialog.columns.text()
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
    dialog.area_combo.setCurrentIndex(1)
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
    qtbot.waitUntil(lambda: dialog.plan is not None and bool(dialog.plan.rows), timeout=20_000)
    assert asked == [["第1列：日期", "第2列：做了什么事", "第3列：人数"]]
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
