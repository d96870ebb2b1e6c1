"""Opening an untrusted package: member names, types, sizes and compression ratios are
checked before anything is read, and members are read through the zip API with limits,
never extracted with ``extractall``."""

from __future__ import annotations

import errno
import hashlib
import json
import re
import stat
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from wenming_desktop.errors import UserError, describe_os_error
from wenming_desktop.exchange.package import limits
from wenming_desktop.exchange.package.model import _check_cancel, _damaged, _unsafe
from wenming_desktop.work import Steps

_CHUNK = 1024 * 1024
# The suffix is whatever AttachmentStore kept (it may be “.文档”); names are checked already.
_ATTACHMENT_MEMBER = re.compile(r"attachments/([0-9a-f]{64})(\.[^/]*)?")
_DRIVE = re.compile(r"^[A-Za-z]:")


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
    if len(infos) > limits.MAX_MEMBERS:
        raise _unsafe(f"其中有 {len(infos):,} 个文件，超过了 {limits.MAX_MEMBERS:,} 个的上限")
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
        if info.file_size > limits.MAX_MEMBER_BYTES:
            raise _unsafe(
                f"其中的“{shown}”解压后有 {info.file_size / 1024**2:,.0f} MB，"
                f"超过了单个文件 {limits.MAX_MEMBER_BYTES // 1024**2} MB 的上限"
            )
        total += info.file_size
        if total > limits.MAX_TOTAL_BYTES:
            raise _unsafe(f"解压后超过 {limits.MAX_TOTAL_BYTES / 1024**3:g} GB 的上限")
        if info.file_size >= limits.RATIO_CHECKED_FROM and info.file_size > limits.MAX_RATIO * max(
            info.compress_size, 1
        ):
            raise _unsafe(
                f"其中的“{shown}”压缩比异常（超过 {limits.MAX_RATIO}:1），可能是“压缩炸弹”"
            )
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


def _verify_member(
    archive: zipfile.ZipFile,
    info: zipfile.ZipInfo,
    sha: str,
    size: int,
    name: str,
    sink: IO[bytes] | None,
    steps: Steps,
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
            _check_cancel(steps, "已取消导入，没有写入任何内容。")
    if read != size or digest.hexdigest() != sha:
        raise _damaged(f"附件“{name}”的校验值与清单不符，内容可能被改动过")
