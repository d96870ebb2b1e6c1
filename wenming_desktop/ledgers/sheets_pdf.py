"""活动记录表: one page per entry with every field and up to four photos, as binders keep them.

A photo that cannot be printed, and an attachment whose file is gone from the data
folder, are named in a line on the entry's page; neither ever stops the document.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, BinaryIO
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    Flowable,
    Image,
    PageBreak,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from wenming_desktop.books.records import Area, AttachmentInfo, EntryDetail
from wenming_desktop.errors import UserError
from wenming_desktop.ledgers.common import build_document, title_styles, wrap_cell
from wenming_desktop.ledgers.photos import MissingPhoto, UnprintablePhoto, load_photo
from wenming_desktop.reports.fonts import FontSet, resolve_fonts
from wenming_desktop.store.attachments import is_image

log = logging.getLogger(__name__)

MARGIN = 18 * mm
WIDTH = A4[0] - 2 * MARGIN
LABEL_WIDTH = 32 * mm
SIZE = 11.0
MAX_PHOTOS = 4
PHOTO_PIXELS = 1400  # enough for print at the size they appear; keeps the PDF small
INK = colors.HexColor("#1f2326")
WARNING_HEX = "#a52a21"
WARNING_INK = colors.HexColor(WARNING_HEX)
SAMPLE_TEXT = "示例数据，不是本单位的实际工作"


def _photo(path: Path, width: float, height: float) -> Image:
    """A photo upright (EXIF orientation applied), scaled to fit ``width`` × ``height``.

    Raises UnprintablePhoto (MissingPhoto when the file is gone).
    """
    picture = load_photo(path, PHOTO_PIXELS)
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=85)
    buffer.seek(0)
    scale = min(width / picture.width, height / picture.height)
    return Image(buffer, picture.width * scale, picture.height * scale)


def _photos(
    entry: EntryDetail,
    attachment_path: Callable[[AttachmentInfo], Path],
    fonts: FontSet,
    problems: list[str],
) -> Table | None:
    """The photo grid, or None; a photo that cannot be printed is added to ``problems``."""
    cells = []
    cell_width, cell_height = WIDTH / 2 - 6, 62 * mm
    caption = ParagraphStyle(
        "caption", fontName=fonts["body"].font_name, fontSize=9, leading=12, alignment=TA_CENTER
    )
    for attachment in _printed_photos(entry):
        path = attachment_path(attachment)
        try:
            picture = _photo(path, cell_width - 8, cell_height)
        except MissingPhoto:
            problems.append(f"附件文件缺失：{attachment.file_name}")
            continue
        except UnprintablePhoto as problem:
            log.warning("Photo %s not printed: %s (%r)", path, problem, problem.__cause__)
            problems.append(f"照片无法打印：{attachment.file_name}（{problem}）")
            continue
        cells.append([picture, Paragraph(escape(attachment.file_name), caption)])
    if not cells:
        return None
    grid: list[list[Any]] = [cells[i : i + 2] for i in range(0, len(cells), 2)]
    if len(grid[-1]) == 1:
        grid[-1].append("")
    table = Table(grid, colWidths=[WIDTH / 2] * 2)
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("ALIGN", (0, 0), (-1, -1), "CENTER"),
                ("FONT", (0, 0), (-1, -1), fonts["body"].font_name, 9),  # not Helvetica
            ]
        )
    )
    return table


def _printed_photos(entry: EntryDetail) -> list[AttachmentInfo]:
    return [a for a in entry.attachments if is_image(a.file_name)][:MAX_PHOTOS]


def _missing_files(
    entry: EntryDetail, attachment_path: Callable[[AttachmentInfo], Path]
) -> list[str]:
    """Lines naming the attachments (other than printed photos) whose file is gone."""
    printed = {a.id for a in _printed_photos(entry)}
    return [
        f"附件文件缺失：{a.file_name}"
        for a in entry.attachments
        if a.id not in printed and not attachment_path(a).is_file()
    ]


def _problem_style(fonts: FontSet) -> ParagraphStyle:
    return ParagraphStyle(
        "problem",
        fontName=fonts["body"].font_name,
        fontSize=10,
        leading=14,
        spaceBefore=3,
        textColor=WARNING_INK,
    )


def _fields(entry: EntryDetail, area: Area | None, fonts: FontSet) -> Table:
    def number(value: float | None, unit: str) -> str:
        return "" if value is None else f"{value:g}{unit}"

    date = f"{entry.date.year}年{entry.date.month}月{entry.date.day}日"
    if entry.end_date and entry.end_date != entry.date:
        date += f"至{entry.end_date.month}月{entry.end_date.day}日"
    others = [a.file_name for a in entry.attachments if not is_image(a.file_name)]
    rows = [
        ("活动名称", entry.name),
        ("工作板块", area.short_name if area else ""),
        ("时间", date),
        ("地点", entry.location),
        ("类型", entry.kind),
        ("负责人/组织部门", entry.organizer),
        ("参加人数", number(entry.participants, "人次")),
        ("志愿服务时长", number(entry.volunteer_hours, "小时")),
        ("活动内容", entry.content),
        ("成效/备注", entry.remarks),
        ("其他附件", "、".join(others)),
    ]
    room = WIDTH - LABEL_WIDTH - 8
    data = [[label, wrap_cell(value, fonts, SIZE, room)] for label, value in rows]
    table = Table(data, colWidths=[LABEL_WIDTH, WIDTH - LABEL_WIDTH])
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), fonts["body"].font_name, SIZE, SIZE * 1.45),
                ("FONT", (0, 0), (0, -1), fonts["heading1"].font_name, SIZE, SIZE * 1.45),
                ("BACKGROUND", (0, 0), (0, -1), colors.HexColor("#eef0f2")),
                ("GRID", (0, 0), (-1, -1), 0.6, INK),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("ALIGN", (0, 0), (0, -1), "CENTER"),
                ("MINROWHEIGHT", (0, 0), (-1, -1), 22),
                ("TOPPADDING", (0, 0), (-1, -1), 5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
                ("TEXTCOLOR", (0, 0), (-1, -1), INK),
            ]
        )
    )
    return table


def write_record_sheets(
    entries: Sequence[EntryDetail],
    areas: Sequence[Area],
    attachment_path: Callable[[AttachmentInfo], Path],
    target: Path | str | BinaryIO,
    *,
    unit: str,
    fonts: FontSet | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> int:
    """One 活动记录表 page per entry (long ones continue on the next); returns pages."""
    if not entries:
        raise UserError("所选范围内没有记录，无法生成活动记录表。")
    fonts = fonts or resolve_fonts()
    by_id = {area.id: area for area in areas}
    title, subtitle = title_styles(fonts, 20)
    problem_style = _problem_style(fonts)
    story: list[Flowable] = []
    for index, entry in enumerate(entries):
        if cancelled and cancelled():
            raise UserError("已取消，未生成活动记录表。")
        if index:
            story.append(PageBreak())
        story.append(Paragraph("活动记录表", title))
        line = f"填报单位：{unit}　　编号：{entry.date.year}-{index + 1:03d}"
        if entry.is_sample:  # a page of the binder must never pass for real work
            line += f'　　<font color="{WARNING_HEX}">{SAMPLE_TEXT}</font>'
        story.append(Paragraph(line, subtitle))
        story.append(Spacer(1, 5 * mm))
        story.append(_fields(entry, by_id.get(entry.area_id), fonts))
        problems: list[str] = []
        photos = _photos(entry, attachment_path, fonts, problems)
        problems += _missing_files(entry, attachment_path)
        if problems:
            story.append(Spacer(1, 2 * mm))
        story.extend(Paragraph(escape(line), problem_style) for line in problems)
        if photos is not None:
            story.append(Spacer(1, 5 * mm))
            story.append(photos)
    return build_document(
        story,
        target,
        pagesize=A4,
        margin=MARGIN,
        title=f"{unit}活动记录表",
        unit=unit,
        fonts=fonts,
    )
