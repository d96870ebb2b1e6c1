"""Reading the activity tables clerks really keep in Excel, then adding them in one go.

Reading (:func:`read_workbook`) never writes: it finds the header row under title rows,
matches columns by their usual names, understands the date and number spellings people
type, and sorts every row into “to import”, “already in the ledger”, “refused (why)” or
“skipped (合计/blank)”. :func:`apply_plan` then writes all importable rows in a single
transaction, so an import either happens completely or not at all.

Each row gets a deterministic UUID (the 记录编号 column, else one derived from area, date,
name and location), which makes importing the same workbook twice add nothing.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import re
import unicodedata
import uuid as uuid_module
import warnings
import zipfile
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.utils.datetime import from_excel
from openpyxl.workbook import Workbook
from openpyxl.worksheet._read_only import ReadOnlyWorksheet
from openpyxl.worksheet.cell_range import CellRange
from sqlalchemy import insert, select
from sqlalchemy.exc import SQLAlchemyError

from wenming_desktop.errors import UserError, ValidationError, describe_os_error
from wenming_desktop.exchange.excel_export import OVERVIEW_TITLE, safe_sheet_title
from wenming_desktop.ledger import Ledger
from wenming_desktop.ledger.draft import EntryDraft, ValidEntry, validate
from wenming_desktop.ledger.records import Area
from wenming_desktop.store.models import Entry, WorkArea, utc_now

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]

#: Importable fields and their labels, in the order a mapping dialog shows them.
FIELD_LABELS: dict[str, str] = {
    "date": "日期",
    "end_date": "结束日期",
    "name": "活动名称",
    "kind": "类型",
    "location": "地点",
    "organizer": "负责人/组织部门",
    "participants": "参加人数",
    "volunteer_hours": "志愿服务时长",
    "content": "活动内容",
    "remarks": "成效/备注",
    "area": "工作板块",
    "uuid": "记录编号",
}
FIELDS: tuple[str, ...] = tuple(FIELD_LABELS)

#: Column names people use, per field (compared after :func:`_header_key`).
# fmt: off
SYNONYMS: dict[str, tuple[str, ...]] = {
    "date": (
        "日期", "时间", "活动日期", "活动时间", "开展时间", "开展日期", "开始日期", "开始时间",
        "举办时间", "举办日期", "召开时间", "会议时间", "起始日期", "活动开展时间",
    ),
    "end_date": ("结束日期", "结束时间", "截止日期", "截止时间", "终止日期"),
    "name": (
        "活动名称", "名称", "标题", "活动主题", "主题", "活动项目", "项目名称", "会议名称",
        "活动名称主题", "事项", "活动", "项目",
    ),
    "kind": ("类型", "活动类型", "类别", "活动类别", "活动形式", "形式"),
    "location": ("地点", "活动地点", "开展地点", "举办地点", "地址", "场所"),
    "organizer": (
        "负责人/组织部门", "负责人", "组织部门", "负责部门", "组织单位", "责任部门", "承办部门",
        "主办单位", "承办单位", "牵头部门", "责任人", "组织者", "经办人",
    ),
    "participants": (
        "人数", "参加人数", "参与人次", "参与人数", "参加人次", "人次", "参会人数", "受众人数",
        "覆盖人数",
    ),
    "volunteer_hours": (
        "时长", "志愿服务时长", "服务时长", "志愿时长", "服务时间", "服务小时数", "小时数",
    ),
    "content": (
        "内容", "活动内容", "主要内容", "内容摘要", "活动内容摘要", "活动概况", "活动简介",
        "简要内容", "工作内容", "具体内容", "情况说明",
    ),
    "remarks": ("成效/备注", "成效", "备注", "活动成效", "工作成效", "取得成效", "效果", "说明"),
    "area": ("工作板块", "板块", "所属板块", "工作类别"),
    "uuid": ("记录编号", "uuid", "记录id"),
}
# fmt: on

HEADER_SCAN_ROWS = 15
MAX_COLUMNS = 100
#: Stable namespace of the UUIDs derived from a row's area, date, name and location.
IMPORT_NAMESPACE = uuid_module.UUID("1c0f7d4e-5b7a-4f0e-9a55-77e0c1d2a605")
CANCELLED_MESSAGE = "已取消导入，未写入任何数据。"
_CHUNK = 1000
_PROGRESS_EVERY = 500
#: Fields whose value, merged down over several rows, belongs to each of those rows.
_FILL_DOWN = frozenset({"date", "end_date", "kind", "location", "organizer", "area"})

_HEADER_NOISE = re.compile(r"\(.*?\)|【.*?】|\[.*?\]|[\s*:/、\\|_.\-—※#№]")
_TOTAL_ROW = re.compile(r"^(?:本[年月季]|全年|年度)?(?:合计|小计|总计|共计)[:：]?$")
_NOTE_ROW = re.compile(r"^(?:注|说明|备注|填表|制表|审核|审批|负责人签字)")
_EMPTY_MARKS = frozenset({"", "-", "--", "—", "——", "/", "\\", "无", "不详", "暂无", "n/a", "na"})
_DATE_PART = r"(?:(\d{4})\s*[-/.年]\s*)?(?:(\d{1,2})\s*[-/.月]\s*)?(\d{1,2})\s*[日号]?"
_DATE_RANGE = re.compile(rf"^{_DATE_PART}(?:\s*(?:至|到|~|-|—|–)\s*{_DATE_PART})?$")
_DATE_NOISE = re.compile(
    r"\(.*?\)|星期.|周[一二三四五六日天]|上午|下午|晚上|中午|早上|全天|"
    r"T?\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?"
)
_COUNT_PREFIX = re.compile(r"^(?:约|大约|近|共|计|共计|逾|超过|达)\s*")
_COUNT_SUFFIX = re.compile(r"\s*(?:余|多)?\s*(?:人次|人|名|位|个)?\s*(?:左右|以上|余)?\+?$")
_HOURS_SUFFIX = re.compile(r"\s*(?:余|多)?\s*(?:个)?(?:小时|hrs|hr|h|时)?\s*(?:左右|以上|余)?$")
_YEAR = re.compile(r"(?<!\d)(19[5-9]\d|20\d\d)(?!\d)\s*年?")
_AREA_NUMBERING = re.compile(
    r"^(?:[一二三四五六七八九十]+|\d+)[、.)]|^\([一二三四五六七八九十\d]+\)"
)
_SERIAL_RANGE = (17_898, 73_415)  # Excel day numbers of 1949-01-01 … 2100-12-31


# -- the plan ---------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class ImportRow:
    """A row that will be added: ``draft`` as read, ``entry`` as validated."""

    sheet: str
    row: int
    draft: EntryDraft
    uuid: str
    entry: ValidEntry


@dataclass(frozen=True, slots=True)
class RefusedRow:
    sheet: str
    row: int
    reason: str
    values: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class SkippedRow:
    sheet: str
    row: int
    reason: str


@dataclass(frozen=True, slots=True)
class SheetReport:
    """What was understood of one sheet (for the import preview)."""

    name: str
    header_row: int | None  # 1-based; None when the sheet was not read
    columns: dict[str, str] = field(default_factory=dict)  # field -> header text
    area: str | None = None
    note: str = ""


@dataclass(slots=True)
class ImportPlan:
    path: Path
    rows: list[ImportRow] = field(default_factory=list)
    present: list[ImportRow] = field(default_factory=list)
    refused: list[RefusedRow] = field(default_factory=list)
    skipped: list[SkippedRow] = field(default_factory=list)
    sheets: list[SheetReport] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"可导入 {len(self.rows)} 条，已在台账中 {len(self.present)} 条，"
            f"无法导入 {len(self.refused)} 行，跳过 {len(self.skipped)} 行。"
        )


@dataclass(frozen=True, slots=True)
class ImportResult:
    added: int
    already_present: int
    refused: int
    skipped: int

    def summary(self) -> str:
        return (
            f"已导入 {self.added} 条记录；{self.already_present} 条已在台账中，未重复导入；"
            f"{self.refused} 行无法导入；跳过 {self.skipped} 行。"
        )


# -- columns ----------------------------------------------------------------------------
def _header_key(value: object) -> str:
    text = unicodedata.normalize("NFKC", "" if value is None else str(value)).lower()
    return _HEADER_NOISE.sub("", text)


_EXACT: dict[str, str] = {}
for _field, _names in SYNONYMS.items():
    for _name in _names:
        _EXACT.setdefault(_header_key(_name), _field)
_BY_LENGTH = sorted(
    ((key, name) for key, name in _EXACT.items() if len(key) >= 2), key=lambda kv: -len(kv[0])
)


def _field_of(header: object, *, exact_only: bool = False) -> str | None:
    key = _header_key(header)
    if not key:
        return None
    if key in _EXACT:
        return _EXACT[key]
    if exact_only or len(key) > 12:
        return None
    return next((name for synonym, name in _BY_LENGTH if synonym in key), None)


def suggest_mapping(header_cells: Sequence[object]) -> dict[str, int]:
    """Field name → 0-based column index, guessed from a header row's cells."""
    mapping: dict[str, int] = {}
    used: set[int] = set()
    for exact_only in (True, False):
        for index, cell in enumerate(header_cells):
            name = None if index in used else _field_of(cell, exact_only=exact_only)
            if name is not None and name not in mapping:
                mapping[name] = index
                used.add(index)
    return mapping


