"""What the printed ledgers share: page numbers 第 X 页 共 Y 页, wrapped cell text."""

from __future__ import annotations

from pathlib import Path
from typing import Any, BinaryIO

from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, SimpleDocTemplate

from wenming_desktop import APP_NAME
from wenming_desktop.reports.fonts import FontSet
from wenming_desktop.reports.linebreak import break_lines, tokenize


def wrap_cell(text: str, fonts: FontSet, size: float, width: float, max_lines: int = 0) -> str:
    """Cell text broken into lines (避头尾, as in the summary), joined with newlines."""
    font = fonts["body"].font_name
    tokens = tokenize([(text, "body")], lambda piece, _role: stringWidth(piece, font, size))
    lines = [line.text for line in break_lines(tokens, width, 0.0)] or [""]
    if max_lines and len(lines) > max_lines:
        lines = [*lines[: max_lines - 1], lines[max_lines - 1][:-1] + "…"]
    return "\n".join(lines)


def numbered_canvas(
    fonts: FontSet, page_width: float, bottom: float, size: float = 10.5
) -> type[Canvas]:
    """A canvas class that writes 第 X 页 共 Y 页 once it knows how many pages there are."""

    class NumberedCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            # platypus passes initialFontName=None; None would mean Helvetica (never embedded)
            kwargs["initialFontName"] = kwargs.get("initialFontName") or fonts["body"].font_name
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, object]] = []

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for number, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                self.setFont(fonts["page_number"].font_name, size)
                self.drawCentredString(page_width / 2, bottom, f"第 {number} 页 共 {total} 页")
                super().showPage()
            super().save()

    return NumberedCanvas


def title_styles(fonts: FontSet, size: float) -> tuple[ParagraphStyle, ParagraphStyle]:
    """Centred title and subtitle for the top of a ledger page."""
    title = ParagraphStyle(
        "title",
        fontName=fonts["title"].font_name,
        fontSize=size,
        leading=size * 1.4,
        alignment=TA_CENTER,
    )
    subtitle = ParagraphStyle(
        "subtitle",
        fontName=fonts["body"].font_name,
        fontSize=10.5,
        leading=15.5,
        alignment=TA_CENTER,
    )
    return title, subtitle


def build_document(
    story: list[Flowable],
    target: Path | str | BinaryIO,
    *,
    pagesize: tuple[float, float],
    margin: float,
    title: str,
    unit: str,
    fonts: FontSet,
) -> int:
    """Lay out ``story`` with 第 X 页 共 Y 页 at the foot of each page; returns the pages."""
    pages: list[int] = []
    SimpleDocTemplate(
        str(target) if isinstance(target, Path) else target,
        pagesize=pagesize,
        leftMargin=margin,
        rightMargin=margin,
        topMargin=margin,
        bottomMargin=margin + 6 * mm,
        title=title,
        author=unit,
        creator=APP_NAME,
        initialFontName=fonts["body"].font_name,
    ).build(
        story,
        canvasmaker=numbered_canvas(fonts, pagesize[0], margin),
        onFirstPage=lambda _canvas, doc: pages.append(doc.page),
        onLaterPages=lambda _canvas, doc: pages.append(doc.page),
    )
    return len(pages)
