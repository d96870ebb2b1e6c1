"""An entry as typed by the clerk, and its validation into storable values."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from wenming_desktop.books import validation as v
from wenming_desktop.books.records import EntryDetail
from wenming_desktop.errors import ValidationError

#: The fields of an entry in the clerk's words (messages, import columns, conflict lists).
ENTRY_FIELD_LABELS: dict[str, str] = {
    "date": "日期",
    "end_date": "结束日期",
    "name": "活动名称",
    "kind": "类型",
    "location": "地点",
    "organizer": "负责人/组织部门",
    "participants": "参加人数",
    "volunteer_hours": "志愿服务时长",
    "content": "活动内容",
    "remarks": "成效/备注",
}


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
    participants: int | str | None = None
    volunteer_hours: float | str | None = None
    content: str = ""
    remarks: str = ""

    @classmethod
    def from_detail(cls, entry: EntryDetail) -> EntryDraft:
        """A draft holding an existing entry's values (to change some and save again)."""
        return cls(
            area_id=entry.area_id,
            date=entry.date,
            end_date=entry.end_date,
            name=entry.name,
            kind=entry.kind,
            location=entry.location,
            organizer=entry.organizer,
            participants=entry.participants,
            volunteer_hours=entry.volunteer_hours,
            content=entry.content,
            remarks=entry.remarks,
        )


@dataclass(frozen=True, slots=True)
class ValidEntry:
    """Values that passed every rule and may be written as they are."""

    area_id: int
    date: dt.date
    end_date: dt.date | None
    name: str
    kind: str
    location: str
    organizer: str
    participants: int | None
    volunteer_hours: float | None
    content: str
    remarks: str


def validate(draft: EntryDraft) -> ValidEntry:
    """Check every field; raise :class:`ValidationError` listing all problems at once."""
    problems: dict[str, str] = {}
    values: dict[str, object] = {}

    def check(field: str, parse) -> None:  # type: ignore[no-untyped-def]
        try:
            values[field] = parse()
        except v.FieldError as error:
            problems[field] = str(error)

    check("date", lambda: v.parse_date(draft.date, "日期"))
    check(
        "end_date",
        lambda: None if draft.end_date in (None, "") else v.parse_date(draft.end_date, "结束日期"),
    )
    check(
        "name", lambda: v.clean_text(draft.name, "活动名称", max_length=v.NAME_MAX, required=True)
    )
    check("kind", lambda: v.clean_text(draft.kind, "类型", max_length=20))
    check("location", lambda: v.clean_text(draft.location, "地点", max_length=v.SHORT_TEXT_MAX))
    check(
        "organizer",
        lambda: v.clean_text(draft.organizer, "负责人/组织部门", max_length=v.SHORT_TEXT_MAX),
    )
    check("participants", lambda: v.parse_count(draft.participants, "参加人数"))
    check("volunteer_hours", lambda: v.parse_hours(draft.volunteer_hours, "志愿服务时长"))
    check(
        "content",
        lambda: v.clean_text(draft.content, "活动内容", max_length=v.LONG_TEXT_MAX, multiline=True),
    )
    check(
        "remarks",
        lambda: v.clean_text(
            draft.remarks, "成效/备注", max_length=v.LONG_TEXT_MAX, multiline=True
        ),
    )
    start, end = values.get("date"), values.get("end_date")
    if isinstance(start, dt.date) and isinstance(end, dt.date) and end < start:
        problems["end_date"] = "“结束日期”不能早于开始日期。"
    if problems:
        raise ValidationError(problems)
    return ValidEntry(area_id=draft.area_id, **values)  # type: ignore[arg-type]
