"""Turning what a clerk typed (or a file held) into clean values, or a Chinese message.

Every value that enters the ledger — dialog, CLI, import — passes through here, so
the rules live in one place.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from decimal import Decimal, InvalidOperation

from wenming_desktop.errors import UserError
from wenming_desktop.store.search_index import strip_zero_width

MIN_DATE = dt.date(1949, 1, 1)
MAX_DATE = dt.date(2100, 12, 31)
NAME_MAX = 200
SHORT_TEXT_MAX = 200
LONG_TEXT_MAX = 20_000
PARTICIPANTS_MAX = 1_000_000
#: The most volunteer hours one activity may have when its 参加人数 is not recorded.
HOURS_MAX = 10_000
#: With a head count, each 人次 may give at most a whole day's hours per day of the activity.
HOURS_PER_PERSON_DAY = 24


class FieldError(UserError):
    """A single field's problem; the message is shown to the clerk as is."""


class YearMissing(FieldError):
    """A date written without its year (``3月5日``) where no year was given to fill it."""


# One date as people write it: 2019-03-05, 2019/3/5, 2019.3.5, 2019年3月5日, 3月5日, 3.5, 5日.
_DATE_PART = r"(?:(\d{4})\s*[-/.年]\s*)?(?:(\d{1,2})\s*[-/.月]\s*)?(\d{1,2})\s*[日号]?"
# …or two of them: 2019年3月8日-10日, 3月5日至3月7日, 2019-03-05~2019-03-07.
_DATE_RANGE = re.compile(rf"^{_DATE_PART}(?:\s*(?:至|到|~|-|—|–)\s*{_DATE_PART})?$")
_COMPACT_DATE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")  # 20190305
# Weekdays, times of day and remarks in brackets say nothing about the day itself.
_DATE_NOISE = re.compile(
    r"\(.*?\)|星期.|周[一二三四五六日天]|上午|下午|晚上|中午|早上|全天|"
    r"T?\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?"
)
_DATE_HINT = "请写成 2019-03-05 这样的格式。"
_MINUS_SIGNS = str.maketrans({"\u2212": "-", "\u2013": "-", "\u2014": "-"})
# Line breaks and tabs are allowed in long text; other control characters never are.
_FORBIDDEN_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# Invisible characters that reorder text, and non-characters Word cannot store.
_FORBIDDEN_INVISIBLE = re.compile("[\u202a-\u202e\u2066-\u2069\ufff9-\ufffb\ufffe\uffff]")
_LINE_SEPARATORS = str.maketrans({"\u2028": "\n", "\u2029": "\n", "\x85": "\n"})


def clean_text(
    value: object, label: str, *, max_length: int, required: bool = False, multiline: bool = False
) -> str:
    """Trim, normalise line breaks and refuse what cannot be stored or printed."""
    text = "" if value is None else strip_zero_width(str(value))  # they hide words from search
    text = text.replace("\r\n", "\n").replace("\r", "\n").translate(_LINE_SEPARATORS)
    if not multiline:
        text = text.replace("\n", " ").replace("\t", " ")
    text = text.strip()
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise FieldError(f"“{label}”中含有无法识别的字符，请删去后重新输入。") from None
    if _FORBIDDEN_CONTROL.search(text) or _FORBIDDEN_INVISIBLE.search(text):
        raise FieldError(f"“{label}”中含有不可见的控制字符，请删去后重新输入。")
    if any(unicodedata.category(char) in ("Cs", "Co", "Cn") for char in text):
        raise FieldError(f"“{label}”中含有无法识别的字符，请删去后重新输入。")
    if required and not text:
        raise FieldError(f"请填写“{label}”。")
    if len(text) > max_length:
        raise FieldError(
            f"“{label}”最多 {max_length:,} 个字，现在有 {len(text):,} 个字，请精简后再保存。"
        )
    return text


