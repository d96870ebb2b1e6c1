"""Automatic backups while the app runs: at start, every 30 minutes if anything changed,
and at exit if anything changed since the last one — into the data folder's ``backups``
and, when it is there, the second place chosen in 设置 (see ``safety/places.py``)."""

from __future__ import annotations

import logging
import time
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from wenming_desktop.actions.backup import back_up_now
from wenming_desktop.gui import operations
from wenming_desktop.ledger import Ledger
from wenming_desktop.safety.places import BackupRun

log = logging.getLogger(__name__)
INTERVAL_MS = 30 * 60 * 1000


class AutoBackup(QObject):
    #: Something the clerk should know (a backup failed, the second place is full …).
    problem = Signal(str)

    def __init__(self, ledger: Ledger, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._ledger = ledger
        self._last = 0.0  # time.time() of the last good backup
        self.timer = QTimer(self, interval=INTERVAL_MS)
        self.timer.timeout.connect(self.backup_if_changed)
        if ledger.read_only is None:  # a read-only folder cannot hold backups
            self.timer.start()

    def _modified(self) -> float:
        """When the database (or its write-ahead log) last changed on disk."""
        paths = [self._ledger.folder.database, Path(f"{self._ledger.folder.database}-wal")]
        return max((p.stat().st_mtime for p in paths if p.exists()), default=0.0)

    def changed(self) -> bool:
        return self._ledger.read_only is None and self._modified() > self._last

    def _take(self) -> BackupRun:
        self._ledger.settings.ledger_id()  # made (written) once: before the clock is read
        started = time.time()
        run = back_up_now(self._ledger)
        self._last = started
        return run

    def _done(self, run: BackupRun) -> None:
        if run.mirror_problem and run.mirror is None and "不可用" not in run.mirror_problem:
            self.problem.emit(run.mirror_problem)
        if run.local.missing:
            self.problem.emit(
                f"自动备份时发现 {len(run.local.missing)} 个附件文件不在数据文件夹中"
                f"（{'、'.join(run.local.missing[:3])}），请在“备份与恢复”中查看。"
            )

    def _failed(self, error: Exception, reason: str) -> None:
        log.warning("Automatic backup failed: %s", error)
        self.problem.emit(f"自动备份失败：{reason}")

    def backup_in_background(self) -> None:
        # Told in the status bar (``problem``), not in a box over the clerk's work.
        operations.run(
            self, "自动备份", self._take, self._done, on_failure=self._failed, tell=False
        )

    def backup_if_changed(self) -> None:
        if self.changed():
            self.backup_in_background()

    def backup_now_if_changed(self) -> None:
        """At exit: a short, synchronous backup if anything changed since the last one."""
        if not self.changed():
            return
        try:
            self._take()
        except Exception as error:  # never stop the app from closing
            log.warning("Backup at exit failed: %s", error)
