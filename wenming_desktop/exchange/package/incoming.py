"""Parsing ``entries.json`` into :class:`IncomingEntry` values. An entry too damaged to be
matched is refused on its own; a broken attachment list or a repeated UUID means the whole
package is damaged."""

from __future__ import annotations

import re
import uuid as uuid_module
from typing import Any

from wenming_desktop.books.fields import ENTRY_FIELDS, TEXT_FIELDS, entry_field
from wenming_desktop.books.validation import FieldError, clean_text
from wenming_desktop.exchange.package import limits
from wenming_desktop.exchange.package.model import (
    _LABELS,
    ENTRIES_NAME,
    IncomingEntry,
    PackageAttachment,
    Refusal,
    _changed_at,
    _damaged,
    _parse_time,
)
from wenming_desktop.store.models import utc_now

_SHA256 = re.compile(r"[0-9a-f]{64}")
_DATE_FIELDS = tuple(field.name for field in ENTRY_FIELDS if field.kind == "date")
_NUMBER_FIELDS = tuple(field.name for field in ENTRY_FIELDS if field.kind in ("count", "hours"))


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
        uuid = str(uuid_module.UUID(str(item.get("uuid"))))
    except (TypeError, ValueError, AttributeError):
        raise _EntryProblem("记录编号（UUID）无效。") from None
    area = item.get("area")
    if not isinstance(area, dict) or not all(
        isinstance(area.get(key, ""), str) for key in ("uuid", "short_name", "heading")
    ):
        raise _EntryProblem("记录的工作板块信息不完整。")
    values: dict[str, Any] = {}
    for field in TEXT_FIELDS:
        value = item.get(field)
        if value is not None and not isinstance(value, str):
            raise _EntryProblem(f"“{_LABELS[field]}”应为文字。")
        values[field] = value or ""
    for field in _DATE_FIELDS:
        if item.get(field) is not None and not isinstance(item.get(field), str):
            raise _EntryProblem(f"“{_LABELS[field]}”应为日期文字。")
        values[field] = item.get(field) or ("" if entry_field(field).required else None)
    for field in _NUMBER_FIELDS:
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
    if _changed_at(updated_at, deleted_at) > utc_now() + limits.CLOCK_TOLERANCE:
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
        if (
            not isinstance(size, int)
            or isinstance(size, bool)
            or not 0 <= size <= limits.MAX_MEMBER_BYTES
        ):
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
