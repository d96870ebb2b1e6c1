"""The annual summary as a PDF on the GB/T 9704-2012 grid: 22 lines × 28 characters.

Typesetting is done here rather than with Platypus paragraphs because official
documents need a fixed character grid and 避头尾 line breaking, neither of which
ReportLab's CJK wrapping provides.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from wenming_desktop import APP_NAME
from wenming_desktop.reports import page as geo
from wenming_desktop.reports.fonts import FontSet, missing_characters, resolve_fonts
from wenming_desktop.reports.linebreak import (
    NO_LINE_END,
    NO_LINE_START,
    Line,
    Token,
    advance,
    break_lines,
    tokenize,
)
from wenming_desktop.summary.document import AnnualSummary
from wenming_desktop.wording import paragraph_runs


@dataclass(frozen=True, slots=True)
class Appendix:
    """A 附件: named after the body ("附件：{title}", GB/T 9704 §7.3.4) and drawn on pages of
    its own after the summary (``draw(canvas, fonts, first page number)`` → pages drawn)."""

    title: str
    draw: Callable[[Canvas, FontSet, int], int]


@dataclass(frozen=True, slots=True)
class PlacedLine:
    slot: int
    line: Line
    size: float
    spacing: float
    x: float
    centred: bool = False


@dataclass(slots=True)
class SummaryLayout:
    pages: list[list[PlacedLine]] = field(default_factory=list)

    def lines(self) -> list[str]:
        return [placed.line.text for page in self.pages for placed in page]


@dataclass(frozen=True, slots=True)
class PdfResult:
    pages: int
    fonts: FontSet
    #: Characters the chosen fonts cannot print, as a warning for the clerk (or empty).
    glyph_warnings: list[str] = field(default_factory=list)


#: Justifying may widen the gaps between characters by at most this (points); a line that
#: would need more (one long unbreakable word) is left ragged instead.
MAX_STRETCH = 0.5 * geo.CELL


class _Measurer:
    """Glyph widths in points, cached per (text, font, size)."""

    def __init__(self, fonts: FontSet) -> None:
        self._fonts = fonts
        self._cache: dict[tuple[str, str, float], float] = {}

    def __call__(self, text: str, role: str, size: float = geo.BODY_SIZE) -> float:
        font = self._fonts[role].font_name
        key = (text, font, size)
        width = self._cache.get(key)
        if width is None:
            width = self._cache[key] = stringWidth(text, font, size)
        return width


def _body_lines(text: str, measure: _Measurer) -> list[Line]:
    tokens = tokenize(paragraph_runs(text), lambda piece, role: measure(piece, role))
    return break_lines(tokens, geo.BLOCK_WIDTH, geo.BODY_CHAR_SPACING, first_indent=2 * geo.CELL)


_GOOD_END = re.compile(
    r"(?:会|室|局|委|部|厅|处|院|所|站|队|校|馆|司|团|中心|办|组|年|年度|的|机关|工作|建设)$"
)
_GOOD_START = re.compile(r"^(?:\d{4}|关于|精神文明|工作总结|总结|工作|领导小组|办公室|委员会|机关)")
_NUMBER_UNITS = "年月日号期次届个名人%"


def _break_cost(before: str, after: str) -> float:
    """How bad a title line break between ``before`` and ``after`` is (lower is better)."""
    if not before or not after:
        return 0.0
    if before[-1] in NO_LINE_END or after[0] in NO_LINE_START:
        return math.inf
    last, first = before[-1], after[0]
    if (
        last.isascii()
        and last.isalnum()
        and ((first.isascii() and first.isalnum()) or first in _NUMBER_UNITS)
    ):
        return math.inf  # never "2019 / 年", never inside a number
    cost = 6.0  # a break inside a run of CJK may split a word
    if _GOOD_END.search(before) or _GOOD_START.match(after):
        cost = 0.0
    elif not ("\u4e00" <= before[-1] <= "\u9fff" and "\u4e00" <= after[0] <= "\u9fff"):
        cost = 0.5  # next to a space, a digit or a mark
    return cost


def _title_lines(title: str, measure: _Measurer) -> list[Line]:
    """Wrap a long title into balanced lines (GB/T 9704: 排列对称) at sensible points: after
    the unit's name or the year, never inside "2019年" or a number, rarely inside a word."""
    tokens = tokenize([(title, "title")], lambda p, r: measure(p, r, geo.TITLE_SIZE))
    if advance(tokens, 0.0) <= geo.BLOCK_WIDTH + 0.01:
        return [Line(tuple(tokens), 0.0, False)]
    pieces = []  # a token wider than the line is cut to fit (a long Latin run)
    for token in tokens:
        pieces += _cut_to_width(token, geo.BLOCK_WIDTH)
    total = advance(pieces, 0.0)
    needed = max(2, math.ceil(total / geo.BLOCK_WIDTH))
    options = [_balanced(pieces, lines, total / lines) for lines in (needed, needed + 1)]
    cost, cuts = min(options, key=lambda option: option[0])
    if cost == math.inf:  # no allowed break at all: fall back to greedy lines
        return [Line(line.tokens, 0.0, False) for line in break_lines(tokens, geo.BLOCK_WIDTH, 0.0)]
    return [Line(tuple(pieces[a:b]), 0.0, False) for a, b in cuts]


