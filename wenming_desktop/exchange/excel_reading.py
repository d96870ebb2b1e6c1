"""Opening a workbook safely and reading every sheet of it into an :class:`ImportPlan`.

Reading never writes. Files that are no .xlsx workbook (old .xls, password-protected,
empty, damaged) are refused with a message saying in Chinese what to do; the workbook is
parsed in openpyxl's fast read-only mode, and its merged cells are read from the package.
"""

from __future__ import annotations

import io
import logging
import re
import warnings
import zipfile
from collections.abc import Callable, Collection
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.workbook import Workbook
from openpyxl.worksheet._read_only import ReadOnlyWorksheet
from openpyxl.worksheet.cell_range import CellRange

from wenming_desktop.errors import UserError, describe_os_error
from wenming_desktop.exchange.excel_cells import FIELD_LABELS, _area_key
from wenming_desktop.exchange.excel_export import OVERVIEW_TITLE, safe_sheet_title
from wenming_desktop.exchange.excel_model import (
    Cancelled,
    ImportPlan,
    ImportRow,
    Progress,
    SheetReport,
    _check,
)
from wenming_desktop.exchange.excel_sheet import HEADER_SCAN_ROWS, _SheetReader
from wenming_desktop.ledger.records import Area

log = logging.getLogger(__name__)

_PROGRESS_EVERY = 500


# -- reading ----------------------------------------------------------------------------
def _open(path: Path) -> tuple[Workbook, zipfile.ZipFile]:
    """The workbook (read-only) and its package, or a UserError saying in Chinese why not."""
    name = path.name
    suffix = path.suffix.lower()
    if suffix in (".xls", ".et", ".xlsb", ".csv", ".ods", ".numbers"):
        kind = "旧版 Excel（.xls）" if suffix == ".xls" else f"“{suffix}”格式"
        raise UserError(
            f"“{name}”是{kind}文件，不能直接导入。"
            "请在 Excel 或 WPS 中打开它，“另存为” Excel 工作簿（.xlsx）后再导入。"
        )
    try:
        data = path.read_bytes()
    except PermissionError as error:
        raise UserError(
            f"无法读取“{name}”：没有权限，或文件正被 Excel、WPS 打开。请关闭该文件后再试。"
        ) from error
    except OSError as error:
        raise UserError(f"无法读取“{name}”：{describe_os_error(error)}。") from error
    if data.startswith(b"\xd0\xcf\x11\xe0"):  # an OLE2 container, not a zip
        if "EncryptedPackage".encode("utf-16-le") in data:
            raise UserError(
                f"“{name}”设置了打开密码，无法读取。请在 Excel 或 WPS 中打开它，"
                "取消密码（文件 → 信息 → 保护工作簿 → 用密码进行加密，清空密码）后再导入。"
            )
        raise UserError(
            f"“{name}”是旧版 Excel（.xls）文件，不能直接导入。"
            "请在 Excel 或 WPS 中打开它，“另存为” Excel 工作簿（.xlsx）后再导入。"
        )
    if not data:
        raise UserError(f"“{name}”是空文件（0 字节），里面没有任何数据。")
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise UserError(f"“{name}”不是 Excel 工作簿（.xlsx），或者文件已损坏。")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # unsupported extensions, data validation …
            # Read-only mode parses in half the time; it leaves out merged cells, which
            # _merged_ranges reads from the package itself.
            book = load_workbook(io.BytesIO(data), read_only=True, data_only=True, keep_links=False)
            return book, zipfile.ZipFile(io.BytesIO(data))
    except Exception as error:  # openpyxl raises many kinds for damaged packages
        log.warning("Cannot read workbook %s: %r", path, error)
        raise UserError(
            f"“{name}”不是有效的 Excel 工作簿（.xlsx），或者文件已损坏。"
            "请在 Excel 或 WPS 中打开它并重新保存为 .xlsx 后再试。"
        ) from error


_MERGE_REF = re.compile(rb'<(?:\w+:)?mergeCell\b[^>]*?\bref="([A-Z]+\d+:[A-Z]+\d+)"')


def _merged_ranges(package: zipfile.ZipFile, sheet: ReadOnlyWorksheet) -> list[CellRange]:
    """The merged areas of a sheet, read from its XML (openpyxl's read-only mode skips them)."""
    part = getattr(sheet, "_worksheet_path", None)
    try:
        xml = package.read(part.lstrip("/")) if part else b""
    except (KeyError, OSError, zipfile.BadZipFile):
        return []  # then merged cells are simply not filled down
    return [CellRange(ref.decode("ascii")) for ref in _MERGE_REF.findall(xml)]


