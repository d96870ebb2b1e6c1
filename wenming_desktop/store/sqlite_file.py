"""The database file itself, read with nothing but the standard library.

Used before the ledger is opened (and before SQLAlchemy is even imported): to check the
file at start-up while the rest of the app loads, and by the backup and check tools.
"""

from __future__ import annotations

import enum
import json
import logging
import os
import shutil
import sqlite3
import tempfile
import threading
from dataclasses import dataclass
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


def read_only_uri(path: Path) -> str:
    """The URI that reads ``path`` as it is, changing nothing, wherever it lies.

    Normally ``mode=ro``. A ledger in WAL mode needs its ``-shm`` file, which SQLite cannot
    create in a read-only folder (or on a full disk): without a ``-wal`` the file is then
    opened ``immutable`` (nothing can be writing to a folder nobody can write to); with one,
    whose transactions ``immutable`` would not see, the file and its ``-wal`` are copied
    to a temporary folder (``wenming-readonly-…``, removed at a later start) and read there.
    """
    absolute = Path(os.path.abspath(path))
    uri = file_uri(absolute)
    try:
        probe = sqlite3.connect(uri, uri=True)
        try:
            probe.execute("SELECT count(*) FROM sqlite_master").fetchone()
            return uri
        finally:
            probe.close()
    except sqlite3.OperationalError as error:
        text = str(error).lower()
        if "readonly" not in text and "unable to open" not in text:
            raise
        log.info("Cannot open %s in place (%s)", absolute, error)
    wal = Path(f"{absolute}-wal")
    if wal.exists() and wal.stat().st_size > 0:
        copy = Path(tempfile.mkdtemp(prefix=READ_ONLY_COPY_PREFIX)) / absolute.name
        shutil.copyfile(absolute, copy)
        shutil.copyfile(wal, Path(f"{copy}-wal"))
        return file_uri(copy, read_only=False)
    return uri + "&immutable=1"


#: Temporary copies made by :func:`read_only_uri` (a leftover pattern in the temp folder).
READ_ONLY_COPY_PREFIX = "wenming-readonly-"


def open_read_only(path: Path) -> sqlite3.Connection:
    """A plain read-only connection, e.g. to check a file without migrating or locking it."""
    return sqlite3.connect(read_only_uri(path), uri=True)


#: SQLite's own messages (lower case) and what they mean for the clerk.
SQLITE_PROBLEMS = (
    ("locked", "数据文件正被另一个程序（可能是另一个打开的“文明创建台账”）使用，请稍后再试。"),
    ("busy", "数据文件正被另一个程序使用，请稍后再试。"),
    ("disk is full", "磁盘空间已满，无法保存。请清理磁盘后再试，刚才的修改没有保存。"),
    ("readonly", "数据文件是只读的，无法保存修改。请检查文件夹的权限。"),
    ("read-only", "数据文件是只读的，无法保存修改。请检查文件夹的权限。"),
    (
        "not a database",
        "数据文件已损坏，无法读取。请用“备份与恢复”恢复最近的备份，或联系维护人员。",
    ),
    ("malformed", "数据文件已损坏，无法读取。请用“备份与恢复”恢复最近的备份，或联系维护人员。"),
    ("unable to open", "无法打开数据文件，请检查数据文件夹是否存在、是否有权限。"),
    ("disk i/o", "读写数据文件时出错，磁盘可能有故障或已被拔出。"),
    ("too complex", "查找的文字太长或太复杂，请缩短后再试。"),
    ("too big", "内容太长，无法保存。"),
)


def describe_sqlite_error(error: BaseException) -> str | None:
    """SQLite's English message in Chinese, or None when it is not one we know."""
    text = str(error).lower()
    for words, message in SQLITE_PROBLEMS:
        if words in text:
            return message
    return None


class FileState(enum.StrEnum):
    """What a file at the ledger's place is, judged without changing it."""

    MISSING = "missing"
    OK = "ok"  # one of our ledgers, of this version or an older one
    EMPTY = "empty"  # 0 bytes, or an SQLite file without any table
    FOREIGN = "foreign"  # an SQLite file, but not one of our ledgers
    DAMAGED = "damaged"
    NEWER = "newer"  # one of our ledgers, written by a later version of the app
    UNREADABLE = "unreadable"  # locked, no permission, an I/O error: not judged at all


#: A file in one of these states is moved aside (never deleted) before a ledger takes its place.
REPLACEABLE = frozenset({FileState.EMPTY, FileState.FOREIGN, FileState.DAMAGED})
SQLITE_HEADER = b"SQLite format 3\x00"
#: The tables every version of our schema has.
LEDGER_TABLES = frozenset({"work_area", "entry", "attachment", "setting", "alembic_version"})