# -- cell values ------------------------------------------------------------------------
def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else f"{value:%Y-%m-%d %H:%M}"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _filled(value: object) -> bool:
    return value is not None and (not isinstance(value, str) or bool(value.strip()))


def _plain(value: object) -> str:
    return unicodedata.normalize("NFKC", _text(value)).strip()


class _RowProblem(Exception):
    """A row that cannot be imported for a reason validation does not cover."""


DateValue = dt.date | str


def parse_date_cell(
    value: object, year: int | None, month: int | None = None, epoch: dt.datetime | None = None
) -> tuple[DateValue, DateValue | None]:
    """Start (and end, for a range) of a date cell; text for :func:`validate` to judge.

    ``year`` (and ``month``) fill what the cell leaves out (``3月5日``, ``7日``).
    """
    if isinstance(value, dt.datetime):
        return value.date(), None
    if isinstance(value, dt.date):
        return value, None
    if isinstance(value, int | float) and not isinstance(value, bool):
        if _SERIAL_RANGE[0] <= value <= _SERIAL_RANGE[1]:
            return _from_serial(value, epoch), None
        if isinstance(value, float) and 1 <= value < 13:
            value = repr(value)  # 3.5 typed into a number cell: 3月5日
    text = _DATE_NOISE.sub(" ", _plain(value)).strip(" -~至到")
    if text.isdigit() and len(text) == 5 and _SERIAL_RANGE[0] <= int(text) <= _SERIAL_RANGE[1]:
        return _from_serial(int(text), epoch), None
    match = _DATE_RANGE.match(text)
    if not match or (match.group(1) and not match.group(2)):
        return _plain(value), None  # validate() says it cannot read it
    y1, m1, d1, y2, m2, d2 = (None if g is None else int(g) for g in match.groups())
    if m1 is None:
        if month is None:
            return _plain(value), None
        m1 = month
    if y1 is None:
        if year is None:
            raise _RowProblem(
                f"日期“{_plain(value)}”没有写年份：请在导入时指定年份，"
                "或在表格标题中写明年份（如“2019年”）。"
            )
        y1 = year
    start = f"{y1:04d}-{m1:02d}-{d1:02d}"
    if d2 is None:
        return start, None
    end_year, end_month = y2 or y1, m2 or m1
    if y2 is None and (end_month, d2) < (m1, d1):
        end_year += 1  # 12月30日至1月2日
    return start, f"{end_year:04d}-{end_month:02d}-{d2:02d}"


