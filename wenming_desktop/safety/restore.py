"""Putting a backup back, after backing up what is there now."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from wenming_desktop.errors import UserError
from wenming_desktop.paths import DataFolder
from wenming_desktop.safety.backup import BACKUP_DIR, Backup, BackupFolder, verify
from wenming_desktop.store.sqlite_file import open_read_only


def restore(folder: DataFolder, source: Path) -> tuple[int, Backup | None]:
    """Replace the ledger's database with ``source``; returns (entries, safety backup).

    The ledger must be closed. The current file is backed up first (if it can be read),
    so a restore can itself be undone.
    """
    if not source.is_file():
        raise UserError(f"找不到备份文件“{source}”。")
    entries = verify(source)
    safety = None
    if folder.database.exists():
        try:
            safety = BackupFolder(folder.root / BACKUP_DIR).take(folder.database)
        except UserError:
            safety = None  # the current file is damaged: nothing worth keeping to back up
    reader = open_read_only(source)
    writer = sqlite3.connect(folder.database, timeout=10)
    try:
        reader.backup(writer)
    except sqlite3.Error as error:
        raise UserError(f"恢复失败：{error}。数据文件未被改动。") from error
    finally:
        writer.close()
        reader.close()
    verify(folder.database)
    return entries, safety
