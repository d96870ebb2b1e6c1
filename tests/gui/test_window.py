"""The window as a whole: 设置, unexpected errors, remembered size, Chinese Qt buttons, first start.

``SettingsDialog`` and ``ErrorDialog`` are opened with ``exec()``, which would block; the
tests replace ``exec`` with a function that shows the dialog and acts as the clerk.
Area names are edited in the settings table as the clerk does: click the cell, F2, type
(Chinese arrives as an input-method commit), Enter.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QLocale, QSize, Qt
from PySide6.QtWidgets import (
    QApplication,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
)
from pytestqt.qtbot import QtBot

from tests.gui.conftest import MessageLog
from tests.gui.helpers import OpenWindow, area_tab_texts, click_toolbar, commit_text, open_area
from wenming_desktop import APP_NAME
from wenming_desktop.gui.entry_dialog import EntryDialog
from wenming_desktop.gui.error_dialog import ErrorDialog, ExceptionHook
from wenming_desktop.gui.main_window import MainWindow
from wenming_desktop.gui.settings_dialog import SettingsDialog
from wenming_desktop.ledger import Ledger

CJK = re.compile(r"[\u4e00-\u9fff]")
SAVE, CANCEL = QDialogButtonBox.StandardButton.Save, QDialogButtonBox.StandardButton.Cancel
DEFAULT_NAMES = ["组织领导", "理论学习", "宣传教育", "志愿服务", "法治建设", "环境建设"]


# -- 8. 设置 ----------------------------------------------------------------------------------
def drive_settings(
    monkeypatch: pytest.MonkeyPatch, step: Callable[[SettingsDialog], None]
) -> list[SettingsDialog]:
    opened: list[SettingsDialog] = []

    def exec_(self: SettingsDialog) -> int:
        opened.append(self)
        self.show()
        step(self)
        return self.result()

    monkeypatch.setattr(SettingsDialog, "exec", exec_)
    return opened


def settings_button(dialog: SettingsDialog, which: QDialogButtonBox.StandardButton) -> QPushButton:
    return dialog.findChild(QDialogButtonBox).button(which)


def rename_area(qtbot: QtBot, dialog: SettingsDialog, row: int, text: str) -> None:
    """Click the area's name, press F2, replace the text, press Enter."""
    table = dialog.area_table
    item = table.item(row, 0)
    qtbot.mouseClick(
        table.viewport(), Qt.MouseButton.LeftButton, pos=table.visualItemRect(item).center()
    )
    qtbot.keyClick(table, Qt.Key.Key_F2)
    editor = table.indexWidget(table.indexFromItem(item))
    assert isinstance(editor, QLineEdit)
    qtbot.keyClick(editor, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(editor, Qt.Key.Key_Backspace)
    if text:
        commit_text(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: table.item(row, 0).text() == text)


def test_renaming_an_area_changes_its_tab(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, sample_ledger: Ledger, open_window: OpenWindow
) -> None:
    window = open_window(sample_ledger)
    assert area_tab_texts(window) == DEFAULT_NAMES
    rows_before = window.area_tabs[0].model.rowCount()

    def rename(dialog: SettingsDialog) -> None:
        rename_area(qtbot, dialog, 0, "组织建设")
        qtbot.mouseClick(settings_button(dialog, SAVE), Qt.MouseButton.LeftButton)

    opened = drive_settings(monkeypatch, rename)
    click_toolbar(qtbot, window, window.ui.actionSettings)

    assert len(opened) == 1
    assert opened[0].result() == 1
    assert area_tab_texts(window) == ["组织建设", *DEFAULT_NAMES[1:]]
    assert [area.short_name for area in sample_ledger.areas.all()] == area_tab_texts(window)
    assert window.area_tabs[0].model.rowCount() == rows_before


@pytest.mark.parametrize(
    ("row", "new_name", "message"),
    [
        pytest.param(0, "", "请填写“第1个板块的名称”。", id="empty"),
        pytest.param(2, "   ", "请填写“第3个板块的名称”。", id="blank"),
        pytest.param(0, "理论学习", "板块名称不能重复：理论学习。", id="duplicate"),
        pytest.param(1, "理论学习和思想引领工作", "“第2个板块的名称”最多 10 个字", id="too-long"),
    ],
)
def test_bad_area_name_is_explained_and_nothing_is_saved(
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    sample_ledger: Ledger,
    open_window: OpenWindow,
    row: int,
    new_name: str,
    message: str,
) -> None:
    window = open_window(sample_ledger)
    seen: dict[str, object] = {}

    def try_bad_name(dialog: SettingsDialog) -> None:
        rename_area(qtbot, dialog, row, new_name)
        qtbot.mouseClick(settings_button(dialog, SAVE), Qt.MouseButton.LeftButton)
        seen["still_open"] = dialog.isVisible()
        seen["problem_visible"] = dialog.problem_label.isVisible()
        seen["problem"] = dialog.problem_label.text()
        qtbot.mouseClick(settings_button(dialog, CANCEL), Qt.MouseButton.LeftButton)

    opened = drive_settings(monkeypatch, try_bad_name)
    click_toolbar(qtbot, window, window.ui.actionSettings)

    assert seen["still_open"] is True
    assert seen["problem_visible"] is True
    assert message in str(seen["problem"])
    assert opened[0].result() == 0
    assert area_tab_texts(window) == DEFAULT_NAMES
    assert [area.short_name for area in sample_ledger.areas.all()] == DEFAULT_NAMES


def test_bad_unit_name_saves_no_area_rename_either(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, sample_ledger: Ledger, open_window: OpenWindow
) -> None:
    window = open_window(sample_ledger)
    seen: dict[str, str] = {}

    def rename_and_clear_unit(dialog: SettingsDialog) -> None:
        rename_area(qtbot, dialog, 0, "组织建设")
        qtbot.mouseClick(dialog.unit_edit, Qt.MouseButton.LeftButton)
        qtbot.keyClick(dialog.unit_edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        qtbot.keyClick(dialog.unit_edit, Qt.Key.Key_Backspace)
        qtbot.mouseClick(settings_button(dialog, SAVE), Qt.MouseButton.LeftButton)
        seen["problem"] = dialog.problem_label.text()
        qtbot.mouseClick(settings_button(dialog, CANCEL), Qt.MouseButton.LeftButton)

    drive_settings(monkeypatch, rename_and_clear_unit)
    click_toolbar(qtbot, window, window.ui.actionSettings)

    assert seen["problem"] == "请填写“单位名称”。"
    assert [area.short_name for area in sample_ledger.areas.all()] == DEFAULT_NAMES
    assert area_tab_texts(window) == DEFAULT_NAMES


def test_unit_name_shows_in_window_title(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, ledger: Ledger, open_window: OpenWindow
) -> None:
    window = open_window(ledger)
    # Qt adds the application's display name (… - 文明创建台账): the title never repeats it
    assert window.windowTitle() == "区总工会"

    def rename_unit(dialog: SettingsDialog) -> None:
        qtbot.mouseClick(dialog.unit_edit, Qt.MouseButton.LeftButton)
        qtbot.keyClick(dialog.unit_edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        commit_text(dialog.unit_edit, "某区教育局")
        qtbot.mouseClick(settings_button(dialog, SAVE), Qt.MouseButton.LeftButton)

    drive_settings(monkeypatch, rename_unit)
    click_toolbar(qtbot, window, window.ui.actionSettings)

    assert window.windowTitle() == "某区教育局"
    assert APP_NAME not in window.windowTitle()
    assert ledger.settings.load().unit_name == "某区教育局"


def test_trash_shows_the_new_area_name_after_a_rename(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, sample_ledger: Ledger, open_window: OpenWindow
) -> None:
    window = open_window(sample_ledger)
    tab = window.current_tab()
    tab.table.selectRow(0)
    qtbot.keyClick(tab.table, Qt.Key.Key_Delete)
    click_toolbar(qtbot, window, window.ui.actionTrash)
    assert window.trash_dialog.model.index(0, 1).data() == "组织领导"
    window.trash_dialog.close()

    def rename(dialog: SettingsDialog) -> None:
        rename_area(qtbot, dialog, 0, "组织建设")
        qtbot.mouseClick(settings_button(dialog, SAVE), Qt.MouseButton.LeftButton)

    drive_settings(monkeypatch, rename)
    click_toolbar(qtbot, window, window.ui.actionSettings)
    click_toolbar(qtbot, window, window.ui.actionTrash)

    assert window.trash_dialog.model.index(0, 1).data() == "组织建设"


# -- 11. unexpected errors --------------------------------------------------------------------
def _count_people(records: dict[str, int]) -> int:
    return records["参加人数"]


def test_unexpected_error_is_shown_logged_and_app_keeps_working(
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    sample_ledger: Ledger,
    open_window: OpenWindow,
    log_file: Path,
) -> None:
    window = open_window(sample_ledger)
    shown: list[dict[str, object]] = []

    def record(self: ErrorDialog) -> int:
        shown.append(
            {
                "title": self.windowTitle(),
                "details": self.details.toPlainText(),
                "read_only": self.details.isReadOnly(),
                "intro": " ".join(label.text() for label in self.findChildren(QLabel)),
                "parent": self.parent(),
            }
        )
        return 0

    monkeypatch.setattr(ErrorDialog, "exec", record)
    try:
        _count_people({"活动": 1})
    except KeyError as error:
        failure = (type(error), error, error.__traceback__)
    hook = ExceptionHook(log_file)

    hook(*failure)

    assert len(shown) == 1
    report = shown[0]
    assert report["title"] == "程序出错"
    assert report["read_only"] is True
    details = str(report["details"])
    assert details.startswith("Traceback (most recent call last):")
    assert "_count_people" in details
    assert "KeyError: '参加人数'" in details
    assert "程序可以继续使用" in str(report["intro"])
    assert str(log_file) in str(report["intro"])
    assert report["parent"] is window
    for handler in logging.getLogger().handlers:
        handler.flush()
    logged = log_file.read_text(encoding="utf-8")
    assert "ERROR" in logged
    assert "Unexpected error" in logged
    assert "KeyError: '参加人数'" in logged

    hook(*failure)  # a second error gets its own dialog too
    assert len(shown) == 2

    opened: list[EntryDialog] = []
    monkeypatch.setattr(EntryDialog, "exec", lambda self: opened.append(self) or 0)
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert len(opened) == 1
    assert window.current_tab().model.rowCount() == 6


# -- 12. window size ---------------------------------------------------------------------------
def test_window_size_is_remembered(qtbot: QtBot, ledger: Ledger, data_dir: Path) -> None:
    first = MainWindow(ledger)
    qtbot.addWidget(first)
    first.show()
    qtbot.waitExposed(first)
    assert first.size() != QSize(720, 520)
    first.resize(720, 520)
    qtbot.waitUntil(lambda: first.size() == QSize(720, 520))
    first.close()
    assert (data_dir / "window.ini").is_file()

    second = MainWindow(ledger)
    qtbot.addWidget(second)
    second.show()
    qtbot.waitExposed(second)

    assert second.size() == QSize(720, 520)
    second.close()


# -- 13. Qt's own buttons in Chinese -------------------------------------------------------------
def test_qt_standard_buttons_are_chinese_after_configuration(
    qtbot: QtBot, configured_app: QApplication
) -> None:
    assert QCoreApplication.translate("QPlatformTheme", "&Yes") == "是(&Y)"
    assert CJK.search(QCoreApplication.translate("QPlatformTheme", "&No"))

    box = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Cancel
        | QDialogButtonBox.StandardButton.Close
        | QDialogButtonBox.StandardButton.Ok
    )
    qtbot.addWidget(box)
    texts = {
        which: box.button(which).text()
        for which in (
            QDialogButtonBox.StandardButton.Cancel,
            QDialogButtonBox.StandardButton.Close,
            QDialogButtonBox.StandardButton.Ok,
        )
    }
    assert texts[QDialogButtonBox.StandardButton.Cancel] == "取消"
    assert texts[QDialogButtonBox.StandardButton.Close] == "关闭"
    assert CJK.search(texts[QDialogButtonBox.StandardButton.Ok])

    question = QMessageBox(QMessageBox.Icon.Question, "加载示例数据", "要加载示例数据吗？")
    question.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
    qtbot.addWidget(question)
    assert CJK.search(question.button(QMessageBox.StandardButton.Yes).text())
    assert CJK.search(question.button(QMessageBox.StandardButton.No).text())
    assert QLocale().language() == QLocale.Language.Chinese


# -- 15. first start --------------------------------------------------------------------------
def test_first_start_offers_sample_data_once(
    qtbot: QtBot, ledger: Ledger, message_log: MessageLog, open_window: OpenWindow
) -> None:
    window = open_window(ledger)
    assert sum(tab.model.rowCount() for tab in window.area_tabs) == 0

    window.offer_sample_on_first_start()

    assert [(kind, title) for kind, title, _text in message_log.shown] == [("ask", "加载示例数据")]
    assert "示例数据" in message_log.shown[0][2]
    # Hidden tabs read their rows when shown: count them as the clerk sees them, tab by tab.
    shown = [open_area(qtbot, window, n).model.rowCount() for n in range(len(window.area_tabs))]
    assert sum(shown) >= 30 and all(shown)
    open_area(qtbot, window, 0)
    assert all(tab.year_combo.currentText() == "2019年" for tab in window.area_tabs)
    assert window.statusBar().currentMessage() == "已加载示例数据 43 条。"
    assert window.totals_label.text().startswith("共 6 条记录")

    window.offer_sample_on_first_start()
    assert len(message_log.shown) == 1


def test_declined_sample_is_not_offered_again(
    qtbot: QtBot, ledger: Ledger, message_log: MessageLog, open_window: OpenWindow
) -> None:
    message_log.answer = False
    window = open_window(ledger)

    window.offer_sample_on_first_start()
    assert len(message_log.shown) == 1
    assert sum(tab.model.rowCount() for tab in window.area_tabs) == 0

    window.close()
    again = open_window(ledger)
    again.offer_sample_on_first_start()
    assert len(message_log.shown) == 1
    assert sum(tab.model.rowCount() for tab in again.area_tabs) == 0


def test_sample_menu_item_does_not_add_twice(
    qtbot: QtBot, sample_ledger: Ledger, message_log: MessageLog, open_window: OpenWindow
) -> None:
    window = open_window(sample_ledger)
    window.offer_sample_on_first_start()  # the ledger has entries: no question
    assert message_log.shown == []

    window.ui.actionLoadSample.trigger()

    assert [kind for kind, _title, _text in message_log.shown] == ["ask", "inform"]
    assert message_log.shown[1][2] == "示例数据已在台账中（43 条），未重复添加。"
    for tab in window.area_tabs:  # each tab reads its entries when shown
        window.ui.tabs.setCurrentWidget(tab)
    assert sum(tab.model.rowCount() for tab in window.area_tabs) == 43