def _balanced(
    pieces: list[Token], lines: int, target: float
) -> tuple[float, list[tuple[int, int]]]:
    """The best way to set ``pieces`` in exactly ``lines`` lines near ``target`` wide each:
    (cost, [(start, end) of each line])."""
    count = len(pieces)
    texts = [p.text for p in pieces]
    inf = (math.inf, -1)
    # best[k][j]: (cost, start of line k) for setting pieces[:j] in k lines
    best = [[inf] * (count + 1) for _ in range(lines + 1)]
    best[0][0] = (0.0, 0)
    for k in range(1, lines + 1):
        for end in range(1, count + 1):
            width = 0.0
            for start in range(end - 1, -1, -1):
                width += pieces[start].width
                if width > geo.BLOCK_WIDTH + 0.01:
                    break
                previous = best[k - 1][start][0]
                if previous == math.inf:
                    continue
                before = "".join(texts[max(0, start - 4) : start])
                after = "".join(texts[start : start + 4])
                cost = previous + (_break_cost(before, after) if start else 0.0)
                cost += ((width - target) / geo.TITLE_SIZE) ** 2 * 0.25
                if cost < best[k][end][0]:
                    best[k][end] = (cost, start)
    cost = best[lines][count][0] + 1.5 * lines
    cuts: list[tuple[int, int]] = []
    end = count
    for k in range(lines, 0, -1):
        start = best[k][end][1]
        if start < 0:
            return math.inf, []
        cuts.append((start, end))
        end = start
    return cost, list(reversed(cuts))


