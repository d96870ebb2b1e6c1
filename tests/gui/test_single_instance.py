"""One running copy per data folder; a stale lock from a crashed copy is reclaimed."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSysInfo

from wenming_desktop.gui.single_instance import SingleInstance


def test_a_second_copy_is_refused_and_raises_the_first(qtbot, tmp_path: Path) -> None:
    first = SingleInstance(tmp_path)
    assert first.acquire()
    raised: list[bool] = []
    first.raise_requested.connect(lambda: raised.append(True))
    second = SingleInstance(tmp_path)
    assert not second.acquire()
    qtbot.waitUntil(lambda: bool(raised), timeout=5_000)
    first.release()
    third = SingleInstance(tmp_path)
    assert third.acquire()  # free again once the first has closed
    third.release()


def test_a_stale_lock_from_a_dead_process_is_reclaimed(tmp_path: Path) -> None:
    lock = tmp_path / "wenming.lock"
    lock.write_text(f"999999\nwenming\n{QSysInfo.machineHostName()}\n", encoding="utf-8")
    again = SingleInstance(tmp_path)
    assert again.acquire()
    again.release()


def test_another_data_folder_is_independent(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    one, other = SingleInstance(tmp_path / "a"), SingleInstance(tmp_path / "b")
    assert one.acquire() and other.acquire()
    one.release()
    other.release()
