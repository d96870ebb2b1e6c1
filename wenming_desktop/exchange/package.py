"""Exchange packages (交换包): a year or a selection of entries, with their attachments,
carried as one .zip from one clerk's PC to another's and merged there by entry UUID.

Layout::

    manifest.json                   format, versions, source unit, counts, sha256 of entries.json
    entries.json                    every entry with all its fields, its area and attachment list
    attachments/<sha256><suffix>    each attachment file once

Merging (:func:`read_package` plans, :func:`apply_package` writes):

- entries are matched by UUID; when both sides hold it and their contents differ, the side
  changed last wins (moving to the 回收站 counts as a change) and the pair is listed as a
  :class:`Conflict` for the clerk to review;
- areas are matched by UUID, then by short name, then by heading. An area this PC does not
  know is never created: its entries are refused with the reason (areas are the six
  sections of the summary, so a new one must be the clerk's decision);
- every incoming entry passes :func:`~wenming_desktop.ledger.draft.validate`; an invalid one
  is refused on its own, the rest of the package still comes in.

A package is untrusted input. Member names, file types, sizes, compression ratios, JSON and
every SHA-256 are checked before anything is written; members are read through the zip
API with limits and never extracted with ``extractall``. A refused or cancelled import
writes nothing.
"""

from __future__ import annotations

import datetime as dt
import enum
import errno
import hashlib
import json
import re
import stat
import tempfile
import uuid as uuid_module
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Literal

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from wenming_desktop import __version__
from wenming_desktop.errors import UserError, ValidationError, describe_os_error
from wenming_desktop.files import atomic_output
from wenming_desktop.ledger.attachments import AttachmentStore
from wenming_desktop.ledger.draft import EntryDraft, ValidEntry, validate
from wenming_desktop.ledger.records import Area
from wenming_desktop.ledger.validation import FieldError, clean_text
from wenming_desktop.store.migrate import SCHEMA_REVISION
from wenming_desktop.store.models import Attachment, Entry, WorkArea, utc_now

if TYPE_CHECKING:
    from wenming_desktop.ledger.ledger import Ledger

FORMAT_NAME = "wenming-package"
FORMAT_VERSION = 1
MANIFEST_NAME = "manifest.json"
ENTRIES_NAME = "entries.json"
ATTACHMENTS_FOLDER = "attachments/"

# Limits on what a package may hold; module constants so tests can lower them.
MAX_TOTAL_BYTES = 2 * 1024**3
MAX_MEMBER_BYTES = 500 * 1024**2
MAX_MEMBERS = 100_000
MAX_RATIO = 100
RATIO_CHECKED_FROM = 10 * 1024**2  # members smaller than this may compress as they like
MAX_MANIFEST_BYTES = 1024**2
MAX_ENTRIES_JSON_BYTES = 256 * 1024**2
#: How far in the future an incoming change time may lie (another PC's clock may be off).
CLOCK_TOLERANCE = dt.timedelta(days=1)

_CHUNK = 1024 * 1024
_IN_CHUNK = 500  # SQL ``IN (…)`` lists stay well below SQLite's variable limit
_SHA256 = re.compile(r"[0-9a-f]{64}")
# The suffix is whatever AttachmentStore kept (it may be “.文档”); names are checked already.
_ATTACHMENT_MEMBER = re.compile(r"attachments/([0-9a-f]{64})(\.[^/]*)?")
_DRIVE = re.compile(r"^[A-Za-z]:")
_LABELS = {
    "area_id": "工作板块",
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
    "attachments": "附件",
    "deleted": "回收站",
}
_TEXT_FIELDS = ("name", "kind", "location", "organizer", "content", "remarks")


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


