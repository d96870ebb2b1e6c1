"""Reading and writing entries. Every method is one short transaction."""

from __future__ import annotations

import datetime as dt
import uuid as uuid_module
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any, cast

from sqlalchemy import (
    CursorResult,
    Result,
    Select,
    and_,
    delete,
    func,
    insert,
    select,
    text,
    true,
    update,
)
from sqlalchemy.orm import Session, selectinload

from wenming_desktop.books.draft import VALID_NAMES, EntryDraft, ValidEntry, validate
from wenming_desktop.books.fields import ENTRY_FIELDS, FIELD_NAMES, LISTED_FIELDS
from wenming_desktop.books.query import (
    EntryQuery,
    apply_filters,
    index_count_expression,
    index_page,
    listed_before,
    order_columns,
    sort_key,
)
from wenming_desktop.books.records import (
    AttachmentInfo,
    EntryDetail,
    EntryRow,
    EntryStamp,
    ListingTotals,
)
from wenming_desktop.errors import UserError
from wenming_desktop.store import search_index
from wenming_desktop.store.attachments import AttachmentStore, StoredFile
from wenming_desktop.store.database import Database
from wenming_desktop.store.models import Attachment, Entry, WorkArea, utc_now

_ATTACHMENT_COUNT = (
    select(func.count(Attachment.id))
    .where(Attachment.entry_id == Entry.id)
    .correlate(Entry)
    .scalar_subquery()
)
_LISTED_COLUMNS = (  # what EntryRow and EntryDetail both hold (read back by name)
    Entry.id,
    Entry.uuid,
    Entry.area_id,
    *(getattr(Entry, field.name) for field in LISTED_FIELDS),
)
_ROW_COLUMNS = (
    *_LISTED_COLUMNS,
    _ATTACHMENT_COUNT.label("attachment_count"),
    Entry.is_sample,
    Entry.deleted_at,
)
_DETAIL_COLUMNS = (
    *_LISTED_COLUMNS,
    *(getattr(Entry, field.name) for field in ENTRY_FIELDS if not field.listed),
    Entry.is_sample,
    Entry.created_at,
    Entry.updated_at,
    Entry.deleted_at,
)

#: Every sample entry, whether in the 回收站 or not. No index holds ``is_sample``, so this
#: reads the whole table — 25–30 ms at 100,000 entries: right for a menu, a print or an
#: export, too slow for every refresh. Only ``is_sample`` is asked in SQL: with
#: ``deleted_at IS NULL`` as well, SQLite walks the partial index ix_entry_live_stats and
#: looks up every row it lists (250 ms).
_SAMPLES = (
    select(Entry.id, Entry.date, Entry.deleted_at.is_not(None))
    .where(Entry.is_sample)
    .order_by(Entry.id)
)


def _detail(entry: Entry) -> EntryDetail:
    return EntryDetail(
        id=entry.id,
        uuid=entry.uuid,
        area_id=entry.area_id,
        **{name: getattr(entry, name) for name in FIELD_NAMES},
        is_sample=entry.is_sample,
        created_at=entry.created_at,
        updated_at=entry.updated_at,
        deleted_at=entry.deleted_at,
        attachments=tuple(
            AttachmentInfo(a.id, a.sha256, a.file_name, a.size) for a in entry.attachments
        ),
    )


_INDEX_COUNT = text(
    f"SELECT count(*) FROM {search_index.TABLE} WHERE {search_index.TABLE} MATCH :q"
)


def _index_count(session: Session, expression: str) -> int:
    """How many entries the search index holds for an FTS5 query (listing terms and all)."""
    return int(session.execute(_INDEX_COUNT, {"q": expression}).scalar_one())


def counts_by_area(query: EntryQuery) -> Select[int, int]:
    """(area id, count) of a listing, area by area: visiting the hits of a search."""
    return apply_filters(select(Entry.area_id, func.count()), query, by_hits=True).group_by(
        Entry.area_id
    )


