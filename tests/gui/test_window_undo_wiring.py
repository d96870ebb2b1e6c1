"""The window makes a new record, an edit and an Excel import one undoable step each, and
opens 在全部板块中查找 with Ctrl+Shift+F — through its own menus and dialogs."""

from __future__ import annotations

import pytest
from openpyxl import Workbook
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tests.gui.helpers import OpenWindow
from tests.gui.test_entry_flow import (
    NAME_COLUMN,
    click_save,
    column_texts,
    drive_entry_dialog,
    replace_text,
    type_text,
)
from wenming_desktop.books.query import EntryQuery
from wenming_desktop.gui.entry_dialog import EntryDialog
from wenming_desktop.ledger import Ledger

CTRL = Qt.KeyboardModifier.ControlModifier


def test_a_new_record_and_an_edit_made_in_the_window_are_undone(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, sample_ledger: Ledger, open_window: OpenWindow
) -> None:
    window = open_window(sample_ledger)

    def new(dialog: EntryDialog) -> None:
        replace_text(qtbot, dialog.ui.dateEdit, "12月20日")
        type_text(qtbot, dialog.ui.nameEdit, "召开年度总结会")
        click_save(qtbot, dialog)

    def edit(dialog: EntryDialog) -> None:
        replace_text(qtbot, dialog.ui.nameEdit, "召开年度总结表彰会")
        click_save(qtbot, dialog)

    drive_entry_dialog(monkeypatch, new, edit)
    qtbot.keyClick(window, Qt.Key.Key_N, CTRL)
    assert window.ui.actionUndo.toolTip().startswith("撤销新增记录")
    window.edit_selected()
    assert "召开年度总结表彰会" in column_texts(window, NAME_COLUMN)
    assert window.undo_stack.undoText().startswith("修改")

    window.undo()
    assert "召开年度总结会" in column_texts(window, NAME_COLUMN)
    window.undo()
    names = column_texts(window, NAME_COLUMN)
    assert "召开年度总结会" not in names and "召开年度总结表彰会" not in names
    window.redo()
    assert "召开年度总结会" in column_texts(window, NAME_COLUMN)


def test_an_excel_import_in_the_window_is_one_undoable_step(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, sample_ledger: Ledger, open_window, tmp_path
) -> None:
    from PySide6.QtWidgets import QFileDialog

    from wenming_desktop.gui.excel_dialogs import ImportExcelDialog

    book = Workbook()
    sheet = book.active
    sheet.title = "志愿服务台账"
    sheet.append(["日期", "活动名称", "地点", "参加人数"])
    sheet.append(["2019/3/5", "导入：学雷锋志愿服务", "华天社区", "30人"])
    sheet.append(["2019年4月12日", "导入：植树", "公园", 50])
    path = tmp_path / "台账.xlsx"
    book.save(path)
    window = open_window(sample_ledger)
    before = sample_ledger.entries.totals(EntryQuery()).count
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_a, **_k: (str(path), ""))

    def accept(dialog: ImportExcelDialog) -> int:
        dialog.show()
        qtbot.waitUntil(lambda: dialog.import_button.isEnabled(), timeout=20_000)
        dialog.import_button.click()
        qtbot.waitUntil(lambda: dialog.result() != 0, timeout=20_000)
        return dialog.result()

    monkeypatch.setattr(ImportExcelDialog, "exec", accept)
    window.import_excel()
    assert sample_ledger.entries.totals(EntryQuery()).count == before + 2
    assert window.undo_stack.undoText() == "导入 2 条记录"
    window.undo()
    assert sample_ledger.entries.totals(EntryQuery()).count == before


def test_ctrl_shift_f_opens_the_search_of_every_area(
    qtbot: QtBot, sample_ledger: Ledger, open_window: OpenWindow
) -> None:
    window = open_window(sample_ledger)
    tab = window.current_tab()
    assert tab is not None
    qtbot.keyClick(tab.table, Qt.Key.Key_F, CTRL | Qt.KeyboardModifier.ShiftModifier)
    dialog = window.all_areas_search
    assert dialog is not None and dialog.isVisible()
    assert "在全部板块中查找…" in [action.text() for action in window.ui.menuEdit.actions()]
