"""One work area's tab: year, search box and the table of its entries.

A search lists the tab's own area; beside it :class:`OtherAreasHint` says how many
entries the other areas list for it (“其他板块还有 N 条”), a click going there, and
:class:`AllAreasSearch` (Ctrl+Shift+F) lists the hits of every area at once.
"""

from __future__ import annotations

import datetime as dt
import logging

from PySide6.QtCore import QItemSelectionModel, Qt, QThreadPool, QTimer, Signal
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from wenming_desktop.actions.changes import Changed
from wenming_desktop.books.query import MAX_SEARCH_CHARS, EntryQuery
from wenming_desktop.books.records import Area, ListingTotals
from wenming_desktop.gui.background import run_in_background
from wenming_desktop.gui.dialog_buttons import Standard, dialog_buttons
from wenming_desktop.gui.entry_model import (
    ROW_HEIGHT,
    EntrySource,
    EntryTableModel,
    all_areas_columns,
)
from wenming_desktop.gui.icons import icon
from wenming_desktop.store.search_index import search_terms

log = logging.getLogger(__name__)

ALL_YEARS = 0
SEARCH_DELAY_MS = 250
#: The link-like buttons of the hint: no frame, the colour and underline of a link.
LINK_STYLE = (
    "QPushButton { border: none; padding: 0 2px; color: #0b62c4; text-decoration: underline; }"
    "QPushButton:hover { color: #084a94; }"
)


class EntryTableView(QTableView):
    """A read-only table where Enter opens the current row, like a double-click."""

    open_requested = Signal(int)  # row

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.setSortingEnabled(True)
        self.setWordWrap(False)
        self.verticalHeader().setDefaultSectionSize(ROW_HEIGHT)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.horizontalHeader().setHighlightSections(False)
        self.doubleClicked.connect(lambda index: self.open_requested.emit(index.row()))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.open_requested.emit(self.currentIndex().row())
            return
        super().keyPressEvent(event)

    def selected_rows(self) -> list[int]:
        return sorted(index.row() for index in self.selectionModel().selectedRows())


class OtherAreasHint(QWidget):
    """“其他板块还有 12 条：法治建设 9 条 志愿服务 3 条” — each area a link to go there."""

    area_chosen = Signal(int)  # area id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = QLabel()
        self.label.setStyleSheet("color: #5b6673;")
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(4)
        self._layout.addWidget(self.label)
        self._buttons: list[QPushButton] = []
        self.hide()

    def show_counts(self, counts: dict[int, int], names: dict[int, str]) -> None:
        """``counts``: hits per other area (by id), listed in ``names``' order."""
        for button in self._buttons:
            self._layout.removeWidget(button)
            button.deleteLater()
        self._buttons = []
        listed = [(area_id, counts[area_id]) for area_id in names if counts.get(area_id)]
        if not listed:
            self.hide()
            return
        self.label.setText(f"其他板块还有 {sum(count for _a, count in listed)} 条：")
        for area_id, count in listed:
            button = QPushButton(f"{names[area_id]} {count} 条")
            button.setStyleSheet(LINK_STYLE)
            button.setCursor(Qt.CursorShape.PointingHandCursor)
            button.setToolTip(f"转到“{names[area_id]}”板块，列出这 {count} 条")
            button.clicked.connect(
                lambda _checked=False, chosen=area_id: self.area_chosen.emit(chosen)
            )
            self._layout.addWidget(button)
            self._buttons.append(button)
        self.show()

    def buttons(self) -> list[QPushButton]:
        return list(self._buttons)