def _cut_to_width(token: Token, width: float) -> list[Token]:
    if token.width <= width or token.glyphs < 2:
        return [token]
    per_glyph = token.width / token.glyphs
    fit = max(1, int(width // per_glyph))
    return [
        Token(token.text[i : i + fit], token.role, per_glyph * len(token.text[i : i + fit]))
        for i in range(0, token.glyphs, fit)
    ]


class _Pager:
    """Places lines on the 22-line grid, page after page."""

    def __init__(self) -> None:
        self.layout = SummaryLayout([[]])
        self.slot = 0

    def place(
        self, line: Line, size: float, spacing: float, x: float, centred: bool = False
    ) -> None:
        if self.slot >= geo.LINES_PER_PAGE:
            self.new_page()
        self.layout.pages[-1].append(PlacedLine(self.slot, line, size, spacing, x, centred))
        self.slot += 1

    def skip(self) -> None:
        if 0 < self.slot < geo.LINES_PER_PAGE:
            self.slot += 1

    def new_page(self) -> None:
        self.layout.pages.append([])
        self.slot = 0

    def room(self) -> int:
        return geo.LINES_PER_PAGE - self.slot


def layout_summary(
    summary: AnnualSummary, fonts: FontSet, appendix_title: str = ""
) -> SummaryLayout:
    measure = _Measurer(fonts)
    pager = _Pager()
    if summary.title.strip():
        for line in _title_lines(summary.title.strip(), measure):
            pager.place(line, geo.TITLE_SIZE, 0.0, geo.BLOCK_LEFT, centred=True)
        pager.skip()
    for paragraph in summary.body_paragraphs():
        for line in _body_lines(paragraph, measure):
            pager.place(line, geo.BODY_SIZE, geo.BODY_CHAR_SPACING, geo.BLOCK_LEFT + line.indent)
    if appendix_title.strip():
        _place_appendix_note(appendix_title.strip(), pager, measure)
    _place_signature(summary, pager, measure)
    if not pager.layout.pages[-1] and len(pager.layout.pages) > 1:
        pager.layout.pages.pop()
    return pager.layout


def _place_appendix_note(title: str, pager: _Pager, measure: _Measurer) -> None:
    """GB/T 9704 §7.3.4: one blank line after the body, then "附件：{title}" two characters in;
    a wrapped name lines up under its first character."""
    label = "附件："
    tokens = tokenize([(label + title, "body")], lambda p, r: measure(p, r))
    head = 2 * geo.CELL
    hang = head + len(label) * geo.CELL
    first = break_lines(tokens, geo.BLOCK_WIDTH - head, geo.BODY_CHAR_SPACING)
    lines = first[:1]
    if len(first) > 1:
        rest = [t for line in first[1:] for t in line.tokens]
        lines += break_lines(rest, geo.BLOCK_WIDTH - hang, geo.BODY_CHAR_SPACING)
    pager.skip()
    for number, line in enumerate(lines):
        x = geo.BLOCK_LEFT + (head if number == 0 else hang)
        pager.place(Line(line.tokens, 0.0, False), geo.BODY_SIZE, geo.BODY_CHAR_SPACING, x)


def _place_signature(summary: AnnualSummary, pager: _Pager, measure: _Measurer) -> None:
    """落款: one blank line, unit right-spaced two characters, date below it.

    GB/T 9704 7.3.5.2: the date starts two characters right of the unit's first
    character; if the date is the longer, it keeps its two-character right space
    and the unit moves so that it still starts two characters left of the date.
    """
    unit, date = summary.signature
    if not unit and not date:
        return
    spacing = geo.BODY_CHAR_SPACING

    def line_of(text: str) -> tuple[Line, float]:
        tokens = tokenize([(text, "body")], lambda p, r: measure(p, r))
        return Line(tuple(tokens), 0.0, False), advance(tokens, spacing)

    unit_line, unit_width = line_of(unit)
    date_line, date_width = line_of(date)
    right = geo.BLOCK_RIGHT - 2 * geo.CELL
    unit_x = right - unit_width
    date_x = unit_x + 2 * geo.CELL
    if date_x + date_width > right:
        date_x = right - date_width
        unit_x = date_x - 2 * geo.CELL
    unit_lines = [(unit_line, unit_x)] if unit else []
    if unit and unit_x < geo.BLOCK_LEFT:  # a name longer than a line: wrapped, right-aligned
        tokens = tokenize([(unit, "body")], lambda p, r: measure(p, r))
        wrapped = break_lines(tokens, right - geo.BLOCK_LEFT, spacing)
        unit_lines = [
            (Line(line.tokens, 0.0, False), right - advance(line.tokens, spacing))
            for line in wrapped
        ]
        date_x = right - date_width
    needed = 1 + len(unit_lines) + bool(date)
    if pager.room() < needed:
        # Never leave the 落款 alone on a page: take the last body line along.
        page = pager.layout.pages[-1]
        carried = page.pop() if page else None
        pager.new_page()
        if carried is not None:
            pager.place(carried.line, carried.size, carried.spacing, carried.x, carried.centred)
    pager.skip()
    for line, x in unit_lines:
        pager.place(line, geo.BODY_SIZE, spacing, x)
    if date:
        pager.place(date_line, geo.BODY_SIZE, spacing, date_x)


def page_number_text(number: int) -> str:
    return f"— {number} —"


def draw_page_number(canvas: Canvas, fonts: FontSet, number: int) -> None:
    """4号 宋体 “— N —”, 7 mm below the text block; odd pages right, even pages left."""
    font = fonts["page_number"].font_name
    size = geo.PAGE_NUMBER_SIZE
    text = page_number_text(number)
    # The dashes sit about a third of the size above the baseline.
    baseline = geo.BLOCK_BOTTOM - geo.PAGE_NUMBER_GAP - 0.33 * size
    if number % 2:
        canvas.setFont(font, size)
        canvas.drawRightString(geo.BLOCK_RIGHT - size, baseline, text)
    else:
        canvas.setFont(font, size)
        canvas.drawString(geo.BLOCK_LEFT + size, baseline, text)


def _draw_line(canvas: Canvas, fonts: FontSet, placed: PlacedLine) -> None:
    line = placed.line
    if not line.tokens:
        return
    widths = sum(token.width for token in line.tokens)
    glyphs = line.glyphs
    spacing = placed.spacing
    if line.justify and glyphs > 1:  # 两端对齐: the right edge meets the text block's
        stretched = (geo.BLOCK_RIGHT - placed.x - widths) / (glyphs - 1)
        if stretched <= spacing + MAX_STRETCH:  # a gappy line stays set close, ragged
            spacing = stretched
    x = placed.x
    if placed.centred:
        x = geo.BLOCK_LEFT + (geo.BLOCK_WIDTH - widths - spacing * (glyphs - 1)) / 2
    text = canvas.beginText(x, geo.line_baseline(placed.slot, placed.size))
    text.setCharSpace(spacing)
    run_role, run_text = line.tokens[0].role, ""
    for token in line.tokens:
        if token.role != run_role and run_text:
            text.setFont(fonts[run_role].font_name, placed.size)
            text.textOut(run_text)
            run_text = ""
        run_role = token.role
        run_text += token.text
    if run_text:
        text.setFont(fonts[run_role].font_name, placed.size)
        text.textOut(run_text)
    canvas.drawText(text)


def write_summary_pdf(
    summary: AnnualSummary,
    target: Path | str | BinaryIO,
    *,
    fonts: FontSet | None = None,
    unit: str = "",
    appendix: Appendix | None = None,
) -> PdfResult:
    """Write ``summary`` as a PDF; returns the page count and the fonts used."""
    fonts = fonts or resolve_fonts()
    layout = layout_summary(summary, fonts, appendix.title if appendix else "")
    canvas = Canvas(
        str(target) if isinstance(target, Path) else target,
        pagesize=(geo.PAGE_WIDTH, geo.PAGE_HEIGHT),
        # ReportLab would otherwise select Helvetica on every page: a font never embedded.
        initialFontName=fonts["body"].font_name,
        initialFontSize=geo.BODY_SIZE,
    )
    canvas.setTitle(summary.title or f"{summary.year}年工作总结")
    canvas.setAuthor(unit or summary.signature[0])
    canvas.setSubject(f"{summary.year}年精神文明建设工作总结")
    canvas.setCreator(APP_NAME)
    for number, page in enumerate(layout.pages, start=1):
        for placed in page:
            _draw_line(canvas, fonts, placed)
        draw_page_number(canvas, fonts, number)
        canvas.showPage()
    pages = len(layout.pages)
    if appendix is not None:
        pages += appendix.draw(canvas, fonts, pages + 1)
    canvas.save()
    return PdfResult(pages, fonts, glyph_warnings(summary, fonts))


def glyph_warnings(summary: AnnualSummary, fonts: FontSet) -> list[str]:
    """A warning naming characters that the body or title font cannot print."""
    missing = missing_characters(summary.plain_text(), fonts["body"])
    missing += [c for c in missing_characters(summary.title, fonts["title"]) if c not in missing]
    if not missing:
        return []
    shown = "".join(missing[:12]) + ("……" if len(missing) > 12 else "")
    return [
        f"所选字体中没有这些字符，打印时会显示为空白：{shown}。"
        "请改用其他写法，或在“设置 → 打印字体”中换用字体。"
    ]