def _from_serial(value: float, epoch: dt.datetime | None) -> dt.date:
    converted = from_excel(value, epoch) if epoch else from_excel(value)
    return converted.date()


def _count_text(value: object, suffix: re.Pattern[str]) -> object:
    """Strip 约/余/人/小时 … from a number typed as text; the rest is validate()'s to judge."""
    if value is None or isinstance(value, int | float):
        return value
    text = _plain(value)
    if text.lower() in _EMPTY_MARKS:
        return None
    stripped = suffix.sub("", _COUNT_PREFIX.sub("", text)).replace("，", ",").strip()
    if not stripped:
        return None
    # Only a number is worth unwrapping; otherwise the message quotes what was written.
    return stripped if re.fullmatch(r"[\d.,+\s]+", stripped) else text


def _sheet_year(title: str, rows: Sequence[Sequence[object]], file_name: str) -> int | None:
    """A year written in the sheet's name, in the title rows above the header, or the file name."""
    for text in (title, *(_plain(cell) for row in rows for cell in row if cell), file_name):
        match = _YEAR.search(unicodedata.normalize("NFKC", text))
        if match:
            return int(match.group(1))
    return None


def derived_uuid(area: Area, entry: ValidEntry) -> str:
    key = f"{area.uuid}|{entry.date.isoformat()}|{entry.name}|{entry.location}"
    return str(uuid_module.uuid5(IMPORT_NAMESPACE, key))


