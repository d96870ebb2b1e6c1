"""Change events carry what changed, and each view refreshes only what the change touched:
the tab of the entry's area (before and after), the 统计 tab only for a year it shows."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from tests.gui.helpers import OpenWindow, open_area
from wenming_desktop.actions.changes import Changed
from wenming_desktop.books.draft import EntryDraft
from wenming_desktop.books.query import EntryQuery
from wenming_desktop.gui.area_tab import AreaTab
from wenming_desktop.gui.entry_dialog import EntryDialog
from wenming_desktop.gui.main_window import MainWindow
from wenming_desktop.gui.stats_tab import StatsTab
from wenming_desktop.ledger import Ledger

VOLUNTEERING, LAW = "志愿服务", "法治建设"


@pytest.fixture
def refreshed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The areas whose tabs were told to read their entries again, in order."""
    calls: list[str] = []
    original = AreaTab.refresh

    def spy(tab: AreaTab) -> None:
        calls.append(tab.area.short_name)
        original(tab)

    monkeypatch.setattr(AreaTab, "refresh", spy)
    return calls


def tab_of(window: MainWindow, name: str) -> AreaTab:
    return next(tab for tab in window.area_tabs if tab.area.short_name == name)


def show_tab(qtbot: QtBot, window: MainWindow, name: str) -> AreaTab:
    return open_area(qtbot, window, window.area_tabs.index(tab_of(window, name)))


def listed_names(tab: AreaTab) -> list[str]:
    return [tab.model.row_at(row).name for row in range(tab.model.rowCount())]


def edit_in_dialog(
    monkeypatch: pytest.MonkeyPatch, name: str, area: str | None = None
) -> list[EntryDialog]:
    """The next entry dialog renames the entry (and moves it to ``area``) and saves."""
    opened: list[EntryDialog] = []

    def exec_(dialog: EntryDialog) -> int:
        opened.append(dialog)
        dialog.show()
        dialog.ui.nameEdit.setText(name)
        if area is not None:
            dialog.ui.areaCombo.setCurrentIndex(dialog.ui.areaCombo.findText(area))
        dialog.ui.buttonBox.button(QDialogButtonBox.StandardButton.Save).click()
        return dialog.result()

    monkeypatch.setattr(EntryDialog, "exec", exec_)
    return opened


def first_entry_of(ledger: Ledger, area_id: int) -> int:
    return ledger.entries.rows(EntryQuery(area_id=area_id, year=2019))[0].id


# -- area tabs ---------------------------------------------------------------------------
def test_editing_an_entry_refreshes_the_tab_of_its_area_only(
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    sample_ledger: Ledger,
    open_window: OpenWindow,
    refreshed: list[str],
) -> None:
    window = open_window(sample_ledger)
    law = show_tab(qtbot, window, LAW)  # read once; hidden from now on
    volunteering = show_tab(qtbot, window, VOLUNTEERING)
    entry_id = first_entry_of(sample_ledger, volunteering.area.id)
    refreshed.clear()
    opened = edit_in_dialog(monkeypatch, "社区志愿服务进楼栋")

    window.edit_entry(entry_id)

    assert len(opened) == 1 and opened[0].saved is not None
    assert refreshed == [VOLUNTEERING]
    assert "社区志愿服务进楼栋" in listed_names(volunteering)
    assert not law._stale  # 法治建设 was not touched: it keeps what it read


def test_moving_an_entry_to_another_area_refreshes_both_and_no_other(
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    sample_ledger: Ledger,
    open_window: OpenWindow,
    refreshed: list[str],
) -> None:
    window = open_window(sample_ledger)
    first = window.current_tab()
    assert first is not None and first.area.short_name not in (VOLUNTEERING, LAW)
    law = show_tab(qtbot, window, LAW)
    before = len(listed_names(law))
    volunteering = show_tab(qtbot, window, VOLUNTEERING)
    entry_id = first_entry_of(sample_ledger, volunteering.area.id)
    refreshed.clear()
    edit_in_dialog(monkeypatch, "普法志愿服务", area=LAW)

    window.edit_entry(entry_id)

    assert set(refreshed) == {VOLUNTEERING, LAW}
    assert window.current_tab() is law  # the saved entry is shown where it now is
    assert "普法志愿服务" in listed_names(law) and len(listed_names(law)) == before + 1
    assert "普法志愿服务" not in listed_names(volunteering)
    assert not first._stale


