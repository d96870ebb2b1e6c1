"""统计: how the year went, at a glance — charts, the figures table, the printed 统计表."""

from __future__ import annotations

import datetime as dt
import importlib
import logging
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QStandardPaths,
    Qt,
    Signal,
)
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from wenming_desktop.actions.changes import EVERYTHING, Changed
from wenming_desktop.books.stats import YearStats
from wenming_desktop.charts.spec import (
    ChartSpec,
    build_chart,
    change_text,
    comparison_year,
    figures_rows,
    has_records,
    number_text,
)
from wenming_desktop.gui import messages, operations
from wenming_desktop.ledger import Ledger

if TYPE_CHECKING:
    from wenming_desktop.gui.chart_view import ChartView

CHART_GRID = (("area", 0, 0), ("people", 0, 1), ("month", 1, 0), ("hours", 1, 1), ("compare", 2, 0))
CHART_MODULE = "wenming_desktop.gui.chart_view"

T = TypeVar("T")
log = logging.getLogger(__name__)


def preload_charts() -> threading.Thread:
    """Import the chart widgets — pyqtgraph and numpy, ≈ 0.3 s — on a worker thread.

    The first opening of the 统计 tab then only builds its charts (0.15 s instead of
    0.45–0.55 s). Importing creates no Qt object; should the tab be opened meanwhile, its
    own import waits for this one to finish.
    """

    def load() -> None:
        try:
            importlib.import_module(CHART_MODULE)
        except Exception:  # the tab's own import will report it
            log.warning("Preloading the charts failed", exc_info=True)

    thread = threading.Thread(target=load, name="preload-charts", daemon=True)
    thread.start()
    return thread


_Index = QModelIndex | QPersistentModelIndex
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


