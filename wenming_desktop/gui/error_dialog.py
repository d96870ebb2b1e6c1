"""Unexpected errors: logged, shown with copyable details, and the app keeps running."""

from __future__ import annotations

import logging
import sys
import traceback
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from wenming_desktop.gui.dialog_buttons import Standard, dialog_buttons

log = logging.getLogger(__name__)


class ErrorDialog(QDialog):
    def __init__(self, details: str, log_file: Path | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("程序出错")
        self.resize(640, 420)
        layout = QVBoxLayout(self)
        where = f"详细信息已记入日志：{log_file}" if log_file else ""
        intro = QLabel(
            "程序遇到了一个意外错误。您的数据已保存，程序可以继续使用。\n"
            f"如果问题反复出现，请把下面的信息复制给维护人员。{where}"
        )
        intro.setWordWrap(True)
        intro.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(intro)
        self.details = QPlainTextEdit(details)
        self.details.setReadOnly(True)
        layout.addWidget(self.details)
        buttons = dialog_buttons(self, Standard.Close)
        copy = buttons.addButton("复制详细信息", QDialogButtonBox.ButtonRole.ActionRole)
        copy.clicked.connect(lambda: QGuiApplication.clipboard().setText(details))
        layout.addWidget(buttons)


class ExceptionHook:
    """Installed as ``sys.excepthook`` while the GUI runs."""

    def __init__(self, log_file: Path | None) -> None:
        self.log_file = log_file
        self._showing = False

    def __call__(
        self, kind: type[BaseException], error: BaseException, tb: TracebackType | None
    ) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, error, tb)
            return
        log.error("Unexpected error", exc_info=(kind, error, tb))
        details = "".join(traceback.format_exception(kind, error, tb))
        if self._showing or QApplication.instance() is None:
            sys.stderr.write(details)
            return
        self._showing = True  # an error inside the dialog must not open another one
        try:
            ErrorDialog(details, self.log_file, QApplication.activeWindow()).exec()
        finally:
            self._showing = False
