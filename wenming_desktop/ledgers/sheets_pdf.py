"""活动记录表: a page per entry with every field and its photos, as binders keep them.

An entry too long for one page goes on over continuation pages that repeat the title and
its 编号 with “（续）”; any field may hold the 20,000 characters an entry allows, so no
part of the sheet is a table cell that must fit a page. Up to four photos share the
entry's page, shrunk to the room the text leaves; later photos follow, two to a page,
captioned with the entry's time, place and subject. Attachments that are not printed
(documents, missing files, photos that cannot be printed) are named at the end of the
entry; none of them ever stops the document.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import BinaryIO

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import ActionFlowable, Flowable, PageBreak, Spacer

from wenming_desktop.books.records import Area, AttachmentInfo, EntryDetail
from wenming_desktop.errors import UserError
from wenming_desktop.ledgers.common import (
    FOOTER_ROOM,
    CentredLines,
    break_text,
    build_document,
    heading_lines,
    shorten,
    title_styles,
)
from wenming_desktop.ledgers.photos import (
    PHOTO_PIXELS,
    Photo,
    PhotoBlock,
    Shot,
    UnprintablePhoto,
    printable_photo,
)
from wenming_desktop.reports.fonts import FontSet, resolve_fonts
from wenming_desktop.store.attachments import is_image
from wenming_desktop.wording import chinese_date, date_range

log = logging.getLogger(__name__)

MARGIN = 18 * mm
#: Where the text block ends at the foot of the page: the page number sits below it.
BOTTOM = MARGIN + FOOTER_ROOM  # as build_document places the frame
LABEL_WIDTH = 32 * mm
SIZE = 11.0
LEADING = SIZE * 1.45
PAD_X, PAD_Y = 6.0, 5.0
LABEL_PAD = 3.0  # “负责人/组织部门” on one line
MIN_ROW_HEIGHT = 22.0
#: Photos on the entry's own page (the rest follow, PHOTOS_PER_PAGE to a page).
FIRST_PAGE_PHOTOS = 4
#: Pixels on the longest side of a photo two to a row (83 mm wide at most: 300 dpi); a
#: photo the width of the page keeps PHOTO_PIXELS. Every photo is in the PDF, and the
#: whole PDF is in memory until it is written.
GRID_PIXELS = 1000
PHOTOS_PER_PAGE = 2
NOTE_SIZE, NOTE_LEADING = 10.0, 14.0
INK = colors.HexColor("#1f2326")
LABEL_SHADE = colors.HexColor("#eef0f2")
WARNING_INK = colors.HexColor("#a52a21")
SAMPLE_TEXT = "示例数据，不是本单位的实际工作"
CONTINUED = "（续）"
#: What a document that is not printed is, by its file name's suffix.
_KINDS = {
    "表格文件": (".xlsx", ".xls", ".et", ".csv", ".ods"),
    "文档": (".docx", ".doc", ".wps", ".rtf", ".txt", ".odt"),
    "PDF 文件": (".pdf", ".ofd"),
    "演示文稿": (".pptx", ".ppt", ".dps", ".odp"),
    "视频": (".mp4", ".mov", ".avi", ".wmv", ".mkv", ".flv"),
    "音频": (".mp3", ".wav", ".m4a", ".wma", ".amr"),
    "压缩包": (".zip", ".rar", ".7z"),
}


def paragraph_lines(text: str, font: str, size: float, width: float) -> list[str]:
    """``text`` in lines no wider than ``width`` points, broken as cell text is (避头尾,
    2019 never split), the clerk's own line breaks kept (blank lines once) and a run wider
    than a line cut where it must."""
    lines: list[str] = []
    for paragraph in text.splitlines():
        if not paragraph.strip():
            if lines and lines[-1]:
                lines.append("")
            continue
        for line in break_text(paragraph, font, size, width):
            lines.extend(_cut(line, font, size, width))
    while lines and not lines[-1]:
        lines.pop()
    return lines or [""]


def _cut(line: str, font: str, size: float, width: float) -> list[str]:
    """``line`` as it is, or cut by measured character widths where it is too wide (the
    breaker cuts an overlong run by its average character width)."""
    if stringWidth(line, font, size) <= width + 0.01:
        return [line]
    pieces, current, used = [], "", 0.0
    for character in line:
        step = stringWidth(character, font, size)
        if current and used + step > width + 0.01:
            pieces.append(current)
            current, used = "", 0.0
        current, used = current + character, used + step
    return [*pieces, current]


def _baseline(line_top: float, leading: float, size: float) -> float:
    # CJK glyphs reach from about -0.12 to 0.88 em: their middle is centred in the line
    return line_top - leading / 2 - 0.38 * size


@dataclass(frozen=True, slots=True)
class _Look:
    label_font: str
    value_font: str


class FieldRow(Flowable):
    """One field of the sheet: its label in a shaded cell, its value beside it, ruled.

    A long value goes on over pages: the row splits between its lines, and the part on the
    next page is labelled “活动内容（续）”."""

    def __init__(
        self, label: str, value: str, look: _Look, lines: Sequence[str] | None = None
    ) -> None:
        super().__init__()
        self.label, self.value, self._look = label, value, look
        self._lines = list(lines) if lines is not None else None

    def _value_lines(self, width: float) -> list[str]:
        if self._lines is None:
            room = width - LABEL_WIDTH - 2 * PAD_X
            self._lines = paragraph_lines(self.value, self._look.value_font, SIZE, room)
        return self._lines

    def _label_lines(self) -> list[str]:
        return paragraph_lines(self.label, self._look.label_font, SIZE, LABEL_WIDTH - 2 * LABEL_PAD)

    def _height(self, lines: int) -> float:
        return max(MIN_ROW_HEIGHT, max(lines, len(self._label_lines())) * LEADING + 2 * PAD_Y)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width = availWidth
        self.height = self._height(len(self._value_lines(availWidth)))
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        lines = self._value_lines(availWidth)
        if len(lines) < 4:  # a short value is not torn apart: the row moves on
            return []
        fit = int((availHeight - 2 * PAD_Y) // LEADING)
        keep = min(fit, len(lines) - 2)
        if keep < 2 or self._height(keep) > availHeight:
            return []
        label = self.label if self.label.endswith(CONTINUED) else self.label + CONTINUED
        return [
            FieldRow(self.label, self.value, self._look, lines[:keep]),
            FieldRow(label, self.value, self._look, lines[keep:]),
        ]

    def draw(self) -> None:
        canvas, width, height = self.canv, self.width, self.height
        canvas.saveState()
        canvas.setFillColor(LABEL_SHADE)
        canvas.rect(0, 0, LABEL_WIDTH, height, stroke=0, fill=1)
        canvas.setStrokeColor(INK)
        canvas.setLineWidth(0.6)
        canvas.rect(0, 0, width, height, stroke=1, fill=0)
        canvas.line(LABEL_WIDTH, 0, LABEL_WIDTH, height)
        canvas.setFillColor(INK)
        label = self._label_lines()
        canvas.setFont(self._look.label_font, SIZE)
        top = (height + len(label) * LEADING) / 2
        for number, line in enumerate(label):
            baseline = _baseline(top - number * LEADING, LEADING, SIZE)
            canvas.drawCentredString(LABEL_WIDTH / 2, baseline, line)
        lines = self._value_lines(width)
        canvas.setFont(self._look.value_font, SIZE)
        top = (height + len(lines) * LEADING) / 2
        for number, line in enumerate(lines):
            baseline = _baseline(top - number * LEADING, LEADING, SIZE)
            canvas.drawString(LABEL_WIDTH + PAD_X, baseline, line)
        canvas.restoreState()


class Notes(Flowable):
    """Lines of text (each item in its own colour), wrapped and split between lines."""

    def __init__(
        self,
        items: Sequence[tuple[str, colors.Color]],
        font: str,
        lines: Sequence[tuple[str, colors.Color]] | None = None,
        space_before: float = 3 * mm,
    ) -> None:
        super().__init__()
        self._items, self._font = list(items), font
        self._lines = list(lines) if lines is not None else None
        self.spaceBefore = space_before

    def _broken(self, width: float) -> list[tuple[str, colors.Color]]:
        if self._lines is None:
            self._lines = [
                (line, color)
                for text, color in self._items
                for line in paragraph_lines(text, self._font, NOTE_SIZE, width)
            ]
        return self._lines

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width = availWidth
        self.height = len(self._broken(availWidth)) * NOTE_LEADING
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        lines = self._broken(availWidth)
        keep = int(availHeight // NOTE_LEADING)
        if keep < 1 or keep >= len(lines):
            return []
        return [
            Notes(self._items, self._font, lines[:keep], self.spaceBefore),
            Notes(self._items, self._font, lines[keep:], 0.0),
        ]

    def draw(self) -> None:
        canvas = self.canv
        canvas.saveState()
        canvas.setFont(self._font, NOTE_SIZE)
        top = self.height
        for line, color in self._broken(self.width):
            canvas.setFillColor(color)
            canvas.drawString(0, _baseline(top, NOTE_LEADING, NOTE_SIZE), line)
            top -= NOTE_LEADING
        canvas.restoreState()


class _AtTopOfEachPage(ActionFlowable):
    """From here on, every new page starts with ``flowables`` (an entry's heading with
    “（续）”; none between entries).

    Platypus lays a document's ``_topFlowables`` at the top of each new frame. Its own
    SetTopFlowables is a zero-size flowable that does not fit a full page (so it would
    take effect a page late); an action takes effect where it stands in the story."""

    def __init__(self, flowables: list[Flowable]) -> None:
        super().__init__()
        self._flowables = flowables

    def apply(self, doc: object) -> None:
        doc._topFlowables = self._flowables  # type: ignore[attr-defined]  # platypus's own


class _Subtitle(Flowable):
    """Centred heading lines as the 台账 sets them (each part whole where it fits, the
    全角 gaps kept), with ``marked`` in warning ink wherever it falls."""

    def __init__(self, parts: Sequence[str], style: ParagraphStyle, marked: str = "") -> None:
        super().__init__()
        self._parts, self._style, self._marked = list(parts), style, marked
        self.lines: list[str] = []

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        style = self._style
        self.width = availWidth
        self.lines = heading_lines(self._parts, style.fontName, style.fontSize, availWidth)
        self.height = len(self.lines) * style.leading
        return self.width, self.height

    def draw(self) -> None:
        canvas, style = self.canv, self._style
        font, size = style.fontName, style.fontSize
        canvas.saveState()
        canvas.setFont(font, size)
        top = self.height
        for line in self.lines:
            x = (self.width - stringWidth(line, font, size)) / 2
            baseline = _baseline(top, style.leading, size)
            head, mark, tail = line.partition(self._marked) if self._marked else (line, "", "")
            for piece, ink in ((head, INK), (mark, WARNING_INK), (tail, INK)):
                if piece:
                    canvas.setFillColor(ink)
                    canvas.drawString(x, baseline, piece)
                    x += stringWidth(piece, font, size)
            top -= style.leading
        canvas.restoreState()


@dataclass(frozen=True, slots=True)
class _Styles:
    title: ParagraphStyle
    subtitle: ParagraphStyle
    look: _Look
    body: str  # font name


def _styles(fonts: FontSet) -> _Styles:
    title, subtitle = title_styles(fonts, 20)
    look = _Look(fonts["heading1"].font_name, fonts["body"].font_name)
    return _Styles(title, subtitle, look, fonts["body"].font_name)


def _heading(
    entry: EntryDetail, number: str, unit: str, styles: _Styles, *, continued: bool
) -> list[Flowable]:
    """The top of the entry's pages: title, unit and 编号 (with （续） after the first), and
    the sample-data mark next to it; a continuation page also names the activity."""
    title = styles.title
    parts = [f"填报单位：{unit}", f"编号：{number}{CONTINUED if continued else ''}"]
    if entry.is_sample:  # a page of the binder must never pass for real work
        parts.append(SAMPLE_TEXT)
    heading: list[Flowable] = [
        CentredLines(["活动记录表"], title.fontName, title.fontSize, title.leading),
        _Subtitle(parts, styles.subtitle, SAMPLE_TEXT if entry.is_sample else ""),
    ]
    if continued:
        heading.append(_Subtitle([f"活动名称：{shorten(entry.name, 40)}"], styles.subtitle))
    heading.append(Spacer(1, 4 * mm))
    return heading


def _date(entry: EntryDetail) -> str:
    return date_range(entry.date, entry.end_date)  # 2019年12月30日至2020年1月2日


def _day(day: dt.date) -> str:
    return chinese_date(day)


def _fields(
    entry: EntryDetail, area: Area | None, photos: int, unprinted: int, look: _Look
) -> list[Flowable]:
    def number(value: float | None, unit: str) -> str:
        return "" if value is None else f"{value:g}{unit}"

    attached = [f"照片 {photos} 张（附后）"] if photos else []
    if unprinted:
        attached.append(f"未打印的附件 {unprinted} 个（名称见本表末尾）")
    rows = [
        ("活动名称", entry.name),
        ("工作板块", area.short_name if area else ""),
        ("时间", _date(entry)),
        ("地点", entry.location),
        ("类型", entry.kind),
        ("负责人/组织部门", entry.organizer),
        ("参加人数", number(entry.participants, "人次")),
        ("志愿服务时长", number(entry.volunteer_hours, "小时")),
        ("活动内容", entry.content),
        ("成效/备注", entry.remarks),
        ("附件", "；".join(attached)),
    ]
    return [FieldRow(label, value, look) for label, value in rows]


def _kind(file_name: str) -> str:
    suffix = PurePath(file_name).suffix.lower()
    return next((kind for kind, suffixes in _KINDS.items() if suffix in suffixes), "文件")


def _caption(entry: EntryDetail, file_name: str, taken: dt.datetime | None, *, full: bool) -> str:
    """Under a photo: its file (and when it was taken); on a photo page of its own also the
    entry's time, place and subject, as evidence binders caption photos."""
    shot = f"拍摄时间：{_day(taken)} {taken:%H:%M}" if taken else ""
    if not full:
        return "　".join(part for part in (shorten(file_name, 40), shot) if part)
    parts = [f"时间：{_date(entry)}"]
    if entry.location.strip():
        parts.append(f"地点：{shorten(entry.location, 40)}")
    parts.append(f"主题：{shorten(entry.name, 60)}")
    if shot:
        parts.append(shot)
    parts.append(f"文件：{shorten(file_name, 40)}")
    return "　".join(parts)


