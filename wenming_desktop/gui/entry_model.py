"""The table of entries: a Qt model that reads one page of rows at a time.

Only the row count and the pages actually shown are read, so an area with
100,000 entries opens as fast as one with ten; sorting is done by the database.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol, cast

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSize,
    Qt,
    QThreadPool,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFontMetrics
from PySide6.QtWidgets import QApplication

from wenming_desktop.books.fields import LISTED_FIELDS, EntryField
from wenming_desktop.books.query import EntryQuery, SortKey
from wenming_desktop.books.records import EntryRow, ListingTotals
from wenming_desktop.gui.background import run_in_background

log = logging.getLogger(__name__)

PAGE_SIZE = 200
ROW_HEIGHT = 26  # the views use it as their fixed row height
ROW_NUMBER_PADDING = 16  # around the digits of a row number, as the style sheet pads them
MAX_CACHED_PAGES = 64
ENTRY_ID_ROLE = Qt.ItemDataRole.UserRole + 1

_Index = QModelIndex | QPersistentModelIndex
_ROW_ROLES = frozenset(
    {
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.ToolTipRole,
        Qt.ItemDataRole.TextAlignmentRole,
        Qt.ItemDataRole.ForegroundRole,
        ENTRY_ID_ROLE,
    }
)
_SAMPLE_INK = QBrush(QColor("#5b6673"))
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


class EntrySource(Protocol):
    def rows(
        self, query: EntryQuery, offset: int = 0, limit: int | None = None
    ) -> list[EntryRow]: ...

    def totals(self, query: EntryQuery) -> ListingTotals: ...

    def quick_count(self, query: EntryQuery) -> int | None: ...

    def position(self, query: EntryQuery, entry_id: int) -> int | None: ...

    def area_counts(self, query: EntryQuery) -> dict[int, int]: ...


@dataclass(frozen=True, slots=True)
class Column:
    title: str
    sort: SortKey
    text: Callable[[EntryRow], str]
    align_right: bool = False


def _date_text(row: EntryRow) -> str:
    if row.end_date and row.end_date != row.date:
        end = "%Y-%m-%d" if row.end_date.year != row.date.year else "%m-%d"
        return f"{row.date:%Y-%m-%d} 至 {row.end_date.strftime(end)}"
    return f"{row.date:%Y-%m-%d}"


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


#: How a listed field reads in a cell, where that is not its plain value.
_CELL_TEXT: dict[str, Callable[[EntryRow], str]] = {
    "date": _date_text,
    "name": lambda r: r.name + ("（示例）" if r.is_sample else ""),
}


def _field_column(field: EntryField) -> Column:
    numeric = field.kind in ("count", "hours")

    def plain(row: EntryRow) -> str:
        value = getattr(row, field.name)
        return _number(value) if numeric else str(value or "")

    text = _CELL_TEXT.get(field.name, plain)
    return Column(field.title, cast(SortKey, field.name), text, align_right=numeric)


#: An area's table: the listed fields (books/fields.py) but the end date, which the date
#: cell shows as a range, then the attachments' count.
AREA_COLUMNS: tuple[Column, ...] = (
    *(_field_column(field) for field in LISTED_FIELDS if field.name != "end_date"),
    Column("附件", "attachments", lambda r: str(r.attachment_count or ""), align_right=True),
)


def _area_column(area_names: Callable[[int], str]) -> Column:
    return Column("工作板块", "area", lambda r: area_names(r.area_id))


def all_areas_columns(area_names: Callable[[int], str]) -> tuple[Column, ...]:
    """A listing of every area (the search of all areas): the area, date, name, type,
    place and head count."""
    return (_area_column(area_names), *AREA_COLUMNS[:4], AREA_COLUMNS[5])


def trash_columns(area_names: Callable[[int], str]) -> tuple[Column, ...]:
    return (
        Column(
            "删除时间",
            "deleted_at",
            lambda r: f"{r.deleted_at:%Y-%m-%d %H:%M}" if r.deleted_at else "",
        ),
        _area_column(area_names),
        *AREA_COLUMNS[:2],
        AREA_COLUMNS[5],
    )


class EntryTableModel(QAbstractTableModel):
    #: The people/hours sums of a search arrived (after the rows were already shown).
    totals_updated = Signal()

    def __init__(
        self,
        source: EntrySource,
        query: EntryQuery,
        columns: tuple[Column, ...] = AREA_COLUMNS,
        parent: Any = None,
        *,
        load: bool = True,
    ) -> None:
        """``load=False`` leaves the model empty until the first :meth:`reload`."""
        super().__init__(parent)
        self._source = source
        self._columns = columns
        self._query = query
        self._totals = ListingTotals(0, 0, 0.0)
        self._pages: OrderedDict[int, list[EntryRow]] = OrderedDict()
        self._generation = 0
        self._summing = False
        self._measure_row_numbers()
        if load:
            self.reload()

    # -- what the view shows -------------------------------------------------------
    @property
    def query(self) -> EntryQuery:
        return self._query

    @property
    def totals(self) -> ListingTotals:
        return self._totals

    def set_query(self, query: EntryQuery) -> None:
        if query != self._query:
            self._query = query
            self.reload()

    def set_query_later(self, query: EntryQuery) -> None:
        """Remember the query without reading; the next :meth:`reload` uses it."""
        self._query = query
        self._generation += 1  # sums still coming for the old query are dropped
        self._summing = False

    def _measure_row_numbers(self) -> None:
        digits = len(str(max(self._totals.count, 1)))
        width = QFontMetrics(QApplication.font()).horizontalAdvance("0" * digits)
        self._row_number_size = QSize(width + ROW_NUMBER_PADDING, ROW_HEIGHT)

    def reload(self) -> None:
        """Re-read the count and drop cached pages (after any change to the ledger)."""
        self.beginResetModel()
        self._pages.clear()
        self._generation += 1
        self._summing = False
        count = self._source.quick_count(self._query)
        if count is None:
            self._totals = self._source.totals(self._query)
        elif count == 0:
            self._totals = ListingTotals(0, 0, 0.0)
        else:  # a search: its rows now, their people and hours as soon as they are added up
            # (reading every hit takes 10 ms for 3,000 and 60 ms for 64,000 among 100,000)
            self._totals = ListingTotals(count, 0, 0.0, summed=False)
            self._sum_later()
        self._measure_row_numbers()
        self.endResetModel()

    @property
    def summing(self) -> bool:
        """The people/hours of the listed entries are being added up on a worker."""
        return self._summing

    def _sum_later(self) -> None:
        generation, query, source = self._generation, self._query, self._source
        self._summing = True

        def arrived(totals: ListingTotals) -> None:
            if generation == self._generation:  # not for a query that has been replaced
                self._summing = False
                # The rows shown stay as counted (a write in between reloads the model).
                self._totals = ListingTotals(
                    self._totals.count, totals.participants, totals.volunteer_hours
                )
                self.totals_updated.emit()

        def failed(error: Exception, _details: str) -> None:
            log.warning("Adding up the listed entries failed: %s", error)
            if generation == self._generation:  # the count stays, without “正在合计”
                self._summing = False
                self.totals_updated.emit()

        run_in_background(
            lambda: source.totals(query),
            arrived,
            failed,
            owner=self,
            pool=QThreadPool.globalInstance(),
        )

    def row_at(self, row: int) -> EntryRow | None:
        if not 0 <= row < self._totals.count:
            return None
        number = row // PAGE_SIZE
        page = self._pages.get(number)
        if page is None:
            page = self._source.rows(self._query, number * PAGE_SIZE, PAGE_SIZE)
            self._pages[number] = page
            if len(self._pages) > MAX_CACHED_PAGES:
                self._pages.popitem(last=False)
        else:
            self._pages.move_to_end(number)
        offset = row % PAGE_SIZE
        return page[offset] if offset < len(page) else None

    def entry_id(self, row: int) -> int | None:
        found = self.row_at(row)
        return None if found is None else found.id

    def row_of(self, entry_id: int) -> int | None:
        """The row of an entry: from the cached pages, else asked of the database."""
        for number, page in self._pages.items():
            for offset, item in enumerate(page):
                if item.id == entry_id:
                    return number * PAGE_SIZE + offset
        return self._source.position(self._query, entry_id)

    # -- QAbstractTableModel ---------------------------------------------------------
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._totals.count

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Horizontal:
            if role == Qt.ItemDataRole.DisplayRole:
                return self._columns[section].title
            if role == Qt.ItemDataRole.TextAlignmentRole and self._columns[section].align_right:
                return _RIGHT
        elif role == Qt.ItemDataRole.DisplayRole:
            return str(section + 1)
        elif role == Qt.ItemDataRole.SizeHintRole:
            # Answered at once, the row numbers' header does not ask four more roles for
            # each of the first and last hundred rows after every reset (1,000 calls).
            return self._row_number_size
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # A repaint asks every visible cell for about eight roles; most are answered
        # without looking up the row at all.
        if role not in _ROW_ROLES or not index.isValid():
            return None
        column = self._columns[index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT if column.align_right else None
        row = self.row_at(index.row())
        if row is None:
            return None
        if role == ENTRY_ID_ROLE:
            return row.id
        if role == Qt.ItemDataRole.ForegroundRole:
            return _SAMPLE_INK if row.is_sample else None
        return column.text(row)  # DisplayRole, ToolTipRole

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if 0 <= column < len(self._columns):
            self.set_query(
                self._query.with_(
                    sort=self._columns[column].sort,
                    descending=order == Qt.SortOrder.DescendingOrder,
                )
            )
