"""Opening the data folder in a safe order: check, move an unusable file aside, back up."""

from __future__ import annotations

import datetime as dt
import logging
import os
from dataclasses import dataclass
from pathlib import Path

from wenming_desktop.paths import DataFolder
from wenming_desktop.safety.backup import BACKUP_DIR, BEFORE_UPGRADE, Backup, BackupFolder
from wenming_desktop.store.sqlite_file import FileState, LedgerFile, inspect_ledger

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Quarantine:
    """A database moved aside (never deleted), and the backup that could replace it."""

    moved_to: Path
    newest_backup: Backup | None
    found: LedgerFile | None = None  # what the file was: damaged, empty, not ours

    def describe(self) -> str:
        """Why it was moved, in Chinese."""
        state = self.found.state if self.found else FileState.DAMAGED
        what = {
            FileState.EMPTY: "数据文件是空的（可能在断电或同步时被清空）",
            FileState.FOREIGN: "数据文件不是“文明创建台账”的台账（可能被其他文件替换了）",
        }.get(state, "数据文件已损坏")
        return f"{what}，已移到：\n{self.moved_to}\n（没有删除，可交给维护人员检查。）"


def quarantine(
    folder: DataFolder, now: dt.datetime | None = None, found: LedgerFile | None = None
) -> Quarantine:
    """Move the database and its -wal/-shm aside under a dated ``.damaged`` name.

    The journals go first: a -wal left behind without its database would be read into
    whatever database is created next in its place.
    """
    stamp = f"{now or dt.datetime.now():%Y%m%d-%H%M%S}"
    moved_to = folder.database.with_name(f"{folder.database.name}.{stamp}.damaged")
    number = 1
    while moved_to.exists():
        number += 1
        moved_to = folder.database.with_name(f"{folder.database.name}.{stamp}-{number}.damaged")
    for suffix in ("-wal", "-shm", ""):
        source = Path(f"{folder.database}{suffix}")
        if source.exists():
            os.replace(source, Path(f"{moved_to}{suffix}"))
    log.warning("Unusable database (%s) moved to %s", found.state if found else "?", moved_to)
    return Quarantine(moved_to, newest_good_backup(folder), found)


def newest_good_backup(folder: DataFolder) -> Backup | None:
    return BackupFolder(folder.root / BACKUP_DIR).newest_good()


def check_before_open(
    folder: DataFolder, found: LedgerFile | bool | None = None
) -> Quarantine | None:
    """Run at start: a database that is damaged, empty or not ours is moved aside;
    returns what happened, if anything.

    ``found`` is the answer of a check already made (see ``BackgroundCheck``); a bool is
    taken as "damaged or not".
    """
    if isinstance(found, bool):
        found = LedgerFile(FileState.DAMAGED) if found else LedgerFile(FileState.OK)
    found = found or inspect_ledger(folder.database)
    if found.replaceable:
        return quarantine(folder, found=found)
    return None


def backup_before_migration(folder: DataFolder) -> Backup | None:
    """Back up a database that is about to be migrated (called only when one is needed)."""
    if not folder.database.exists():
        return None
    return BackupFolder(folder.root / BACKUP_DIR).take(folder, reason=BEFORE_UPGRADE)
