"""The 统计 tab as a clerk uses it: look, edit elsewhere, come back, click a bar, export."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtCore import QPointF, Qt

from wenming_desktop.actions.changes import Changed
from wenming_desktop.books.draft import EntryDraft
from wenming_desktop.charts.spec import area_color
from wenming_desktop.gui.main_window import MainWindow
from wenming_desktop.ledger import Ledger


@pytest.fixture
def window(qtbot, sample_ledger: Ledger) -> MainWindow:
    shown = MainWindow(sample_ledger)
    qtbot.addWidget(shown)
    shown.resize(1280, 900)
    shown.show()
    qtbot.waitExposed(shown)
    return shown


def open_stats(qtbot, window: MainWindow):
    bar = window.ui.tabs.tabBar()
    index = window.ui.tabs.indexOf(window.stats_tab)
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(index).center())
    qtbot.waitUntil(lambda: window.stats_tab.stats is not None)
    return window.stats_tab


def test_the_tab_is_built_when_first_shown(qtbot, window: MainWindow) -> None:
    assert window.stats_tab.charts == {}  # nothing drawn (nor pyqtgraph loaded) at start
    tab = open_stats(qtbot, window)
    assert set(tab.charts) == {"area", "people", "month", "hours", "compare"}
    assert tab.year() == 2019
    assert tab.charts["area"].title.text() == "2019年各板块活动次数"
    assert tab.totals.text().startswith("2019年共开展活动 43 次")
    assert tab.figures.rowCount() == 7  # six areas and 合计


def test_charts_show_the_same_counts_as_the_stats(
    qtbot, window: MainWindow, sample_ledger: Ledger
) -> None:
    tab = open_stats(qtbot, window)
    stats = sample_ledger.year_stats(2019)
    spec = tab.charts["area"].spec
    assert spec.series[0].values == tuple(float(f.entries) for _a, f in stats.areas)
    colours = {c.name() for c in tab.charts["area"].bar_colors()}
    assert colours == {area_color(a.id) for a, _f in stats.areas}
    totals = [tab.figures.data(tab.figures.index(row, 1)) for row in range(7)]
    assert totals == [str(f.entries) for _a, f in stats.areas] + [str(stats.total.entries)]


def test_every_figures_column_shows_its_whole_title(
    qtbot, configured_app, sample_ledger: Ledger
) -> None:
    window = MainWindow(sample_ledger)  # styled as the clerk sees it (padded header sections)
    qtbot.addWidget(window)
    window.resize(1280, 860)
    window.show()
    qtbot.waitExposed(window)
    tab = open_stats(qtbot, window)
    header = tab.table.horizontalHeader()
    for column in range(tab.figures.columnCount()):
        title = tab.figures.headerData(column, Qt.Orientation.Horizontal)
        assert header.sectionSize(column) >= header.sectionSizeHint(column), title


def test_an_edit_elsewhere_shows_when_coming_back(
    qtbot, window: MainWindow, sample_ledger: Ledger
) -> None:
    tab = open_stats(qtbot, window)
    before = tab.charts["area"].spec.series[0].values[0]
    window.ui.tabs.setCurrentIndex(0)
    area_id = window.area_tabs[0].area.id
    added = sample_ledger.entries.add(
        EntryDraft(area_id=area_id, date="2019-06-01", name="新增的专题会议")
    )
    window.events.publish(Changed.of_entries([added.id], [(area_id, 2019)]))
    open_stats(qtbot, window)
    assert tab.charts["area"].spec.series[0].values[0] == before + 1


def test_hover_shows_the_value_and_a_click_opens_the_area_for_that_month(
    qtbot, window: MainWindow
) -> None:
    tab = open_stats(qtbot, window)
    view = tab.charts["month"]
    qtbot.waitUntil(lambda: view.plot.isVisible())
    target = next(bar for bar in view._bars if bar.area_id is not None)
    centre = QPointF((target.x0 + target.x1) / 2, (target.y0 + target.y1) / 2)
    scene_point = view.plot.getPlotItem().vb.mapViewToScene(centre)
    assert view.bar_at(scene_point) == target
    on_screen = view.plot.mapFromScene(scene_point)
    qtbot.mouseClick(view.plot.viewport(), Qt.MouseButton.LeftButton, pos=on_screen)
    area_tab = window.current_tab()
    assert area_tab is not None and area_tab.area.id == target.area_id
    assert area_tab.selected_year() == 2019
    assert area_tab.month_combo.currentData() == target.category_key
    rows = [area_tab.model.row_at(r) for r in range(area_tab.model.rowCount())]
    assert rows and all(row.date.month == target.category_key for row in rows)
    assert len(rows) == target.y1 - target.y0


def test_export_a_chart_as_png(qtbot, window: MainWindow, tmp_path: Path) -> None:
    tab = open_stats(qtbot, window)
    done: list[str] = []
    tab.status_message.connect(done.append)
    target = tmp_path / "各板块.png"
    tab.export_chart_to(tab.charts["area"].spec, target)
    qtbot.waitUntil(lambda: bool(done), timeout=20_000)
    assert Image.open(target).size == (2400, 1500)


def test_export_the_report_pdf(qtbot, window: MainWindow, tmp_path: Path) -> None:
    tab = open_stats(qtbot, window)
    done: list[str] = []
    tab.status_message.connect(done.append)
    target = tmp_path / "统计表.pdf"
    tab.export_pdf_to(target)
    qtbot.waitUntil(lambda: bool(done), timeout=20_000)
    assert target.read_bytes().startswith(b"%PDF")


def test_choosing_another_year_follows_with_the_comparison(qtbot, window: MainWindow) -> None:
    tab = open_stats(qtbot, window)
    index = tab.year_combo.findData(2019)
    tab.year_combo.setCurrentIndex(index)
    tab.year_combo.activated.emit(index)
    assert tab.compare_combo.currentData() == 2018
    assert tab.charts["compare"].spec.title == "2019年与2018年各板块活动次数对比"
