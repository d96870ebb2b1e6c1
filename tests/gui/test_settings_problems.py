"""设置 with a problem on a page that is not showing: the dialog goes to that page and puts
the cursor in the field, and the message goes as soon as the field is right."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QTabBar
from pytestqt.qtbot import QtBot

from tests.gui.helpers import commit_text
from wenming_desktop.gui.settings_dialog import SettingsDialog
from wenming_desktop.ledger import Ledger

UNIT, AREAS, FONTS, BACKUP = range(4)


@pytest.fixture
def dialog(qtbot: QtBot, ledger: Ledger) -> SettingsDialog:
    shown = SettingsDialog(ledger)
    qtbot.addWidget(shown)
    shown.show()
    qtbot.waitExposed(shown)
    shown.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is shown)
    return shown


def open_page(qtbot: QtBot, dialog: SettingsDialog, index: int) -> None:
    """Click a page's tab, as the clerk does."""
    bar = dialog.pages.findChild(QTabBar)
    assert bar is not None
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(index).center())
    assert dialog.pages.currentIndex() == index


def click_save(qtbot: QtBot, dialog: SettingsDialog) -> None:
    buttons = dialog.findChild(QDialogButtonBox)
    assert buttons is not None
    save = buttons.button(QDialogButtonBox.StandardButton.Save)
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)


def test_an_empty_unit_name_seen_from_another_page_takes_the_clerk_to_it(
    qtbot: QtBot, dialog: SettingsDialog, ledger: Ledger
) -> None:
    qtbot.keyClick(dialog.unit_edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(dialog.unit_edit, Qt.Key.Key_Backspace)
    open_page(qtbot, dialog, BACKUP)
    click_save(qtbot, dialog)

    assert dialog.isVisible() and dialog.result() == 0
    assert dialog.pages.currentIndex() == UNIT
    assert QApplication.focusWidget() is dialog.unit_edit
    assert dialog.problem_label.isVisible()
    assert dialog.problem_label.text() == "请填写“单位名称”。"

    commit_text(dialog.unit_edit, "区总工会")
    assert dialog.problem_label.isHidden()  # right again: the message goes at once
    click_save(qtbot, dialog)
    assert dialog.result() == 1
    assert ledger.settings.load().unit_name == "区总工会"


def test_an_empty_area_name_seen_from_another_page_selects_its_cell(
    qtbot: QtBot, dialog: SettingsDialog, ledger: Ledger
) -> None:
    open_page(qtbot, dialog, AREAS)
    dialog.area_table.item(2, 0).setText("")  # as if the clerk cleared it with F2
    open_page(qtbot, dialog, UNIT)
    click_save(qtbot, dialog)

    assert dialog.pages.currentIndex() == AREAS
    assert QApplication.focusWidget() is dialog.area_table
    assert (dialog.area_table.currentRow(), dialog.area_table.currentColumn()) == (2, 0)
    assert dialog.problem_label.text() == "请填写“第3个板块的名称”。"

    dialog.area_table.item(2, 0).setText("宣传")
    assert dialog.problem_label.isHidden()


def test_a_problem_on_the_page_showing_is_shown_first(qtbot: QtBot, dialog: SettingsDialog) -> None:
    qtbot.keyClick(dialog.unit_edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(dialog.unit_edit, Qt.Key.Key_Backspace)
    open_page(qtbot, dialog, BACKUP)
    dialog.mirror_edit.setText("D:/" + "备" * 1000)
    click_save(qtbot, dialog)

    assert dialog.pages.currentIndex() == BACKUP
    assert QApplication.focusWidget() is dialog.mirror_edit
    assert dialog.problem_label.text().splitlines() == [
        "请填写“单位名称”。",
        "“备份位置”最多 1,000 个字，现在有 1,003 个字，请精简后再保存。",
    ]
