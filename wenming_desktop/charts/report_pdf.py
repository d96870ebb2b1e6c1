"""The 统计报表: one A4 page of vector charts and the table of figures.

Printed on its own, or appended to the annual summary as its 附件 (GB/T 9704: the
word 附件 in 黑体 at the top left, the page numbers continuing).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from reportlab.graphics import renderPDF
from reportlab.lib import colors
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Table, TableStyle

from wenming_desktop import APP_NAME
from wenming_desktop.books.stats import YearStats
from wenming_desktop.charts.drawing import INK, chart_drawing
from wenming_desktop.charts.spec import build_chart, figures_rows
from wenming_desktop.files import atomic_output
from wenming_desktop.reports import page as geo
from wenming_desktop.reports.fonts import FontSet, resolve_fonts
from wenming_desktop.reports.summary_pdf import draw_page_number
from wenming_desktop.summary.drafting import Figures as DraftFigures
from wenming_desktop.summary.drafting import figures_in_words

CHART_KINDS = ("area", "people", "month", "hours")
SAMPLE_NOTE_INK = colors.HexColor("#a52a21")
CHART_HEIGHT = 196.0
#: What the charts give up for the line saying the figures include sample entries.
NOTE_ROOM = 7.0


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
    def sample_note(self) -> str:
        """The line saying the figures include sample entries ("" when they do not)."""
        parts = [f"{self.stats.year}年含示例数据 {self.samples} 条"] if self.samples else []
        if self.other is not None and self.other_samples:
            parts.append(f"对比的{self.other.year}年含示例数据 {self.other_samples} 条")
        return f"注：{'，'.join(parts)}，不是本单位的实际工作。" if parts else ""


def _table(report: StatsReport, fonts: FontSet) -> Table:
    header = ["工作板块", "活动次数", "参与人次", "志愿服务时长（小时）"]
    theirs: dict[int | None, int] = {}
    if report.other is not None:
        header.append(f"较{report.other.year}年（次）")
        theirs = {area.id: f.entries for area, f in report.other.areas}
        theirs[None] = report.other.total.entries
    rows: list[list[str]] = [header]
    for area, figures in figures_rows(report.stats):
        row = [
            area.short_name if area else "合计",
            str(figures.entries),
            str(figures.participants),
            f"{figures.volunteer_hours:g}",
        ]
        if report.other is not None:
            change = figures.entries - theirs.get(area.id if area else None, 0)
            row.append(f"{change:+d}" if change else "持平")
        rows.append(row)
    widths = [
        geo.BLOCK_WIDTH * w
        for w in ((0.26, 0.18, 0.18, 0.38) if len(header) == 4 else (0.22, 0.15, 0.15, 0.27, 0.21))
    ]
    table = Table(rows, colWidths=widths, rowHeights=20)
    body, bold = fonts["body"].font_name, fonts["heading1"].font_name
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), body, 11),
                ("FONT", (0, 0), (-1, 0), bold, 11),
                ("FONT", (0, -1), (-1, -1), bold, 11),
                ("ALIGN", (1, 0), (-1, -1), "CENTER"),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("GRID", (0, 0), (-1, -1), 0.6, INK),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eef0f2")),
                ("TEXTCOLOR", (0, 0), (-1, -1), INK),
            ]
        )
    )
    return table


def draw_stats_page(
    canvas: Canvas, fonts: FontSet, page_number: int, report: StatsReport, *, as_appendix: bool
) -> int:
    """Draw the report on the canvas' current page and finish it; returns pages drawn (1)."""
    top = geo.BLOCK_TOP
    if as_appendix:
        canvas.setFont(fonts["heading1"].font_name, geo.BODY_SIZE)
        canvas.drawString(geo.BLOCK_LEFT, top - geo.BODY_SIZE, "附件")
        top -= geo.LINE_PITCH
    canvas.setFont(fonts["title"].font_name, 20)
    canvas.drawCentredString(geo.BLOCK_LEFT + geo.BLOCK_WIDTH / 2, top - 26, report.title)
    canvas.setFont(fonts["body"].font_name, 12)
    summary_line = (
        figures_in_words(
            _as_draft_figures(report.stats), lead=f"{report.stats.year}年全年共开展各类活动"
        )
        + "。"
    )
    canvas.drawCentredString(geo.BLOCK_LEFT + geo.BLOCK_WIDTH / 2, top - 50, summary_line)

    cell_width, cell_height = geo.BLOCK_WIDTH / 2, CHART_HEIGHT
    charts_top = top - 64
    note = report.sample_note
    if note:  # under the figures it qualifies; the charts make room for it
        canvas.saveState()
        canvas.setFont(fonts["body"].font_name, 10)
        canvas.setFillColor(SAMPLE_NOTE_INK)
        canvas.drawCentredString(geo.BLOCK_LEFT + geo.BLOCK_WIDTH / 2, top - 65, note)
        canvas.restoreState()
        cell_height -= NOTE_ROOM
        charts_top -= 2 * NOTE_ROOM
    for index, kind in enumerate(CHART_KINDS):
        spec = build_chart(kind, report.stats, report.other)
        drawing = chart_drawing(spec, fonts, cell_width - 6, cell_height - 6)
        column, row = index % 2, index // 2
        x = geo.BLOCK_LEFT + column * cell_width + 3
        y = charts_top - (row + 1) * cell_height + 3
        renderPDF.draw(drawing, canvas, x, y)

    table = _table(report, fonts)
    _width, height = table.wrapOn(canvas, geo.BLOCK_WIDTH, geo.BLOCK_HEIGHT)
    table.drawOn(canvas, geo.BLOCK_LEFT, charts_top - 2 * cell_height - 14 - height)
    draw_page_number(canvas, fonts, page_number)
    canvas.showPage()
    return 1


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