class AreaTab(QWidget):
    """Shows the entries of one area; asks the main window to open or delete them."""

    open_entry = Signal(int)  # entry id
    totals_changed = Signal(object)  # ListingTotals
    selection_changed = Signal()

    def __init__(
        self, area: Area, source: EntrySource, years: list[int], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.area = area
        self._source = source
        self._year_picked = False  # the clerk chose a year in the combo box
        # Read when first shown (and again when the ledger changed while hidden): the
        # window starts without reading the five tabs the clerk is not looking at.
        self._stale = True
        self._hint_generation = 0  # counts of other areas still coming for older searches
        self._hint_query: EntryQuery | None = None  # what the hint counts (None: nothing)

        self.year_combo = QComboBox()
        self.year_combo.setMinimumContentsLength(8)
        self.month_combo = QComboBox()
        self.month_combo.addItem("全年", 0)
        for month in range(1, 13):
            self.month_combo.addItem(f"{month}月", month)
        self.search_edit = QLineEdit()
        self.search_edit.setPlaceholderText("查找活动名称、内容、地点……")
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setMaxLength(MAX_SEARCH_CHARS)
        self.search_edit.addAction(icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        self.search_edit.setMaximumWidth(360)

        bar = QHBoxLayout()
        bar.addWidget(QLabel("年份"))
        bar.addWidget(self.year_combo)
        bar.addWidget(self.month_combo)
        bar.addSpacing(16)
        bar.addWidget(self.search_edit, 1)
        self.other_areas = OtherAreasHint()
        self.other_areas.area_chosen.connect(self._go_to_area)
        bar.addWidget(self.other_areas)
        bar.addStretch(1)
        self.heading_label = QLabel()
        self.heading_label.setStyleSheet("color: #5b6673;")
        bar.addWidget(self.heading_label)

        self.table = EntryTableView()
        self._fill_years(years, preferred=years[0] if years else dt.date.today().year)
        self.model = EntryTableModel(
            source, EntryQuery(area_id=area.id, year=self.selected_year()), load=False
        )
        self.table.setModel(self.model)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        for column, width in enumerate((150, 320, 80, 160, 140, 80, 80, 50)):
            self.table.setColumnWidth(column, width)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 6, 4, 4)
        layout.addLayout(bar)
        layout.addWidget(self.table)

        self._search_timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self._apply_filters)
        self.search_edit.textChanged.connect(self._search_timer.start)
        self.search_edit.returnPressed.connect(self._apply_filters)
        self.year_combo.currentIndexChanged.connect(self._apply_filters)
        self.year_combo.activated.connect(self._year_activated)
        self.month_combo.currentIndexChanged.connect(self._apply_filters)
        self.table.open_requested.connect(self._open_row)
        self.table.selectionModel().selectionChanged.connect(self.selection_changed)
        self.model.modelReset.connect(lambda: self.totals_changed.emit(self.model.totals))
        self.model.totals_updated.connect(lambda: self.totals_changed.emit(self.model.totals))
        self.set_area(area)

    # -- set up ------------------------------------------------------------------
    def set_area(self, area: Area) -> None:
        self.area = area
        self.heading_label.setText(area.heading)

    def set_years(self, years: list[int]) -> None:
        """Offer the years that have entries (and this year).

        A year the clerk picked is kept; until then the newest year with entries is shown.
        """
        if self._year_picked:
            preferred = self.selected_year()
        else:
            preferred = years[0] if years else dt.date.today().year
        self._fill_years(years, preferred=preferred)
        self._apply_filters()

    def _fill_years(self, years: list[int], preferred: int | None) -> None:
        this_year = dt.date.today().year
        self.year_combo.blockSignals(True)
        self.year_combo.clear()
        for year in sorted(set(years) | {this_year}, reverse=True):
            self.year_combo.addItem(f"{year}年", year)
        self.year_combo.addItem("全部年份", ALL_YEARS)
        position = self.year_combo.findData(ALL_YEARS if preferred is None else preferred)
        self.year_combo.setCurrentIndex(max(position, 0))
        self.year_combo.blockSignals(False)

    def _year_activated(self) -> None:
        self._year_picked = True

    def show_period(self, year: int, month: int | None = None) -> None:
        """List one year (and month), as when the clerk clicks a bar of a chart."""
        self.show_search(self.search_edit.text(), year, month)

    def selected_year(self) -> int | None:
        year = self.year_combo.currentData()
        return None if year in (None, ALL_YEARS) else int(year)

    def offered_years(self) -> list[int]:
        """The years the year box offers, newest first (全部年份 left out)."""
        found = (self.year_combo.itemData(i) for i in range(self.year_combo.count()))
        return [int(year) for year in found if year not in (None, ALL_YEARS)]

    # -- behaviour ----------------------------------------------------------------
    def _apply_filters(self) -> None:
        self._search_timer.stop()
        year = self.selected_year()
        month = self.month_combo.currentData() or None
        self.month_combo.setEnabled(year is not None)
        query = self.model.query.with_(
            area_id=self.area.id,
            year=year,
            month=month if year is not None else None,
            text=self.search_edit.text().strip(),
        )
        if query == self.model.query:
            self.totals_changed.emit(self.model.totals)
        else:
            if not self.isVisible():
                self.model.set_query_later(query)
                self._stale = True
            else:
                self.model.set_query(query)
            # Another year or search starts at its first row, not where the last listing
            # was scrolled to (after Ctrl+End that would be the end of the new hits).
            self.table.scrollToTop()
        self._count_other_areas()

    def _count_other_areas(self) -> None:
        """Count the other areas' hits on a worker, after the first screen of this one's:
        the hint follows the rows (it never holds them up)."""
        self._hint_generation += 1
        query = self.model.query
        if query != self._hint_query:  # the counts shown are another search's
            self.other_areas.show_counts({}, {})
        if not search_terms(query.text) or not self.isVisible():
            self._hint_query = None
            return
        self._hint_query = query
        generation, source = self._hint_generation, self._source

        def arrived(counts: dict[int, int]) -> None:
            if generation == self._hint_generation:
                names = {tab.area.id: tab.area.short_name for tab in self._sibling_tabs()}
                names.pop(self.area.id, None)
                self.other_areas.show_counts(counts, names)

        def failed(error: Exception, _details: str) -> None:
            log.warning("Counting the other areas' hits failed: %s", error)

        def start() -> None:
            if generation == self._hint_generation:  # no newer search meanwhile
                run_in_background(
                    lambda: source.area_counts(query),
                    arrived,
                    failed,
                    owner=self,
                    pool=QThreadPool.globalInstance(),
                )

        QTimer.singleShot(0, self, start)  # once this search's first screen is painted

    def _sibling_tabs(self) -> list[AreaTab]:
        """The area tabs of the tab widget this tab is in (itself included)."""
        tabs = _tab_widget_of(self)
        if tabs is None:
            return [self]
        return area_tabs(tabs)

    def _go_to_area(self, area_id: int) -> None:
        tabs = _tab_widget_of(self)
        if tabs is not None:
            show_in_area(
                tabs,
                area_id,
                self.search_edit.text().strip(),
                self.selected_year(),
                self.month_combo.currentData() or None,
            )

    def show_search(self, text: str, year: int | None, month: int | None = None) -> None:
        """List a search in ``year`` (None: 全部年份) and month, as another tab's hint or
        the search of every area asks."""
        self._year_picked = True
        if year is not None and year not in self.offered_years():
            self._fill_years([*self.offered_years(), year], preferred=year)
        for combo, value in ((self.month_combo, month or 0), (self.year_combo, year or ALL_YEARS)):
            combo.blockSignals(True)
            combo.setCurrentIndex(max(combo.findData(value), 0))
            combo.blockSignals(False)
        self.search_edit.blockSignals(True)
        self.search_edit.setText(text)
        self.search_edit.blockSignals(False)
        self._apply_filters()

    def refresh(self) -> None:
        """Re-read after the ledger changed; a hidden tab waits until it is shown."""
        if not self.isVisible():
            self._stale = True
            return
        self._stale = False
        selected = self.selected_entry_ids()
        self.model.reload()
        self.select_entries(selected)
        self._count_other_areas()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.refresh()
        else:
            self._count_other_areas()  # the other areas may have changed meanwhile

    def focus_search(self) -> None:
        self.search_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_edit.selectAll()

    def _open_row(self, row: int) -> None:
        entry_id = self.model.entry_id(row)
        if entry_id is not None:
            self.open_entry.emit(entry_id)

    def selected_entry_ids(self) -> list[int]:
        ids = (self.model.entry_id(row) for row in self.table.selected_rows())
        return [entry_id for entry_id in ids if entry_id is not None]

    def select_entries(self, entry_ids: list[int]) -> None:
        selection = self.table.selectionModel()
        first = True
        for entry_id in entry_ids:
            row = self.model.row_of(entry_id)
            if row is None:
                continue
            index = self.model.index(row, 0)
            flags = (
                QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
            )
            if first:
                self.table.setCurrentIndex(index)
                flags |= QItemSelectionModel.SelectionFlag.Clear
                first = False
            selection.select(index, flags)
            self.table.scrollTo(index)

    @property
    def totals(self) -> ListingTotals:
        return self.model.totals


