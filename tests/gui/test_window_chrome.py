"""The window's chrome (issue 16): its size on small screens, a toolbar that keeps still,
a title that names the app once, a status bar that is never stale after undo, and
使用说明 from 帮助."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import QByteArray, QRect, QSettings, QSize, Qt, QUrl
from PySide6.QtGui import QGuiApplication, QImage, QTextDocument, QUndoCommand
from PySide6.QtWidgets import QApplication, QToolButton
from pytestqt.qtbot import QtBot

from tests.gui.conftest import MessageLog
from tests.gui.helpers import OpenWindow, click_toolbar
from wenming_desktop import APP_NAME
from wenming_desktop.gui import help as help_module
from wenming_desktop.gui import window_geometry
from wenming_desktop.gui.main_window import MainWindow
from wenming_desktop.ledger import Ledger

ROOT = Path(__file__).resolve().parents[2]
LAPTOP = QRect(0, 0, 1366, 728)  # a 1366 × 768 screen less the taskbar
SMALL = QRect(0, 0, 1024, 660)  # 1024 × 700 less the taskbar


# -- size and place -------------------------------------------------------------------
@pytest.mark.parametrize(
    ("room", "size"),
    [
        pytest.param(LAPTOP, QSize(1200, 688), id="1366x768"),
        pytest.param(SMALL, QSize(1008, 620), id="1024x700"),
        pytest.param(QRect(0, 0, 1920, 1040), QSize(1200, 760), id="1920x1080"),
        pytest.param(QRect(1920, 0, 1280, 984), QSize(1200, 760), id="second-screen"),
    ],
)
def test_the_window_and_its_frame_fit_the_screen(room: QRect, size: QSize) -> None:
    shape = window_geometry.fitted(room)
    assert shape.size() == size
    assert room.contains(shape.marginsAdded(window_geometry.FRAME_GUESS))


@pytest.mark.parametrize("room", [LAPTOP, SMALL], ids=["1366x768", "1024x700"])
def test_a_new_window_opens_inside_a_small_screen(
    qtbot: QtBot, ledger: Ledger, monkeypatch: pytest.MonkeyPatch, room: QRect
) -> None:
    monkeypatch.setattr(window_geometry, "available_geometry", lambda _widget=None: room)
    window = MainWindow(ledger)
    qtbot.addWidget(window)
    assert room.contains(QRect(window.pos(), window.size().grownBy(window_geometry.FRAME_GUESS))), (
        window.pos(),
        window.size(),
    )
    # what every tab needs fits too: nothing is cut off or squeezed below its minimum
    assert window.minimumSizeHint().width() <= window.width()
    assert window.minimumSizeHint().height() <= window.height()


def test_a_size_saved_on_a_larger_screen_is_not_restored(
    qtbot: QtBot, ledger: Ledger, data_dir: Path
) -> None:
    room = QGuiApplication.primaryScreen().availableGeometry()
    first = MainWindow(ledger)
    qtbot.addWidget(first)
    first.show()
    qtbot.waitExposed(first)
    first.close()
    # as if it had been closed on a screen twice as large as this one
    settings = QSettings(str(data_dir / "window.ini"), QSettings.Format.IniFormat)
    settings.setValue("main_window/frame", QRect(0, 0, room.width() * 2, room.height() * 2))
    settings.sync()

    second = MainWindow(ledger)
    qtbot.addWidget(second)
    second.show()
    qtbot.waitExposed(second)
    assert second.size() == window_geometry.fitted(room).size()
    assert room.contains(second.geometry())


def test_a_size_saved_before_frames_were_saved_is_checked_too(
    qtbot: QtBot, ledger: Ledger, data_dir: Path
) -> None:
    room = QGuiApplication.primaryScreen().availableGeometry()
    first = MainWindow(ledger)
    qtbot.addWidget(first)
    first.show()
    qtbot.waitExposed(first)
    first.setGeometry(QRect(0, 0, room.width() + 400, room.height() + 300))
    first.close()
    settings = QSettings(str(data_dir / "window.ini"), QSettings.Format.IniFormat)
    settings.remove("main_window/frame")  # a window.ini of an earlier version
    settings.sync()

    second = MainWindow(ledger)
    qtbot.addWidget(second)
    assert second.size() == window_geometry.fitted(room).size()


def test_a_remembered_window_is_remembered_with_its_frame(
    qtbot: QtBot, ledger: Ledger, data_dir: Path
) -> None:
    window = MainWindow(ledger)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.resize(700, 500)
    qtbot.waitUntil(lambda: window.size() == QSize(700, 500))
    window.close()
    settings = QSettings(str(data_dir / "window.ini"), QSettings.Format.IniFormat)
    frame = settings.value("main_window/frame")
    assert isinstance(frame, QRect) and frame.size() == window.frameGeometry().size()


# -- the toolbar --------------------------------------------------------------------------
def _toolbar_places(window: MainWindow) -> dict[str, QRect]:
    return {
        button.text(): button.geometry()
        for button in window.ui.toolBar.findChildren(QToolButton)
        if button.isVisible() and button.text()
    }


def test_undo_names_the_step_in_the_menu_and_tooltip_but_the_toolbar_keeps_still(
    qtbot: QtBot, sample_ledger: Ledger, open_window: OpenWindow
) -> None:
    window = open_window(sample_ledger)
    before = _toolbar_places(window)
    assert {"新增", "撤销", "重做", "回收站", "设置"} <= set(before)

    step = QUndoCommand("删除 8 条记录")
    window.undo_stack.push(step)
    QApplication.processEvents()

    undo = window.ui.actionUndo
    assert undo.text() == "撤销删除 8 条记录"  # the 编辑 menu
    assert undo.toolTip() == "撤销删除 8 条记录（Ctrl+Z）"
    assert window.ui.toolBar.widgetForAction(undo).text() == "撤销"
    assert _toolbar_places(window) == before  # 回收站 is where it was

    window.undo_stack.undo()
    QApplication.processEvents()
    assert window.ui.actionRedo.text() == "重做删除 8 条记录"
    assert window.ui.actionRedo.toolTip() == "重做删除 8 条记录（Ctrl+Y）"
    assert window.ui.actionUndo.toolTip() == "撤销上一步操作（Ctrl+Z）"
    assert _toolbar_places(window) == before


# -- the status bar ----------------------------------------------------------------------
def test_undo_replaces_what_the_status_bar_said(
    qtbot: QtBot, sample_ledger: Ledger, open_window: OpenWindow
) -> None:
    window = open_window(sample_ledger)
    tab = window.current_tab()
    tab.table.selectRow(0)
    window.delete_selected()
    assert "移到回收站" in window.statusBar().currentMessage()
    done = window.undo_stack.undoText()

    click_toolbar(qtbot, window, window.ui.actionUndo)
    assert window.statusBar().currentMessage() == f"已撤销：{done}"

    click_toolbar(qtbot, window, window.ui.actionRedo)
    assert window.statusBar().currentMessage() == f"已重做：{done}"

    window.undo_stack.undo()  # by another way than the window's: the old news goes
    assert window.statusBar().currentMessage() == ""


def test_a_notice_the_clerk_should_not_miss_outlives_an_undo(
    qtbot: QtBot, sample_ledger: Ledger, open_window: OpenWindow
) -> None:
    window = open_window(sample_ledger)
    window.undo_stack.push(QUndoCommand("删除 1 条记录"))
    window.tell("自动备份失败：U 盘已拔出。")
    click_toolbar(qtbot, window, window.ui.actionUndo)
    assert window.statusBar().currentMessage() == "自动备份失败：U 盘已拔出。"


# -- the title --------------------------------------------------------------------------
def test_the_title_names_the_unit_and_leaves_the_app_name_to_qt(
    qtbot: QtBot, ledger: Ledger, open_window: OpenWindow, configured_app: QApplication
) -> None:
    window = open_window(ledger)
    assert window.windowTitle() == "区总工会"
    assert APP_NAME not in window.windowTitle()
    assert configured_app.applicationDisplayName() == APP_NAME  # Qt adds it, once


# -- 使用说明 -----------------------------------------------------------------------------
HELP = help_module.help_page()
PAGE = HELP.read_text(encoding="utf-8")


def test_help_opens_from_the_help_menu_and_f1(
    qtbot: QtBot, ledger: Ledger, open_window: OpenWindow
) -> None:
    window = open_window(ledger)
    assert [a.text() for a in window.ui.menuHelp.actions() if a.text()] == ["使用说明", "关于"]
    qtbot.keyClick(window, Qt.Key.Key_F1)
    dialog = window.help_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.windowTitle() == "使用说明"
    text = dialog.browser.toPlainText()
    for heading in ("平时：记录每一项活动", "年度工作总结", "打印", "备份", "交换包", "测评"):
        assert heading in text
    assert "以后的版本" in text  # 测评: one line saying it is coming
    room = dialog.screen().availableGeometry()
    assert dialog.width() <= room.width() and dialog.height() <= room.height()

    dialog.close()
    window.ui.actionHelp.trigger()
    assert window.help_dialog is dialog and dialog.isVisible()  # one, shown again


def test_every_picture_of_the_help_exists_and_loads(qtbot: QtBot) -> None:
    sources = re.findall(r'<img[^>]*\ssrc="([^"]+)"', PAGE)
    assert len(sources) >= 8
    dialog = help_module.HelpDialog()
    qtbot.addWidget(dialog)
    for source in sources:
        path = HELP.parent / source
        assert path.is_file(), source
        loaded = dialog.browser.loadResource(QTextDocument.ResourceType.ImageResource, QUrl(source))
        assert isinstance(loaded, QByteArray), source  # what the browser itself finds
        assert not QImage.fromData(loaded).isNull(), source
    pictures = {path.name for path in (HELP.parent / "images").glob("*.png")}
    assert pictures == {Path(source).name for source in sources}  # none left unused


def test_the_help_links_only_to_its_own_sections() -> None:
    anchors = set(re.findall(r'<a name="([^"]+)"', PAGE))
    links = re.findall(r'<a href="([^"]+)"', PAGE)
    assert links
    for link in links:
        assert link.startswith("#") and link[1:] in anchors, link


def test_the_build_ships_the_help_and_the_translations() -> None:
    spec = (ROOT / "build.spec").read_text(encoding="utf-8")
    assert '(str(ROOT / "resources"), "resources")' in spec  # the whole folder is shipped
    for needed in re.findall(r'^\s+"(resources/[^"]+)",$', spec, re.MULTILINE):
        assert (ROOT / needed).is_file(), needed
    assert "resources/help/index.html" in spec
    assert "resources/translations/qt_supplement_zh_CN.qm" in spec


def test_about_still_answers(
    qtbot: QtBot, ledger: Ledger, open_window: OpenWindow, message_log: MessageLog
) -> None:
    window = open_window(ledger)
    window.ui.actionAbout.trigger()
    assert message_log.shown[-1][1] == f"关于{APP_NAME}"
