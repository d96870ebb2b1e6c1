"""The database file itself, read with nothing but the standard library.

Used before the ledger is opened (and before SQLAlchemy is even imported): to check the
file at start-up while the rest of the app loads, and by the backup and check tools.
"""

from __future__ import annotations

import json
import logging
import os
import sqlite3
import threading
from pathlib import Path, PurePath
from urllib.parse import quote

log = logging.getLogger(__name__)


def file_uri(path: PurePath, read_only: bool = True) -> str:
    """An SQLite ``file:`` URI for ``path``, with an empty authority.

    Percent-encoded, so %, # and ? in folder names are safe. Windows paths keep their
    drive (``file:///C:/…``) or their server share (``//server/share/…`` becomes
    ``file:////server/share/…``); ``Path.as_uri()`` puts the server in the authority,
    which SQLite refuses — and a ledger on a share would have been called damaged.
    """
    text = path.as_posix()  # backslashes are separators only in Windows paths
    uri = "file://" + ("" if text.startswith("/") else "/") + quote(text, safe="/:")
    return uri + ("?mode=ro" if read_only else "")


def open_read_only(path: Path) -> sqlite3.Connection:
    """A plain read-only connection, e.g. to check a file without migrating or locking it."""
    return sqlite3.connect(file_uri(Path(os.path.abspath(path))), uri=True)


def is_damaged(database: Path) -> bool:
    """SQLite's ``quick_check`` fails (or the file is not a database at all).

    A file that cannot be opened or read just now (locked, busy, permissions, a network
    hiccup) is not called damaged: opening the ledger reports that in Chinese instead,
    and a sound file is never moved aside for it.
    """
    if not database.exists():
        return False
    try:
        connection = open_read_only(database)
        try:
            row = connection.execute("PRAGMA quick_check").fetchone()
            return not row or row[0] != "ok"
        finally:
            connection.close()
    except sqlite3.OperationalError as error:
        log.warning("Could not check %s: %s", database, error)
        return False
    except sqlite3.DatabaseError:  # "file is not a database", "malformed"
        return True


def read_names(database: Path) -> tuple[str, tuple[str, ...]]:
    """The unit's name and the work areas' short names, in order — what the window shows
    before the ledger is open. A missing or unreadable file gives ("", ())."""
    if not database.exists():
        return "", ()
    try:
        connection = open_read_only(database)
        try:
            rows = connection.execute("SELECT short_name FROM work_area ORDER BY position")
            names = tuple(str(name) for (name,) in rows)
            row = connection.execute("SELECT value FROM setting WHERE key = 'unit_name'").fetchone()
        finally:
            connection.close()
        unit = json.loads(row[0]) if row else ""
    except (sqlite3.Error, ValueError):
        return "", ()
    return (unit if isinstance(unit, str) else ""), names


class BackgroundCheck:
    """``is_damaged`` in a thread, started first thing at start-up.

    ``quick_check`` reads the whole file (≈ 70 ms at 100,000 entries, seconds from a cold
    disk); SQLite releases the GIL meanwhile, so the check runs beside the imports and
    costs the start almost nothing. :meth:`damaged` waits for the answer.
    """

    def __init__(self, database: Path) -> None:
        self._answer: bool | None = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(
            target=self._run, args=(database,), name="quick_check", daemon=True
        )
        self._thread.start()

    def _run(self, database: Path) -> None:
        try:
            self._answer = is_damaged(database)
        except BaseException as error:  # handed to the caller of damaged()
            self._error = error

    def damaged(self) -> bool:
        self._thread.join()
        if self._error is not None:
            raise self._error
        return bool(self._answer)
