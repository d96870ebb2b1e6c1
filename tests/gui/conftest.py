"""GUI fixtures: message boxes answered by the test, never shown; main windows opened."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale, QTranslator
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from tests.gui.helpers import OpenWindow, commit_text, open_area
from wenming_desktop.gui import application, messages
from wenming_desktop.gui.main_window import MainWindow
from wenming_desktop.ledger import Ledger
from wenming_desktop.logs import current_log_file, setup_logging, stop_logging


@dataclass
class MessageLog:
    """What the app asked or told the clerk; ``answer`` is what ``ask`` returns."""

    answer: bool = True
    shown: list[tuple[str, str, str]] = field(default_factory=list)
    opened: list[Path] = field(default_factory=list)  # folders 打开文件夹 would show

    def texts(self) -> list[str]:
        return [text for _kind, _title, text in self.shown]


@pytest.fixture(autouse=True)
def message_log(monkeypatch: pytest.MonkeyPatch) -> Iterator[MessageLog]:
    log = MessageLog()

    def ask(_parent, title, text, **_kwargs):
        log.shown.append(("ask", title, text))
        return log.answer

    monkeypatch.setattr(messages, "ask", ask)
    monkeypatch.setattr(messages, "inform", lambda _p, t, x: log.shown.append(("inform", t, x)))
    monkeypatch.setattr(messages, "warn", lambda _p, t, x: log.shown.append(("warn", t, x)))
    monkeypatch.setattr(messages, "open_folder", lambda folder: log.opened.append(folder))
    yield log


@pytest.fixture
def log_file(data_dir: Path) -> Iterator[Path]:
    """The app's log file, set up as at start; taken down again afterwards."""
    root = logging.getLogger()
    level = root.level
    path = setup_logging(data_dir / "logs")
    yield path
    stop_logging()
    root.setLevel(level)
    assert current_log_file() is None


@pytest.fixture
def configured_app() -> Iterator[QApplication]:
    """Run configure_application (translations, style sheet), then undo what it did to the
    shared QApplication."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    before = set(app.findChildren(QTranslator))
    style_sheet, locale = app.styleSheet(), QLocale()
    application.configure_application(app)
    yield app
    for translator in set(app.findChildren(QTranslator)) - before:
        app.removeTranslator(translator)
        translator.deleteLater()
    app.setStyleSheet(style_sheet)
    QLocale.setDefault(locale)


@pytest.fixture
def ime() -> Callable[[QWidget, str], None]:
    """Type Chinese into a widget as an input method does (see ``helpers.commit_text``)."""
    return commit_text


@pytest.fixture
def open_window(qtbot: QtBot) -> Iterator[OpenWindow]:
    """Show a main window on a ledger and make it the active window (so shortcuts work)."""
    windows: list[MainWindow] = []

    def open_(ledger: Ledger) -> MainWindow:
        window = MainWindow(ledger)
        qtbot.addWidget(window)
        windows.append(window)
        window.show()
        qtbot.waitExposed(window)
        window.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
        open_area(qtbot, window, 0)
        return window

    yield open_
    for window in windows:
        window.close()
