"""Leftovers of interrupted work: half-written backups, attachments, imports and exports.

Everything long is written under a temporary name first (``.backup-…``, ``.incoming-…``,
``.restore-…``, ``wenming-import-…``, ``.wenming-…`` beside an output file) and renamed
when it is complete, so a power cut or a kill leaves only such files behind. They are
found here by those names — ours only, in the places we write them — and removed at the
next start, but only when they are older than this process: a file another copy of the
program (the command line beside the window) is still writing is younger, or being
written to.

Output files can go anywhere, so :func:`wenming_desktop.files.atomic_output` notes each
temporary name it creates in the data folder's journal (``logs/pending-outputs.txt``).
"""

from __future__ import annotations

import logging
import shutil
import tempfile
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from wenming_desktop.paths import DataFolder
from wenming_desktop.safety.backup import BACKUP_DIR, POOL_DIR
from wenming_desktop.store.sqlite_file import READ_ONLY_COPY_PREFIX

log = logging.getLogger(__name__)

#: When this module was first imported — early at start-up.
PROCESS_STARTED = time.time()
IMPORT_PREFIX = "wenming-import-"
OUTPUT_PREFIX = ".wenming-"


@dataclass(frozen=True, slots=True)
class Leftover:
    path: Path
    size: int
    what: str  # Chinese: 未完成的备份 …

    def describe(self) -> str:
        return f"{self.what}：{self.path}（{self.size / 1024**2:,.1f} MB）"


def _places(folder: DataFolder, mirror: Path | None) -> list[tuple[Path, str, str]]:
    """(folder, name pattern, what it is) for everything we write under a temporary name."""
    places = [
        (folder.root, ".wenming-probe-*", "检查磁盘时留下的临时文件"),
        (folder.root / BACKUP_DIR, ".backup-*", "未完成的备份"),  # and SQLite's -journal
        (folder.root / BACKUP_DIR, ".restore-*", "未完成的恢复"),
        (folder.root / BACKUP_DIR / POOL_DIR, ".incoming-*", "未完成的备份附件"),
        (folder.attachments, ".incoming-*", "未完成的附件"),
        (Path(tempfile.gettempdir()), f"{IMPORT_PREFIX}*", "未完成的导入"),
        (Path(tempfile.gettempdir()), f"{READ_ONLY_COPY_PREFIX}*", "只读时读取用的临时副本"),
    ]
    if mirror is not None:
        places += [
            (mirror, ".backup-*", "其他位置上未完成的备份"),
            (mirror / POOL_DIR, ".incoming-*", "其他位置上未完成的备份附件"),
        ]
    return places


def _newest_change(path: Path) -> tuple[float, int]:
    """(latest modification time, size in bytes) of a file or a whole folder."""
    stat = path.stat()
    if not path.is_dir():
        return stat.st_mtime, stat.st_size
    newest, size = stat.st_mtime, 0
    for inner in path.rglob("*"):
        inner_stat = inner.stat()
        newest = max(newest, inner_stat.st_mtime)
        size += inner_stat.st_size if inner.is_file() else 0
    return newest, size


def find(
    folder: DataFolder, *, mirror: Path | None = None, before: float | None = None
) -> list[Leftover]:
    """Our leftovers that were last changed before ``before`` (default: this process's
    start)."""
    cutoff = PROCESS_STARTED if before is None else before
    found: list[Leftover] = []
    candidates: list[tuple[Path, str]] = []
    for place, pattern, what in _places(folder, mirror):
        try:
            candidates.extend((path, what) for path in place.glob(pattern))
        except OSError:
            continue  # a folder that is not there (yet), or a USB stick pulled out
    candidates.extend((path, "未完成的导出文件") for path in _journal_paths(folder))
    for path, what in candidates:
        try:
            changed, size = _newest_change(path)
        except OSError:
            continue  # gone meanwhile
        if changed < cutoff:
            found.append(Leftover(path, size, what))
    return found


def remove(leftovers: Iterable[Leftover]) -> list[Leftover]:
    """Remove them; returns those removed (a file in use stays until next time)."""
    removed = []
    for leftover in leftovers:
        try:
            if leftover.path.is_dir():
                shutil.rmtree(leftover.path)
            else:
                leftover.path.unlink(missing_ok=True)
        except OSError as error:
            log.warning("Could not remove leftover %s: %s", leftover.path, error)
            continue
        removed.append(leftover)
    return removed


def clean(folder: DataFolder, *, mirror: Path | None = None) -> list[Leftover]:
    """Find and remove this folder's leftovers, and forget finished outputs; at start-up."""
    removed = remove(find(folder, mirror=mirror))
    _rewrite_journal(folder)
    if removed:
        log.info(
            "Removed %d leftovers of interrupted work: %s",
            len(removed),
            ", ".join(str(item.path) for item in removed[:10]),
        )
    return removed


# -- the journal of temporary output files -------------------------------------------------
def _journal_paths(folder: DataFolder) -> list[Path]:
    try:
        lines = folder.output_journal.read_text(encoding="utf-8").splitlines()
    except OSError:
        return []
    paths = []
    for line in dict.fromkeys(lines):
        path = Path(line.strip())
        if path.name.startswith(OUTPUT_PREFIX) and path.exists():
            paths.append(path)
    return paths


def _rewrite_journal(folder: DataFolder) -> None:
    """Keep only the temporary outputs that still exist (another process's, being written)."""
    journal = folder.output_journal
    if not journal.exists():
        return
    still = _journal_paths(folder)
    try:
        if still:
            journal.write_text("".join(f"{path}\n" for path in still), encoding="utf-8")
        else:
            journal.unlink()
    except OSError as error:
        log.warning("Could not rewrite %s: %s", journal, error)