def _rows_changed(result: Result[Any]) -> int:
    """How many rows an UPDATE changed (its result is a cursor's)."""
    return int(cast(CursorResult[Any], result).rowcount)


def _assign(entry: Entry, valid: ValidEntry | EntryDetail) -> None:
    for field in VALID_NAMES:
        setattr(entry, field, getattr(valid, field))


def _visible(draft: EntryDraft) -> EntryDraft:
    """The draft without zero-width characters: pasted from a web page or a chat program,
    they show nothing and split a word so that searching for it fails."""
    changes: dict[str, Any] = {
        item.name: search_index.strip_zero_width(value)
        for item in fields(draft)
        if isinstance(value := getattr(draft, item.name), str)
    }
    return replace(draft, **changes)


@dataclass(frozen=True, slots=True)
class Removed:
    """Entries deleted for good: their ids and where they were listed (area id, year)."""

    ids: tuple[int, ...]
    places: frozenset[tuple[int, int]]


#: Values in one ``IN (…)``: SQLite as Python for Windows builds it takes at most 32,766
#: parameters, and the clerk may select every row of a tab of 100,000.
_IN_CHUNK = 500


def _chunks(values: Collection[Any]) -> Iterator[list[Any]]:
    ordered = sorted(values)
    for start in range(0, len(ordered), _IN_CHUNK):
        yield ordered[start : start + _IN_CHUNK]


def _removed(session: Session, condition: Any) -> Removed:
    """Delete the entries matching ``condition`` for good (their attachment rows go with
    them, by the foreign key; the files stay in the store, see :meth:`EntryBook.purge`)."""
    found = session.execute(select(Entry.id, Entry.area_id, Entry.date).where(condition)).all()
    if found:
        session.execute(delete(Entry).where(condition))
    return Removed(
        tuple(id_ for id_, _area, _date in found),
        frozenset((area_id, date.year) for _id, area_id, date in found),
    )


def _removed_ids(session: Session, entry_ids: Collection[int], condition: Any = None) -> Removed:
    """:func:`_removed` of these entries (and ``condition``), a chunk at a time."""
    parts = [
        _removed(session, and_(Entry.id.in_(chunk), true() if condition is None else condition))
        for chunk in _chunks(entry_ids)
    ]
    return Removed(
        tuple(id_ for part in parts for id_ in part.ids),
        frozenset(place for part in parts for place in part.places),
    )


def _present(session: Session, column: Any, values: Collection[Any]) -> set[Any]:
    """Which of ``values`` ``column`` holds (ids, UUIDs), asked a chunk at a time."""
    found: set[Any] = set()
    for chunk in _chunks(values):
        found.update(session.scalars(select(column).where(column.in_(chunk))))
    return found


def _stored_values(detail: EntryDetail) -> dict[str, Any]:
    """An entry's row as it was (id included), to write it again."""
    values: dict[str, Any] = {name: getattr(detail, name) for name in VALID_NAMES}
    values.update(
        id=detail.id,
        uuid=detail.uuid,
        is_sample=detail.is_sample,
        created_at=detail.created_at,
        updated_at=detail.updated_at,
        deleted_at=detail.deleted_at,
    )
    return values


def _attachment_values(entry_id: int, info: AttachmentInfo, keep_id: bool) -> dict[str, Any]:
    values: dict[str, Any] = {
        "entry_id": entry_id,
        "sha256": info.sha256,
        "file_name": info.file_name,
        "size": info.size,
        "added_at": utc_now(),
    }
    return values | ({"id": info.id} if keep_id else {})


