"""Attachment files, kept in the data folder under the SHA-256 of their content.

A file is written to a temporary name, flushed to disk and then renamed, so a power
cut never leaves a half-written file under a real name. Identical files are kept once.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePath

from wenming_desktop.errors import UserError, describe_os_error
from wenming_desktop.files import fsync_folder

MAX_ATTACHMENT_BYTES = 500 * 1024 * 1024
IMAGE_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".bmp", ".gif", ".webp", ".tif", ".tiff"})
_CHUNK = 1024 * 1024


@dataclass(frozen=True, slots=True, kw_only=True)
class StoredFile:
    """One attachment file: the SHA-256 of its content, the name it came with, its size."""

    sha256: str
    file_name: str
    size: int

    def path_in(self, root: Path) -> Path:
        """Where this file is kept in the attachment store at ``root``."""
        return AttachmentStore(root).path_for(self.sha256, self.file_name)


def is_image(file_name: str) -> bool:
    return PurePath(file_name).suffix.lower() in IMAGE_SUFFIXES


def _safe_suffix(file_name: str) -> str:
    suffix = PurePath(file_name).suffix.lower()
    return suffix if suffix[1:].isalnum() and len(suffix) <= 10 else ""


class AttachmentStore:
    def __init__(self, root: Path) -> None:
        self.root = root

    def path_for(self, sha256: str, file_name: str) -> Path:
        return self.root / sha256[:2] / f"{sha256}{_safe_suffix(file_name)}"

    def put(self, source: Path) -> StoredFile:
        """Copy ``source`` into the store (once per content) and describe it."""
        try:
            size = source.stat().st_size
        except OSError as error:
            raise UserError(f"无法读取附件“{source.name}”：{describe_os_error(error)}。") from error
        if not source.is_file():
            raise UserError(f"“{source.name}”不是文件，不能作为附件。")
        if size > MAX_ATTACHMENT_BYTES:
            raise UserError(
                f"附件“{source.name}”有 {size / 1024 / 1024:.0f} MB，"
                f"超过了 {MAX_ATTACHMENT_BYTES // 1024 // 1024} MB 的上限。"
            )
        digest = hashlib.sha256()
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            handle, temp_name = tempfile.mkstemp(prefix=".incoming-", dir=self.root)
        except OSError as error:
            reason = describe_os_error(error)
            raise UserError(f"无法保存附件“{source.name}”：{reason}。") from error
        temp_path = Path(temp_name)
        try:
            with os.fdopen(handle, "wb") as target, source.open("rb") as reader:
                while chunk := reader.read(_CHUNK):
                    digest.update(chunk)
                    target.write(chunk)
                target.flush()
                os.fsync(target.fileno())
            stored = StoredFile(sha256=digest.hexdigest(), file_name=source.name, size=size)
            final = self.path_for(stored.sha256, stored.file_name)
            if final.exists():
                temp_path.unlink()
            else:
                final.parent.mkdir(parents=True, exist_ok=True)
                os.replace(temp_path, final)
                fsync_folder(final.parent)
            return stored
        except OSError as error:
            temp_path.unlink(missing_ok=True)
            raise UserError(f"复制附件“{source.name}”失败：{describe_os_error(error)}。") from error

    def export_copy(self, sha256: str, file_name: str, target: Path) -> None:
        shutil.copyfile(self.path_for(sha256, file_name), target)