def _tab_widget_of(widget: QWidget) -> QTabWidget | None:
    parent = widget.parentWidget()
    while parent is not None and not isinstance(parent, QTabWidget):
        parent = parent.parentWidget()
    return parent


def area_tabs(tabs: QTabWidget) -> list[AreaTab]:
    """The area tabs of ``tabs``, in the order they are shown."""
    found = (tabs.widget(index) for index in range(tabs.count()))
    return [tab for tab in found if isinstance(tab, AreaTab)]


def show_in_area(
    tabs: QTabWidget,
    area_id: int,
    text: str,
    year: int | None,
    month: int | None = None,
    entry_id: int | None = None,
) -> AreaTab | None:
    """Go to the tab of ``area_id`` listing the search ``text`` in ``year`` (and month),
    with ``entry_id`` selected if given."""
    tab = next((tab for tab in area_tabs(tabs) if tab.area.id == area_id), None)
    if tab is None:
        return None
    tab.show_search(text, year, month)
    tabs.setCurrentWidget(tab)  # shown: reads what it was told while hidden
    if entry_id is not None:
        tab.select_entries([entry_id])
    tab.table.setFocus(Qt.FocusReason.OtherFocusReason)
    return tab


FIND_EVERYWHERE = "在全部板块中查找…"


def find_everywhere_action(parent: QWidget) -> QAction:
    """The menu action that opens :class:`AllAreasSearch` (Ctrl+Shift+F)."""
    action = QAction(icon("search"), FIND_EVERYWHERE, parent)
    action.setShortcut(QKeySequence("Ctrl+Shift+F"))
    action.setStatusTip("在所有工作板块中查找记录")
    return action


