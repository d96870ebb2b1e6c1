"""A workbook package read within limits: its sheets, shared strings, date styles and rows.

openpyxl's read-only workbook sizes every sheet when it opens (a sheet without a
``<dimension>`` is parsed whole for that), parses the styles into a tree, and its row
iterator pads every gap with empty rows — a lone cell at A1048576 costs a million rows.
Here openpyxl only reads the manifest, the shared strings and the workbook part (each
counted first); the styles and the sheets are streamed element by element, every element
dropped once seen, under a :class:`~.excel_limits.ReadBudget`. Only rows with content
are kept.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import IO, Any, BinaryIO
from xml.etree.ElementTree import Element

from openpyxl.packaging.relationship import get_rels_path
from openpyxl.reader.excel import ExcelReader, _find_workbook_part
from openpyxl.styles.numbers import builtin_format_code, is_date_format, is_timedelta_format
from openpyxl.worksheet._reader import DIMENSION_TAG, FORMULA_TAG, ROW_TAG, WorkSheetParser
from openpyxl.worksheet.cell_range import CellRange
from openpyxl.xml.constants import ARC_CONTENT_TYPES, ARC_STYLE, SHARED_STRINGS, SHEET_MAIN_NS
from openpyxl.xml.functions import iterparse

from wenming_desktop.exchange import excel_limits as limits
from wenming_desktop.exchange.excel_limits import ReadBudget

_MERGE_CELL_TAG = f"{{{SHEET_MAIN_NS}}}mergeCell"
_LAST_ROW = re.compile(r"(\d+)\s*$")
_CHARGE_EVERY = 5_000  # elements between two looks at the budget and the clock (≈ 5 ms)


@dataclass(slots=True)
class Book:
    """What reading a sheet needs from its workbook."""

    archive: zipfile.ZipFile
    sheets: list[tuple[str, str]]  # (title, part name), in the workbook's order
    shared_strings: list[str]
    epoch: dt.datetime
    date_styles: set[int]
    timedelta_styles: set[int]

    def close(self) -> None:
        self.archive.close()


@dataclass(slots=True)
class SheetContent:
    """A sheet's rows (index 0 is row 1; blank rows are empty lists) and merged areas.

    ``formulas``: row number → the (1-based) columns of its cells holding a formula whose
    result the file does not keep (written by a program, never opened and saved in Excel):
    they read as empty."""

    rows: list[list[object]]
    merged: list[CellRange]
    formulas: dict[int, set[int]] = field(default_factory=dict)


def open_book(file: BinaryIO, budget: ReadBudget) -> Book:
    """The workbook in ``file``, every part checked before openpyxl parses it.

    Raises UserError past a limit; openpyxl's own exceptions for a damaged package.
    """
    reader = ExcelReader(file, read_only=True, data_only=True, keep_links=False)
    archive = reader.archive
    try:
        limits.check_package(archive, budget.name)
        budget.spend_part(archive, ARC_CONTENT_TYPES, whole=limits.MAX_PART_ELEMENTS)
        reader.read_manifest()
        strings = reader.package.find(SHARED_STRINGS)
        if strings is not None:
            part = strings.PartName[1:]
            budget.spend_part(archive, part, packed=True, whole=limits.MAX_STRING_ELEMENTS)
        reader.read_strings()
        workbook = _find_workbook_part(reader.package).PartName[1:]
        for part in (workbook, get_rels_path(workbook)):
            budget.spend_part(archive, part, whole=limits.MAX_PART_ELEMENTS)
        reader.read_workbook()
        sheets = [
            (sheet.name, rel.target)
            for sheet, rel in reader.parser.find_sheets()
            if rel.target in reader.valid_files and "chartsheet" not in rel.Type
        ]
        for part in dict.fromkeys(part for _, part in sheets):  # before any is read
            budget.spend_part(archive, part, packed=True)
        budget.spend_part(archive, ARC_STYLE)
        dates, durations = _date_styles(archive, budget)
    except BaseException:
        archive.close()
        raise
    return Book(archive, sheets, list(reader.shared_strings), reader.wb.epoch, dates, durations)


def _elements(
    source: IO[bytes], budget: ReadBudget, sheet: str | None
) -> Iterator[tuple[Element, int]]:
    """Each element of ``source`` once it is complete, with its depth (1 = the root).

    Once seen, a child or grandchild of the root is dropped from the tree, so at any time
    only one row (or one formatting rule) and its cells are held, whatever the part's size.
    """
    stack: list[Element] = []
    push, pop = stack.append, stack.pop
    held = 0  # elements started since a child or grandchild of the root was dropped
    spent = 0  # elements not yet charged to the budget (charged a few thousand at a time)
    for event, element in iterparse(source, events=("start", "end")):
        if event == "start":
            push(element)
            held += 1
            if held > limits.MAX_HELD_ELEMENTS:
                raise budget.too_much_at_once(sheet)
            continue
        depth = len(stack)
        pop()
        if depth > 3:
            continue  # a cell's value, a run of text: read with its row
        yield element, depth
        if stack:
            del stack[-1][:]
        spent += held
        held = 0
        if spent >= _CHARGE_EVERY:
            budget.spend_elements(spent, sheet)
            spent = 0
    budget.spend_elements(spent + held, sheet)


def _date_styles(archive: zipfile.ZipFile, budget: ReadBudget) -> tuple[set[int], set[int]]:
    """Which cell styles show a date and which a duration, as openpyxl's stylesheet says.

    Streamed instead of openpyxl's whole-tree parse: a bloated styles part (64,000 formats)
    then costs a fraction of a second and a few MB.
    """
    if ARC_STYLE not in archive.NameToInfo:
        return set(), set()
    custom: dict[int, str] = {}
    formats: list[int] = []
    pending: list[int] = []  # the xf of the block being read (cellStyleXfs come first)
    with archive.open(ARC_STYLE) as source:
        for element, depth in _elements(source, budget, None):
            tag = element.tag.rpartition("}")[2]
            if tag == "numFmt":
                custom[_number(element.get("numFmtId"))] = element.get("formatCode") or ""
            elif tag == "xf" and depth == 3:
                pending.append(_number(element.get("numFmtId")))
            elif depth == 2:
                if tag == "cellXfs":
                    formats = pending
                    break  # the rest is colours, named and conditional styles
                pending = []
    return _classify(custom, formats)


def _classify(custom: dict[int, str], formats: list[int]) -> tuple[set[int], set[int]]:
    dates: set[int] = set()
    durations: set[int] = set()
    for index, number in enumerate(formats):
        code = custom[number] if number in custom else builtin_format_code(number)
        if is_date_format(code):
            dates.add(index)
        if is_timedelta_format(code):
            durations.add(index)
    return dates, durations


def _number(text: str | None) -> int:
    try:
        return int(text or 0)
    except ValueError:
        return 0


def read_sheet(book: Book, title: str, part: str, budget: ReadBudget) -> SheetContent:
    """The rows of one sheet with content, at most MAX_COLUMNS wide, within ``budget``."""
    parser = WorkSheetParser(
        None,
        book.shared_strings,
        data_only=True,
        epoch=book.epoch,
        date_formats=book.date_styles,
        timedelta_formats=book.timedelta_styles,
    )
    rows: list[list[object]] = []
    merged: list[CellRange] = []
    formulas: dict[int, set[int]] = {}
    claimed = 0  # the last row the sheet's <dimension> claims; only for the message
    width = limits.MAX_COLUMNS
    with book.archive.open(part) as source:
        for element, depth in _elements(source, budget, title):
            tag = element.tag
            if tag == ROW_TAG and depth == 3:
                if not len(element) and (mark := element.get("r", "")).isdigit():
                    parser.row_counter = int(mark)  # an empty (formatted) row: nothing to parse
                    continue
                number, cells = parser.parse_row(element)
                parser.row_dimensions.clear()  # heights of formatted rows: not needed
                budget.spend_cells(len(cells))
                _note_formulas(element, cells, width, formulas)
                values = _values(cells, width)
                if not values or number <= len(rows):
                    continue  # a blank row, or one out of order (openpyxl skips those too)
                if number > limits.MAX_ROWS:
                    raise budget.too_many_rows(title, number, claimed)
                budget.spend_rows(number - len(rows))
                rows.extend([] for _ in range(number - 1 - len(rows)))
                rows.append(values)
            elif tag == _MERGE_CELL_TAG:
                if len(merged) >= limits.MAX_MERGED:
                    raise budget.too_many_merged(title)
                with contextlib.suppress(TypeError, ValueError):  # then not filled down
                    merged.append(CellRange(element.get("ref")))
            elif tag == DIMENSION_TAG:
                found = _LAST_ROW.search(element.get("ref") or "")
                claimed = int(found.group(1)) if found else 0
    return SheetContent(rows, merged, formulas)


def _note_formulas(
    row: Element, cells: list[dict[str, Any]], width: int, formulas: dict[int, set[int]]
) -> None:
    """Note the row's formula cells without a saved result (empty to openpyxl)."""
    for element, cell in zip(row, cells, strict=False):
        column = cell["column"]
        if cell["value"] is None and 1 <= column <= width and element.find(FORMULA_TAG) is not None:
            formulas.setdefault(cell["row"], set()).add(column)


def _values(cells: list[dict[str, Any]], width: int) -> list[object]:
    """The row's values up to ``width`` columns, without trailing empty cells."""
    filled = [
        (column, cell["value"])
        for cell in cells
        if cell["value"] is not None and 1 <= (column := cell["column"]) <= width
    ]
    if not filled:
        return []
    values: list[object] = [None] * max(column for column, _ in filled)
    for column, value in filled:
        values[column - 1] = value
    return values
