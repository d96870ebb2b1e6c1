"""活动台账: a landscape table of a year's entries, per area, for the inspection binder."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.platypus import (
    Flowable,
    LongTable,
    PageBreak,
    Spacer,
    TableStyle,
)

from wenming_desktop.books.records import Area, EntryDetail
from wenming_desktop.errors import UserError
from wenming_desktop.ledgers.common import (
    CentredLines,
    break_text,
    build_document,
    shorten,
    title_styles,
)
from wenming_desktop.reports.fonts import FontSet, resolve_fonts
from wenming_desktop.wording import date_range

PAGE = landscape(A4)
MARGIN = 15 * mm
CELL_SIZE = 10.0
PADDING = 3.0
SUMMARY_CHARS = 120
LEADING = CELL_SIZE * 1.3
LINE = 0.5
#: An entry up to this many lines tall is one row, kept whole on a page (it always fits
#: one under the title); a taller one is sliced into rows of at most PIECE_LINES lines,
#: ruled as one, that may continue on the next page.
WHOLE_ROW_LINES = 12
PIECE_LINES = 8
#: (heading, width in mm); 内容摘要 takes what is left of the 267 mm line.
COLUMNS = (
    ("序号", 12),
    ("日期", 24),
    ("活动名称", 62),
    ("地点", 36),
    ("参加人数", 17),
    ("负责人", 30),
    ("内容摘要", 0),
)
INK = colors.HexColor("#1f2326")
SAMPLE_MARK = "（示例）"
SAMPLE_NOTE_INK = colors.HexColor("#a52a21")
#: Sample rows are shaded as well as marked, so a page of them is told apart at a glance.
SAMPLE_SHADE = colors.HexColor("#f2f2f2")


@dataclass(frozen=True, slots=True)
class LedgerSection:
    area: Area
    entries: Sequence[EntryDetail]


def _widths() -> list[float]:
    fixed = sum(width for _h, width in COLUMNS) * mm
    return [(width * mm) if width else (PAGE[0] - 2 * MARGIN - fixed) for _h, width in COLUMNS]


def _date(entry: EntryDetail, year: int) -> str:
    """``3月5日``, ``3月5日至7日``, ``12月30日至2020年1月2日``: the title names the year."""
    return date_range(entry.date, entry.end_date, year=year)


def _summary(entry: EntryDetail) -> str:
    text = " ".join(entry.content.split()) or " ".join(entry.remarks.split())
    return shorten(text, SUMMARY_CHARS)


def sample_note(count: int) -> str:
    """The line under a section's title when ``count`` of its rows are sample entries."""
    return f"注：名称后标“示例”的 {count} 条记录为示例数据，不是本单位的实际工作。"


def _pieces(cells: list[list[str]]) -> list[list[str]]:
    """An entry's wrapped cells as table rows: one row, or (when taller than
    ``WHOLE_ROW_LINES``) slices of at most ``PIECE_LINES`` lines, so that a long entry
    continues on the next page instead of leaving a page empty or running off it."""
    height = max(len(lines) for lines in cells)
    if height <= WHOLE_ROW_LINES:
        return [["\n".join(lines) for lines in cells]]
    count = math.ceil(height / PIECE_LINES)
    size = math.ceil(height / count)
    return [
        ["\n".join(lines[start : start + size]) for lines in cells]
        for start in range(0, height, size)
    ]


Command = tuple[Any, ...]


