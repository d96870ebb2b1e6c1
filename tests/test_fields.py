"""An entry's fields are described once (books/fields.py); everything else agrees with it."""

from __future__ import annotations

import dataclasses

from wenming_desktop.books.draft import EntryDraft, ValidEntry
from wenming_desktop.books.fields import ENTRY_FIELDS, FIELD_NAMES, LISTED_FIELDS, TEXT_FIELDS
from wenming_desktop.books.records import EntryDetail, EntryRow
from wenming_desktop.exchange.excel_export import COLUMNS
from wenming_desktop.store import search_index
from wenming_desktop.store.models import Entry


def test_every_record_and_the_model_have_every_field() -> None:
    for holder in (EntryDraft, ValidEntry, EntryDetail):
        names = {item.name for item in dataclasses.fields(holder)}
        assert set(FIELD_NAMES) <= names, holder
    row = {item.name for item in dataclasses.fields(EntryRow)}
    assert {field.name for field in LISTED_FIELDS} <= row
    assert all(hasattr(Entry, name) for name in FIELD_NAMES)


def test_what_is_searched_is_every_text_field() -> None:
    assert set(search_index.SEARCHED_FIELDS) == set(TEXT_FIELDS)


def test_the_excel_sheet_has_a_column_per_field_with_its_label() -> None:
    headers = [column.header for column in COLUMNS]
    assert headers[: len(ENTRY_FIELDS)] == [field.label for field in ENTRY_FIELDS]
