"""Writing a package: the chosen entries (trash included, so that a deletion travels) with
every attachment file once, each checked against the SHA-256 the ledger recorded. A file
missing from the data folder (or changed) is refused, or, when the caller agreed, left out
and listed in the manifest; the entries still list it, since it is part of the record."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import stat
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from wenming_desktop import __version__
from wenming_desktop.books.fields import ENTRY_FIELDS, EntryField
from wenming_desktop.errors import UserError, describe_os_error
from wenming_desktop.exchange.package import limits
from wenming_desktop.exchange.package.model import (
    ATTACHMENTS_FOLDER,
    COMPLETE_FORMAT_VERSION,
    ENTRIES_NAME,
    FORMAT_NAME,
    FORMAT_VERSION,
    MANIFEST_NAME,
    MissingAttachment,
    PackageSummary,
    _areas,
    _check_cancel,
    _chunks,
    _iso_time,
    describe_missing,
)
from wenming_desktop.exchange.package.safezip import _CHUNK
from wenming_desktop.files import atomic_output
from wenming_desktop.store.attachments import AttachmentStore
from wenming_desktop.store.migrate import SCHEMA_REVISION
from wenming_desktop.store.models import Entry, utc_now
from wenming_desktop.work import QUIET, Steps

if TYPE_CHECKING:
    from wenming_desktop.ledger.ledger import Ledger


@dataclass(slots=True)
class _File:
    """One attachment file to pack: its member name, size, place in the store, and how
    messages name it."""

    member: str
    size: int
    source: Path
    label: str


class _Unpackable(Exception):
    """An attachment file could not be read, or is no longer what the ledger recorded."""

    def __init__(self, sha: str, message: str, changed: bool) -> None:
        super().__init__(message)
        self.sha, self.changed = sha, changed


@dataclass(slots=True)
class _Selection:
    """The entries to pack as JSON-ready dicts, the files they need, and every
    (sha256, entry uuid, entry name, file name) in entry order, for the missing list."""

    records: list[dict[str, Any]]
    files: dict[str, _File]
    uses: list[tuple[str, str, str, str]]
    bad: dict[str, bool]  # sha256 → changed (True) or not found (False)

    def missing(self) -> list[MissingAttachment]:
        return [
            MissingAttachment(uuid, name, file_name, sha, self.bad[sha])
            for sha, uuid, name, file_name in self.uses
            if sha in self.bad
        ]


def missing_attachments(
    ledger: Ledger, *, year: int | None = None, entry_ids: list[int] | None = None
) -> list[MissingAttachment]:
    """The attachments of the entries :func:`write_package` would pack whose file is not in
    the data folder, or not of the size recorded. A quick look, to ask the clerk before
    packing; the content itself is checked while packing."""
    _check_year(year)
    return _collect(ledger, AttachmentStore(ledger.folder.attachments), year, entry_ids).missing()


def write_package(
    ledger: Ledger,
    target: Path,
    *,
    year: int | None = None,
    entry_ids: list[int] | None = None,
    leave_out_missing: bool = False,
    steps: Steps = QUIET,
) -> PackageSummary:
    """Pack the entries of ``year`` and/or ``entry_ids`` (both: those of the year among
    the ids; neither: all entries), trash included so that a deletion travels.

    An attachment file that is missing from the data folder, or no longer what the ledger
    recorded, makes this refuse; with ``leave_out_missing`` the package is written without
    it, lists it in the manifest (format version 2) and in the summary's ``missing``."""
    _check_year(year)
    selection = _collect(ledger, AttachmentStore(ledger.folder.attachments), year, entry_ids)
    if not selection.records:
        raise UserError("所选范围内没有记录，无法生成交换包。")
    missing = selection.missing()
    if missing and not leave_out_missing:
        raise UserError(
            f"有 {len(missing)} 个附件文件在数据文件夹中找不到或已损坏："
            f"{describe_missing(missing)}。没有生成交换包。"
        )
    while True:
        try:
            return _write(ledger, target, year, selection, steps)
        except _Unpackable as problem:
            if not leave_out_missing:
                raise UserError(str(problem)) from None
            # Rare (the content changed but not the size): pack again without that file.
            del selection.files[problem.sha]
            selection.bad[problem.sha] = problem.changed


