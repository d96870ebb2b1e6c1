"""交换包: carry a year's records to another PC, and merge one that came from elsewhere.

Exporting first looks for attachment files missing from the data folder and asks whether
to export without them. Importing shows what would change and, for each record both PCs
changed, lets the clerk choose which version to keep before anything is written."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QSize, QStandardPaths
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from wenming_desktop.gui import messages, operations, window_geometry
from wenming_desktop.gui.conflict_model import (
    CHOICE,
    FIELDS,
    INCOMING,
    LOCAL,
    NAME,
    SIDE_OF_COLUMN,
    ConflictModel,
)
from wenming_desktop.gui.dialog_buttons import Standard, dialog_buttons
from wenming_desktop.ledger import Ledger

if TYPE_CHECKING:
    from wenming_desktop.actions.packages import Merged
    from wenming_desktop.exchange.package import MergePlan, MissingAttachment, PackageSummary
    from wenming_desktop.gui.events import LedgerEvents

ALL_YEARS = 0
_MISSING_SHOWN = 10  # in a question; the package and the result list every one


def _fit_to_screen(widget: QWidget, width: int, height: int) -> None:
    """``width`` × ``height``, or less on a small screen (1366×768 leaves ~1366×728)."""
    room = window_geometry.available_geometry(widget)
    widget.resize(window_geometry.fitted(room, QSize(width, height)).size())


def missing_question(missing: list[MissingAttachment]) -> str:
    from wenming_desktop.exchange.package import describe_missing

    what = "找不到或已损坏" if any(item.changed for item in missing) else "找不到"
    return (
        f"有 {len(missing)} 个附件文件在数据文件夹中{what}：\n"
        f"{describe_missing(missing, _MISSING_SHOWN, separator=chr(10))}。\n\n"
        "仍然导出吗？缺少的附件会在交换包中列出。"
    )


class ExportPackageDialog(QDialog):
    """Choose a year (or all) and write the package."""

    def __init__(self, ledger: Ledger, year: int | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("导出交换包")
        self._ledger = ledger
        self.year_combo = QComboBox()
        for each in ledger.entries.years():
            self.year_combo.addItem(f"{each}年", each)
        self.year_combo.addItem("全部记录", ALL_YEARS)
        self.year_combo.setCurrentIndex(max(self.year_combo.findData(year or ALL_YEARS), 0))
        hint = QLabel(
            "交换包（.zip）包含所选记录及其附件。在另一台电脑上用“导入交换包”合并："
            "同一条记录以较晚修改的为准，重复导入不会重复添加。"
        )
        hint.setWordWrap(True)
        form = QFormLayout()
        form.addRow("范围", self.year_combo)
        buttons = dialog_buttons(self, Standard.Cancel)
        save = buttons.addButton("导出…", QDialogButtonBox.ButtonRole.AcceptRole)
        save.clicked.connect(self.choose_target)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def year(self) -> int | None:
        return self.year_combo.currentData() or None

    def choose_target(self) -> None:
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        year = self.year()
        stamp = dt.date.today().strftime("%Y%m%d")
        suggested = Path(folder) / f"交换包-{year or '全部'}-{stamp}.zip"
        name, _filter = QFileDialog.getSaveFileName(
            self, "导出交换包", str(suggested), "交换包 (*.zip)"
        )
        if name:
            target = Path(name)
            self.export_to(
                target if target.suffix.lower() == ".zip" else target.with_suffix(".zip")
            )

    def export_to(self, target: Path) -> None:
        """Look for missing attachment files first; ask before exporting without them."""
        from wenming_desktop.actions.packages import files_missing

        year, ledger = self.year(), self._ledger
        operations.run(
            self,
            "检查附件",
            lambda _steps: files_missing(ledger, year=year),
            lambda missing: self._write(target, year, missing),
            progress=True,
        )

    def _write(self, target: Path, year: int | None, missing: list[MissingAttachment]) -> None:
        from wenming_desktop.actions.packages import export_package

        if missing and not messages.ask(
            self, "导出交换包", missing_question(missing), default_yes=False
        ):
            return
        # A file found changed only while packing is left out too, and listed at the end.
        ledger = self._ledger

        def done(summary: PackageSummary) -> None:
            # The work is done: the dialog closes, and the news (with 打开文件夹) follows.
            self.accept()
            text = f"{summary.describe()}\n\n交换包：{target}"
            messages.saved(self.parentWidget(), "导出交换包", text, target)

        operations.run(
            self,
            "导出交换包",
            partial(export_package, ledger, target, year, leave_out_missing=True),  # asked
            done,
            progress=True,
        )


class ImportPackageDialog(QDialog):
    """Shows what merging a package would change and, for each record both PCs changed,
    which version will be kept; writes only after the clerk agrees."""

    def __init__(
        self,
        ledger: Ledger,
        plan: MergePlan,
        parent: QWidget | None = None,
        *,
        events: LedgerEvents | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("导入交换包")
        self._ledger = ledger
        self._plan = plan
        self._events = events  # told what the merge changed
        self.result_text = ""
        conflicts = plan.conflicts
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.model = ConflictModel(conflicts, self)
        self.table = self._conflict_table()
        self.table.clicked.connect(self._clicked)
        self.all_local = QPushButton("全部用本机")
        self.all_incoming = QPushButton("全部用对方")
        self.all_local.clicked.connect(lambda: self.model.set_all("local"))
        self.all_incoming.clicked.connect(lambda: self.model.set_all("incoming"))
        self.choice_summary = QLabel()
        self.choice_summary.setWordWrap(True)
        self.model.choices_changed.connect(self._show_choices)
        details = QPlainTextEdit()
        details.setReadOnly(True)
        details.setPlainText("\n".join(self._detail_lines()))
        buttons = dialog_buttons(self, Standard.Cancel)
        self.import_button = buttons.addButton("导入", QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.clicked.connect(self.apply)

        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        if conflicts:
            intro = QLabel(
                f"两台电脑都改过的记录 {len(conflicts)} 条。请逐条点选要保留的版本"
                "（默认保留较晚修改的一边），未选中的版本不会保留："
            )
            intro.setWordWrap(True)
            layout.addWidget(intro)
            layout.addWidget(self.table, 1)
            row = QHBoxLayout()
            row.addWidget(self.all_local)
            row.addWidget(self.all_incoming)
            row.addWidget(self.choice_summary, 1)
            layout.addLayout(row)
        else:
            self.table.hide()
            layout.addWidget(QLabel("没有两台电脑都改过的记录。"))
        if details.toPlainText():
            if conflicts:  # the table needs the room; the box scrolls
                lines = details.toPlainText().count("\n") + 1
                spacing = details.fontMetrics().lineSpacing()
                details.setMaximumHeight(min(6, lines) * spacing + 16)
            layout.addWidget(details, 0 if conflicts else 1)
        else:
            details.hide()
            if not conflicts:  # else the table takes the room
                layout.addStretch(1)
        layout.addWidget(buttons)
        if conflicts:
            _fit_to_screen(self, 1180, 720)
        else:
            _fit_to_screen(self, 640, 360)
        self.import_button.setDefault(True)
        self.import_button.setFocus()
        self._show_choices()

    def _conflict_table(self) -> QTableView:
        table = QTableView()
        table.setModel(self.model)
        table.setWordWrap(True)
        table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        table.verticalHeader().hide()
        table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        for column in (LOCAL, INCOMING):
            table.horizontalHeader().setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        for column, width in ((NAME, 200), (FIELDS, 120), (CHOICE, 110)):
            table.setColumnWidth(column, width)
        return table

    def _detail_lines(self) -> list[str]:
        lines = [f"不能导入：{r.name}：{r.reason}" for r in self._plan.refusals]
        missing = self._plan.missing_attachments
        if missing:
            lines.append(f"对方电脑上缺少的附件 {len(missing)} 个（记录照常导入，不含这些文件）：")
            lines.extend(f"  {item.describe()}" for item in missing)
        return lines

    def _clicked(self, index: QModelIndex) -> None:
        side = SIDE_OF_COLUMN.get(index.column())
        if side is not None:
            self.model.set_choice(index.row(), side)

    def _show_choices(self) -> None:
        self.summary.setText(self._plan.describe(self.model.choices()))
        if not self.model.rowCount():
            return
        text = (
            f"采用本机 {self.model.count('local')} 条，采用对方 {self.model.count('incoming')} 条"
        )
        older = self.model.older_kept()
        if older:
            text += f"；其中 {older} 条保留的是较早修改的版本"
        self.choice_summary.setText(text + "。")

    def apply(self) -> None:
        from wenming_desktop.actions.packages import merge_package

        self.import_button.setEnabled(False)
        ledger, plan, choices = self._ledger, self._plan, self.model.choices()

        def done(merged: Merged) -> None:
            self.result_text = merged.result.describe()
            self.accept()  # done: the dialog closes, and the news follows
            messages.inform(self.parentWidget(), "导入交换包", f"已导入：{self.result_text}")

        operations.run(
            self,
            "导入交换包",
            partial(merge_package, ledger, plan, choices),
            done,
            progress=True,
            events=self._events,
            changed=lambda merged: merged.changed,
            on_failure=lambda _error, _reason: self.import_button.setEnabled(True),
            on_cancelled=lambda: self.import_button.setEnabled(True),
        )


def import_package(
    ledger: Ledger,
    parent: QWidget,
    path: Path | None = None,
    *,
    events: LedgerEvents | None = None,
    on_done: Callable[[], None] | None = None,
) -> None:
    """Pick a package, read it in the background, then show what it would change; once
    merged, ``events`` are told what changed and ``on_done()`` is called."""
    from wenming_desktop.actions.packages import read_incoming

    if path is None:
        name, _filter = QFileDialog.getOpenFileName(parent, "导入交换包", "", "交换包 (*.zip)")
        if not name:
            return
        path = Path(name)

    def show(plan: MergePlan) -> None:
        dialog = ImportPackageDialog(ledger, plan, parent, events=events)
        if dialog.exec() and on_done is not None:
            on_done()

    operations.run(
        parent,
        "读取交换包",
        partial(read_incoming, ledger, path),
        show,
        progress=True,
        failure_title="无法导入",
    )
