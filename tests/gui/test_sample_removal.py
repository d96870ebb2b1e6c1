"""工具 → 删除全部示例数据: asked with the count, exactly the sample entries moved to the 回收站
as one step 撤销 takes back, not offered when there are none or the ledger is read-only."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMenu
from pytestqt.qtbot import QtBot

from tests.gui.conftest import MessageLog
from tests.gui.helpers import OpenWindow, open_area
from wenming_desktop.actions.sample import sample_entry_ids
from wenming_desktop.books.draft import EntryDraft
from wenming_desktop.books.query import EntryQuery
from wenming_desktop.gui.main_window import MainWindow
from wenming_desktop.ledger import Ledger

REAL_NAME = "职工篮球友谊赛"
AREA = "志愿服务"
CTRL = Qt.KeyboardModifier.ControlModifier


def add_real(ledger: Ledger) -> int:
    area = ledger.areas.by_name(AREA)
    draft = EntryDraft(area_id=area.id, date="2019-03-05", name=REAL_NAME, participants=30)
    return ledger.entries.add(draft).id


def open_tools_menu(qtbot: QtBot, window: MainWindow) -> QMenu:
    """Click 工具 in the menu bar, as the clerk does (the menu's items are brought up to
    date as it opens)."""
    bar, menu = window.ui.menubar, window.ui.menuTools
    qtbot.mouseClick(
        bar, Qt.MouseButton.LeftButton, pos=bar.actionGeometry(menu.menuAction()).center()
    )
    qtbot.waitUntil(menu.isVisible)
    return menu


def choose_remove_sample(qtbot: QtBot, window: MainWindow) -> None:
    """工具 → 删除全部示例数据, clicked."""
    menu = open_tools_menu(qtbot, window)
    action = window.ui.actionRemoveSample
    assert action.isEnabled(), action.text()
    qtbot.mouseClick(menu, Qt.MouseButton.LeftButton, pos=menu.actionGeometry(action).center())
    qtbot.waitUntil(lambda: not menu.isVisible())


def item_text(qtbot: QtBot, window: MainWindow) -> tuple[str, bool]:
    """What the menu item says and whether it can be chosen, the menu opened and closed."""
    menu = open_tools_menu(qtbot, window)
    action = window.ui.actionRemoveSample
    shown = action.text(), action.isEnabled()
    menu.close()
    return shown


def rows_shown(qtbot: QtBot, window: MainWindow) -> list[str]:
    """The names in the 志愿服务 tab, opened as the clerk would."""
    position = [tab.area.short_name for tab in window.area_tabs].index(AREA)
    model = open_area(qtbot, window, position).model
    return [model.index(row, 1).data() for row in range(model.rowCount())]


def in_trash(ledger: Ledger) -> int:
    return len(ledger.entries.rows(EntryQuery(in_trash=True)))


def test_removing_the_sample_moves_only_it_to_the_trash_in_one_undoable_step(
    qtbot: QtBot, sample_ledger: Ledger, message_log: MessageLog, open_window: OpenWindow
) -> None:
    real_id = add_real(sample_ledger)
    samples = sample_entry_ids(sample_ledger)
    window = open_window(sample_ledger)
    assert len(rows_shown(qtbot, window)) == 9
    assert item_text(qtbot, window) == ("删除全部示例数据（43 条）…", True)

    choose_remove_sample(qtbot, window)

    assert message_log.shown == [
        (
            "ask",
            "删除全部示例数据",
            "将把 43 条示例数据移到回收站，可以撤销。\n\n"
            "只移走标有“示例”的记录，本单位自己录入的记录不受影响。",
        )
    ]
    assert sample_entry_ids(sample_ledger) == [] and in_trash(sample_ledger) == 43
    assert [e.id for e in sample_ledger.entries.details(EntryQuery())] == [real_id]
    assert rows_shown(qtbot, window) == [REAL_NAME]  # the tab followed the change
    assert open_area(qtbot, window, 0).model.rowCount() == 0  # all six were samples
    assert window.statusBar().currentMessage() == (
        "已将 43 条示例数据移到回收站。按 Ctrl+Z 可撤销。"
    )
    assert window.ui.actionUndo.text() == "撤销删除 43 条示例数据"
    assert item_text(qtbot, window) == ("删除全部示例数据（没有示例数据）", False)

    table = window.current_tab().table
    qtbot.keyClick(table, Qt.Key.Key_Z, CTRL)

    assert sample_entry_ids(sample_ledger) == samples and in_trash(sample_ledger) == 0
    assert len(rows_shown(qtbot, window)) == 9
    assert window.ui.actionRedo.text() == "重做删除 43 条示例数据"
    assert item_text(qtbot, window) == ("删除全部示例数据（43 条）…", True)

    qtbot.keyClick(window.current_tab().table, Qt.Key.Key_Y, CTRL)
    assert sample_entry_ids(sample_ledger) == [] and rows_shown(qtbot, window) == [REAL_NAME]


def test_saying_no_removes_nothing(
    qtbot: QtBot, sample_ledger: Ledger, message_log: MessageLog, open_window: OpenWindow
) -> None:
    message_log.answer = False
    window = open_window(sample_ledger)

    choose_remove_sample(qtbot, window)

    assert [kind for kind, _title, _text in message_log.shown] == ["ask"]
    assert len(sample_entry_ids(sample_ledger)) == 43 and in_trash(sample_ledger) == 0
    assert not window.ui.actionUndo.isEnabled()


def test_not_offered_without_sample_data(
    qtbot: QtBot, ledger: Ledger, message_log: MessageLog, open_window: OpenWindow
) -> None:
    add_real(ledger)
    window = open_window(ledger)
    assert item_text(qtbot, window) == ("删除全部示例数据（没有示例数据）", False)
    assert message_log.shown == []


def test_not_offered_on_a_read_only_ledger(
    qtbot: QtBot, sample_ledger: Ledger, open_window: OpenWindow
) -> None:
    sample_ledger.close()
    ledger = Ledger.open(sample_ledger.folder.root, read_only="磁盘空间已满")
    try:
        window = open_window(ledger)
        assert item_text(qtbot, window) == ("删除全部示例数据", False)
        window.remove_sample()  # even if asked some other way: nothing happens
        assert len(sample_entry_ids(ledger)) == 43
        window.close()
    finally:
        ledger.close()
