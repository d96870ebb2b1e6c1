"""Writing a package: the chosen entries (trash included, so that a deletion travels) with
every attachment file once, each checked against the SHA-256 the ledger recorded."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from wenming_desktop import __version__
from wenming_desktop.errors import UserError, describe_os_error
from wenming_desktop.exchange.package import limits
from wenming_desktop.exchange.package.model import (
    ATTACHMENTS_FOLDER,
    ENTRIES_NAME,
    FORMAT_NAME,
    FORMAT_VERSION,
    MANIFEST_NAME,
    CancelCheck,
    PackageSummary,
    ProgressCallback,
    _areas,
    _check_cancel,
    _chunks,
    _iso_time,
    _report,
)
from wenming_desktop.exchange.package.safezip import _CHUNK
from wenming_desktop.files import atomic_output
from wenming_desktop.ledger.attachments import AttachmentStore
from wenming_desktop.store.migrate import SCHEMA_REVISION
from wenming_desktop.store.models import Entry, utc_now

if TYPE_CHECKING:
    from wenming_desktop.ledger.ledger import Ledger


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
    if (
        file_bytes + len(entries_json) > limits.MAX_TOTAL_BYTES
        or len(files) + 2 > limits.MAX_MEMBERS
    ):
        raise UserError(
            f"所选记录连同附件共 {(file_bytes + len(entries_json)) / 1024**2:,.0f} MB、"
            f"{len(files)} 个附件，超过了交换包的上限（{limits.MAX_TOTAL_BYTES // 1024**3} GB、"
            f"{limits.MAX_MEMBERS:,} 个文件）。请按年份或分批打包。"
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
