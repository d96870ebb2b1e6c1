"""Automatic backups: the database and every attachment file it references.

A backup folder (``backups/`` in the data folder, and the optional second place) holds::

    wenming-20261202-093000.sqlite3     the database as it was then (one self-contained file)
    attachments/ab/ab12…ef.jpg           every attachment any kept backup references, once

Attachments are named by their SHA-256 and never change, so the backups share them: a new
backup copies only the files the previous ones did not have, and a file leaves the folder
only when no kept backup references it any more. Restoring one of these backups (see
``restore.py``) brings back the database and, from ``attachments/``, every file.

The database is copied with SQLite's online backup API into a temporary file, checked with
``quick_check``, flushed to disk and only then renamed into place: a failed backup never
replaces a good one, and a backup's attachment files are in place before it appears.
Backups are thinned like Anki's: everything of the last day, then the newest of each of
the last 12 days, 10 weeks and 9 months.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import logging
import os
import re
import sqlite3
import tempfile
import time
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from wenming_desktop.errors import UserError, describe_os_error
from wenming_desktop.files import fsync_folder
from wenming_desktop.paths import DataFolder
from wenming_desktop.store.attachments import StoredFile
from wenming_desktop.store.sqlite_file import (
    FileState,
    describe_sqlite_error,
    inspect_ledger,
    open_read_only,
)
from wenming_desktop.work import QUIET, Steps

log = logging.getLogger(__name__)

BACKUP_DIR = "backups"
#: Inside a backup folder: the attachment files its backups share.
POOL_DIR = "attachments"
KEEP_DAILY, KEEP_WEEKLY, KEEP_MONTHLY = 12, 10, 9
#: Every backup of the last day is kept (up to this many), not just the day's newest.
KEEP_RECENT = 48
#: A file copied into the shared folder this recently may belong to a backup still being
#: taken (by the CLI beside the window, say): it is never removed as unreferenced.
POOL_GRACE_S = 3600
_NAME = re.compile(r"^wenming-(\d{8})-(\d{6})(?:-(\d+))?(?:-(before-\w+))?\.sqlite3$")
#: Safety copies (before a restore, before an upgrade) are kept apart from the thinning:
#: the newest this many of them stay whatever the date.
KEEP_SAFETY_COPIES = 10
#: Why a safety copy was taken, in its file name, and how the 备份与恢复 window says it.
BEFORE_RESTORE, BEFORE_UPGRADE = "before-restore", "before-upgrade"
REASONS = {BEFORE_RESTORE: "恢复前", BEFORE_UPGRADE: "升级前"}
_CHUNK = 1024 * 1024


@dataclass(frozen=True, slots=True)
class Backup:
    path: Path
    taken_at: dt.datetime
    size: int
    entries: int
    #: Attachment files the backup's database references (distinct files).
    attachments: int = 0
    #: Names of referenced attachments the backup does not hold (missing when it was taken).
    missing: tuple[str, ...] = ()
    #: A safety copy's reason (BEFORE_RESTORE …), "" for an ordinary automatic backup.
    reason: str = ""

    @property
    def complete(self) -> bool:
        return self.entries >= 0 and not self.missing


def _fsync(path: Path) -> None:
    with path.open("rb") as handle:
        os.fsync(handle.fileno())


def in_chinese(error: BaseException, what: str) -> UserError:
    """``what`` failed: the reason in the clerk's words (never SQLite's English)."""
    if isinstance(error, UserError):
        return error
    if isinstance(error, OSError):
        return UserError(f"{what}：{describe_os_error(error)}。")
    reason = describe_sqlite_error(error) or "数据文件无法读取"
    if reason.startswith("磁盘空间已满"):
        reason = "磁盘空间已满"
    return UserError(f"{what}：{reason.rstrip('。')}。")


def verify(path: Path) -> int:
    """``quick_check`` a database file and make sure it is one of our ledgers that this
    version can open; returns the number of entries in it, or raises UserError."""
    found = inspect_ledger(path, count_entries=True)
    if found.state is FileState.OK:
        return found.entries
    log.info("%s is no usable backup: %s %s", path, found.state, found.detail)
    if found.state is FileState.DAMAGED:
        raise UserError(f"备份文件“{path.name}”已损坏，不能使用。")
    if found.state is FileState.UNREADABLE:
        raise UserError(f"无法读取备份文件“{path.name}”，请稍后再试或检查文件的权限。")
    if found.state in (FileState.EMPTY, FileState.FOREIGN):
        raise UserError(f"“{path.name}”不是有效的台账备份文件。")
    raise UserError(found.describe(path.name))


def references(database: Path) -> list[StoredFile]:
    """The distinct attachment files a database (a ledger or a backup of one) references."""
    connection = open_read_only(database)
    try:
        rows = connection.execute(
            "SELECT sha256, file_name, max(size) FROM attachment GROUP BY sha256, file_name"
        ).fetchall()
    finally:
        connection.close()
    refs: dict[str, StoredFile] = {}
    for sha, name, size in rows:
        ref = StoredFile(sha256=str(sha), file_name=str(name), size=int(size or 0))
        refs.setdefault(ref.path_in(Path()).name, ref)  # one file per stored name
    return list(refs.values())


def snapshot(source: Path, folder: Path) -> tuple[Path, int]:
    """Copy a live database (WAL and all) into a verified temporary file in ``folder``;
    returns it (``.backup-….sqlite3``, for the caller to rename or delete) and its entries."""
    folder.mkdir(parents=True, exist_ok=True)
    handle, temp_name = tempfile.mkstemp(prefix=".backup-", suffix=".sqlite3", dir=folder)
    os.close(handle)
    temp = Path(temp_name)
    try:
        reader = open_read_only(source)  # works in a read-only folder too
        writer = sqlite3.connect(temp)
        try:
            reader.backup(writer)
            writer.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
        finally:
            writer.close()
            reader.close()
        copied = inspect_ledger(temp, count_entries=True)
        if copied.state not in (FileState.OK, FileState.NEWER):  # a faithful copy is enough
            log.warning("Snapshot of %s: %s %s", source, copied.state, copied.detail)
            raise UserError(  # names the clerk's file, not the temporary copy
                f"备份失败：“{source.name}”的副本没有通过核验，数据文件可能已损坏。"
            )
        entries = copied.entries
        _fsync(temp)
        return temp, entries
    except BaseException as error:
        temp.unlink(missing_ok=True)
        if isinstance(error, sqlite3.Error | OSError):
            raise in_chinese(error, "备份失败") from error
        raise


def copy_database(source: Path, target: Path) -> int:
    """Copy a live database into ``target`` safely (never half-written); its entry count."""
    temp, entries = snapshot(source, target.parent)
    try:
        os.replace(temp, target)
    except OSError as error:
        raise in_chinese(error, "备份失败") from error
    finally:
        temp.unlink(missing_ok=True)
    return entries


def copy_verified(source: Path, root: Path, ref: StoredFile) -> bool:
    """Copy an attachment file into the store or pool at ``root`` (temporary name, fsync,
    rename), checking its SHA-256 on the way. False when ``source`` cannot be read or is no
    longer what was recorded; a failure to write (a full disk) raises OSError."""
    target = ref.path_in(root)
    try:
        reader = source.open("rb")
    except OSError as error:
        log.warning("Attachment %s unreadable: %s", source, error)
        return False
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temp_name = tempfile.mkstemp(prefix=".incoming-", dir=root)
    temp = Path(temp_name)
    try:
        digest = hashlib.sha256()
        with os.fdopen(handle, "wb") as writer, reader:
            while chunk := reader.read(_CHUNK):
                digest.update(chunk)
                writer.write(chunk)
            writer.flush()
            os.fsync(writer.fileno())
        if digest.hexdigest() != ref.sha256:
            log.warning("%s does not match its SHA-256 %s", source, ref.sha256)
            return False
        os.replace(temp, target)
        return True
    finally:
        temp.unlink(missing_ok=True)


def backup_name(moment: dt.datetime) -> str:
    return f"wenming-{moment:%Y%m%d-%H%M%S}.sqlite3"


class BackupFolder:
    """Backups of one data folder kept in ``root``: ``backups/`` or the second place."""

    def __init__(self, root: Path) -> None:
        self.root = root

    @property
    def pool(self) -> Path:
        return self.root / POOL_DIR

    def backups(self) -> list[Backup]:
        """Newest first; files that are not our backups are left alone."""
        found: list[tuple[int, Backup]] = []
        for path in self.root.glob("wenming-*.sqlite3") if self.root.is_dir() else ():
            match = _NAME.match(path.name)
            if not match:
                continue
            day, clock, number, reason = match.groups()
            taken = dt.datetime.strptime(day + clock, "%Y%m%d%H%M%S")
            try:
                size = path.stat().st_size
            except OSError:
                continue  # removed meanwhile
            found.append((int(number or 1), Backup(path, taken, size, -1, reason=reason or "")))
        found.sort(key=lambda item: (item[1].taken_at, item[0]), reverse=True)
        return [backup for _number, backup in found]

    def take(
        self,
        data: DataFolder,
        now: dt.datetime | None = None,
        *,
        reason: str = "",
        steps: Steps = QUIET,
    ) -> Backup:
        """Back up the database and the attachment files it references; thin the old ones.

        ``reason`` (BEFORE_RESTORE …) makes it a safety copy: kept apart from the thinning,
        and nothing is thinned now — a restore may be reading the very backup thinning
        would remove.
        """
        moment = now or dt.datetime.now()
        temp, entries = snapshot(data.database, self.root)
        try:
            refs = references(temp)
            missing = self._add_to_pool(data.attachments, refs, steps)
            target = self._free_name(moment, reason)
            os.replace(temp, target)
            fsync_folder(self.root)
        except OSError as error:
            raise in_chinese(error, "备份失败") from error
        finally:
            temp.unlink(missing_ok=True)
        if missing:
            log.warning("Backup %s lacks %d attachment files", target.name, len(missing))
        if not reason:
            self.prune(now=moment)
        size = target.stat().st_size
        return Backup(target, moment, size, entries, len(refs), tuple(missing), reason)

    def _free_name(self, moment: dt.datetime, reason: str) -> Path:
        tail = f"-{reason}.sqlite3" if reason else ".sqlite3"
        stem = f"wenming-{moment:%Y%m%d-%H%M%S}"
        target = self.root / f"{stem}{tail}"
        number = 1
        while target.exists():  # never overwrite a backup taken in the same second
            number += 1
            target = self.root / f"{stem}-{number}{tail}"
        return target

    def _add_to_pool(self, store: Path, refs: Iterable[StoredFile], steps: Steps) -> list[str]:
        """Copy the referenced files the pool lacks; the names of those it cannot have."""
        missing: list[str] = []
        for ref in refs:
            target = ref.path_in(self.pool)
            if target.is_file() and target.stat().st_size == ref.size:
                # Young again: another process thinning this folder meanwhile leaves it be
                # (see POOL_GRACE_S) until this backup, which needs it, has its name.
                with contextlib.suppress(OSError):
                    os.utime(target)
                continue
            steps.stop_if_cancelled("已取消备份。")
            if not copy_verified(ref.path_in(store), self.pool, ref):
                missing.append(ref.file_name)
        return missing

    def check(self, backup: Backup) -> Backup:
        """``backup`` with its entry count (-1: unusable) and the attachments it lacks —
        by presence and size; the SHA-256 of each file is checked when it is restored."""
        try:
            entries = verify(backup.path)
            refs = references(backup.path)
        except (UserError, sqlite3.Error) as error:
            log.info("Backup %s does not verify: %s", backup.path.name, error)
            return replace(backup, entries=-1)
        missing = tuple(
            ref.file_name
            for ref in refs
            if not (path := ref.path_in(self.pool)).is_file() or path.stat().st_size != ref.size
        )
        return replace(backup, entries=entries, attachments=len(refs), missing=missing)

    def newest_good(self) -> Backup | None:
        """The newest backup whose database verifies (attachments as they are)."""
        for backup in self.backups():
            checked = self.check(backup)
            if checked.entries >= 0:
                return checked
        return None

    def prune(self, now: dt.datetime | None = None) -> list[Path]:
        """Delete the backups the retention rule does not keep, then the attachment files
        no kept backup references; returns the backups deleted."""
        backups = self.backups()
        ordinary = [b for b in backups if not b.reason]
        keep = {b.path for b in kept(ordinary, now or dt.datetime.now())}
        keep |= {b.path for b in [b for b in backups if b.reason][:KEEP_SAFETY_COPIES]}
        removed = []
        for backup in backups:
            if backup.path in keep:
                continue
            try:  # one that cannot go now (open elsewhere, on Windows) goes next time
                backup.path.unlink(missing_ok=True)
            except OSError as error:
                log.warning("Could not remove the old backup %s: %s", backup.path, error)
                continue
            removed.append(backup.path)
        if removed:
            self.collect_garbage()
        return removed

    def collect_garbage(self) -> int:
        """Remove the shared attachment files no backup references (older than the grace
        period); nothing at all when a backup cannot be read. Returns how many."""
        if not self.pool.is_dir():
            return 0
        needed: set[str] = set()
        for backup in self.backups():
            try:
                needed.update(ref.path_in(Path()).name for ref in references(backup.path))
            except sqlite3.Error as error:
                log.warning("Not thinning %s: %s unreadable (%s)", self.pool, backup.path, error)
                return 0
        cutoff = time.time() - POOL_GRACE_S
        removed = 0
        for path in self.pool.glob("*/*"):
            try:
                if path.name in needed or path.name.startswith("."):
                    continue
                if path.is_file() and path.stat().st_mtime < cutoff:
                    path.unlink()
                    removed += 1
            except OSError as error:
                log.warning("Could not remove %s: %s", path, error)
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
