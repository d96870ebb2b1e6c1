"""Where things live: the clerk's data folder and the app's bundled assets."""

from __future__ import annotations

import errno
import os
import shutil
import sys
import tempfile
from pathlib import Path

from platformdirs import user_data_dir

from wenming_desktop import APP_ID

DATA_DIR_ENV = "WENMING_DATA_DIR"
DATABASE_NAME = "wenming.sqlite3"
ATTACHMENTS_DIR = "attachments"
LOGS_DIR = "logs"


def default_data_dir() -> Path:
    """The per-user data folder (``%LOCALAPPDATA%\\wenming-desktop`` on Windows)."""
    return Path(user_data_dir(APP_ID, appauthor=False, roaming=False))


def resolve_data_dir(cli_value: str | os.PathLike[str] | None = None) -> Path:
    """``--data-dir`` wins, then ``WENMING_DATA_DIR``, then the platform default."""
    chosen = cli_value or os.environ.get(DATA_DIR_ENV) or default_data_dir()
    return Path(chosen).expanduser().resolve()


class DataFolder:
    """The files of one ledger: database, attachments, logs, window state."""

    def __init__(self, root: Path) -> None:
        self.root = root

    @property
    def database(self) -> Path:
        return self.root / DATABASE_NAME

    @property
    def attachments(self) -> Path:
        return self.root / ATTACHMENTS_DIR

    @property
    def logs(self) -> Path:
        return self.root / LOGS_DIR

    @property
    def output_journal(self) -> Path:
        """Temporary output files being written (see ``safety/leftovers.py``)."""
        return self.logs / "pending-outputs.txt"

    @property
    def window_state(self) -> Path:
        return self.root / "window.ini"

    def ensure(self) -> DataFolder:
        for folder in (self.root, self.attachments, self.logs):
            folder.mkdir(parents=True, exist_ok=True)
        return self

    def write_problem(self) -> str | None:
        """Why nothing can be saved in this folder just now (Chinese), or None.

        Tried, not guessed: a small file is created and removed (permission bits say
        nothing on Windows, or to an administrator).
        """
        try:
            if shutil.disk_usage(self.root).free < MIN_FREE_BYTES:
                return DISK_FULL
        except OSError:
            pass  # a folder that does not exist yet is created by ensure()
        try:
            handle, name = tempfile.mkstemp(prefix=".wenming-probe-", dir=self.root)
        except FileNotFoundError:
            return None
        except OSError as error:
            return _write_problem(error)
        try:
            os.write(handle, b"1")
        except OSError as error:
            return _write_problem(error)
        finally:
            os.close(handle)
            Path(name).unlink(missing_ok=True)
        if self.database.exists() and not os.access(self.database, os.W_OK):
            return "数据文件被设为只读"
        return None


#: Below this much free space the ledger is opened read-only: nothing could be saved.
MIN_FREE_BYTES = 256 * 1024
DISK_FULL = "磁盘空间已满"


def _write_problem(error: OSError) -> str:
    if error.errno == errno.ENOSPC:
        return DISK_FULL
    if error.errno == errno.EROFS:
        return "数据文件夹所在的磁盘是只读的"
    return "没有写入数据文件夹的权限"


def _asset_roots() -> list[Path]:
    roots: list[Path] = []
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:  # PyInstaller bundle
        roots.append(Path(frozen_root))
    package_dir = Path(__file__).resolve().parent
    roots.append(package_dir.parent)  # source checkout / editable install
    roots.append(package_dir / "_assets")  # wheel with bundled assets
    return roots


def asset_path(*parts: str) -> Path:
    """Find a bundled file such as ``asset_path("resources", "style.qss")``.

    Works from a source checkout, an editable install and a frozen bundle.
    """
    for root in _asset_roots():
        candidate = root.joinpath(*parts)
        if candidate.exists():
            return candidate
    raise FileNotFoundError("/".join(parts))
