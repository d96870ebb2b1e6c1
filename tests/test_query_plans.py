"""The listing of an area stays fast at 100,000 entries only if SQLite answers from the
``ix_entry_live_area`` index: these tests read SQLite's query plans to keep it so."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select, text

from wenming_desktop.books.entries import _ATTACHMENT_COUNT, _ROW_COLUMNS, _SAMPLES, counts_by_area
from wenming_desktop.books.query import EntryQuery, apply_filters, listed_before, order_columns
from wenming_desktop.ledger import Ledger
from wenming_desktop.store.models import Entry


def plan(ledger: Ledger, statement) -> str:
    sql = statement.compile(
        dialect=ledger.database.engine.dialect, compile_kwargs={"literal_binds": True}
    )
    with ledger.database.reading() as session:
        return " | ".join(row[-1] for row in session.execute(text(f"EXPLAIN QUERY PLAN {sql}")))


AREA = EntryQuery(area_id=1)
AREA_YEAR = EntryQuery(area_id=1, year=2019)


@pytest.mark.parametrize("query", [AREA, AREA_YEAR], ids=["all years", "one year"])
def test_a_page_is_read_in_index_order(ledger: Ledger, query: EntryQuery) -> None:
    statement = (
        apply_filters(select(*_ROW_COLUMNS), query)
        .order_by(*order_columns(query, _ATTACHMENT_COUNT))
        .offset(99_800)
        .limit(200)
    )
    found = plan(ledger, statement)
    assert "ix_entry_live_area" in found and "TEMP B-TREE" not in found, found


@pytest.mark.parametrize("query", [AREA, AREA_YEAR], ids=["all years", "one year"])
def test_totals_and_position_come_from_the_index_alone(ledger: Ledger, query: EntryQuery) -> None:
    totals = apply_filters(
        select(func.count(), func.sum(Entry.participants), func.sum(Entry.volunteer_hours)),
        query,
    )
    before = apply_filters(select(func.count()), query).where(
        listed_before(query, _ATTACHMENT_COUNT, dt.date(2019, 5, 1), 123)
    )
    for statement in (totals, before):
        found = plan(ledger, statement)
        assert "ix_entry_live_area" in found and "SCAN entry" not in found, found


def test_years_are_found_by_index_lookups(ledger: Ledger) -> None:
    statement = select(func.max(Entry.date)).where(
        Entry.deleted_at.is_(None), Entry.date < dt.date(2019, 1, 1)
    )
    assert "SEARCH entry USING INDEX ix_entry_live_stats (date<?)" in plan(ledger, statement)


def test_search_totals_visit_the_hits_and_the_first_page_walks_the_area(ledger: Ledger) -> None:
    searching = EntryQuery(area_id=1, text="普法")
    totals = apply_filters(select(func.count()), searching, by_hits=True)
    assert "INTEGER PRIMARY KEY" in plan(ledger, totals)
    page = (
        apply_filters(select(*_ROW_COLUMNS), searching)
        .order_by(*order_columns(searching, _ATTACHMENT_COUNT))
        .limit(200)
    )
    found = plan(ledger, page)
    assert "ix_entry_live_area" in found and "TEMP B-TREE" not in found, found


def test_sample_entries_are_found_in_one_pass_over_the_table(ledger: Ledger) -> None:
    # Not through the partial index of live entries: it would look up every row it lists
    # (250 ms at 100,000 entries in one year, against 25 ms for the table read in order).
    assert plan(ledger, _SAMPLES) == "SCAN entry"


def test_other_areas_of_a_search_needing_a_check_are_counted_by_visiting_the_hits(
    ledger: Ledger,
) -> None:
    """“其他板块还有 N 条” for a term holding punctuation (checked with GLOB): the hits
    found in the index are looked up one by one, the table is not read through."""
    found = plan(ledger, counts_by_area(EntryQuery(text="3·15")))
    assert "INTEGER PRIMARY KEY" in found and "VIRTUAL TABLE" in found, found
    assert "SCAN entry " not in f"{found} ", found
