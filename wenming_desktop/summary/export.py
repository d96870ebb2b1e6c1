"""Writing a year's summary to a file, by the file's extension (.pdf or .docx)."""

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
    appendix=None,  # type: ignore[no-untyped-def]
) -> ExportResult:
    """Write the summary as .pdf or .docx (by the extension), never half-written."""
    with atomic_output(target, suffixes=SUFFIXES, what="年度总结") as temp:
        if target.suffix.lower() == ".pdf":
            from wenming_desktop.reports.fonts import resolve_fonts
            from wenming_desktop.reports.summary_pdf import write_summary_pdf

            fonts = resolve_fonts(font_choices)
            result = write_summary_pdf(summary, temp, fonts=fonts, appendix=appendix)
            pages, warnings = result.pages, fonts.warnings + glyph_warnings(summary, fonts)
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
    return RenderedSummary(
        buffer.getvalue(), result.pages, fonts.warnings + glyph_warnings(summary, fonts)
    )


def glyph_warnings(summary: AnnualSummary, fonts) -> list[str]:  # type: ignore[no-untyped-def]
    """A warning naming characters that the body or title font cannot print."""
    from wenming_desktop.reports.fonts import missing_characters

    missing = missing_characters(summary.plain_text(), fonts["body"])
    missing += [c for c in missing_characters(summary.title, fonts["title"]) if c not in missing]
    if not missing:
        return []
    shown = "".join(missing[:12]) + ("……" if len(missing) > 12 else "")
    return [
        f"所选字体中没有这些字符，打印时会显示为空白：{shown}。"
        "请改用其他写法，或在“设置 → 打印字体”中换用字体。"
    ]
