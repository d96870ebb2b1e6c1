"""GB/T 9704-2012 page geometry for an A4 official document, in points."""

from __future__ import annotations

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_TOP = 37 * mm
MARGIN_LEFT = 28 * mm
BLOCK_WIDTH = 156 * mm  # so the right margin is 26 mm
BLOCK_HEIGHT = 225 * mm  # so the bottom margin is 35 mm
BLOCK_LEFT = MARGIN_LEFT
BLOCK_RIGHT = MARGIN_LEFT + BLOCK_WIDTH
BLOCK_TOP = PAGE_HEIGHT - MARGIN_TOP
BLOCK_BOTTOM = BLOCK_TOP - BLOCK_HEIGHT

LINES_PER_PAGE = 22
CHARS_PER_LINE = 28
LINE_PITCH = BLOCK_HEIGHT / LINES_PER_PAGE  # ≈ 28.9 pt
CELL = BLOCK_WIDTH / CHARS_PER_LINE  # ≈ 15.79 pt: one character of the 28-per-line grid

BODY_SIZE = 16.0  # 3号
TITLE_SIZE = 22.0  # 2号
PAGE_NUMBER_SIZE = 14.0  # 4号
#: 16 pt glyphs on a 15.79 pt grid: each character is set this much closer (negative).
BODY_CHAR_SPACING = CELL - BODY_SIZE
PAGE_NUMBER_GAP = 7 * mm  # from the text block's lower edge to the page number's dashes


def line_baseline(slot: int, size: float = BODY_SIZE) -> float:
    """Baseline of grid line ``slot`` (0 = top) for glyphs of ``size``, centred in the line."""
    box_bottom = BLOCK_TOP - (slot + 1) * LINE_PITCH
    return box_bottom + (LINE_PITCH - size) / 2 + 0.12 * size
