"""A backup is the clerk's whole data — database and every attachment — and a restore
never destroys (issue 12)."""

from __future__ import annotations

import datetime as dt
import errno
import json
import os
import shutil
import sqlite3
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import remove_database
from wenming_desktop import cli
from wenming_desktop.books.draft import EntryDraft
from wenming_desktop.books.query import EntryQuery
from wenming_desktop.errors import UserError
from wenming_desktop.ledger import Ledger
from wenming_desktop.paths import DataFolder
from wenming_desktop.safety import archive
from wenming_desktop.safety import backup as backup_module
from wenming_desktop.safety.archive import BackupFile, write_backup_file
from wenming_desktop.safety.backup import BACKUP_DIR, BackupFolder, references
from wenming_desktop.safety.places import back_up, last_offsite, mirror_status
from wenming_desktop.safety.restore import preview, restore
from wenming_desktop.work import Steps

PHOTOS = {"现场照片.jpg": b"\xff\xd8\xff" + os.urandom(3000), "签到表.png": os.urandom(5000)}


@pytest.fixture
def with_photos(sample_ledger: Ledger, tmp_path: Path) -> Ledger:
    """The sample ledger, two entries with attachments (one file shared by both)."""
    files = []
    for name, data in PHOTOS.items():
        path = tmp_path / name
        path.write_bytes(data)
        files.append(path)
    first, second = sample_ledger.entries.rows(EntryQuery(year=2019))[:2]
    sample_ledger.entries.attach(first.uuid, files)
    sample_ledger.entries.attach(second.uuid, files[:1])
    return sample_ledger


def state(root: Path) -> tuple[set[tuple[str, str]], dict[str, bytes]]:
    """The entries (uuid, name) and every attachment file's bytes, by name."""
    ledger = Ledger.open(root)
    try:
        entries = {(e.uuid, e.name) for e in ledger.entries.details(EntryQuery())}
        files: dict[str, bytes] = {}
        for entry in ledger.entries.details(EntryQuery()):
            for info in entry.attachments:
                path = ledger.entries.attachment_path(info)
                files[info.file_name] = path.read_bytes() if path.exists() else b""
        return entries, files
    finally:
        ledger.close()


def run_cli(root: Path, *args: str) -> int:
    return cli.main(["--data-dir", str(root), *args])


