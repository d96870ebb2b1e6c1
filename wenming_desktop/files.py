"""Writing output files safely: a half-written file never takes the real name."""

from __future__ import annotations

import os
import tempfile
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
        handle, temp_name = tempfile.mkstemp(prefix=".wenming-", suffix=target.suffix, dir=folder)
    except OSError as error:
        raise UserError(f"无法在“{folder}”中写入文件：{describe_os_error(error)}。") from error
    os.close(handle)
    temp = Path(temp_name)
    _note(temp)
    try:
        yield temp
        os.replace(temp, target)
    except PermissionError as error:
        raise UserError(
            f"无法写入“{target}”：文件可能正在被其他程序（如 WPS、Word）打开。"
        ) from error
    except OSError as error:
        raise UserError(f"无法写入“{target}”：{describe_os_error(error)}。") from error
    finally:
        temp.unlink(missing_ok=True)
