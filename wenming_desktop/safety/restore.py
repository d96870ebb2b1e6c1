"""Putting a backup back — database and attachment files — without ever destroying data.

The order is what makes it safe:

1. The backup is opened and checked before anything is touched: a file from a newer
   version, or anything that is not one of our ledgers, is refused in Chinese.
2. Its database is extracted (or copied) and verified as a temporary file.
3. The current data is kept: a sound database is backed up like an automatic backup
   (database and attachment files); if that fails — a full disk — nothing is restored. A
   damaged, empty or foreign database is moved aside under a dated name, never deleted.
4. The backup's attachment files go into the store, each checked against its SHA-256.
   The store only ever gains files (they are named by content), so this cannot hurt.
5. Only then does the database take its place, in one rename.

A backup can be a backup file (.zip, ``archive.py``), a database in a backup folder with
the folder's shared ``attachments/`` (``backup.py``), or a database alone (a backup made
by an older version: restored with a note that it holds no attachments).

The caller holds the data folder's lock and has closed the ledger.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import logging
import os
import sqlite3
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from wenming_desktop.errors import UserError, describe_os_error
from wenming_desktop.files import fsync_folder
from wenming_desktop.paths import DataFolder
from wenming_desktop.safety.archive import BackupFile, is_backup_file
from wenming_desktop.safety.backup import (
    BACKUP_DIR,
    BEFORE_RESTORE,
    POOL_DIR,
    Backup,
    BackupFolder,
    copy_verified,
    in_chinese,
    references,
    snapshot,
)
from wenming_desktop.safety.startup import quarantine
from wenming_desktop.store.attachments import StoredFile
from wenming_desktop.store.sqlite_file import FileState, LedgerFile, inspect_ledger
from wenming_desktop.work import QUIET, Steps

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class RestoreResult:
    entries: int
    attachments: int  # attachment files the restored records reference
    copied: int  # of those, brought back from the backup
    missing: tuple[str, ...]  # referenced files neither the backup nor this PC had
    safety: Backup | None  # the backup of the data as it was before
    moved_aside: Path | None  # a damaged or foreign database, kept under this name
    database_only: bool  # a backup by an older version: no attachment files at all

    def describe(self) -> str:
        lines = [f"已从备份恢复，共 {self.entries} 条记录、{self.attachments} 个附件。"]
        if self.safety is not None:
            lines.append(f"恢复前的数据已备份到：{self.safety.path}")
        if self.moved_aside is not None:
            lines.append(f"原来的数据文件已损坏，已移到：{self.moved_aside}（没有删除）")
        if self.database_only:
            lines.append("这份备份由旧版本制作，只含数据库，不含附件文件。")
        if self.missing:
            shown = "、".join(self.missing[:5]) + ("……" if len(self.missing) > 5 else "")
            lines.append(
                f"有 {len(self.missing)} 个附件文件在备份和本机中都找不到（{shown}），"
                "这些记录的附件需要重新添加。"
            )
        return "\n".join(lines)


class _Source:
    """A backup as restore reads it: a database and a way to fetch attachment files."""

    database_only = False

    def stage_database(self, folder: Path) -> Path:
        raise NotImplementedError

    def fetch(self, ref: StoredFile, store: Path) -> bool:
        """Put the file into the store at ``store``; False if the backup lacks it."""
        raise NotImplementedError

    def close(self) -> None:
        """Release what the source holds open."""


class _FileSource(_Source):
    def __init__(self, backup: BackupFile) -> None:
        self.backup = backup
        self._files = backup.by_sha()

    def stage_database(self, folder: Path) -> Path:
        return self.backup.extract_database(folder)

    def fetch(self, ref: StoredFile, store: Path) -> bool:
        entry = self._files.get(ref.sha256)
        if entry is None:
            return False
        target = ref.path_in(store)
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temp_name = tempfile.mkstemp(prefix=".incoming-", dir=store)
        temp = Path(temp_name)
        try:
            with os.fdopen(handle, "wb") as sink:
                ok = self.backup.copy_file(entry, sink)
                sink.flush()
                os.fsync(sink.fileno())
            if ok:
                os.replace(temp, target)
            else:
                log.warning("Attachment %s in %s is damaged", entry.member, self.backup.path)
            return ok
        finally:
            temp.unlink(missing_ok=True)

    def close(self) -> None:
        self.backup.close()


class _DatabaseSource(_Source):
    def __init__(self, path: Path) -> None:
        self.path = path
        pool = path.parent / POOL_DIR
        self.pool = pool if pool.is_dir() else None
        self.database_only = self.pool is None

    def stage_database(self, folder: Path) -> Path:
        temp, _entries = snapshot(self.path, folder)
        return temp

    def fetch(self, ref: StoredFile, store: Path) -> bool:
        if self.pool is None:
            return False
        return copy_verified(ref.path_in(self.pool), store, ref)


def open_source(path: Path) -> _Source:
    """The backup at ``path``, checked enough to be refused before anything is touched."""
    if not path.is_file():
        raise UserError(f"找不到备份文件“{path}”。")
    if is_backup_file(path) or path.suffix.lower() == ".zip" or zipfile.is_zipfile(path):
        backup = BackupFile(path)
        backup.open()
        return _FileSource(backup)
    found = inspect_ledger(path, count_entries=True)
    if found.state is FileState.OK:
        return _DatabaseSource(path)
    if found.state is FileState.NEWER:
        raise UserError(
            f"备份“{path.name}”由更新版本的“文明创建台账”写入（数据版本 {found.revision}），"
            "当前版本无法恢复。请先安装最新版本再恢复。"
        )
    if found.state is FileState.UNREADABLE:
        raise UserError(f"无法读取备份文件“{path.name}”（{found.detail}）。")
    if found.state is FileState.DAMAGED and path.suffix.lower() == ".sqlite3":
        raise UserError(f"备份文件“{path.name}”已损坏，不能用来恢复。请选择其他备份。")
    raise UserError(
        f"“{path.name}”不是“文明创建台账”的备份文件。"
        "备份文件是“立即备份到文件”生成的 .zip 文件，或数据文件夹 backups 中的 .sqlite3 文件。"
    )


@dataclass(frozen=True, slots=True)
class BackupPreview:
    """What a backup holds, shown before the clerk agrees to restore it."""

    entries: int
    attachments: int  # attachment files its records reference
    missing: int  # of those, the files the backup does not hold
    database_only: bool

    def describe(self) -> str:
        if self.database_only:
            return f"{self.entries} 条记录；旧版本的备份，只含数据库，不含附件文件"
        text = f"{self.entries} 条记录、{self.attachments} 个附件"
        return text + (f"（其中 {self.missing} 个附件不在备份中）" if self.missing else "")


def preview(path: Path) -> BackupPreview:
    """Open and check a backup enough to describe it; refuses what restore refuses."""
    source = open_source(path)
    try:
        if isinstance(source, _FileSource):
            backup = source.backup
            listed = len(backup.files) + len(backup.missing)
            return BackupPreview(backup.entries, listed, len(backup.missing), False)
        assert isinstance(source, _DatabaseSource)
        entries = inspect_ledger(path, count_entries=True).entries
        refs = references(path)
        pool = source.pool
        missing = sum(1 for ref in refs if pool is None or not ref.path_in(pool).is_file())
        # Without a shared attachment folder beside it, a database is an older version's
        # backup — unless its records have no attachments at all: then nothing is lacking.
        return BackupPreview(entries, len(refs), missing, source.database_only and bool(refs))
    finally:
        source.close()


def restore(
    folder: DataFolder,
    source: Path,
    steps: Steps = QUIET,
) -> RestoreResult:
    """Restore the backup at ``source`` into ``folder`` (see the module's docstring)."""
    backup = open_source(source)
    try:
        return _restore(folder, backup, steps)
    finally:
        backup.close()


def _restore(folder: DataFolder, backup: _Source, steps: Steps) -> RestoreResult:
    scratch = folder.root / BACKUP_DIR
    steps.report(0, 0, "正在核对备份")
    try:
        staged = backup.stage_database(scratch)
    except (OSError, sqlite3.Error) as error:
        raise in_chinese(error, "无法读取备份，当前数据没有改动") from error
    added: list[Path] = []
    try:
        refs = references(staged)
        entries = inspect_ledger(staged, count_entries=True).entries
        _cancel_point(steps)
        safety, unusable = _keep_current(folder)
        missing = _bring_back_files(backup, refs, folder.attachments, added, steps)
        _cancel_point(steps)
        steps.report(len(refs), len(refs), "正在替换数据文件")
        aside = _swap(folder, staged, unusable)
    except BaseException:
        for path in added:  # files this restore brought in, now needed by nobody
            path.unlink(missing_ok=True)
        raise
    finally:
        staged.unlink(missing_ok=True)
    log.info("Restored %d entries, %d attachments missing", entries, len(missing))
    return RestoreResult(
        entries=entries,
        attachments=len(refs),
        copied=len(added),
        missing=tuple(missing),
        safety=safety,
        moved_aside=aside,
        database_only=backup.database_only and bool(refs),
    )


def _cancel_point(steps: Steps) -> None:
    steps.stop_if_cancelled("已取消恢复，当前数据没有改动。")


def _keep_current(folder: DataFolder) -> tuple[Backup | None, LedgerFile | None]:
    """Back up the current data (a safety copy, outside the thinning); or, for a database
    that is no usable ledger, say so — it is moved aside just before the swap, so that a
    restore failing before then leaves it where it was."""
    _move_stray_journals(folder)
    current = inspect_ledger(folder.database)
    if current.state is FileState.MISSING:
        return None, None
    if current.replaceable:
        return None, current
    if current.state is FileState.UNREADABLE:
        raise UserError(
            f"当前的数据文件暂时无法读取（{current.detail}），为免丢失数据，没有恢复。"
            "请关闭可能正在使用它的程序后再试。"
        )
    try:
        return BackupFolder(folder.root / BACKUP_DIR).take(folder, reason=BEFORE_RESTORE), None
    except UserError as error:
        reason = str(error).removeprefix("备份失败：").rstrip("。")
        raise UserError(f"{reason}，无法先备份当前数据，未恢复。当前数据没有改动。") from error


def _move_stray_journals(folder: DataFolder) -> None:
    """A -wal without its database (an interrupted move) must never meet a new database."""
    if folder.database.exists():
        return
    stamp = f"{dt.datetime.now():%Y%m%d-%H%M%S}"
    for suffix in ("-wal", "-shm"):
        stray = Path(f"{folder.database}{suffix}")
        if stray.exists():
            os.replace(stray, stray.with_name(f"{folder.database.name}.{stamp}.orphan{suffix}"))


def _bring_back_files(
    backup: _Source,
    refs: list[StoredFile],
    store: Path,
    added: list[Path],
    steps: Steps,
) -> list[str]:
    """Copy into the store every referenced file it lacks (or holds damaged: a restore is
    when every file is read once); the names nobody has."""
    missing: list[str] = []
    store.mkdir(parents=True, exist_ok=True)
    for done, ref in enumerate(refs, start=1):
        _cancel_point(steps)
        target = ref.path_in(store)
        if _is_intact(target, ref):
            continue
        try:
            fetched = backup.fetch(ref, store)
        except OSError as error:
            reason = describe_os_error(error)
            raise UserError(f"恢复附件时出错：{reason}。当前数据没有改动。") from error
        if fetched:
            added.append(target)
        else:
            missing.append(ref.file_name)
        steps.report(done, len(refs), f"正在恢复附件 {done}/{len(refs)}")
    return missing


def _is_intact(path: Path, ref: StoredFile) -> bool:
    try:
        if path.stat().st_size != ref.size:
            return False
        digest = hashlib.sha256()
        with path.open("rb") as handle:
            while chunk := handle.read(1024 * 1024):
                digest.update(chunk)
    except OSError:
        return False
    return digest.hexdigest() == ref.sha256


def _swap(folder: DataFolder, staged: Path, unusable: LedgerFile | None) -> Path | None:
    """Put the staged database in place of the current one, in one rename; an unusable one
    is moved aside first (and back, should the rename fail). Returns where it went."""
    aside = None
    if unusable is not None:
        aside = quarantine(folder, found=unusable).moved_to
    elif folder.database.exists():
        _fold_in_journal(folder)
    try:
        os.replace(staged, folder.database)
        fsync_folder(folder.root)
    except OSError as error:
        if aside is not None and not folder.database.exists():
            for suffix in ("", "-wal", "-shm"):
                moved = Path(f"{aside}{suffix}")
                if moved.exists():
                    os.replace(moved, Path(f"{folder.database}{suffix}"))
        raise UserError(
            f"无法替换数据文件：{describe_os_error(error)}。当前数据没有改动。"
        ) from error
    return aside


def _fold_in_journal(folder: DataFolder) -> None:
    """Checkpoint the write-ahead log into the file: a -wal must never outlive its file."""
    try:
        connection = sqlite3.connect(folder.database, timeout=10)
        try:
            busy, _log, _done = connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        finally:
            connection.close()
    except sqlite3.Error as error:
        raise in_chinese(error, "无法替换数据文件，当前数据没有改动") from error
    if busy:
        raise UserError("数据文件正被其他程序使用，无法替换。当前数据没有改动。")
    for suffix in ("-wal", "-shm"):
        with contextlib.suppress(FileNotFoundError):
            Path(f"{folder.database}{suffix}").unlink()