def _record_number(value: object) -> str | None:
    text = _plain(value)
    if not text:
        return None
    try:
        return str(uuid_module.UUID(text))
    except ValueError:
        return None


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


def _area_key(value: object) -> str:
    """An area's name as compared: no spaces, no “一、” in front, no “。” behind."""
    text = re.sub(r"\s+", "", _plain(value))
    return _AREA_NUMBERING.sub("", text).rstrip("。.")


def _area_index(areas: list[Area]) -> dict[str, Area]:
    index: dict[str, Area] = {}
    for area in areas:
        for name in (area.heading, safe_sheet_title(area.short_name), area.short_name):
            index[_area_key(name)] = area
    return index


def _check(cancelled: Cancelled | None) -> None:
    if cancelled is not None and cancelled():
        raise UserError(CANCELLED_MESSAGE)


class _SheetReader:
    """Sorts the rows of one sheet into the plan."""

    def __init__(
        self,
        sheet: ReadOnlyWorksheet,
        merged: list[CellRange],
        plan: ImportPlan,
        *,
        year: int | None,
        area: Area | None,
        areas: dict[str, Area],
        mapping: dict[str, int] | None,
        epoch: dt.datetime,
    ) -> None:
        self.plan, self.areas, self.epoch, self.merged = plan, areas, epoch, merged
        self.title = sheet.title
        sheet.reset_dimensions()  # some programs write a wrong <dimension>: read every row
        width = _used_width(sheet, mapping)
        self.rows = [list(row) for row in sheet.iter_rows(max_col=width, values_only=True)]
        self.header, self.mapping, self.first_data = self._find_header(mapping)
        self.forced_area = area
        self.sheet_area = areas.get(_area_key(self.title))
        self.year = year or _sheet_year(self.title, self.rows[: self.header or 0], plan.path.stem)
        self.name_from_content = "name" not in self.mapping and "content" in self.mapping

    @property
    def has_content(self) -> bool:
        return any(_plain(cell) for row in self.rows for cell in row)

    def _find_header(
        self, mapping: dict[str, int] | None
    ) -> tuple[int | None, dict[str, int], int]:
        """(0-based header row or None, field → column, first data row)."""
        best, best_score = None, 0
        for index, row in enumerate(self.rows[:HEADER_SCAN_ROWS]):
            score = len(suggest_mapping(row))
            if score > best_score:
                best, best_score = index, score
        if mapping is not None:
            if best is None or best_score < 2:
                best = next((i for i, row in enumerate(self.rows) if any(map(_plain, row))), None)
            return best, dict(mapping), (best + 1 if best is not None else 0)
        if best is None or best_score < 2:
            return None, {}, 0
        found = suggest_mapping(self.rows[best])
        first_data = best + 1
        # A second header line under cells merged down (参与情况 → 人数 | 时长).
        if first_data < len(self.rows) and "date" in found:
            below = self.rows[first_data]
            if not _plain(_cell(below, found["date"])):
                extra = {
                    name: index
                    for index, cell in enumerate(below)
                    if index not in found.values()
                    and (name := _field_of(cell, exact_only=True)) is not None
                    and name not in found
                }
                if extra:
                    found.update(extra)
                    first_data += 1
        return best, found, first_data

    def report(self, note: str = "") -> SheetReport:
        header = self.rows[self.header] if self.header is not None else []
        columns = {
            name: _text(_cell(header, index)).strip() for name, index in self.mapping.items()
        }
        chosen = self.forced_area or self.sheet_area
        area = chosen.short_name if chosen else None
        return SheetReport(self.title, _one_based(self.header), columns, area, note)

    def missing_columns(self) -> list[str]:
        needed = ["date"] + ([] if self.name_from_content else ["name"])
        return [FIELD_LABELS[name] for name in needed if name not in self.mapping]

    def fill_merged_down(self) -> None:
        """Give each row of a vertically merged date/place/… cell the cell's value."""
        columns = {index for name, index in self.mapping.items() if name in _FILL_DOWN}
        for merged in self.merged:
            column = merged.min_col - 1
            if column not in columns or merged.min_row - 1 < self.first_data:
                continue
            top = _cell(self.rows[merged.min_row - 1], column)
            for number in range(merged.min_row, min(merged.max_row, len(self.rows))):
                row = self.rows[number]
                row.extend([None] * (column + 1 - len(row)))
                row[column] = top

    def read(
        self, candidates: list[ImportRow], seen: dict[str, str], tick: Callable[[], None]
    ) -> None:
        self.fill_merged_down()
        for index in range(self.first_data, len(self.rows)):
            tick()
            cells = self.rows[index]
            number = index + 1
            filled = [cell for cell in cells if _filled(cell)]
            if not filled:
                continue  # blank rows are not worth mentioning
            skip = self._skip_reason(cells, filled)
            if skip:
                self.plan.skipped.append(SkippedRow(self.title, number, skip))
                continue
            try:
                row = self._import_row(cells, number)
            except _RowProblem as problem:
                self._refuse(number, str(problem), cells)
                continue
            except ValidationError as error:
                self._refuse(number, "".join(error.problems.values()), cells)
                continue
            earlier = seen.get(row.uuid)
            if earlier is not None:
                self.plan.skipped.append(
                    SkippedRow(self.title, number, f"与{earlier}重复（同一条记录），只导入一次。")
                )
                continue
            seen[row.uuid] = f"“{self.title}”第 {number} 行"
            candidates.append(row)

    def _refuse(self, number: int, reason: str, cells: Sequence[object]) -> None:
        values = tuple(_text(cell).strip() for cell in cells)
        self.plan.refused.append(RefusedRow(self.title, number, reason, values))

    def _skip_reason(self, cells: Sequence[object], filled: list[object]) -> str:
        """Why a non-blank row is no activity (合计, a repeated header, a note), or ""."""
        short = (cell for cell in filled if isinstance(cell, str) and len(cell) <= 12)
        if any(_TOTAL_ROW.match(_plain(cell).replace(" ", "")) for cell in short):
            return "合计行，不是活动记录。"
        header = self.rows[self.header] if self.header is not None else []
        same = [i for i in self.mapping.values() if _filled(_cell(header, i))]
        if sum(1 for i in same if _cell(cells, i) == _cell(header, i)) >= 2:
            return "重复的表头行。"
        if len(filled) == 1 and _NOTE_ROW.match(_plain(filled[0])):
            return "说明文字，不是活动记录。"
        return ""

    def _value(self, cells: Sequence[object], name: str) -> object:
        index = self.mapping.get(name)
        return None if index is None else _cell(cells, index)

    def _short(self, cells: Sequence[object], name: str) -> str:
        text = _text(self._value(cells, name))
        return "" if text.strip() in ("/", "-", "—", "——") else text

    def _area(self, cells: Sequence[object]) -> Area:
        if self.forced_area is not None:
            return self.forced_area
        named = _area_key(self._value(cells, "area"))
        if named:
            found = self.areas.get(named)
            if found is None:
                names = "、".join(dict.fromkeys(a.short_name for a in self.areas.values()))
                raise _RowProblem(f"没有名为“{named}”的工作板块（现有：{names}）。")
            return found
        if self.sheet_area is not None:
            return self.sheet_area
        raise _RowProblem(
            "无法确定这一行属于哪个工作板块：请在导入时选择板块，或在表格中加一列“工作板块”。"
        )

    def _import_row(self, cells: Sequence[object], number: int) -> ImportRow:
        area = self._area(cells)
        start, end = parse_date_cell(self._value(cells, "date"), self.year, epoch=self.epoch)
        end_cell = self._value(cells, "end_date")
        if _plain(end_cell).lower() not in _EMPTY_MARKS:
            start_date = start if isinstance(start, dt.date) else _iso(start)
            end, _ = parse_date_cell(
                end_cell,
                start_date.year if start_date else self.year,
                start_date.month if start_date else None,
                self.epoch,
            )
        name = self._short(cells, "name")
        if self.name_from_content and not name.strip():
            name = _first_sentence(_text(self._value(cells, "content")))
        draft = EntryDraft(
            area_id=area.id,
            date=start,
            end_date=end,
            name=name,
            kind=self._short(cells, "kind"),
            location=self._short(cells, "location"),
            organizer=self._short(cells, "organizer"),
            participants=_count_text(self._value(cells, "participants"), _COUNT_SUFFIX),  # type: ignore[arg-type]
            volunteer_hours=_count_text(self._value(cells, "volunteer_hours"), _HOURS_SUFFIX),  # type: ignore[arg-type]
            content=_text(self._value(cells, "content")),
            remarks=_text(self._value(cells, "remarks")),
        )
        entry = validate(draft)
        uuid = _record_number(self._value(cells, "uuid")) or derived_uuid(area, entry)
        return ImportRow(self.title, number, draft, uuid, entry)


