"""The window's frame, painted before the ledger is open, then filled in."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from wenming_desktop.gui.main_window import MainWindow, read_frame
from wenming_desktop.ledger import Ledger


def test_the_frame_shows_the_ledgers_names_then_is_filled_in(
    qtbot: QtBot, sample_ledger: Ledger
) -> None:
    frame = read_frame(sample_ledger.folder.root)
    assert frame.area_names == tuple(a.short_name for a in sample_ledger.areas.all())
    window = MainWindow(frame=frame)
    qtbot.addWidget(window)
    window.show()
    names = [*frame.area_names, "统计", "年度总结"]
    assert window.tab_texts() == names
    assert window.windowTitle() == frame.unit_name  # Qt adds "文明创建台账" itself
    assert not window.ui.actionNew.isEnabled() and not window.ui.actionSettings.isEnabled()

    window.attach(sample_ledger)
    assert window.tab_texts() == names
    assert window.windowTitle() == sample_ledger.settings.load().unit_name
    assert window.current_tab() is window.area_tabs[0]
    tab = window.current_tab()
    assert tab is not None and tab.model.rowCount() > 0
    assert window.ui.actionNew.isEnabled() and window.ui.actionSettings.isEnabled()
    assert not window.ui.actionUndo.isEnabled()  # nothing to undo yet
    assert not window.stats_tab.isVisible()  # not shown, so its charts are not built


def test_a_missing_or_broken_file_gives_an_empty_frame(tmp_path) -> None:
    assert read_frame(tmp_path).area_names == ()
    (tmp_path / "wenming.sqlite3").write_bytes(b"not a database at all")
    assert read_frame(tmp_path).area_names == () and read_frame(tmp_path).unit_name == ""
