"""打印台账: choose year, area and kind (活动台账 / 活动记录表), then print, preview or export."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from wenming_desktop.actions.ledger_print import (
    LedgerChoice,
    export_ledger,
    ledger_pdf,
    print_warnings,
)
from wenming_desktop.books.records import Area
from wenming_desktop.gui import messages, operations
from wenming_desktop.gui.dialog_buttons import Standard, dialog_buttons
from wenming_desktop.ledger import Ledger
from wenming_desktop.work import Steps

ALL_AREAS = 0
T = TypeVar("T")


class LedgerDialog(QDialog):
    def __init__(
        self,
        ledger: Ledger,
        year: int | None = None,
        area_id: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("打印台账")
        self._ledger = ledger
        self.operation: operations.Operation | None = None  # the last one started
        self.year_combo = QComboBox()
        years = ledger.entries.years() or [dt.date.today().year]
        for each in years:
            self.year_combo.addItem(f"{each}年", each)
        self.year_combo.setCurrentIndex(max(self.year_combo.findData(year or years[0]), 0))
        self.area_combo = QComboBox()
        self.area_combo.addItem("全部板块", ALL_AREAS)
        for area in ledger.areas.all():
            self.area_combo.addItem(area.short_name, area.id)
        self.area_combo.setCurrentIndex(max(self.area_combo.findData(area_id or ALL_AREAS), 0))
        self.table_choice = QRadioButton("活动台账（横向表格，每个板块一张表）")
        self.sheets_choice = QRadioButton("活动记录表（每条记录一页，附照片）")
        self.table_choice.setChecked(True)

        form = QFormLayout()
        form.addRow("年份", self.year_combo)
        form.addRow("工作板块", self.area_combo)
        form.addRow("内容", self.table_choice)
        form.addRow("", self.sheets_choice)
        self.print_button = QPushButton("打印…")
        self.preview_button = QPushButton("打印预览…")
        self.export_button = QPushButton("导出 PDF…")
        buttons = dialog_buttons(self, Standard.Close)
        for button in (self.print_button, self.preview_button, self.export_button):
            buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
        self.print_button.clicked.connect(self.print_ledger)
        self.preview_button.clicked.connect(self.preview)
        self.export_button.clicked.connect(self.export)
        hint = QLabel("台账按 A4 纸打印，表头在每页重复，页脚为“第 X 页 共 Y 页”。")
        hint.setStyleSheet("color: #5b6673;")
        # Stand-in fonts and characters no font has, for the chosen year and area.
        self.notice = QLabel()
        self.notice.setWordWrap(True)
        self.notice.setMaximumWidth(520)
        self.notice.setStyleSheet(
            "background: #fff4ce; border: 1px solid #e0c060; padding: 6px; color: #5a4500;"
        )
        self.notice.hide()
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(self.notice)
        layout.addWidget(buttons)
        self.year_combo.currentIndexChanged.connect(self.check_printing)
        self.area_combo.currentIndexChanged.connect(self.check_printing)
        self.check_printing()

    # -- choices ------------------------------------------------------------------------
    def year(self) -> int:
        return int(self.year_combo.currentData())

    def area(self) -> Area | None:
        area_id = self.area_combo.currentData()
        return next((a for a in self._ledger.areas.all() if a.id == area_id), None)

    def sheets(self) -> bool:
        return self.sheets_choice.isChecked()

    def title(self) -> str:
        area = self.area()
        kind = "活动记录表" if self.sheets() else "活动台账"
        return f"{self.year()}年{area.short_name if area else ''}{kind}"

    def check_printing(self) -> None:
        """Say (in the background) what will not print as written: stand-in fonts, and the
        entries holding characters no font has."""
        choice = self.choice()
        ledger = self._ledger

        def show(notes: list[str]) -> None:
            if choice == self.choice():
                self.notice.setText("\n".join(notes))
                self.notice.setVisible(bool(notes))
                self.adjustSize()  # room for the notice; the form keeps its height

        operations.run(
            self, "检查打印内容", lambda: print_warnings(ledger, choice), show, tell=False
        )

    # -- work -----------------------------------------------------------------------------
    def choice(self) -> LedgerChoice:
        return LedgerChoice(self.year(), self.area(), self.sheets())

    def _run(self, work: Callable[[Steps], T], done: Callable[[T], object]) -> None:
        """``work(steps)`` behind a progress dialog with 取消."""
        self.operation = operations.run(self, f"生成{self.title()}", work, done, progress=True)

    def export(self) -> None:
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        name, _filter = QFileDialog.getSaveFileName(
            self, "导出 PDF", str(Path(folder) / f"{self.title()}.pdf"), "PDF 文件 (*.pdf)"
        )
        if name:
            target = Path(name)
            self.export_to(
                target if target.suffix.lower() == ".pdf" else target.with_suffix(".pdf")
            )

    def export_to(self, target: Path) -> None:
        self._run(
            partial(export_ledger, self._ledger, self.choice(), target),
            lambda pages: messages.saved(
                self, "已导出", f"已导出 {target}，共 {pages} 页。", target
            ),
        )

    def preview(self) -> None:
        from wenming_desktop.gui.printing import PrintPreviewDialog

        title = self.title()
        self._run(
            partial(ledger_pdf, self._ledger, self.choice()),
            lambda pdf: PrintPreviewDialog(pdf, title, self).exec(),
        )

    def print_ledger(self, done: Callable[[bool], None] | None = None) -> None:
        """The chosen ledger to the printer, through the same dialog as the preview's 打印…"""
        from wenming_desktop.gui.printing import print_pdf

        title = self.title()
        self._run(
            partial(ledger_pdf, self._ledger, self.choice()),
            lambda pdf: print_pdf(self, pdf, title, done),
        )
