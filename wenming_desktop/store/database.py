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

from sqlalchemy import URL, Connection, Engine, create_engine, event
from sqlalchemy.exc import DatabaseError, IntegrityError, OperationalError
from sqlalchemy.orm import Session
from sqlalchemy.pool import QueuePool

from wenming_desktop.errors import UserError
from wenming_desktop.store import search_index
from wenming_desktop.store.sqlite_file import describe_sqlite_error, read_only_uri

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


def _on_connect_read_only(dbapi_connection: sqlite3.Connection, _record: object) -> None:
    dbapi_connection.isolation_level = None
    search_index.register(dbapi_connection)
    dbapi_connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")


def _on_begin(connection: Connection) -> None:
    write = connection.get_execution_options().get(_WRITE_OPTION, False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


def make_engine(path: Path, *, read_only: bool = False) -> Engine:
    """``read_only``: the folder cannot be written (or the disk is full); the file is
    read as :func:`~wenming_desktop.store.sqlite_file.read_only_uri` says."""
    if read_only:
        uri = read_only_uri(path)
        engine = create_engine(
            "sqlite://",  # the creator opens the file; the pool must not be one for ":memory:"
            creator=lambda: sqlite3.connect(uri, uri=True, check_same_thread=False),
            poolclass=QueuePool,
        )
        event.listen(engine, "connect", _on_connect_read_only)
    else:
        engine = create_engine(
            URL.create("sqlite", database=str(path)),  # the path may hold %, # or ?
            connect_args={"check_same_thread": False, "timeout": BUSY_TIMEOUT_MS / 1000},
        )
        event.listen(engine, "connect", _on_connect)
    event.listen(engine, "begin", _on_begin)
    return engine


@contextmanager
def in_chinese() -> Iterator[None]:
    """Turn SQLite's operational errors (locked, full, read-only, damaged) into UserError."""
    try:
        yield
    except (OperationalError, DatabaseError) as error:
        if isinstance(error, IntegrityError):
            raise
        message = describe_sqlite_error(error.orig if error.orig is not None else error)
        if message is None:
            raise
        raise UserError(message) from error


class Database:
    """The ledger's SQLite file. Use :meth:`reading` and :meth:`writing` sessions."""

    def __init__(self, path: Path, *, read_only: bool = False) -> None:
        self.path = path
        self.read_only = read_only
        self.engine = make_engine(path, read_only=read_only)
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
