"""The annual summary as the clerk asks for it: printed, previewed, exported to a file by
its extension (.pdf or .docx), with the 统计表 as its 附件 when wanted."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from wenming_desktop.files import atomic_output
from wenming_desktop.ledger import Ledger
from wenming_desktop.summary.checks import Staleness, before_printing
from wenming_desktop.summary.document import AnnualSummary
from wenming_desktop.summary.service import Refreshed

if TYPE_CHECKING:
    from wenming_desktop.charts.report_pdf import StatsReport
    from wenming_desktop.reports.fonts import FontSet
    from wenming_desktop.reports.summary_docx import WordAppendix
    from wenming_desktop.reports.summary_pdf import Appendix

SUFFIXES = (".pdf", ".docx")


@dataclass(frozen=True, slots=True)
class ExportResult:
    path: Path
    pages: int = 0  # known for PDF only
    warnings: list[str] = field(default_factory=list)
    #: What the clerk should know about the summary itself (stale parts, placeholders,
    #: sample data) — said before printing in the window, on stderr by the CLI.
    notes: list[str] = field(default_factory=list)


def summary_notes(ledger: Ledger, summary: AnnualSummary) -> list[str]:
    """What to tell the clerk before this summary is printed or exported."""
    return before_printing(summary, ledger.summaries.staleness(summary.year, summary))


def summary_staleness(ledger: Ledger, year: int) -> Staleness | None:
    """How the year's stored summary stands against the ledger (None: no summary yet)."""
    return ledger.summaries.staleness(year)


def refresh_summary(ledger: Ledger, year: int) -> Refreshed:
    """更新未修改的部分: redraft the parts the ledger moved away from, keep edited ones."""
    return ledger.summaries.refresh(year)


@dataclass(frozen=True, slots=True)
class StatsAppendix:
    """The 统计表 as the summary's 附件 (figures read when it is made): drawn into the PDF,
    set as text, a table and the charts' pictures in the Word file."""

    report: StatsReport

    @property
    def title(self) -> str:
        return self.report.title

    def for_pdf(self) -> Appendix:
        from wenming_desktop.charts.report_pdf import draw_stats_page
        from wenming_desktop.reports.summary_pdf import Appendix

        report = self.report
        return Appendix(
            report.title,
            lambda canvas, fonts, page: draw_stats_page(
                canvas, fonts, page, report, as_appendix=True
            ),
        )

    def for_word(self, fonts: FontSet) -> WordAppendix:
        from reportlab.graphics import renderPDF

        from wenming_desktop.charts.drawing import chart_drawing
        from wenming_desktop.charts.report_pdf import CHART_KINDS, summary_line, table_rows
        from wenming_desktop.charts.spec import build_chart
        from wenming_desktop.reports.render import save_png
        from wenming_desktop.reports.summary_docx import WordAppendix

        report = self.report
        header, *rows = table_rows(report)
        images = []
        with tempfile.TemporaryDirectory(prefix="wenming-charts-") as folder:
            for kind in CHART_KINDS:
                spec = build_chart(kind, report.stats, report.compared)
                pdf = renderPDF.drawToString(chart_drawing(spec, fonts, 400, 250))
                png = Path(folder) / f"{kind}.png"
                save_png(pdf, png, 1600, 1000)
                images.append((png.read_bytes(), spec.title, 110.0))
        notes = [report.sample_note] if report.sample_note else []
        return WordAppendix(
            report.title, summary_line(report.stats), header, rows, notes, tuple(images)
        )


def write_summary_file(
    summary: AnnualSummary,
    target: Path,
    font_choices: dict[str, str] | None = None,
    appendix: StatsAppendix | None = None,
) -> ExportResult:
    """Write the summary as .pdf or .docx (by the extension), never half-written; the 附件
    goes into either."""
    from wenming_desktop.reports.fonts import resolve_fonts

    fonts = resolve_fonts(font_choices)
    with atomic_output(target, suffixes=SUFFIXES, what="年度总结") as temp:
        if target.suffix.lower() == ".pdf":
            from wenming_desktop.reports.summary_pdf import write_summary_pdf

            pdf_appendix = appendix.for_pdf() if appendix else None
            result = write_summary_pdf(summary, temp, fonts=fonts, appendix=pdf_appendix)
            pages, warnings = result.pages, fonts.warnings + result.glyph_warnings
        else:
            from wenming_desktop.reports.summary_docx import write_summary_docx

            write_summary_docx(summary, temp, appendix.for_word(fonts) if appendix else None)
            pages, warnings = 0, []
    return ExportResult(target, pages, warnings)


def stats_appendix(ledger: Ledger, year: int) -> StatsAppendix:
    """The 统计表 of ``year`` as the summary's 附件 (figures read now, drawn later)."""
    from wenming_desktop.actions.statistics import stats_report

    return StatsAppendix(stats_report(ledger, year))


def export_summary(
    ledger: Ledger,
    year: int,
    target: Path,
    *,
    with_stats: bool | None = None,
    refresh: bool = False,
) -> ExportResult:
    """Draft first if the year has no summary yet (or update its unedited stale parts when
    ``refresh``), then write it (PDF: with the 统计表 附件 when asked, or when the clerk
    ticked it in the 年度总结 tab). The result's notes say what is still stale or missing."""
    settings = ledger.settings.load()
    if refresh and ledger.summaries.load(year) is not None:
        ledger.summaries.refresh(year)
    summary = ledger.summaries.load_or_draft(year)
    appendix = None
    if with_stats if with_stats is not None else settings.summary_with_stats:
        appendix = stats_appendix(ledger, year)
    result = write_summary_file(summary, target, settings.fonts, appendix)
    result.notes.extend(summary_notes(ledger, summary))
    return result


@dataclass(frozen=True, slots=True)
class RenderedSummary:
    pdf: bytes
    pages: int
    warnings: list[str]


def summary_pdf_bytes(
    summary: AnnualSummary,
    font_choices: dict[str, str] | None = None,
    appendix: StatsAppendix | None = None,
) -> RenderedSummary:
    """The summary's PDF in memory (for preview and printing)."""
    import io

    from wenming_desktop.reports.fonts import resolve_fonts
    from wenming_desktop.reports.summary_pdf import write_summary_pdf

    fonts = resolve_fonts(font_choices)
    buffer = io.BytesIO()
    pdf_appendix = appendix.for_pdf() if appendix else None
    result = write_summary_pdf(summary, buffer, fonts=fonts, appendix=pdf_appendix)
    return RenderedSummary(buffer.getvalue(), result.pages, fonts.warnings + result.glyph_warnings)
