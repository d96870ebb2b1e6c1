"""Searching beyond the tab: “其他板块还有 N 条” beside the search box (a click goes there),
the search of every area (Ctrl+Shift+F), and what the clerk may paste or type: full-width
digits and letters, invisible zero-width characters."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.gui.helpers import OpenWindow, commit_text, open_area
from wenming_desktop.books.query import EntryQuery
from wenming_desktop.gui.area_tab import (
    FIND_EVERYWHERE,
    AllAreasSearch,
    AreaTab,
)
from wenming_desktop.ledger import Ledger

PROPAGANDA = 2  # 宣传教育
AREA_COLUMN, NAME_COLUMN = 0, 2  # of the search of every area


def search(qtbot: QtBot, tab: AreaTab, text: str) -> None:
    """Type into the tab's search box (Chinese as an input method commits it)."""
    tab.search_edit.clear()
    if text.isascii():
        qtbot.keyClicks(tab.search_edit, text)
    else:
        commit_text(tab.search_edit, text)
    qtbot.keyClick(tab.search_edit, Qt.Key.Key_Return)
    assert tab.model.query.text == text.strip()


def hits_by_area(ledger: Ledger, text: str, year: int | None) -> dict[str, int]:
    names = {area.id: area.short_name for area in ledger.areas.all()}
    counts = {}
    for area_id, name in names.items():
        count = ledger.entries.totals(EntryQuery(area_id=area_id, year=year, text=text)).count
        if count:
            counts[name] = count
    return counts


def shown_ids(tab: AreaTab) -> set[int | None]:
    return {tab.model.entry_id(row) for row in range(tab.model.rowCount())}


def test_other_areas_hits_are_counted_and_a_click_goes_there(
    qtbot: QtBot, sample_ledger: Ledger, open_window: OpenWindow
) -> None:
    window = open_window(sample_ledger)
    tab = open_area(qtbot, window, PROPAGANDA)
    assert not tab.other_areas.isVisible()
    search(qtbot, tab, "职工")

    expected = hits_by_area(sample_ledger, "职工", 2019)
    others = {name: count for name, count in expected.items() if name != "宣传教育"}
    qtbot.waitUntil(tab.other_areas.isVisible)
    assert len(others) >= 3
    assert tab.other_areas.label.text() == f"其他板块还有 {sum(others.values())} 条："
    buttons = tab.other_areas.buttons()
    assert [b.text() for b in buttons] == [f"{name} {count} 条" for name, count in others.items()]

    law = next(b for b in buttons if b.text().startswith("法治建设"))
    qtbot.mouseClick(law, Qt.MouseButton.LeftButton)

    there = window.current_tab()
    assert there is not None and there.area.short_name == "法治建设"
    assert there.search_edit.text() == "职工" and there.selected_year() == 2019
    assert there.model.rowCount() == others["法治建设"]
    assert shown_ids(there) == {
        row.id
        for row in sample_ledger.entries.rows(
            EntryQuery(area_id=there.area.id, year=2019, text="职工")
        )
    }
    qtbot.waitUntil(there.other_areas.isVisible)
    assert "宣传教育" in [b.text().split()[0] for b in there.other_areas.buttons()]


def test_no_hint_without_a_search_or_without_hits_elsewhere(
    qtbot: QtBot, sample_ledger: Ledger, open_window: OpenWindow
) -> None:
    window = open_window(sample_ledger)
    tab = open_area(qtbot, window, PROPAGANDA)
    search(qtbot, tab, "职工")
    qtbot.waitUntil(tab.other_areas.isVisible)
    rows = sample_ledger.entries.rows(EntryQuery(area_id=tab.area.id, year=2019))
    only_here = next(
        row.name for row in rows if set(hits_by_area(sample_ledger, row.name, 2019)) == {"宣传教育"}
    )
    search(qtbot, tab, only_here)
    assert tab.model.rowCount() >= 1
    qtbot.waitUntil(lambda: not tab.other_areas.isVisible())
    search(qtbot, tab, "")
    qtbot.waitUntil(lambda: not tab.other_areas.isVisible())
    assert (
        tab.model.rowCount()
        == sample_ledger.entries.totals(EntryQuery(area_id=tab.area.id, year=2019)).count
    )


def test_full_width_digits_and_zero_width_characters_in_the_search_box(
    qtbot: QtBot, sample_ledger: Ledger, open_window: OpenWindow
) -> None:
    """“２０１９” finds what “2019” finds; a zero-width space pasted with a word is ignored."""
    window = open_window(sample_ledger)
    tab = open_area(qtbot, window, PROPAGANDA)
    search(qtbot, tab, "2019")
    half = shown_ids(tab)
    assert half
    search(qtbot, tab, "２０１９")
    assert shown_ids(tab) == half
    search(qtbot, tab, "职工")
    plain = shown_ids(tab)
    search(qtbot, tab, "职\u200b工\ufeff")
    assert shown_ids(tab) == plain


def test_search_of_every_area_lists_all_hits_and_goes_to_one(
    qtbot: QtBot, sample_ledger: Ledger, open_window: OpenWindow
) -> None:
    window = open_window(sample_ledger)
    tab = open_area(qtbot, window, PROPAGANDA)
    dialog = AllAreasSearch(sample_ledger.entries, window.ui.tabs, window)
    qtbot.addWidget(dialog)
    dialog.start()
    qtbot.waitExposed(dialog)
    assert dialog.windowTitle() == "在全部板块中查找"
    assert dialog.year_combo.currentText() == "全部年份"
    commit_text(dialog.search_edit, "职工")
    qtbot.keyClick(dialog.search_edit, Qt.Key.Key_Return)

    expected = hits_by_area(sample_ledger, "职工", None)
    model = dialog.model
    areas = [model.index(row, AREA_COLUMN).data() for row in range(model.rowCount())]
    assert {name: areas.count(name) for name in set(areas)} == expected
    assert dialog.summary.text() == f"全部板块中找到 {sum(expected.values())} 条记录"

    row = areas.index("环境建设")
    name = model.index(row, NAME_COLUMN).data()
    entry_id = model.entry_id(row)
    rect = dialog.table.visualRect(model.index(row, NAME_COLUMN))
    qtbot.mouseClick(dialog.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert dialog.go_button.isEnabled()
    qtbot.mouseDClick(dialog.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())

    assert not dialog.isVisible()
    there = window.current_tab()
    assert there is not None and there is not tab and there.area.short_name == "环境建设"
    assert there.search_edit.text() == "职工"
    assert there.selected_entry_ids() == [entry_id]
    assert name in [there.model.index(r, 1).data() for r in range(there.model.rowCount())]


def test_ctrl_shift_f_opens_the_search_of_every_area_with_the_tab_s_words(
    qtbot: QtBot, sample_ledger: Ledger, open_window: OpenWindow
) -> None:
    window = open_window(sample_ledger)  # the window's own 在全部板块中查找 (Ctrl+Shift+F)
    assert FIND_EVERYWHERE in [a.text() for a in window.ui.menuEdit.actions()]
    tab = open_area(qtbot, window, PROPAGANDA)
    search(qtbot, tab, "普法")
    qtbot.keyClick(
        tab.table,
        Qt.Key.Key_F,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )

    dialog = window.all_areas_search
    assert dialog is not None and dialog.isVisible()
    assert dialog.search_edit.text() == "普法"
    assert dialog.model.rowCount() == sample_ledger.entries.totals(EntryQuery(text="普法")).count
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.search_edit)
