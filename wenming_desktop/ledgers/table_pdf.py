"""活动台账: a landscape table of a year's entries, per area, for the inspection binder."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    Flowable,
    LongTable,
    PageBreak,
    Paragraph,
    Spacer,
    TableStyle,
)

from wenming_desktop.books.records import Area, EntryDetail
from wenming_desktop.errors import UserError
from wenming_desktop.ledgers.common import build_document, title_styles, wrap_cell
from wenming_desktop.reports.fonts import FontSet, resolve_fonts

PAGE = landscape(A4)
MARGIN = 15 * mm
CELL_SIZE = 10.0
PADDING = 3.0
SUMMARY_CHARS = 120
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


def _date(entry: EntryDetail) -> str:
    text = f"{entry.date:%Y-%m-%d}"
    if entry.end_date and entry.end_date != entry.date:
        text += f"至{entry.end_date:%m-%d}"
    return text


def _summary(entry: EntryDetail) -> str:
    text = " ".join(entry.content.split()) or " ".join(entry.remarks.split())
    return text if len(text) <= SUMMARY_CHARS else text[: SUMMARY_CHARS - 1] + "…"


def sample_note(count: int) -> str:
    """The line under a section's title when ``count`` of its rows are sample entries."""
    return f"注：名称后标“示例”的 {count} 条记录为示例数据，不是本单位的实际工作。"


def _table(section: LedgerSection, fonts: FontSet) -> LongTable:
    widths = _widths()
    room = [w - 2 * PADDING for w in widths]
    rows: list[list[str]] = [[heading for heading, _w in COLUMNS]]
    shaded: list[tuple[str, tuple[int, int], tuple[int, int], colors.Color]] = []
    for number, entry in enumerate(section.entries, start=1):
        people = "" if entry.participants is None else str(entry.participants)
        if entry.is_sample:
            shaded.append(("BACKGROUND", (0, number), (-1, number), SAMPLE_SHADE))
        cells = [
            str(number),
            _date(entry),
            entry.name + (SAMPLE_MARK if entry.is_sample else ""),
            entry.location,
            people,
            entry.organizer,
            _summary(entry),
        ]
        rows.append([wrap_cell(text, fonts, CELL_SIZE, room[i]) for i, text in enumerate(cells)])
    if len(rows) == 1:
        rows.append(["", "", "（本年度无记录）", "", "", "", ""])
    table = LongTable(rows, colWidths=widths, repeatRows=1)
    body, bold = fonts["body"].font_name, fonts["heading1"].font_name
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), body, CELL_SIZE, CELL_SIZE * 1.3),
                ("FONT", (0, 0), (-1, 0), bold, CELL_SIZE, CELL_SIZE * 1.3),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e9ecef")),
                ("GRID", (0, 0), (-1, -1), 0.5, INK),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("ALIGN", (0, 0), (-1, 0), "CENTER"),
                ("ALIGN", (0, 1), (1, -1), "CENTER"),
                ("ALIGN", (4, 1), (4, -1), "CENTER"),
                ("LEFTPADDING", (0, 0), (-1, -1), PADDING),
                ("RIGHTPADDING", (0, 0), (-1, -1), PADDING),
                ("TEXTCOLOR", (0, 0), (-1, -1), INK),
                *shaded,
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
    note = ParagraphStyle("sample_note", subtitle, textColor=SAMPLE_NOTE_INK)
    story: list[Flowable] = []
    for index, section in enumerate(sections):
        if cancelled and cancelled():
            raise UserError("已取消，未生成台账。")
        if index:
            story.append(PageBreak())
        story.append(Paragraph(f"{unit}{year}年精神文明建设活动台账", title))
        figures = len(section.entries)
        people = sum(e.participants or 0 for e in section.entries)
        story.append(
            Paragraph(
                f"工作板块：{section.area.short_name}（{section.area.heading}）"
                f"　　填报单位：{unit}　　共 {figures} 项活动，{people} 人次",
                subtitle,
            )
        )
        samples = sum(entry.is_sample for entry in section.entries)
        if samples:
            story.append(Paragraph(sample_note(samples), note))
        story.append(Spacer(1, 4 * mm))
        story.append(_table(section, fonts))
    return build_document(
        story,
        target,
        pagesize=PAGE,
        margin=MARGIN,
        title=f"{unit}{year}年活动台账",
        unit=unit,
        fonts=fonts,
    )