def _attachments(
    entry: EntryDetail, attachment_path: Callable[[AttachmentInfo], Path]
) -> tuple[list[tuple[AttachmentInfo, Photo]], list[tuple[str, colors.Color]]]:
    """The photos to print, and a line for every attachment that is not printed."""
    shots: list[tuple[AttachmentInfo, Photo]] = []
    notes: list[tuple[str, colors.Color]] = []
    images = [a.id for a in entry.attachments if is_image(a.file_name)]
    in_grid = set(images[:FIRST_PAGE_PHOTOS]) if len(images) > 1 else set()
    for attachment in entry.attachments:
        path = attachment_path(attachment)
        name = attachment.file_name
        if not is_image(name):
            if path.is_file():
                notes.append((f"附件未打印：{name}（{_kind(name)}）", INK))
            else:
                notes.append((f"附件文件缺失：{name}", WARNING_INK))
            continue
        try:
            photo = printable_photo(path, GRID_PIXELS if attachment.id in in_grid else PHOTO_PIXELS)
        except UnprintablePhoto as problem:
            if not path.is_file():
                notes.append((f"附件文件缺失：{name}", WARNING_INK))
                continue
            log.warning("Photo %s not printed: %s (%r)", path, problem, problem.__cause__)
            notes.append((f"照片无法打印：{name}（{problem}）", WARNING_INK))
            continue
        shots.append((attachment, photo))
    return shots, notes


