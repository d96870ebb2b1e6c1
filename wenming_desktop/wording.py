"""How official Chinese documents write numbers, dates and headings — read by the drafting
of the summary and by its typesetting alike."""

from __future__ import annotations

import datetime as dt
import re

_DIGITS = "零一二三四五六七八九"

#: ``一、`` first-level heading (黑体), ``（一）`` second level (楷体).
HEADING1 = re.compile(r"^[一二三四五六七八九十百]+、")
HEADING2 = re.compile(r"^（[一二三四五六七八九十百]+）")
_HEADING_END = re.compile(r"[。！？]")


def chinese_number(number: int) -> str:
    """1 → 一, 10 → 十, 11 → 十一, 20 → 二十, 105 → 一百零五 (for 1–999)."""
    if not 0 < number < 1000:
        raise ValueError(number)
    hundreds, rest = divmod(number, 100)
    tens, ones = divmod(rest, 10)
    text = ""
    if hundreds:
        text += _DIGITS[hundreds] + "百"
        if rest and tens == 0:
            return text + "零" + _DIGITS[ones]
    if tens:
        text += ("" if tens == 1 and not hundreds else _DIGITS[tens]) + "十"
    if ones:
        text += _DIGITS[ones]
    return text


def ordinal_item(number: int) -> str:
    """一是、二是 … 十一是: how the seed lists the items of a section."""
    return f"{chinese_number(number)}是"


def chinese_date(value: dt.date) -> str:
    """``2019年12月31日`` — Arabic numerals, no zero padding, as GB/T 9704 asks."""
    return f"{value.year}年{value.month}月{value.day}日"


def date_range(start: dt.date, end: dt.date | None = None, *, year: int | None = None) -> str:
    """An activity's date or dates as official documents write them, no zero padding.

    ``2019年3月5日``; ``2019年3月5日至7日`` (same month); ``2019年3月5日至4月2日`` (same
    year); ``2019年12月30日至2020年1月2日`` (across a year end: both years). Where the
    page already names the ``year`` (a table under a title with it), a start in that year
    leaves it out: ``3月5日至7日``, ``12月30日至2020年1月2日``.
    """
    text = chinese_date(start)
    if year == start.year:
        text = text.removeprefix(f"{start.year}年")
    if end is None or end == start:
        return text
    if end.year != start.year:
        return f"{text}至{chinese_date(end)}"
    if end.month != start.month:
        return f"{text}至{end.month}月{end.day}日"
    return f"{text}至{end.day}日"


def paragraph_runs(text: str) -> list[tuple[str, str]]:
    """Split a paragraph into (text, role) runs: a leading heading sentence keeps its font."""
    for pattern, role in ((HEADING1, "heading1"), (HEADING2, "heading2")):
        if pattern.match(text):
            end = _HEADING_END.search(text)  # a heading keeps its font at any length
            if end is None:
                return [(text, role)]
            cut = end.end()
            runs = [(text[:cut], role)]
            if text[cut:]:
                runs.append((text[cut:], "body"))
            return runs
    return [(text, "body")]
