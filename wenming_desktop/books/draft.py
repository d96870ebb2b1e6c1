"""An entry as typed by the clerk, and its validation into storable values."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields

from wenming_desktop.books import validation as v
from wenming_desktop.books.fields import ENTRY_FIELD_LABELS, ENTRY_FIELDS, FIELD_NAMES, EntryField
from wenming_desktop.books.records import EntryDetail, EntryValues
from wenming_desktop.errors import ValidationError

__all__ = [
    "ENTRY_FIELD_LABELS",
    "VALID_NAMES",
    "EntryDraft",
    "ValidEntry",
    "problems",
    "validate",
]


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


def _parse(field: EntryField, raw: object, values: dict[str, object]) -> object:
    """One field's value as stored, or :class:`~.validation.FieldError`.

    ``values`` holds the fields parsed before this one (the hours' limit needs the head
    count and the days).
    """
    if field.kind == "date":
        if raw in (None, "") and not field.required:
            return None
        return v.parse_date(raw, field.label)
    if field.kind == "count":
        return v.parse_count(raw, field.label)
    if field.kind == "hours":
        people = values.get("participants")
        return v.parse_hours(
            raw,
            field.label,
            participants=people if isinstance(people, int) else None,
            days=_days(values.get("date"), values.get("end_date")),
        )
    return v.clean_text(
        raw,
        field.label,
        max_length=field.max_length,
        required=field.required,
        multiline=field.kind == "long_text",
    )


def _days(start: object, end: object) -> int:
    """How many days an activity lasts (1 when its dates are unknown or backwards)."""
    if isinstance(start, dt.date) and isinstance(end, dt.date) and end > start:
        return (end - start).days + 1
    return 1


def problems(draft: EntryDraft) -> tuple[dict[str, str], dict[str, object]]:
    """Every field's problem (by field name, in the fields' order) and the clean values of
    the fields that have none — for a form that judges fields while they are typed."""
    found: dict[str, str] = {}
    values: dict[str, object] = {}
    for field in ENTRY_FIELDS:
        try:
            values[field.name] = _parse(field, getattr(draft, field.name), values)
        except v.FieldError as error:
            found[field.name] = str(error)
    start, end = values.get("date"), values.get("end_date")
    if isinstance(start, dt.date) and isinstance(end, dt.date) and end < start:
        found["end_date"] = "“结束日期”不能早于开始日期。"
        del values["end_date"]
    return {name: found[name] for name in FIELD_NAMES if name in found}, values


def validate(draft: EntryDraft) -> ValidEntry:
    """Check every field; raise :class:`ValidationError` listing all problems at once."""
    found, values = problems(draft)
    if found:
        raise ValidationError(found)
    return ValidEntry(area_id=draft.area_id, **values)  # type: ignore[arg-type]  # checked above
