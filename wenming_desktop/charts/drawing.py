"""A ChartSpec as a ReportLab vector drawing (for the 统计报表 PDF and exported PNGs)."""

from __future__ import annotations

import math

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors

from wenming_desktop.charts.spec import ChartSpec
from wenming_desktop.reports.fonts import FontSet

INK = colors.HexColor("#2b2f33")
NOTE_INK = colors.HexColor("#a52a21")
GRID = colors.HexColor("#d5d8dc")


def nice_maximum(value: float) -> tuple[float, float]:
    """A round axis maximum and step for ``value`` (10 → 10/2, 860 → 1000/200)."""
    if value <= 0:
        return 5.0, 1.0
    magnitude = 10 ** math.floor(math.log10(value))
    for factor in (1, 2, 2.5, 5, 10):
        step = factor * magnitude / 5
        top = math.ceil(value / step) * step
        if top / step <= 6:
            return float(top), float(step)
    return float(math.ceil(value / magnitude) * magnitude), float(magnitude)


def _number(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


def chart_drawing(spec: ChartSpec, fonts: FontSet, width: float, height: float) -> Drawing:
    """Draw ``spec`` in a ``width`` × ``height`` point box."""
    text_font = fonts["body"].font_name
    title_font = fonts["heading1"].font_name
    # Text never shrinks below ~7 pt: a half-page chart must still be readable on paper.
    scale = max(min(width / 400, height / 260), 0.82)
    title_size, label_size = 13 * scale, 8.5 * scale
    drawing = Drawing(width, height)
    # The renderer would otherwise start from Helvetica, a font never embedded.
    drawing.initialFontName, drawing.initialFontSize = text_font, label_size
    drawing.add(
        String(
            width / 2,
            height - title_size * 1.2,
            spec.title,
            fontName=title_font,
            fontSize=title_size,
            fillColor=INK,
            textAnchor="middle",
        )
    )

    legend_items = spec.legend
    room = width - 46 * scale - 8 * scale
    longest = max((len(name) for _c, name in legend_items), default=0)
    item_width = label_size * (longest + 3.2)
    per_row = max(1, min(len(legend_items), int(room // item_width))) if legend_items else 1
    legend_rows = math.ceil(len(legend_items) / per_row) if legend_items else 0
    legend_height = label_size * 1.7 * legend_rows
    # Category labels that do not fit their slot: months lose “月”, areas are set at a slant.
    slot = (width - 58 * scale) / max(len(spec.categories), 1)
    names = list(spec.categories)
    slanted = False
    if max((len(name) for name in names), default=0) * label_size > slot * 0.95:
        if spec.by_month:
            names = [name.removesuffix("月") for name in names]
        else:
            slanted = True
    label_room = (max(len(n) for n in names) * label_size * 0.5 + 6 * scale) if slanted else 0
    chart = VerticalBarChart()
    chart.x = 46 * scale
    chart.y = 30 * scale + legend_height + label_room
    chart.width = width - chart.x - 12 * scale
    chart.height = height - chart.y - title_size * 2.4
    chart.data = [list(series.values) for series in spec.series]
    chart.categoryAxis.categoryNames = names
    chart.categoryAxis.labels.fontName = text_font
    chart.categoryAxis.labels.fontSize = label_size
    chart.categoryAxis.labels.dy = -2 * scale
    if slanted:
        chart.categoryAxis.labels.angle = 30
        chart.categoryAxis.labels.boxAnchor = "ne"
        chart.categoryAxis.labels.dx = 4 * scale
    chart.categoryAxis.strokeColor = INK
    if spec.stacked:
        chart.categoryAxis.style = "stacked"
    top, step = nice_maximum(
        max(spec.totals() if spec.stacked else [v for s in spec.series for v in s.values] or [0])
    )
    chart.valueAxis.valueMin, chart.valueAxis.valueMax, chart.valueAxis.valueStep = 0, top, step
    chart.valueAxis.labels.fontName = text_font
    chart.valueAxis.labels.fontSize = label_size
    chart.valueAxis.labelTextFormat = _number
    chart.valueAxis.visibleGrid = True
    chart.valueAxis.gridStrokeColor = GRID
    chart.valueAxis.strokeColor = INK
    chart.barSpacing = 1.5 * scale
    chart.groupSpacing = 8 * scale if len(spec.series) > 1 and not spec.stacked else 5 * scale
    chart.bars.strokeColor = None
    for s_index, series in enumerate(spec.series):
        for c_index, color in enumerate(series.colors):
            chart.bars[(s_index, c_index)].fillColor = colors.HexColor(color)
    if not spec.stacked:  # values on the bars, as a leader would want to read them
        chart.barLabelFormat = lambda v: "" if not v else _number(v)
        chart.barLabels.fontName = text_font
        chart.barLabels.fontSize = label_size * 0.95
        chart.barLabels.nudge = label_size * 0.8
        chart.barLabels.fillColor = INK
    drawing.add(chart)
    drawing.add(
        String(
            4 * scale,
            chart.y + chart.height + 6 * scale,
            spec.value_label,
            fontName=text_font,
            fontSize=label_size,
            fillColor=INK,
        )
    )
    if spec.note:  # across from the value axis' title, where it is read with the figures
        drawing.add(
            String(
                width - 4 * scale,
                chart.y + chart.height + 6 * scale,
                spec.note,
                fontName=text_font,
                fontSize=label_size,
                fillColor=NOTE_INK,
                textAnchor="end",
            )
        )
    if names != list(spec.categories):  # the unit that was taken off the labels
        drawing.add(
            String(
                chart.x + chart.width,
                chart.y - label_size * 2.5,
                "（月）",
                fontName=text_font,
                fontSize=label_size,
                fillColor=INK,
                textAnchor="end",
            )
        )
    if spec.stacked:  # totals above the stacks
        for index, total in enumerate(spec.totals()):
            if total:
                x = chart.x + chart.width * (index + 0.5) / len(spec.categories)
                y = chart.y + chart.height * total / top + 2 * scale
                drawing.add(
                    String(
                        x,
                        y,
                        _number(total),
                        fontName=text_font,
                        fontSize=label_size * 0.95,
                        fillColor=INK,
                        textAnchor="middle",
                    )
                )
    if legend_items:
        legend = Legend()
        legend.colorNamePairs = [(colors.HexColor(c), name) for c, name in legend_items]
        legend.fontName, legend.fontSize = text_font, label_size
        legend.alignment = "right"
        legend.columnMaximum = legend_rows  # fill columns top to bottom, rows stay aligned
        legend.deltax = room / per_row
        legend.deltay = label_size * 1.7
        legend.dx = legend.dy = label_size * 0.9
        legend.boxAnchor = "nw"
        legend.x, legend.y = chart.x, 4 * scale + legend_height
        legend.strokeColor = None
        legend.subCols.minWidth = 30 * scale
        drawing.add(legend)
    return drawing
