"""Drafting a year's summary from its entries, in the shape of the reference document.

Each work area becomes ``一、{heading}。`` + a lead sentence + the area's figures in
words + items ``一是…。二是…。`` made from its entries, similar entries (the four
quarterly inspections, say) folded into one item.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from wenming_desktop.books.records import Area, EntryDetail
from wenming_desktop.summary.document import (
    CLOSING,
    OPENING,
    SIGNATURE_DATE,
    SIGNATURE_UNIT,
    TITLE,
    AnnualSummary,
    Part,
    section_key,
)
from wenming_desktop.wording import chinese_date, chinese_number, ordinal_item

#: Lead sentences for the six default areas (keyed by their stable UUID), after the seed.
LEADS: dict[str, str] = {
    "6b1f3c52-0c4e-4f55-9d0e-2f8a1a000001": (
        "{unit}高度重视文明单位创建工作，健全工作机制，压实工作责任，"
        "形成了领导重视、制度健全、经费到位的工作格局。"
    ),
    "6b1f3c52-0c4e-4f55-9d0e-2f8a1a000002": (
        "坚持把理论学习作为思想建设的首要任务，不断强化思想引领。"
    ),
    "6b1f3c52-0c4e-4f55-9d0e-2f8a1a000003": (
        "充分发挥工会教育职能，大力开展职工群众喜闻乐见、形式多样的精神文明创建活动，"
        "积极培育和践行社会主义核心价值观。"
    ),
    "6b1f3c52-0c4e-4f55-9d0e-2f8a1a000004": "积极开展学雷锋志愿服务活动，大力弘扬善行义举。",
    "6b1f3c52-0c4e-4f55-9d0e-2f8a1a000005": (
        "深入开展法治宣传教育，不断增强职工法治观念，促进劳动关系和谐。"
    ),
    "6b1f3c52-0c4e-4f55-9d0e-2f8a1a000006": (
        "坚持以创建整洁、优美、文明、卫生的办公环境为目标，积极改善优化办公环境。"
    ),
}
GENERIC_LEAD = "围绕{heading}，扎实开展各项工作。"
EMPTY_AREA = "（本年度尚无该项工作的记录，请补充。）"
MAX_ITEM_CHARS = 160

# Words that differ between repeats of the same activity: 2019年度, 第一季度, 3月份, 第2次 …
_REPEAT_WORDS = re.compile(
    r"\d{4}年度?|[第]?[一二三四1-4]季度|上半年|下半年|年中|年终|年底|全年"
    r"|第[一二三四五六七八九十\d]+[次期届批轮]|\d{1,2}月份?|（[^）]*）|\([^)]*\)"
)
_STARTS_WITH_VERB = re.compile(
    r"^(开展|组织|召开|举办|参加|参与|建立|建设|推进|落实|制定|修订|深入|加强|定期|坚持|完善|进行)"
)
_SENTENCE_END = re.compile(r"(?<=[。！？])")
_TRAILING = "。；，、 "


@dataclass(frozen=True, slots=True)
class Figures:
    entries: int
    participants: int
    hours: float


def figures_of(entries: Sequence[EntryDetail]) -> Figures:
    return Figures(
        len(entries),
        sum(e.participants or 0 for e in entries),
        sum(e.volunteer_hours or 0.0 for e in entries),
    )


def figures_in_words(figures: Figures, *, lead: str = "全年开展活动") -> str:
    """``全年开展活动12次，参与职工860人次，志愿服务时长64小时`` (no final 。)."""
    text = f"{lead}{figures.entries}次"
    if figures.participants:
        text += f"，参与职工{figures.participants}人次"
    if figures.hours:
        text += f"，志愿服务时长{figures.hours:g}小时"
    return text


def _group_key(name: str) -> str:
    key = _REPEAT_WORDS.sub("", name)
    return re.sub(r"\s+", "", key) or name


def _first_sentences(text: str, limit: int = MAX_ITEM_CHARS) -> str:
    """Whole sentences from the start of ``text``, at most ``limit`` characters."""
    text = " ".join(text.split())
    sentences = [s for s in _SENTENCE_END.split(text) if s]
    chosen = ""
    for sentence in sentences:
        if chosen and len(chosen) + len(sentence) > limit:
            break
        chosen += sentence
    if len(chosen) > limit:
        chosen = chosen[:limit].rstrip(_TRAILING) + "等"
    return chosen.rstrip(_TRAILING)


def _item(group: Sequence[EntryDetail]) -> str:
    """One item sentence (ending in 。) for one activity or a group of repeats."""
    first = group[0]
    if len(group) == 1:
        body = _first_sentences(first.content) or first.name.rstrip(_TRAILING)
        return body + "。"
    name = _group_key(first.name).rstrip(_TRAILING)
    if not _STARTS_WITH_VERB.match(name):
        name = "定期开展" + name
    figures = figures_of(group)
    text = f"{name}，全年共{figures.entries}次"
    if figures.participants:
        text += f"，参与职工{figures.participants}人次"
    if figures.hours:
        text += f"，志愿服务时长{figures.hours:g}小时"
    detail = _first_sentences(group[-1].content, MAX_ITEM_CHARS // 2)
    return f"{text}。{detail}。" if detail else f"{text}。"


def group_entries(entries: Sequence[EntryDetail]) -> list[list[EntryDetail]]:
    """Entries in date order, repeats of the same activity grouped together."""
    groups: dict[str, list[EntryDetail]] = {}
    for entry in sorted(entries, key=lambda e: (e.date, e.id)):
        groups.setdefault(_group_key(entry.name), []).append(entry)
    return list(groups.values())


def section_text(number: int, area: Area, entries: Sequence[EntryDetail], unit: str) -> str:
    lead = LEADS.get(area.uuid, GENERIC_LEAD).format(unit=unit, heading=area.heading)
    text = f"{chinese_number(number)}、{area.heading}。{lead}"
    if not entries:
        return text + EMPTY_AREA
    text += figures_in_words(figures_of(entries)) + "。"
    items = [_item(group) for group in group_entries(entries)]
    if len(items) == 1:
        return text + items[0]
    return text + "".join(f"{ordinal_item(n)}{item}" for n, item in enumerate(items, start=1))


def opening_text(year: int, unit: str, figures: Figures) -> str:
    text = (
        f"{year}年，{unit}严格按照文明单位测评体系和上级文明办相关工作要求，立足工作实际，"
        "以培育和践行社会主义核心价值观为根本，以服务职工为载体，扎实开展精神文明创建活动，"
        "不断提高干部职工的思想政治素质、职业道德和文明程度。"
    )
    if figures.entries:
        text += figures_in_words(figures, lead="全年共开展各类活动") + "，"
    return text + "圆满完成了各项工作目标。现将有关情况总结如下。"


def closing_text(year: int, unit: str) -> str:
    return (
        f"{year + 1}年，{unit}将继续深入培育和践行社会主义核心价值观，"
        "巩固和扩大文明单位创建成果，不断提升干部职工文明素质，"
        "推动精神文明建设工作再上新台阶。"
    )


def section_label(number: int, area: Area) -> str:
    return f"{chinese_number(number)}、{area.short_name}"


def draft_summary(
    year: int, unit: str, areas: Sequence[Area], entries: Sequence[EntryDetail]
) -> AnnualSummary:
    """A complete draft; every part's ``generated`` equals its ``text``."""
    by_area: dict[int, list[EntryDetail]] = {area.id: [] for area in areas}
    for entry in entries:
        if entry.area_id in by_area and entry.date.year == year and entry.deleted_at is None:
            by_area[entry.area_id].append(entry)
    counted = [entry for group in by_area.values() for entry in group]

    def part(key: str, label: str, text: str) -> Part:
        return Part(key, label, text, text)

    parts = [
        part(TITLE, "标题", f"{unit}{year}年精神文明建设工作总结"),
        part(OPENING, "开头", opening_text(year, unit, figures_of(counted))),
    ]
    for number, area in enumerate(areas, start=1):
        parts.append(
            part(
                section_key(area.uuid),
                section_label(number, area),
                section_text(number, area, by_area[area.id], unit),
            )
        )
    parts += [
        part(CLOSING, "结尾", closing_text(year, unit)),
        part(SIGNATURE_UNIT, "落款单位", unit),
        part(SIGNATURE_DATE, "落款日期", chinese_date(dt.date(year, 12, 31))),
    ]
    return AnnualSummary(year, tuple(parts))
