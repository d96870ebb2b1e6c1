"""Which entries a table (or a report) wants, expressed once and turned into SQL."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import Literal

from sqlalchemy import Select, and_, func, or_

from wenming_desktop.store.models import Entry

SortKey = Literal[
    "date",
    "name",
    "kind",
    "location",
    "organizer",
    "participants",
    "volunteer_hours",
    "attachments",
    "deleted_at",
    "area",
]
SEARCHED_COLUMNS = (
    Entry.name,
    Entry.kind,
    Entry.location,
    Entry.organizer,
    Entry.content,
    Entry.remarks,
)


@dataclass(frozen=True, slots=True)
class EntryQuery:
    area_id: int | None = None
    year: int | None = None
    month: int | None = None
    text: str = ""
    in_trash: bool = False
    sort: SortKey = "date"
    descending: bool = False

    def with_(self, **changes: object) -> EntryQuery:
        return replace(self, **changes)  # type: ignore[arg-type]


def _escape_like(term: str) -> str:
    return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def apply_filters(statement: Select, query: EntryQuery) -> Select:  # type: ignore[type-arg]
    conditions = [Entry.deleted_at.is_not(None) if query.in_trash else Entry.deleted_at.is_(None)]
    if query.area_id is not None:
        conditions.append(Entry.area_id == query.area_id)
    if query.year is not None:
        if query.month is not None:
            first = dt.date(query.year, query.month, 1)
            following = dt.date(query.year + query.month // 12, query.month % 12 + 1, 1)
        else:
            first, following = dt.date(query.year, 1, 1), dt.date(query.year + 1, 1, 1)
        # Range on the raw column keeps the (area_id, date) index usable.
        conditions.append(and_(Entry.date >= first, Entry.date < following))
    for term in query.text.split():
        pattern = f"%{_escape_like(term)}%"
        conditions.append(or_(*(column.like(pattern, escape="\\") for column in SEARCHED_COLUMNS)))
    return statement.where(*conditions)


def order_columns(query: EntryQuery, attachment_count):  # type: ignore[no-untyped-def]
    column = {
        "date": Entry.date,
        "name": Entry.name,
        "kind": Entry.kind,
        "location": Entry.location,
        "organizer": Entry.organizer,
        "participants": func.coalesce(Entry.participants, -1),
        "volunteer_hours": func.coalesce(Entry.volunteer_hours, -1),
        "attachments": attachment_count,
        "deleted_at": Entry.deleted_at,
        "area": Entry.area_id,
    }[query.sort]
    if query.descending:
        return [column.desc(), Entry.id.desc()]
    return [column.asc(), Entry.id.asc()]
