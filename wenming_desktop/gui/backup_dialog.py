"""备份与恢复: back up now (here, or to a file to carry away), see the backups kept and
whether any has left this disk, restore one (after backing up today's data)."""

from __future__ import annotations

import datetime as dt
from functools import partial
from pathlib import Path
from typing import Any

from PySide6.QtCore import QStandardPaths, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFileDialog,
    QGridLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from wenming_desktop.gui import messages, operations
from wenming_desktop.gui.list_model import Index, ListTableModel
from wenming_desktop.ledger import Ledger
from wenming_desktop.safety.archive import WrittenBackup
from wenming_desktop.safety.backup import BACKUP_DIR, REASONS, Backup, BackupFolder
from wenming_desktop.safety.places import BackupRun, last_offsite, mirror_status

WARNING_STYLE = "background: #fff4ce; border: 1px solid #e0c060; padding: 6px; color: #5a4500;"
BACKUP_FILTER = "台账备份 (*.zip *.sqlite3);;所有文件 (*)"


def verified_backups(folder: BackupFolder) -> list[Backup]:
    """Every backup with its entry count (-1 when it does not verify) and what it lacks."""
    return [folder.check(backup) for backup in folder.backups()]


class BackupModel(ListTableModel):
    HEADERS = ("备份时间", "大小", "记录数", "附件")

    @property
    def backups(self) -> list[Backup]:
        return self.items

    def set_backups(self, backups: list[Backup]) -> None:
        self.set_items(backups)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        backup = self.backups[index.row()]
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 3 and backup.missing:
            return "备份时数据文件夹中已找不到：\n" + "\n".join(backup.missing[:20])
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if index.column() == 0:
            label = REASONS.get(backup.reason, "")
            return f"{backup.taken_at:%Y-%m-%d %H:%M:%S}" + (f"（{label}）" if label else "")
        if index.column() == 1:
            return f"{backup.size / 1024:,.0f} KB"
        if backup.entries < 0:
            return "已损坏，不能使用" if index.column() == 2 else ""
        if index.column() == 2:
            return f"{backup.entries} 条"
        if backup.missing:
            return f"{backup.attachments} 个，缺少 {len(backup.missing)} 个"
        return f"{backup.attachments} 个，齐全"


