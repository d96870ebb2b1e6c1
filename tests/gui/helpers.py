"""Helpers shared by the GUI tests: act on the main window as the clerk does."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QInputMethodEvent
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from wenming_desktop.gui.area_tab import AreaTab
from wenming_desktop.gui.main_window import MainWindow
from wenming_desktop.ledger import Ledger

OpenWindow = Callable[[Ledger], MainWindow]


def commit_text(widget: QWidget, text: str) -> None:
    """Type Chinese as an input method does: a committed string, not key presses.

    (QTest's keyClicks cannot map CJK characters to keys and aborts.)
    """
    widget.setFocus()
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def open_area(qtbot: QtBot, window: MainWindow, position: int) -> AreaTab:
    """Click an area's tab, as the clerk does."""
    tab = window.area_tabs[position]
    bar = window.ui.tabs.tabBar()
    index = window.ui.tabs.indexOf(tab)
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(index).center())
    assert window.current_tab() is tab
    return tab


def area_tab_texts(window: MainWindow) -> list[str]:
    return [window.ui.tabs.tabText(window.ui.tabs.indexOf(tab)) for tab in window.area_tabs]


def click_toolbar(qtbot: QtBot, window: MainWindow, action: QAction) -> None:
    """Click the toolbar button of an action (新增, 回收站, 设置 …)."""
    button = window.ui.toolBar.widgetForAction(action)
    assert button is not None and button.isEnabled()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
