"""The 统计报表: one A4 page of vector charts and the table of figures.

Printed on its own, or appended to the annual summary as its 附件 (GB/T 9704 7.3.7: the
word 附件 in 黑体 on the first line at the left, the title on the third, the page numbers
continuing). Everything is set inside the text block, clear of the page number: the title
and the cells wrap; when long names leave the charts too little room beside the table,
the table goes to a second page.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from reportlab.graphics import renderPDF
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Table, TableStyle

from wenming_desktop import APP_NAME
from wenming_desktop.books.stats import YearStats
from wenming_desktop.charts.drawing import (
    INK,
    balance_tokens,
    chart_drawing,
    name_penalty,
    plot_height,
    text_tokens,
    wrap_text,
)
from wenming_desktop.charts.spec import (
    ChartSpec,
    build_chart,
    change_text,
    figures_rows,
    has_records,
    number_text,
)
from wenming_desktop.files import atomic_output
from wenming_desktop.reports import page as geo
from wenming_desktop.reports.fonts import FontSet, resolve_fonts
from wenming_desktop.reports.linebreak import Token
from wenming_desktop.reports.summary_pdf import draw_page_number
from wenming_desktop.summary.drafting import Figures as DraftFigures
from wenming_desktop.summary.drafting import figures_in_words

CHART_KINDS = ("area", "people", "month", "hours")
SAMPLE_NOTE_INK = colors.HexColor("#a52a21")
TITLE_SIZE = geo.TITLE_SIZE  # 2号, as the summary's title
SUMMARY_SIZE, SUMMARY_LEADING = 12.0, 17.0
NOTE_SIZE, NOTE_LEADING = 10.0, 14.0
TABLE_SIZE, TABLE_LEADING = 10.5, 13.0
CELL_PAD_X, CELL_PAD_Y = 6.0, 2.5
RULE = 0.6  # the table's rules, stroked half outside their line: kept inside the block
TABLE_WIDTH = geo.BLOCK_WIDTH - RULE
MIN_ROW = 18.0
TITLE_GAP = 3.0
GAP = 8.0  # under the lines below the title, and between the charts and the table
CHART_INSET = 3.0  # each chart's margin in its quarter
#: The bars' area of a chart, at least: below that the table goes to a page of its own.
MIN_PLOT = 60.0
MAX_CHART_ROW = 240.0
#: A break inside the unit's name costs this many times more in the title, whose lines
#: may be uneven (GB/T 9704: 词意完整) — and one line more, if need be, costs this.
TITLE_BREAK_WEIGHT = 8.0
TITLE_LINE_COST = 20.0


@dataclass(frozen=True, slots=True)
class StatsReport:
    """What the page shows: a year's figures, optionally against another year's."""

    stats: YearStats
    other: YearStats | None = None
    unit: str = ""
    #: Sample entries (示例数据) counted in ``stats`` and in ``other``.
    samples: int = 0
    other_samples: int = 0

    @property
    def title(self) -> str:
        return f"{self.unit}{self.stats.year}年精神文明建设工作统计表"

    @property
    def compared(self) -> YearStats | None:
        """The year compared with — only when it has records (no column of +43 against
        a year that was never kept)."""
        return self.other if has_records(self.other) else None

    @property
    def sample_note(self) -> str:
        """The line saying the figures include sample entries ("" when they do not)."""
        parts = [f"{self.stats.year}年含示例数据 {self.samples} 条"] if self.samples else []
        if self.compared is not None and self.other_samples:
            parts.append(f"对比的{self.compared.year}年含示例数据 {self.other_samples} 条")
        return f"注：{'，'.join(parts)}，不是本单位的实际工作。" if parts else ""


def title_lines(report: StatsReport, font: str) -> list[str]:
    """The title in balanced lines across the text block (GB/T 9704: 排列对称), broken
    between the unit and “2019年”, before “工作统计表”, or where the unit's name reads
    best — never inside “2019年” or a number."""
    unit = [Token(t.text, "unit", t.width) for t in text_tokens(report.unit, font, TITLE_SIZE)]
    phrases = (f"{report.stats.year}年", "精神文明建设", "工作统计表")
    tokens = unit + [Token(p, "phrase", stringWidth(p, font, TITLE_SIZE)) for p in phrases]

    def penalty(items: Sequence[Token], index: int) -> float:
        if items[index].role == "unit" and items[index + 1].role == "unit":
            return TITLE_BREAK_WEIGHT * name_penalty(items, index)
        return 0.0  # between the unit and the year, or between phrases

    lines = balance_tokens(
        tokens, geo.BLOCK_WIDTH, TITLE_SIZE, penalty, spare_lines=1, line_cost=TITLE_LINE_COST
    )
    return ["".join(token.text for token in line) for line in lines]


def summary_line(stats: YearStats) -> str:
    """The year's totals in words, under the title (the numbers as in the table)."""
    return (
        figures_in_words(_as_draft_figures(stats), lead=f"{stats.year}年全年共开展各类活动") + "。"
    )


