"""What the printed ledgers share: page numbers 第 X 页 共 Y 页, wrapped cell text and
headings broken by the same rules as the summary."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any, BinaryIO

from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, SimpleDocTemplate

from wenming_desktop import APP_NAME
from wenming_desktop.reports.fonts import FontSet
from wenming_desktop.reports.linebreak import break_lines, tokenize

#: Room under the text block for 第 X 页 共 Y 页, whose baseline sits on the margin.
FOOTER_ROOM = 6 * mm
#: The Chinese ellipsis (省略号): two characters, never one.
ELLIPSIS = "……"


#: Emoji and pictographs: ReportLab draws no colour-emoji font, so one the font lacks would
#: print as a row of empty boxes (👨‍👩‍👧 is five characters).
_PICTOGRAPHS = ((0x2300, 0x23FF), (0x2600, 0x27BF), (0x2B00, 0x2BFF), (0x1F000, 0x1FAFF))
#: Joiners, emoji presentation selectors, the keycap mark and tag characters: invisible.
_EMOJI_MARKS = frozenset({0x200D, 0xFE0E, 0xFE0F, 0x20E3, *range(0xE0020, 0xE0080)})


def printable(text: str, font: str) -> str:
    """``text`` without the emoji ``font`` cannot draw (and their invisible joiners); any
    other character it lacks stays, so a rare character in a name shows as missing."""
    glyphs = getattr(getattr(pdfmetrics.getFont(font), "face", None), "charToGlyph", None)

    def drawable(char: str) -> bool:
        code = ord(char)
        if code in _EMOJI_MARKS:
            return False
        if glyphs is not None and code in glyphs:
            return True
        return not any(low <= code <= high for low, high in _PICTOGRAPHS)

    if text.isascii():
        return text
    return "".join(char for char in text if drawable(char))


@lru_cache(maxsize=65_536)
def _width(piece: str, font: str, size: float) -> float:
    """A token's width: the same few thousand characters are measured again and again."""
    return stringWidth(piece, font, size)


def break_text(text: str, font: str, size: float, width: float) -> list[str]:
    """``text`` broken into lines no wider than ``width`` (避头尾; 2019 is never split);
    emoji the font cannot draw are left out."""
    text = printable(text, font)
    single = " ".join(text.split())
    if len(single) < 64 and stringWidth(single, font, size) <= width:
        return [single]  # most cells: one line, nothing to break
    tokens = tokenize([(text, "body")], lambda piece, _role: _width(piece, font, size))
    return [line.text for line in break_lines(tokens, width, 0.0)] or [""]


def shorten(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` characters, the cut marked with ``……``."""
    if len(text) <= limit:
        return text
    return text[: max(limit - len(ELLIPSIS), 0)].rstrip() + ELLIPSIS


def wrap_cell(text: str, fonts: FontSet, size: float, width: float, max_lines: int = 0) -> str:
    """Cell text broken into lines (避头尾, as in the summary), joined with newlines; past
    ``max_lines`` the last line ends with ``……``."""
    font = fonts["body"].font_name
    lines = break_text(text, font, size, width)
    if max_lines and len(lines) > max_lines:
        last = lines[max_lines - 1]
        while last and stringWidth(last + ELLIPSIS, font, size) > width:
            last = last[:-1]
        lines = [*lines[: max_lines - 1], last + ELLIPSIS]
    return "\n".join(lines)


def heading_lines(
    parts: Sequence[str], font: str, size: float, width: float, gap: str = "\u3000\u3000"
) -> list[str]:
    """The lines of a centred heading: each of ``parts`` stays whole on a line where it fits
    (after the previous part and ``gap``), else it is broken as cell text is."""
    lines: list[str] = []
    current = ""
    for part in parts:
        joined = f"{current}{gap}{part}"
        if current and stringWidth(joined, font, size) <= width:
            current = joined
            continue
        if current:
            lines.append(current)
        *whole, current = break_text(part, font, size, width)
        lines.extend(whole)
    if current:
        lines.append(current)
    return lines


class CentredLines(Flowable):
    """Lines drawn centred as given: neither re-wrapped nor their spaces collapsed (a
    Paragraph would split 2019 across lines and squeeze the 全角 gaps to one space)."""

    def __init__(
        self,
        parts: Sequence[str],
        font: str,
        size: float,
        leading: float,
        color: Any = None,
    ) -> None:
        super().__init__()
        self._parts, self._font, self._size = list(parts), font, size
        self._leading, self._color = leading, color
        self.lines: list[str] = []

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width = availWidth
        self.lines = heading_lines(self._parts, self._font, self._size, availWidth)
        self.height = len(self.lines) * self._leading
        return availWidth, self.height

    def draw(self) -> None:
        canvas = self.canv
        canvas.saveState()
        canvas.setFont(self._font, self._size)
        if self._color is not None:
            canvas.setFillColor(self._color)
        # CJK glyphs reach from about -0.12 to 0.88 em: their middle is centred in each line
        baseline = self.height - self._leading / 2 - 0.38 * self._size
        for line in self.lines:
            canvas.drawCentredString(self.width / 2, baseline, line)
            baseline -= self._leading
        canvas.restoreState()


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
        bottomMargin=margin + FOOTER_ROOM,
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
