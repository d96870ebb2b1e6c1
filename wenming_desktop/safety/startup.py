"""Opening the data folder in a safe order: check, move a damaged file aside, back up."""

from __future__ import annotations

import datetime as dt
import logging
import os
from dataclasses import dataclass
from pathlib import Path

from wenming_desktop.paths import DataFolder
from wenming_desktop.safety.backup import BACKUP_DIR, Backup, BackupFolder, verify
from wenming_desktop.store.sqlite_file import is_damaged

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Quarantine:
    """A damaged database moved aside (never deleted), and the backup that could replace it."""

    moved_to: Path
    newest_backup: Backup | None


def quarantine(folder: DataFolder, now: dt.datetime | None = None) -> Quarantine:
    """Move the database and its -wal/-shm aside under a dated ``.damaged`` name."""
    stamp = f"{now or dt.datetime.now():%Y%m%d-%H%M%S}"
    moved_to = folder.database.with_name(f"{folder.database.name}.{stamp}.damaged")
    for suffix in ("", "-wal", "-shm"):
        source = Path(f"{folder.database}{suffix}")
        if source.exists():
            os.replace(source, Path(f"{moved_to}{suffix}"))
    log.warning("Damaged database moved to %s", moved_to)
    return Quarantine(moved_to, newest_good_backup(folder))


def newest_good_backup(folder: DataFolder) -> Backup | None:
    for backup in BackupFolder(folder.root / BACKUP_DIR).backups():
        try:
            entries = verify(backup.path)
        except Exception:  # a damaged backup is skipped, the next older one tried
            continue
        return Backup(backup.path, backup.taken_at, backup.size, entries)
    return None


def check_before_open(folder: DataFolder, damaged: bool | None = None) -> Quarantine | None:
    """Run at start: a damaged file is moved aside; returns what happened, if anything.

    ``damaged`` is the answer of a check already made (see ``BackgroundCheck``).
    """
    if damaged if damaged is not None else is_damaged(folder.database):
        return quarantine(folder)
    return None


def backup_before_migration(folder: DataFolder) -> Backup | None:
    """Back up a database that is about to be migrated (called only when one is needed)."""
    if not folder.database.exists():
        return None
    return BackupFolder(folder.root / BACKUP_DIR).take(folder.database)
