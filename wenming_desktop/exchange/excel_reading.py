"""Opening a workbook safely and reading every sheet of it into an :class:`ImportPlan`.

Reading never writes. Files that are no .xlsx workbook (old .xls, password-protected,
empty, damaged) are refused with a message saying in Chinese what to do. The package is
checked and its sheets streamed within the limits of :mod:`.excel_limits`, so a small
file claiming a million rows or unpacking to gigabytes is refused in a moment. The header
row a clerk maps columns on (:func:`read_header`) is read the same way.
"""

from __future__ import annotations

import logging
import os
import warnings
import zipfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from wenming_desktop.books.records import Area
from wenming_desktop.errors import UserError, describe_os_error
from wenming_desktop.exchange import excel_limits as limits
from wenming_desktop.exchange.excel_areas import area_index
from wenming_desktop.exchange.excel_book import Book, SheetContent, open_book, read_sheet
from wenming_desktop.exchange.excel_cells import FIELD_LABELS
from wenming_desktop.exchange.excel_export import OVERVIEW_TITLE
from wenming_desktop.exchange.excel_identity import sort_rows
from wenming_desktop.exchange.excel_limits import ReadBudget
from wenming_desktop.exchange.excel_model import ImportPlan, ImportRow, Known, SheetReport, _check
from wenming_desktop.exchange.excel_sheet import HEADER_SCAN_ROWS, ReaderOptions, _SheetReader
from wenming_desktop.work import QUIET, Steps

log = logging.getLogger(__name__)

_PROGRESS_EVERY = 500
_OLE2 = b"\xd0\xcf\x11\xe0"  # old .xls, and password-protected .xlsx
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")
_SAVE_AS = "请在 Excel 或 WPS 中打开它，“另存为” Excel 工作簿（.xlsx）后再导入。"


# -- reading ----------------------------------------------------------------------------
def _refuse_other_formats(path: Path) -> None:
    suffix = path.suffix.lower()
    if suffix in (".xls", ".et", ".xlsb", ".csv", ".ods", ".numbers"):
        kind = "旧版 Excel（.xls）" if suffix == ".xls" else f"“{suffix}”格式"
        raise UserError(f"“{path.name}”是{kind}文件，不能直接导入。{_SAVE_AS}")


@contextmanager
def open_workbook(path: Path, budget: ReadBudget) -> Iterator[Book]:
    """The workbook, checked and opened for streaming, or a UserError saying why not."""
    name = path.name
    _refuse_other_formats(path)
    try:
        file = path.open("rb")
    except PermissionError as error:
        raise UserError(
            f"无法读取“{name}”：没有权限，或文件正被 Excel、WPS 打开。请关闭该文件后再试。"
        ) from error
    except OSError as error:
        raise UserError(f"无法读取“{name}”：{describe_os_error(error)}。") from error
    with file:
        book = _open(file, name, budget)
        try:
            yield book
        finally:
            book.close()


def _open(file: BinaryIO, name: str, budget: ReadBudget) -> Book:
    try:
        size = os.fstat(file.fileno()).st_size
        if file.read(len(_OLE2)) == _OLE2:  # an OLE2 container, not a zip
            if _mentions(file, _ENCRYPTED):
                raise UserError(
                    f"“{name}”设置了打开密码，无法读取。请在 Excel 或 WPS 中打开它，"
                    "取消密码（文件 → 信息 → 保护工作簿 → 用密码进行加密，清空密码）后再导入。"
                )
            raise UserError(f"“{name}”是旧版 Excel（.xls）文件，不能直接导入。{_SAVE_AS}")
        if not size:
            raise UserError(f"“{name}”是空文件（0 字节），里面没有任何数据。")
        if not zipfile.is_zipfile(file):
            raise UserError(f"“{name}”不是 Excel 工作簿（.xlsx），或者文件已损坏。")
        limits.check_file(file, size, name)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # unsupported extensions, data validation …
            return open_book(file, budget)
    except UserError:
        raise
    except Exception as error:  # openpyxl raises many kinds for damaged packages
        raise _unreadable(name, error) from error


