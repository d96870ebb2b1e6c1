"""Reading a package: the manifest, ``entries.json`` and every attachment are checked,
then the merge is planned against the ledger. Nothing is written. A file the manifest
lists as left out (format version 2) may be absent; the entries needing it are still
imported and the file is reported as missing."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING

from wenming_desktop.errors import UserError
from wenming_desktop.exchange.package import limits
from wenming_desktop.exchange.package.incoming import _parse_entries
from wenming_desktop.exchange.package.merging import _Files, _local_entries, _missing, _plan
from wenming_desktop.exchange.package.model import (
    ENTRIES_NAME,
    FORMAT_NAME,
    FORMAT_VERSION,
    MANIFEST_NAME,
    IncomingEntry,
    MergePlan,
    _areas,
    _check_cancel,
    _damaged,
    _parse_time,
)
from wenming_desktop.exchange.package.safezip import (
    _ATTACHMENT_MEMBER,
    _check_members,
    _load_json,
    _open_zip,
    _read_member,
    _verify_member,
)
from wenming_desktop.store.attachments import AttachmentStore
from wenming_desktop.work import QUIET, Steps

if TYPE_CHECKING:
    from wenming_desktop.ledger.ledger import Ledger

_SHA256 = re.compile(r"[0-9a-f]{64}")


def _check_manifest(members: dict[str, zipfile.ZipInfo], archive: zipfile.ZipFile) -> dict:
    if MANIFEST_NAME not in members:
        raise UserError(f"这不是“文明创建台账”的交换包（缺少 {MANIFEST_NAME}）。")
    manifest = _load_json(
        _read_member(archive, members[MANIFEST_NAME], limits.MAX_MANIFEST_BYTES), MANIFEST_NAME
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


def _left_out(manifest: dict) -> frozenset[str]:
    """The SHA-256s of the files the sending PC could not pack (format version 2)."""
    if manifest["format_version"] < 2 or "missing_attachments" not in manifest:
        return frozenset()
    listed = manifest["missing_attachments"]
    if not isinstance(listed, list):
        raise _damaged("清单中缺少的附件列表格式不正确")
    found: set[str] = set()
    for item in listed:
        sha = item.get("sha256") if isinstance(item, dict) else None
        if not isinstance(sha, str) or not _SHA256.fullmatch(sha):
            raise _damaged("清单中缺少的附件列表格式不正确")
        found.add(sha)
    return frozenset(found)


def read_package(
    path: Path,
    ledger: Ledger,
    steps: Steps = QUIET,
) -> MergePlan:
    """Read and check a package and plan the merge against ``ledger``. Writes nothing."""
    with _open_zip(path) as archive:
        members = _check_members(archive)
        manifest = _check_manifest(members, archive)
        if ENTRIES_NAME not in members:
            raise _damaged(f"缺少 {ENTRIES_NAME}")
        raw = _read_member(archive, members[ENTRIES_NAME], limits.MAX_ENTRIES_JSON_BYTES)
        if hashlib.sha256(raw).hexdigest() != manifest["entries_sha256"]:
            raise _damaged(f"“{ENTRIES_NAME}”的校验值与清单不符，内容可能被改动过")
        entries, malformed = _parse_entries(_load_json(raw, ENTRIES_NAME))
        counts = manifest.get("counts")
        if isinstance(counts, dict) and counts.get("entries") not in (
            None,
            len(entries) + len(malformed),
        ):
            raise _damaged("记录条数与清单不符")
        files, absent = _declared_files(entries, members, _left_out(manifest))
        for done, (sha, (info, size, name)) in enumerate(sorted(files.items()), start=1):
            _check_cancel(steps, "已取消读取交换包。")
            _verify_member(archive, info, sha, size, name, None, steps)
            steps.report(done, len(files), f"正在核对附件 {done}/{len(files)}")
    available = _Files(absent, AttachmentStore(ledger.folder.attachments))
    with ledger.database.reading() as session:
        items = _plan(entries, _areas(session), _local_entries(session, entries), available)
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
        absent_files=absent,
        missing_attachments=tuple(_missing(items, available)),
    )


def _declared_files(
    entries: list[IncomingEntry], members: dict[str, zipfile.ZipInfo], left_out: frozenset[str]
) -> tuple[dict[str, tuple[zipfile.ZipInfo, int, str]], frozenset[str]]:
    """sha256 → (member, size, a file name) for every attachment the entries list that
    the package holds; and the SHA-256s listed as left out that it indeed does not hold."""
    absent: set[str] = set()
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
            if info is None and item.sha256 in left_out:
                absent.add(item.sha256)
                continue
            if info is None:
                raise _damaged(f"缺少附件文件“{item.file_name}”")
            if info.file_size != item.size:
                raise _damaged(f"附件“{item.file_name}”的大小与清单不符")
            files[item.sha256] = (info, item.size, item.file_name)
    return files, frozenset(absent)
