"""Writing output files safely: a half-written file never takes the real name."""

from __future__ import annotations

import os
import secrets
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from wenming_desktop.errors import UserError, describe_os_error

#: Where each temporary output file's name is noted, so that one left by a kill is found
#: and removed at the next start (``safety/leftovers.py``); set by the app and the CLI.
_journal: Path | None = None


def note_outputs_in(journal: Path | None) -> None:
    global _journal
    _journal = journal


def _note(temp: Path) -> None:
    if _journal is None:
        return
    try:
        with _journal.open("a", encoding="utf-8") as handle:
            handle.write(f"{temp.resolve()}\n")
    except OSError:
        pass  # a read-only data folder: the file is still removed unless the process dies


def fsync_folder(folder: Path) -> None:
    """Make a rename or a new file in ``folder`` durable (POSIX; Windows cannot open
    folders, and its renames are durable once the file's own data is)."""
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


TEMP_PREFIX = ".wenming-"
_ATTEMPTS = 100


def _create_temp(folder: Path, suffix: str) -> Path:
    """A new empty file in ``folder``, created as any program creates a file: mode 0666 less
    the umask (and the folder's default ACL), not ``mkstemp``'s private 0600."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOINHERIT", 0)
    for _attempt in range(_ATTEMPTS):
        temp = folder / f"{TEMP_PREFIX}{secrets.token_hex(6)}{suffix}"
        try:
            handle = os.open(temp, flags, 0o666)
        except FileExistsError:
            continue
        os.close(handle)
        return temp
    raise FileExistsError(f"no free temporary name in {folder}")


def _output_mode(temp: Path, target: Path) -> int | None:
    """The permission bits the output should end with: those of the file it replaces (as
    saving over a file keeps them), else those the new file was created with; None where
    files have no such bits (Windows)."""
    if os.name != "posix":
        return None
    try:
        existing = target.stat()
    except OSError:
        existing = None
    if existing is not None and stat.S_ISREG(existing.st_mode):
        return stat.S_IMODE(existing.st_mode)
    return stat.S_IMODE(temp.stat().st_mode)


@contextmanager
def atomic_output(target: Path, *, suffixes: tuple[str, ...], what: str) -> Iterator[Path]:
    """Yield a temporary path beside ``target``; it becomes ``target`` when the block succeeds.

    ``what`` names the document for messages (年度总结, 统计表, 图片 …).
    """
    if target.suffix.lower() not in suffixes:
        allowed = " 或 ".join(suffixes)
        raise UserError(f"{what}不能保存为“{target.suffix or '无扩展名'}”文件，请使用 {allowed}。")
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise UserError(f"文件夹“{folder}”不存在。")
    try:
        temp = _create_temp(folder, target.suffix)
    except OSError as error:
        raise UserError(f"无法在“{folder}”中写入文件：{describe_os_error(error)}。") from error
    _note(temp)
    try:
        mode = _output_mode(temp, target)
        yield temp
        if mode is not None and stat.S_IMODE(temp.stat().st_mode) != mode:
            os.chmod(temp, mode)  # a writer put a new file in its place
        os.replace(temp, target)
    except PermissionError as error:
        raise UserError(
            f"无法写入“{target}”：文件可能正在被其他程序（如 WPS、Word）打开。"
        ) from error
    except OSError as error:
        raise UserError(f"无法写入“{target}”：{describe_os_error(error)}。") from error
    finally:
        temp.unlink(missing_ok=True)