class FiguresModel(QAbstractTableModel):
    """The year's figures per area, with a 合计 row (and the change against another year,
    when that year has records) — written as the printed 统计表 writes them."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[tuple[str, int, int, float, int | None]] = []
        self._other_year: int | None = None

    def set_stats(self, stats: YearStats, other: YearStats | None) -> None:
        self.beginResetModel()
        other = other if has_records(other) else None
        theirs = {a.id: f.entries for a, f in other.areas} if other else {}
        self._other_year = other.year if other else None
        self._rows = []
        for area, figures in figures_rows(stats):
            before = (
                (other.total.entries if area is None else theirs.get(area.id, 0)) if other else None
            )
            change = None if before is None else figures.entries - before
            name = area.short_name if area else "合计"
            self._rows.append(
                (name, figures.entries, figures.participants, figures.volunteer_hours, change)
            )
        self.endResetModel()

    def headers(self) -> list[str]:
        base = ["工作板块", "活动次数", "参与人次", "志愿服务时长（小时）"]
        return base + ([f"较{self._other_year}年"] if self._other_year else [])

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers())

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.headers()[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            name, entries, people, hours, change = row
            if column == 0:
                return name
            if column == 4:
                return change_text(change or 0)
            return number_text((entries, people, hours)[column - 1])
        if role == Qt.ItemDataRole.TextAlignmentRole and column > 0:
            return _RIGHT
        if role == Qt.ItemDataRole.FontRole and row[0] == "合计":
            from PySide6.QtGui import QFont

            font = QFont()
            font.setBold(True)
            return font
        return None


class StatsTab(QWidget):
    #: (area id, year, month or 0): open that area's tab filtered to the period.
    open_period = Signal(int, int, int)
    status_message = Signal(str)

    def __init__(self, ledger: Ledger, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ledger = ledger
        self._stale = True
        self._year_picked = False
        self._compare_picked = False  # else the comparison follows the year (see _fill_years)
        self._years: set[int] = set()  # the years with entries when the lists were filled
        self.stats: YearStats | None = None
        self.other: YearStats | None = None

        self.year_combo = QComboBox()
        self.compare_combo = QComboBox()
        self.totals = QLabel()
        self.pdf_button = QPushButton("导出统计表 PDF…")
        self.print_button = QPushButton("打印统计表…")
        bar = QHBoxLayout()
        bar.addWidget(QLabel("年份"))
        bar.addWidget(self.year_combo)
        bar.addSpacing(12)
        bar.addWidget(QLabel("对比年份"))
        bar.addWidget(self.compare_combo)
        bar.addSpacing(16)
        bar.addWidget(self.totals, 1)
        bar.addWidget(self.print_button)
        bar.addWidget(self.pdf_button)

        self.charts: dict[str, ChartView] = {}
        self.figures = FiguresModel(self)
        self.table = QTableView()
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(4, 6, 4, 4)
        self._layout.addLayout(bar)

        self.year_combo.activated.connect(self._year_activated)
        self.compare_combo.activated.connect(self._compare_activated)
        self.year_combo.currentIndexChanged.connect(self.refresh)
        self.compare_combo.currentIndexChanged.connect(self.refresh)
        self.pdf_button.clicked.connect(self.export_pdf)
        self.print_button.clicked.connect(self.print_report)
        self._fill_years()

    def _build_charts(self) -> None:
        """Create the chart widgets the first time the tab is shown (pyqtgraph loads then)."""
        from wenming_desktop.gui.chart_view import ChartView

        grid = QGridLayout()
        for kind, row, column in CHART_GRID:
            view = ChartView()
            view.bar_clicked.connect(
                lambda key, area, kind=kind: self._bar_clicked(kind, key, area)
            )
            view.export_requested.connect(self.export_chart)
            self.charts[kind] = view
            grid.addWidget(view, row, column)
        self.table.setModel(self.figures)
        self.table.verticalHeader().hide()
        # Each column as wide as its title or figures (“志愿服务时长（小时）” was cut off when
        # all were stretched to the same width); the last one takes what is left.
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.table.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.table.setMinimumHeight(230)
        grid.addWidget(self.table, 2, 1)
        holder = QWidget()
        holder.setLayout(grid)
        scroll = QScrollArea()
        scroll.setWidget(holder)
        scroll.setWidgetResizable(True)
        self._layout.addWidget(scroll, 1)

    # -- years -----------------------------------------------------------------------
    def _fill_years(self, years: list[int] | None = None) -> None:
        years = self._ledger.entries.years() if years is None else years
        self._years = set(years)
        this_year = dt.date.today().year
        picked = self.year() if self._year_picked else None
        current = picked if picked is not None else (years[0] if years else this_year)
        choices = sorted(set(years) | {this_year, current}, reverse=True)
        for combo in (self.year_combo, self.compare_combo):
            combo.blockSignals(True)
        compare = self.compare_combo.currentData()
        self.year_combo.clear()
        self.compare_combo.clear()
        for year in choices:
            self.year_combo.addItem(f"{year}年", year)
        self.year_combo.setCurrentIndex(max(self.year_combo.findData(current), 0))
        for year in sorted(set(choices) | {current - 1}, reverse=True):
            self.compare_combo.addItem(f"{year}年", year)
        wanted = compare if self._compare_picked and compare is not None else None
        if wanted is None:
            wanted = self._default_comparison(current)
        self.compare_combo.setCurrentIndex(max(self.compare_combo.findData(wanted), 0))
        for combo in (self.year_combo, self.compare_combo):
            combo.blockSignals(False)

    def _default_comparison(self, year: int) -> int:
        """The latest earlier year with records (as the printed 统计表 compares), else the
        year before."""
        found = comparison_year(year, self._years)
        return year - 1 if found is None else found

    def _year_activated(self) -> None:
        self._year_picked = True
        self._compare_picked = False
        year = self.year()
        if year is not None:  # follow with the comparison: the latest earlier year kept
            wanted = self._default_comparison(year)
            self.compare_combo.setCurrentIndex(max(self.compare_combo.findData(wanted), 0))

    def _compare_activated(self) -> None:
        self._compare_picked = True

    def year(self) -> int | None:
        data = self.year_combo.currentData()
        return int(data) if data is not None else None

    # -- refreshing --------------------------------------------------------------------
    def ledger_changed(self, changed: Changed = EVERYTHING) -> None:
        """The ledger changed: if in a year shown (or the areas), redraw now if visible,
        else when shown; otherwise only offer a year that appeared (or went)."""
        if not self._touches_shown(changed):
            self._update_years()
            return
        self._stale = True
        if self.isVisible():
            self._fill_years()
            self.refresh()

    def _touches_shown(self, changed: Changed) -> bool:
        if changed.years is None or changed.areas_edited or changed.ledger_replaced:
            return True
        shown = {self.year(), self.compare_combo.currentData()}
        return bool(shown & changed.years)

    def _update_years(self) -> None:
        """A change in a year not shown: the charts stay; the year lists follow, unless
        the year shown is the newest and the clerk did not pick it — then a newer year
        with entries is what the tab shows (and redraws)."""
        years = self._ledger.entries.years()
        if set(years) == self._years:
            return
        if not self._year_picked and years and years[0] != self.year():
            self._stale = True
            if self.isVisible():
                self._fill_years(years)
                self.refresh()
            return
        self._fill_years(years)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self.charts:
            self._build_charts()
        if self._stale:
            self._fill_years()
            self.refresh()

    def refresh(self) -> None:
        year, other = self.year(), self.compare_combo.currentData()
        if year is None or not self.isVisible() or not self.charts:
            self._stale = True
            return
        self._stale = False
        self.stats = self._ledger.year_stats(year)
        self.other = self._ledger.year_stats(int(other)) if other is not None else None
        for kind, view in self.charts.items():
            view.show_spec(build_chart(kind, self.stats, self.other))
        self.figures.set_stats(self.stats, self.other)
        total = self.stats.total
        text = (
            f"{year}年共开展活动 {number_text(total.entries)} 次，"
            f"参与 {number_text(total.participants)} 人次"
        )
        if total.volunteer_hours:
            text += f"，志愿服务 {number_text(total.volunteer_hours)} 小时"
        self.totals.setText(text)

    def _bar_clicked(self, kind: str, key: int, area_id: int | None) -> None:
        if self.stats is None:
            return
        if kind in ("area", "people", "compare"):
            self.open_period.emit(key, self.stats.year, 0)
        elif area_id is not None:  # a segment of the stacked month chart
            self.open_period.emit(area_id, self.stats.year, key)

    # -- output -------------------------------------------------------------------------
    def _ask_target(self, title: str, name: str, kind: str) -> Path | None:
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        chosen, _filter = QFileDialog.getSaveFileName(self, title, str(Path(folder) / name), kind)
        if not chosen:
            return None
        target = Path(chosen)
        suffix = ".png" if "png" in kind else ".pdf"
        return target if target.suffix.lower() == suffix else target.with_name(target.name + suffix)

    def _exported(self, path: Path, what: str) -> None:
        self.status_message.emit(f"已导出{what}：{path}")
        messages.saved(self, "已导出", f"已导出{what}：{path}", path)

    def export_chart(self, spec: ChartSpec) -> None:
        target = self._ask_target("导出图片", f"{spec.title}.png", "PNG 图片 (*.png)")
        if target is not None:
            self.export_chart_to(spec, target)

    def export_chart_to(self, spec: ChartSpec, target: Path) -> None:
        from wenming_desktop.actions.statistics import noted_chart, print_fonts
        from wenming_desktop.charts.export import write_chart_png

        ledger = self._ledger
        operations.run(
            self,
            "导出图片",
            lambda: write_chart_png(noted_chart(ledger, spec), target, fonts=print_fonts(ledger)),
            lambda path: self._exported(path, "图片"),
        )

    def _shown_years(self) -> tuple[int, int | None] | None:
        """The year shown and the one it is compared with, or None before any is shown."""
        if self.stats is None:
            return None
        return self.stats.year, self.other.year if self.other is not None else None

    def export_pdf(self) -> None:
        shown = self._shown_years()
        if shown is None:
            return
        unit = self._ledger.settings.load().unit_name
        title = f"{unit}{shown[0]}年精神文明建设工作统计表"
        target = self._ask_target("导出统计表", f"{title}.pdf", "PDF 文件 (*.pdf)")
        if target is not None:
            self.export_pdf_to(target)

    def export_pdf_to(self, target: Path) -> None:
        from wenming_desktop.actions.statistics import export_stats_report

        self._on_shown_years(
            "导出统计表",
            lambda ledger, year, against: export_stats_report(
                ledger, year, target, against=against
            ),
            lambda path: self._exported(path, "统计表"),
        )

    def print_report(self) -> None:
        from wenming_desktop.actions.statistics import stats_report_pdf
        from wenming_desktop.gui.printing import print_pdf

        self._on_shown_years(
            "生成统计表",
            lambda ledger, year, against: stats_report_pdf(ledger, year, against=against),
            lambda made: print_pdf(self, made[0], made[1]),
            failure_title="无法打印",
        )

    def _on_shown_years(
        self,
        name: str,
        work: Callable[[Ledger, int, int | None], T],
        on_success: Callable[[T], object],
        failure_title: str | None = None,
    ) -> None:
        """Run ``work`` on the years shown (nothing before any is shown)."""
        shown = self._shown_years()
        if shown is None:
            return
        ledger, (year, against) = self._ledger, shown
        operations.run(
            self,
            name,
            lambda: work(ledger, year, against),
            on_success,
            failure_title=failure_title,
        )
