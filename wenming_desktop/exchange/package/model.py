"""The values an exchange package is made of and turned into: the format's names, the
entries it carries, the merge plan and its result, progress reports and the messages for a
refused package. Shared by writing, reading and merging."""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from wenming_desktop.books.draft import ENTRY_FIELD_LABELS, ValidEntry
from wenming_desktop.books.records import Area
from wenming_desktop.errors import UserError
from wenming_desktop.store.models import WorkArea
from wenming_desktop.work import Steps

FORMAT_NAME = "wenming-package"
#: The newest format this program reads. A package is written as version 1 unless it leaves
#: out attachment files (``missing_attachments`` in the manifest): then it is version 2, so
#: that a reader knowing only version 1 asks for an upgrade instead of calling it damaged.
FORMAT_VERSION = 2
COMPLETE_FORMAT_VERSION = 1
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
#: Which version of an entry both PCs changed is kept: this PC's or the package's.
Side = Literal["local", "incoming"]
SIDES: tuple[Side, ...] = ("local", "incoming")


class PackageCancelled(UserError):
    """The clerk cancelled; nothing was written."""


@dataclass(frozen=True, slots=True)
class MissingAttachment:
    """An attachment an entry lists whose file is not there: not in this PC's data folder
    (or changed since it was added) when packing; neither in the package nor on this PC
    when importing."""

    entry_uuid: str
    entry_name: str
    file_name: str
    sha256: str
    changed: bool = False  # the file is there but is no longer what the entry recorded

    def describe(self) -> str:
        text = f"记录“{self.entry_name}”的附件“{self.file_name}”"
        return text + ("（已被改动或损坏）" if self.changed else "")


def describe_missing(
    missing: Iterable[MissingAttachment], shown: int = 5, separator: str = "；"
) -> str:
    """The first few, then how many more: for a message box or one line of output."""
    items = list(missing)
    text = separator.join(item.describe() for item in items[:shown])
    if len(items) > shown:
        text += f"{separator}等共 {len(items)} 个"
    return text


@dataclass(frozen=True, slots=True)
class PackageSummary:
    path: Path
    year: int | None
    entries: int
    deleted: int
    attachments: int  # distinct files
    attachment_bytes: int
    missing: tuple[MissingAttachment, ...] = ()  # left out, and listed in the manifest

    def describe(self) -> str:
        text = f"已生成交换包，共 {self.entries} 条记录"
        if self.deleted:
            text += f"（其中回收站 {self.deleted} 条）"
        text += f"，附件 {self.attachments} 个。"
        if self.missing:
            text += (
                f"另有 {len(self.missing)} 个附件文件在数据文件夹中找不到或已损坏，没有打包"
                f"（已在交换包中列出）：{describe_missing(self.missing)}。"
            )
        return text


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
class Difference:
    """One field that differs between the two versions, each side's value as shown."""

    field: str
    label: str
    local: str
    incoming: str


@dataclass(frozen=True, slots=True)
class Conflict:
    """An entry both PCs hold with different contents. ``*_changed_at`` is the last
    change (edit, or move to the 回收站), naive UTC; ``fields`` names what differs and
    ``differences`` shows each side's values. ``winner`` is the side that is kept: the
    one changed last unless the clerk chose the other."""

    uuid: str
    name: str
    local_name: str
    winner: Side
    incoming_changed_at: dt.datetime
    local_changed_at: dt.datetime
    fields: tuple[str, ...]
    differences: tuple[Difference, ...] = ()

    @property
    def newer(self) -> Side:
        """The side changed last (on a tie, this PC's): what is kept unless chosen."""
        return "incoming" if self.incoming_changed_at > self.local_changed_at else "local"

    @property
    def older_kept(self) -> bool:
        return self.winner != self.newer


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


def _check_choices(choices: Mapping[str, Side] | None) -> Mapping[str, Side]:
    if not choices:
        return {}
    for uuid, side in choices.items():
        if side not in SIDES:
            raise ValueError(f"choice for {uuid} must be 'local' or 'incoming', not {side!r}")
    return choices


