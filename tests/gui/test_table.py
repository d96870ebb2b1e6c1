"""What an area's table shows: search as you type, the year selector, sorting, lazy paging.

Chinese search terms are typed as a Chinese input method delivers them (one
``QInputMethodEvent`` commit); ``QTest.keyClicks`` aborts on characters outside Latin-1.
"""

from __future__ import annotations

import datetime as dt
import time

import pytest
from PySide6.QtCore import QPoint, Qt
from pytestqt.qtbot import QtBot

from tests.gui.helpers import OpenWindow, area_tab_texts, commit_text, open_area
from wenming_desktop.books.query import EntryQuery
from wenming_desktop.books.records import Area, EntryRow, ListingTotals
from wenming_desktop.gui.area_tab import ALL_YEARS, AreaTab, EntryTableView
from wenming_desktop.gui.entry_model import MAX_CACHED_PAGES, PAGE_SIZE, EntryTableModel
from wenming_desktop.gui.main_window import MainWindow
from wenming_desktop.ledger import Ledger

NAME_COLUMN, PARTICIPANTS_COLUMN = 1, 5
LAW_TAB = 4  # 法治建设
THIS_YEAR = dt.date.today().year


def column(tab: AreaTab, number: int) -> list[str]:
    return [tab.model.index(row, number).data() for row in range(tab.model.rowCount())]


def searched_text(ledger: Ledger, entry_id: int) -> str:
    entry = ledger.entries.get(entry_id)
    assert entry is not None
    return " ".join(
        (entry.name, entry.kind, entry.location, entry.organizer, entry.content, entry.remarks)
    )


