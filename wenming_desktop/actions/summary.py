"""The annual summary as the clerk asks for it: printed, previewed, exported to a file by
its extension (.pdf or .docx), with the 统计表 as its 附件 when wanted."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from wenming_desktop.files import atomic_output
from wenming_desktop.ledger import Ledger
from wenming_desktop.summary.checks import Staleness, before_printing
from wenming_desktop.summary.document import AnnualSummary
from wenming_desktop.summary.service import Refreshed

if TYPE_CHECKING:
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
    from wenming_desktop.actions.statistics import stats_report
    from wenming_desktop.charts.report_pdf import draw_stats_page
    from wenming_desktop.reports.summary_pdf import Appendix

    report = stats_report(ledger, year)
    return Appendix(
        report.title,
        lambda canvas, fonts, page: draw_stats_page(canvas, fonts, page, report, as_appendix=True),
    )


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
