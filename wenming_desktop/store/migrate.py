"""Bring a database file to the schema this version of the app expects.

Alembic is imported only when the file is not already at :data:`SCHEMA_REVISION`,
so a normal start does not pay for it.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, inspect, text

from wenming_desktop.errors import UserError

if TYPE_CHECKING:  # Alembic is imported only when a migration is needed
    from alembic.config import Config
from wenming_desktop.store.revisions import REVISIONS, SCHEMA_REVISION, is_newer

log = logging.getLogger(__name__)

__all__ = ["SCHEMA_REVISION", "current_revision", "upgrade"]
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def include_name(name: str | None, kind: str, _parents: object) -> bool:
    """What Alembic compares with the models: all but the FTS5 search tables, which are
    created by hand (no model can describe a virtual table)."""
    from wenming_desktop.store.search_index import is_search_table

    return not (kind == "table" and name is not None and is_search_table(name))


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return None
        return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


def alembic_config(engine: Engine) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    # No sqlalchemy.url: migrations always run on the connection handed in (and a path
    # with “%” would upset the config file's interpolation).
    return config


NEWER_VERSION = (
    "数据文件是由更新版本的“文明创建台账”写入的（数据版本 {revision}），当前版本无法打开。"
    "请安装最新版本后再打开。"
)
NOT_OURS = (
    "数据文件“{name}”不是“文明创建台账”的台账（可能是其他软件的文件）。"
    "请把它移走，或用“备份与恢复”恢复备份。"
)


def refuse_unknown(revision: str | None, engine: Engine) -> None:
    """:class:`UserError` unless the file is new (no tables) or at a revision we know —
    checked before anything is backed up or migrated."""
    if revision in REVISIONS:
        return
    if revision and is_newer(revision):
        raise UserError(NEWER_VERSION.format(revision=revision))
    if revision is None:
        with engine.connect() as connection:
            if not inspect(connection).get_table_names():
                return  # a new ledger
    name = Path(engine.url.database or "").name or "wenming.sqlite3"
    raise UserError(NOT_OURS.format(name=name))


def upgrade(engine: Engine, target: str = "head") -> None:
    """Run the migrations that are missing. Raises :class:`UserError` when it cannot."""
    revision = current_revision(engine)
    if revision == SCHEMA_REVISION and target == "head":
        return
    refuse_unknown(revision, engine)
    from alembic import command

    config = alembic_config(engine)
    log.info("Migrating database from %s to %s", revision, target)
    with migration_connection(engine) as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, target)


@contextmanager
def migration_connection(engine: Engine) -> Iterator[Connection]:
    """A connection with foreign keys off, checked for broken references at the end.

    Batch migrations rebuild tables, which with foreign keys on would cascade-delete
    attachments. SQLite ignores the pragma inside a transaction, so it goes to the driver
    connection before SQLAlchemy begins one.
    """
    with engine.connect() as connection:
        raw = connection.connection.driver_connection
        assert raw is not None  # an open connection has its driver's
        raw.execute("PRAGMA foreign_keys = OFF")
        try:
            yield connection
            problems = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
            connection.rollback()
            if problems:
                raise UserError(f"数据升级后发现 {len(problems)} 处关联错误，请联系维护人员。")
        finally:
            raw.execute("PRAGMA foreign_keys = ON")