def _table(section: LedgerSection, year: int, fonts: FontSet) -> LongTable:
    widths = _widths()
    room = [w - 2 * PADDING for w in widths]
    body, bold = fonts["body"].font_name, fonts["heading1"].font_name
    rows: list[list[str]] = [[heading for heading, _w in COLUMNS]]
    styles: list[Command] = []
    for number, entry in enumerate(section.entries, start=1):
        people = "" if entry.participants is None else str(entry.participants)
        cells = [
            str(number),
            _date(entry, year),
            entry.name + (SAMPLE_MARK if entry.is_sample else ""),
            entry.location,
            people,
            entry.organizer,
            _summary(entry),
        ]
        pieces = _pieces(
            [break_text(text, body, CELL_SIZE, room[i]) for i, text in enumerate(cells)]
        )
        first, last = len(rows), len(rows) + len(pieces) - 1
        rows.extend(pieces)
        if entry.is_sample:
            styles.append(("BACKGROUND", (0, first), (-1, last), SAMPLE_SHADE))
        if last > first:  # one entry in slices: read as one cell, top down, no rule between
            paper = SAMPLE_SHADE if entry.is_sample else colors.white
            styles += [
                ("VALIGN", (0, first), (-1, last), "TOP"),
                ("BOTTOMPADDING", (0, first), (-1, last - 1), 0),
                ("TOPPADDING", (0, first + 1), (-1, last), 0),
                ("LINEBELOW", (0, first), (-1, last - 1), LINE, paper),
                ("LINEBEFORE", (0, first), (-1, last), LINE, INK),
                ("LINEAFTER", (-1, first), (-1, last), LINE, INK),
            ]
    if len(rows) == 1:
        rows.append(["", "", "（本年度无记录）", "", "", "", ""])
    table = LongTable(rows, colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), body, CELL_SIZE, LEADING),
                ("FONT", (0, 0), (-1, 0), bold, CELL_SIZE, LEADING),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e9ecef")),
                ("BOX", (0, 0), (-1, -1), LINE, INK),
                ("LINEAFTER", (0, 0), (-2, -1), LINE, INK),
                # Every row is ruled below by one command: a command per entry made
                # each page break re-read them all (10,000 entries: 4 s more).
                ("LINEBELOW", (0, 0), (-1, -1), LINE, INK),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("ALIGN", (0, 0), (-1, 0), "CENTER"),
                ("ALIGN", (0, 1), (1, -1), "CENTER"),
                ("ALIGN", (4, 1), (4, -1), "CENTER"),
                ("LEFTPADDING", (0, 0), (-1, -1), PADDING),
                ("RIGHTPADDING", (0, 0), (-1, -1), PADDING),
                ("TEXTCOLOR", (0, 0), (-1, -1), INK),
                *styles,
            ]
        )
    )
    return table


def write_ledger_pdf(
    sections: Sequence[LedgerSection],
    target: Path | str | BinaryIO,
    *,
    unit: str,
    year: int,
    fonts: FontSet | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> int:
    """Write the 活动台账 (one table per area, each starting on a new page); returns pages."""
    fonts = fonts or resolve_fonts()
    title, subtitle = title_styles(fonts, 18)
    story: list[Flowable] = []
    for index, section in enumerate(sections):
        if cancelled and cancelled():
            raise UserError("已取消，未生成台账。")
        if index:
            story.append(PageBreak())
        story.append(
            CentredLines(
                [f"{unit}{year}年精神文明建设活动台账"],
                title.fontName,
                title.fontSize,
                title.leading,
            )
        )
        figures = len(section.entries)
        people = sum(e.participants or 0 for e in section.entries)
        parts = [
            f"工作板块：{section.area.short_name}（{section.area.heading}）",
            f"填报单位：{unit}",
            f"共 {figures} 项活动，{people} 人次",
        ]
        story.append(CentredLines(parts, subtitle.fontName, subtitle.fontSize, subtitle.leading))
        samples = sum(entry.is_sample for entry in section.entries)
        if samples:
            story.append(
                CentredLines(
                    [sample_note(samples)],
                    subtitle.fontName,
                    subtitle.fontSize,
                    subtitle.leading,
                    SAMPLE_NOTE_INK,
                )
            )
        story.append(Spacer(1, 4 * mm))
        story.append(_table(section, year, fonts))
    return build_document(
        story,
        target,
        pagesize=PAGE,
        margin=MARGIN,
        title=f"{unit}{year}年活动台账",
        unit=unit,
        fonts=fonts,
    )
