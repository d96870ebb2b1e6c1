"""Chinese line breaking with 避头尾, for text set on a fixed character grid.

ReportLab's own CJK wrapping lets “，” start a line; official documents must not.
Lines are filled greedily; when the next token may not start a line (or the
current line would end with an opening bracket), tokens are pushed to the next
line (推出) and the shortened line is justified by the renderer. When pushing
cannot help (a long run of closing marks), the marks are squeezed into the line
instead (挤进): a line may come out a little wider than the block, and the renderer
sets it closer. A long run of Latin letters or digits (a URL, an account number) is
broken where the line ends rather than leaving a gap.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

#: No line may start with these (GB/T 9704 practice, plus the other closing brackets).
NO_LINE_START = frozenset("，。、；：？！）》」』】”’…%〕］｝〉·,.;:?!)]}")
#: No line may end with these.
NO_LINE_END = frozenset("（《「『【“‘〔［｛〈([{")
#: A Latin/digit run at least this long may be broken at the end of a line.
BREAKABLE_RUN = 8
#: Marks squeezed into a line rather than starting the next one, at most.
MAX_SQUEEZE = 12

# A token is what must stay on one line: one CJK character, a run of Latin letters
# and digits (2019, 12·4, 2.5, 70%), or a doubled ellipsis/dash.
_TOKEN = re.compile(
    r"[0-9A-Za-z]+(?:[.:·/\-][0-9A-Za-z]+)*%?"
    r"|……|——|\s+|."
)


@dataclass(frozen=True, slots=True)
class Token:
    text: str
    role: str
    width: float  # in points, without character spacing

    @property
    def glyphs(self) -> int:
        return len(self.text)


@dataclass(frozen=True, slots=True)
class Line:
    tokens: tuple[Token, ...]
    indent: float  # points before the first glyph
    justify: bool  # stretch to the full width (not the last line of a paragraph)

    @property
    def text(self) -> str:
        return "".join(token.text for token in self.tokens)

    @property
    def glyphs(self) -> int:
        return sum(token.glyphs for token in self.tokens)


Measure = Callable[[str, str], float]  # (text, role) -> width in points


def tokenize(runs: Sequence[tuple[str, str]], measure: Measure) -> list[Token]:
    tokens: list[Token] = []
    for text, role in runs:
        for match in _TOKEN.finditer(text):
            piece = match.group()
            if piece.isspace():
                piece = " "
            tokens.append(Token(piece, role, measure(piece, role)))
    return tokens


def advance(tokens: Sequence[Token], spacing: float) -> float:
    """How far the tokens move the pen: glyph widths plus the spacing after each glyph.

    On the 28-character grid every full-width glyph advances exactly one cell.
    """
    return sum(t.width + spacing * t.glyphs for t in tokens)


def _bad_break(last: Token, following: Token) -> bool:
    return last.text[-1] in NO_LINE_END or following.text[0] in NO_LINE_START


def break_lines(
    tokens: Sequence[Token], width: float, spacing: float, first_indent: float = 0.0
) -> list[Line]:
    """Break one paragraph into lines no wider than ``width`` points, observing 避头尾."""
    items = list(tokens)
    lines: list[Line] = []
    start, indent = 0, first_indent
    while start < len(items):
        if lines:
            while start < len(items) and items[start].text == " ":  # no space at a line start
                start += 1
            if start == len(items):
                break
        available = width - indent
        end, used = start, 0.0
        while end < len(items):
            step = items[end].width + spacing * items[end].glyphs
            if used + step > available + 0.01:
                break
            used += step
            end += 1
        if end == start:  # one token wider than the line: split it by character
            _split_oversized(items, start, available, spacing)
            end = start + 1
        elif end < len(items) and _breakable(items[end]) and available - used > 2 * spacing:
            _split_oversized(items, end, available - used, spacing)  # fill the line with it
            end += 1
        elif end < len(items):
            end = _respect_kinsoku(items, start, end)
        line = items[start:end]
        while line and line[-1].text == " ":
            line.pop()
        lines.append(Line(tuple(line), indent, justify=end < len(items)))
        start, indent = end, 0.0
    return lines


def _breakable(token: Token) -> bool:
    return token.glyphs >= BREAKABLE_RUN and token.text.isascii() and not token.text.isspace()


def _respect_kinsoku(items: list[Token], start: int, end: int) -> int:
    """Move the break back until neither side breaks a rule (推出); if that would push
    more than a few characters, squeeze the marks into this line instead (挤进)."""
    candidate = end
    while candidate > start + 1 and _bad_break(items[candidate - 1], items[candidate]):
        candidate -= 1
        if end - candidate > 6:
            break
    if end - candidate <= 6 and not _bad_break(items[candidate - 1], items[candidate]):
        return candidate
    squeezed = end
    while (
        squeezed < len(items)
        and squeezed - end < MAX_SQUEEZE
        and _bad_break(items[squeezed - 1], items[squeezed])
    ):
        squeezed += 1
    return squeezed


def _split_oversized(items: list[Token], index: int, available: float, spacing: float) -> None:
    token = items[index]
    per_glyph = token.width / max(token.glyphs, 1)
    fit = max(1, int((available + 0.01) // (per_glyph + spacing)))
    head = Token(token.text[:fit], token.role, per_glyph * fit)
    tail = Token(token.text[fit:], token.role, token.width - head.width)
    items[index : index + 1] = [head, tail] if tail.text else [head]
