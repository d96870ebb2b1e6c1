"""One work area's tab: year, search box and the table of its entries."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QItemSelectionModel, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from wenming_desktop.books.query import MAX_SEARCH_CHARS, EntryQuery
from wenming_desktop.books.records import Area, ListingTotals
from wenming_desktop.gui.entry_model import ROW_HEIGHT, EntrySource, EntryTableModel
from wenming_desktop.gui.icons import icon

ALL_YEARS = 0
SEARCH_DELAY_MS = 250


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
        self._year_picked = True
        if self.year_combo.findData(year) < 0:
            offered = [self.year_combo.itemData(i) for i in range(self.year_combo.count())]
            self._fill_years([y for y in offered if y != ALL_YEARS] + [year], preferred=year)
        self.month_combo.blockSignals(True)
        self.month_combo.setCurrentIndex(self.month_combo.findData(month or 0))
        self.month_combo.blockSignals(False)
        self.year_combo.setCurrentIndex(self.year_combo.findData(year))
        self._apply_filters()

    def selected_year(self) -> int | None:
        year = self.year_combo.currentData()
        return None if year in (None, ALL_YEARS) else int(year)

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

    def refresh(self) -> None:
        """Re-read after the ledger changed; a hidden tab waits until it is shown."""
        if not self.isVisible():
            self._stale = True
            return
        self._stale = False
        selected = self.selected_entry_ids()
        self.model.reload()
        self.select_entries(selected)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.refresh()

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
