"""An entry as typed by the clerk, and its validation into storable values."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields

from wenming_desktop.books import validation as v
from wenming_desktop.books.fields import ENTRY_FIELD_LABELS, ENTRY_FIELDS, FIELD_NAMES, EntryField
from wenming_desktop.books.records import EntryDetail, EntryValues
from wenming_desktop.errors import ValidationError

__all__ = ["ENTRY_FIELD_LABELS", "VALID_NAMES", "EntryDraft", "ValidEntry", "validate"]


@dataclass(slots=True)
class EntryDraft:
    """Raw input: any field may still be text straight from a form or a file."""

    area_id: int
    date: dt.date | str
    name: str
    end_date: dt.date | str | None = None
    kind: str = ""
    location: str = ""
    organizer: str = ""
    participants: int | float | str | None = None  # a cell may hold 30.0
    volunteer_hours: float | str | None = None
    content: str = ""
    remarks: str = ""

    @classmethod
    def from_detail(cls, entry: EntryDetail) -> EntryDraft:
        """A draft holding an existing entry's values (to change some and save again)."""
        return cls(area_id=entry.area_id, **{name: getattr(entry, name) for name in FIELD_NAMES})


@dataclass(frozen=True, slots=True, kw_only=True)
class ValidEntry(EntryValues):
    """Values that passed every rule and may be written as they are."""

    content: str
    remarks: str


#: ValidEntry's fields in order: what a valid entry writes into a stored one.
VALID_NAMES: tuple[str, ...] = tuple(item.name for item in fields(ValidEntry))


def _parse(field: EntryField, raw: object) -> object:
    """One field's value as stored, or :class:`~.validation.FieldError`."""
    if field.kind == "date":
        if raw in (None, "") and not field.required:
            return None
        return v.parse_date(raw, field.label)
    if field.kind == "count":
        return v.parse_count(raw, field.label)
    if field.kind == "hours":
        return v.parse_hours(raw, field.label)
    return v.clean_text(
        raw,
        field.label,
        max_length=field.max_length,
        required=field.required,
        multiline=field.kind == "long_text",
    )


def validate(draft: EntryDraft) -> ValidEntry:
    """Check every field; raise :class:`ValidationError` listing all problems at once."""
    problems: dict[str, str] = {}
    values: dict[str, object] = {}
    for field in ENTRY_FIELDS:
        try:
            values[field.name] = _parse(field, getattr(draft, field.name))
        except v.FieldError as error:
            problems[field.name] = str(error)
    start, end = values.get("date"), values.get("end_date")
    if isinstance(start, dt.date) and isinstance(end, dt.date) and end < start:
        problems["end_date"] = "“结束日期”不能早于开始日期。"
    if problems:
        raise ValidationError(problems)
    return ValidEntry(area_id=draft.area_id, **values)  # type: ignore[arg-type]  # checked above