def test_delete_and_undo_refresh_the_area_of_the_deleted_entries(
    qtbot: QtBot, sample_ledger: Ledger, open_window: OpenWindow, refreshed: list[str]
) -> None:
    window = open_window(sample_ledger)
    law = show_tab(qtbot, window, LAW)
    volunteering = show_tab(qtbot, window, VOLUNTEERING)
    count = volunteering.model.rowCount()
    volunteering.select_entries([volunteering.model.entry_id(0)])
    refreshed.clear()

    window.delete_selected()
    assert refreshed == [VOLUNTEERING] and volunteering.model.rowCount() == count - 1
    window.undo_stack.undo()
    assert refreshed == [VOLUNTEERING] * 2 and volunteering.model.rowCount() == count
    assert not law._stale


def test_a_change_nobody_can_place_refreshes_every_tab(
    qtbot: QtBot, sample_ledger: Ledger, open_window: OpenWindow, refreshed: list[str]
) -> None:
    window = open_window(sample_ledger)
    refreshed.clear()
    window.events.publish(Changed.of_entries(None, None))
    assert sorted(refreshed) == sorted(tab.area.short_name for tab in window.area_tabs)
    hidden = [tab for tab in window.area_tabs if tab is not window.current_tab()]
    assert hidden and all(tab._stale for tab in hidden)  # read when shown, not now


def test_places_are_read_in_the_trash_too(sample_ledger: Ledger) -> None:
    rows = sample_ledger.entries.rows(EntryQuery(area_id=4, year=2019))
    ids = [rows[0].id, *(row.id for row in sample_ledger.entries.rows(EntryQuery(area_id=5)))]
    sample_ledger.entries.move_to_trash(ids[:1])
    assert sample_ledger.entries.places(ids) == {(4, 2019), (5, 2019)}
    assert sample_ledger.entries.places([]) == set()


# -- the 统计 tab ---------------------------------------------------------------------------
@pytest.fixture
def stats(qtbot: QtBot, sample_ledger: Ledger, open_window: OpenWindow) -> StatsTab:
    window = open_window(sample_ledger)
    bar = window.ui.tabs.tabBar()
    window.ui.tabs.setCurrentWidget(window.stats_tab)
    assert bar.currentIndex() == window.ui.tabs.indexOf(window.stats_tab)
    qtbot.waitUntil(lambda: window.stats_tab.stats is not None)
    return window.stats_tab


def offered(tab: StatsTab) -> list[int]:
    return [tab.year_combo.itemData(i) for i in range(tab.year_combo.count())]


def add(ledger: Ledger, date: str) -> Changed:
    added = ledger.entries.add(EntryDraft(area_id=4, date=date, name="新的志愿服务"))
    return Changed.of_entries([added.id], [(4, added.date.year)])


def test_a_change_in_a_year_not_shown_only_offers_that_year(
    stats: StatsTab, sample_ledger: Ledger
) -> None:
    index = stats.year_combo.findData(2019)
    stats.year_combo.setCurrentIndex(index)
    stats.year_combo.activated.emit(index)  # the clerk picked 2019
    drawn = stats.stats
    assert drawn is not None and drawn.year == 2019 and 2021 not in offered(stats)

    stats.window().events.publish(add(sample_ledger, "2021-03-05"))

    assert stats.stats is drawn  # not redrawn
    assert 2021 in offered(stats) and stats.year() == 2019

    stats.window().events.publish(add(sample_ledger, "2019-03-05"))

    assert stats.stats is not drawn and stats.stats.total.entries == drawn.total.entries + 1


def test_a_change_in_the_compared_year_redraws(stats: StatsTab, sample_ledger: Ledger) -> None:
    drawn = stats.stats
    assert stats.compare_combo.currentData() == 2018
    stats.window().events.publish(add(sample_ledger, "2018-10-01"))
    assert stats.stats is not drawn and stats.other is not None
    assert stats.other.total.entries == 1


def test_a_newer_year_is_shown_when_the_clerk_picked_none(
    stats: StatsTab, sample_ledger: Ledger
) -> None:
    drawn = stats.stats
    stats.window().events.publish(add(sample_ledger, "2021-03-05"))
    assert stats.year() == 2021 and stats.stats is not drawn and stats.stats.year == 2021
