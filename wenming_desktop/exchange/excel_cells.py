"""Understanding what clerks type: column names, dates, counts and record numbers.

Nothing here opens a file. These functions turn one header row or one cell value into
what :func:`~wenming_desktop.books.draft.validate` can judge. (A row's identity is
:mod:`.excel_identity`'s.)
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
import uuid as uuid_module
from collections.abc import Sequence

from openpyxl.utils.datetime import from_excel

from wenming_desktop.books.draft import ENTRY_FIELD_LABELS, ValidEntry
from wenming_desktop.books.records import Area
from wenming_desktop.errors import UserError

#: Importable fields and their labels, in the order a mapping dialog shows them.
FIELD_LABELS: dict[str, str] = {**ENTRY_FIELD_LABELS, "area": "工作板块", "uuid": "记录编号"}
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

#: Stable namespace of the UUIDs imports derived from a row's area, date, name and
#: location before issue 16 (:func:`derived_uuid`; entries still carry them).
IMPORT_NAMESPACE = uuid_module.UUID("1c0f7d4e-5b7a-4f0e-9a55-77e0c1d2a605")

_HEADER_NOISE = re.compile(r"\(.*?\)|【.*?】|\[.*?\]|[\s*:/、\\|_.\-—※#№]")
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


class _RowProblem(UserError):
    """A row that cannot be imported for a reason validation does not cover (its message is
    the clerk's reason; one error family with the rest of the app)."""


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


def _count_text(value: object, suffix: re.Pattern[str]) -> int | float | str | None:
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
    """The UUID an import gave a row without 记录编号 before issue 16: recognised still
    (:mod:`.excel_identity`), no longer given."""
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


def _area_key(value: object) -> str:
    """An area's name as compared: no spaces, no “一、” in front, no “。” behind."""
    text = re.sub(r"\s+", "", _plain(value))
    return _AREA_NUMBERING.sub("", text).rstrip("。.")


def _cell(cells: Sequence[object], index: int) -> object:
    return cells[index] if 0 <= index < len(cells) else None


def _iso(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def _first_sentence(content: str) -> str:
    first = re.split(r"[。；;!！?？\n]", content.strip(), maxsplit=1)[0]
    return first[:40]