def _used_width(sheet: ReadOnlyWorksheet, mapping: dict[str, int] | None) -> int:
    """Columns worth reading: as far as the title and header rows (or the mapping) reach.

    A sheet whose far columns hold stray formatted cells is not read 16,384 columns wide.
    """
    width = 0
    for row in sheet.iter_rows(max_row=HEADER_SCAN_ROWS, values_only=True):
        filled = [index for index, cell in enumerate(row) if _filled(cell)]
        width = max(width, filled[-1] + 1 if filled else 0)
    if mapping:
        width = max(width, max(mapping.values()) + 1)
    return min(width or MAX_COLUMNS, MAX_COLUMNS)


_MERGE_REF = re.compile(rb'<(?:\w+:)?mergeCell\b[^>]*?\bref="([A-Z]+\d+:[A-Z]+\d+)"')


def _merged_ranges(package: zipfile.ZipFile, sheet: ReadOnlyWorksheet) -> list[CellRange]:
    """The merged areas of a sheet, read from its XML (openpyxl's read-only mode skips them)."""
    part = getattr(sheet, "_worksheet_path", None)
    try:
        xml = package.read(part.lstrip("/")) if part else b""
    except (KeyError, OSError, zipfile.BadZipFile):
        return []  # then merged cells are simply not filled down
    return [CellRange(ref.decode("ascii")) for ref in _MERGE_REF.findall(xml)]


