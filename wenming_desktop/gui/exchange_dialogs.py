"""交换包: carry a year's records to another PC, and merge one that came from elsewhere."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from wenming_desktop.errors import UserError
from wenming_desktop.gui import messages
from wenming_desktop.gui.progress import run_with_progress
from wenming_desktop.ledger import Ledger

ALL_YEARS = 0


def _failure(parent: QWidget, title: str):  # type: ignore[no-untyped-def]
    def show(error: Exception, _details: str) -> None:
        reason = str(error) if isinstance(error, UserError) else "处理时出错，详情已记入日志"
        messages.warn(parent, title, reason)

    return show


def _adapt(report):  # type: ignore[no-untyped-def]
    """The package core reports a Progress(done, total, text); the dialog wants three values."""
    return lambda update: report(update.done, update.total, update.text)


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
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        save = buttons.addButton("导出…", QDialogButtonBox.ButtonRole.AcceptRole)
        save.clicked.connect(self.choose_target)
        buttons.rejected.connect(self.reject)
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
        from wenming_desktop.exchange.package import write_package

        year = self.year()
        run_with_progress(
            self,
            "正在导出交换包",
            lambda report, cancelled: write_package(
                self._ledger, target, year=year, progress=_adapt(report), cancelled=cancelled
            ),
            lambda summary: (
                messages.inform(self, "导出交换包", f"{summary.describe()}\n{target}"),
                self.accept(),
            ),
        )


class ImportPackageDialog(QDialog):
    """Shows what merging a package would change; writes only after the clerk agrees."""

    def __init__(self, ledger: Ledger, plan, parent: QWidget | None = None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self.setWindowTitle("导入交换包")
        self.resize(640, 420)
        self._ledger = ledger
        self._plan = plan
        self.result_text = ""
        summary = QLabel(plan.describe())
        summary.setWordWrap(True)
        details = QPlainTextEdit()
        details.setReadOnly(True)
        lines = []
        for conflict in plan.conflicts:
            side = "交换包" if conflict.winner == "incoming" else "本机"
            lines.append(
                f"两边不同：{conflict.name}（{'、'.join(conflict.fields)}）→ 采用{side}较新的版本"
            )
        for refusal in plan.refusals:
            lines.append(f"不能导入：{refusal.name}：{refusal.reason}")
        details.setPlainText("\n".join(lines) or "没有冲突，也没有不能导入的记录。")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        self.import_button = buttons.addButton("导入", QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.clicked.connect(self.apply)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addWidget(details, 1)
        layout.addWidget(buttons)

    def apply(self) -> None:
        from wenming_desktop.exchange.package import apply_package

        self.import_button.setEnabled(False)

        def done(result) -> None:  # type: ignore[no-untyped-def]
            self.result_text = result.describe()
            messages.inform(self, "导入交换包", f"已导入：{self.result_text}")
            self.accept()

        def failed(error: Exception) -> None:
            self.import_button.setEnabled(True)
            _failure(self, "导入失败")(error, "")

        run_with_progress(
            self,
            "正在导入交换包",
            lambda report, cancelled: apply_package(
                self._ledger, self._plan, progress=_adapt(report), cancelled=cancelled
            ),
            done,
            failed,
        )


def import_package(ledger: Ledger, parent: QWidget, path: Path | None = None, on_done=None) -> None:  # type: ignore[no-untyped-def]
    """Pick a package, read it in the background, then show what it would change."""
    from wenming_desktop.exchange.package import read_package

    if path is None:
        name, _filter = QFileDialog.getOpenFileName(parent, "导入交换包", "", "交换包 (*.zip)")
        if not name:
            return
        path = Path(name)

    def show(plan) -> None:  # type: ignore[no-untyped-def]
        dialog = ImportPackageDialog(ledger, plan, parent)
        if dialog.exec() and on_done is not None:
            on_done()

    run_with_progress(
        parent,
        "正在读取交换包",
        lambda report, cancelled: read_package(
            path, ledger, progress=_adapt(report), cancelled=cancelled
        ),
        show,
        lambda error: _failure(parent, "无法导入")(error, ""),
    )
