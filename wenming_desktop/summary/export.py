"""Writing a year's summary to a file, by the file's extension (.pdf or .docx)."""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from wenming_desktop.errors import UserError
from wenming_desktop.ledger import Ledger
from wenming_desktop.summary.document import AnnualSummary

SUFFIXES = (".pdf", ".docx")


@dataclass(frozen=True, slots=True)
class ExportResult:
    path: Path
    pages: int = 0  # known for PDF only
    warnings: list[str] = field(default_factory=list)


def write_summary_file(
    summary: AnnualSummary, target: Path, font_choices: dict[str, str] | None = None
) -> ExportResult:
    """Write atomically: a half-written file never replaces a good one."""
    suffix = target.suffix.lower()
    if suffix not in SUFFIXES:
        raise UserError(
            f"不支持的文件类型“{target.suffix or '（无扩展名）'}”，请使用 .pdf 或 .docx。"
        )
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise UserError(f"文件夹“{folder}”不存在。")
    handle, temp_name = tempfile.mkstemp(prefix=".wenming-", suffix=suffix, dir=folder)
    os.close(handle)
    temp = Path(temp_name)
    try:
        if suffix == ".pdf":
            from wenming_desktop.reports.fonts import resolve_fonts
            from wenming_desktop.reports.summary_pdf import write_summary_pdf

            fonts = resolve_fonts(font_choices)
            result = write_summary_pdf(summary, temp, fonts=fonts)
            pages, warnings = result.pages, fonts.warnings + glyph_warnings(summary, fonts)
        else:
            from wenming_desktop.reports.summary_docx import write_summary_docx

            write_summary_docx(summary, temp)
            pages, warnings = 0, []
        os.replace(temp, target)
    except PermissionError as error:
        temp.unlink(missing_ok=True)
        raise UserError(
            f"无法写入“{target}”：文件可能正在被其他程序（如 WPS、Word）打开。"
        ) from error
    except OSError as error:
        temp.unlink(missing_ok=True)
        raise UserError(f"无法写入“{target}”：{error.strerror or error}。") from error
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    return ExportResult(target, pages, warnings)


def export_summary(ledger: Ledger, year: int, target: Path) -> ExportResult:
    """Draft first if the year has no summary yet, then write it."""
    summary = ledger.summaries.load_or_draft(year)
    return write_summary_file(summary, target, ledger.settings.load().fonts)


@dataclass(frozen=True, slots=True)
class RenderedSummary:
    pdf: bytes
    pages: int
    warnings: list[str]


def summary_pdf_bytes(
    summary: AnnualSummary, font_choices: dict[str, str] | None = None
) -> RenderedSummary:
    """The summary's PDF in memory (for preview and printing)."""
    import io

    from wenming_desktop.reports.fonts import resolve_fonts
    from wenming_desktop.reports.summary_pdf import write_summary_pdf

    fonts = resolve_fonts(font_choices)
    buffer = io.BytesIO()
    result = write_summary_pdf(summary, buffer, fonts=fonts)
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
