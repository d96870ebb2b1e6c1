"""Shared fixtures: every test gets its own data folder; no dialog ever blocks."""

from __future__ import annotations

import os
from collections.abc import Iterator
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
