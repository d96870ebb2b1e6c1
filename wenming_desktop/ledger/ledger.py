"""One open ledger: the database file plus attachments, with its books."""

from __future__ import annotations

import logging
from pathlib import Path

from wenming_desktop.books.areas import AreaBook
from wenming_desktop.books.assessment import AssessmentBook
from wenming_desktop.books.entries import EntryBook
from wenming_desktop.books.sample import SampleResult, load_sample
from wenming_desktop.books.settings import SettingsStore
from wenming_desktop.books.stats import YearStats, year_stats
from wenming_desktop.errors import UserError
from wenming_desktop.paths import DataFolder
from wenming_desktop.store import migrate
from wenming_desktop.store.attachments import AttachmentStore
from wenming_desktop.store.database import Database, in_chinese
from wenming_desktop.summary.service import SummaryService
from wenming_desktop.summary.store import SummaryBook

log = logging.getLogger(__name__)


def _keep_search_index_current(database: Database) -> None:
    """Rebuild the search index when it was built by other terms or Unicode tables."""
    from sqlalchemy import select, text

    from wenming_desktop.store import search_index
    from wenming_desktop.store.models import Setting

    key = search_index.STAMP_KEY
    with database.reading() as session:
        stored = session.scalar(select(Setting.value).where(Setting.key == key))
    if search_index.is_current(stored):
        return
    if database.read_only:
        log.warning("Search index %r is not current, and the ledger is read-only", stored)
        return
    log.info("Rebuilding the search index (was %r, now %r)", stored, search_index.terms_stamp())
    with database.writing() as session:
        for statement in search_index.rebuild_statements():
            session.execute(text(statement))
        statement, values = search_index.stamp_statement()
        session.execute(text(statement), values)


class Ledger:
    """Open with :meth:`open`; hand it to whatever needs the clerk's records."""

    def __init__(
        self, folder: DataFolder, database: Database, read_only: str | None = None
    ) -> None:
        self.folder = folder
        self.database = database
        #: Why the ledger was opened read-only (Chinese: 磁盘空间已满 …), or None.
        self.read_only = read_only
        self.areas = AreaBook(database)
        self.entries = EntryBook(database, AttachmentStore(folder.attachments))
        self.settings = SettingsStore(database)
        self.summaries = SummaryService(
            self.areas, self.entries, self.settings, SummaryBook(database)
        )
        #: 测评: indicator systems, the year's evidence links, self-scores (issue 17).
        self.assessments = AssessmentBook(database)

    @classmethod
    def open(cls, root: Path, *, read_only: str | None = None) -> Ledger:
        """Open (creating or upgrading) the ledger in ``root``.

        Read-only when ``read_only`` gives a reason (the folder's lock could not be taken),
        or when nothing can be saved in the folder (a read-only disk or folder, a full
        disk); the reason is kept in :attr:`read_only`.
        """
        folder = DataFolder(root)
        problem = read_only or folder.write_problem()
        if problem:
            return cls._open_read_only(folder, problem)
        folder.ensure()
        existed = folder.database.exists()
        database = Database(folder.database)
        try:
            with in_chinese():
                revision = migrate.current_revision(database.engine)
                if existed and revision != migrate.SCHEMA_REVISION:
                    migrate.refuse_unknown(revision, database.engine)
                    from wenming_desktop.safety.startup import backup_before_migration

                    backup_before_migration(folder)  # a failed migration can then be undone
                migrate.upgrade(database.engine)
                _keep_search_index_current(database)
        except Exception:
            database.close()
            raise
        log.info("Opened ledger at %s", folder.database)
        return cls(folder, database)

    @classmethod
    def _open_read_only(cls, folder: DataFolder, reason: str) -> Ledger:
        if not folder.database.exists():
            raise UserError(f"无法在数据文件夹 {folder.root} 中建立台账：{reason}。")
        database = Database(folder.database, read_only=True)
        try:
            with in_chinese():
                revision = migrate.current_revision(database.engine)
                if revision != migrate.SCHEMA_REVISION:
                    migrate.refuse_unknown(revision, database.engine)
                    raise UserError(
                        f"数据文件需要升级到当前版本后才能打开，但{reason}，无法升级。"
                        "请把数据文件夹复制到可以写入的位置后再打开。"
                    )
                _keep_search_index_current(database)
        except Exception:
            database.close()
            raise
        log.warning("Opened ledger at %s read-only: %s", folder.database, reason)
        return cls(folder, database, read_only=reason)

    def load_sample(self) -> SampleResult:
        return load_sample(self.areas, self.entries)

    def year_stats(self, year: int) -> YearStats:
        return year_stats(self.database, self.areas.all(), year)

    def close(self) -> None:
        self.database.close()
