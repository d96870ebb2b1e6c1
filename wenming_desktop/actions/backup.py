"""Backing up as the clerk asks for it: now (into ``backups`` and the second place chosen
in 设置), or to one file to carry away; and restoring one (see ``safety/``)."""

from __future__ import annotations

from pathlib import Path

from wenming_desktop.actions.changes import Changed
from wenming_desktop.ledger import Ledger
from wenming_desktop.paths import DataFolder
from wenming_desktop.safety.archive import WrittenBackup, write_backup_file
from wenming_desktop.safety.places import BackupRun, back_up
from wenming_desktop.safety.restore import RestoreResult, restore
from wenming_desktop.work import QUIET, Steps

#: What a restore changes: the whole ledger.
RESTORED = Changed(None, None, None, areas_edited=True, ledger_replaced=True)


def back_up_now(ledger: Ledger) -> BackupRun:
    """An automatic backup of the open ledger, and to its second place when that is there."""
    ledger_id = ledger.settings.ledger_id()
    return back_up(ledger.folder, ledger.settings.load().backup_mirror, ledger_id)


def back_up_to_file(ledger: Ledger, target: Path, steps: Steps = QUIET) -> WrittenBackup:
    """The whole data — database and every attachment — in one verified .zip."""
    unit = ledger.settings.load().unit_name
    return write_backup_file(ledger.folder, target, unit_name=unit, steps=steps)


def restore_backup(data_dir: Path, source: Path, steps: Steps = QUIET) -> RestoreResult:
    """Restore ``source`` into the (closed) ledger at ``data_dir``; the caller holds the data
    folder's lock. Everything changed: see :data:`RESTORED`."""
    return restore(DataFolder(data_dir), source, steps)
