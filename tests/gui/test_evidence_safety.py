"""Issue 12 as the clerk meets it: 设置 keeps what it does not show, 备份与恢复 brings the
photos back, start-up asks before taking over and opens a read-only folder read-only."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox
from pytestqt.qtbot import QtBot

from tests.conftest import remove_database
from tests.gui.helpers import OpenWindow, commit_text
from wenming_desktop.books.query import EntryQuery
from wenming_desktop.gui import application
from wenming_desktop.gui.application import _claim, _recover_if_needed, _restore
from wenming_desktop.gui.background import run_in_background
from wenming_desktop.gui.backup_dialog import BackupDialog
from wenming_desktop.gui.settings_dialog import SettingsDialog
from wenming_desktop.gui.single_instance import SingleInstance
from wenming_desktop.ledger import Ledger
from wenming_desktop.paths import DataFolder
from wenming_desktop.safety.backup import BACKUP_DIR, BackupFolder
from wenming_desktop.safety.check import check
from wenming_desktop.safety.lock import Holder

PHOTO = b"\xff\xd8\xff" + bytes(range(256)) * 20


@pytest.fixture
def with_photo(sample_ledger: Ledger, tmp_path: Path) -> Ledger:
    photo = tmp_path / "现场照片.jpg"
    photo.write_bytes(PHOTO)
    first = sample_ledger.entries.rows(EntryQuery(year=2019))[0]
    sample_ledger.entries.attach(first.uuid, [photo])
    return sample_ledger


def test_saving_settings_keeps_the_fields_the_dialog_does_not_show(
    qtbot: QtBot, ledger: Ledger
) -> None:
    mappings = {"日期|活动名称|地点": {"date": 0, "name": 1, "location": 2}}
    ledger.settings.update(summary_with_stats=True, excel_mappings=mappings)
    dialog = SettingsDialog(ledger)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClick(dialog.unit_edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    commit_text(dialog.unit_edit, "某区教育局")
    save = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save)
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    settings = ledger.settings.load()
    assert settings.unit_name == "某区教育局"
    assert settings.summary_with_stats is True  # 附统计表 stays ticked
    assert settings.excel_mappings == mappings  # saved column matches stay


def test_the_backup_window_restores_every_photo_after_the_disk_lost_them(
    qtbot: QtBot, with_photo: Ledger, data_dir: Path, tmp_path: Path, message_log, monkeypatch
) -> None:
    dialog = BackupDialog(with_photo)
    qtbot.addWidget(dialog)
    assert dialog.place_warning  # no second place: every backup on the data's disk
    assert "同一块磁盘" in dialog.place_label.text()
    usb = tmp_path / "台账备份.zip"
    dialog.backup_to(usb)
    qtbot.waitUntil(lambda: any("已备份" in t for t in message_log.texts()), timeout=20_000)
    assert "1 个附件" in message_log.texts()[-1]
    with_photo.close()
    shutil.rmtree(data_dir / "attachments")
    monkeypatch.setattr(
        "PySide6.QtWidgets.QFileDialog.getOpenFileName", lambda *_a, **_k: (str(usb), "")
    )
    message_log.answer = True
    dialog.restore_other()
    assert dialog.restore_from == usb
    assert "1 个附件" in message_log.shown[-1][2]  # the question says what the backup holds
    _restore(data_dir, usb)  # what the application does once the window has closed
    assert "共 43 条记录、1 个附件" in message_log.shown[-1][2]
    assert check(DataFolder(data_dir)).ok
    reopened = Ledger.open(data_dir)
    try:
        entry = reopened.entries.details(EntryQuery(year=2019))[0]
        assert reopened.entries.attachment_path(entry.attachments[0]).read_bytes() == PHOTO
    finally:
        reopened.close()


def test_the_automatic_backups_are_listed_with_their_attachments(
    qtbot: QtBot, with_photo: Ledger, data_dir: Path
) -> None:
    BackupFolder(data_dir / BACKUP_DIR).take(with_photo.folder)
    dialog = BackupDialog(with_photo)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 1, timeout=10_000)
    assert dialog.model.data(dialog.model.index(0, 3)) == "1 个，齐全"


def test_a_lock_from_another_computer_is_taken_over_only_when_the_clerk_agrees(
    qtbot: QtBot, tmp_path: Path, message_log
) -> None:
    holder = Holder(4242, "财务室电脑", "2026-11-30T09:00:00", "wenming")
    (tmp_path / "wenming.lock").write_text(holder.text(), encoding="utf-8")
    options = application.StartOptions(data_dir=tmp_path)
    message_log.answer = False
    declined = SingleInstance(tmp_path)
    assert not _claim(declined, options)
    declined.release()
    kind, _title, text = message_log.shown[-1]
    assert kind == "ask" and "财务室电脑" in text and "接管" in text
    message_log.answer = True
    agreed = SingleInstance(tmp_path)
    assert _claim(agreed, options)
    agreed.release()


def test_a_zero_byte_database_is_moved_aside_and_the_backup_offered(
    qtbot: QtBot, with_photo: Ledger, data_dir: Path, message_log
) -> None:
    BackupFolder(data_dir / BACKUP_DIR).take(with_photo.folder)
    with_photo.close()
    remove_database(data_dir)
    (data_dir / "wenming.sqlite3").write_bytes(b"")
    shutil.rmtree(data_dir / "attachments")
    message_log.answer = True
    _recover_if_needed(data_dir)
    kind, _title, text = message_log.shown[0]
    assert kind == "ask" and "空的" in text and "共 43 条记录" in text
    assert len(list(data_dir.glob("wenming.sqlite3.*.damaged"))) == 1
    assert check(DataFolder(data_dir)).ok  # records and the photo are back


def test_a_missing_database_with_backups_is_offered_the_newest(
    qtbot: QtBot, sample_ledger: Ledger, data_dir: Path, message_log
) -> None:
    BackupFolder(data_dir / BACKUP_DIR).take(sample_ledger.folder)
    sample_ledger.close()
    remove_database(data_dir)
    message_log.answer = True
    _recover_if_needed(data_dir, application.BackgroundCheck(data_dir / "wenming.sqlite3").result())
    assert message_log.shown[0][1] == "找不到数据文件"
    reopened = Ledger.open(data_dir)
    try:
        assert reopened.entries.totals(EntryQuery()).count == 43
    finally:
        reopened.close()


def test_a_read_only_folder_opens_with_a_notice_and_nothing_that_writes(
    qtbot: QtBot, sample_ledger: Ledger, data_dir: Path, open_window: OpenWindow, monkeypatch
) -> None:
    sample_ledger.close()
    monkeypatch.setattr(DataFolder, "write_problem", lambda _self: "磁盘空间已满")
    ledger = Ledger.open(data_dir)
    try:
        window = open_window(ledger)
        assert window.read_only_notice.isVisible()
        assert "磁盘空间已满" in window.read_only_notice.text()
        assert window.windowTitle().endswith("（只读）")
        ui = window.ui
        for action in (ui.actionNew, ui.actionImportExcel, ui.actionSettings, ui.actionDelete):
            assert not action.isEnabled()
        assert window.summary_tab.editor.isReadOnly()
        dialog = BackupDialog(ledger)
        qtbot.addWidget(dialog)
        assert dialog.backup_button.isEnabled() and not dialog.restore_button.isEnabled()
        window.close()
    finally:
        ledger.close()


def test_a_failed_background_job_logs_its_traceback(
    qtbot: QtBot, caplog: pytest.LogCaptureFixture
) -> None:
    failures: list[Exception] = []

    def broken() -> None:
        raise ValueError("a bug, not the clerk's doing")

    with caplog.at_level(logging.INFO):
        run_in_background(broken, None, lambda error, _details: failures.append(error))
        qtbot.waitUntil(lambda: bool(failures), timeout=5_000)
    record = next(r for r in caplog.records if r.name == "wenming_desktop.gui.background")
    assert record.levelno == logging.ERROR and record.exc_info is not None
    assert QApplication.instance() is not None
