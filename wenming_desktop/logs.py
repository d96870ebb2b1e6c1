"""Logging to a rotating file in the data folder (and stderr with ``--debug``)."""

from __future__ import annotations

import logging
import sys
import tempfile
from logging.handlers import RotatingFileHandler
from pathlib import Path

LOG_FILE_NAME = "wenming.log"
#: The handlers setup_logging added (replaced when it is called again).
_OURS: list[logging.Handler] = []


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
    stop_logging()
    logging.getLogger().setLevel(logging.DEBUG if debug else logging.INFO)
    root = logging.getLogger()
    file_handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    _OURS.append(file_handler)
    root.addHandler(file_handler)
    if debug:
        stream = logging.StreamHandler(sys.stderr)
        stream.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
        _OURS.append(stream)
        root.addHandler(stream)
    return log_file


def stop_logging() -> None:
    """Remove and close the handlers :func:`setup_logging` added (others stay)."""
    root = logging.getLogger()
    for handler in _OURS:
        root.removeHandler(handler)
        handler.close()
    _OURS.clear()


def current_log_file() -> Path | None:
    """The file :func:`setup_logging` is writing to now, or None when it was not called."""
    for handler in _OURS:
        if isinstance(handler, RotatingFileHandler):
            return Path(handler.baseFilename)
    return None
