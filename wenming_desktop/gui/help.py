"""帮助 → 使用说明: the year's work in the app, in Chinese with pictures of the real windows.

The text is ``resources/help/index.html`` and its pictures ``resources/help/images/*.png``
(made by ``scripts/help_screenshots.py``), shown in a QTextBrowser: no browser, no network,
and it stays open beside the window while the clerk works.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, QUrl
from PySide6.QtWidgets import QDialog, QLabel, QTextBrowser, QVBoxLayout, QWidget

from wenming_desktop.gui import window_geometry
from wenming_desktop.gui.dialog_buttons import Standard, dialog_buttons
from wenming_desktop.paths import asset_path

HELP_PAGE = ("resources", "help", "index.html")
#: Wide enough for the pictures at their own size (960 px) and the margins around them.
PREFERRED_SIZE = QSize(1010, 760)


def help_page() -> Path:
    """The 使用说明 page shipped with the app (FileNotFoundError when it is not)."""
    return asset_path(*HELP_PAGE)


class HelpDialog(QDialog):
    """使用说明: the page, its table of contents linked to its sections, and 关闭."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("使用说明")
        self.browser = QTextBrowser()
        self.browser.setOpenExternalLinks(False)  # the page links only to its own sections
        self.browser.document().setDocumentMargin(16)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 8)
        try:
            page = help_page()
        except FileNotFoundError:
            missing = QLabel("找不到使用说明文件（resources/help/index.html），请重新安装本软件。")
            missing.setWordWrap(True)
            missing.setContentsMargins(12, 12, 12, 12)
            layout.addWidget(missing)
            self.browser.hide()
        else:
            self.browser.setSearchPaths([str(page.parent)])
            self.browser.setSource(QUrl.fromLocalFile(str(page)))
        layout.addWidget(self.browser, 1)
        buttons = dialog_buttons(self, Standard.Close)
        buttons.setContentsMargins(8, 0, 8, 0)
        layout.addWidget(buttons)
        shape = window_geometry.fitted(window_geometry.available_geometry(parent), PREFERRED_SIZE)
        self.resize(shape.size())
