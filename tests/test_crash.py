"""Power-cut safety, in the style of SQLite's crash tests.

A writer process adds entries (each with an attachment: two tables in one transaction)
and reports each commit after it returns. It is killed with SIGKILL at a random moment,
200 times. After every kill: every acknowledged entry is there, no entry lacks its
attachment row (no half-applied transaction), and ``integrity_check`` says ok.

Slow (a couple of minutes): skip locally with ``-m "not slow"``; CI runs it.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

ROUNDS = 200

WRITER = textwrap.dedent(
    """
    import sys, uuid
    from pathlib import Path
    from wenming_desktop.ledger import Ledger
    from wenming_desktop.ledger.draft import EntryDraft

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


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is a POSIX signal")
def test_killed_writers_lose_nothing_acknowledged(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    rng = random.Random(20191231)
    acknowledged: set[str] = set()
    for round_number in range(ROUNDS):
        writer = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(folder), str(round_number)],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert writer.stdout is not None
        assert writer.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(0.0, 0.15))
        os.kill(writer.pid, signal.SIGKILL)
        writer.wait()
        acknowledged.update(line.strip() for line in writer.stdout if line.strip())

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
    assert len(acknowledged) > ROUNDS  # the writers did get work done between kills