# -- complete backups ----------------------------------------------------------------------
def test_an_automatic_backup_holds_every_attachment_and_restores_them(
    with_photos: Ledger, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with_photos.close()
    before = state(data_dir)
    assert before[1] == PHOTOS
    assert run_cli(data_dir, "backup") == 0
    assert "2 个附件" in capsys.readouterr().out
    shutil.rmtree(data_dir / "attachments")  # the disk lost every photo
    assert run_cli(data_dir, "check") == 1
    newest = BackupFolder(data_dir / BACKUP_DIR).backups()[0]
    assert run_cli(data_dir, "restore", str(newest.path)) == 0
    out = capsys.readouterr().out
    assert "已从备份恢复，共 43 条记录、2 个附件" in out
    assert state(data_dir) == before
    assert run_cli(data_dir, "check") == 0


def test_a_backup_file_restores_everything_on_a_new_pc(
    with_photos: Ledger, data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = state(data_dir)
    usb = tmp_path / "U盘" / "台账备份.zip"
    usb.parent.mkdir()
    assert run_cli(data_dir, "backup", "--out", str(usb)) == 0
    assert "43 条记录、2 个附件" in capsys.readouterr().out
    with zipfile.ZipFile(usb) as opened:
        names = opened.namelist()
        stored = [opened.getinfo(n).compress_type for n in names if n.startswith("attachments/")]
    assert "wenming.sqlite3" in names and "manifest.json" in names
    assert stored == [zipfile.ZIP_STORED] * 2  # photos are stored, not deflated
    new_pc = tmp_path / "新电脑" / "数据"
    assert run_cli(new_pc, "restore", str(usb)) == 0
    assert state(new_pc) == before
    assert run_cli(new_pc, "check") == 0


def test_backups_share_attachment_files_and_keep_them_while_needed(
    with_photos: Ledger, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = BackupFolder(tmp_path / "backups")
    first = folder.take(with_photos.folder, now=dt.datetime(2026, 1, 1, 9))
    second = folder.take(with_photos.folder, now=dt.datetime(2026, 1, 1, 10))
    pool_files = sorted(p.name for p in folder.pool.rglob("*") if p.is_file())
    assert len(pool_files) == 2  # each file once, shared by both backups
    assert first.attachments == second.attachments == 2 and first.complete
    entry = with_photos.entries.rows(EntryQuery(year=2019))[0]
    detail = with_photos.entries.get(entry.id)
    assert detail is not None
    drop = {a.id for a in detail.attachments if a.file_name == "签到表.png"}
    with_photos.entries.update(entry.id, draft_of(detail), remove_attachment_ids=drop)
    third = folder.take(with_photos.folder, now=dt.datetime(2026, 6, 1, 9))
    assert folder.backups()[0].path == third.path
    assert len([p for p in folder.pool.rglob("*") if p.is_file()]) == 2  # still needed
    monkeypatch.setattr(backup_module, "POOL_GRACE_S", -1)  # no backup is being taken now
    for keep in ("KEEP_DAILY", "KEEP_WEEKLY", "KEEP_MONTHLY"):
        monkeypatch.setattr(backup_module, keep, 1)
    folder.prune(now=dt.datetime(2027, 6, 1))  # only the newest backup stays
    remaining = sorted(p.name for p in folder.pool.rglob("*") if p.is_file())
    assert len(folder.backups()) == 1 and len(remaining) == 1
    assert folder.check(folder.backups()[0]).complete


def draft_of(detail) -> EntryDraft:
    return EntryDraft(
        area_id=detail.area_id,
        date=detail.date.isoformat(),
        name=detail.name,
        kind=detail.kind,
        location=detail.location,
        organizer=detail.organizer,
        participants=detail.participants,
        volunteer_hours=detail.volunteer_hours,
        content=detail.content,
        remarks=detail.remarks,
    )


def test_a_missing_attachment_is_listed_not_hidden(
    with_photos: Ledger, data_dir: Path, tmp_path: Path
) -> None:
    photo = next(
        with_photos.entries.attachment_path(a)
        for e in with_photos.entries.details(EntryQuery())
        for a in e.attachments
        if a.file_name == "签到表.png"
    )
    photo.unlink()
    written = write_backup_file(with_photos.folder, tmp_path / "备份.zip")
    assert written.missing == ("签到表.png",) and "找不到 1 个附件文件" in written.describe()
    taken = BackupFolder(data_dir / BACKUP_DIR).take(with_photos.folder)
    assert taken.missing == ("签到表.png",)
    with_photos.close()
    result = restore(DataFolder(tmp_path / "新"), tmp_path / "备份.zip")
    assert result.missing == ("签到表.png",) and "签到表.png" in result.describe()


def test_a_tampered_attachment_is_not_restored_as_if_it_were_good(
    with_photos: Ledger, tmp_path: Path
) -> None:
    target = tmp_path / "备份.zip"
    write_backup_file(with_photos.folder, target)
    tampered = tmp_path / "改过.zip"
    with zipfile.ZipFile(target) as source, zipfile.ZipFile(tampered, "w") as out:
        for info in source.infolist():
            data = source.read(info)
            if info.filename.endswith(".png"):
                data = bytes(reversed(data))  # same size, other content
            out.writestr(info, data)
    result = restore(DataFolder(tmp_path / "新"), tampered)
    assert result.missing == ("签到表.png",)
    assert not list((tmp_path / "新" / "attachments").rglob("*.png"))
    with BackupFile(tampered) as opened:
        assert opened.verify(tmp_path).damaged


def test_an_old_database_only_backup_still_restores_with_a_note(
    with_photos: Ledger, tmp_path: Path
) -> None:
    old = tmp_path / "旧版备份.sqlite3"
    backup_module.copy_database(with_photos.folder.database, old)  # what 0.1 wrote
    assert preview(old).database_only
    with_photos.close()
    result = restore(DataFolder(tmp_path / "新"), old)
    assert result.database_only and result.entries == 43
    assert "只含数据库" in result.describe() and len(result.missing) == 2


# -- a restore that cannot destroy ---------------------------------------------------------
def test_with_no_room_for_the_safety_copy_restore_refuses_and_changes_nothing(
    with_photos: Ledger,
    data_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    small = tmp_path / "小备份.zip"
    with_photos.entries.add(EntryDraft(area_id=1, date="2020-01-01", name="备份之后的记录"))
    other = Ledger.open(tmp_path / "别处")
    other.entries.add(EntryDraft(area_id=1, date="2019-01-01", name="只有一条"))
    write_backup_file(other.folder, small)
    other.close()
    with_photos.close()
    before = state(data_dir)
    database_bytes = (data_dir / "wenming.sqlite3").read_bytes()

    def disk_full(*_args: object, **_kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(backup_module, "copy_verified", disk_full)  # the safety copy's files
    assert run_cli(data_dir, "restore", str(small)) == 1
    err = capsys.readouterr().err
    assert "磁盘空间已满" in err and "无法先备份当前数据，未恢复" in err
    assert state(data_dir) == before and len(before[0]) == 44
    assert (data_dir / "wenming.sqlite3").read_bytes() == database_bytes
    assert not list((data_dir / BACKUP_DIR).glob("wenming-*.sqlite3"))
    assert not list((data_dir / BACKUP_DIR).glob(".*"))  # no temporary files left


def test_newer_or_foreign_backups_are_refused_before_anything_is_touched(
    with_photos: Ledger, data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    newer_db = tmp_path / "新版本.sqlite3"
    backup_module.copy_database(with_photos.folder.database, newer_db)
    with sqlite3.connect(newer_db) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '0099'")
    newer_zip = tmp_path / "新版本.zip"
    write_backup_file(with_photos.folder, newer_zip)
    rewrite_manifest(newer_zip, schema_revision="0099", app_version="9.0")
    foreign = tmp_path / "别的软件.sqlite3"
    with sqlite3.connect(foreign) as connection:
        connection.execute("CREATE TABLE entry (id INTEGER PRIMARY KEY, title TEXT)")
        connection.execute("INSERT INTO entry (title) VALUES ('x')")
    package = tmp_path / "交换包.zip"
    from wenming_desktop.exchange.package import write_package

    write_package(with_photos, package, year=2019)
    text = tmp_path / "说明.txt"
    text.write_text("不是备份", encoding="utf-8")
    with_photos.close()
    before = state(data_dir)
    listing = files_in(data_dir)
    for source, words in (
        (newer_db, "更新版本"),
        (newer_zip, "更新版本"),
        (foreign, "不是“文明创建台账”的备份文件"),
        (package, "交换包"),
        (text, "不是“文明创建台账”的备份文件"),
    ):
        assert run_cli(data_dir, "restore", str(source)) == 1, source
        err = capsys.readouterr().err
        assert words in err and "Traceback" not in err, err
    assert files_in(data_dir) == listing and state(data_dir) == before


def files_in(root: Path) -> list[Path]:
    """The data folder's files, but for the log, the lock and SQLite's journals."""
    return sorted(
        p.relative_to(root)
        for p in root.rglob("*")
        if "logs" not in p.parts and not p.name.endswith(("-wal", "-shm", ".lock"))
    )


def rewrite_manifest(path: Path, **changes: object) -> None:
    temp = path.with_suffix(".tmp")
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(temp, "w") as out:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == archive.MANIFEST:
                manifest = json.loads(data)
                manifest.update(changes)
                data = json.dumps(manifest).encode()
            out.writestr(info, data)
    temp.replace(path)


def test_restoring_over_a_damaged_database_moves_it_aside(
    with_photos: Ledger, data_dir: Path, tmp_path: Path
) -> None:
    good = tmp_path / "备份.zip"
    write_backup_file(with_photos.folder, good)
    with_photos.close()
    path = data_dir / "wenming.sqlite3"
    with path.open("r+b") as handle:
        handle.seek(os.path.getsize(path) // 2)
        handle.write(b"\xde\xad\xbe\xef" * 2048)
    damaged = path.read_bytes()
    result = restore(DataFolder(data_dir), good)
    assert result.moved_aside is not None and result.safety is None
    assert result.moved_aside.read_bytes() == damaged  # kept, never deleted
    assert "已移到" in result.describe()
    assert len(state(data_dir)[0]) == 43


def test_a_zero_byte_database_is_moved_aside_by_a_restore(
    with_photos: Ledger, data_dir: Path, tmp_path: Path
) -> None:
    good = tmp_path / "备份.zip"
    write_backup_file(with_photos.folder, good)
    with_photos.close()
    remove_database(data_dir)
    (data_dir / "wenming.sqlite3").write_bytes(b"")
    result = restore(DataFolder(data_dir), good)
    assert result.moved_aside is not None and result.moved_aside.stat().st_size == 0


def test_a_cancelled_restore_changes_nothing(with_photos: Ledger, tmp_path: Path) -> None:
    good = tmp_path / "备份.zip"
    write_backup_file(with_photos.folder, good)
    target = tmp_path / "新"
    with pytest.raises(UserError, match="已取消"):
        restore(DataFolder(target), good, Steps(None, lambda: True))
    assert not (target / "wenming.sqlite3").exists()
    assert not [p for p in (target / "attachments").rglob("*") if p.is_file()]


# -- the second place ----------------------------------------------------------------------
def test_the_automatic_backup_also_goes_to_the_second_place_when_it_is_there(
    with_photos: Ledger, data_dir: Path, tmp_path: Path
) -> None:
    assert mirror_status(with_photos.folder, "").warning  # every backup on one disk
    stick = tmp_path / "U盘"
    run = back_up(with_photos.folder, str(stick), "ledger-a")
    assert run.mirror is None and "不可用" in run.mirror_problem  # not plugged in
    stick.mkdir()
    run = back_up(with_photos.folder, str(stick), "ledger-a")
    assert (
        run.mirror is not None and run.mirror.path.parent == stick / "文明创建台账备份" / "ledger-a"
    )
    assert BackupFolder(run.mirror.path.parent).check(run.mirror).complete
    # tmp_path is one disk: the app says so rather than calling it safe
    assert mirror_status(with_photos.folder, str(stick)).warning
    assert last_offsite(with_photos.folder) is None
    with_photos.close()
    new_pc = tmp_path / "新电脑"
    assert run_cli(new_pc, "restore", str(run.mirror.path)) == 0
    assert state(new_pc)[1] == PHOTOS


def test_the_backup_file_is_verified_before_it_takes_its_name(
    with_photos: Ledger, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "备份.zip"
    target.write_bytes(b"an older good backup")

    def broken_disk(self, *_args, **_kwargs):
        return archive.Checked(43, 2, (), ("attachments/x",))

    monkeypatch.setattr(BackupFile, "verify", broken_disk)
    with pytest.raises(UserError, match="核验未通过"):
        write_backup_file(with_photos.folder, target)
    assert target.read_bytes() == b"an older good backup"
    assert not list(tmp_path.glob(".wenming-*"))


def test_references_list_each_stored_file_once(with_photos: Ledger) -> None:
    refs = references(with_photos.folder.database)
    assert sorted(r.file_name for r in refs) == sorted(PHOTOS)


def test_on_a_really_full_disk_restore_exits_1_and_the_data_is_unchanged(
    tmpfs: Callable[[str], Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    small_disk = tmpfs("6m")
    root = small_disk / "数据"
    ledger = Ledger.open(root)
    ledger.load_sample()
    photo = tmp_path / "大照片.jpg"
    photo.write_bytes(os.urandom(1_500_000))
    ledger.entries.attach(ledger.entries.rows(EntryQuery())[0].uuid, [photo])
    small = tmp_path / "小备份.zip"
    other = Ledger.open(tmp_path / "别处")
    other.entries.add(EntryDraft(area_id=1, date="2019-01-01", name="只有一条"))
    write_backup_file(other.folder, small)
    other.close()
    ledger.close()
    filler = small_disk / "占满.bin"
    free = shutil.disk_usage(small_disk).free
    filler.write_bytes(b"\0" * max(free - 1_000_000, 0))  # about 1 MB left: no room for a copy
    before = state(root)
    assert run_cli(root, "restore", str(small)) == 1
    err = capsys.readouterr().err
    assert "磁盘空间已满" in err and "未恢复" in err, err
    assert state(root) == before and len(before[0]) == 43


# -- found by review: each of these lost data or said something untrue -----------------------
def test_restoring_an_old_automatic_backup_keeps_it_and_every_photo_it_holds(
    with_photos: Ledger, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = BackupFolder(data_dir / BACKUP_DIR)
    oldest = folder.take(with_photos.folder, now=dt.datetime(2025, 1, 5))
    for entry in with_photos.entries.details(EntryQuery()):  # the photos leave the ledger
        if entry.attachments:
            drop = {a.id for a in entry.attachments}
            with_photos.entries.update(entry.id, draft_of(entry), remove_attachment_ids=drop)
    folder.take(with_photos.folder, now=dt.datetime(2025, 6, 5))
    # Any thinning now would remove the oldest backup and the photos only it holds.
    monkeypatch.setattr(backup_module, "POOL_GRACE_S", -1)
    for keep in ("KEEP_DAILY", "KEEP_WEEKLY", "KEEP_MONTHLY"):
        monkeypatch.setattr(backup_module, keep, 1)
    with_photos.close()
    shutil.rmtree(data_dir / "attachments")
    result = restore(DataFolder(data_dir), oldest.path)
    assert result.missing == () and oldest.path.exists()
    assert state(data_dir)[1] == PHOTOS


def test_the_copy_taken_before_a_restore_is_never_thinned(
    with_photos: Ledger, data_dir: Path, tmp_path: Path
) -> None:
    other = Ledger.open(tmp_path / "别处")
    write_backup_file(other.folder, tmp_path / "空.zip")
    other.close()
    with_photos.close()
    result = restore(DataFolder(data_dir), tmp_path / "空.zip")
    assert result.safety is not None and result.safety.reason == "before-restore"
    folder = BackupFolder(data_dir / BACKUP_DIR)
    reopened = Ledger.open(data_dir)
    now = dt.datetime.now()
    for days in range(1, 60):  # two months of daily use and backups
        folder.take(reopened.folder, now=now + dt.timedelta(days=days))
    reopened.close()
    assert result.safety.path.exists()
    assert folder.check(folder.backups()[-1]).complete or result.safety.path.exists()
    assert state_of_backup(result.safety.path) == 43


def state_of_backup(path: Path) -> int:
    return backup_module.verify(path)


def test_a_file_reused_by_a_new_backup_is_young_again_for_the_thinning(
    with_photos: Ledger, tmp_path: Path
) -> None:
    folder = BackupFolder(tmp_path / "backups")
    folder.take(with_photos.folder, now=dt.datetime(2026, 1, 1))
    old = dt.datetime(2025, 1, 1).timestamp()
    for path in folder.pool.rglob("*.*"):
        os.utime(path, (old, old))
    folder.take(with_photos.folder, now=dt.datetime(2026, 1, 2))
    ages = [path.stat().st_mtime for path in folder.pool.rglob("*.*")]
    assert ages and min(ages) > old  # another process's thinning now leaves them alone


def test_a_backup_that_cannot_remove_an_old_one_still_succeeds(
    with_photos: Ledger, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = BackupFolder(tmp_path / "backups")
    folder.take(with_photos.folder, now=dt.datetime(2020, 1, 1))
    real_unlink = Path.unlink

    def in_use(self: Path, missing_ok: bool = False) -> None:
        if self.name.startswith("wenming-2020"):
            raise PermissionError(13, "另一个程序正在使用此文件")
        real_unlink(self, missing_ok=missing_ok)

    monkeypatch.setattr(Path, "unlink", in_use)
    for keep in ("KEEP_DAILY", "KEEP_WEEKLY", "KEEP_MONTHLY"):
        monkeypatch.setattr(backup_module, keep, 1)
    taken = folder.take(with_photos.folder, now=dt.datetime(2026, 1, 1))
    assert taken.path.exists() and len(folder.backups()) == 2  # removed next time


def test_two_ledgers_backing_up_to_one_stick_keep_their_own_backups(
    with_photos: Ledger, tmp_path: Path
) -> None:
    stick = tmp_path / "U盘"
    stick.mkdir()
    other = Ledger.open(tmp_path / "另一台电脑")
    other.load_sample()
    now = dt.datetime(2026, 1, 1)
    for day in range(30):
        moment = now + dt.timedelta(days=day)
        back_up(with_photos.folder, str(stick), with_photos.settings.ledger_id(), moment)
        if day == 0:
            back_up(other.folder, str(stick), other.settings.ledger_id(), moment)
    other.close()
    folders = sorted(p for p in (stick / "文明创建台账备份").iterdir())
    assert len(folders) == 2
    counts = sorted(len(BackupFolder(f).backups()) for f in folders)
    assert counts[0] == 1 and counts[1] > 10  # the other ledger's only backup survives


def test_a_failed_restore_leaves_a_damaged_database_where_it_was(
    with_photos: Ledger, data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    good = tmp_path / "备份.zip"
    write_backup_file(with_photos.folder, good)
    with_photos.close()
    shutil.rmtree(data_dir / "attachments")
    path = data_dir / "wenming.sqlite3"
    with path.open("r+b") as handle:
        handle.seek(os.path.getsize(path) // 2)
        handle.write(b"\xde\xad\xbe\xef" * 2048)
    damaged = path.read_bytes()
    from wenming_desktop.safety import restore as restore_module

    def disk_full(*_args: object) -> bool:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(restore_module._FileSource, "fetch", disk_full)
    with pytest.raises(UserError, match="当前数据没有改动"):
        restore(DataFolder(data_dir), good)
    assert path.read_bytes() == damaged  # still there: "没有改动" is true
    assert not list(data_dir.glob("*.damaged"))


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"attachments": 5}, "附件清单的格式不对"),
        ({"missing_attachments": 7}, "附件清单的格式不对"),
        ({"schema_revision": ["0004"]}, "缺少数据版本"),
        ({"format": "wenming-package"}, "是交换包"),
        ({"format_version": 99}, "更新版本"),
        ({"database": {"path": "wenming.sqlite3", "sha256": "0", "size": True}}, "大小与清单不符"),
    ],
)
def test_a_lying_manifest_is_refused_in_chinese(
    with_photos: Ledger, tmp_path: Path, change: dict[str, object], words: str
) -> None:
    target = tmp_path / "备份.zip"
    write_backup_file(with_photos.folder, target)
    rewrite_manifest(target, **change)
    with pytest.raises(UserError, match=words):
        restore(DataFolder(tmp_path / "新"), target)
    assert not (tmp_path / "新" / "wenming.sqlite3").exists()


def test_a_truncated_or_corrupted_backup_file_is_called_damaged(
    with_photos: Ledger, tmp_path: Path
) -> None:
    target = tmp_path / "备份.zip"
    write_backup_file(with_photos.folder, target)
    data = target.read_bytes()
    cut = tmp_path / "拷了一半.zip"
    cut.write_bytes(data[: len(data) // 2])
    with pytest.raises(UserError, match="已损坏或不完整"):
        restore(DataFolder(tmp_path / "新"), cut)
    flipped = tmp_path / "坏.zip"
    with zipfile.ZipFile(target) as source, zipfile.ZipFile(flipped, "w") as out:
        for info in source.infolist():  # stored: the manifest's bytes in plain sight
            out.writestr(zipfile.ZipInfo(info.filename, info.date_time), source.read(info))
    raw = bytearray(flipped.read_bytes())
    raw[raw.index(b'"format": "wenming-backup"') + 1] ^= 0x20  # a bit flipped on the stick
    flipped.write_bytes(bytes(raw))
    with pytest.raises(UserError, match="备份清单已损坏"):
        restore(DataFolder(tmp_path / "新2"), flipped)


def test_a_backup_of_a_ledger_without_attachments_is_not_called_an_old_one(
    sample_ledger: Ledger, data_dir: Path, tmp_path: Path
) -> None:
    taken = BackupFolder(data_dir / BACKUP_DIR).take(sample_ledger.folder)
    assert not (data_dir / BACKUP_DIR / "attachments").exists()  # nothing to share
    assert not preview(taken.path).database_only
    sample_ledger.close()
    result = restore(DataFolder(tmp_path / "新"), taken.path)
    assert not result.database_only and "旧版本" not in result.describe()
