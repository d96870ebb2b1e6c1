"""One SQLite file, opened the way trusted SQLite apps open it.

Every connection gets ``foreign_keys=ON``, ``journal_mode=WAL``,
``synchronous=FULL`` and a busy timeout. The sqlite3 driver's own implicit
transactions are switched off so that we issue ``BEGIN`` ourselves: reads take a
deferred transaction, writes ``BEGIN IMMEDIATE`` so that two writers never
deadlock half-way through.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import URL, Engine, create_engine, event
from sqlalchemy.exc import DatabaseError, IntegrityError, OperationalError
from sqlalchemy.orm import Session

from wenming_desktop.errors import UserError
from wenming_desktop.store import search_index

BUSY_TIMEOUT_MS = 10_000
_WRITE_OPTION = "wenming_write"


def _on_connect(dbapi_connection: sqlite3.Connection, _record: object) -> None:
    dbapi_connection.isolation_level = None  # we emit BEGIN ourselves
    search_index.register(dbapi_connection)  # the search triggers call it
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = FULL")
    finally:
        cursor.close()


def _on_begin(connection) -> None:  # type: ignore[no-untyped-def]
    write = connection.get_execution_options().get(_WRITE_OPTION, False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


def make_engine(path: Path) -> Engine:
    engine = create_engine(
        URL.create("sqlite", database=str(path)),  # the path may hold %, # or ?
        connect_args={"check_same_thread": False, "timeout": BUSY_TIMEOUT_MS / 1000},
    )
    event.listen(engine, "connect", _on_connect)
    event.listen(engine, "begin", _on_begin)
    return engine


_SQLITE_PROBLEMS = (
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
)


@contextmanager
def in_chinese() -> Iterator[None]:
    """Turn SQLite's operational errors (locked, full, read-only, damaged) into UserError."""
    try:
        yield
    except (OperationalError, DatabaseError) as error:
        if isinstance(error, IntegrityError):
            raise
        text = str(error.orig if error.orig is not None else error).lower()
        for words, message in _SQLITE_PROBLEMS:
            if words in text:
                raise UserError(message) from error
        raise


class Database:
    """The ledger's SQLite file. Use :meth:`reading` and :meth:`writing` sessions."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.engine = make_engine(path)
        self._write_engine = self.engine.execution_options(**{_WRITE_OPTION: True})

    @contextmanager
    def reading(self) -> Iterator[Session]:
        with in_chinese(), Session(self.engine, expire_on_commit=False) as session:
            yield session

    @contextmanager
    def writing(self) -> Iterator[Session]:
        """A ``BEGIN IMMEDIATE`` transaction, committed when the block ends cleanly."""
        with (
            in_chinese(),
            Session(self._write_engine, expire_on_commit=False) as session,
            session.begin(),
        ):
            session.connection()  # take the write lock now, not at the first statement
            yield session

    def close(self) -> None:
        self.engine.dispose()