@dataclass(frozen=True, slots=True)
class LedgerFile:
    """The verdict on one file; ``entries`` is counted only when asked for."""

    state: FileState
    revision: str | None = None
    entries: int = -1
    detail: str = ""  # SQLite's or the system's words, for the log

    @property
    def replaceable(self) -> bool:
        return self.state in REPLACEABLE

    def describe(self, name: str) -> str:
        """Why this file is not a ledger this version can use, in Chinese."""
        return {
            FileState.MISSING: f"找不到文件“{name}”。",
            FileState.OK: f"“{name}”是完好的台账数据文件。",
            FileState.EMPTY: f"“{name}”是空文件，里面没有台账数据。",
            FileState.FOREIGN: f"“{name}”不是“文明创建台账”的数据文件或备份。",
            FileState.DAMAGED: f"“{name}”已损坏，无法读取。",
            FileState.NEWER: (
                f"“{name}”由更新版本的“文明创建台账”写入（数据版本 {self.revision}），"
                "当前版本无法使用。请先安装最新版本。"
            ),
            FileState.UNREADABLE: f"暂时无法读取“{name}”（{self.detail}）。",
        }[self.state]


def inspect_ledger(path: Path, *, count_entries: bool = False) -> LedgerFile:
    """Is ``path`` one of our ledgers, whole, and of a version this app can open?

    ``quick_check`` reads the whole file (≈ 70 ms at 100,000 entries). A file that cannot
    be read just now (locked, busy, permissions, a network hiccup) is UNREADABLE, never
    called damaged: a sound file is never moved aside for it.
    """
    from wenming_desktop.store.revisions import is_newer

    try:
        if path.stat().st_size == 0:
            return LedgerFile(FileState.EMPTY)
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except FileNotFoundError:
        return LedgerFile(FileState.MISSING)
    except OSError as error:
        return LedgerFile(FileState.UNREADABLE, detail=str(error))
    if header != SQLITE_HEADER:  # not an SQLite file at all (a document saved over it …)
        return LedgerFile(FileState.FOREIGN, detail=f"header {header[:16]!r}")
    try:
        connection = open_read_only(path)
    except sqlite3.OperationalError as error:
        return LedgerFile(FileState.UNREADABLE, detail=str(error))
    except sqlite3.DatabaseError as error:  # "file is not a database"
        return LedgerFile(FileState.DAMAGED, detail=str(error))
    try:
        row = connection.execute("PRAGMA quick_check").fetchone()
        if not row or row[0] != "ok":
            return LedgerFile(FileState.DAMAGED, detail=str(row[0] if row else "no result"))
        tables = {
            name
            for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        }
        if not tables:
            return LedgerFile(FileState.EMPTY)
        if not LEDGER_TABLES.issubset(tables):
            return LedgerFile(FileState.FOREIGN, detail=f"tables: {sorted(tables)[:8]}")
        found = connection.execute("SELECT version_num FROM alembic_version").fetchall()
        revision = str(found[0][0]) if len(found) == 1 else None
        if not revision:
            return LedgerFile(FileState.FOREIGN, revision, detail=f"revision {revision!r}")
        entries = -1
        if count_entries:
            entries = int(connection.execute("SELECT count(*) FROM entry").fetchone()[0])
        state = FileState.NEWER if is_newer(revision) else FileState.OK
        return LedgerFile(state, revision, entries)
    except sqlite3.OperationalError as error:
        text = str(error).lower()
        if "no such" in text or "no column" in text:  # a table of ours, but not our columns
            return LedgerFile(FileState.FOREIGN, detail=str(error))
        log.warning("Could not check %s: %s", path, error)
        return LedgerFile(FileState.UNREADABLE, detail=str(error))
    except sqlite3.DatabaseError as error:  # "malformed", "not a database"
        return LedgerFile(FileState.DAMAGED, detail=str(error))
    finally:
        connection.close()


def is_damaged(database: Path) -> bool:
    """The file is there but is no usable ledger: damaged, empty or not ours."""
    return inspect_ledger(database).replaceable


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


def read_setting(database: Path, key: str) -> object:
    """One setting's value (JSON-decoded) read with the standard library, or None."""
    if not database.exists():
        return None
    try:
        connection = open_read_only(database)
        try:
            row = connection.execute("SELECT value FROM setting WHERE key = ?", (key,)).fetchone()
        finally:
            connection.close()
        return json.loads(row[0]) if row else None
    except (sqlite3.Error, ValueError):
        return None


class BackgroundCheck:
    """:func:`inspect_ledger` in a thread, started first thing at start-up.

    ``quick_check`` reads the whole file (≈ 70 ms at 100,000 entries, seconds from a cold
    disk); SQLite releases the GIL meanwhile, so the check runs beside the imports and
    costs the start almost nothing. :meth:`result` waits for the answer.
    """

    def __init__(self, database: Path) -> None:
        self._answer: LedgerFile | None = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(
            target=self._run, args=(database,), name="quick_check", daemon=True
        )
        self._thread.start()

    def _run(self, database: Path) -> None:
        try:
            self._answer = inspect_ledger(database)
        except BaseException as error:  # handed to the caller of result()
            self._error = error

    def result(self) -> LedgerFile:
        self._thread.join()
        if self._error is not None:
            raise self._error
        assert self._answer is not None
        return self._answer

    def damaged(self) -> bool:
        """The file is there but must be moved aside (damaged, empty or not ours)."""
        return self.result().replaceable
