"""A year's ledger as an Excel workbook: a 总览 sheet, then one sheet per work area.

The per-area sheets carry every field plus the 记录编号 (the entry's UUID), so the same
workbook can be edited in Excel/WPS and read back by :mod:`excel_import` without
duplicating anything.

Sample entries (示例数据) keep their names: a mark in the name would come back as part of
it. A workbook with any gets a last column 示例数据 (“是” on their rows, read back by the
import, so they return as sample entries), their rows are shaded, and the 总览 says how
many of its figures are samples. A workbook without any looks as it always did.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from copy import copy
from dataclasses import dataclass
from operator import attrgetter
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.worksheet import Worksheet

from wenming_desktop.books.fields import ENTRY_FIELDS, EntryField
from wenming_desktop.books.query import EntryQuery
from wenming_desktop.books.records import Area, EntryDetail
from wenming_desktop.books.stats import YearStats
from wenming_desktop.files import atomic_output
from wenming_desktop.ledger import Ledger

SUFFIXES = (".xlsx",)
OVERVIEW_TITLE = "总览"
CREATOR = "文明创建台账"
SHEET_TITLE_MAX = 31
DATE_FORMAT = "yyyy-mm-dd"

_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
_HEADER_FILL = "DDEBF7"
_SAMPLE_FILL = "EDEDED"
#: The column that marks sample entries, and its mark (see the module's docstring).
SAMPLE_HEADER = "示例数据"
SAMPLE_YES = "是"


@dataclass(frozen=True, slots=True)
class Column:
    header: str
    value: Callable[[EntryDetail], object]
    min_width: int
    max_width: int
    kind: str = "text"  # text, wrap, date, int, hours


#: How each field is laid out in the sheet: (min width, max width, cell kind).
_LAYOUT: dict[str, tuple[int, int, str]] = {
    "date": (12, 12, "date"),
    "end_date": (12, 12, "date"),
    "name": (16, 40, "wrap"),
    "kind": (8, 12, "text"),
    "location": (10, 30, "wrap"),
    "organizer": (16, 24, "wrap"),
    "participants": (10, 10, "int"),
    "volunteer_hours": (14, 14, "hours"),
    "content": (20, 60, "wrap"),
    "remarks": (14, 40, "wrap"),
}


def _field_column(field: EntryField) -> Column:
    low, high, kind = _LAYOUT.get(field.name, (12, 30, "wrap"))
    return Column(field.label, attrgetter(field.name), low, high, kind)


#: The per-area sheet, in order: every field of an entry (books/fields.py), then the
#: attachments' count and the 记录编号. The headers are what :mod:`excel_import` recognises.
COLUMNS: tuple[Column, ...] = (
    *(_field_column(field) for field in ENTRY_FIELDS),
    Column("附件数", lambda e: len(e.attachments), 8, 8, "int"),
    Column("记录编号", lambda e: e.uuid, 38, 38),
)
SAMPLE_COLUMN = Column(SAMPLE_HEADER, lambda e: SAMPLE_YES if e.is_sample else "", 10, 10)
OVERVIEW_HEADERS = ("工作板块", "活动次数", "参与人次", "志愿服务时长")
_BODY_KINDS = ("text", "wrap", "date", "int", "hours")


def display_width(text: str) -> int:
    """Columns a text takes in Excel: CJK (wide) characters count double."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def safe_sheet_title(name: str, taken: Iterable[str] = ()) -> str:
    """A sheet title Excel accepts: ≤ 31 characters, none of []:*?/\\, unique, not empty."""
    title = _SHEET_FORBIDDEN.sub("_", name).strip().strip("'") or "板块"
    title = title[:SHEET_TITLE_MAX]
    used = {item.casefold() for item in taken}
    if title.casefold() in used or title.casefold() == "history":  # History is reserved
        for number in range(2, 1000):
            suffix = f"({number})"
            candidate = title[: SHEET_TITLE_MAX - len(suffix)] + suffix
            if candidate.casefold() not in used:
                return candidate
    return title


def area_sheet_titles(areas: list[Area]) -> dict[int, str]:
    """Area id → the title of its sheet (the short name, made safe for Excel)."""
    titles: dict[int, str] = {}
    for area in areas:
        titles[area.id] = safe_sheet_title(area.short_name, [OVERVIEW_TITLE, *titles.values()])
    return titles


