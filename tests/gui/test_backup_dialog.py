"""备份与恢复 as the clerk uses it."""

from __future__ import annotations

import time
from pathlib import Path

from wenming_desktop.books.draft import EntryDraft
from wenming_desktop.books.query import EntryQuery
from wenming_desktop.gui.application import _restore
from wenming_desktop.gui.backup_dialog import BackupDialog
from wenming_desktop.gui.main_window import MainWindow
from wenming_desktop.ledger import Ledger
from wenming_desktop.safety.backup import BACKUP_DIR, BackupFolder


def test_list_backup_and_restore(
    qtbot, sample_ledger: Ledger, data_dir: Path, tmp_path: Path, message_log, monkeypatch
) -> None:
    folder = BackupFolder(data_dir / BACKUP_DIR)
    folder.take(sample_ledger.folder)
    time.sleep(1.1)
    (data_dir / BACKUP_DIR / "wenming-20190101-000000.sqlite3").write_bytes(b"broken")
    dialog = BackupDialog(sample_ledger)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 2, timeout=10_000)
    texts = [dialog.model.data(dialog.model.index(r, 2)) for r in range(2)]
    assert texts == ["43 条", "已损坏，不能使用"]

    copy = tmp_path / "手动备份.zip"
    dialog.backup_to(copy)
    qtbot.waitUntil(lambda: copy.exists() and bool(message_log.shown), timeout=10_000)
    assert "已备份 43 条记录" in message_log.shown[-1][2]

    # change the data, then restore the backup through the main window's menu
    sample_ledger.entries.move_to_trash(
        [r.id for r in sample_ledger.entries.rows(EntryQuery())][:3]
    )
    sample_ledger.entries.add(EntryDraft(area_id=1, date="2020-01-01", name="备份之后"))
    window = MainWindow(sample_ledger)
    qtbot.addWidget(window)
    window.show()

    def pick_first(chosen: BackupDialog) -> int:
        qtbot.waitUntil(lambda: chosen.model.rowCount() == 2, timeout=10_000)
        chosen.table.selectRow(0)
        message_log.answer = True
        chosen.restore_selected()
        return 1

    monkeypatch.setattr(BackupDialog, "exec", pick_first)
    window.show_backups()
    assert window.restore_requested is not None and not window.isVisible()
    sample_ledger.close()
    _restore(data_dir, window.restore_requested)  # what the application does next
    assert "共 43 条记录" in message_log.shown[-1][2]
    reopened = Ledger.open(data_dir)
    try:
        assert reopened.entries.totals(EntryQuery()).count == 43
        assert not [e for e in reopened.entries.details(EntryQuery()) if e.name == "备份之后"]
    finally:
        reopened.close()


def test_the_app_reopens_on_the_restored_data(
    qtbot, sample_ledger: Ledger, data_dir: Path, message_log, monkeypatch
) -> None:
    from PySide6.QtWidgets import QApplication

    from wenming_desktop.gui import application
    from wenming_desktop.gui.single_instance import SingleInstance

    backup = BackupFolder(data_dir / BACKUP_DIR).take(sample_ledger.folder).path
    sample_ledger.entries.add(EntryDraft(area_id=1, date="2020-01-01", name="备份之后"))
    sample_ledger.close()
    shown: list[int] = []

    def clerk(_app) -> int:
        window = next(
            w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()
        )
        shown.append(window.ledger.entries.totals(EntryQuery()).count)
        if len(shown) == 1:
            window.restore_requested = backup  # as 备份与恢复 → 用所选备份恢复 does
        window.close()
        return 0

    monkeypatch.setattr(QApplication, "exec", clerk)
    instance = SingleInstance(data_dir)
    assert instance.acquire()
    try:
        options = application.StartOptions(data_dir=data_dir)
        assert application._run_with_lock(QApplication.instance(), options, instance) == 0
    finally:
        instance.release()
    assert shown == [44, 43], message_log.shown  # before the restore, then the restored ledger
