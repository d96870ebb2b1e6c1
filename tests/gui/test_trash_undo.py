"""Deleting to the 回收站, undo/redo with the keyboard, and restoring from the 回收站.

The window is shown and activated so that its shortcuts (Del, Ctrl+Z, Ctrl+Y) fire as
they do for the clerk; the offscreen platform delivers them once the window is active.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tests.gui.helpers import OpenWindow, click_toolbar, open_area
from wenming_desktop.books.query import EntryQuery
from wenming_desktop.gui.area_tab import EntryTableView
from wenming_desktop.ledger import Ledger

NAME_COLUMN = 1
TRASH_AREA_COLUMN, TRASH_NAME_COLUMN = 1, 3
CTRL = Qt.KeyboardModifier.ControlModifier


def names(table: EntryTableView, column: int = NAME_COLUMN) -> list[str]:
    model = table.model()
    return [model.index(row, column).data() for row in range(model.rowCount())]


def click_row(
    qtbot: QtBot,
    table: EntryTableView,
    row: int,
    modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier,
) -> None:
    rect = table.visualRect(table.model().index(row, NAME_COLUMN))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, modifier, rect.center())


def trash_ids(ledger: Ledger) -> list[int]:
    return [row.id for row in ledger.entries.rows(EntryQuery(in_trash=True))]


# -- 4. delete, undo, redo ----------------------------------------------------------------
def test_del_key_moves_row_to_trash_and_ctrl_z_ctrl_y_undo_and_redo(
    qtbot: QtBot, sample_ledger: Ledger, open_window: OpenWindow
) -> None:
    window = open_window(sample_ledger)
    tab = window.current_tab()
    table = tab.table
    before = names(table)
    assert len(before) == 6
    assert window.totals_label.text() == "共 6 条记录，参加 64 人次"
    assert window.ui.actionUndo.text() == "撤销"
    assert not window.ui.actionDelete.isEnabled()

    click_row(qtbot, table, 2)
    entry_id = tab.model.entry_id(2)
    assert window.ui.actionDelete.isEnabled()
    qtbot.keyClick(table, Qt.Key.Key_Delete)

    assert names(table) == before[:2] + before[3:]
    assert trash_ids(sample_ledger) == [entry_id]
    assert window.totals_label.text() == "共 5 条记录，参加 38 人次"
    assert window.statusBar().currentMessage() == "已将 1 条记录移到回收站。按 Ctrl+Z 可撤销。"
    assert window.ui.actionUndo.isEnabled()
    assert window.ui.actionUndo.text() == "撤销删除记录"

    qtbot.keyClick(table, Qt.Key.Key_Z, CTRL)

    assert names(table) == before
    assert trash_ids(sample_ledger) == []
    assert window.totals_label.text() == "共 6 条记录，参加 64 人次"
    assert window.ui.actionUndo.text() == "撤销"
    assert not window.ui.actionUndo.isEnabled()
    assert window.ui.actionRedo.text() == "重做删除记录"

    qtbot.keyClick(table, Qt.Key.Key_Y, CTRL)

    assert names(table) == before[:2] + before[3:]
    assert trash_ids(sample_ledger) == [entry_id]
    assert window.ui.actionUndo.text() == "撤销删除记录"
    assert window.ui.actionRedo.text() == "重做"


def test_deleting_several_rows_is_one_undo_step(
    qtbot: QtBot, sample_ledger: Ledger, open_window: OpenWindow
) -> None:
    window = open_window(sample_ledger)
    table = window.current_tab().table
    before = names(table)

    click_row(qtbot, table, 0)
    click_row(qtbot, table, 4, CTRL)
    qtbot.keyClick(table, Qt.Key.Key_Delete)

    assert names(table) == before[1:4] + before[5:]
    assert window.ui.actionUndo.text() == "撤销删除 2 条记录"
    assert window.statusBar().currentMessage().startswith("已将 2 条记录移到回收站")

    qtbot.keyClick(table, Qt.Key.Key_Z, CTRL)
    assert names(table) == before


def test_del_key_in_search_box_edits_the_text_and_deletes_nothing(
    qtbot: QtBot, sample_ledger: Ledger, open_window: OpenWindow
) -> None:
    window = open_window(sample_ledger)
    tab = window.current_tab()
    before = names(tab.table)
    click_row(qtbot, tab.table, 0)
    tab.search_edit.setFocus()
    qtbot.keyClicks(tab.search_edit, "2019")
    qtbot.keyClick(tab.search_edit, Qt.Key.Key_Home)
    qtbot.keyClick(tab.search_edit, Qt.Key.Key_Delete)

    assert tab.search_edit.text() == "019"
    assert trash_ids(sample_ledger) == []
    tab.search_edit.clear()
    qtbot.waitUntil(lambda: names(tab.table) == before)


# -- 5. the 回收站 -------------------------------------------------------------------------
@pytest.mark.parametrize("how", ["restore-button", "enter"])
def test_trash_lists_deleted_entry_with_area_and_restores_it(
    qtbot: QtBot, sample_ledger: Ledger, open_window: OpenWindow, how: str
) -> None:
    window = open_window(sample_ledger)
    open_area(qtbot, window, 4)  # 法治建设
    table = window.current_tab().table
    before = names(table)
    click_row(qtbot, table, 1)
    qtbot.keyClick(table, Qt.Key.Key_Delete)
    assert before[1] not in names(table)

    click_toolbar(qtbot, window, window.ui.actionTrash)
    trash = window.trash_dialog
    assert trash is not None and trash.isVisible()
    qtbot.waitExposed(trash)
    assert trash.windowTitle() == "回收站"
    assert names(trash.table, TRASH_AREA_COLUMN) == ["法治建设"]
    assert names(trash.table, TRASH_NAME_COLUMN) == [before[1]]
    assert trash.summary.text() == "回收站中共 1 条记录"
    assert not trash.restore_button.isEnabled()

    click_row(qtbot, trash.table, 0)
    assert trash.restore_button.isEnabled()
    if how == "enter":
        qtbot.keyClick(trash.table, Qt.Key.Key_Return)
    else:
        qtbot.mouseClick(trash.restore_button, Qt.MouseButton.LeftButton)

    assert trash.model.rowCount() == 0
    assert trash.summary.text() == "回收站是空的"
    assert names(table) == before
    assert trash_ids(sample_ledger) == []
    assert window.statusBar().currentMessage() == "已恢复 1 条记录。"
    assert window.ui.actionUndo.text() == "撤销恢复记录"

    # The 回收站 is the active window, so Ctrl+Z would go to it: click 撤销 on the toolbar.
    undo_button = window.ui.toolBar.widgetForAction(window.ui.actionUndo)
    qtbot.mouseClick(undo_button, Qt.MouseButton.LeftButton)
    assert names(trash.table, TRASH_NAME_COLUMN) == [before[1]]
    assert before[1] not in names(table)


def test_trash_is_empty_and_restore_disabled_when_nothing_deleted(
    qtbot: QtBot, sample_ledger: Ledger, open_window: OpenWindow
) -> None:
    window = open_window(sample_ledger)
    window.show_trash()
    trash = window.trash_dialog
    assert trash is not None
    assert trash.model.rowCount() == 0
    assert trash.summary.text() == "回收站是空的"
    assert not trash.restore_button.isEnabled()
    qtbot.mouseClick(trash.restore_button, Qt.MouseButton.LeftButton)
    assert window.undo_stack.count() == 0


# -- 彻底删除 and 清空回收站 ------------------------------------------------------------------
def open_trash_with(qtbot: QtBot, window, rows: list[int]):
    """Delete these rows of the current tab (Del), then open the 回收站."""
    table = window.current_tab().table
    for number, row in enumerate(rows):
        click_row(qtbot, table, row, CTRL if number else Qt.KeyboardModifier.NoModifier)
    qtbot.keyClick(table, Qt.Key.Key_Delete)
    click_toolbar(qtbot, window, window.ui.actionTrash)
    trash = window.trash_dialog
    assert trash is not None
    qtbot.waitExposed(trash)
    return trash


def test_purge_asks_first_then_deletes_the_selected_for_good(
    qtbot: QtBot, sample_ledger: Ledger, open_window: OpenWindow, message_log
) -> None:
    window = open_window(sample_ledger)
    table = window.current_tab().table
    deleted = [table.model().entry_id(row) for row in (0, 2, 4)]
    trash = open_trash_with(qtbot, window, [0, 2, 4])
    assert trash.model.rowCount() == 3
    assert not trash.purge_button.isEnabled() and trash.empty_button.isEnabled()
    click_row(qtbot, trash.table, 0)
    click_row(qtbot, trash.table, 1, CTRL)
    chosen = [trash.model.entry_id(row) for row in (0, 1)]
    assert trash.purge_button.isEnabled()

    message_log.answer = False  # 否: nothing happens
    qtbot.mouseClick(trash.purge_button, Qt.MouseButton.LeftButton)
    kind, title, text = message_log.shown[-1]
    assert (kind, title) == ("ask", "彻底删除")
    assert "选中的 2 条记录" in text and "无法恢复，也不能撤销" in text
    assert sorted(trash_ids(sample_ledger)) == sorted(deleted)

    message_log.answer = True
    qtbot.mouseClick(trash.purge_button, Qt.MouseButton.LeftButton)

    assert sample_ledger.entries.existing(chosen) == set()
    assert trash.model.rowCount() == 1
    assert trash.summary.text() == "已彻底删除 2 条记录。回收站中共 1 条记录"
    # The step that sent them here cannot bring them back any more.
    undo_button = window.ui.toolBar.widgetForAction(window.ui.actionUndo)
    qtbot.mouseClick(undo_button, Qt.MouseButton.LeftButton)
    assert window.undo_stack.command(0).notice == ""  # one of the three came back
    assert sample_ledger.entries.existing(deleted) == set(deleted) - set(chosen)
    assert trash.model.rowCount() == 0


def test_empty_trash_asks_with_the_count_then_deletes_every_entry_in_it(
    qtbot: QtBot, sample_ledger: Ledger, open_window: OpenWindow, message_log
) -> None:
    window = open_window(sample_ledger)
    live = sample_ledger.entries.totals(EntryQuery()).count
    trash = open_trash_with(qtbot, window, [1, 3])
    assert trash.summary.text() == "回收站中共 2 条记录"

    message_log.answer = False
    qtbot.mouseClick(trash.empty_button, Qt.MouseButton.LeftButton)
    kind, title, text = message_log.shown[-1]
    assert (kind, title) == ("ask", "清空回收站")
    assert "2 条记录将被彻底删除" in text and "无法恢复，也不能撤销" in text
    assert trash.model.rowCount() == 2

    message_log.answer = True
    qtbot.mouseClick(trash.empty_button, Qt.MouseButton.LeftButton)

    assert trash_ids(sample_ledger) == []
    assert trash.summary.text() == "已彻底删除 2 条记录。回收站是空的"
    assert not trash.empty_button.isEnabled() and not trash.purge_button.isEnabled()
    assert sample_ledger.entries.totals(EntryQuery()).count == live - 2
    undo_button = window.ui.toolBar.widgetForAction(window.ui.actionUndo)
    qtbot.mouseClick(undo_button, Qt.MouseButton.LeftButton)  # nothing left to restore
    assert window.undo_stack.command(0).notice == "记录已被彻底删除，无法撤销。"
    assert sample_ledger.entries.totals(EntryQuery()).count == live - 2
