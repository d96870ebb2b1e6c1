"""Verified backups of the ledger's database, made with SQLite's online backup API.

A backup is written to a temporary file, checked with ``PRAGMA quick_check``, flushed
to disk and only then renamed into place: a failed backup never replaces a good one.
Automatic backups are thinned like Anki's: the newest of each of the last 12 days,
10 weeks and 9 months are kept.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import sqlite3
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from wenming_desktop.errors import UserError, describe_os_error
from wenming_desktop.store.sqlite_file import open_read_only

BACKUP_DIR = "backups"
KEEP_DAILY, KEEP_WEEKLY, KEEP_MONTHLY = 12, 10, 9
#: Every backup of the last day is kept (up to this many), not just the day's newest.
KEEP_RECENT = 48
_NAME = re.compile(r"^wenming-(\d{8})-(\d{6})(?:-(\d+))?\.sqlite3$")


@dataclass(frozen=True, slots=True)
class Backup:
    path: Path
    taken_at: dt.datetime
    size: int
    entries: int


def _fsync(path: Path) -> None:
    with path.open("rb") as handle:
        os.fsync(handle.fileno())


def verify(path: Path) -> int:
    """``quick_check`` a database file; the number of entries in it, or UserError."""
    try:
        connection = open_read_only(path)
    except sqlite3.Error as error:
        raise UserError(f"无法打开备份文件“{path.name}”：{error}") from error
    try:
        result = connection.execute("PRAGMA quick_check").fetchone()
        if not result or result[0] != "ok":
            raise UserError(f"备份文件“{path.name}”已损坏（{result[0] if result else '无结果'}）。")
        return int(connection.execute("SELECT count(*) FROM entry").fetchone()[0])
    except sqlite3.DatabaseError as error:
        raise UserError(f"“{path.name}”不是有效的台账备份文件。") from error
    finally:
        connection.close()


def copy_database(source: Path, target: Path) -> int:
    """Copy a live database (WAL and all) into ``target`` safely; returns its entry count."""
    folder = target.parent
    folder.mkdir(parents=True, exist_ok=True)
    handle, temp_name = tempfile.mkstemp(prefix=".backup-", suffix=".sqlite3", dir=folder)
    os.close(handle)
    temp = Path(temp_name)
    try:
        reader = sqlite3.connect(source, timeout=10)
        writer = sqlite3.connect(temp)
        try:
            reader.backup(writer)
            writer.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
        finally:
            writer.close()
            reader.close()
        entries = verify(temp)
        _fsync(temp)
        os.replace(temp, target)
        return entries
    except sqlite3.Error as error:
        raise UserError(f"备份失败：{error}") from error
    except OSError as error:
        raise UserError(f"备份失败：{describe_os_error(error)}。") from error
    finally:
        temp.unlink(missing_ok=True)


def backup_name(moment: dt.datetime) -> str:
    return f"wenming-{moment:%Y%m%d-%H%M%S}.sqlite3"


class BackupFolder:
    """The automatic backups kept in the data folder's ``backups`` directory."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def backups(self) -> list[Backup]:
        """Newest first; files that are not our backups are left alone."""
        found: list[tuple[int, Backup]] = []
        for path in self.root.glob("wenming-*.sqlite3") if self.root.is_dir() else ():
            match = _NAME.match(path.name)
            if not match:
                continue
            day, clock, number = match.groups()
            taken = dt.datetime.strptime(day + clock, "%Y%m%d%H%M%S")
            found.append((int(number or 1), Backup(path, taken, path.stat().st_size, -1)))
        found.sort(key=lambda item: (item[1].taken_at, item[0]), reverse=True)
        return [backup for _number, backup in found]

    def take(self, database: Path, now: dt.datetime | None = None) -> Backup:
        moment = now or dt.datetime.now()
        target = self.root / backup_name(moment)
        number = 1
        while target.exists():  # never overwrite a backup taken in the same second
            number += 1
            target = self.root / backup_name(moment).replace(".sqlite3", f"-{number}.sqlite3")
        entries = copy_database(database, target)
        self.prune(now=moment)
        return Backup(target, moment, target.stat().st_size, entries)

    def prune(self, now: dt.datetime | None = None) -> list[Path]:
        """Delete the backups the retention rule does not keep; returns what was deleted."""
        backups = self.backups()
        keep = {b.path for b in kept(backups, now or dt.datetime.now())}
        removed = [b.path for b in backups if b.path not in keep]
        for path in removed:
            path.unlink(missing_ok=True)
        return removed


def kept(backups: Iterable[Backup], now: dt.datetime) -> list[Backup]:
    """Every backup of the last 24 hours, and the newest of each of the last 12 days,
    10 ISO weeks and 9 months."""
    newest_first = sorted(backups, key=lambda b: b.taken_at, reverse=True)
    recent = [b for b in newest_first if now - b.taken_at < dt.timedelta(days=1)]
    keep: dict[Path, Backup] = {b.path: b for b in recent[:KEEP_RECENT]}
    for limit, key in (
        (KEEP_DAILY, lambda b: b.taken_at.date()),
        (KEEP_WEEKLY, lambda b: b.taken_at.isocalendar()[:2]),
        (KEEP_MONTHLY, lambda b: (b.taken_at.year, b.taken_at.month)),
    ):
        seen: set[object] = set()
        for backup in newest_first:
            period = key(backup)
            if period in seen:
                continue
            seen.add(period)
            keep[backup.path] = backup
            if len(seen) == limit:
                break
    return sorted(keep.values(), key=lambda b: b.taken_at, reverse=True)
