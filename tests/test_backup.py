"""Verified backups, restore, and the integrity check (the start of issue 6)."""

from __future__ import annotations

import datetime as dt
import os
import threading
from pathlib import Path

import pytest

from wenming_desktop import cli
from wenming_desktop.books.draft import EntryDraft
from wenming_desktop.books.query import EntryQuery
from wenming_desktop.errors import UserError
from wenming_desktop.ledger import Ledger
from wenming_desktop.safety.backup import Backup, BackupFolder, copy_database, kept, verify


def entries_of(ledger: Ledger) -> set[tuple[str, str]]:
    return {(e.uuid, e.name) for e in ledger.entries.details(EntryQuery())}


def test_retention_keeps_the_day_and_thins_the_past() -> None:
    now = dt.datetime(2026, 11, 23, 12, 0)
    taken = [now - dt.timedelta(hours=6 * n) for n in range(4 * 400)]  # four a day for 400 days
    backups = [Backup(Path(f"b{n}"), moment, 1, 1) for n, moment in enumerate(taken)]
    chosen = kept(backups, now)
    recent = [b for b in chosen if now - b.taken_at < dt.timedelta(days=1)]
    assert len(recent) == 4  # everything from the last 24 hours
    days = {b.taken_at.date() for b in chosen}
    assert all((now - dt.timedelta(days=n)).date() in days for n in range(12))
    months = {(b.taken_at.year, b.taken_at.month) for b in chosen}
    assert len(months) >= 9
    assert len(chosen) < 40  # not everything: 1,600 backups thinned to a few dozen


def test_backup_is_verified_and_counts_entries(sample_ledger: Ledger, tmp_path: Path) -> None:
    target = tmp_path / "备份.sqlite3"
    assert copy_database(sample_ledger.folder.database, target) == 43
    assert verify(target) == 43
    broken = tmp_path / "坏.sqlite3"
    broken.write_bytes(b"garbage" * 500)
    with pytest.raises(UserError, match="不是有效的台账备份"):
        verify(broken)


