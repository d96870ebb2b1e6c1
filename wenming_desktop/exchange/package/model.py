"""The values an exchange package is made of and turned into: the format's names, the
entries it carries, the merge plan and its result, progress reports and the messages for a
refused package. Shared by writing, reading and merging."""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from wenming_desktop.errors import UserError
from wenming_desktop.ledger.draft import ENTRY_FIELD_LABELS, ValidEntry
from wenming_desktop.ledger.records import Area
from wenming_desktop.store.models import WorkArea

FORMAT_NAME = "wenming-package"
FORMAT_VERSION = 1
MANIFEST_NAME = "manifest.json"
ENTRIES_NAME = "entries.json"
ATTACHMENTS_FOLDER = "attachments/"

_IN_CHUNK = 500  # SQL ``IN (…)`` lists stay well below SQLite's variable limit
_LABELS = {
    "area_id": "工作板块",
    **ENTRY_FIELD_LABELS,
    "attachments": "附件",
    "deleted": "回收站",
}


# -- public values -------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Progress:
    """Handed to the ``progress`` callback: ``done`` of ``total`` steps, and what is going on."""

    done: int
    total: int
    text: str


ProgressCallback = Callable[[Progress], None]
CancelCheck = Callable[[], bool]


class PackageCancelled(UserError):
    """The clerk cancelled; nothing was written."""


@dataclass(frozen=True, slots=True)
class PackageSummary:
    path: Path
    year: int | None
    entries: int
    deleted: int
    attachments: int  # distinct files
    attachment_bytes: int

    def describe(self) -> str:
        text = f"已生成交换包，共 {self.entries} 条记录"
        if self.deleted:
            text += f"（其中回收站 {self.deleted} 条）"
        return text + f"，附件 {self.attachments} 个。"


@dataclass(frozen=True, slots=True)
class PackageAttachment:
    sha256: str
    file_name: str
    size: int


@dataclass(frozen=True, slots=True)
class IncomingEntry:
    """One well-formed entry of a package; its values are still unvalidated."""

    uuid: str
    area_uuid: str
    area_short_name: str
    area_heading: str
    values: dict[str, Any]  # EntryDraft's fields except area_id, as the package holds them
    is_sample: bool
    created_at: dt.datetime
    updated_at: dt.datetime
    deleted_at: dt.datetime | None
    attachments: tuple[PackageAttachment, ...]

    @property
    def name(self) -> str:
        return str(self.values.get("name") or "")[:60]

    @property
    def changed_at(self) -> dt.datetime:
        return _changed_at(self.updated_at, self.deleted_at)


class Action(enum.StrEnum):
    ADD = "add"
    UPDATE = "update"
    UNCHANGED = "unchanged"
    KEEP_LOCAL = "keep_local"  # this PC's version is as new or newer: the incoming one is skipped
    REFUSE = "refuse"


@dataclass(frozen=True, slots=True)
class Conflict:
    """An entry both PCs hold with different contents. ``*_changed_at`` is the last
    change (edit, or move to the 回收站), naive UTC; ``fields`` names what differs."""

    uuid: str
    name: str
    local_name: str
    winner: Literal["incoming", "local"]
    incoming_changed_at: dt.datetime
    local_changed_at: dt.datetime
    fields: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Refusal:
    uuid: str
    name: str
    reason: str


@dataclass(frozen=True, slots=True)
class PlannedEntry:
    incoming: IncomingEntry
    action: Action
    valid: ValidEntry | None = None
    conflict: Conflict | None = None
    reason: str = ""


def _count(items: Iterable[PlannedEntry], action: Action) -> int:
    return sum(item.action is action for item in items)


@dataclass(frozen=True, slots=True)
class MergePlan:
    """What importing a package would do, as seen when it was read. Nothing is written."""

    path: Path
    source_unit: str
    created_at: dt.datetime | None
    app_version: str
    items: tuple[PlannedEntry, ...]
    malformed: tuple[Refusal, ...]  # entries too damaged to be matched at all

    def count(self, action: Action) -> int:
        return _count(self.items, action)

    @property
    def conflicts(self) -> list[Conflict]:
        return [item.conflict for item in self.items if item.conflict is not None]

    @property
    def refusals(self) -> list[Refusal]:
        return _refusals(self.malformed, self.items)

    def describe(self) -> str:
        text = (
            f"来自“{self.source_unit or '未知单位'}”的交换包：将新增 {self.count(Action.ADD)} 条，"
            f"更新 {self.count(Action.UPDATE)} 条，未变 {self.count(Action.UNCHANGED)} 条，"
            f"保留本机较新版本 {self.count(Action.KEEP_LOCAL)} 条"
        )
        if self.refusals:
            text += f"，不能导入 {len(self.refusals)} 条"
        return text + "。"


def _refusals(malformed: Iterable[Refusal], items: Iterable[PlannedEntry]) -> list[Refusal]:
    refused = [
        Refusal(item.incoming.uuid, item.incoming.name, item.reason)
        for item in items
        if item.action is Action.REFUSE
    ]
    return [*malformed, *refused]


@dataclass(frozen=True, slots=True)
class MergeResult:
    added: int
    updated: int
    unchanged: int
    kept_local: int
    refused: tuple[Refusal, ...]
    conflicts: tuple[Conflict, ...]
    files_copied: int

    def describe(self) -> str:
        text = (
            f"新增 {self.added} 条，更新 {self.updated} 条，"
            f"未变 {self.unchanged} 条，保留本机较新版本 {self.kept_local} 条"
        )
        if self.refused:
            text += f"，未导入 {len(self.refused)} 条"
        if self.conflicts:
            text += f"；两边内容不同的记录 {len(self.conflicts)} 条，请核对"
        return text + "。"


# -- messages and small helpers ------------------------------------------------------------
def _unsafe(reason: str) -> UserError:
    return UserError(f"这个交换包不安全：{reason}。为安全起见，没有导入任何内容。")


def _damaged(reason: str) -> UserError:
    return UserError(
        f"这个交换包已损坏或不完整：{reason}。没有导入任何内容，请让对方重新制作交换包。"
    )


def _check_cancel(cancelled: CancelCheck | None, message: str) -> None:
    if cancelled is not None and cancelled():
        raise PackageCancelled(message)


def _report(progress: ProgressCallback | None, done: int, total: int, text: str) -> None:
    if progress is not None:
        progress(Progress(done, total, text))


def _changed_at(updated_at: dt.datetime, deleted_at: dt.datetime | None) -> dt.datetime:
    return max(updated_at, deleted_at) if deleted_at is not None else updated_at


def _iso_time(value: dt.datetime) -> str:
    return value.isoformat(timespec="microseconds") + "Z"  # stored values are naive UTC


def _parse_time(value: object) -> dt.datetime:
    if not isinstance(value, str):
        raise ValueError(value)
    parsed = dt.datetime.fromisoformat(value)
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(dt.UTC).replace(tzinfo=None)
    return parsed


def _chunks(items: list[Any]) -> Iterator[list[Any]]:
    for start in range(0, len(items), _IN_CHUNK):
        yield items[start : start + _IN_CHUNK]


def _areas(session: Session) -> list[Area]:
    rows = session.scalars(select(WorkArea).order_by(WorkArea.position, WorkArea.id))
    return [Area(row.id, row.uuid, row.position, row.short_name, row.heading) for row in rows]