def table_rows(report: StatsReport) -> list[list[str]]:
    """The figures table as text: a header, one row per area and 合计 (and the change
    against the year compared with, when that year has records)."""
    other = report.compared
    header = ["工作板块", "活动次数", "参与人次", "志愿服务时长（小时）"]
    theirs: dict[int | None, int] = {}
    if other is not None:
        header.append(f"较{other.year}年（次）")
        theirs = {area.id: f.entries for area, f in other.areas}
        theirs[None] = other.total.entries
    rows = [header]
    for area, figures in figures_rows(report.stats):
        row = [
            area.short_name if area else "合计",
            number_text(figures.entries),
            number_text(figures.participants),
            number_text(figures.volunteer_hours),
        ]
        if other is not None:
            row.append(change_text(figures.entries - theirs.get(area.id if area else None, 0)))
        rows.append(row)
    return rows


def _column_widths(rows: list[list[str]], bold: str) -> list[float]:
    """Each column as wide as its figures and its title (a long title on two lines if need
    be); the area names take what is left, and what is left after that is shared out."""
    pad = 2 * CELL_PAD_X

    def width_of(text: str) -> float:
        return stringWidth(text, bold, TABLE_SIZE)

    def narrow(text: str) -> float:  # the title on two lines
        tokens = text_tokens(text, bold, TABLE_SIZE)
        if len(tokens) <= 4:
            return width_of(text)
        room = max(width_of(text) * 0.6, max(t.width for t in tokens))
        return max(width_of(line) for line in wrap_text(text, bold, TABLE_SIZE, room))

    figures = [
        max((width_of(row[c]) for row in rows[1:]), default=0.0) for c in range(len(rows[0]))
    ]
    wide = [
        max(width_of(title), widest) + pad for title, widest in zip(rows[0], figures, strict=True)
    ]
    needs = wide
    if sum(wide) > TABLE_WIDTH:
        needs = [wide[0]] + [
            max(narrow(title), widest) + pad
            for title, widest in zip(rows[0][1:], figures[1:], strict=True)
        ]
    others = sum(needs[1:])
    if needs[0] + others > TABLE_WIDTH:  # the names wrap in what the figures leave
        return [TABLE_WIDTH - others, *needs[1:]]
    spare = TABLE_WIDTH - needs[0] - others
    total = needs[0] + others
    return [need + spare * need / total for need in needs]


def _table(report: StatsReport, fonts: FontSet) -> tuple[Table, float]:
    """The figures table, its cells wrapped inside their columns; and its height (with
    its outer rules)."""
    body, bold = fonts["body"].font_name, fonts["heading1"].font_name
    rows = table_rows(report)
    widths = _column_widths(rows, bold)
    last = len(rows) - 1
    cells: list[list[str]] = []
    heights: list[float] = []
    for number, row in enumerate(rows):
        font = bold if number in (0, last) else body
        wrapped = [
            wrap_text(text, font, TABLE_SIZE, width - 2 * CELL_PAD_X)
            for text, width in zip(row, widths, strict=True)
        ]
        cells.append(["\n".join(lines) for lines in wrapped])
        lines = max(len(lines) for lines in wrapped)
        heights.append(max(MIN_ROW, lines * TABLE_LEADING + 2 * CELL_PAD_Y))
    table = Table(cells, colWidths=widths, rowHeights=heights)
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), body, TABLE_SIZE, TABLE_LEADING),
                ("FONT", (0, 0), (-1, 0), bold, TABLE_SIZE, TABLE_LEADING),
                ("FONT", (0, -1), (-1, -1), bold, TABLE_SIZE, TABLE_LEADING),
                ("ALIGN", (1, 0), (-1, -1), "CENTER"),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LEFTPADDING", (0, 0), (-1, -1), CELL_PAD_X),
                ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PAD_X),
                ("TOPPADDING", (0, 0), (-1, -1), CELL_PAD_Y),
                ("BOTTOMPADDING", (0, 0), (-1, -1), CELL_PAD_Y),
                ("GRID", (0, 0), (-1, -1), RULE, INK),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eef0f2")),
                ("TEXTCOLOR", (0, 0), (-1, -1), INK),
            ]
        )
    )
    _width, height = table.wrap(TABLE_WIDTH, geo.BLOCK_HEIGHT)
    return table, height + RULE


def _centred_lines(
    canvas: Canvas, lines: list[str], font: str, size: float, leading: float, top: float
) -> float:
    """Centre ``lines`` in the text block from ``top`` down; where they end."""
    canvas.setFont(font, size)
    for line in lines:
        top -= leading
        canvas.drawCentredString(
            geo.BLOCK_LEFT + geo.BLOCK_WIDTH / 2, top + (leading - size) / 2 + 0.12 * size, line
        )
    return top


