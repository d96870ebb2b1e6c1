"""The annual summary as the clerk asks for it: printed, previewed, exported to a file by
its extension (.pdf or .docx), with the 统计表 as its 附件 when wanted."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from wenming_desktop.files import atomic_output
from wenming_desktop.ledger import Ledger
from wenming_desktop.summary.document import AnnualSummary

if TYPE_CHECKING:
    from wenming_desktop.reports.summary_pdf import Appendix

SUFFIXES = (".pdf", ".docx")


@dataclass(frozen=True, slots=True)
class ExportResult:
    path: Path
    pages: int = 0  # known for PDF only
    warnings: list[str] = field(default_factory=list)


def write_summary_file(
    summary: AnnualSummary,
    target: Path,
    font_choices: dict[str, str] | None = None,
    appendix: Appendix | None = None,
) -> ExportResult:
    """Write the summary as .pdf or .docx (by the extension), never half-written."""
    with atomic_output(target, suffixes=SUFFIXES, what="年度总结") as temp:
        if target.suffix.lower() == ".pdf":
            from wenming_desktop.reports.fonts import resolve_fonts
            from wenming_desktop.reports.summary_pdf import write_summary_pdf

            fonts = resolve_fonts(font_choices)
            result = write_summary_pdf(summary, temp, fonts=fonts, appendix=appendix)
            pages, warnings = result.pages, fonts.warnings + result.glyph_warnings
        else:
            from wenming_desktop.reports.summary_docx import write_summary_docx

            write_summary_docx(summary, temp)
            pages, warnings = 0, []
    return ExportResult(target, pages, warnings)


def stats_appendix(ledger: Ledger, year: int) -> Appendix:
    """The 统计表 of ``year`` as a 附件 for the summary PDF (figures read now, drawn later)."""
    from wenming_desktop.charts.report_pdf import StatsReport, draw_stats_page

    report = StatsReport(
        ledger.year_stats(year), ledger.year_stats(year - 1), ledger.settings.load().unit_name
    )
    return lambda canvas, fonts, page: draw_stats_page(
        canvas, fonts, page, report, as_appendix=True
    )


def export_summary(
    ledger: Ledger, year: int, target: Path, *, with_stats: bool | None = None
) -> ExportResult:
    """Draft first if the year has no summary yet, then write it (PDF: with the 统计表 附件
    when asked, or when the clerk ticked it in the 年度总结 tab)."""
    settings = ledger.settings.load()
    summary = ledger.summaries.load_or_draft(year)
    appendix = None
    if with_stats if with_stats is not None else settings.summary_with_stats:
        appendix = stats_appendix(ledger, year)
    return write_summary_file(summary, target, settings.fonts, appendix)


@dataclass(frozen=True, slots=True)
class RenderedSummary:
    pdf: bytes
    pages: int
    warnings: list[str]


def summary_pdf_bytes(
    summary: AnnualSummary,
    font_choices: dict[str, str] | None = None,
    appendix: Appendix | None = None,
) -> RenderedSummary:
    """The summary's PDF in memory (for preview and printing)."""
    import io

    from wenming_desktop.reports.fonts import resolve_fonts
    from wenming_desktop.reports.summary_pdf import write_summary_pdf

    fonts = resolve_fonts(font_choices)
    buffer = io.BytesIO()
    result = write_summary_pdf(summary, buffer, fonts=fonts, appendix=appendix)
    return RenderedSummary(buffer.getvalue(), result.pages, fonts.warnings + result.glyph_warnings)