# -- writing a package ---------------------------------------------------------------------
def write_package(
    ledger: Ledger,
    target: Path,
    *,
    year: int | None = None,
    entry_ids: list[int] | None = None,
    progress: ProgressCallback | None = None,
    cancelled: CancelCheck | None = None,
) -> PackageSummary:
    """Pack the entries of ``year`` and/or ``entry_ids`` (both: those of the year among
    the ids; neither: all entries), trash included so that a deletion travels."""
    if year is not None and not 1949 <= year <= 2100:
        raise UserError("年份应在 1949 年至 2100 年之间。")
    store = AttachmentStore(ledger.folder.attachments)
    records, files = _collect(ledger, store, year, entry_ids)
    if not records:
        raise UserError("所选范围内没有记录，无法生成交换包。")
    file_bytes = sum(size for _member, size, _source, _label in files.values())
    entries_json = json.dumps(
        {"entries": records}, ensure_ascii=False, indent=1, sort_keys=True
    ).encode("utf-8")
    if file_bytes + len(entries_json) > MAX_TOTAL_BYTES or len(files) + 2 > MAX_MEMBERS:
        raise UserError(
            f"所选记录连同附件共 {(file_bytes + len(entries_json)) / 1024**2:,.0f} MB、"
            f"{len(files)} 个附件，超过了交换包的上限（{MAX_TOTAL_BYTES // 1024**3} GB、"
            f"{MAX_MEMBERS:,} 个文件）。请按年份或分批打包。"
        )
    created = utc_now()
    deleted = sum(record["deleted_at"] is not None for record in records)
    manifest = {
        "format": FORMAT_NAME,
        "format_version": FORMAT_VERSION,
        "app_version": __version__,
        "schema_revision": SCHEMA_REVISION,
        "created_at": _iso_time(created),
        "source_unit": ledger.settings.load().unit_name,
        "year": year,
        "counts": {
            "entries": len(records),
            "deleted_entries": deleted,
            "attachment_files": len(files),
            "attachment_bytes": file_bytes,
        },
        "entries_sha256": hashlib.sha256(entries_json).hexdigest(),
    }
    stamp = created.timetuple()[:6]
    cancel_text = "已取消，没有生成交换包。"
    total = len(files) + 1
    with atomic_output(target, suffixes=(".zip",), what="交换包") as temp:
        with zipfile.ZipFile(temp, "w") as archive:
            for name, data in (
                (MANIFEST_NAME, json.dumps(manifest, ensure_ascii=False, indent=1).encode()),
                (ENTRIES_NAME, entries_json),
            ):
                info = zipfile.ZipInfo(name, stamp)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                archive.writestr(info, data)
            _report(progress, 1, total, "正在写入记录")
            for done, sha in enumerate(sorted(files), start=2):
                _check_cancel(cancelled, cancel_text)
                member, size, source, label = files[sha]
                _pack_file(archive, zipfile.ZipInfo(member, stamp), source, sha, size, label)
                _report(progress, done, total, f"正在打包附件 {done - 1}/{len(files)}")
        _check_cancel(cancelled, cancel_text)
    return PackageSummary(target, year, len(records), deleted, len(files), file_bytes)


