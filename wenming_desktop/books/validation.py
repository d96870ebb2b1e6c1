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

MIN_DATE = dt.date(1949, 1, 1)
MAX_DATE = dt.date(2100, 12, 31)
NAME_MAX = 200
SHORT_TEXT_MAX = 200
LONG_TEXT_MAX = 20_000
PARTICIPANTS_MAX = 1_000_000
HOURS_MAX = 1_000_000


class FieldError(UserError):
    """A single field's problem; the message is shown to the clerk as is."""


_DATE_PATTERNS = [
    re.compile(r"^(\d{4})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})$"),
    re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
]
# Line breaks and tabs are allowed in long text; other control characters never are.
_FORBIDDEN_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# Invisible characters that reorder text, and non-characters Word cannot store.
_FORBIDDEN_INVISIBLE = re.compile("[\u202a-\u202e\u2066-\u2069\ufff9-\ufffb\ufffe\uffff]")
_LINE_SEPARATORS = str.maketrans({"\u2028": "\n", "\u2029": "\n", "\x85": "\n"})


def clean_text(
    value: object, label: str, *, max_length: int, required: bool = False, multiline: bool = False
) -> str:
    """Trim, normalise line breaks and refuse what cannot be stored or printed."""
    text = "" if value is None else str(value)
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


def parse_date(value: object, label: str = "日期") -> dt.date:
    """Accept a date, or text such as ``2019-03-05``, ``2019/3/5``, ``2019年3月5日``."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        parsed = value
    else:
        text = _to_halfwidth("" if value is None else str(value)).strip()
        if not text:
            raise FieldError(f"请填写“{label}”。")
        for pattern in _DATE_PATTERNS:
            match = pattern.match(text)
            if match:
                year, month, day = (int(part) for part in match.groups())
                try:
                    parsed = dt.date(year, month, day)
                except ValueError:
                    raise FieldError(
                        f"“{label}”{text} 不是真实存在的日期，请检查月份和日子。"
                    ) from None
                break
        else:
            raise FieldError(f"“{label}”无法识别：{text[:30]}。请写成 2019-03-05 这样的格式。")
    if not MIN_DATE <= parsed <= MAX_DATE:
        raise FieldError(f"“{label}”应在 1949 年至 2100 年之间。")
    return parsed


def parse_count(value: object, label: str = "参加人数") -> int | None:
    """A whole number of people 0–1,000,000; empty means “not recorded”."""
    if value is None:
        return None
    if isinstance(value, bool):
        return _not_a_count(label, str(value))
    if isinstance(value, int):
        number = value
    elif isinstance(value, float):
        if not value.is_integer():
            raise FieldError(f"“{label}”应为整数。")
        number = int(value)
    else:
        text = _to_halfwidth(str(value)).strip().replace(",", "")
        text = re.sub(r"\s*人次?$", "", text)  # “30人”, “30 人次”
        if not text:
            return None
        if not re.fullmatch(r"[+]?\d{1,12}", text):
            return _not_a_count(label, text)
        number = int(text)
    if not 0 <= number <= PARTICIPANTS_MAX:
        raise FieldError(f"“{label}”应在 0 到 {PARTICIPANTS_MAX:,} 之间。")
    return number


def _not_a_count(label: str, text: str) -> int:
    raise FieldError(f"“{label}”应为整数（例如 30），不能是“{text[:20]}”。")


def parse_hours(value: object, label: str = "志愿服务时长") -> float | None:
    """Hours ≥ 0 with at most two decimals; empty means “not recorded”."""
    if value is None:
        return None
    text = _to_halfwidth(str(value)).strip().replace(",", "")
    if not text:
        return None
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise FieldError(f"“{label}”应为数字（小时），例如 2.5。") from None
    if not number.is_finite():
        raise FieldError(f"“{label}”应为数字（小时），例如 2.5。")
    if number < 0:
        raise FieldError(f"“{label}”不能为负数。")
    if number > HOURS_MAX:
        raise FieldError(f"“{label}”不能超过 {HOURS_MAX:,} 小时。")
    return float(round(number, 2))
