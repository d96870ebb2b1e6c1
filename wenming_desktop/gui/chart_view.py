"""One chart on screen (pyqtgraph), drawn from a ChartSpec: hover shows values, a click
on a bar asks to open the area's entries, right-click or the button exports a PNG."""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Any

import pyqtgraph as pg
from PySide6.QtCore import QPoint, QPointF, Qt, Signal
from PySide6.QtGui import QColor, QCursor, QFont
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QMenu,
    QToolButton,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from wenming_desktop.charts.drawing import nice_maximum
from wenming_desktop.charts.spec import ChartSpec, number_text
from wenming_desktop.gui.icons import icon

pg.setConfigOptions(background="w", foreground="#2b2f33", antialias=True)


@dataclass(frozen=True, slots=True)
class Bar:
    x0: float
    x1: float
    y0: float
    y1: float
    text: str
    category_key: int
    area_id: int | None


class ChartView(QFrame):
    #: (category key, area id or None): the clerk clicked a bar.
    bar_clicked = Signal(int, object)
    export_requested = Signal(object)  # ChartSpec

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.spec: ChartSpec | None = None
        self._bars: list[Bar] = []
        self.title = QLabel()
        title_font = QFont(self.title.font())
        title_font.setBold(True)
        title_font.setPointSizeF(title_font.pointSizeF() * 1.1)
        self.title.setFont(title_font)
        self.export_button = QToolButton()
        self.export_button.setText("导出图片…")
        self.export_button.setToolTip("把这张图导出为 PNG 图片（打印分辨率）")
        self.export_button.setIcon(icon("open"))
        self.export_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.export_button.setAutoRaise(True)
        self.export_button.clicked.connect(
            lambda: self.spec and self.export_requested.emit(self.spec)
        )
        header = QHBoxLayout()
        header.addWidget(self.title, 1)
        header.addWidget(self.export_button)

        self.plot = pg.PlotWidget()
        item = self.plot.getPlotItem()
        item.setMenuEnabled(False)  # pyqtgraph's own menu is English and lets the axes drift
        item.hideButtons()
        item.setMouseEnabled(x=False, y=False)
        item.showGrid(x=False, y=True, alpha=0.25)
        # The legend is a plain label row: pyqtgraph's LegendItem crashed PySide6 6.12 when
        # repainted after a redraw (a reference-count error in its bar-sample painting).
        self.legend = QLabel()
        self.legend.setTextFormat(Qt.TextFormat.RichText)
        self.plot.setMinimumHeight(230)
        self.setMaximumHeight(380)  # two rows of charts on a 768-pixel screen
        self.plot.setMouseTracking(True)
        self.plot.scene().sigMouseMoved.connect(self._hover)
        self.plot.scene().sigMouseClicked.connect(self._click)
        self.plot.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.plot.customContextMenuRequested.connect(self._menu)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 8)
        layout.addLayout(header)
        layout.addWidget(self.legend)
        layout.addWidget(self.plot, 1)

    # -- drawing --------------------------------------------------------------------
    def show_spec(self, spec: ChartSpec) -> None:
        self.spec = spec
        self.title.setText(spec.title)
        item = self.plot.getPlotItem()
        item.clear()
        self._bars = []
        self.legend.setText(
            "　".join(
                f'<span style="color:{color}; font-size:14px;">■</span>&nbsp;{html.escape(name)}'
                for color, name in spec.legend
            )
        )
        self.legend.setVisible(bool(spec.legend))
        count = len(spec.categories)
        item.getAxis("bottom").setTicks([[(i, name) for i, name in enumerate(spec.categories)]])
        item.getAxis("left").setLabel(spec.value_label)
        if spec.stacked:
            self._draw_stacked(spec)
        else:
            self._draw_grouped(spec)
        tops = spec.totals() if spec.stacked else [v for s in spec.series for v in s.values]
        top, step = nice_maximum(max(tops or [0]))
        item.getAxis("left").setTickSpacing(step, step)  # the print's round steps, no minor grid
        item.setXRange(-0.6, count - 0.4, padding=0)
        item.setYRange(0, top * 1.1, padding=0)

    def _draw_grouped(self, spec: ChartSpec) -> None:
        groups = len(spec.series)
        width = 0.7 / groups
        for s_index, series in enumerate(spec.series):
            offset = (s_index - (groups - 1) / 2) * width
            xs = [i + offset for i in range(len(spec.categories))]
            bars = pg.BarGraphItem(
                x=xs,
                height=list(series.values),
                width=width * 0.92,
                brushes=[pg.mkBrush(c) for c in series.colors],
                pen=pg.mkPen(None),
                brush=pg.mkBrush(series.colors[0]),
            )
            self.plot.addItem(bars)
            for c_index, value in enumerate(series.values):
                x = xs[c_index]
                name = spec.categories[c_index]
                which = f"（{series.name}）" if groups > 1 else ""
                label = f"{name}{which}：{number_text(value)}{spec.unit}"
                self._bars.append(
                    Bar(
                        x - width / 2,
                        x + width / 2,
                        0,
                        value,
                        label,
                        spec.category_keys[c_index],
                        series.area_id,
                    )
                )
                if value:
                    text = pg.TextItem(number_text(value), color="#2b2f33", anchor=(0.5, 1.0))
                    text.setPos(x, value)
                    self.plot.addItem(text)

    def _draw_stacked(self, spec: ChartSpec) -> None:
        bottoms = [0.0] * len(spec.categories)
        for series in spec.series:
            bars = pg.BarGraphItem(
                x=list(range(len(spec.categories))),
                height=list(series.values),
                y0=list(bottoms),
                width=0.65,
                brush=pg.mkBrush(series.colors[0]),
                pen=pg.mkPen("w", width=0.5),
            )
            self.plot.addItem(bars)
            for index, value in enumerate(series.values):
                if value:
                    self._bars.append(
                        Bar(
                            index - 0.325,
                            index + 0.325,
                            bottoms[index],
                            bottoms[index] + value,
                            f"{spec.categories[index]} {series.name}："
                            f"{number_text(value)}{spec.unit}",
                            spec.category_keys[index],
                            series.area_id,
                        )
                    )
                bottoms[index] += value
        for index, total in enumerate(bottoms):
            if total:
                text = pg.TextItem(number_text(total), color="#2b2f33", anchor=(0.5, 1.0))
                text.setPos(index, total)
                self.plot.addItem(text)

    # -- interaction ------------------------------------------------------------------
    def bar_at(self, scene_pos: QPointF) -> Bar | None:
        point = self.plot.getPlotItem().vb.mapSceneToView(scene_pos)
        for bar in self._bars:
            if bar.x0 <= point.x() <= bar.x1 and bar.y0 <= point.y() <= max(bar.y1, bar.y0):
                return bar
        return None

    def _hover(self, scene_pos: QPointF) -> None:
        bar = self.bar_at(scene_pos)
        if bar is None:
            QToolTip.hideText()
            self.plot.setCursor(Qt.CursorShape.ArrowCursor)
            return
        opens = self.spec is not None and (bar.area_id is not None or not self.spec.by_month)
        hint = "\n单击查看这些记录" if opens else ""
        QToolTip.showText(QCursor.pos(), bar.text + hint, self.plot)
        self.plot.setCursor(Qt.CursorShape.PointingHandCursor)

    def _click(self, event: Any) -> None:  # pyqtgraph's MouseClickEvent (untyped)
        if event.button() != Qt.MouseButton.LeftButton:
            return
        bar = self.bar_at(event.scenePos())
        if bar is not None:
            self.bar_clicked.emit(bar.category_key, bar.area_id)

    def _menu(self, position: QPoint) -> None:
        if self.spec is None:
            return
        menu = QMenu(self)
        menu.addAction(
            icon("open"), "导出图片（PNG）…", lambda: self.export_requested.emit(self.spec)
        )
        menu.exec(self.plot.mapToGlobal(position))

    def bar_colors(self) -> list[QColor]:
        """The colours of the drawn bars (for tests and reviews)."""
        found = []
        for item in self.plot.getPlotItem().items:
            if isinstance(item, pg.BarGraphItem):
                brushes = item.opts.get("brushes") or [item.opts.get("brush")]
                found += [pg.mkBrush(b).color() for b in brushes]
        return found
