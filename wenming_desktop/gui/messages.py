"""Message boxes in one place, so every question reads the same and tests can answer them."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox, QWidget

OPEN_FOLDER = "打开文件夹"


def ask(
    parent: QWidget | None,
    title: str,
    text: str,
    *,
    default_yes: bool = True,
    yes: str = "",
    no: str = "",
    information: bool = False,
) -> bool:
    """A question answered 是/否 — or by the buttons ``yes`` and ``no`` when given
    (``information``: an information icon, for news that offers a next step)."""
    if not (yes or no or information):
        buttons = QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No
        default = QMessageBox.StandardButton.Yes if default_yes else QMessageBox.StandardButton.No
        answer = QMessageBox.question(parent, title, text, buttons, default)
        return answer == QMessageBox.StandardButton.Yes
    kind = QMessageBox.Icon.Information if information else QMessageBox.Icon.Question
    box = QMessageBox(kind, title, text, QMessageBox.StandardButton.NoButton, parent)
    accept = box.addButton(yes or "是", QMessageBox.ButtonRole.YesRole)
    decline = box.addButton(no or "否", QMessageBox.ButtonRole.NoRole)
    box.setDefaultButton(accept if default_yes else decline)
    box.setEscapeButton(decline)
    box.exec()
    return box.clickedButton() is accept


def inform(parent: QWidget | None, title: str, text: str) -> None:
    QMessageBox.information(parent, title, text)


def warn(parent: QWidget | None, title: str, text: str) -> None:
    QMessageBox.warning(parent, title, text)


def saved(parent: QWidget | None, title: str, text: str, path: Path) -> None:
    """Say that ``path`` was written (``text``), offering to open the folder holding it."""
    if ask(parent, title, text, yes=OPEN_FOLDER, no="关闭", default_yes=False, information=True):
        open_folder(path.parent)


def open_folder(folder: Path) -> bool:
    """Show ``folder`` in the system's file manager (Explorer on Windows)."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))
