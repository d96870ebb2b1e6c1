"""Shared fixtures: every test gets its own data folder; no dialog ever blocks."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from wenming_desktop.ledger import Ledger


@pytest.fixture(autouse=True)
def _isolated_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point the default data folder at a temporary one, so no test touches real data."""
    folder = tmp_path / "data"
    monkeypatch.setenv("WENMING_DATA_DIR", str(folder))
    return folder


@pytest.fixture
def data_dir(_isolated_data_dir: Path) -> Path:
    return _isolated_data_dir


@pytest.fixture
def ledger(data_dir: Path) -> Iterator[Ledger]:
    opened = Ledger.open(data_dir)
    yield opened
    opened.close()


@pytest.fixture
def sample_ledger(ledger: Ledger) -> Ledger:
    ledger.load_sample()
    return ledger


@pytest.fixture
def area_ids(ledger: Ledger) -> dict[str, int]:
    return {area.short_name: area.id for area in ledger.areas.all()}


def remove_database(root: Path) -> None:
    """Delete a closed ledger's database with its journals (a disk that lost the file)."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{root / 'wenming.sqlite3'}{suffix}").unlink(missing_ok=True)


@pytest.fixture
def tmpfs(tmp_path: Path) -> Iterator[Callable[[str], Path]]:
    """Mount small file systems of their own (``tmpfs("6m")``) — a disk that can really be
    full or read-only. Skipped where the tests may not mount (not root, a container)."""
    points: list[Path] = []

    def mount(size: str) -> Path:
        point = tmp_path / f"磁盘{len(points)}"
        point.mkdir()
        done = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(point)],
            capture_output=True,
            check=False,
        )
        if done.returncode != 0:
            pytest.skip("cannot mount a tmpfs here")
        points.append(point)
        return point

    yield mount
    for point in points:
        subprocess.run(["umount", "-l", str(point)], check=False)
