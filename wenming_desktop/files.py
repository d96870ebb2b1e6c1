"""Writing output files safely: a half-written file never takes the real name."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from wenming_desktop.errors import UserError, describe_os_error


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