def _chosen(item: PlannedEntry, choices: Mapping[str, Side]) -> PlannedEntry:
    """``item`` with the clerk's choice applied (none given: the side changed last)."""
    conflict = item.conflict
    if conflict is None or item.action not in (Action.UPDATE, Action.KEEP_LOCAL):
        return item
    side = choices.get(conflict.uuid, conflict.newer)
    return dataclasses.replace(
        item,
        action=Action.UPDATE if side == "incoming" else Action.KEEP_LOCAL,
        conflict=dataclasses.replace(conflict, winner=side),
    )


@dataclass(frozen=True, slots=True)
class MergePlan:
    """What importing a package would do, as seen when it was read. Nothing is written."""

    path: Path
    source_unit: str
    created_at: dt.datetime | None
    app_version: str
    items: tuple[PlannedEntry, ...]
    malformed: tuple[Refusal, ...]  # entries too damaged to be matched at all
    #: Files the package lists as left out (not in the zip): SHA-256s.
    absent_files: frozenset[str] = frozenset()
    #: Attachments of the entries coming in that neither the package nor this PC has.
    missing_attachments: tuple[MissingAttachment, ...] = ()

    def chosen(self, choices: Mapping[str, Side] | None = None) -> list[PlannedEntry]:
        """The items with the clerk's choices applied (missing: the side changed last)."""
        picked = _check_choices(choices)
        return [_chosen(item, picked) for item in self.items]

    def count(self, action: Action, choices: Mapping[str, Side] | None = None) -> int:
        return _count(self.chosen(choices), action)

    @property
    def conflicts(self) -> list[Conflict]:
        return [item.conflict for item in self.items if item.conflict is not None]

    @property
    def refusals(self) -> list[Refusal]:
        return _refusals(self.malformed, self.items)

    def describe(self, choices: Mapping[str, Side] | None = None) -> str:
        items = self.chosen(choices)
        added, updated = _count(items, Action.ADD), _count(items, Action.UPDATE)
        text = (
            f"来自“{self.source_unit or '未知单位'}”的交换包：将新增 {added} 条，"
            f"更新 {updated} 条，未变 {_count(items, Action.UNCHANGED)} 条，"
            f"保留本机版本 {_count(items, Action.KEEP_LOCAL)} 条"
        )
        if self.refusals:
            text += f"，不能导入 {len(self.refusals)} 条"
        text += "。"
        if self.missing_attachments:
            text += f"对方电脑上缺少的附件 {len(self.missing_attachments)} 个，无法带过来。"
        return text


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
    missing_attachments: tuple[MissingAttachment, ...] = ()

    def describe(self) -> str:
        text = (
            f"新增 {self.added} 条，更新 {self.updated} 条，"
            f"未变 {self.unchanged} 条，保留本机版本 {self.kept_local} 条"
        )
        if self.refused:
            text += f"，未导入 {len(self.refused)} 条"
        if self.conflicts:
            local = sum(conflict.winner == "local" for conflict in self.conflicts)
            text += (
                f"；两边都改过的记录 {len(self.conflicts)} 条"
                f"（采用本机 {local} 条，采用对方 {len(self.conflicts) - local} 条）"
            )
        text += "。"
        if self.missing_attachments:
            text += (
                f"对方电脑上缺少的附件 {len(self.missing_attachments)} 个，未能带过来："
                f"{describe_missing(self.missing_attachments)}。"
            )
        return text


# -- messages and small helpers ------------------------------------------------------------
def _unsafe(reason: str) -> UserError:
    return UserError(f"这个交换包不安全：{reason}。为安全起见，没有导入任何内容。")


def _damaged(reason: str) -> UserError:
    return UserError(
        f"这个交换包已损坏或不完整：{reason}。没有导入任何内容，请让对方重新制作交换包。"
    )


def _check_cancel(steps: Steps, message: str) -> None:
    if steps.stopped:
        raise PackageCancelled(message)


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
