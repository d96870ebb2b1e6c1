"""Plain values that leave the ledger: what the GUI, CLI and reports work with."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Area:
    id: int
    uuid: str
    position: int
    short_name: str
    heading: str


@dataclass(frozen=True, slots=True)
class AttachmentInfo:
    id: int
    sha256: str
    file_name: str
    size: int


@dataclass(frozen=True, slots=True, kw_only=True)
class EntryValues:
    """What an area's table lists about one entry, in its column order (books/fields.py).

    The records built on it take keywords only: their fields follow these, so a positional
    call in any other order would fill the wrong fields without an error."""

    area_id: int
    date: dt.date
    end_date: dt.date | None
    name: str
    kind: str
    location: str
    organizer: str
    participants: int | None
    volunteer_hours: float | None


@dataclass(frozen=True, slots=True, kw_only=True)
class EntryRow(EntryValues):
    """One line of an area's table."""

    id: int
    uuid: str
    attachment_count: int
    is_sample: bool
    deleted_at: dt.datetime | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class EntryDetail(EntryValues):
    """Everything about one entry, for the entry dialog and printed record sheets."""

    id: int
    uuid: str
    content: str
    remarks: str
    is_sample: bool
    created_at: dt.datetime
    updated_at: dt.datetime
    deleted_at: dt.datetime | None
    attachments: tuple[AttachmentInfo, ...] = field(default_factory=tuple)


@dataclass(frozen=True, slots=True)
class EntryStamp:
    """An entry's identity and the time it last changed: what a drafted summary remembers
    to tell later whether the ledger changed under it."""

    area_id: int
    uuid: str
    updated_at: dt.datetime
    is_sample: bool


@dataclass(frozen=True, slots=True)
class ListingTotals:
    """What the status bar shows for the rows currently listed."""

    count: int
    participants: int
    volunteer_hours: float
    #: False while the sums are still being added up (the count is right already).
    summed: bool = True
