"""The SQLite file is opened and written the way the data-safety rules require."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import event, text
from sqlalchemy.exc import IntegrityError

from tests.seed import AREA_NAMES, HEADINGS
from wenming_desktop.books.areas import DEFAULT_AREAS
from wenming_desktop.books.draft import EntryDraft
from wenming_desktop.books.query import EntryQuery
from wenming_desktop.ledger import Ledger
from wenming_desktop.store import migrate
from wenming_desktop.store.database import Database
from wenming_desktop.store.models import Base, Entry


def test_every_connection_gets_the_safety_pragmas(ledger: Ledger) -> None:
    engine = ledger.database.engine
    connections = [engine.connect() for _ in range(3)]  # several pooled connections
    try:
        for connection in connections:
            values = {
                name: connection.exec_driver_sql(f"PRAGMA {name}").scalar()
                for name in ("journal_mode", "synchronous", "foreign_keys", "busy_timeout")
            }
            assert values["journal_mode"] == "wal"
            assert values["synchronous"] == 2  # FULL
            assert values["foreign_keys"] == 1
            assert values["busy_timeout"] >= 5000
    finally:
        for connection in connections:
            connection.close()


def test_writes_begin_immediate_and_reads_do_not(ledger: Ledger, area_ids: dict[str, int]) -> None:
    statements: list[str] = []
    listener = lambda _c, _cur, statement, *_a: statements.append(statement)  # noqa: E731
    event.listen(ledger.database.engine, "before_cursor_execute", listener)
    try:
        ledger.entries.add(EntryDraft(area_id=area_ids["组织领导"], date="2019-01-02", name="会议"))
        writes = list(statements)
        statements.clear()
        ledger.entries.years()
    finally:
        event.remove(ledger.database.engine, "before_cursor_execute", listener)
    assert writes[0] == "BEGIN IMMEDIATE"
    assert any(s.startswith("INSERT INTO entry") for s in writes)
    assert statements[0] == "BEGIN"


def test_a_second_writer_waits_for_the_first(ledger: Ledger) -> None:
    """BEGIN IMMEDIATE takes the write lock at once: another writer is refused, not deadlocked."""
    other = sqlite3.connect(ledger.database.path, timeout=0, isolation_level=None)
    try:
        with (
            ledger.database.writing(),
            pytest.raises(sqlite3.OperationalError, match="locked"),
        ):
            other.execute("BEGIN IMMEDIATE")
    finally:
        other.close()


def test_migration_creates_exactly_the_models(ledger: Ledger) -> None:
    with ledger.database.engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"include_name": migrate.include_name}
        )
        assert compare_metadata(context, Base.metadata) == []


def test_schema_revision_constant_is_alembics_head(ledger: Ledger) -> None:
    script = ScriptDirectory.from_config(migrate.alembic_config(ledger.database.engine))
    assert script.get_current_head() == migrate.SCHEMA_REVISION
    assert migrate.current_revision(ledger.database.engine) == migrate.SCHEMA_REVISION
    from wenming_desktop.store.revisions import REVISIONS

    history = [rev.revision for rev in script.walk_revisions()]  # newest first
    assert tuple(reversed(history)) == REVISIONS


def test_the_six_areas_are_seeded_with_the_seed_headings(ledger: Ledger) -> None:
    areas = ledger.areas.all()
    assert [a.short_name for a in areas] == AREA_NAMES
    assert [a.heading for a in areas] == HEADINGS
    assert [a.uuid for a in areas] == [uuid for uuid, _n, _h in DEFAULT_AREAS]


def test_reopening_does_not_migrate_or_seed_twice(data_dir: Path) -> None:
    Ledger.open(data_dir).close()
    again = Ledger.open(data_dir)
    try:
        assert len(again.areas.all()) == 6
    finally:
        again.close()


def test_database_refuses_invalid_rows_even_without_the_app(ledger: Ledger) -> None:
    """CHECK and FOREIGN KEY constraints guard the file itself."""
    now = dt.datetime(2019, 1, 1)
    bad_rows = [
        {"area_id": 999},
        {"name": ""},
        {"participants": -1},
        {"participants": 1_000_001},
        {"volunteer_hours": -0.5},
        {"end_date": dt.date(2018, 12, 31)},
    ]
    for change in bad_rows:
        values = dict(
            uuid=f"u-{change}",
            area_id=1,
            date=dt.date(2019, 1, 1),
            name="名称",
            kind="",
            location="",
            organizer="",
            content="",
            remarks="",
            is_sample=False,
            created_at=now,
            updated_at=now,
        )
        values.update(change)
        with pytest.raises(IntegrityError), ledger.database.writing() as session:
            session.add(Entry(**values))
    with ledger.database.reading() as session:
        assert session.execute(text("SELECT count(*) FROM entry")).scalar() == 0


def test_newer_database_is_refused_with_a_chinese_message(tmp_path: Path) -> None:
    database = Database(tmp_path / "newer.sqlite3")
    migrate.upgrade(database.engine)
    with database.writing() as session:
        session.execute(text("UPDATE alembic_version SET version_num = 'ffff9999'"))
    with pytest.raises(migrate.UserError, match="更新版本"):
        migrate.upgrade(database.engine)
    database.close()


def test_a_table_rebuilding_migration_keeps_attachments(ledger: Ledger, tmp_path: Path) -> None:
    """Batch migrations recreate tables; with foreign keys left on, SQLite would cascade-delete
    every attachment of the rebuilt ``entry`` table."""
    from alembic.operations import Operations

    photo = tmp_path / "照片.jpg"
    photo.write_bytes(b"jpeg")
    ledger.entries.add(EntryDraft(area_id=1, date="2019-01-02", name="会议"), [photo])
    with migrate.migration_connection(ledger.database.engine) as connection:
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 0
        operations = Operations(MigrationContext.configure(connection))
        with operations.batch_alter_table("entry", recreate="always"):
            pass
        connection.commit()
    with ledger.database.reading() as session:
        assert session.execute(text("SELECT count(*) FROM attachment")).scalar() == 1
        assert session.connection().exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


@pytest.mark.parametrize("name", ["台账 100%", "台账#2", "台账?", "数据%41夹"])
def test_data_folders_with_url_characters_work(tmp_path: Path, name: str) -> None:
    folder = tmp_path / name
    ledger = Ledger.open(folder)
    try:
        ledger.load_sample()
        assert (folder / "wenming.sqlite3").is_file()
        assert ledger.entries.totals(EntryQuery()).count >= 30
        # The checks open the file read-only through a file: URI — it must be this file.
        from wenming_desktop.safety.backup import BackupFolder
        from wenming_desktop.safety.check import check
        from wenming_desktop.store.sqlite_file import is_damaged

        assert not is_damaged(ledger.folder.database)
        assert check(ledger.folder).ok
        backup = BackupFolder(tmp_path / "备份").take(ledger.folder)
        assert backup.entries == ledger.entries.totals(EntryQuery()).count
    finally:
        ledger.close()
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([name, "备份"])


def test_a_damaged_file_is_reported_in_chinese(tmp_path: Path) -> None:
    folder = tmp_path / "坏"
    folder.mkdir()
    (folder / "wenming.sqlite3").write_bytes(b"this is not a database" * 100)
    with pytest.raises(migrate.UserError, match="损坏"):
        Ledger.open(folder)


def test_a_locked_database_is_reported_in_chinese(
    ledger: Ledger, monkeypatch: pytest.MonkeyPatch
) -> None:
    import wenming_desktop.store.database as database_module

    monkeypatch.setattr(database_module, "BUSY_TIMEOUT_MS", 50)  # do not wait 10 s here
    waiting = database_module.Database(ledger.database.path)
    other = sqlite3.connect(ledger.database.path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(migrate.UserError, match="另一个程序"), waiting.writing():
            pass
    finally:
        other.execute("ROLLBACK")
        other.close()
        waiting.close()


def test_the_start_up_check_runs_beside_the_imports(tmp_path: Path, ledger: Ledger) -> None:
    from wenming_desktop.store.sqlite_file import BackgroundCheck

    assert BackgroundCheck(tmp_path / "nothing.sqlite3").damaged() is False
    assert BackgroundCheck(ledger.folder.database).damaged() is False
    broken = tmp_path / "broken.sqlite3"
    broken.write_bytes(b"SQLite format 3\x00" + b"\xff" * 4096)
    assert BackgroundCheck(broken).damaged() is True


@pytest.mark.parametrize(
    ("path", "uri"),
    [
        (
            r"\\server\share\台账 100%\w.sqlite3",
            "file:////server/share/%E5%8F%B0%E8%B4%A6%20100%25/w.sqlite3",
        ),
        (r"Z:\数据#2\w.sqlite3", "file:///Z:/%E6%95%B0%E6%8D%AE%232/w.sqlite3"),
    ],
)
def test_windows_paths_become_uris_sqlite_accepts(path: str, uri: str) -> None:
    """A share (or a drive mapped to one) must not land in the URI's authority: SQLite
    refuses that, and the start-up check would have called a sound ledger damaged."""
    from pathlib import PureWindowsPath

    from wenming_desktop.store.sqlite_file import file_uri

    assert file_uri(PureWindowsPath(path)) == f"{uri}?mode=ro"


def test_a_file_that_cannot_be_read_just_now_is_not_called_damaged(
    ledger: Ledger, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sqlite3

    from wenming_desktop.store import sqlite_file

    def locked(_path: Path) -> sqlite3.Connection:
        raise sqlite3.OperationalError("database is locked")

    monkeypatch.setattr(sqlite_file, "open_read_only", locked)
    assert sqlite_file.is_damaged(ledger.folder.database) is False