def _photo_blocks(
    entry: EntryDetail,
    shots: list[tuple[AttachmentInfo, Photo]],
    styles: _Styles,
    trailer: Flowable | None,
) -> list[Flowable]:
    """Up to four photos under the fields; the rest on pages of their own, two a page."""
    story: list[Flowable] = []
    groups = [shots[:FIRST_PAGE_PHOTOS]] if shots else []
    rest = shots[FIRST_PAGE_PHOTOS:]
    groups += [rest[i : i + PHOTOS_PER_PAGE] for i in range(0, len(rest), PHOTOS_PER_PAGE)]
    for index, group in enumerate(groups):
        own_page = index > 0
        captioned = [
            Shot(photo, _caption(entry, attachment.file_name, photo.taken, full=own_page))
            for attachment, photo in group
        ]
        columns = 1 if own_page or len(group) == 1 else 2
        story.append(PageBreak() if own_page else Spacer(1, 4 * mm))
        story.append(
            PhotoBlock(
                captioned,
                columns=columns,
                tallest=(125 if own_page else 110 if columns == 1 else 80) * mm,
                font=styles.body,
                color=INK,
                break_lines=paragraph_lines,
                trailer=trailer if index == len(groups) - 1 else None,
            )
        )
    return story


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
    """One 活动记录表 per entry, each starting a page (long ones go on); returns pages."""
    if not entries:
        raise UserError("所选范围内没有记录，无法生成活动记录表。")
    fonts = fonts or resolve_fonts()
    by_id = {area.id: area for area in areas}
    styles = _styles(fonts)
    story: list[Flowable] = []
    for index, entry in enumerate(entries):
        if cancelled and cancelled():
            raise UserError("已取消，未生成活动记录表。")
        if index:
            story += [_AtTopOfEachPage([]), PageBreak()]
        number = f"{entry.date.year}-{index + 1:03d}"
        story += _heading(entry, number, unit, styles, continued=False)
        story.append(_AtTopOfEachPage(_heading(entry, number, unit, styles, continued=True)))
        shots, notes = _attachments(entry, attachment_path)
        unprinted = len(notes)
        story += _fields(entry, by_id.get(entry.area_id), len(shots), unprinted, styles.look)
        trailer = Notes(notes, styles.body) if notes else None
        story += _photo_blocks(entry, shots, styles, trailer)
        if trailer is not None:
            story.append(trailer)
    return build_document(
        story,
        target,
        pagesize=A4,
        margin=MARGIN,
        title=f"{unit}活动记录表",
        unit=unit,
        fonts=fonts,
    )
