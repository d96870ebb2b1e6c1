"""Power-cut safety, in the style of SQLite's crash tests: 200 kills with SIGKILL.

- 120 kills of a writer that adds entries (each with an attachment: two tables in one
  transaction) and reports each commit after it returns. After every kill: every
  acknowledged entry is there, no entry lacks its attachment row, ``integrity_check`` ok.
- 40 kills during backups with attachments (the backup file and the automatic backup in
  turn): the ledger is untouched, and whatever carries a backup's real name is complete —
  database verified, every attachment there with its SHA-256.
- 40 kills during a restore with attachments: the data folder holds either the data as
  it was or the restored backup, completely — never a mixture, never less.

Slow (a couple of minutes): skip locally with ``-m "not slow"``; CI runs it.
"""

from __future__ import annotations

import hashlib
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

WRITE_ROUNDS, BACKUP_ROUNDS, RESTORE_ROUNDS = 120, 40, 40

WRITER = textwrap.dedent(
    """
    import sys, uuid
    from pathlib import Path
    from wenming_desktop.ledger import Ledger
    from wenming_desktop.books.draft import EntryDraft

    folder, round_number = Path(sys.argv[1]), int(sys.argv[2])
    ledger = Ledger.open(folder)
    photo = folder.parent / f"photo-{round_number}.jpg"
    photo.write_bytes(b"jpeg" + str(round_number).encode())
    print("ready", flush=True)
    number = 0
    while True:
        entry_uuid = str(uuid.uuid5(uuid.NAMESPACE_URL, f"crash-{round_number}-{number}"))
        ledger.entries.add(EntryDraft(area_id=1, date="2019-05-01", name=f"断电测试{number}"),
                           [photo], entry_uuid=entry_uuid)
        print(entry_uuid, flush=True)  # acknowledged: the commit has returned
        number += 1
    """
)

BACKER_UP = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from wenming_desktop.paths import DataFolder
    from wenming_desktop.safety.archive import write_backup_file
    from wenming_desktop.safety.backup import BackupFolder

    folder, target, kind = DataFolder(Path(sys.argv[1])), Path(sys.argv[2]), sys.argv[3]
    print("ready", flush=True)
    while True:
        if kind == "file":
            write_backup_file(folder, target)
        else:
            BackupFolder(folder.root / "backups").take(folder)
        print("done", flush=True)
    """
)

RESTORER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from wenming_desktop.paths import DataFolder
    from wenming_desktop.safety.restore import restore

    folder, source = DataFolder(Path(sys.argv[1])), Path(sys.argv[2])
    print("ready", flush=True)
    restore(folder, source)
    print("done", flush=True)
    """
)


def _start(script: str, *args: str) -> subprocess.Popen[str]:
    process = subprocess.Popen(
        [sys.executable, "-c", script, *args], stdout=subprocess.PIPE, text=True
    )
    assert process.stdout is not None
    assert process.stdout.readline().strip() == "ready"
    return process


def _kill(process: subprocess.Popen[str]) -> list[str]:
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    assert process.stdout is not None
    return [line.strip() for line in process.stdout if line.strip()]


def _state(root: Path) -> tuple[frozenset[str], dict[str, str]]:
    """The entries' UUIDs and, for each referenced attachment file, its SHA-256 ("" when
    the file is missing). The database must be whole."""
    connection = sqlite3.connect(root / "wenming.sqlite3")
    try:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        uuids = frozenset(row[0] for row in connection.execute("SELECT uuid FROM entry"))
        rows = connection.execute("SELECT DISTINCT sha256, file_name FROM attachment").fetchall()
    finally:
        connection.close()
    found: dict[str, str] = {}
    for sha, name in rows:
        path = root / "attachments" / sha[:2] / f"{sha}{Path(name).suffix.lower()}"
        found[sha] = hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else ""
    return uuids, found


def _complete(state: tuple[frozenset[str], dict[str, str]]) -> bool:
    return all(sha == actual for sha, actual in state[1].items())


