"""备份与恢复: back up now, see the backups kept, restore one (after backing up today's data)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QStandardPaths,
    Qt,
    QUrl,
)
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from wenming_desktop.gui import messages
from wenming_desktop.gui.list_model import Index, ListTableModel
from wenming_desktop.gui.progress import run_with_progress
from wenming_desktop.ledger import Ledger
from wenming_desktop.safety.backup import BACKUP_DIR, Backup, BackupFolder, copy_database, verify


def verified_backups(folder: BackupFolder) -> list[Backup]:
    """Every backup with its entry count (-1 when it does not verify)."""
    checked = []
    for backup in folder.backups():
        try:
            entries = verify(backup.path)
        except Exception:
            entries = -1
        checked.append(Backup(backup.path, backup.taken_at, backup.size, entries))
    return checked


class BackupModel(ListTableModel):
    HEADERS = ("备份时间", "大小", "记录数")

    @property
    def backups(self) -> list[Backup]:
        return self.items

    def set_backups(self, backups: list[Backup]) -> None:
        self.set_items(backups)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role != Qt.ItemDataRole.DisplayRole:
            return None
        backup = self.backups[index.row()]
        if index.column() == 0:
            return f"{backup.taken_at:%Y-%m-%d %H:%M:%S}"
        if index.column() == 1:
            return f"{backup.size / 1024:,.0f} KB"
        return "已损坏，不能使用" if backup.entries < 0 else f"{backup.entries} 条"


class BackupDialog(QDialog):
    """``restore_from`` is set when the clerk chose a backup; the app then reopens on it."""

    def __init__(self, ledger: Ledger, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("备份与恢复")
        self.resize(560, 420)
        self._ledger = ledger
        self._folder = BackupFolder(ledger.folder.root / BACKUP_DIR)
        self.restore_from: Path | None = None
        self.model = BackupModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        hint = QLabel(
            "程序在启动、退出和运行中每 30 分钟（有改动时）自动备份。恢复前会先备份当前数据，"
            "恢复后程序会重新打开台账。"
        )
        hint.setWordWrap(True)
        self.backup_button = QPushButton("立即备份到文件…")
        self.restore_button = QPushButton("用所选备份恢复…")
        self.other_button = QPushButton("从其他备份文件恢复…")
        folder_button = QPushButton("打开备份文件夹")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("关闭")
        for button in (self.backup_button, self.restore_button, self.other_button, folder_button):
            buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.backup_button.clicked.connect(self.backup_to_file)
        self.restore_button.clicked.connect(self.restore_selected)
        self.other_button.clicked.connect(self.restore_other)
        folder_button.clicked.connect(
            lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(self._folder.root)))
        )
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.refresh()

    def refresh(self) -> None:
        run_with_progress(
            self,
            "正在核验备份",
            lambda _r, _c: verified_backups(self._folder),
            self.model.set_backups,
        )

    def backup_to_file(self) -> None:
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        name = f"台账备份-{dt.datetime.now():%Y%m%d-%H%M}.sqlite3"
        chosen, _filter = QFileDialog.getSaveFileName(
            self, "备份到文件", str(Path(folder) / name), "台账备份 (*.sqlite3)"
        )
        if chosen:
            self.backup_to(Path(chosen))

    def backup_to(self, target: Path) -> None:
        run_with_progress(
            self,
            "正在备份",
            lambda _r, _c: copy_database(self._ledger.folder.database, target),
            lambda entries: messages.inform(
                self, "备份与恢复", f"已备份 {entries} 条记录到：{target}（已核验）。"
            ),
        )

    def restore_selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            messages.warn(self, "备份与恢复", "请先在列表中选择一份备份。")
            return
        backup = self.model.backups[rows[0].row()]
        if backup.entries < 0:
            messages.warn(self, "备份与恢复", "这份备份已损坏，不能用来恢复，请选择其他备份。")
            return
        self.choose(backup.path, f"{backup.taken_at:%Y-%m-%d %H:%M}", backup.entries)

    def restore_other(self) -> None:
        chosen, _filter = QFileDialog.getOpenFileName(
            self, "选择备份文件", "", "台账备份 (*.sqlite3);;所有文件 (*)"
        )
        if not chosen:
            return
        try:
            entries = verify(Path(chosen))
        except Exception as error:
            messages.warn(self, "备份与恢复", str(error))
            return
        self.choose(Path(chosen), Path(chosen).name, entries)

    def choose(self, path: Path, label: str, entries: int) -> None:
        if messages.ask(
            self,
            "用备份恢复",
            f"将用备份（{label}，{entries} 条记录）替换当前数据。\n"
            "当前数据会先自动备份，之后程序将重新打开台账。确定吗？",
            default_yes=False,
        ):
            self.restore_from = path
            self.accept()
