"""What the printed ledgers share: page numbers 第 X 页 共 Y 页, wrapped cell text."""

from __future__ import annotations

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

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


def numbered_canvas(fonts: FontSet, page_width: float, bottom: float, size: float = 10.5):  # type: ignore[no-untyped-def]
    """A canvas class that writes 第 X 页 共 Y 页 once it knows how many pages there are."""

    class NumberedCanvas(Canvas):
        def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
            # platypus passes initialFontName=None; None would mean Helvetica (never embedded)
            kwargs["initialFontName"] = kwargs.get("initialFontName") or fonts["body"].font_name
            super().__init__(*args, **kwargs)
            self._pages: list[dict] = []  # type: ignore[type-arg]

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