def _ledger_with_photos(root: Path, name: str, entries: int, photos: int) -> None:
    from wenming_desktop.books.draft import EntryDraft
    from wenming_desktop.ledger import Ledger

    ledger = Ledger.open(root)
    files = []
    for number in range(photos):
        photo = root.parent / f"{name}-{number}.jpg"
        photo.write_bytes(os.urandom(150_000))
        files.append(photo)
    for number in range(entries):
        attached = files[number : number + 1] if number < photos else []
        ledger.entries.add(
            EntryDraft(area_id=1, date="2019-06-01", name=f"{name}{number}"), attached
        )
    ledger.close()


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is a POSIX signal")
def test_killed_writers_lose_nothing_acknowledged(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    rng = random.Random(20191231)
    acknowledged: set[str] = set()
    for round_number in range(WRITE_ROUNDS):
        writer = _start(WRITER, str(folder), str(round_number))
        time.sleep(rng.uniform(0.0, 0.15))
        acknowledged.update(_kill(writer))

        connection = sqlite3.connect(folder / "wenming.sqlite3")
        try:
            assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            stored = {row[0] for row in connection.execute("SELECT uuid FROM entry")}
            assert acknowledged <= stored, f"round {round_number}: acknowledged entries lost"
            half = connection.execute(
                "SELECT count(*) FROM entry WHERE id NOT IN (SELECT entry_id FROM attachment)"
            ).fetchone()[0]
            assert half == 0, f"round {round_number}: an entry without its attachment row"
        finally:
            connection.close()
    assert len(acknowledged) > WRITE_ROUNDS  # the writers did get work done between kills


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is a POSIX signal")
def test_a_killed_backup_never_leaves_a_broken_backup_under_a_real_name(tmp_path: Path) -> None:
    from wenming_desktop.paths import DataFolder
    from wenming_desktop.safety.archive import BackupFile
    from wenming_desktop.safety.backup import BackupFolder

    root = tmp_path / "data"
    _ledger_with_photos(root, "活动", entries=300, photos=12)
    before = _state(root)
    target = tmp_path / "U盘" / "台账备份.zip"
    target.parent.mkdir()
    rng = random.Random(2019)
    finished = 0
    for round_number in range(BACKUP_ROUNDS):
        kind = "file" if round_number % 2 == 0 else "automatic"
        process = _start(BACKER_UP, str(root), str(target), kind)
        time.sleep(rng.uniform(0.0, 0.6))
        finished += len(_kill(process))
        assert _state(root) == before, f"round {round_number}: the ledger changed"
        if target.exists():
            with BackupFile(target) as backup:
                checked = backup.verify(tmp_path)
            assert not checked.damaged and checked.attachments == 12, round_number
        folder = BackupFolder(root / "backups")
        for backup in folder.backups():
            assert folder.check(backup).complete, f"round {round_number}: {backup.path.name}"
    assert finished > 0  # some backups did finish between kills
    from wenming_desktop.safety import leftovers

    leftovers.remove(leftovers.find(DataFolder(root), before=time.time() + 1))
    assert not list((root / "backups").glob(".*"))


def _time_one_restore(tmp_path: Path, pristine: Path, source: Path) -> float:
    """How long a restore takes from "ready" to its end, so kills land all through it."""
    work = tmp_path / "timing"
    shutil.copytree(pristine, work)
    process = _start(RESTORER, str(work / "data"), str(source))
    started = time.perf_counter()
    assert process.stdout is not None
    assert process.stdout.readline().strip() == "done"
    duration = time.perf_counter() - started
    process.wait()
    shutil.rmtree(work)
    return duration


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is a POSIX signal")
def test_a_killed_restore_leaves_the_old_data_or_the_backup_whole(tmp_path: Path) -> None:
    from wenming_desktop.paths import DataFolder
    from wenming_desktop.safety.archive import write_backup_file

    pristine = tmp_path / "pristine"
    _ledger_with_photos(pristine / "data", "今天", entries=200, photos=6)
    other = tmp_path / "other"
    _ledger_with_photos(other, "备份里", entries=150, photos=10)
    source = tmp_path / "备份.zip"
    write_backup_file(DataFolder(other), source)
    old, restored = _state(pristine / "data"), _state(other)
    assert old[0] != restored[0]
    duration = _time_one_restore(tmp_path, pristine, source)
    rng = random.Random(1231)
    outcomes = {"old": 0, "restored": 0}
    for round_number in range(RESTORE_ROUNDS):
        work = tmp_path / "work"
        shutil.rmtree(work, ignore_errors=True)
        shutil.copytree(pristine, work)
        root = work / "data"
        process = _start(RESTORER, str(root), str(source))
        time.sleep(rng.uniform(0.0, duration * 1.2))
        _kill(process)
        now = _state(root)
        assert now[0] in (old[0], restored[0]), f"round {round_number}: a mixture of both"
        assert _complete(now), f"round {round_number}: attachment files missing"
        outcomes["old" if now[0] == old[0] else "restored"] += 1
    assert outcomes["old"] and outcomes["restored"], outcomes  # killed before and after
