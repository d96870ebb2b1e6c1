"""Bring a database file to the schema this version of the app expects.

Alembic is imported only when the file is not already at :data:`SCHEMA_REVISION`,
so a normal start does not pay for it.
"""

from __future__ import annotations

import logging
from pathlib import Path

from sqlalchemy import Engine, inspect, text

from wenming_desktop.errors import UserError

log = logging.getLogger(__name__)

#: The newest migration; a test keeps it equal to Alembic's head.
SCHEMA_REVISION = "0003"
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return None
        return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


def alembic_config(engine: Engine):  # type: ignore[no-untyped-def]
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False))
    return config


def upgrade(engine: Engine, target: str = "head") -> None:
    """Run the migrations that are missing. Raises :class:`UserError` when it cannot."""
    revision = current_revision(engine)
    if revision == SCHEMA_REVISION and target == "head":
        return
    from alembic import command
    from alembic.script import ScriptDirectory
    from alembic.util.exc import CommandError

    config = alembic_config(engine)
    script = ScriptDirectory.from_config(config)
    if revision is not None:
        try:
            script.get_revision(revision)
        except CommandError as error:
            raise UserError(
                "数据文件是由更新版本的“文明创建台账”写入的，当前版本无法打开。"
                "请安装最新版本后再打开。"
            ) from error
    log.info("Migrating database from %s to %s", revision, target)
    with engine.connect() as connection:
        # Batch migrations rebuild tables; foreign keys are checked afterwards instead.
        connection.exec_driver_sql("PRAGMA foreign_keys = OFF")
        try:
            config.attributes["connection"] = connection
            command.upgrade(config, target)
            problems = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
            if problems:
                raise UserError(f"数据升级后发现 {len(problems)} 处关联错误，请联系维护人员。")
        finally:
            connection.exec_driver_sql("PRAGMA foreign_keys = ON")
