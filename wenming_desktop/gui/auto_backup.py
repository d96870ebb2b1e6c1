"""Automatic backups while the app runs: at start, every 30 minutes if anything changed,
and at exit if anything changed since the last one."""

from __future__ import annotations

import logging
import time
from pathlib import Path

from PySide6.QtCore import QObject, QTimer

from wenming_desktop.gui.background import run_in_background
from wenming_desktop.ledger import Ledger
from wenming_desktop.safety.backup import BACKUP_DIR, BackupFolder

log = logging.getLogger(__name__)
INTERVAL_MS = 30 * 60 * 1000


class AutoBackup(QObject):
    def __init__(self, ledger: Ledger, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._ledger = ledger
        self._folder = BackupFolder(ledger.folder.root / BACKUP_DIR)
        self._last = 0.0  # time.time() of the last good backup
        self.timer = QTimer(self, interval=INTERVAL_MS)
        self.timer.timeout.connect(self.backup_if_changed)
        self.timer.start()

    def _modified(self) -> float:
        """When the database (or its write-ahead log) last changed on disk."""
        paths = [self._ledger.folder.database, Path(f"{self._ledger.folder.database}-wal")]
        return max((p.stat().st_mtime for p in paths if p.exists()), default=0.0)

    def changed(self) -> bool:
        return self._modified() > self._last

    def _take(self) -> None:
        started = time.time()
        self._folder.take(self._ledger.folder.database)
        self._last = started

    def backup_in_background(self) -> None:
        run_in_background(
            self._take,
            None,
            lambda error, _d: log.warning("Automatic backup failed: %s", error),
            owner=self,
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
