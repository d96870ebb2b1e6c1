"""An entry's fields, described once: name, the clerk's label, kind, limits.

Validation, the error messages, the table's column titles, the Excel sheet's headers, the
exchange package's records and the CLI's JSON all derive from this table, so a new field is
added here (and in the model, its migration and the records) rather than in ten places.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from wenming_desktop.books.validation import LONG_TEXT_MAX, NAME_MAX, SHORT_TEXT_MAX

FieldKind = Literal["date", "text", "long_text", "count", "hours"]


@dataclass(frozen=True, slots=True)
class EntryField:
    name: str  # the attribute of EntryDraft, ValidEntry, EntryDetail and the Entry model
    label: str  # in the clerk's words: messages, Excel headers, the entry dialog
    kind: FieldKind
    max_length: int = 0  # text kinds
    required: bool = False
    #: Shown in an area's table (EntryRow has it); the long texts are read in the dialog.
    listed: bool = True
    #: The table's column title when the label is too long for a column.
    column_title: str = ""

    @property
    def title(self) -> str:
        return self.column_title or self.label

    @property
    def is_text(self) -> bool:
        return self.kind in ("text", "long_text")


ENTRY_FIELDS: tuple[EntryField, ...] = (
    EntryField("date", "日期", "date", required=True),
    EntryField("end_date", "结束日期", "date"),
    EntryField("name", "活动名称", "text", NAME_MAX, required=True),
    EntryField("kind", "类型", "text", 20),
    EntryField("location", "地点", "text", SHORT_TEXT_MAX),
    EntryField("organizer", "负责人/组织部门", "text", SHORT_TEXT_MAX),
    EntryField("participants", "参加人数", "count"),
    EntryField("volunteer_hours", "志愿服务时长", "hours", column_title="服务时长"),
    EntryField("content", "活动内容", "long_text", LONG_TEXT_MAX, listed=False),
    EntryField("remarks", "成效/备注", "long_text", LONG_TEXT_MAX, listed=False),
)
FIELD_NAMES: tuple[str, ...] = tuple(field.name for field in ENTRY_FIELDS)
LISTED_FIELDS: tuple[EntryField, ...] = tuple(field for field in ENTRY_FIELDS if field.listed)
TEXT_FIELDS: tuple[str, ...] = tuple(field.name for field in ENTRY_FIELDS if field.is_text)
#: The fields of an entry in the clerk's words (messages, import columns, conflict lists).
ENTRY_FIELD_LABELS: dict[str, str] = {field.name: field.label for field in ENTRY_FIELDS}
_BY_NAME = {field.name: field for field in ENTRY_FIELDS}


def entry_field(name: str) -> EntryField:
    return _BY_NAME[name]
