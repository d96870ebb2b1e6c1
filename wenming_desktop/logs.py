"""Logging to a rotating file in the data folder (and stderr with ``--debug``)."""

from __future__ import annotations

import logging
import sys
import tempfile
from logging.handlers import RotatingFileHandler
from pathlib import Path

LOG_FILE_NAME = "wenming.log"


def _open_log(log_dir: Path) -> tuple[Path, RotatingFileHandler]:
    """The data folder's log, or — when that folder cannot be written (read-only, a full
    disk) — one in the system's temporary folder, so the app still starts and logs."""
    try:
        log_dir.mkdir(parents=True, exist_ok=True)
        log_file = log_dir / LOG_FILE_NAME
        return log_file, RotatingFileHandler(
            log_file, maxBytes=1_000_000, backupCount=5, encoding="utf-8"
        )
    except OSError:
        fallback = Path(tempfile.gettempdir()) / "wenming-desktop-logs"
        fallback.mkdir(parents=True, exist_ok=True)
        log_file = fallback / LOG_FILE_NAME
        return log_file, RotatingFileHandler(
            log_file, maxBytes=1_000_000, backupCount=2, encoding="utf-8"
        )


def setup_logging(log_dir: Path, *, debug: bool = False) -> Path:
    log_file, file_handler = _open_log(log_dir)
    root = logging.getLogger()
    root.setLevel(logging.DEBUG if debug else logging.INFO)
    for handler in list(root.handlers):
        if getattr(handler, "_wenming", False):
            root.removeHandler(handler)
            handler.close()
    file_handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    file_handler._wenming = True  # type: ignore[attr-defined]
    root.addHandler(file_handler)
    if debug:
        stream = logging.StreamHandler(sys.stderr)
        stream.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
        stream._wenming = True  # type: ignore[attr-defined]
        root.addHandler(stream)
    return log_file


def current_log_file() -> Path | None:
    """The file :func:`setup_logging` is writing to now, or None when it was not called."""
    for handler in logging.getLogger().handlers:
        if getattr(handler, "_wenming", False) and isinstance(handler, RotatingFileHandler):
            return Path(handler.baseFilename)
    return None