class BackupDialog(QDialog):
    """``restore_from`` is set when the clerk chose a backup; the app then reopens on it."""

    def __init__(self, ledger: Ledger, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("备份与恢复")
        self.resize(720, 480)
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
            "每份备份都包含全部记录和附件（照片、签到表等）。程序在启动、退出和运行中每 30 分钟"
            "（有改动时）自动备份；恢复前会先备份当前数据，恢复后程序会重新打开台账。"
        )
        hint.setWordWrap(True)
        self.place_label = QLabel()
        self.place_label.setWordWrap(True)
        self.place_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.backup_now_button = QPushButton("立即备份")
        self.backup_button = QPushButton("备份到文件（U 盘）…")
        self.restore_button = QPushButton("用所选备份恢复…")
        self.other_button = QPushButton("从备份文件恢复…")
        self.mirror_button = QPushButton("其他备份位置…")
        folder_button = QPushButton("打开备份文件夹")
        close = QPushButton("关闭")
        grid = QGridLayout()
        for column, button in enumerate((self.backup_now_button, self.backup_button)):
            grid.addWidget(button, 0, column)
        for column, button in enumerate((self.restore_button, self.other_button)):
            grid.addWidget(button, 1, column)
        grid.addWidget(self.mirror_button, 0, 2)
        grid.addWidget(folder_button, 1, 2)
        grid.setColumnStretch(3, 1)
        grid.addWidget(close, 1, 4)
        self.backup_now_button.clicked.connect(self.backup_now)
        self.backup_button.clicked.connect(self.backup_to_file)
        self.restore_button.clicked.connect(self.restore_selected)
        self.other_button.clicked.connect(self.restore_other)
        self.mirror_button.clicked.connect(self.choose_mirror)
        close.clicked.connect(self.reject)
        folder_button.clicked.connect(lambda: messages.open_folder(self._folder.root))
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addWidget(self.place_label)
        layout.addWidget(self.table, 1)
        layout.addLayout(grid)
        if ledger.read_only:
            for button in (
                self.backup_now_button,
                self.restore_button,
                self.other_button,
                self.mirror_button,
            ):
                button.setEnabled(False)
                button.setToolTip("台账以只读方式打开：只能备份到文件。")
        self.show_places()
        self.refresh()

    # -- where backups are -------------------------------------------------------
    def show_places(self) -> None:
        """The second place and when a backup last left this disk; a warning when none has."""
        setting = self._ledger.settings.load().backup_mirror
        status = mirror_status(self._ledger.folder, setting)
        last = last_offsite(self._ledger.folder)
        lines = [status.describe()]
        if last is not None:
            when, where = last
            lines.append(f"上次备份到其他位置：{when:%Y-%m-%d %H:%M}（{where}）")
        else:
            lines.append(
                "还没有备份离开过这块磁盘：请设置其他备份位置，或用“备份到文件”存到 U 盘。"
            )
        warn = status.warning or last is None or dt.datetime.now() - last[0] > dt.timedelta(days=30)
        self.place_label.setText("\n".join(lines))
        self.place_label.setStyleSheet(WARNING_STYLE if warn else "color: #2e6b34;")
        self.place_warning = warn

    def choose_mirror(self) -> None:
        current = self._ledger.settings.load().backup_mirror
        chosen = QFileDialog.getExistingDirectory(
            self, "选择其他备份位置（U 盘或另一块硬盘）", current
        )
        if not chosen:
            return
        self._ledger.settings.update(backup_mirror=chosen)
        self.show_places()
        self.backup_now()  # the second place gets its first backup at once

    # -- backing up ----------------------------------------------------------------
    def refresh(self) -> None:
        folder = self._folder
        operations.run(
            self,
            "核验备份",
            lambda _steps: verified_backups(folder),
            self.model.set_backups,
            progress=True,
        )

    def backup_now(self) -> None:
        from wenming_desktop.actions.backup import back_up_now

        ledger = self._ledger

        def done(run: BackupRun) -> None:
            messages.inform(self, "备份与恢复", run.describe())
            self.show_places()
            self.refresh()

        operations.run(self, "备份", lambda _steps: back_up_now(ledger), done, progress=True)

    def backup_to_file(self) -> None:
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        name = f"台账备份-{dt.datetime.now():%Y%m%d-%H%M}.zip"
        chosen, _filter = QFileDialog.getSaveFileName(
            self, "备份到文件", str(Path(folder) / name), "台账备份 (*.zip)"
        )
        if chosen:
            self.backup_to(Path(chosen))

    def backup_to(self, target: Path) -> None:
        from wenming_desktop.actions.backup import back_up_to_file

        ledger = self._ledger

        def done(written: WrittenBackup) -> None:
            messages.saved(self, "备份到文件", written.describe(), target)

        operations.run(
            self,
            "备份到文件",
            partial(back_up_to_file, ledger, target),
            done,
            progress=True,
        )

    # -- restoring -------------------------------------------------------------------
    def restore_selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            messages.warn(self, "备份与恢复", "请先在列表中选择一份备份。")
            return
        backup = self.model.backups[rows[0].row()]
        if backup.entries < 0:
            messages.warn(self, "备份与恢复", "这份备份已损坏，不能用来恢复，请选择其他备份。")
            return
        self.choose(backup.path, f"{backup.taken_at:%Y-%m-%d %H:%M}")

    def restore_other(self) -> None:
        chosen, _filter = QFileDialog.getOpenFileName(self, "选择备份文件", "", BACKUP_FILTER)
        if chosen:
            self.choose(Path(chosen), Path(chosen).name)

    def choose(self, path: Path, label: str) -> None:
        from wenming_desktop.errors import UserError
        from wenming_desktop.safety.restore import preview

        try:
            about = preview(path)
        except UserError as error:
            messages.warn(self, "不能用这个文件恢复", str(error))
            return
        if messages.ask(
            self,
            "用备份恢复",
            f"将用备份（{label}：{about.describe()}）替换当前数据。\n"
            "当前数据（含附件）会先自动备份，之后程序将重新打开台账。确定吗？",
            default_yes=False,
        ):
            self.restore_from = path
            self.accept()
