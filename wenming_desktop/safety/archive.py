"""The backup file: the clerk's whole data in one .zip to carry on a USB stick.

Layout::

    manifest.json                  format and app versions, schema revision, counts, the
                                   database's and every attachment's SHA-256 and size
    wenming.sqlite3                the database (deflated)
    attachments/ab/ab12…ef.jpg     each attachment file once (stored: photos are compressed)

Writing takes a verified snapshot of the database, copies every attachment while hashing
it, flushes the file to disk and reads the whole of it back — database ``quick_check``,
every SHA-256, the manifest's counts — before it takes its real name. An attachment file
the data folder no longer has (or whose content changed) is listed in the manifest as
missing rather than failing the backup: the clerk is told, and the rest is safe.

Reading (:class:`BackupFile`) treats the file as untrusted: only the members above, with
the sizes the manifest gives, are ever read, and nothing is extracted by name.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import sqlite3
import tempfile
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from wenming_desktop import __version__
from wenming_desktop.errors import UserError, describe_os_error
from wenming_desktop.files import atomic_output
from wenming_desktop.paths import DataFolder
from wenming_desktop.safety.backup import (
    BACKUP_DIR,
    in_chinese,
    references,
    snapshot,
)
from wenming_desktop.store.attachments import MAX_ATTACHMENT_BYTES, StoredFile
from wenming_desktop.store.revisions import SCHEMA_REVISION, is_newer
from wenming_desktop.store.sqlite_file import FileState, inspect_ledger
from wenming_desktop.work import QUIET, Steps

FORMAT_NAME = "wenming-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
DATABASE = "wenming.sqlite3"
SUFFIX = ".zip"
_ATTACHMENT = re.compile(r"attachments/[0-9a-f]{2}/([0-9a-f]{64})(\.[0-9a-z]{1,9})?")
_CHUNK = 1024 * 1024
MAX_MANIFEST_BYTES = 64 * 1024**2
#: A database compresses well, but not beyond this: more is a "zip bomb".
MAX_DATABASE_RATIO = 200


@dataclass(frozen=True, slots=True)
class WrittenBackup:
    path: Path
    entries: int
    attachments: int
    size: int
    missing: tuple[str, ...]  # attachment files the data folder no longer had

    def describe(self) -> str:
        text = f"已备份 {self.entries} 条记录、{self.attachments} 个附件到：{self.path}（已核验）。"
        if self.missing:
            shown = "、".join(self.missing[:5]) + ("……" if len(self.missing) > 5 else "")
            text += (
                f"\n注意：数据文件夹中找不到 {len(self.missing)} 个附件文件（{shown}），"
                "它们不在这份备份中。"
            )
        return text


def write_backup_file(
    data: DataFolder,
    target: Path,
    *,
    unit_name: str = "",
    steps: Steps = QUIET,
) -> WrittenBackup:
    """Write the complete backup of ``data`` to ``target`` (.zip), verified."""
    if not target.suffix:
        target = target.with_suffix(SUFFIX)
    if target.suffix.lower() == ".sqlite3":
        raise UserError("完整备份（含附件）是 .zip 文件，请把文件名改为以 .zip 结尾。")
    cancel_text = "已取消备份，没有生成备份文件。"
    # A read-only data folder (or a full disk there) is exactly when a copy elsewhere matters.
    writable = data.write_problem() is None
    scratch = data.root / BACKUP_DIR if writable else Path(tempfile.gettempdir())
    temp_db, entries = snapshot(data.database, scratch)
    try:
        refs = references(temp_db)
        total = len(refs) * 2 + 2
        with atomic_output(target, suffixes=(SUFFIX,), what="备份") as temp:
            try:
                missing = _write_zip(temp, temp_db, refs, data, (entries, unit_name), steps)
                steps.stop_if_cancelled(cancel_text)
                with temp.open("rb+") as handle:
                    os.fsync(handle.fileno())
                steps.report(len(refs) + 1, total, "正在核验备份文件")
                with BackupFile(temp) as written:
                    checked = written.verify(
                        scratch,
                        steps=steps,
                        offset=len(refs) + 1,
                        total=total,
                    )
            except (OSError, sqlite3.Error) as error:
                raise in_chinese(error, "备份失败") from error
            if checked.damaged:
                raise UserError("备份文件写入后核验未通过，磁盘可能有故障。请换一个位置再备份。")
            steps.stop_if_cancelled(cancel_text)
            steps.report(total, total, "备份文件已核验")
        size = target.stat().st_size
    finally:
        temp_db.unlink(missing_ok=True)
    return WrittenBackup(target, entries, len(refs) - len(missing), size, tuple(missing))


def _write_zip(
    temp: Path,
    database: Path,
    refs: list[StoredFile],
    data: DataFolder,
    about: tuple[int, str],
    steps: Steps,
) -> list[str]:
    """Write the zip; returns the names of the attachment files it could not include."""
    entries, unit_name = about
    total = len(refs) * 2 + 2
    now = dt.datetime.now()
    stamp = (now.year, now.month, now.day, now.hour, now.minute, now.second)
    files: list[dict[str, Any]] = []
    missing: list[dict[str, Any]] = []
    with zipfile.ZipFile(temp, "w", allowZip64=True) as archive:
        steps.report(0, total, "正在备份数据库")
        db_info = _member(DATABASE, stamp, zipfile.ZIP_DEFLATED)
        db_sha, db_size = _copy_into(archive, db_info, database)
        for done, ref in enumerate(refs, start=1):
            steps.stop_if_cancelled("已取消备份，没有生成备份文件。")
            member = _member_name(ref)
            info = _member(member, stamp, zipfile.ZIP_STORED)
            info.file_size = ref.size  # lets zipfile choose ZIP64 up front when needed
            source = ref.path_in(data.attachments)
            try:
                sha, size = _copy_into(archive, info, source)
            except FileNotFoundError:
                sha, size = "", -1
            if sha == ref.sha256 and size == ref.size:
                files.append({"path": member, "sha256": sha, "size": size})
            else:
                missing.append(
                    {"sha256": ref.sha256, "file_name": ref.file_name, "written": size >= 0}
                )
            steps.report(done, total, f"正在备份附件 {done}/{len(refs)}")
        manifest = {
            "format": FORMAT_NAME,
            "format_version": FORMAT_VERSION,
            "app_version": __version__,
            "schema_revision": SCHEMA_REVISION,
            "created_at": dt.datetime.now().isoformat(timespec="seconds"),
            "unit_name": unit_name,
            "entries": entries,
            "database": {"path": DATABASE, "sha256": db_sha, "size": db_size},
            "attachments": files,
            "missing_attachments": missing,
        }
        info = _member(MANIFEST, stamp, zipfile.ZIP_DEFLATED)
        archive.writestr(info, json.dumps(manifest, ensure_ascii=False, indent=1).encode())
    return [item["file_name"] for item in missing]


def _member_name(ref: StoredFile) -> str:
    stored = ref.path_in(Path("attachments"))
    return stored.as_posix()


def _member(
    name: str, stamp: tuple[int, int, int, int, int, int], compression: int
) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, stamp)
    info.compress_type = compression
    info.external_attr = 0o644 << 16
    return info


def _copy_into(archive: zipfile.ZipFile, info: zipfile.ZipInfo, source: Path) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    with source.open("rb") as reader, archive.open(info, "w", force_zip64=True) as writer:
        while chunk := reader.read(_CHUNK):
            digest.update(chunk)
            size += len(chunk)
            writer.write(chunk)
    return digest.hexdigest(), size


# -- reading -------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class FileEntry:
    member: str
    sha256: str
    size: int


@dataclass(frozen=True, slots=True)
class Checked:
    """The result of reading a whole backup file back."""

    entries: int
    attachments: int
    missing: tuple[str, ...]  # listed as missing by the backup itself
    damaged: tuple[str, ...]  # members whose content is not what the manifest says


def is_backup_file(path: Path) -> bool:
    """A zip whose manifest names our backup format (cheap: the zip's directory only)."""
    try:
        with zipfile.ZipFile(path) as archive:
            if MANIFEST not in archive.namelist():
                return False
            with archive.open(MANIFEST) as stream:
                head = stream.read(4096)
    except (
        OSError,
        zipfile.BadZipFile,
        RuntimeError,  # encrypted
        ValueError,
        EOFError,
        NotImplementedError,
        zlib.error,
    ):
        return False
    return FORMAT_NAME.encode() in head


class BackupFile:
    """A backup file opened for reading: ``with BackupFile(path) as backup: …``."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._archive: zipfile.ZipFile | None = None
        self.manifest: dict[str, Any] = {}
        self.files: list[FileEntry] = []
        self.missing: tuple[str, ...] = ()
        self.entries = -1
        self.database_size = 0
        self.database_sha = ""

    # -- opening ---------------------------------------------------------------------------
    def __enter__(self) -> BackupFile:
        self.open()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._archive is not None:
            self._archive.close()
            self._archive = None

    def open(self) -> None:
        """Read and check the manifest and the zip's directory; UserError if unusable."""
        name = self.path.name
        try:
            archive = zipfile.ZipFile(self.path)
        except FileNotFoundError:
            raise UserError(f"找不到备份文件“{self.path}”。") from None
        except OSError as error:
            raise UserError(f"无法读取“{name}”：{describe_os_error(error)}。") from error
        except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError):
            raise UserError(
                f"“{name}”已损坏或不完整（不是完整的 zip 文件），不能用来恢复。"
            ) from None
        self._archive = archive
        try:
            self._read_manifest(archive)
        except BaseException:
            self.close()
            raise

    def _read_manifest(self, archive: zipfile.ZipFile) -> None:
        name = self.path.name
        infos = archive.infolist()
        members = {info.filename: info for info in infos}
        if len(members) != len(infos):
            raise UserError(f"“{name}”已损坏：其中有重名的文件。")
        info = members.get(MANIFEST)
        if info is None or info.file_size > MAX_MANIFEST_BYTES:
            raise UserError(f"“{name}”不是“文明创建台账”的备份文件（缺少备份清单）。")
        try:
            manifest = json.loads(self._read_small(info))
        except (
            ValueError,
            RecursionError,
            RuntimeError,
            EOFError,
            NotImplementedError,
            zipfile.BadZipFile,
            zlib.error,
        ):
            raise UserError(f"“{name}”的备份清单已损坏或无法读取。") from None
        if not isinstance(manifest, dict) or manifest.get("format") != FORMAT_NAME:
            if isinstance(manifest, dict) and manifest.get("format") == "wenming-package":
                raise UserError(f"“{name}”是交换包，不是备份。交换包请用“文件 → 导入交换包…”合并。")
            raise UserError(f"“{name}”不是“文明创建台账”的备份文件。")
        version = manifest.get("format_version")
        raw_revision = manifest.get("schema_revision")
        revision = raw_revision if isinstance(raw_revision, str) else ""
        if not isinstance(version, int) or isinstance(version, bool) or version < 1:
            raise UserError(f"“{name}”的备份清单已损坏（格式版本无效）。")
        if version > FORMAT_VERSION or is_newer(revision):
            made_by = str(manifest.get("app_version") or "未知版本")[:20]
            raise UserError(
                f"“{name}”由更新版本的“文明创建台账”制作（{made_by}），当前版本无法恢复。"
                "请先安装最新版本再恢复。"
            )
        if not revision:
            raise UserError(f"“{name}”的备份清单已损坏（缺少数据版本）。")
        self.manifest = manifest
        self.entries = _int(manifest.get("entries"))
        database = manifest.get("database")
        if not isinstance(database, dict) or DATABASE not in members:
            raise UserError(f"“{name}”已损坏：缺少数据库。")
        self.database_size = _int(database.get("size"))
        self.database_sha = str(database.get("sha256") or "")
        db_info = members[DATABASE]
        if db_info.file_size != self.database_size or db_info.file_size > MAX_DATABASE_RATIO * max(
            db_info.compress_size, 1024**2
        ):
            raise UserError(f"“{name}”已损坏：数据库的大小与清单不符。")
        listed, absent = manifest.get("attachments"), manifest.get("missing_attachments")
        if not isinstance(listed, list) or not isinstance(absent, list | None):
            raise UserError(f"“{name}”的备份清单已损坏（附件清单的格式不对）。")
        files: list[FileEntry] = []
        for item in listed:
            member = item.get("path") if isinstance(item, dict) else None
            match = _ATTACHMENT.fullmatch(member) if isinstance(member, str) else None
            if match is None or member not in members:
                raise UserError(f"“{name}”已损坏：附件清单与文件不符。")
            entry = FileEntry(member, match.group(1), _int(item.get("size")))
            info = members[member]
            if (
                item.get("sha256") != entry.sha256
                or info.file_size != entry.size
                or not 0 <= entry.size <= MAX_ATTACHMENT_BYTES
                or info.file_size > 100 * max(info.compress_size, 1024**2)
            ):
                raise UserError(f"“{name}”已损坏：附件“{member}”的大小或校验值与清单不符。")
            files.append(entry)
        self.files = files
        self.missing = tuple(
            str(item.get("file_name") or "")[:255]
            for item in absent or []
            if isinstance(item, dict)
        )

    def _read_small(self, info: zipfile.ZipInfo) -> bytes:
        assert self._archive is not None
        with self._archive.open(info) as stream:
            return stream.read(MAX_MANIFEST_BYTES + 1)

    def by_sha(self) -> dict[str, FileEntry]:
        return {entry.sha256: entry for entry in self.files}

    # -- reading members -------------------------------------------------------------------
    def extract_database(self, folder: Path) -> Path:
        """The database, checked against the manifest, as a temporary file in ``folder``
        (``.restore-….sqlite3``; the caller renames or deletes it)."""
        folder.mkdir(parents=True, exist_ok=True)
        handle, temp_name = tempfile.mkstemp(prefix=".restore-", suffix=".sqlite3", dir=folder)
        temp = Path(temp_name)
        try:
            with os.fdopen(handle, "wb") as sink:
                ok = self._stream(DATABASE, self.database_sha, self.database_size, sink)
                sink.flush()
                os.fsync(sink.fileno())
            if not ok:
                raise UserError(f"“{self.path.name}”已损坏：数据库的校验值与清单不符。")
            found = inspect_ledger(temp, count_entries=True)
            if found.state is FileState.NEWER:
                raise UserError(found.describe(self.path.name))
            if found.state is not FileState.OK:
                raise UserError(f"“{self.path.name}”已损坏：其中的数据库无法使用。")
            entries = found.entries
            if self.entries >= 0 and entries != self.entries:
                raise UserError(f"“{self.path.name}”已损坏：记录条数与清单不符。")
            return temp
        except BaseException:
            temp.unlink(missing_ok=True)
            raise

    def copy_file(self, entry: FileEntry, sink: IO[bytes]) -> bool:
        """Write one attachment into ``sink``; False if its content is not the manifest's."""
        return self._stream(entry.member, entry.sha256, entry.size, sink)

    def _stream(self, member: str, sha256: str, size: int, sink: IO[bytes] | None) -> bool:
        assert self._archive is not None
        digest = hashlib.sha256()
        read = 0
        try:
            with self._archive.open(member) as stream:
                while chunk := stream.read(_CHUNK):
                    read += len(chunk)
                    if read > size:
                        return False
                    digest.update(chunk)
                    if sink is not None:
                        sink.write(chunk)
        except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError):
            return False
        return read == size and digest.hexdigest() == sha256

    def verify(
        self,
        scratch: Path,
        *,
        steps: Steps = QUIET,
        offset: int = 0,
        total: int = 0,
    ) -> Checked:
        """Read the whole file back: the database (``quick_check`` of a copy written to
        ``scratch``, counts) and every attachment's SHA-256."""
        database = self.extract_database(scratch)
        database.unlink(missing_ok=True)
        damaged: list[str] = []
        total = total or len(self.files) + 1
        for done, entry in enumerate(self.files, start=1):
            steps.stop_if_cancelled("已取消核验。")
            if not self._stream(entry.member, entry.sha256, entry.size, None):
                damaged.append(entry.member)
            steps.report(offset + done, total, f"正在核验附件 {done}/{len(self.files)}")
        return Checked(self.entries, len(self.files), self.missing, tuple(damaged))


def _int(value: object) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else -1
