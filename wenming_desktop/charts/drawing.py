"""A ChartSpec as a ReportLab vector drawing (for the 统计报表 PDF and exported PNGs).

Everything is laid out inside the drawing's box: names too long for their place wrap
(never inside “2019年” or a number), and no text is set smaller than 8 pt.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.shapes import Drawing, Group, Rect, String
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth

from wenming_desktop.charts.spec import ChartSpec, number_text
from wenming_desktop.reports.fonts import FontSet
from wenming_desktop.reports.linebreak import NO_LINE_END, NO_LINE_START, Token, tokenize

INK = colors.HexColor("#2b2f33")
NOTE_INK = colors.HexColor("#a52a21")
GRID = colors.HexColor("#d5d8dc")
#: The smallest text on paper: chart labels, bar values, legends.
MIN_LABEL_SIZE = 8.0
LEADING = 1.2
MONTH_MARK = "（月）"

_DIGITS = re.compile(r"[0-9][0-9.,]*%?")
#: A break after these costs nothing (a clause ends there).
_CLAUSE_ENDS = frozenset("，。；、：！？")
#: Where a break inside a unit's name reads naturally: after the kind of a place or body.
_NAME_ENDS = frozenset("省市区县镇乡街村会局委部厅司院校所处站厂馆行社团室科队组）")
#: Penalty (in characters squared of imbalance) for an ordinary break between two glyphs:
#: “志愿服务时长／（小时）” rather than “志愿服务时／长（小时）”.
ORDINARY_BREAK = 4.0
Penalty = Callable[[Sequence[Token], int], float]  # cost of a break after token i


def nice_maximum(value: float) -> tuple[float, float]:
    """A round axis maximum and step for ``value`` (10 → 10/2, 860 → 1000/200)."""
    if value <= 0:
        return 5.0, 1.0
    magnitude = 10 ** math.floor(math.log10(value))
    for factor in (1, 2, 2.5, 5, 10):
        step = factor * magnitude / 5
        top = math.ceil(value / step) * step
        if top / step <= 6:
            return float(top), float(step)
    return float(math.ceil(value / magnitude) * magnitude), float(magnitude)


# -- wrapping ---------------------------------------------------------------------------
def text_tokens(text: str, font: str, size: float) -> list[Token]:
    """What must stay on one line: a glyph, a number (with the 年/月/日 it counts)."""
    tokens = tokenize([(text, "text")], lambda piece, _role: stringWidth(piece, font, size))
    glued: list[Token] = []
    for token in tokens:
        previous = glued[-1] if glued else None
        if previous is not None and token.text in "年月日" and _DIGITS.fullmatch(previous.text):
            glued[-1] = Token(previous.text + token.text, "text", previous.width + token.width)
        else:
            glued.append(token)
    return glued


def break_penalty(tokens: Sequence[Token], index: int) -> float:
    """The cost of a break after ``tokens[index]``: infinite where 避头尾 forbids one."""
    last, following = tokens[index], tokens[index + 1]
    if last.text[-1] in NO_LINE_END or following.text[0] in NO_LINE_START:
        return math.inf
    if last.text == " " or following.text == " " or last.text[-1] in _CLAUSE_ENDS:
        return 0.0
    if following.text[0] in "（(" or last.text[-1] in "）)":
        return 0.0
    return ORDINARY_BREAK


def name_penalty(tokens: Sequence[Token], index: int) -> float:
    """Like :func:`break_penalty`, but a name is best broken after 区, 总工会, 公司 …"""
    base = break_penalty(tokens, index)
    if base and not math.isinf(base) and tokens[index].text[-1] in _NAME_ENDS:
        return 0.125 * ORDINARY_BREAK
    return base


def _strip(tokens: Sequence[Token]) -> Sequence[Token]:
    start, end = 0, len(tokens)
    while start < end and tokens[start].text == " ":
        start += 1
    while end > start and tokens[end - 1].text == " ":
        end -= 1
    return tokens[start:end]


def _split_oversized(tokens: Sequence[Token], width: float) -> list[Token]:
    """Tokens wider than a whole line (a very long number or Latin run) split by glyph."""
    result: list[Token] = []
    for token in tokens:
        if token.width <= width + 0.01 or len(token.text) == 1:
            result.append(token)
            continue
        per_glyph = token.width / len(token.text)
        result += [Token(char, token.role, per_glyph) for char in token.text]
    return result


def balance_tokens(
    tokens: Sequence[Token],
    width: float,
    unit: float,
    penalty: Penalty = break_penalty,
    *,
    spare_lines: int = 0,
    line_cost: float = 0.0,
) -> list[list[Token]]:
    """Break ``tokens`` into lines no wider than ``width``, of even length (in ``unit``s),
    breaking where it reads best (``penalty``). As few lines as possible — or up to
    ``spare_lines`` more, each costing ``line_cost``, when that avoids a bad break."""
    items = _split_oversized(tokens, width)
    count = len(items)
    if not count:
        return []
    costs = [penalty(items, index) if index < count - 1 else 0.0 for index in range(count)]
    fewest = max(1, math.ceil(sum(t.width for t in items) / width - 1e-9))
    found: list[tuple[float, list[list[Token]]]] = []
    for lines in range(fewest, count + 1):
        extra = lines - len(found[0][1]) if found else 0
        if extra > spare_lines:
            break
        best = _best_breaks(items, costs, lines, width, unit)
        if best is not None:
            found.append((best[0] + line_cost * extra, best[1]))
    if not found:
        return [[token] for token in items]  # a glyph wider than the line: nothing better
    return min(found, key=lambda option: option[0])[1]


def _best_breaks(
    items: Sequence[Token], costs: Sequence[float], lines: int, width: float, unit: float
) -> tuple[float, list[list[Token]]] | None:
    """The cheapest way to set ``items`` on exactly ``lines`` lines (None: there is none)."""
    count = len(items)
    starts = [0.0]
    for token in items:
        starts.append(starts[-1] + token.width)

    def line_width(first: int, end: int) -> float:  # without a space at either end
        used = starts[end] - starts[first]
        if items[first].text == " ":
            used -= items[first].width
        if end - 1 > first and items[end - 1].text == " ":
            used -= items[end - 1].width
        return used

    target = starts[-1] / lines
    # best[k][end]: the cost of items[:end] on k lines; back[k][end]: where line k starts
    best = [[math.inf] * (count + 1) for _ in range(lines + 1)]
    back = [[0] * (count + 1) for _ in range(lines + 1)]
    best[0][0] = 0.0
    for k in range(1, lines + 1):
        for end in range(k, count + 1) if k < lines else (count,):
            for first in range(end - 1, k - 2, -1):
                used = line_width(first, end)
                if used > width + 0.01:
                    break
                before = best[k - 1][first]
                if math.isinf(before) or (first and math.isinf(costs[first - 1])):
                    continue
                cost = before + ((target - used) / unit) ** 2 + (costs[first - 1] if first else 0)
                if cost < best[k][end]:
                    best[k][end], back[k][end] = cost, first
    if math.isinf(best[lines][count]):
        return None
    result: list[list[Token]] = []
    end = count
    for k in range(lines, 0, -1):
        first = back[k][end]
        result.append(list(_strip(items[first:end])))
        end = first
    return best[lines][count], result[::-1]


def wrap_text(
    text: str, font: str, size: float, width: float, penalty: Penalty = break_penalty
) -> list[str]:
    """``text`` in balanced lines no wider than ``width`` points (see :func:`balance_tokens`)."""
    tokens = text_tokens(text, font, size)
    return ["".join(t.text for t in line) for line in balance_tokens(tokens, width, size, penalty)]


# -- the chart --------------------------------------------------------------------------
def _widest(texts: Sequence[str], font: str, size: float) -> float:
    return max((stringWidth(text, font, size) for text in texts), default=0.0)


def _legend(
    drawing: Drawing,
    items: Sequence[tuple[str, str]],
    font: str,
    size: float,
    box: tuple[float, float, float],
) -> float:
    """Draw the legend in columns of even width from ``box`` (x, top, width); its height."""
    x, top, room = box
    if not items:
        return 0.0
    swatch, gap = size, size * 0.5
    widest = _widest([name for _c, name in items], font, size)
    per_row = max(1, min(len(items), int(room // (swatch + gap + min(widest, 5 * size) + size))))
    column = room / per_row
    leading = size * LEADING
    y = top
    for row_start in range(0, len(items), per_row):
        row = items[row_start : row_start + per_row]
        wrapped = [wrap_text(name, font, size, column - swatch - gap - size) for _c, name in row]
        for index, ((color, _name), lines) in enumerate(zip(row, wrapped, strict=True)):
            left = x + index * column
            drawing.add(
                Rect(
                    left,
                    y - size * 0.95,
                    swatch * 0.9,
                    swatch * 0.9,
                    fillColor=colors.HexColor(color),
                    strokeColor=None,
                )
            )
            for number, line in enumerate(lines):
                drawing.add(
                    String(
                        left + swatch + gap,
                        y - size * 0.88 - number * leading,
                        line,
                        fontName=font,
                        fontSize=size,
                        fillColor=INK,
                    )
                )
        y -= max(len(lines) for lines in wrapped) * leading + size * 0.4
    return top - y


def _legend_height(items: Sequence[tuple[str, str]], font: str, size: float, room: float) -> float:
    probe = Drawing(room, 1000)
    return _legend(probe, items, font, size, (0, 1000, room))


def chart_drawing(spec: ChartSpec, fonts: FontSet, width: float, height: float) -> Drawing:
    """Draw ``spec`` in a ``width`` × ``height`` point box, nothing outside it."""
    text_font = fonts["body"].font_name
    title_font = fonts["heading1"].font_name
    scale = max(min(width / 400, height / 260), 0.82)
    label_size = max(MIN_LABEL_SIZE, 8.5 * scale)
    title_size = max(MIN_LABEL_SIZE * 1.25, 13 * scale)
    leading = label_size * LEADING
    pad = 4 * scale
    drawing = Drawing(width, height)
    # The renderer would otherwise start from Helvetica, a font never embedded.
    drawing.initialFontName, drawing.initialFontSize = text_font, label_size

    def text(x: float, y: float, value: str, **style: object) -> None:
        attributes: dict[str, object] = {"fontName": text_font, "fontSize": label_size}
        attributes |= {"fillColor": INK, **style}
        drawing.add(String(x, y, value, **attributes))

    # Title, then the value axis' title (left) and the note (right) on one line if they fit.
    y = height - pad
    for line in wrap_text(spec.title, title_font, title_size, width - 2 * pad):
        y -= title_size * 1.15
        text(width / 2, y, line, fontName=title_font, fontSize=title_size, textAnchor="middle")
    y -= title_size * 0.35
    note_lines: list[str] = []
    if spec.note:
        room = width - 2 * pad - stringWidth(spec.value_label, text_font, label_size)
        if stringWidth(spec.note, text_font, label_size) + 2 * label_size <= room:
            text(width - pad, y - label_size, spec.note, fillColor=NOTE_INK, textAnchor="end")
        else:  # a line of its own, above the value axis' title
            note_lines = wrap_text(spec.note, text_font, label_size, width - 2 * pad)
    for line in note_lines:
        y -= leading
        text(width - pad, y + leading - label_size, line, fillColor=NOTE_INK, textAnchor="end")
    text(pad, y - label_size, spec.value_label)
    y -= leading

    stacked_values = spec.totals() if spec.stacked else ()
    values = list(stacked_values) if spec.stacked else [v for s in spec.series for v in s.values]
    top, step = nice_maximum(max(values or [0]))
    ticks = [number_text(step * index) for index in range(round(top / step) + 1)]
    chart = VerticalBarChart()
    chart.x = pad + _widest(ticks, text_font, label_size) + 6 * scale
    chart.width = width - chart.x - 2 * pad
    categories = max(len(spec.categories), 1)

    # Category names: months lose “月” when it does not fit (“（月）” then follows the last
    # one); area names wrap in their slot.
    names = list(spec.categories)
    month_mark = spec.by_month and _widest(names, text_font, label_size) > (
        chart.width / categories * 0.9
    )
    if month_mark:
        names = [name.removesuffix("月") for name in names]
        chart.width = width - chart.x - pad - stringWidth(MONTH_MARK, text_font, label_size)
    slot = chart.width / categories
    wrapped = [wrap_text(name, text_font, label_size, slot * 0.92) for name in names]
    label_lines = max((len(lines) for lines in wrapped), default=1)
    label_room = label_lines * leading + 3 * scale
    bottom = pad
    legend_top = bottom + _legend_height(spec.legend, text_font, label_size, width - 2 * pad)

    # Values on the bars (totals above stacks), set upright when too wide for their bar.
    bar_texts = [number_text(v) for v in values if v]
    bars_per_slot = 1 if spec.stacked else len(spec.series)
    upright = _widest(bar_texts, text_font, label_size) > slot / bars_per_slot * 0.95
    value_room = (
        _widest(bar_texts, text_font, label_size) + 3 * scale if upright else leading + scale
    )
    chart.y = legend_top + label_room + (label_size * 0.4 if spec.legend else 0.0)
    chart.height = max(y - value_room - chart.y, 10.0)
    peak = max(values or [0])
    while chart.height * step / top < label_size * 1.6 and top > step:  # ticks apart
        step *= 2
        top = max(math.ceil(peak / step) * step, step)

    chart.data = [list(series.values) for series in spec.series]
    chart.categoryAxis.categoryNames = ["\n".join(lines) for lines in wrapped]
    chart.categoryAxis.labels.fontName = text_font
    chart.categoryAxis.labels.fontSize = label_size
    chart.categoryAxis.labels.leading = leading
    chart.categoryAxis.labels.boxAnchor = "n"
    chart.categoryAxis.labels.textAnchor = "middle"
    chart.categoryAxis.labels.dy = -3 * scale
    chart.categoryAxis.strokeColor = INK
    if spec.stacked:
        chart.categoryAxis.style = "stacked"
    chart.valueAxis.valueMin, chart.valueAxis.valueMax, chart.valueAxis.valueStep = 0, top, step
    chart.valueAxis.labels.fontName = text_font
    chart.valueAxis.labels.fontSize = label_size
    chart.valueAxis.labels.boxAnchor = "e"
    chart.valueAxis.labels.dx = -5 * scale
    chart.valueAxis.tickLeft = 3 * scale
    chart.valueAxis.labelTextFormat = number_text
    chart.valueAxis.visibleGrid = True
    chart.valueAxis.gridStrokeColor = GRID
    chart.valueAxis.strokeColor = INK
    chart.barSpacing = 1.5 * scale
    chart.groupSpacing = 8 * scale if len(spec.series) > 1 and not spec.stacked else 5 * scale
    chart.bars.strokeColor = None
    for s_index, series in enumerate(spec.series):
        for c_index, color in enumerate(series.colors):
            chart.bars[(s_index, c_index)].fillColor = colors.HexColor(color)
    if not spec.stacked:  # values on the bars, as a leader would want to read them
        chart.barLabelFormat = lambda v: "" if not v else number_text(v)
        chart.barLabels.fontName = text_font
        chart.barLabels.fontSize = label_size
        chart.barLabels.fillColor = INK
        if upright:
            chart.barLabels.angle = 90
            chart.barLabels.boxAnchor = "w"
            chart.barLabels.nudge = 2 * scale
        else:
            chart.barLabels.boxAnchor = "s"
            chart.barLabels.nudge = scale
    drawing.add(chart)
    if month_mark:  # the unit that was taken off the labels
        baseline = chart.y - 3 * scale - label_size * 1.02
        text(width - pad, baseline, MONTH_MARK, textAnchor="end")
    for index, total in enumerate(stacked_values):  # totals above the stacks
        if total:
            x = chart.x + slot * (index + 0.5)
            y = chart.y + chart.height * total / top + 2 * scale
            if upright:
                upward = String(
                    0, 0, number_text(total), fontName=text_font, fontSize=label_size, fillColor=INK
                )
                drawing.add(Group(upward, transform=(0, 1, -1, 0, x + label_size * 0.35, y)))
            else:
                text(x, y, number_text(total), textAnchor="middle")
    _legend(drawing, spec.legend, text_font, label_size, (pad, legend_top, width - 2 * pad))
    return drawing


def plot_height(drawing: Drawing) -> float:
    """How tall the bars may grow in a drawing made by :func:`chart_drawing`."""
    return float(
        next(item.height for item in drawing.contents if isinstance(item, VerticalBarChart))
    )