def _unreadable(name: str, error: Exception) -> UserError:
    """A failed read (the disk's error) or, far more often, a damaged package."""
    if isinstance(error, OSError) and error.errno is not None:
        return UserError(f"无法读取“{name}”：{describe_os_error(error)}。")
    log.warning("Cannot read workbook %s: %r", name, error)
    return UserError(
        f"“{name}”不是有效的 Excel 工作簿（.xlsx），或者文件已损坏。"
        "请在 Excel 或 WPS 中打开它并重新保存为 .xlsx 后再试。"
    )


def _mentions(file: BinaryIO, marker: bytes) -> bool:
    """Whether ``marker`` occurs in the file, read a MB at a time."""
    file.seek(0)
    tail = b""
    while chunk := file.read(limits.MB):
        if marker in tail + chunk:
            return True
        tail = chunk[-len(marker) :]
    return False


class HeaderNotFound(UserError):
    """No sheet has a usable header (or the workbook holds no data at all).

    ``headers``: the texts the clerk maps columns on instead — the header row of the first
    sheet with one (some columns not recognised), else the first non-empty row of the
    first sheet with content; empty when the workbook is blank.
    """

    def __init__(self, message: str, headers: list[str]) -> None:
        super().__init__(message)
        self.headers = headers


def signature(headers: list[str]) -> str:
    """A header row as the key of the column mapping a clerk saved for it.

    Texts are stripped and empty columns at the end left out, so the same table saved
    with a few more formatted blank columns keeps its key.
    """
    return "|".join(text.strip() for text in headers).rstrip("|")


def read_workbook(
    path: Path,
    *,
    year: int | None,
    area: Area | None,
    areas: list[Area],
    mapping: dict[str, int] | None = None,
    known: Known | None = None,
    sheet_areas: Mapping[str, Area] | None = None,
    steps: Steps = QUIET,
) -> ImportPlan:
    """Read ``path`` into an :class:`ImportPlan`; nothing is written anywhere.

    ``year`` completes dates written without one (else the year in the sheet's title).
    A row's area is the one chosen for its sheet in ``sheet_areas`` (by sheet title), else
    its 工作板块 cell, else the area the sheet's name or title rows name, else ``area``.
    ``mapping`` (field → 0-based column) replaces the guessed columns; ``known`` (what the
    ledger holds) sorts out the rows already present. The plan also holds the texts of
    the header row of the first sheet with one (what a clerk maps columns on); when
    nothing can be read for want of a header, :class:`HeaderNotFound` carries them.
    """
    if mapping is not None:
        unknown = set(mapping) - set(FIELD_LABELS)
        if unknown:
            raise ValueError(f"unknown import fields: {sorted(unknown)}")
        if "date" not in mapping or not ({"name", "content"} & set(mapping)):
            raise UserError("请指定“日期”和“活动名称”各在哪一列。")
    budget = ReadBudget(path.name)
    plan = ImportPlan(path)
    chosen = {title.strip(): chosen for title, chosen in (sheet_areas or {}).items()}
    options = ReaderOptions(year, area, area_index(areas), mapping, tuple(areas), chosen)
    with open_workbook(path, budget) as book:
        readers, plan.headers = _read_sheets(book, plan, options, budget)
    total = sum(len(reader.rows) - reader.first_data for reader in readers)
    done = 0

    def tick() -> None:
        nonlocal done
        done += 1
        if done % _PROGRESS_EVERY == 0:
            _check(steps)
            budget.check_time()
            steps.report(done, total)

    candidates: list[ImportRow] = []
    seen: dict[str, str] = {}
    for reader in readers:
        _check(steps)
        reader.read(candidates, seen, tick)
    _check(steps)
    plan.rows, plan.present = sort_rows(candidates, known, areas)
    steps.report(total, total)
    return plan