class EntryBook:
    def __init__(self, database: Database, attachments: AttachmentStore) -> None:
        self._db = database
        self._attachments = attachments

    # -- writing ---------------------------------------------------------------
    def add(
        self,
        draft: EntryDraft,
        files: Iterable[Path] = (),
        *,
        is_sample: bool = False,
        entry_uuid: str | None = None,
    ) -> EntryDetail:
        valid = validate(_visible(draft))
        stored = [self._attachments.put(path) for path in files]
        with self._db.writing() as session:
            self._require_area(session, valid.area_id)
            now = utc_now()
            entry = Entry(
                uuid=entry_uuid or str(uuid_module.uuid4()),
                is_sample=is_sample,
                created_at=now,
                updated_at=now,
            )
            _assign(entry, valid)
            entry.attachments = [self._attachment(file) for file in stored]
            session.add(entry)
            session.flush()
            return _detail(entry)

    def update(
        self,
        entry_id: int,
        draft: EntryDraft,
        *,
        add_files: Iterable[Path] = (),
        remove_attachment_ids: Collection[int] = (),
    ) -> EntryDetail:
        valid = validate(_visible(draft))
        stored = [self._attachments.put(path) for path in add_files]
        with self._db.writing() as session:
            self._require_area(session, valid.area_id)
            entry = session.get(Entry, entry_id)
            if entry is None:
                raise UserError("这条记录已不存在（可能已被删除），无法保存修改。")
            _assign(entry, valid)
            entry.updated_at = utc_now()
            entry.attachments = [
                a for a in entry.attachments if a.id not in remove_attachment_ids
            ] + [self._attachment(file) for file in stored]
            session.flush()
            return _detail(entry)

    def attach(self, entry_uuid: str, files: Iterable[Path]) -> EntryDetail:
        """Add attachment files to the entry with this UUID, as the entry dialog does."""
        stored = [self._attachments.put(path) for path in files]
        with self._db.writing() as session:
            entry = session.scalar(select(Entry).where(Entry.uuid == entry_uuid.strip().lower()))
            if entry is None:
                raise UserError(f"找不到记录编号为“{entry_uuid}”的记录。")
            entry.attachments = [*entry.attachments, *(self._attachment(f) for f in stored)]
            entry.updated_at = utc_now()
            session.flush()
            return _detail(entry)

    def move_to_trash(self, entry_ids: Sequence[int]) -> int:
        """Put these entries in the recycle bin; how many were not in it already."""
        return self._set_trashed(entry_ids, trashed=True)

    def restore(self, entry_ids: Sequence[int]) -> int:
        """Take these entries out of the recycle bin; how many were in it."""
        return self._set_trashed(entry_ids, trashed=False)

    def _set_trashed(self, entry_ids: Sequence[int], *, trashed: bool) -> int:
        now = utc_now()
        # Moved to the bin: marked when. Restored: unmarked, and changed now (so a
        # package merge sees the restore as the newer edit).
        values = {"deleted_at": now} if trashed else {"deleted_at": None, "updated_at": now}
        in_bin = Entry.deleted_at.is_not(None)
        changed = 0
        with self._db.writing() as session:
            for chunk in _chunks(entry_ids):
                result = session.execute(
                    update(Entry)
                    .where(Entry.id.in_(chunk), ~in_bin if trashed else in_bin)
                    .values(values)
                )
                changed += _rows_changed(result)
        return changed

    # -- undoing and deleting for good --------------------------------------------
    def put_back(self, detail: EntryDetail) -> EntryDetail | None:
        """Make the entry ``detail.id`` as ``detail`` describes it again — every field, its
        area and its attachments (undo and redo of an edit); None when it no longer exists.

        Attachments are matched by id; one that was removed is added again with its
        original id when that id is free (so the order of photos is kept). Its file is
        still in the store: nothing here deletes attachment files. Whether it is in the
        回收站 is left as it is.
        """
        with self._db.writing() as session:
            self._require_area(session, detail.area_id)
            entry = session.get(Entry, detail.id)
            if entry is None:
                return None
            _assign(entry, detail)
            entry.updated_at = utc_now()
            self._set_attachments(session, entry, detail.attachments)
            session.flush()
            session.refresh(entry, ["attachments"])
            return _detail(entry)

    def remove(self, entry_ids: Collection[int]) -> list[EntryDetail]:
        """Delete these entries for good, wherever they are (undo of adding them); what
        they were, by id, for :meth:`put_in_again`. Attachment files stay in the store."""
        details: list[EntryDetail] = []
        with self._db.writing() as session:
            for chunk in _chunks(entry_ids):
                entries = session.scalars(
                    select(Entry)
                    .options(selectinload(Entry.attachments))
                    .where(Entry.id.in_(chunk))
                    .order_by(Entry.id)
                ).all()
                details.extend(_detail(entry) for entry in entries)
            _removed_ids(session, [detail.id for detail in details])
        return details

    def put_in_again(self, details: Sequence[EntryDetail]) -> list[int]:
        """Add removed entries again as they were (redo of adding them): same UUID,
        timestamps, sample mark and attachments, and the same ids unless other entries
        or attachments took them meanwhile; their ids. One whose UUID is in the ledger
        again (imported a second time meanwhile) is left out: it is not doubled, and it
        is not this one."""
        with self._db.writing() as session:
            taken_uuids = _present(session, Entry.uuid, [d.uuid for d in details])
            wanted = [d for d in details if d.uuid not in taken_uuids]
            for area_id in {detail.area_id for detail in wanted}:
                self._require_area(session, area_id)
            taken_ids = _present(session, Entry.id, [d.id for d in wanted])
            same_id = [d for d in wanted if d.id not in taken_ids]
            if same_id:  # all at once (an undone import of 10,000 comes back in a second)
                session.execute(insert(Entry), [_stored_values(d) for d in same_id])
            new_ids = {d.id: d.id for d in same_id}
            for detail in wanted:
                if detail.id in taken_ids:
                    values = {k: v for k, v in _stored_values(detail).items() if k != "id"}
                    new_ids[detail.id] = session.scalars(
                        insert(Entry).values(values).returning(Entry.id)
                    ).one()
            files = [(new_ids[d.id], info) for d in wanted for info in d.attachments]
            taken = _present(session, Attachment.id, [info.id for _entry, info in files])
            rows = [
                _attachment_values(entry_id, info, info.id not in taken) for entry_id, info in files
            ]
            for keeps_id in (True, False):  # one INSERT takes rows of one shape
                batch = [row for row in rows if ("id" in row) == keeps_id]
                if batch:
                    session.execute(insert(Attachment), batch)
            return [new_ids[detail.id] for detail in wanted]

    def purge(self, entry_ids: Collection[int]) -> Removed:
        """Delete these entries for good — only those in the 回收站 (彻底删除).

        Their attachment files stay in the data folder's store: other entries, kept
        backups and the undo steps of edits may refer to the same file (the store keeps
        each content once), and nothing yet cleans the store; ``wenming-cli check``
        lists such files as belonging to no entry.
        """
        with self._db.writing() as session:
            return _removed_ids(session, entry_ids, Entry.deleted_at.is_not(None))

    def empty_trash(self) -> Removed:
        """Delete every entry in the 回收站 for good (清空回收站); see :meth:`purge`."""
        with self._db.writing() as session:
            return _removed(session, Entry.deleted_at.is_not(None))

    def existing(self, entry_ids: Collection[int]) -> set[int]:
        """Which of these entries still exist (in the 回收站 or not)."""
        with self._db.reading() as session:
            return _present(session, Entry.id, entry_ids)

    def _set_attachments(
        self, session: Session, entry: Entry, wanted: Sequence[AttachmentInfo]
    ) -> None:
        """Give ``entry`` exactly the attachments ``wanted`` (see :meth:`put_back`)."""
        wanted_ids = {info.id for info in wanted}
        entry.attachments = [a for a in entry.attachments if a.id in wanted_ids]
        kept = {a.id for a in entry.attachments}
        for info in wanted:
            if info.id in kept:
                continue
            free = session.get(Attachment, info.id) is None
            entry.attachments.append(
                Attachment(
                    id=info.id if free else None,
                    sha256=info.sha256,
                    file_name=info.file_name,
                    size=info.size,
                )
            )
        session.flush()

    # -- reading ---------------------------------------------------------------
    def get(self, entry_id: int) -> EntryDetail | None:
        with self._db.reading() as session:
            entry = session.get(Entry, entry_id)
            return None if entry is None else _detail(entry)

    def rows(self, query: EntryQuery, offset: int = 0, limit: int | None = None) -> list[EntryRow]:
        page = index_page(query, offset, limit)
        if page is not None:  # a search by date: the page's ids come from the index in order
            statement = select(*_ROW_COLUMNS).where(Entry.id.in_(page))
        else:
            statement = apply_filters(select(*_ROW_COLUMNS), query)
            statement = statement.offset(offset).limit(limit if limit is not None else -1)
        statement = statement.order_by(*order_columns(query, _ATTACHMENT_COUNT))
        with self._db.reading() as session:
            return [EntryRow(**row._asdict()) for row in session.execute(statement)]

    def position(self, query: EntryQuery, entry_id: int) -> int | None:
        """Where ``entry_id`` stands (0-based) in the listing of ``query``, if it is listed.

        Counted as the entries listed before it, so the default order (by date) is
        answered from the index even at 100,000 entries.
        """
        key = sort_key(query, _ATTACHMENT_COUNT)
        with self._db.reading() as session:
            found = session.execute(
                apply_filters(select(key), query).where(Entry.id == entry_id)
            ).first()
            if found is None:
                return None
            before = listed_before(query, _ATTACHMENT_COUNT, found[0], entry_id)
            counted = session.scalar(apply_filters(select(func.count()), query).where(before))
            return int(counted or 0)

    def details(self, query: EntryQuery) -> list[EntryDetail]:
        """Every listed entry with its attachments, in listing order.

        Read as plain rows in two queries (entries, then their attachments), not as ORM
        objects: 10,000 entries take 0.1 s instead of 0.4–0.5 s.
        """
        entries = apply_filters(select(*_DETAIL_COLUMNS), query).order_by(
            *order_columns(query, _ATTACHMENT_COUNT)
        )
        listed = apply_filters(select(Entry.id), query).scalar_subquery()
        files = (
            select(
                Attachment.entry_id,
                Attachment.id,
                Attachment.sha256,
                Attachment.file_name,
                Attachment.size,
            )
            .where(Attachment.entry_id.in_(listed))
            .order_by(Attachment.entry_id, Attachment.id)
        )
        with self._db.reading() as session:
            rows = session.execute(entries).all()
            attached: dict[int, list[AttachmentInfo]] = {}
            for entry_id, attachment_id, sha256, file_name, size in session.execute(files):
                info = AttachmentInfo(attachment_id, sha256, file_name, size)
                attached.setdefault(entry_id, []).append(info)
        return [
            EntryDetail(**row._asdict(), attachments=tuple(attached.get(row.id, ())))
            for row in rows
        ]

    def totals(self, query: EntryQuery) -> ListingTotals:
        statement = apply_filters(
            select(
                func.count(Entry.id),
                func.coalesce(func.sum(Entry.participants), 0),
                func.coalesce(func.sum(Entry.volunteer_hours), 0.0),
            ),
            query,
            by_hits=True,
        )
        with self._db.reading() as session:
            count, people, hours = session.execute(statement).one()
            return ListingTotals(count, int(people or 0), float(hours or 0))

    def quick_count(self, query: EntryQuery) -> int | None:
        """How many entries a search lists, counted by the search index alone (2–4 ms for
        64,000 hits among 100,000, where reading the hits takes 40 ms); None when the index
        cannot answer alone (no search, or a term checked with GLOB): ask :meth:`totals`."""
        expression = index_count_expression(query)
        if expression is None:
            return None
        with self._db.reading() as session:
            return _index_count(session, expression)

    def area_counts(self, query: EntryQuery) -> dict[int, int]:
        """How many entries each area lists for ``query`` with its area left open (“其他板块
        还有 N 条”); areas listing none are left out. A search the index answers alone is
        counted there, one area after another until all its hits are placed."""
        everywhere = query.with_(area_id=None)
        expression = index_count_expression(everywhere)
        with self._db.reading() as session:
            if expression is None:
                statement = counts_by_area(everywhere)
                return {int(area): int(count) for area, count in session.execute(statement)}
            left = _index_count(session, expression)
            counts: dict[int, int] = {}
            for area_id in session.scalars(select(WorkArea.id).order_by(WorkArea.position)):
                if left <= 0:
                    break
                by_area = index_count_expression(everywhere.with_(area_id=area_id))
                count = _index_count(session, by_area) if by_area else 0
                if count:
                    counts[area_id] = count
                    left -= count
            return counts

    def years(self) -> list[int]:
        """Years that have entries (trash excluded), newest first.

        One index lookup per year (newest date, then the newest before that year …)
        instead of reading every entry.
        """
        latest = select(func.max(Entry.date)).where(Entry.deleted_at.is_(None))
        years: list[int] = []
        with self._db.reading() as session:
            found = session.scalar(latest)
            while found is not None:
                years.append(found.year)
                found = session.scalar(latest.where(Entry.date < dt.date(found.year, 1, 1)))
        return years

    def stamps(self, year: int) -> list[EntryStamp]:
        """The year's live entries as (area, uuid, last change, sample) — no content read."""
        statement = select(Entry.area_id, Entry.uuid, Entry.updated_at, Entry.is_sample).where(
            Entry.deleted_at.is_(None),
            Entry.date >= dt.date(year, 1, 1),
            Entry.date <= dt.date(year, 12, 31),
        )
        with self._db.reading() as session:
            return [EntryStamp(*row) for row in session.execute(statement)]

    def changed_since(self, year: int, moment: dt.datetime) -> int:
        """How many of the year's entries were added, changed or deleted after ``moment``."""
        statement = select(func.count()).where(
            Entry.date >= dt.date(year, 1, 1),
            Entry.date <= dt.date(year, 12, 31),
            (Entry.updated_at > moment) | (Entry.deleted_at > moment),
        )
        with self._db.reading() as session:
            return int(session.scalar(statement) or 0)

    def places(self, entry_ids: Collection[int]) -> set[tuple[int, int]]:
        """Where these entries are listed — (area id, year) pairs — in the trash or not."""
        places: set[tuple[int, int]] = set()
        with self._db.reading() as session:
            for chunk in _chunks(entry_ids):
                statement = select(Entry.area_id, Entry.date).where(Entry.id.in_(chunk))
                places.update((area_id, date.year) for area_id, date in session.execute(statement))
        return places

    def sample_ids(self, *, live_only: bool = True) -> list[int]:
        """Ids of the sample entries (示例数据), by id; those in the 回收站 too unless
        ``live_only``. See :meth:`_samples` for what it costs."""
        return [id_ for id_, _date, deleted in self._samples() if not (live_only and deleted)]

    def sample_counts(self) -> dict[int, int]:
        """Live sample entries per year ({2019: 43}): what the figures of a year include."""
        counts: dict[int, int] = {}
        for _id, date, deleted in self._samples():
            if not deleted:
                counts[date.year] = counts.get(date.year, 0) + 1
        return counts

    def _samples(self) -> list[tuple[int, dt.date, bool]]:
        """(id, date, in the 回收站) of every sample entry (see ``_SAMPLES``)."""
        with self._db.reading() as session:
            return [(id_, date, bool(deleted)) for id_, date, deleted in session.execute(_SAMPLES)]

    def existing_uuids(self, uuids: Collection[str]) -> set[str]:
        with self._db.reading() as session:
            return set(session.scalars(select(Entry.uuid).where(Entry.uuid.in_(uuids))))

    def attachment_path(self, info: AttachmentInfo) -> Path:
        return self._attachments.path_for(info.sha256, info.file_name)

    # -- helpers ---------------------------------------------------------------
    @staticmethod
    def _attachment(file: StoredFile) -> Attachment:
        return Attachment(sha256=file.sha256, file_name=file.file_name[:255], size=file.size)

    @staticmethod
    def _require_area(session: Session, area_id: int) -> None:
        if session.get(WorkArea, area_id) is None:
            raise UserError("所选的工作板块不存在，请重新选择。")