def _collect(
    ledger: Ledger, store: AttachmentStore, year: int | None, entry_ids: list[int] | None
) -> tuple[list[dict[str, Any]], dict[str, tuple[str, int, Path, str]]]:
    """The entries as JSON-ready dicts (by date, then UUID) and the files they need:
    sha256 → (member name, size, file in the store, what to call it in messages)."""
    statement = select(Entry).options(selectinload(Entry.attachments))
    if year is not None:
        statement = statement.where(
            Entry.date >= dt.date(year, 1, 1), Entry.date < dt.date(year + 1, 1, 1)
        )
    with ledger.database.reading() as session:
        areas = {area.id: area for area in _areas(session)}
        if entry_ids is None:
            found = list(session.scalars(statement))
        else:
            found = []
            for chunk in _chunks(sorted(set(entry_ids))):
                found.extend(session.scalars(statement.where(Entry.id.in_(chunk))))
        found.sort(key=lambda entry: (entry.date, entry.uuid))
        records: list[dict[str, Any]] = []
        files: dict[str, tuple[str, int, Path, str]] = {}
        for entry in found:
            area = areas[entry.area_id]
            for item in entry.attachments:
                path = store.path_for(item.sha256, item.file_name)
                label = f"记录“{entry.name}”的附件“{item.file_name}”"
                files.setdefault(
                    item.sha256, (ATTACHMENTS_FOLDER + path.name, item.size, path, label)
                )
            records.append(
                {
                    "uuid": entry.uuid,
                    "area": {
                        "uuid": area.uuid,
                        "short_name": area.short_name,
                        "heading": area.heading,
                    },
                    "date": entry.date.isoformat(),
                    "end_date": entry.end_date.isoformat() if entry.end_date else None,
                    "name": entry.name,
                    "kind": entry.kind,
                    "location": entry.location,
                    "organizer": entry.organizer,
                    "participants": entry.participants,
                    "volunteer_hours": entry.volunteer_hours,
                    "content": entry.content,
                    "remarks": entry.remarks,
                    "is_sample": entry.is_sample,
                    "created_at": _iso_time(entry.created_at),
                    "updated_at": _iso_time(entry.updated_at),
                    "deleted_at": _iso_time(entry.deleted_at) if entry.deleted_at else None,
                    "attachments": [
                        {"sha256": a.sha256, "file_name": a.file_name, "size": a.size}
                        for a in entry.attachments
                    ],
                }
            )
    return records, files


def _pack_file(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, source: Path, sha: str, size: int, label: str
) -> None:
    """Copy one attachment into the package, checking it is still what the ledger recorded."""
    info.compress_type = zipfile.ZIP_STORED  # photos and documents are compressed already
    info.external_attr = 0o644 << 16
    info.file_size = size  # lets zipfile choose ZIP64 up front when needed
    digest = hashlib.sha256()
    try:
        reader = source.open("rb")
    except OSError as error:
        raise UserError(f"{label}无法读取：{describe_os_error(error)}。") from error
    with reader, archive.open(info, "w") as writer:
        while chunk := reader.read(_CHUNK):
            digest.update(chunk)
            writer.write(chunk)
    if digest.hexdigest() != sha:
        raise UserError(f"{label}在数据文件夹中已被改动或损坏，无法打包。")


# -- reading a package ---------------------------------------------------------------------
@contextmanager
def _open_zip(path: Path) -> Iterator[zipfile.ZipFile]:
    try:
        archive = zipfile.ZipFile(path)
    except FileNotFoundError:
        raise UserError(f"找不到文件“{path}”。") from None
    except OSError as error:
        if error.errno != errno.EINVAL:  # EINVAL: a seek to a nonsense offset in the file
            raise UserError(f"无法读取“{path.name}”：{describe_os_error(error)}。") from error
        raise UserError(f"“{path.name}”不是交换包（不是有效的 zip 文件）。") from None
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, ValueError, EOFError):
        raise UserError(f"“{path.name}”不是交换包（不是有效的 zip 文件）。") from None
    try:
        with archive:
            yield archive
    except (zipfile.BadZipFile, zlib.error, EOFError) as error:
        raise _damaged("其中的文件无法解压") from error
    except NotImplementedError as error:
        raise _damaged("使用了不支持的压缩方式") from error
    except OSError as error:
        if error.errno == errno.EINVAL:
            raise _damaged("其中的文件无法解压") from error
        raise UserError(f"读取“{path.name}”时出错：{describe_os_error(error)}。") from error


def _is_safe_name(name: str) -> bool:
    if not name or len(name) > 400 or "\\" in name or ":" in name or name.startswith("/"):
        return False
    if _DRIVE.match(name) or any(ord(char) < 32 or ord(char) == 127 for char in name):
        return False
    return all(part not in ("", ".", "..") for part in name.removesuffix("/").split("/"))


