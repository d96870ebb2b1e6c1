"""Property tests: whatever a cell, a package or a clerk holds, only clean values or a
Chinese UserError come out — never a crash, never invalid data."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from wenming_desktop.books.draft import EntryDraft, validate
from wenming_desktop.books.validation import MAX_DATE, MIN_DATE
from wenming_desktop.errors import UserError
from wenming_desktop.exchange.excel_cells import parse_date_cell

CELLS = st.one_of(
    st.none(),
    st.text(max_size=40),
    st.integers(min_value=-(10**9), max_value=10**9),
    st.floats(allow_nan=True, allow_infinity=True),
    st.datetimes(min_value=dt.datetime(1, 1, 1), max_value=dt.datetime(9999, 12, 31)),
)


@settings(max_examples=300, deadline=None)
@given(cell=CELLS, year=st.one_of(st.none(), st.integers(1900, 2200)))
def test_date_cells_give_dates_or_text_never_a_crash(cell: object, year: int | None) -> None:
    try:
        start, end = parse_date_cell(cell, year)
    except UserError:
        return
    for value in (start, end):
        assert value is None or isinstance(value, dt.date | str)


@settings(max_examples=300, deadline=None)
@given(
    name=st.text(max_size=300),
    date=CELLS,
    people=CELLS,
    hours=CELLS,
    content=st.text(max_size=50).map(lambda t: t * 500),
)
def test_any_row_is_either_valid_or_refused_in_chinese(
    name: str, date: object, people: object, hours: object, content: str
) -> None:
    draft = EntryDraft(
        area_id=1,
        date=date if date is not None else "",
        name=name,
        participants=people,
        volunteer_hours=hours,
        content=content,
    )  # type: ignore[arg-type]
    try:
        entry = validate(draft)
    except UserError as error:
        assert any("\u4e00" <= char <= "\u9fff" for char in str(error))
        return
    assert MIN_DATE <= entry.date <= MAX_DATE
    assert 1 <= len(entry.name) <= 200 and len(entry.content) <= 20_000
    assert entry.participants is None or 0 <= entry.participants <= 1_000_000
    assert entry.volunteer_hours is None or entry.volunteer_hours >= 0
    assert "\x00" not in entry.name + entry.content