def _cell(cells: Sequence[object], index: int) -> object:
    return cells[index] if 0 <= index < len(cells) else None


def _one_based(index: int | None) -> int | None:
    return None if index is None else index + 1


def _iso(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def _first_sentence(content: str) -> str:
    first = re.split(r"[。；;!！?？\n]", content.strip(), maxsplit=1)[0]
    return first[:40]


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


def plan_import(
    ledger: Ledger,
    path: Path,
    *,
    year: int | None = None,
    area: Area | None = None,
    mapping: dict[str, int] | None = None,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> ImportPlan:
    """:func:`read_workbook` against an open ledger (its areas and existing records)."""
    return read_workbook(
        path,
        year=year,
        area=area,
        areas=ledger.areas.all(),
        mapping=mapping,
        known_uuids=ledger.entries.existing_uuids,
        progress=progress,
        cancelled=cancelled,
    )


# -- writing ----------------------------------------------------------------------------
def _entry_values(row: ImportRow, now: dt.datetime) -> dict[str, object]:
    values: dict[str, object] = {name: getattr(row.entry, name) for name in ValidEntry.__slots__}
    values.update(uuid=row.uuid, is_sample=False, created_at=now, updated_at=now)
    return values


def apply_plan(
    ledger: Ledger,
    plan: ImportPlan,
    *,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> ImportResult:
    """Add every importable row in ONE transaction: all of them, or (on any error) none."""
    candidates = plan.rows + plan.present
    try:
        with ledger.database.writing() as session:
            area_ids = set(session.scalars(select(WorkArea.id)))
            if any(row.entry.area_id not in area_ids for row in candidates):
                raise UserError("读取表格后工作板块已被修改，请重新选择文件导入。")
            present: set[str] = set()
            uuids = [row.uuid for row in candidates]
            for start in range(0, len(uuids), 500):
                chunk = uuids[start : start + 500]
                present.update(session.scalars(select(Entry.uuid).where(Entry.uuid.in_(chunk))))
            new = [row for row in candidates if row.uuid not in present]
            now = utc_now()
            for start in range(0, len(new), _CHUNK):
                _check(cancelled)
                batch = [_entry_values(row, now) for row in new[start : start + _CHUNK]]
                session.execute(insert(Entry), batch)
                if progress is not None:
                    progress(min(start + _CHUNK, len(new)), len(new))
            _check(cancelled)
    except SQLAlchemyError as error:
        log.exception("Excel import failed; the transaction was rolled back")
        raise UserError(
            "写入数据时出错，本次导入已全部撤销，台账没有任何改动。请检查表格后重试。"
        ) from error
    log.info("Imported %d entries from %s", len(new), plan.path)
    return ImportResult(
        added=len(new),
        already_present=len(candidates) - len(new),
        refused=len(plan.refused),
        skipped=len(plan.skipped),
    )
