"""Where things live: the clerk's data folder and the app's bundled assets."""

from __future__ import annotations

import os
import sys
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
    def window_state(self) -> Path:
        return self.root / "window.ini"

    def ensure(self) -> DataFolder:
        for folder in (self.root, self.attachments, self.logs):
            folder.mkdir(parents=True, exist_ok=True)
        return self


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