class AllAreasSearch(QDialog):
    """Search every work area at once (Ctrl+Shift+F): the hits with their area; Enter or
    a double-click goes to the entry in its area's tab."""

    def __init__(self, source: EntrySource, tabs: QTabWidget, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("在全部板块中查找")
        self.resize(960, 560)
        self._tabs = tabs
        self._area_names: dict[int, str] = {}
        self.search_edit = QLineEdit()
        self.search_edit.setPlaceholderText("在全部板块中查找活动名称、内容、地点……")
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setMaxLength(MAX_SEARCH_CHARS)
        self.search_edit.addAction(icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        self.year_combo = QComboBox()
        self.year_combo.setMinimumContentsLength(8)
        self.model = EntryTableModel(
            source,
            EntryQuery(),
            all_areas_columns(lambda area_id: self._area_names.get(area_id, "")),
            self,
            load=False,
        )
        self.table = EntryTableView()
        self.table.setModel(self.model)
        self.table.sortByColumn(1, Qt.SortOrder.AscendingOrder)
        header = self.table.horizontalHeader()
        for column, width in enumerate((90, 150, 300, 80, 200, 80)):
            self.table.setColumnWidth(column, width)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.summary = QLabel()

        bar = QHBoxLayout()
        bar.addWidget(self.search_edit, 1)
        bar.addWidget(QLabel("年份"))
        bar.addWidget(self.year_combo)
        buttons = dialog_buttons(self, Standard.Close)
        self.go_button = QPushButton("转到所在板块")
        buttons.addButton(self.go_button, QDialogButtonBox.ButtonRole.ActionRole)
        for button in buttons.buttons():  # Enter in the search box searches; in the table
            if isinstance(button, QPushButton):  # it goes to the row (open_requested)
                button.setAutoDefault(False)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table)
        layout.addWidget(self.summary)
        layout.addWidget(buttons)

        self._search_timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.search)
        self.search_edit.textChanged.connect(self._search_timer.start)
        self.search_edit.returnPressed.connect(self.search)
        self.year_combo.currentIndexChanged.connect(self.search)
        self.go_button.clicked.connect(self.go_to_selected)
        self.table.open_requested.connect(lambda _row: self.go_to_selected())
        self.table.selectionModel().selectionChanged.connect(self._update)
        self.model.modelReset.connect(self._update)

    def start(self, text: str = "") -> None:
        """Show the dialog searching ``text`` (the current tab's search, say) in the areas
        and years the window now has."""
        tabs = area_tabs(self._tabs)
        self._area_names = {tab.area.id: tab.area.short_name for tab in tabs}
        years = tabs[0].offered_years() if tabs else []
        chosen = self.selected_year()
        self.year_combo.blockSignals(True)
        self.year_combo.clear()
        self.year_combo.addItem("全部年份", ALL_YEARS)
        for year in years:
            self.year_combo.addItem(f"{year}年", year)
        self.year_combo.setCurrentIndex(max(self.year_combo.findData(chosen or ALL_YEARS), 0))
        self.year_combo.blockSignals(False)
        if text:
            self.search_edit.blockSignals(True)
            self.search_edit.setText(text)
            self.search_edit.blockSignals(False)
        self.show()
        self.raise_()
        self.activateWindow()
        self.search_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_edit.selectAll()
        self.search(force=True)

    def selected_year(self) -> int | None:
        year = self.year_combo.currentData()
        return None if year in (None, ALL_YEARS) else int(year)

    def search(self, _index: int = 0, *, force: bool = False) -> None:
        self._search_timer.stop()
        query = self.model.query.with_(
            text=self.search_edit.text().strip(), year=self.selected_year()
        )
        if force or query != self.model.query:
            self.model.set_query_later(query)
            self.model.reload()
            self.table.scrollToTop()
            if self.model.rowCount():  # Tab, then Enter goes to the first hit
                self.table.selectRow(0)

    def entries_changed(self, _changed: Changed) -> None:
        """Any change may add hits or take them away (read again only while shown)."""
        if self.isVisible():
            self.search(force=True)

    def go_to_selected(self) -> None:
        rows = self.table.selected_rows() or [self.table.currentIndex().row()]
        entry = self.model.row_at(rows[0]) if rows and rows[0] >= 0 else None
        if entry is None:
            return
        show_in_area(
            self._tabs, entry.area_id, self.model.query.text, entry.date.year, entry_id=entry.id
        )
        self.accept()

    def _update(self) -> None:
        count = self.model.totals.count
        if not self.model.query.text:
            self.summary.setText(f"全部板块共 {count} 条记录")
        else:
            self.summary.setText(
                f"全部板块中找到 {count} 条记录" if count else "全部板块中都没有找到"
            )
        self.go_button.setEnabled(bool(self.table.selected_rows()))