def _check_members(archive: zipfile.ZipFile) -> dict[str, zipfile.ZipInfo]:
    """Every member's name, type and size, before any of them is read."""
    infos = archive.infolist()
    if len(infos) > MAX_MEMBERS:
        raise _unsafe(f"其中有 {len(infos):,} 个文件，超过了 {MAX_MEMBERS:,} 个的上限")
    members: dict[str, zipfile.ZipInfo] = {}
    total = 0
    for info in infos:
        shown = info.orig_filename[:80]
        if not (_is_safe_name(info.orig_filename) and _is_safe_name(info.filename)):
            raise _unsafe(f"其中的文件路径“{shown}”指向交换包以外的位置")
        mode = info.external_attr >> 16
        if stat.S_ISLNK(mode):
            raise _unsafe(f"其中的“{shown}”是符号链接")
        if stat.S_IFMT(mode) not in (0, stat.S_IFREG, stat.S_IFDIR):
            raise _unsafe(f"其中的“{shown}”不是普通文件")
        if info.flag_bits & 0x1:
            raise _unsafe(f"其中的“{shown}”是加密的")
        if info.is_dir():
            continue
        if info.file_size > MAX_MEMBER_BYTES:
            raise _unsafe(
                f"其中的“{shown}”解压后有 {info.file_size / 1024**2:,.0f} MB，"
                f"超过了单个文件 {MAX_MEMBER_BYTES // 1024**2} MB 的上限"
            )
        total += info.file_size
        if total > MAX_TOTAL_BYTES:
            raise _unsafe(f"解压后超过 {MAX_TOTAL_BYTES / 1024**3:g} GB 的上限")
        if info.file_size >= RATIO_CHECKED_FROM and info.file_size > MAX_RATIO * max(
            info.compress_size, 1
        ):
            raise _unsafe(f"其中的“{shown}”压缩比异常（超过 {MAX_RATIO}:1），可能是“压缩炸弹”")
        if info.filename in members:
            raise _unsafe(f"其中有两个同名的文件“{shown}”")
        members[info.filename] = info
    return members


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int) -> bytes:
    if info.file_size > limit:
        raise _unsafe(f"其中的“{info.filename}”大得不正常")
    with archive.open(info) as stream:
        data = stream.read(limit + 1)
    if len(data) != info.file_size:
        raise _damaged(f"“{info.filename}”的大小与目录不符")
    return data


def _load_json(data: bytes, name: str) -> Any:
    try:
        return json.loads(data.decode("utf-8"))
    except (ValueError, RecursionError):
        raise _damaged(f"“{name}”不是有效的 JSON") from None