class _Styles:
    """One styled template cell per kind; every written cell copies its style array.

    (Copying the array is several times faster than assigning font, border … per cell.)
    """

    def __init__(self, sheet: WriteOnlyWorksheet) -> None:
        thin = Side(style="thin", color="A6A6A6")
        border = Border(left=thin, right=thin, top=thin, bottom=thin)
        top = Alignment(vertical="top")
        self.sheet = sheet
        self.arrays: dict[str, StyleArray] = {}
        self._define(
            "header",
            font=Font(bold=True),
            fill=PatternFill("solid", fgColor=_HEADER_FILL),
            border=border,
            alignment=Alignment(horizontal="center", vertical="center", wrap_text=True),
        )
        self._define("text", border=border, alignment=top)
        self._define("wrap", border=border, alignment=Alignment(vertical="top", wrap_text=True))
        self._define("date", border=border, alignment=top, number_format=DATE_FORMAT)
        self._define("int", border=border, alignment=top, number_format="0")
        self._define("hours", border=border, alignment=top, number_format="0.0#")
        self._define("total", font=Font(bold=True), border=border)
        self._define("note", font=Font(color="A52A21"))
        sample_fill = PatternFill("solid", fgColor=_SAMPLE_FILL)
        for kind in _BODY_KINDS:  # the same, shaded: a sample entry's row
            template = WriteOnlyCell(sheet)
            template._style = copy(self.arrays[kind])
            template.fill = sample_fill
            self.arrays[f"sample_{kind}"] = template._style

    def _define(self, kind: str, **style: object) -> None:
        template = WriteOnlyCell(self.sheet)
        for name, value in style.items():
            setattr(template, name, value)
        self.arrays[kind] = template._style

    def cell(self, value: object, kind: str) -> Cell:
        cell = Cell(self.sheet, row=1, column=1, value=value, style_array=self.arrays[kind])
        if isinstance(value, str) and value.startswith("="):
            cell.data_type = "s"  # text that looks like a formula stays text
        return cell


def _prepare(sheet: WriteOnlyWorksheet, widths: Sequence[float]) -> None:
    """Column widths, frozen header, header repeated on every printed page, landscape A4."""
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    sheet.print_title_rows = "1:1"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True


def _widths(entries: Sequence[EntryDetail], columns: Sequence[Column]) -> list[float]:
    widths = []
    for column in columns:
        widest = display_width(column.header)
        if column.kind in ("text", "wrap"):
            for entry in entries:
                # A wrapped cell's first line decides how wide the column wants to be.
                first_line = str(column.value(entry)).split("\n", 1)[0][: column.max_width]
                widest = max(widest, display_width(first_line))
                if widest >= column.max_width:
                    break
        widths.append(float(min(max(widest + 2, column.min_width), column.max_width)))
    return widths


def sample_note(count: int) -> str:
    """The 总览's line under the figures when ``count`` of them are sample entries."""
    return (
        f"注：以上数字含示例数据 {count} 条（各板块工作表中灰底、“{SAMPLE_HEADER}”列为"
        f"“{SAMPLE_YES}”的行），不是本单位的实际工作。"
    )


def _write_overview(book: Workbook, stats: YearStats, samples: int) -> None:
    sheet = book.create_sheet(OVERVIEW_TITLE)
    _prepare(sheet, [18, 12, 12, 16])
    styles = _Styles(sheet)
    sheet.append([styles.cell(header, "header") for header in OVERVIEW_HEADERS])
    lines = [(area.short_name, figures, False) for area, figures in stats.areas]
    for name, figures, is_total in [*lines, ("合计", stats.total, True)]:
        kinds = ("total",) * 4 if is_total else ("text", "int", "int", "hours")
        values = (name, figures.entries, figures.participants, round(figures.volunteer_hours, 2))
        sheet.append([styles.cell(v, k) for v, k in zip(values, kinds, strict=True)])
    if samples:
        sheet.append([])
        sheet.append([styles.cell(sample_note(samples), "note")])


def _write_area(
    book: Workbook, title: str, entries: Sequence[EntryDetail], columns: Sequence[Column]
) -> None:
    sheet = book.create_sheet(title)
    _prepare(sheet, _widths(entries, columns))
    styles = _Styles(sheet)
    sheet.append([styles.cell(column.header, "header") for column in columns])
    for entry in entries:
        shade = "sample_" if entry.is_sample else ""
        sheet.append([styles.cell(column.value(entry), shade + column.kind) for column in columns])


def year_entries(ledger: Ledger, year: int) -> dict[int, list[EntryDetail]]:
    """Area id → the year's live entries, by date."""
    by_area: dict[int, list[EntryDetail]] = {}
    for entry in ledger.entries.details(EntryQuery(year=year)):
        by_area.setdefault(entry.area_id, []).append(entry)
    return by_area


def export_workbook(ledger: Ledger, year: int, target: Path) -> Path:
    """Write ``year``'s entries (trash excluded) to ``target`` (.xlsx), never half-written."""
    unit = ledger.settings.load().unit_name
    areas = ledger.areas.all()
    stats = ledger.year_stats(year)
    titles = area_sheet_titles(areas)
    # Everything is read first: a streaming workbook must not be abandoned half-built.
    entries = year_entries(ledger, year)
    samples = sum(entry.is_sample for listed in entries.values() for entry in listed)
    columns = (*COLUMNS, SAMPLE_COLUMN) if samples else COLUMNS
    with atomic_output(target, suffixes=SUFFIXES, what="Excel 台账") as temp:
        book = Workbook(write_only=True)
        book.properties.title = f"{unit}{year}年精神文明建设工作台账"
        book.properties.subject = "精神文明建设工作台账"
        book.properties.creator = CREATOR
        book.properties.lastModifiedBy = CREATOR
        now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
        book.properties.created = book.properties.modified = now
        _write_overview(book, stats, samples)
        for area in areas:
            _write_area(book, titles[area.id], entries.get(area.id, []), columns)
        book.save(temp)
    return target