def test_a_failed_backup_never_replaces_a_good_one(
    sample_ledger: Ledger, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "备份.sqlite3"
    copy_database(sample_ledger.folder.database, target)
    good = target.read_bytes()
    import wenming_desktop.safety.backup as module
    from wenming_desktop.store.sqlite_file import FileState, LedgerFile

    damaged = LedgerFile(FileState.DAMAGED, detail="*** in database main ***")
    monkeypatch.setattr(module, "inspect_ledger", lambda _path, **_kwargs: damaged)
    with pytest.raises(UserError):
        copy_database(sample_ledger.folder.database, target)
    assert target.read_bytes() == good
    assert not list(tmp_path.glob(".backup-*"))


def test_a_backup_taken_while_writing_restores_cleanly(ledger: Ledger, tmp_path: Path) -> None:
    stop = threading.Event()

    def keep_writing() -> None:
        day = 0
        while not stop.is_set():
            day = day % 28 + 1
            ledger.entries.add(EntryDraft(area_id=1, date=f"2019-02-{day:02d}", name=f"会议{day}"))

    writer = threading.Thread(target=keep_writing)
    writer.start()
    try:
        snapshots = [
            copy_database(ledger.folder.database, tmp_path / f"b{n}.sqlite3") for n in range(5)
        ]
    finally:
        stop.set()
        writer.join()
    assert snapshots == sorted(snapshots)  # each later one holds at least as much
    target = Ledger.open(tmp_path / "恢复到这里")
    target.close()
    from wenming_desktop.paths import DataFolder
    from wenming_desktop.safety.restore import restore

    result = restore(DataFolder(tmp_path / "恢复到这里"), tmp_path / "b4.sqlite3")
    assert result.entries == snapshots[-1]


def test_backup_change_restore_gives_back_exactly_the_backup(
    sample_ledger: Ledger, data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = entries_of(sample_ledger)
    backup = tmp_path / "备份.zip"
    assert cli.main(["--data-dir", str(data_dir), "backup", "--out", str(backup)]) == 0
    some = [row.id for row in sample_ledger.entries.rows(EntryQuery())][:5]
    sample_ledger.entries.move_to_trash(some)
    sample_ledger.entries.add(EntryDraft(area_id=1, date="2020-01-01", name="备份之后的记录"))
    sample_ledger.close()
    assert cli.main(["--data-dir", str(data_dir), "restore", str(backup)]) == 0
    assert "恢复前的数据已备份到" in capsys.readouterr().out
    restored = Ledger.open(data_dir)
    try:
        assert entries_of(restored) == before
        assert restored.entries.totals(EntryQuery()).count == 43
    finally:
        restored.close()
    assert BackupFolder(data_dir / "backups").backups()  # the state before the restore


def test_check_reports_a_damaged_file_in_chinese(
    sample_ledger: Ledger, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["--data-dir", str(data_dir), "check"]) == 0
    assert "数据文件完好" in capsys.readouterr().out
    sample_ledger.close()
    path = data_dir / "wenming.sqlite3"
    with path.open("r+b") as handle:  # overwrite bytes in the middle of the file
        handle.seek(os.path.getsize(path) // 2)
        handle.write(b"\xde\xad\xbe\xef" * 2048)
    assert cli.main(["--data-dir", str(data_dir), "check"]) == 1
    err = capsys.readouterr().err
    assert "损坏" in err and "restore" in err


def test_check_lists_missing_and_orphaned_attachments(
    ledger: Ledger, data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    photo = tmp_path / "照片.jpg"
    photo.write_bytes(b"jpeg bytes")
    saved = ledger.entries.add(EntryDraft(area_id=1, date="2019-01-02", name="会议"), [photo])
    ledger.entries.attachment_path(saved.attachments[0]).unlink()
    (ledger.folder.attachments / "ab").mkdir(exist_ok=True)
    (ledger.folder.attachments / "ab" / "stray.png").write_bytes(b"x")
    assert cli.main(["--data-dir", str(data_dir), "check"]) == 1
    captured = capsys.readouterr()
    assert "缺少 1 个附件文件" in captured.err and "照片.jpg" in captured.err
    assert "不属于任何记录" in captured.out


def test_a_migration_is_preceded_by_a_backup(tmp_path: Path) -> None:
    import shutil

    folder = tmp_path / "旧版本"
    folder.mkdir()
    fixtures = Path(__file__).parent / "fixtures"
    shutil.copy(fixtures / "schema_0001.sqlite3", folder / "wenming.sqlite3")
    Ledger.open(folder).close()
    backups = BackupFolder(folder / "backups").backups()
    assert len(backups) == 1 and verify(backups[0].path) == 1
    Ledger.open(folder).close()  # already current: no second backup
    assert len(BackupFolder(folder / "backups").backups()) == 1


def test_backups_in_the_same_second_never_overwrite_each_other(
    sample_ledger: Ledger, tmp_path: Path
) -> None:
    folder = BackupFolder(tmp_path / "backups")
    moment = dt.datetime(2026, 11, 23, 9, 0, 0)
    first = folder.take(sample_ledger.folder, now=moment)
    sample_ledger.entries.add(EntryDraft(area_id=1, date="2020-01-01", name="之后"))
    second = folder.take(sample_ledger.folder, now=moment)
    assert first.path != second.path
    assert (verify(first.path), verify(second.path)) == (43, 44)
    assert [b.path for b in folder.backups()] == [second.path, first.path]


def test_a_migration_that_fails_half_way_leaves_the_data_as_before(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil
    import sqlite3

    from alembic import command

    folder = tmp_path / "旧版本"
    folder.mkdir()
    shutil.copy(
        Path(__file__).parent / "fixtures" / "schema_0001.sqlite3", folder / "wenming.sqlite3"
    )

    def half_way(config, _target) -> None:
        connection = config.attributes["connection"]
        connection.exec_driver_sql("ALTER TABLE entry ADD COLUMN half_done INTEGER")
        connection.exec_driver_sql("UPDATE entry SET name = '改坏了'")
        raise RuntimeError("the power went out")

    monkeypatch.setattr(command, "upgrade", half_way)
    with pytest.raises(RuntimeError):
        Ledger.open(folder)
    database = sqlite3.connect(folder / "wenming.sqlite3")
    try:
        columns = [row[1] for row in database.execute("PRAGMA table_info(entry)")]
        assert "half_done" not in columns
        assert database.execute("SELECT name FROM entry").fetchall() == [("学雷锋志愿服务",)]
        assert database.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)
    finally:
        database.close()
    assert len(BackupFolder(folder / "backups").backups()) == 1  # taken before migrating