def search(qtbot: QtBot, tab: AreaTab, text: str) -> None:
    """Replace the search box's text as the clerk would, then wait for the table to follow."""
    edit = tab.search_edit
    qtbot.mouseClick(edit, Qt.MouseButton.LeftButton)
    qtbot.keyClick(edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(edit, Qt.Key.Key_Backspace)
    if text.isascii():
        qtbot.keyClicks(edit, text)
    else:
        commit_text(edit, text)
    assert edit.text() == text
    qtbot.waitUntil(lambda: tab.model.query.text == text.strip(), timeout=2000)


def expected_ids(ledger: Ledger, tab: AreaTab, *terms: str) -> set[int]:
    """The entries of the tab's area and year whose text holds every term (checked in Python)."""
    everything = ledger.entries.rows(EntryQuery(area_id=tab.area.id, year=tab.selected_year()))
    return {
        row.id for row in everything if all(term in searched_text(ledger, row.id) for term in terms)
    }


def law_tab(qtbot: QtBot, ledger: Ledger, open_window: OpenWindow) -> tuple[MainWindow, AreaTab]:
    """A main window on ``ledger`` showing its 法治建设 tab."""
    window = open_window(ledger)
    open_area(qtbot, window, LAW_TAB)
    tab = window.current_tab()
    assert tab is not None
    return window, tab


def shown_ids(tab: AreaTab) -> set[int]:
    return {tab.model.entry_id(row) for row in range(tab.model.rowCount())}


# -- 6. search -----------------------------------------------------------------------------
def test_search_as_you_type_shows_only_matching_rows(
    qtbot: QtBot, sample_ledger: Ledger, open_window: OpenWindow
) -> None:
    window, tab = law_tab(qtbot, sample_ledger, open_window)
    assert area_tab_texts(window)[LAW_TAB] == "法治建设"
    everything = column(tab, NAME_COLUMN)
    assert len(everything) == 7

    search(qtbot, tab, "普法")

    shown = shown_ids(tab)
    assert shown, "searching 普法 on 法治建设 must find the 普法 activities"
    assert len(shown) < len(everything)
    assert shown == expected_ids(sample_ledger, tab, "普法")
    for entry_id in shown:
        assert "普法" in searched_text(sample_ledger, entry_id)
    assert window.totals_label.text().startswith(f"共 {len(shown)} 条记录")
    # The count comes with the rows; the people are added up on a worker and follow.
    totals = sample_ledger.entries.totals(tab.model.query)
    qtbot.waitUntil(
        lambda: (
            window.totals_label.text()
            == f"共 {totals.count} 条记录，参加 {totals.participants} 人次"
            + (f"，志愿服务 {totals.volunteer_hours:g} 小时" if totals.volunteer_hours else "")
        ),
        timeout=5000,
    )

    search(qtbot, tab, "")
    assert column(tab, NAME_COLUMN) == everything
    assert window.totals_label.text().startswith(f"共 {len(everything)} 条记录，参加")


def test_sums_of_a_replaced_search_are_not_shown(
    qtbot: QtBot, sample_ledger: Ledger, open_window: OpenWindow
) -> None:
    window, tab = law_tab(qtbot, sample_ledger, open_window)
    # Two searches with no event processed between them: the first one's sums arrive late.
    tab.model.set_query(tab.model.query.with_(text="普法"))
    tab.model.set_query(tab.model.query.with_(text="法"))
    assert not tab.model.totals.summed
    assert window.totals_label.text() == f"共 {tab.model.rowCount()} 条记录"
    totals = sample_ledger.entries.totals(tab.model.query)
    qtbot.waitUntil(lambda: tab.model.totals.summed, timeout=5000)
    qtbot.wait(200)  # give a late, stale answer the chance to land
    assert tab.model.totals == totals


def _search_with_slow_sums(
    qtbot: QtBot, ledger: Ledger, open_window: OpenWindow, monkeypatch, fail: bool
):
    """Search 法 on 法治建设 while adding up takes 0.5 s (and then fails, if ``fail``)."""
    window, tab = law_tab(qtbot, ledger, open_window)
    adding_up = ledger.entries.totals

    def slowly(query: EntryQuery) -> ListingTotals:
        time.sleep(0.5)
        if fail:
            raise OSError("database is locked")
        return adding_up(query)

    monkeypatch.setattr(ledger.entries, "totals", slowly)
    tab.search_edit.setText("法")
    tab.search_edit.returnPressed.emit()
    return window, tab


def test_slow_sums_say_they_are_coming(
    qtbot: QtBot, sample_ledger: Ledger, open_window: OpenWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    window, tab = _search_with_slow_sums(qtbot, sample_ledger, open_window, monkeypatch, False)
    count = tab.model.rowCount()
    assert window.totals_label.text() == f"共 {count} 条记录"  # at once, rows shown
    qtbot.waitUntil(lambda: "正在合计人次" in window.totals_label.text(), timeout=3000)
    qtbot.waitUntil(lambda: "参加" in window.totals_label.text(), timeout=5000)
    assert window.totals_label.text().startswith(f"共 {count} 条记录，参加 ")


def test_a_failed_sum_leaves_the_count_without_a_lasting_notice(
    qtbot: QtBot, sample_ledger: Ledger, open_window: OpenWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    window, tab = _search_with_slow_sums(qtbot, sample_ledger, open_window, monkeypatch, True)
    count = tab.model.rowCount()
    qtbot.waitUntil(lambda: "正在合计人次" in window.totals_label.text(), timeout=3000)
    qtbot.waitUntil(lambda: not tab.model.summing, timeout=5000)
    qtbot.wait(400)  # the notice's timer has had its chance to fire again
    assert window.totals_label.text() == f"共 {count} 条记录"
    assert tab.model.rowCount() == count


def test_one_character_search_finds_rows(
    qtbot: QtBot, sample_ledger: Ledger, open_window: OpenWindow
) -> None:
    _window, tab = law_tab(qtbot, sample_ledger, open_window)

    search(qtbot, tab, "法")

    shown = shown_ids(tab)
    assert len(shown) >= 5
    assert shown == expected_ids(sample_ledger, tab, "法")


def test_two_words_must_both_match(
    qtbot: QtBot, sample_ledger: Ledger, open_window: OpenWindow
) -> None:
    _window, tab = law_tab(qtbot, sample_ledger, open_window)

    search(qtbot, tab, "法律 知识")

    shown = shown_ids(tab)
    assert shown
    assert shown == expected_ids(sample_ledger, tab, "法律", "知识")
    assert shown < expected_ids(sample_ledger, tab, "法律")


@pytest.mark.parametrize("term", ["%", "_", "%%", "法_"])
def test_like_wildcards_are_searched_literally(
    qtbot: QtBot, sample_ledger: Ledger, open_window: OpenWindow, term: str
) -> None:
    window, tab = law_tab(qtbot, sample_ledger, open_window)
    assert tab.model.rowCount() == 7

    search(qtbot, tab, term)

    assert tab.model.rowCount() == 0
    assert window.totals_label.text() == "共 0 条记录，参加 0 人次"


def test_ctrl_f_puts_the_cursor_in_the_search_box(
    qtbot: QtBot, sample_ledger: Ledger, open_window: OpenWindow
) -> None:
    window = open_window(sample_ledger)
    tab = window.current_tab()
    tab.table.setFocus()
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(tab.search_edit.hasFocus)


# -- 7. the year selector ----------------------------------------------------------------
def year_texts(tab: AreaTab) -> list[str]:
    return [tab.year_combo.itemText(index) for index in range(tab.year_combo.count())]


def test_tabs_open_on_the_newest_year_with_entries(
    qtbot: QtBot, sample_ledger: Ledger, open_window: OpenWindow
) -> None:
    window = open_window(sample_ledger)
    assert THIS_YEAR != 2019
    for tab in window.area_tabs:
        assert year_texts(tab) == [f"{THIS_YEAR}年", "2019年", "全部年份"]
        assert tab.year_combo.currentText() == "2019年"
    # Only the tab on screen has read its entries; each other one reads when first shown.
    assert [tab.model.rowCount() > 0 for tab in window.area_tabs] == [True] + [False] * 5
    for tab in window.area_tabs:
        window.ui.tabs.setCurrentWidget(tab)
    assert sum(tab.model.rowCount() for tab in window.area_tabs) == 43


def test_all_years_keeps_rows_and_this_year_shows_none(
    qtbot: QtBot, sample_ledger: Ledger, open_window: OpenWindow
) -> None:
    window = open_window(sample_ledger)
    tab = window.current_tab()
    rows_2019 = column(tab, NAME_COLUMN)
    totals_2019 = window.totals_label.text()
    assert totals_2019 == "共 6 条记录，参加 64 人次"

    qtbot.keyClick(tab.year_combo, Qt.Key.Key_End)  # the last choice: 全部年份
    assert tab.year_combo.currentText() == "全部年份"
    assert column(tab, NAME_COLUMN) == rows_2019
    assert window.totals_label.text() == totals_2019

    qtbot.keyClick(tab.year_combo, Qt.Key.Key_Home)  # the first choice: this year
    assert tab.year_combo.currentText() == f"{THIS_YEAR}年"
    assert tab.model.rowCount() == 0
    assert window.totals_label.text() == "共 0 条记录，参加 0 人次"


def test_all_years_choice_survives_a_change_to_the_ledger(
    qtbot: QtBot, sample_ledger: Ledger, open_window: OpenWindow
) -> None:
    window = open_window(sample_ledger)
    tab = window.current_tab()
    qtbot.keyClick(tab.year_combo, Qt.Key.Key_End)
    assert tab.year_combo.currentText() == "全部年份"

    tab.table.selectRow(0)
    qtbot.keyClick(tab.table, Qt.Key.Key_Delete)

    assert tab.model.rowCount() == 5
    assert tab.year_combo.currentText() == "全部年份"


def test_empty_ledger_opens_on_this_year(
    qtbot: QtBot, ledger: Ledger, open_window: OpenWindow
) -> None:
    window = open_window(ledger)
    for tab in window.area_tabs:
        assert year_texts(tab) == [f"{THIS_YEAR}年", "全部年份"]
        assert tab.year_combo.currentText() == f"{THIS_YEAR}年"
    assert window.totals_label.text() == "共 0 条记录，参加 0 人次"


# -- 9. sorting ---------------------------------------------------------------------------
def click_header(qtbot: QtBot, tab: AreaTab, section: int) -> None:
    header = tab.table.horizontalHeader()
    x = header.sectionViewportPosition(section) + header.sectionSize(section) // 2
    qtbot.mouseClick(
        header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2)
    )


def test_clicking_participants_header_sorts_by_participants(
    qtbot: QtBot, sample_ledger: Ledger, open_window: OpenWindow
) -> None:
    _window, tab = law_tab(qtbot, sample_ledger, open_window)
    header = tab.table.horizontalHeader()
    assert tab.model.headerData(PARTICIPANTS_COLUMN, Qt.Orientation.Horizontal) == "参加人数"
    people = sorted(int(text) for text in column(tab, PARTICIPANTS_COLUMN))
    assert len(set(people)) > 1

    click_header(qtbot, tab, PARTICIPANTS_COLUMN)
    if header.sortIndicatorOrder() == Qt.SortOrder.AscendingOrder:
        assert [int(text) for text in column(tab, PARTICIPANTS_COLUMN)] == people
        click_header(qtbot, tab, PARTICIPANTS_COLUMN)

    assert header.sortIndicatorSection() == PARTICIPANTS_COLUMN
    assert header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
    assert [int(text) for text in column(tab, PARTICIPANTS_COLUMN)] == people[::-1]


def test_rows_without_participants_sort_after_counted_ones_when_descending(
    qtbot: QtBot, sample_ledger: Ledger, open_window: OpenWindow
) -> None:
    window = open_window(sample_ledger)
    tab = window.current_tab()  # 组织领导: three entries have no 参加人数

    tab.table.sortByColumn(PARTICIPANTS_COLUMN, Qt.SortOrder.DescendingOrder)

    assert column(tab, PARTICIPANTS_COLUMN) == ["26", "20", "18", "", "", ""]


def test_sort_order_is_kept_while_searching(
    qtbot: QtBot, sample_ledger: Ledger, open_window: OpenWindow
) -> None:
    _window, tab = law_tab(qtbot, sample_ledger, open_window)
    tab.table.sortByColumn(PARTICIPANTS_COLUMN, Qt.SortOrder.DescendingOrder)

    search(qtbot, tab, "法")

    people = [int(text) for text in column(tab, PARTICIPANTS_COLUMN)]
    assert len(people) > 1
    assert people == sorted(people, reverse=True)


# -- 10. the lazy model ---------------------------------------------------------------------
class FakeSource:
    """Pretends to hold ``count`` entries; records which pages the model asks for."""

    def __init__(self, count: int) -> None:
        self.count = count
        self.row_calls: list[tuple[int, int | None]] = []

    def rows(self, query: EntryQuery, offset: int = 0, limit: int | None = None) -> list[EntryRow]:
        self.row_calls.append((offset, limit))
        end = self.count if limit is None else min(offset + limit, self.count)
        return [self._row(number) for number in range(offset, end)]

    def totals(self, query: EntryQuery) -> ListingTotals:
        return ListingTotals(self.count, self.count * 3, 0.0)

    def quick_count(self, query: EntryQuery) -> int | None:
        return None

    def area_counts(self, query: EntryQuery) -> dict[int, int]:
        return {1: self.count}

    def position(self, query: EntryQuery, entry_id: int) -> int | None:
        return None

    @staticmethod
    def _row(number: int) -> EntryRow:
        return EntryRow(
            id=number + 1,
            uuid=f"uuid-{number}",
            area_id=1,
            date=dt.date(2019, 1, 1) + dt.timedelta(days=number % 365),
            end_date=None,
            name=f"活动{number}",
            kind="学习",
            location="",
            organizer="",
            participants=3,
            volunteer_hours=None,
            attachment_count=0,
            is_sample=False,
        )


def test_model_reads_only_the_pages_it_shows() -> None:
    source = FakeSource(100_000)
    model = EntryTableModel(source, EntryQuery(area_id=1))

    assert model.rowCount() == 100_000
    assert source.row_calls == []
    shown = [model.index(row, NAME_COLUMN).data() for row in range(31)]
    last = model.index(99_999, NAME_COLUMN).data()

    assert shown == [f"活动{row}" for row in range(31)]
    assert last == "活动99999"
    assert source.row_calls == [(0, PAGE_SIZE), (99_800, PAGE_SIZE)]
    assert model.index(100_000, NAME_COLUMN).data() is None
    assert len(source.row_calls) == 2


def test_model_forgets_old_pages_beyond_its_cache() -> None:
    source = FakeSource(100_000)
    model = EntryTableModel(source, EntryQuery(area_id=1))
    for page in range(MAX_CACHED_PAGES + 1):
        assert model.index(page * PAGE_SIZE, NAME_COLUMN).data() == f"活动{page * PAGE_SIZE}"
    assert len(source.row_calls) == MAX_CACHED_PAGES + 1

    model.index(PAGE_SIZE * MAX_CACHED_PAGES + 1, NAME_COLUMN).data()  # newest page: cached
    assert len(source.row_calls) == MAX_CACHED_PAGES + 1
    model.index(1, NAME_COLUMN).data()  # the oldest page was dropped
    assert source.row_calls[-1] == (0, PAGE_SIZE)


class FakeSearchSource(FakeSource):
    """100,000 entries; a search finds 3,000 of them."""

    def rows(self, query: EntryQuery, offset: int = 0, limit: int | None = None) -> list[EntryRow]:
        self.count = 3_000 if query.text else 100_000
        return super().rows(query, offset, limit)

    def totals(self, query: EntryQuery) -> ListingTotals:
        self.count = 3_000 if query.text else 100_000
        return super().totals(query)


def test_a_new_search_starts_at_its_first_row(qtbot: QtBot) -> None:
    source = FakeSearchSource(100_000)
    area = Area(id=1, uuid="area-1", position=1, short_name="宣传教育", heading="一、宣传教育")
    tab = AreaTab(area, source, [2019])
    qtbot.addWidget(tab)
    tab.resize(900, 600)
    tab.show()
    qtbot.waitExposed(tab)
    tab.year_combo.setCurrentIndex(tab.year_combo.findData(ALL_YEARS))
    tab.table.scrollToBottom()  # the clerk pressed Ctrl+End, then searches
    qtbot.waitUntil(lambda: (99_800, PAGE_SIZE) in source.row_calls)

    tab.search_edit.setText("活动")
    tab.search_edit.returnPressed.emit()
    tab.table.viewport().repaint()

    assert tab.model.rowCount() == 3_000
    assert tab.table.verticalScrollBar().value() == 0
    assert tab.table.rowAt(0) == 0
    assert source.row_calls[-1] == (0, PAGE_SIZE)  # the first hits, not the last ones


def test_table_view_of_100000_rows_reads_only_visible_pages(qtbot: QtBot) -> None:
    source = FakeSource(100_000)
    model = EntryTableModel(source, EntryQuery(area_id=1))
    view = EntryTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.resize(900, 600)
    view.show()
    qtbot.waitExposed(view)
    qtbot.waitUntil(lambda: len(source.row_calls) >= 1)

    assert {call for call in source.row_calls} == {(0, PAGE_SIZE)}
    view.scrollToBottom()
    qtbot.waitUntil(lambda: (99_800, PAGE_SIZE) in source.row_calls)
    assert all(limit == PAGE_SIZE for _offset, limit in source.row_calls)
    assert len(set(source.row_calls)) <= 3
