"""Benchmark: backups that hold the attachments, and restoring one (issue 12).

    python bench/backup.py

A ledger of 10,000 entries with 300 photos of 1 MB each (300 MB, as a year of a busy
office). The targets are ceilings a clerk would accept, not figures the issue names: an
automatic backup with nothing new runs every 30 minutes in the background, so it must stay
cheap; the first one, a backup file and a restore copy every photo once (or twice: a backup
file is read back to verify it).
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import generate, print_table, temp_ledger

from wenming_desktop.books.query import EntryQuery
from wenming_desktop.paths import DataFolder
from wenming_desktop.safety.archive import write_backup_file
from wenming_desktop.safety.backup import BackupFolder
from wenming_desktop.safety.restore import restore

ENTRIES, PHOTOS, PHOTO_BYTES = 10_000, 300, 1024 * 1024
YEAR = 2023


def _once(work) -> float:
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        ledger = temp_ledger(root / "data")
        generate(ledger, ENTRIES, YEAR)
        photos = root / "photos"
        photos.mkdir()
        rows = ledger.entries.rows(EntryQuery(year=YEAR), limit=PHOTOS)
        for number, row in enumerate(rows):
            photo = photos / f"现场照片{number}.jpg"
            photo.write_bytes(os.urandom(PHOTO_BYTES))  # photos do not compress
            ledger.entries.attach(row.uuid, [photo])
        data = ledger.folder
        backups = BackupFolder(data.root / "backups")
        first, again, files, restores = [], [], [], []
        target, new_pc = root / "台账备份.zip", root / "新电脑"
        for _run in range(3):
            shutil.rmtree(backups.root, ignore_errors=True)
            first.append(_once(lambda: backups.take(data)))
            again.append(_once(lambda: backups.take(data)))
            files.append(_once(lambda: write_backup_file(data, target)))
            shutil.rmtree(new_pc, ignore_errors=True)
            restores.append(_once(lambda: restore(DataFolder(new_pc), target)))
        size = target.stat().st_size
        ledger.close()
    print_table(
        f"Backups with attachments, {ENTRIES:,} entries, {PHOTOS} photos of 1 MB "
        f"(backup file {size / 1024**2:,.0f} MB)",
        [
            ("automatic backup, first (copies every photo)", first, 30.0),
            ("automatic backup, nothing new since the last", again, 1.0),
            ("backup file (.zip), written and read back", files, 30.0),
            ("restore that file into an empty data folder", restores, 30.0),
        ],
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