def _to_halfwidth(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def spelled_dates(
    value: object, year: int | None = None, month: int | None = None
) -> tuple[str, str | None] | None:
    """Start (and end, for a range) of a date written as text, as ``YYYY-MM-DD`` text that
    may still be no real day (``2019-02-30``); None when the text spells no date.

    ``year`` and ``month`` fill what the text leaves out (``3月5日``, ``7日``); a text
    without its year and no ``year`` to fill it raises :class:`YearMissing`. A range's end
    takes the start's year and month where it leaves them out, and the next year when its
    month comes before the start's (``12月30日至1月2日``). The Excel import reads cells, and
    the entry dialog what the clerk types, with this one reading.
    """
    plain = _to_halfwidth("" if value is None else str(value))
    text = _DATE_NOISE.sub(" ", plain).strip(" -~至到")
    compact = _COMPACT_DATE.match(text)
    if compact:
        return "-".join(compact.groups()), None
    match = _DATE_RANGE.match(text)
    if not match or (match.group(1) and not match.group(2)):  # 2019年3: no month
        return None
    y1, m1, d1, y2, m2, d2 = (None if g is None else int(g) for g in match.groups())
    if m1 is None:
        if month is None:
            return None
        m1 = month
    if y1 is None:
        if year is None:
            raise YearMissing(f"日期“{plain.strip()[:30]}”没有写年份。")
        y1 = year
    start = f"{y1:04d}-{m1:02d}-{d1:02d}"
    if d2 is None:
        return start, None
    end_year, end_month = y2 or y1, m2 or m1
    if y2 is None and end_month < m1:
        end_year += 1  # 12月30日至1月2日 (3月8日至5日 stays a mistake to point out)
    return start, f"{end_year:04d}-{end_month:02d}-{d2:02d}"


def _real_date(iso: str, label: str) -> dt.date:
    """The day ``YYYY-MM-DD`` names, or a message saying which part cannot be."""
    year, month, day = (int(part) for part in iso.split("-"))
    if not MIN_DATE.year <= year <= MAX_DATE.year:
        raise FieldError(f"“{label}”应在 1949 年至 2100 年之间。")
    if not 1 <= month <= 12:
        raise FieldError(f"“{label}”不是真实存在的日期：一年只有 12 个月，没有{month}月。")
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise FieldError(f"“{label}”不是真实存在的日期：{year}年{month}月没有{day}日。") from None


def parse_dates(
    value: object, label: str = "日期", *, year: int | None = None, month: int | None = None
) -> tuple[dt.date, dt.date | None]:
    """A day, or the first and last day of a range, from a date or text such as
    ``2019-03-05``, ``2019/3/5``, ``2019年3月5日``, ``20190305`` or ``3月8日至10日``.

    ``year`` and ``month`` fill what the text leaves out (see :func:`spelled_dates`).
    """
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        if not MIN_DATE <= value <= MAX_DATE:
            raise FieldError(f"“{label}”应在 1949 年至 2100 年之间。")
        return value, None
    text = _to_halfwidth("" if value is None else str(value)).strip()
    if not text:
        raise FieldError(f"请填写“{label}”。")
    try:
        spelled = spelled_dates(text, year, month)
    except YearMissing:
        raise FieldError(f"“{label}”没有写年份：{text[:30]}。{_DATE_HINT}") from None
    if spelled is None:
        raise FieldError(f"“{label}”无法识别：{text[:30]}。{_DATE_HINT}")
    start, end = spelled
    return _real_date(start, label), None if end is None else _real_date(end, label)


def parse_date(
    value: object, label: str = "日期", *, year: int | None = None, month: int | None = None
) -> dt.date:
    """One day, from a date or text as :func:`parse_dates` reads it (a range is refused)."""
    start, end = parse_dates(value, label, year=year, month=month)
    if end is not None:
        raise FieldError(f"“{label}”只能写一天；多日活动请另填“结束日期”。")
    return start


def _number_text(value: object) -> str:
    """Half-width, without thousands separators; −, – and — read as a minus sign."""
    return _to_halfwidth(str(value)).translate(_MINUS_SIGNS).strip().replace(",", "")


def parse_count(value: object, label: str = "参加人数") -> int | None:
    """A whole number of people 0–1,000,000; empty means “not recorded”."""
    if value is None:
        return None
    if isinstance(value, bool):
        return _not_a_count(label, str(value))
    if isinstance(value, int):
        number = value
    elif isinstance(value, float):
        if value < 0:
            raise FieldError(f"“{label}”不能是负数。")
        if not value.is_integer():
            raise FieldError(f"“{label}”应为整数。")
        number = int(value)
    else:
        text = re.sub(r"\s*人次?$", "", _number_text(value))  # “30人”, “30 人次”
        if not text:
            return None
        if re.fullmatch(r"-\s*\d+(?:\.\d*)?", text):
            raise FieldError(f"“{label}”不能是负数。")
        if not re.fullmatch(r"[+]?\d{1,12}", text):
            return _not_a_count(label, text)
        number = int(text)
    if number < 0:
        raise FieldError(f"“{label}”不能是负数。")
    if number > PARTICIPANTS_MAX:
        raise FieldError(f"“{label}”应在 0 到 {PARTICIPANTS_MAX:,} 之间。")
    return number


def _not_a_count(label: str, text: str) -> int:
    raise FieldError(f"“{label}”应为整数（例如 30），不能是“{text[:20]}”。")


def hours_limit(participants: int | None = None, days: int = 1) -> tuple[int, str]:
    """The most volunteer hours one activity can have, and how that is reckoned (for the
    clerk): 24 hours a day for each 人次 when the head count is known, else HOURS_MAX."""
    if participants:
        days = max(days, 1)
        per = f"{participants:,} 人次 × " + (f"{days:,} 天 × " if days > 1 else "")
        return participants * days * HOURS_PER_PERSON_DAY, f"{per}{HOURS_PER_PERSON_DAY} 小时"
    return HOURS_MAX, "未填参加人数时的上限"


def parse_hours(
    value: object, label: str = "志愿服务时长", *, participants: int | None = None, days: int = 1
) -> float | None:
    """Hours ≥ 0 with at most two decimals, within :func:`hours_limit` for the activity's
    head count and days; empty means “not recorded”."""
    if value is None:
        return None
    text = _number_text(value)
    if not text:
        return None
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise FieldError(f"“{label}”应为数字（小时），例如 2.5。") from None
    if not number.is_finite():
        raise FieldError(f"“{label}”应为数字（小时），例如 2.5。")
    if number < 0:
        raise FieldError(f"“{label}”不能是负数。")
    limit, reckoning = hours_limit(participants, days)
    if number > limit:
        raise FieldError(f"“{label}”不能超过 {limit:,} 小时（{reckoning}）。")
    return float(round(number, 2))