def _check_year(year: int | None) -> None:
    if year is not None and not 1949 <= year <= 2100:
        raise UserError("年份应在 1949 年至 2100 年之间。")


def _write(
    ledger: Ledger,
    target: Path,
    year: int | None,
    selection: _Selection,
    steps: Steps,
) -> PackageSummary:
    records, files, missing = selection.records, selection.files, selection.missing()
    file_bytes = sum(file.size for file in files.values())
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
    manifest: dict[str, Any] = {
        "format": FORMAT_NAME,
        # A reader of version 1 would call a package with files left out damaged.
        "format_version": FORMAT_VERSION if missing else COMPLETE_FORMAT_VERSION,
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
    if missing:
        manifest["missing_attachments"] = [
            {
                "entry_uuid": item.entry_uuid,
                "file_name": item.file_name,
                "sha256": item.sha256,
                "problem": "changed" if item.changed else "not_found",
            }
            for item in missing
        ]
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
            steps.report(1, total, "正在写入记录")
            for done, sha in enumerate(sorted(files), start=2):
                _check_cancel(steps, cancel_text)
                file = files[sha]
                _pack_file(archive, zipfile.ZipInfo(file.member, stamp), file, sha)
                steps.report(done, total, f"正在打包附件 {done - 1}/{len(files)}")
        _check_cancel(steps, cancel_text)
    return PackageSummary(
        target, year, len(records), deleted, len(files), file_bytes, tuple(missing)
    )


def _looks_stored(path: Path, size: int) -> bool | None:
    """True if the file is there with the recorded size; False if not there; None if its
    size differs (it was changed)."""
    try:
        found = path.stat()
    except OSError:
        return False
    if not stat.S_ISREG(found.st_mode):
        return False
    return True if found.st_size == size else None


def _collect(
    ledger: Ledger, store: AttachmentStore, year: int | None, entry_ids: list[int] | None
) -> _Selection:
    """The entries (by date, then UUID) and the files they need, each looked at once."""
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
        selection = _Selection([], {}, [], {})
        for entry in found:
            area = areas[entry.area_id]
            for item in entry.attachments:
                selection.uses.append((item.sha256, entry.uuid, entry.name, item.file_name))
                if item.sha256 in selection.files:
                    continue
                # The stored name keeps the suffix, so one content may sit under two names.
                path = store.path_for(item.sha256, item.file_name)
                state = _looks_stored(path, item.size)
                if state:
                    label = f"记录“{entry.name}”的附件“{item.file_name}”"
                    member = ATTACHMENTS_FOLDER + path.name
                    selection.files[item.sha256] = _File(member, item.size, path, label)
                    selection.bad.pop(item.sha256, None)
                else:
                    selection.bad.setdefault(item.sha256, state is None)
            selection.records.append(
                {
                    "uuid": entry.uuid,
                    "area": {
                        "uuid": area.uuid,
                        "short_name": area.short_name,
                        "heading": area.heading,
                    },
                    **{field.name: _json_value(entry, field) for field in ENTRY_FIELDS},
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
    return selection


def _json_value(entry: Entry, field: EntryField) -> object:
    value = getattr(entry, field.name)
    return value.isoformat() if field.kind == "date" and value is not None else value


def _pack_file(archive: zipfile.ZipFile, info: zipfile.ZipInfo, file: _File, sha: str) -> None:
    """Copy one attachment into the package, checking it is still what the ledger recorded."""
    info.compress_type = zipfile.ZIP_STORED  # photos and documents are compressed already
    info.external_attr = 0o644 << 16
    info.file_size = file.size  # lets zipfile choose ZIP64 up front when needed
    digest = hashlib.sha256()
    try:
        reader = file.source.open("rb")
    except OSError as error:
        raise _Unpackable(
            sha, f"{file.label}无法读取：{describe_os_error(error)}。", changed=False
        ) from error
    with reader, archive.open(info, "w") as writer:
        while chunk := reader.read(_CHUNK):
            digest.update(chunk)
            writer.write(chunk)
    if digest.hexdigest() != sha:
        raise _Unpackable(sha, f"{file.label}在数据文件夹中已被改动或损坏，无法打包。", True)
