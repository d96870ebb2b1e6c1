"""Start-up recovery from a damaged file, and automatic backups while the app runs."""

from __future__ import annotations

import os
import time
from pathlib import Path

from wenming_desktop.books.draft import EntryDraft
from wenming_desktop.books.query import EntryQuery
from wenming_desktop.gui.application import _recover_if_damaged
from wenming_desktop.gui.auto_backup import AutoBackup
from wenming_desktop.ledger import Ledger
from wenming_desktop.paths import DataFolder
from wenming_desktop.safety.backup import BACKUP_DIR, BackupFolder
from wenming_desktop.safety.startup import check_before_open


def damage(path: Path) -> None:
    with path.open("r+b") as handle:
        handle.seek(os.path.getsize(path) // 2)
        handle.write(b"\xde\xad\xbe\xef" * 2048)


def test_a_damaged_file_is_moved_aside_and_the_newest_backup_offered(
    qtbot, data_dir: Path, message_log
) -> None:
    ledger = Ledger.open(data_dir)
    ledger.load_sample()
    BackupFolder(data_dir / BACKUP_DIR).take(ledger.folder)
    ledger.close()
    damage(data_dir / "wenming.sqlite3")

    message_log.answer = True
    _recover_if_damaged(data_dir)
    kind, title, text = message_log.shown[0]
    assert (kind, title) == ("ask", "数据文件不能使用") and "共 43 条记录" in text
    assert "已损坏" in text
    moved = list(data_dir.glob("wenming.sqlite3.*.damaged"))
    assert len(moved) == 1  # kept, never deleted
    reopened = Ledger.open(data_dir)
    try:
        assert reopened.entries.totals(EntryQuery()).count == 43
    finally:
        reopened.close()


def test_without_a_backup_the_clerk_is_told_and_starts_empty(
    qtbot, data_dir: Path, message_log
) -> None:
    Ledger.open(data_dir).close()
    damage(data_dir / "wenming.sqlite3")
    _recover_if_damaged(data_dir)
    assert message_log.shown[-1][0] == "warn" and "没有找到可用的备份" in message_log.shown[-1][2]
    assert check_before_open(DataFolder(data_dir)) is None  # the new file is sound


def test_automatic_backups_follow_changes(qtbot, ledger: Ledger) -> None:
    automatic = AutoBackup(ledger)
    folder = BackupFolder(ledger.folder.root / BACKUP_DIR)
    automatic.backup_now_if_changed()
    assert len(folder.backups()) == 1 and not automatic.changed()
    automatic.backup_now_if_changed()
    assert len(folder.backups()) == 1  # nothing changed, nothing taken
    time.sleep(1.1)  # backups are named by the second
    ledger.entries.add(EntryDraft(area_id=1, date="2019-03-01", name="新记录"))
    assert automatic.changed()
    automatic.backup_in_background()
    qtbot.waitUntil(lambda: len(folder.backups()) == 2, timeout=10_000)
