"""Alembic environment: migrations run on the connection the app hands in."""

from alembic import context
from sqlalchemy import Connection, create_engine, event

from wenming_desktop.store import search_index
from wenming_desktop.store.migrate import include_name
from wenming_desktop.store.models import Base

config = context.config


def run_migrations() -> None:
    connection = config.attributes.get("connection")
    if connection is None:  # e.g. `alembic revision --autogenerate` from a shell
        engine = create_engine(config.get_main_option("sqlalchemy.url"))
        event.listen(engine, "connect", lambda dbapi, _record: search_index.register(dbapi))
        with engine.connect() as own_connection:
            _run(own_connection)
            own_connection.commit()
        return
    _run(connection)
    connection.commit()


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=True,
        compare_type=True,
        include_name=include_name,
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations()
