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

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session

BUSY_TIMEOUT_MS = 10_000
_WRITE_OPTION = "wenming_write"


def _on_connect(dbapi_connection: sqlite3.Connection, _record: object) -> None:
    dbapi_connection.isolation_level = None  # we emit BEGIN ourselves
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
        f"sqlite:///{path}",
        connect_args={"check_same_thread": False, "timeout": BUSY_TIMEOUT_MS / 1000},
    )
    event.listen(engine, "connect", _on_connect)
    event.listen(engine, "begin", _on_begin)
    return engine


class Database:
    """The ledger's SQLite file. Use :meth:`reading` and :meth:`writing` sessions."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.engine = make_engine(path)
        self._write_engine = self.engine.execution_options(**{_WRITE_OPTION: True})

    @contextmanager
    def reading(self) -> Iterator[Session]:
        with Session(self.engine, expire_on_commit=False) as session:
            yield session

    @contextmanager
    def writing(self) -> Iterator[Session]:
        """A ``BEGIN IMMEDIATE`` transaction, committed when the block ends cleanly."""
        with Session(self._write_engine, expire_on_commit=False) as session, session.begin():
            session.connection()  # take the write lock now, not at the first statement
            yield session

    def close(self) -> None:
        self.engine.dispose()