def _check_manifest(members: dict[str, zipfile.ZipInfo], archive: zipfile.ZipFile) -> dict:
    if MANIFEST_NAME not in members:
        raise UserError(f"这不是“文明创建台账”的交换包（缺少 {MANIFEST_NAME}）。")
    manifest = _load_json(
        _read_member(archive, members[MANIFEST_NAME], MAX_MANIFEST_BYTES), MANIFEST_NAME
    )
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT_NAME:
        raise UserError("这不是“文明创建台账”的交换包（格式名称不符），没有导入任何内容。")
    version = manifest.get("format_version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise _damaged("清单中的格式版本无效")
    if version > FORMAT_VERSION:
        raise UserError(
            f"这个交换包由更新版本的“文明创建台账”制作（格式版本 {version}），"
            f"当前版本只能读取格式版本 {FORMAT_VERSION}。请升级程序后再导入。"
        )
    if not isinstance(manifest.get("entries_sha256"), str):
        raise _damaged("清单中缺少记录文件的校验值")
    return manifest


def read_package(
    path: Path,
    ledger: Ledger,
    *,
    progress: ProgressCallback | None = None,
    cancelled: CancelCheck | None = None,
) -> MergePlan:
    """Read and check a package and plan the merge against ``ledger``. Writes nothing."""
    with _open_zip(path) as archive:
        members = _check_members(archive)
        manifest = _check_manifest(members, archive)
        if ENTRIES_NAME not in members:
            raise _damaged(f"缺少 {ENTRIES_NAME}")
        raw = _read_member(archive, members[ENTRIES_NAME], MAX_ENTRIES_JSON_BYTES)
        if hashlib.sha256(raw).hexdigest() != manifest["entries_sha256"]:
            raise _damaged(f"“{ENTRIES_NAME}”的校验值与清单不符，内容可能被改动过")
        entries, malformed = _parse_entries(_load_json(raw, ENTRIES_NAME))
        counts = manifest.get("counts")
        if isinstance(counts, dict) and counts.get("entries") not in (
            None,
            len(entries) + len(malformed),
        ):
            raise _damaged("记录条数与清单不符")
        files = _declared_files(entries, members)
        for done, (sha, (info, size, name)) in enumerate(sorted(files.items()), start=1):
            _check_cancel(cancelled, "已取消读取交换包。")
            _verify_member(archive, info, sha, size, name, None, cancelled)
            _report(progress, done, len(files), f"正在核对附件 {done}/{len(files)}")
    with ledger.database.reading() as session:
        items = _plan(entries, _areas(session), _local_entries(session, entries))
    created = manifest.get("created_at")
    try:
        created_at: dt.datetime | None = _parse_time(created)
    except (ValueError, OverflowError):
        created_at = None
    return MergePlan(
        path=path,
        source_unit=str(manifest.get("source_unit") or "")[:100],
        created_at=created_at,
        app_version=str(manifest.get("app_version") or "")[:40],
        items=tuple(items),
        malformed=tuple(malformed),
    )


class _EntryProblem(Exception):
    """One entry cannot be taken as it is; the rest of the package may still be."""


def _parse_entries(data: object) -> tuple[list[IncomingEntry], list[Refusal]]:
    if not isinstance(data, dict) or not isinstance(data.get("entries"), list):
        raise _damaged(f"“{ENTRIES_NAME}”中没有记录列表")
    entries: list[IncomingEntry] = []
    malformed: list[Refusal] = []
    for number, item in enumerate(data["entries"], start=1):
        try:
            entries.append(_parse_entry(item))
        except _EntryProblem as problem:
            uuid = item.get("uuid") if isinstance(item, dict) else None
            name = item.get("name") if isinstance(item, dict) else None
            malformed.append(
                Refusal(
                    str(uuid)[:36] if isinstance(uuid, str) else "",
                    str(name)[:60] if isinstance(name, str) else f"第 {number} 条记录",
                    str(problem),
                )
            )
    seen: set[str] = set()
    for entry in entries:
        if entry.uuid in seen:
            raise _damaged(f"记录编号（UUID）{entry.uuid} 出现了不止一次")
        seen.add(entry.uuid)
    return entries, malformed


def _parse_entry(item: object) -> IncomingEntry:
    if not isinstance(item, dict):
        raise _EntryProblem("记录的格式不正确。")
    attachments = _parse_attachments(item.get("attachments"))
    try:
        uuid = str(uuid_module.UUID(item.get("uuid")))  # type: ignore[arg-type]
    except (TypeError, ValueError, AttributeError):
        raise _EntryProblem("记录编号（UUID）无效。") from None
    area = item.get("area")
    if not isinstance(area, dict) or not all(
        isinstance(area.get(key, ""), str) for key in ("uuid", "short_name", "heading")
    ):
        raise _EntryProblem("记录的工作板块信息不完整。")
    values: dict[str, Any] = {}
    for field in _TEXT_FIELDS:
        value = item.get(field)
        if value is not None and not isinstance(value, str):
            raise _EntryProblem(f"“{_LABELS[field]}”应为文字。")
        values[field] = value or ""
    for field in ("date", "end_date"):
        if item.get(field) is not None and not isinstance(item.get(field), str):
            raise _EntryProblem(f"“{_LABELS[field]}”应为日期文字。")
    values["date"] = item.get("date") or ""
    values["end_date"] = item.get("end_date")
    for field in ("participants", "volunteer_hours"):
        value = item.get(field)
        if isinstance(value, bool) or not isinstance(value, int | float | str | None):
            raise _EntryProblem(f"“{_LABELS[field]}”应为数字。")
        values[field] = value
    try:
        created_at = _parse_time(item.get("created_at"))
        updated_at = _parse_time(item.get("updated_at"))
        deleted = item.get("deleted_at")
        deleted_at = None if deleted is None else _parse_time(deleted)
    except (ValueError, OverflowError):
        raise _EntryProblem("记录的创建、修改或删除时间无效。") from None
    if _changed_at(updated_at, deleted_at) > utc_now() + CLOCK_TOLERANCE:
        raise _EntryProblem("记录的修改时间在将来，制作交换包的电脑时钟可能不准。")
    return IncomingEntry(
        uuid=uuid,
        area_uuid=area.get("uuid", ""),
        area_short_name=area.get("short_name", ""),
        area_heading=area.get("heading", ""),
        values=values,
        is_sample=item.get("is_sample") is True,
        created_at=created_at,
        updated_at=updated_at,
        deleted_at=deleted_at,
        attachments=attachments,
    )


def _parse_attachments(value: object) -> tuple[PackageAttachment, ...]:
    """An entry's attachment list. Faults here mean the package itself is broken."""
    if value is None:
        return ()
    if not isinstance(value, list):
        raise _damaged("附件清单的格式不正确")
    found: list[PackageAttachment] = []
    for item in value:
        sha = item.get("sha256") if isinstance(item, dict) else None
        size = item.get("size") if isinstance(item, dict) else None
        name = item.get("file_name") if isinstance(item, dict) else None
        if not isinstance(sha, str) or not _SHA256.fullmatch(sha):
            raise _damaged("附件清单中的校验值无效")
        if not isinstance(size, int) or isinstance(size, bool) or not 0 <= size <= MAX_MEMBER_BYTES:
            raise _damaged("附件清单中的文件大小无效")
        if not isinstance(name, str):
            raise _damaged("附件清单中的文件名无效")
        found.append(PackageAttachment(sha, _clean_file_name(name), size))
    return tuple(found)


def _clean_file_name(raw: str) -> str:
    """Only ever a display name (stored files are named by hash), but keep it plain."""
    name = re.split(r"[\\/]", raw)[-1]
    try:
        name = clean_text(name, "附件名", max_length=255)
    except FieldError:
        name = ""
    return name or "附件"


def _declared_files(
    entries: list[IncomingEntry], members: dict[str, zipfile.ZipInfo]
) -> dict[str, tuple[zipfile.ZipInfo, int, str]]:
    """sha256 → (member, size, a file name) for every attachment the entries list."""
    by_sha: dict[str, zipfile.ZipInfo] = {}
    for name in sorted(members):
        match = _ATTACHMENT_MEMBER.fullmatch(name)
        if match:
            by_sha.setdefault(match.group(1), members[name])
    files: dict[str, tuple[zipfile.ZipInfo, int, str]] = {}
    for entry in entries:
        for item in entry.attachments:
            if item.sha256 in files:
                if files[item.sha256][1] != item.size:
                    raise _damaged(f"附件“{item.file_name}”的大小前后不一致")
                continue
            info = by_sha.get(item.sha256)
            if info is None:
                raise _damaged(f"缺少附件文件“{item.file_name}”")
            if info.file_size != item.size:
                raise _damaged(f"附件“{item.file_name}”的大小与清单不符")
            files[item.sha256] = (info, item.size, item.file_name)
    return files


def _verify_member(
    archive: zipfile.ZipFile,
    info: zipfile.ZipInfo,
    sha: str,
    size: int,
    name: str,
    sink: IO[bytes] | None,
    cancelled: CancelCheck | None,
) -> None:
    """Read one attachment (into ``sink``, if given), checking its size and SHA-256."""
    digest = hashlib.sha256()
    read = 0
    with archive.open(info) as stream:
        while chunk := stream.read(_CHUNK):
            read += len(chunk)
            if read > size:
                break
            digest.update(chunk)
            if sink is not None:
                sink.write(chunk)
            _check_cancel(cancelled, "已取消导入，没有写入任何内容。")
    if read != size or digest.hexdigest() != sha:
        raise _damaged(f"附件“{name}”的校验值与清单不符，内容可能被改动过")


# -- planning ------------------------------------------------------------------------------
def _local_entries(session: Session, entries: list[IncomingEntry]) -> dict[str, Entry]:
    found: dict[str, Entry] = {}
    statement = select(Entry).options(selectinload(Entry.attachments))
    for chunk in _chunks([entry.uuid for entry in entries]):
        for entry in session.scalars(statement.where(Entry.uuid.in_(chunk))):
            found[entry.uuid] = entry
    return found


def _match_area(entry: IncomingEntry, areas: list[Area]) -> Area | None:
    """By UUID (renamed areas still match), else by short name, else by heading."""
    for key, wanted in (
        ("uuid", entry.area_uuid),
        ("short_name", entry.area_short_name.strip()),
        ("heading", entry.area_heading.strip()),
    ):
        for area in areas:
            if wanted and getattr(area, key) == wanted:
                return area
    return None


def _plan(
    entries: list[IncomingEntry], areas: list[Area], local: dict[str, Entry]
) -> list[PlannedEntry]:
    planned: list[PlannedEntry] = []
    for entry in entries:
        area = _match_area(entry, areas)
        if area is None:
            shown = entry.area_short_name or entry.area_heading or entry.area_uuid
            planned.append(
                PlannedEntry(
                    entry,
                    Action.REFUSE,
                    reason=f"本机没有工作板块“{shown}”，这条记录未导入。"
                    f"可在“设置”中把相应板块改名为“{shown}”后重新导入。",
                )
            )
            continue
        try:
            valid = validate(EntryDraft(area_id=area.id, **entry.values))
        except ValidationError as error:
            reason = " ".join(error.problems.values())
            planned.append(PlannedEntry(entry, Action.REFUSE, reason=reason))
            continue
        action, conflict = _decide(entry, valid, local.get(entry.uuid))
        planned.append(PlannedEntry(entry, action, valid, conflict))
    return planned


def _comparable(
    valid: ValidEntry | Entry, attachments: Iterable[tuple[str, str]], deleted: bool
) -> dict[str, object]:
    values: dict[str, object] = {field: getattr(valid, field) for field in ValidEntry.__slots__}
    values["attachments"] = sorted(attachments)
    values["deleted"] = deleted
    return values


def _decide(
    entry: IncomingEntry, valid: ValidEntry, local: Entry | None
) -> tuple[Action, Conflict | None]:
    if local is None:
        return Action.ADD, None
    theirs = _comparable(
        valid, ((a.sha256, a.file_name) for a in entry.attachments), entry.deleted_at is not None
    )
    ours = _comparable(
        local, ((a.sha256, a.file_name) for a in local.attachments), local.deleted_at is not None
    )
    differing = tuple(_LABELS[key] for key in theirs if theirs[key] != ours[key])
    if not differing:
        return Action.UNCHANGED, None
    local_changed = _changed_at(local.updated_at, local.deleted_at)
    winner: Literal["incoming", "local"] = (
        "incoming" if entry.changed_at > local_changed else "local"
    )
    conflict = Conflict(
        entry.uuid, valid.name, local.name, winner, entry.changed_at, local_changed, differing
    )
    return (Action.UPDATE if winner == "incoming" else Action.KEEP_LOCAL), conflict


# -- applying ------------------------------------------------------------------------------
def apply_package(
    ledger: Ledger,
    plan: MergePlan,
    progress: ProgressCallback | None = None,
    cancelled: CancelCheck | None = None,
) -> MergeResult:
    """Copy the needed attachment files into the store, then write every row in one
    transaction. The plan is checked again against the ledger as it is now."""
    store = AttachmentStore(ledger.folder.attachments)
    needed: dict[Path, PackageAttachment] = {}
    for item in plan.items:
        if item.action in (Action.ADD, Action.UPDATE):
            for attachment in item.incoming.attachments:
                target = store.path_for(attachment.sha256, attachment.file_name)
                if not target.is_file():
                    needed.setdefault(target, attachment)
    total = len(needed) + 1
    cancel_text = "已取消导入，没有写入任何内容。"
    with tempfile.TemporaryDirectory(prefix="wenming-import-") as folder:
        staged = _stage_files(plan.path, needed, Path(folder), progress, total, cancelled)
        _check_cancel(cancelled, cancel_text)  # the last point where nothing has been written
        for source, attachment in staged:
            stored = store.put(source)
            if stored.sha256 != attachment.sha256:
                raise _damaged(f"附件“{attachment.file_name}”的校验值与清单不符")
    _report(progress, total - 1, total, "正在写入记录")
    with ledger.database.writing() as session:
        incoming = [item.incoming for item in plan.items]
        local = _local_entries(session, incoming)
        items = _plan(incoming, _areas(session), local)
        for item in items:
            if item.action in (Action.ADD, Action.UPDATE):
                _write(session, store, item, local.get(item.incoming.uuid))
    _report(progress, total, total, "导入完成")
    return MergeResult(
        added=_count(items, Action.ADD),
        updated=_count(items, Action.UPDATE),
        unchanged=_count(items, Action.UNCHANGED),
        kept_local=_count(items, Action.KEEP_LOCAL),
        refused=tuple(_refusals(plan.malformed, items)),
        conflicts=tuple(item.conflict for item in items if item.conflict is not None),
        files_copied=len(needed),
    )


def _stage_files(
    path: Path,
    needed: dict[Path, PackageAttachment],
    folder: Path,
    progress: ProgressCallback | None,
    total: int,
    cancelled: CancelCheck | None,
) -> list[tuple[Path, PackageAttachment]]:
    """Read the needed attachments out of the package into ``folder``, verified."""
    if not needed:
        return []
    staged: list[tuple[Path, PackageAttachment]] = []
    with _open_zip(path) as archive:
        members = _check_members(archive)
        by_sha = {
            match.group(1): members[name]
            for name in sorted(members, reverse=True)
            if (match := _ATTACHMENT_MEMBER.fullmatch(name))
        }
        for done, (target, attachment) in enumerate(sorted(needed.items()), start=1):
            info = by_sha.get(attachment.sha256)
            if info is None:
                raise _damaged(f"缺少附件文件“{attachment.file_name}”")
            source = folder / target.name  # <sha256><suffix>: a safe name that keeps the suffix
            try:
                with source.open("wb") as sink:
                    _verify_member(
                        archive,
                        info,
                        attachment.sha256,
                        attachment.size,
                        attachment.file_name,
                        sink,
                        cancelled,
                    )
            except OSError as error:
                raise UserError(f"无法解出附件：{describe_os_error(error)}。") from error
            staged.append((source, attachment))
            _report(progress, done, total, f"正在核对附件 {done}/{len(needed)}")
    return staged


def _write(
    session: Session, store: AttachmentStore, item: PlannedEntry, entry: Entry | None
) -> None:
    incoming, valid = item.incoming, item.valid
    assert valid is not None
    if entry is None:
        entry = Entry(uuid=incoming.uuid, created_at=incoming.created_at)
        session.add(entry)
    for field in ValidEntry.__slots__:
        setattr(entry, field, getattr(valid, field))
    entry.is_sample = incoming.is_sample
    entry.updated_at = incoming.updated_at  # kept, so that importing again changes nothing
    entry.deleted_at = incoming.deleted_at
    unused: dict[tuple[str, str], list[Attachment]] = {}
    for row in entry.attachments:
        unused.setdefault((row.sha256, row.file_name), []).append(row)
    kept: list[Attachment] = []
    for attachment in incoming.attachments:
        rows = unused.get((attachment.sha256, attachment.file_name))
        if rows:
            kept.append(rows.pop(0))
            continue
        if not store.path_for(attachment.sha256, attachment.file_name).is_file():
            # The plan was made before this PC's records changed; start again from reading.
            raise UserError("导入期间本机的记录有了变化，请重新导入这个交换包。")
        kept.append(
            Attachment(
                sha256=attachment.sha256, file_name=attachment.file_name, size=attachment.size
            )
        )
    entry.attachments = kept
    session.flush()
