"""Which entries a table (or a report) wants, expressed once and turned into SQL."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import Any, Literal, TypeVar

from sqlalchemy import (
    ColumnElement,
    Select,
    UnaryExpression,
    and_,
    column,
    func,
    literal_column,
    or_,
    select,
    table,
)

from wenming_desktop.errors import UserError
from wenming_desktop.store import search_index
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
SEARCHED_COLUMNS = tuple(getattr(Entry, field) for field in search_index.SEARCHED_FIELDS)


@dataclass(frozen=True, slots=True)
class EntryQuery:
    area_id: int | None = None
    year: int | None = None
    month: int | None = None
    text: str = ""
    in_trash: bool = False
    sort: SortKey = "date"
    descending: bool = False

    def with_(self, **changes: Any) -> EntryQuery:
        return replace(self, **changes)


#: Any SELECT a listing's conditions are added to (its columns are the caller's).
_Listing = TypeVar("_Listing", bound=Select[*tuple[Any, ...]])


def apply_filters(
    statement: _Listing,
    query: EntryQuery,
    *,
    by_hits: bool = False,
) -> _Listing:
    """Add the query's conditions to ``statement``.

    ``by_hits``: when searching, visit the search hits one by one (``area_id + 0`` keeps
    SQLite off the area index, which would walk the whole area and test each entry
    against the hits). Right for sums over all hits: 8 ms instead of 23 ms for a term
    found 3,000 times in 100,000, never slower; wrong for the first page of a common
    term, which the area index finds in date order after a few hundred entries.
    """
    conditions: list[ColumnElement[bool]] = [
        Entry.deleted_at.is_not(None) if query.in_trash else Entry.deleted_at.is_(None)
    ]
    if query.area_id is not None:
        by_area = (
            Entry.area_id + 0
            if by_hits and search_index.search_terms(query.text)
            else Entry.area_id
        )
        conditions.append(by_area == query.area_id)
    if query.year is not None:
        if query.month is not None:
            first = dt.date(query.year, query.month, 1)
            following = dt.date(query.year + query.month // 12, query.month % 12 + 1, 1)
        else:
            first, following = dt.date(query.year, 1, 1), dt.date(query.year + 1, 1, 1)
        # Range on the raw column keeps the (area_id, date) index usable.
        conditions.append(and_(Entry.date >= first, Entry.date < following))
    conditions.extend(text_conditions(query.text))
    return statement.where(*conditions)


_SEARCH = table(search_index.TABLE, column("rowid"), column(search_index.TABLE))
_HIT_ID: ColumnElement[int] = literal_column(search_index.ENTRY_ID)


#: Longer searches are refused: no one types them, and SQLite refuses long patterns.
MAX_SEARCH_CHARS = 200


def text_conditions(text: str) -> list[ColumnElement[bool]]:
    """Every whitespace-separated term must occur in one of the searched fields.

    The character-pair index answers (see ``store/search_index.py``); a term holding
    punctuation is narrowed by it and then checked with GLOB, full-width and half-width
    alike (``search_index.glob_pattern``).
    """
    if len(text) > MAX_SEARCH_CHARS:
        raise UserError(
            f"查找的文字太长（{len(text)} 个字），请缩短到 {MAX_SEARCH_CHARS} 个字以内。"
        )
    conditions = []
    expressions = []
    for term in search_index.search_terms(text):
        match = search_index.match_term(term)
        if match.expression is not None:
            expressions.append(match.expression)
        if not match.exact:
            pattern = search_index.glob_pattern(term)
            conditions.append(or_(*(c.op("GLOB")(pattern) for c in SEARCHED_COLUMNS)))
    if expressions:
        hits = select(_HIT_ID).where(
            _SEARCH.c[search_index.TABLE].op("MATCH")(" AND ".join(expressions))
        )
        conditions.insert(0, Entry.id.in_(hits))
    return conditions


def sort_key(query: EntryQuery, attachment_count: ColumnElement[int]) -> Any:
    """The expression a listing is sorted by (ties are broken by ``Entry.id``)."""
    keys: dict[str, Any] = {  # columns and expressions: SQLAlchemy types them apart
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
    }
    return keys[query.sort]


def order_columns(
    query: EntryQuery, attachment_count: ColumnElement[int]
) -> list[UnaryExpression[Any]]:
    key = sort_key(query, attachment_count)
    if query.descending:
        return [key.desc(), Entry.id.desc()]
    return [key.asc(), Entry.id.asc()]


def listed_before(
    query: EntryQuery, attachment_count: ColumnElement[int], value: object, entry_id: int
) -> ColumnElement[bool]:
    """The condition “listed before the entry whose sort key is ``value``”.

    SQLite lists NULL first in ascending order and last in descending order (only
    ``deleted_at`` of live entries is ever NULL).
    """
    key = sort_key(query, attachment_count)
    if value is None:
        ties = and_(key.is_(None), Entry.id > entry_id if query.descending else Entry.id < entry_id)
        return or_(key.is_not(None), ties) if query.descending else ties
    if query.descending:
        return or_(key > value, and_(key == value, Entry.id > entry_id))
    return or_(key.is_(None), key < value, and_(key == value, Entry.id < entry_id))


def index_count_expression(query: EntryQuery) -> str | None:
    """The FTS5 query whose hits are exactly the listing of a search, or None when the
    index cannot answer alone (no search, or a term that needs checking with GLOB)."""
    matches = [search_index.match_term(term) for term in search_index.search_terms(query.text)]
    if not matches or not all(m.exact and m.expression for m in matches):
        return None
    listing = search_index.listing_expression(
        query.area_id, query.year, query.month, query.in_trash
    )
    return " AND ".join([*(f"({m.expression})" for m in matches), listing])


def index_page(query: EntryQuery, offset: int, limit: int | None) -> Select[Any] | None:
    """The ids of one page of a search listed by date, read in listing order from the
    search index itself (its rowids are ordered by date, then id), or None when the
    index cannot list the search alone: then :func:`apply_filters` and a sort it is.

    At 64,000 hits among 100,000 the first page takes about 1 ms this way, where
    collecting every hit to sort them took 10–15 ms.
    """
    expression = index_count_expression(query)
    if expression is None or query.sort != "date":
        return None
    rowid = _SEARCH.c.rowid.desc() if query.descending else _SEARCH.c.rowid.asc()
    return (
        select(_HIT_ID)
        .where(_SEARCH.c[search_index.TABLE].op("MATCH")(expression))
        .order_by(rowid)
        .offset(offset)
        .limit(-1 if limit is None else limit)
    )