def draw_stats_page(
    canvas: Canvas, fonts: FontSet, page_number: int, report: StatsReport, *, as_appendix: bool
) -> int:
    """Draw the report from the canvas' current page on, finishing its pages; returns how
    many it took (1, or 2 when the charts would be too small beside the table — long names).

    Everything stays inside the text block; as a 附件 (GB/T 9704 7.3.7), “附件” is on the
    grid's first line at its left and the title starts on the third line.
    """
    slot = 0
    if as_appendix:
        canvas.setFont(fonts["heading1"].font_name, geo.BODY_SIZE)
        canvas.drawString(geo.BLOCK_LEFT, geo.line_baseline(0), "附件")
        slot = 2
    canvas.setFont(fonts["title"].font_name, TITLE_SIZE)
    for line in title_lines(report, fonts["title"].font_name):
        canvas.drawCentredString(
            geo.BLOCK_LEFT + geo.BLOCK_WIDTH / 2, geo.line_baseline(slot, TITLE_SIZE), line
        )
        slot += 1
    body = fonts["body"].font_name
    top = geo.BLOCK_TOP - slot * geo.LINE_PITCH - TITLE_GAP
    lines = wrap_text(summary_line(report.stats), body, SUMMARY_SIZE, geo.BLOCK_WIDTH)
    top = _centred_lines(canvas, lines, body, SUMMARY_SIZE, SUMMARY_LEADING, top)
    note = report.sample_note
    if note:  # under the figures it qualifies
        canvas.saveState()
        canvas.setFillColor(SAMPLE_NOTE_INK)
        lines = wrap_text(note, body, NOTE_SIZE, geo.BLOCK_WIDTH)
        top = _centred_lines(canvas, lines, body, NOTE_SIZE, NOTE_LEADING, top)
        canvas.restoreState()
    top -= GAP

    table, table_height = _table(report, fonts)
    specs = [build_chart(kind, report.stats, report.compared) for kind in CHART_KINDS]
    cell_width = geo.BLOCK_WIDTH / 2
    room = top - geo.BLOCK_BOTTOM
    shared = room - GAP - table_height
    together = shared >= 2 * _row_needs(specs, fonts, cell_width)
    row_height = min(MAX_CHART_ROW, (shared if together else room) / 2)
    for index, spec in enumerate(specs):
        drawing = chart_drawing(
            spec, fonts, cell_width - 2 * CHART_INSET, row_height - 2 * CHART_INSET
        )
        column, row = index % 2, index // 2
        x = geo.BLOCK_LEFT + column * cell_width + CHART_INSET
        y = top - (row + 1) * row_height + CHART_INSET
        renderPDF.draw(drawing, canvas, x, y)
    if together:
        table_top = top - 2 * row_height - GAP
        pages = 1
    else:  # the figures on a page of their own, at its top
        draw_page_number(canvas, fonts, page_number)
        canvas.showPage()
        table_top = geo.BLOCK_TOP
        pages = 2
    table.drawOn(canvas, geo.BLOCK_LEFT + RULE / 2, table_top - table_height + RULE / 2)
    draw_page_number(canvas, fonts, page_number + pages - 1)
    canvas.showPage()
    return pages


def _row_needs(specs: list[ChartSpec], fonts: FontSet, width: float) -> float:
    """The height a row of charts needs for bars at least MIN_PLOT tall."""
    probe = 200.0
    overhead = max(
        probe - plot_height(chart_drawing(spec, fonts, width - 2 * CHART_INSET, probe))
        for spec in specs
    )
    return overhead + MIN_PLOT + 2 * CHART_INSET


def _as_draft_figures(stats: YearStats) -> DraftFigures:
    total = stats.total
    return DraftFigures(total.entries, total.participants, total.volunteer_hours)


def write_stats_pdf(
    report: StatsReport, target: Path | str | BinaryIO, *, fonts: FontSet | None = None
) -> int:
    fonts = fonts or resolve_fonts()
    canvas = Canvas(
        str(target) if isinstance(target, Path) else target,
        pagesize=(geo.PAGE_WIDTH, geo.PAGE_HEIGHT),
        initialFontName=fonts["body"].font_name,
    )
    canvas.setTitle(report.title)
    canvas.setAuthor(report.unit)
    canvas.setCreator(APP_NAME)
    pages = draw_stats_page(canvas, fonts, 1, report, as_appendix=False)
    canvas.save()
    return pages


def write_stats_file(report: StatsReport, target: Path, fonts: FontSet | None = None) -> Path:
    """Write the 统计表 PDF, never half-written."""
    with atomic_output(target, suffixes=(".pdf",), what="统计表") as temp:
        write_stats_pdf(report, temp, fonts=fonts)
    return target
