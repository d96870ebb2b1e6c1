"""Start-up never locks the clerk out: stale, empty and foreign locks, unusable data files,
read-only folders; leftovers of interrupted work are cleaned (issue 12)."""

from __future__ import annotations

import errno
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from wenming_desktop import cli
from wenming_desktop.books.draft import EntryDraft
from wenming_desktop.errors import UserError
from wenming_desktop.files import atomic_output, note_outputs_in
from wenming_desktop.ledger import Ledger
from wenming_desktop.paths import DataFolder
from wenming_desktop.safety import leftovers
from wenming_desktop.safety.backup import copy_database
from wenming_desktop.safety.check import check
from wenming_desktop.safety.lock import FolderLock, Holder, LockState, this_computer
from wenming_desktop.store.sqlite_file import FileState, inspect_ledger

SMOKE_TIMEOUT_S = 60


def smoke(data_dir: Path) -> tuple[int, dict[str, object]]:
    """``wenming --smoke`` as a script runs it: it must end on its own, with one JSON line."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, "-m", "wenming_desktop", "--data-dir", str(data_dir), "--smoke"],
        capture_output=True,
        text=True,
        timeout=SMOKE_TIMEOUT_S,  # a dialog waiting for a click would hang here
        env=env,
        stdin=subprocess.DEVNULL,
        check=False,
    )
    lines = [line for line in result.stdout.splitlines() if line.startswith("{")]
    assert lines, (result.stdout, result.stderr)
    return result.returncode, json.loads(lines[-1])


# -- the lock ------------------------------------------------------------------------------
def test_an_empty_lock_file_is_free(tmp_path: Path) -> None:
    (tmp_path / "wenming.lock").write_bytes(b"")  # a power cut while the lock was written
    lock = FolderLock(tmp_path)
    assert lock.acquire().state is LockState.HELD
    lock.release()


def test_a_lock_of_a_dead_or_reused_pid_on_this_computer_is_free(tmp_path: Path) -> None:
    for pid in (999_999, os.getppid()):  # gone, and alive but not holding the lock
        holder = Holder(pid, this_computer(), "2026-11-30T09:00:00", "wenming")
        (tmp_path / "wenming.lock").write_text(holder.text(), encoding="utf-8")
        lock = FolderLock(tmp_path)
        result = lock.acquire()
        assert result.state is LockState.HELD and "stale" in result.note
        lock.release()


def test_a_lock_held_now_is_busy_and_says_by_whom(tmp_path: Path) -> None:
    first = FolderLock(tmp_path)
    assert first.acquire().state is LockState.HELD
    second = FolderLock(tmp_path)
    busy = second.acquire()
    assert busy.state is LockState.BUSY and busy.holder is not None
    assert busy.holder.pid == os.getpid() and "已经在运行" in busy.message(tmp_path)
    first.release()
    assert second.acquire().state is LockState.HELD  # free once the first has closed
    second.release()
    assert (tmp_path / "wenming.lock").read_text() == ""  # emptied, never deleted


def test_a_lock_from_another_computer_is_explained_and_can_be_taken_over(tmp_path: Path) -> None:
    holder = Holder(4242, "办公室-另一台电脑", "2026-11-30T09:00:00", "wenming")
    (tmp_path / "wenming.lock").write_text(holder.text(), encoding="utf-8")
    lock = FolderLock(tmp_path)
    result = lock.acquire()
    assert result.state is LockState.OTHER_COMPUTER
    text = result.message(tmp_path)
    assert "办公室-另一台电脑" in text and "接管" in text and "损坏数据" in text
    assert FolderLock(tmp_path).acquire().state is LockState.BUSY  # held while asking
    assert lock.take_over().state is LockState.HELD
    assert Holder.parse((tmp_path / "wenming.lock").read_text()).host == this_computer()
    lock.release()


def test_a_folder_that_cannot_be_written_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for code, words in ((errno.EROFS, "只读"), (errno.ENOSPC, "磁盘空间已满")):

        def refuse(*_args: object, code: int = code) -> int:
            raise OSError(code, os.strerror(code))

        monkeypatch.setattr(os, "open", refuse)
        result = FolderLock(tmp_path).acquire()
        monkeypatch.undo()
        assert result.state is LockState.CANNOT_WRITE and words in result.reason
        assert "只读方式打开" in result.message(tmp_path)


# -- start-up: --smoke never waits ---------------------------------------------------------
def test_smoke_with_a_zero_byte_database_prints_a_json_error(tmp_path: Path) -> None:
    (tmp_path / "wenming.sqlite3").write_bytes(b"")
    code, result = smoke(tmp_path)
    assert code == 1 and "空文件" in str(result["error"])
    assert (tmp_path / "wenming.sqlite3").stat().st_size == 0  # a smoke run moves nothing


def test_smoke_with_an_empty_lock_file_starts(tmp_path: Path) -> None:
    (tmp_path / "wenming.lock").write_bytes(b"")
    code, result = smoke(tmp_path)
    tabs = result["tabs"]
    assert code == 0 and isinstance(tabs, list) and len(tabs) == 8


def test_smoke_with_a_lock_from_another_computer_prints_a_json_error(tmp_path: Path) -> None:
    holder = Holder(4242, "另一台电脑", "2026-11-30T09:00:00", "wenming")
    (tmp_path / "wenming.lock").write_text(holder.text(), encoding="utf-8")
    code, result = smoke(tmp_path)
    assert code == 1 and "另一台电脑" in str(result["error"])


def test_smoke_while_the_folder_is_in_use_prints_a_json_error(tmp_path: Path) -> None:
    lock = FolderLock(tmp_path)
    assert lock.acquire().state is LockState.HELD
    try:
        code, result = smoke(tmp_path)
    finally:
        lock.release()
    assert code == 1 and "已经在运行" in str(result["error"])


def test_smoke_with_a_foreign_database_prints_a_json_error(tmp_path: Path) -> None:
    with sqlite3.connect(tmp_path / "wenming.sqlite3") as connection:
        connection.execute("CREATE TABLE entry (id INTEGER PRIMARY KEY)")
    code, result = smoke(tmp_path)
    assert code == 1 and "不是“文明创建台账”" in str(result["error"])


# -- files that are no usable ledger ---------------------------------------------------------
def test_files_at_the_ledgers_place_are_judged_without_being_changed(
    ledger: Ledger, tmp_path: Path
) -> None:
    assert inspect_ledger(ledger.folder.database).state is FileState.OK
    cases = {
        "empty": (b"", FileState.EMPTY),
        "text": ("这是一份 Word 文档".encode() * 100, FileState.FOREIGN),
    }
    for name, (data, expected) in cases.items():
        path = tmp_path / f"{name}.sqlite3"
        path.write_bytes(data)
        assert inspect_ledger(path).state is expected
    no_version = tmp_path / "no_version.sqlite3"
    copy_database(ledger.folder.database, no_version)
    with sqlite3.connect(no_version) as connection:
        connection.execute("DROP TABLE alembic_version")
    assert inspect_ledger(no_version).state is FileState.FOREIGN
    assert inspect_ledger(tmp_path / "nothing.sqlite3").state is FileState.MISSING


def test_a_ledger_without_its_version_table_is_refused_in_chinese(
    ledger: Ledger, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ledger.close()
    with sqlite3.connect(data_dir / "wenming.sqlite3") as connection:
        connection.execute("DROP TABLE alembic_version")
    with pytest.raises(UserError, match="不是“文明创建台账”的台账"):
        Ledger.open(data_dir)
    assert cli.main(["--data-dir", str(data_dir), "list", "--year", "2019"]) == 1
    err = capsys.readouterr().err
    assert "不是“文明创建台账”的台账" in err and "Traceback" not in err


# -- read-only folders -----------------------------------------------------------------------
def test_a_read_only_folder_opens_the_ledger_read_only(
    sample_ledger: Ledger, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sample_ledger.close()
    monkeypatch.setattr(DataFolder, "write_problem", lambda _self: "数据文件夹所在的磁盘是只读的")
    ledger = Ledger.open(data_dir)
    try:
        assert ledger.read_only == "数据文件夹所在的磁盘是只读的"
        assert len(ledger.entries.rows(ledger_query(2019))) == 43
        with pytest.raises(UserError, match="只读"):
            ledger.entries.add(EntryDraft(area_id=1, date="2019-01-01", name="写不进去"))
        assert ledger.summaries.load_or_draft(2019).title  # drafts without storing
    finally:
        ledger.close()
    report = check(DataFolder(data_dir))
    assert report.ok and any("只读" in note for note in report.notes)


def ledger_query(year: int):
    from wenming_desktop.books.query import EntryQuery

    return EntryQuery(year=year)


def test_on_a_really_read_only_disk_list_check_and_smoke_work(
    tmpfs: Callable[[str], Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """root ignores file permissions, so chmod proves nothing: a tmpfs remounted read-only."""
    read_only_disk = tmpfs("20m")
    root = read_only_disk / "数据"
    ledger = Ledger.open(root)
    ledger.load_sample()
    first_uuid = ledger.entries.rows(ledger_query(2019))[0].uuid
    ledger.close()
    remounted = subprocess.run(
        ["mount", "-o", "remount,ro", str(read_only_disk)], capture_output=True, check=False
    )
    assert remounted.returncode == 0, remounted.stderr
    assert cli.main(["--data-dir", str(root), "list", "--year", "2019"]) == 0
    assert "共 43 条" in capsys.readouterr().out
    assert cli.main(["--data-dir", str(root), "check"]) == 0
    out = capsys.readouterr().out
    assert "只读" in out and "损坏" not in out
    photo = read_only_disk.parent / "照片.jpg"
    photo.write_bytes(b"jpeg")
    assert cli.main(["--data-dir", str(root), "attach", first_uuid, str(photo)]) == 1
    assert "只读" in capsys.readouterr().err
    code, result = smoke(root)
    assert code == 0 and result["entries"] == 43 and "只读" in str(result["read_only"])


# -- leftovers -------------------------------------------------------------------------------
def test_leftovers_of_interrupted_work_are_found_and_removed(
    ledger: Ledger, data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = ledger.folder
    temp = tmp_path / "系统临时文件夹"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    old = time.time() - 3600
    made = [
        temp / "wenming-import-abc" / "附件.jpg",
        data_dir / "backups" / ".backup-abc.sqlite3",
        data_dir / "backups" / ".backup-abc.sqlite3-journal",
        data_dir / "backups" / ".restore-abc.sqlite3",
        data_dir / "backups" / "attachments" / ".incoming-abc",
        data_dir / "attachments" / ".incoming-xyz",
    ]
    for path in made:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"half written")
        os.utime(path, (old, old))
    os.utime(made[0].parent, (old, old))
    made[0] = made[0].parent  # the import's whole temporary folder goes
    young = data_dir / "attachments" / ".incoming-being-written"
    young.write_bytes(b"another copy of the program is writing this")
    ours_not = data_dir / "backups" / "wenming-20260101-090000.sqlite3"
    ours_not.write_bytes(b"a backup, not a leftover")
    os.utime(ours_not, (old, old))
    outputs = tmp_path / "导出"
    outputs.mkdir()
    note_outputs_in(folder.output_journal)
    try:
        with atomic_output(outputs / "总结.pdf", suffixes=(".pdf",), what="总结") as temp:
            temp.write_bytes(b"%PDF")
            kept = temp.with_name(temp.name + "-copy")  # what a kill would leave behind
            shutil.copy(temp, kept)
            temp_name = temp
        os.replace(kept, temp_name)
        os.utime(temp_name, (old, old))
    finally:
        note_outputs_in(None)
    found = {item.path for item in leftovers.find(folder, before=time.time() - 60)}
    assert found == {*made, temp_name}
    report = check(folder)
    assert any("临时文件" in note for note in report.notes)
    removed = leftovers.clean(folder)  # at start-up: older than this process
    assert {item.path for item in removed} == found
    assert young.exists() and ours_not.exists() and (outputs / "总结.pdf").exists()
    assert not any(path.exists() for path in found)


def test_declining_to_take_over_keeps_the_other_computers_mark(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    holder = Holder(4242, "财务室电脑", "2026-11-30T09:00:00", "wenming")
    (tmp_path / "wenming.lock").write_text(holder.text(), encoding="utf-8")
    backup = tmp_path / "备份.zip"
    for _attempt in range(2):  # asked (refused) every time, not only the first
        assert cli.main(["--data-dir", str(tmp_path), "restore", str(backup)]) == 1
        assert "财务室电脑" in capsys.readouterr().err
    assert Holder.parse((tmp_path / "wenming.lock").read_text()).host == "财务室电脑"


def test_writing_commands_wait_for_nobody_while_the_window_has_the_folder(
    sample_ledger: Ledger, data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    photo = tmp_path / "照片.jpg"
    photo.write_bytes(b"jpeg")
    uuid = sample_ledger.entries.rows(ledger_query(2019))[0].uuid
    window = FolderLock(data_dir)  # what the running window holds
    assert window.acquire().state is LockState.HELD
    try:
        assert cli.main(["--data-dir", str(data_dir), "attach", uuid, str(photo)]) == 1
        assert "请在程序窗口中操作" in capsys.readouterr().err
        assert cli.main(["--data-dir", str(data_dir), "list", "--year", "2019"]) == 0  # reads
    finally:
        window.release()
    assert cli.main(["--data-dir", str(data_dir), "attach", uuid, str(photo)]) == 0


def test_without_the_folders_lock_the_window_opens_the_ledger_read_only(
    sample_ledger: Ledger, data_dir: Path
) -> None:
    from wenming_desktop.gui.application import _forced_read_only
    from wenming_desktop.safety.lock import LockResult

    sample_ledger.close()

    class NoLock:
        result = LockResult(LockState.CANNOT_WRITE, reason="没有写入数据文件夹的权限")

    reason = _forced_read_only(NoLock())
    ledger = Ledger.open(data_dir, read_only=reason)
    try:
        assert ledger.read_only == "没有写入数据文件夹的权限"
    finally:
        ledger.close()


def test_a_read_only_folder_with_an_unfinished_journal_shows_its_last_changes(
    tmpfs: Callable[[str], Path], tmp_path: Path
) -> None:
    """A write-ahead log left by a crash, no -shm, then the folder became read-only: the
    journal's changes are shown (read from a copy), and a backup to elsewhere holds them."""
    disk = tmpfs("20m")
    root = disk / "数据"
    ledger = Ledger.open(root)
    ledger.load_sample()
    ledger.close()
    code = (
        "import os, sys\n"
        "from pathlib import Path\n"
        "from wenming_desktop.ledger import Ledger\n"
        "from wenming_desktop.store.models import Entry\n"
        "ledger = Ledger.open(Path(sys.argv[1]))\n"
        "with ledger.database.writing() as session:\n"
        "    session.get(Entry, 1).name = '断电前最后的修改'\n"
        "os._exit(0)\n"  # killed: the change is only in the -wal
    )
    subprocess.run([sys.executable, "-c", code, str(root)], check=True)
    Path(f"{root / 'wenming.sqlite3'}-shm").unlink()
    assert subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=False).returncode == 0
    opened = Ledger.open(root)
    try:
        assert opened.read_only
        entry = opened.entries.get(1)
        assert entry is not None and entry.name == "断电前最后的修改"
    finally:
        opened.close()
    from wenming_desktop.safety.archive import BackupFile, write_backup_file

    written = write_backup_file(DataFolder(root), tmp_path / "备份.zip")
    assert written.entries == 43
    with BackupFile(written.path) as backup:
        assert not backup.verify(tmp_path).damaged