def _read_sheets(
    book: Book, plan: ImportPlan, options: ReaderOptions, budget: ReadBudget
) -> tuple[list[_SheetReader], list[str]]:
    """A reader for every sheet with a usable header (the others noted in the plan), and
    the header texts a clerk maps columns on."""
    readers: list[_SheetReader] = []
    any_content = False
    header: list[str] | None = None  # of the first sheet where a header row was found
    first: list[str] = []  # the first non-empty row of the first sheet with content
    for content, reader in _sheet_readers(book, plan, budget, options):
        if not first:
            first = _first_row_texts(content)
        if not reader.has_content:
            plan.sheets.append(reader.report("空白工作表。"))
            continue
        any_content = True
        if header is None and reader.header is not None:
            header = _row_texts(content, reader.header)
        missing = reader.missing_columns()
        if reader.header is None or missing:
            wanted = "、".join(f"“{label}”" for label in missing or ["日期", "活动名称"])
            plan.sheets.append(reader.report(f"没有找到表头（需要{wanted}列），未导入。"))
            continue
        note = (
            "未找到“活动名称”列，名称取自“活动内容”的第一句。" if reader.name_from_content else ""
        )
        plan.sheets.append(reader.report(note, read=True))
        readers.append(reader)
    headers = header if header is not None else first
    if not any_content:
        raise HeaderNotFound(f"“{plan.path.name}”中没有任何数据。", headers)
    if not readers:
        raise HeaderNotFound(
            f"在“{plan.path.name}”中没有找到表头：前 {HEADER_SCAN_ROWS} 行内需要有"
            "“日期”“活动名称”等列名。请检查表格，或手动指定各列对应的内容。",
            headers,
        )
    return readers, headers


def _sheet_readers(
    book: Book, plan: ImportPlan, budget: ReadBudget, options: ReaderOptions
) -> Iterator[tuple[SheetContent, _SheetReader]]:
    """Each sheet's content and its reader, in order; the overview sheet this app writes
    into its own workbooks is noted in the plan and skipped."""
    for title, part in book.sheets:
        if title.strip() == OVERVIEW_TITLE:
            plan.sheets.append(SheetReport(title, None, note="统计总览，不导入。"))
            continue
        content = _content(book, title, part, budget)
        yield content, _SheetReader(title, content, plan, options, book.epoch)


def _content(book: Book, title: str, part: str, budget: ReadBudget) -> SheetContent:
    try:
        return read_sheet(book, title, part, budget)
    except UserError:
        raise
    except Exception as error:  # damaged XML, a string index past the table …
        raise _unreadable(budget.name, error) from error


def _row_texts(content: SheetContent, index: int) -> list[str]:
    """Row ``index`` (0-based) as the mapping dialog lists it: every column the sheet uses."""
    width = max(len(row) for row in content.rows)
    texts = ["" if value is None else str(value).strip() for value in content.rows[index]]
    return texts + [""] * (width - len(texts))


def _first_row_texts(content: SheetContent) -> list[str]:
    """The first row with any text (the mapping dialog's columns when no header is found)."""
    for index, row in enumerate(content.rows):
        if any(value is not None and str(value).strip() for value in row):
            return _row_texts(content, index)
    return []


def read_header(path: Path, mapping: dict[str, int] | None = None) -> list[str]:
    """The texts of the header row a clerk maps columns on, no rows read into a plan.

    That of the first sheet with a header (found as :func:`read_workbook` finds it, with
    or without ``mapping``), else the first non-empty row of the first sheet with content;
    empty for a blank workbook. Read within the same limits; UserError past them.
    """
    budget = ReadBudget(path.name)
    first: list[str] = []
    with open_workbook(path, budget) as book:
        options = ReaderOptions(year=None, area=None, areas={}, mapping=mapping)
        for content, reader in _sheet_readers(book, ImportPlan(path), budget, options):
            if not first:
                first = _first_row_texts(content)
            if reader.has_content and reader.header is not None:
                return _row_texts(content, reader.header)
    return first