def _area_index(areas: list[Area]) -> dict[str, Area]:
    index: dict[str, Area] = {}
    for area in areas:
        for name in (area.heading, safe_sheet_title(area.short_name), area.short_name):
            index[_area_key(name)] = area
    return index


def read_workbook(
    path: Path,
    *,
    year: int | None,
    area: Area | None,
    areas: list[Area],
    mapping: dict[str, int] | None = None,
    known_uuids: Callable[[Collection[str]], set[str]] | None = None,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> ImportPlan:
    """Read ``path`` into an :class:`ImportPlan`; nothing is written anywhere.

    ``year`` completes dates written without one (else the year in the sheet's title);
    ``area`` puts every row into that area (else the 工作板块 column, else the sheet's
    name); ``mapping`` (field → 0-based column) replaces the guessed columns;
    ``known_uuids`` (e.g. ``ledger.entries.existing_uuids``) marks rows already present.
    """
    if mapping is not None:
        unknown = set(mapping) - set(FIELD_LABELS)
        if unknown:
            raise ValueError(f"unknown import fields: {sorted(unknown)}")
        if "date" not in mapping or not ({"name", "content"} & set(mapping)):
            raise UserError("请指定“日期”和“活动名称”各在哪一列。")
    book, package = _open(path)
    try:
        plan = ImportPlan(path)
        readers = _read_sheets(book, package, plan, year, area, _area_index(areas), mapping)
    finally:
        book.close()
        package.close()
    total = sum(len(reader.rows) - reader.first_data for reader in readers)
    done = 0

    def tick() -> None:
        nonlocal done
        done += 1
        if done % _PROGRESS_EVERY == 0:
            _check(cancelled)
            if progress is not None:
                progress(done, total)

    candidates: list[ImportRow] = []
    seen: dict[str, str] = {}
    for reader in readers:
        _check(cancelled)
        reader.read(candidates, seen, tick)
    present = _present(known_uuids, [row.uuid for row in candidates])
    for row in candidates:
        (plan.present if row.uuid in present else plan.rows).append(row)
    if progress is not None:
        progress(total, total)
    return plan


def _read_sheets(
    book: Workbook,
    package: zipfile.ZipFile,
    plan: ImportPlan,
    year: int | None,
    area: Area | None,
    areas: dict[str, Area],
    mapping: dict[str, int] | None,
) -> list[_SheetReader]:
    """A reader for every sheet with a usable header; the others noted in the plan."""
    readers: list[_SheetReader] = []
    any_content = False
    for sheet in book.worksheets:
        if sheet.title.strip() == OVERVIEW_TITLE:
            plan.sheets.append(SheetReport(sheet.title, None, note="统计总览，不导入。"))
            continue
        reader = _SheetReader(
            sheet,
            _merged_ranges(package, sheet),
            plan,
            year=year,
            area=area,
            areas=areas,
            mapping=mapping,
            epoch=book.epoch,
        )
        if not reader.has_content:
            plan.sheets.append(reader.report("空白工作表。"))
            continue
        any_content = True
        missing = reader.missing_columns()
        if reader.header is None or missing:
            wanted = "、".join(f"“{label}”" for label in missing or ["日期", "活动名称"])
            plan.sheets.append(reader.report(f"没有找到表头（需要{wanted}列），未导入。"))
            continue
        note = (
            "未找到“活动名称”列，名称取自“活动内容”的第一句。" if reader.name_from_content else ""
        )
        plan.sheets.append(reader.report(note))
        readers.append(reader)
    if not any_content:
        raise UserError(f"“{plan.path.name}”中没有任何数据。")
    if not readers:
        raise UserError(
            f"在“{plan.path.name}”中没有找到表头：前 {HEADER_SCAN_ROWS} 行内需要有"
            "“日期”“活动名称”等列名。请检查表格，或手动指定各列对应的内容。"
        )
    return readers


def _present(known: Callable[[Collection[str]], set[str]] | None, uuids: list[str]) -> set[str]:
    if known is None:
        return set()
    found: set[str] = set()
    for start in range(0, len(uuids), 500):
        found |= known(uuids[start : start + 500])
    return found
