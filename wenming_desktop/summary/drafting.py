"""Drafting a year's summary from its entries, in the shape of the reference document.

Each work area becomes ``一、{heading}。`` + a lead sentence + the area's figures once +
at most six items ``一是…。二是…。`` (eight for a very busy area), each a theme of the
year's work (``themes.py``) said in one sentence (``phrasing.py``), nothing said twice
(``repeats.py``). The length stays that of a summary whatever the size of the ledger.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Sequence

from wenming_desktop.books.areas import DEFAULT_AREAS
from wenming_desktop.books.records import Area, EntryDetail, EntryStamp
from wenming_desktop.summary.document import (
    CLOSING,
    OPENING,
    SIGNATURE_DATE,
    SIGNATURE_UNIT,
    TITLE,
    AnnualSummary,
    Basis,
    Part,
    section_key,
)
from wenming_desktop.summary.phrasing import (
    Candidate,
    Context,
    Figures,
    figures_of,
    figures_sentence,
    hours_text,
    item_candidates,
)
from wenming_desktop.summary.repeats import Written, sentences
from wenming_desktop.summary.themes import limit_for, section_themes
from wenming_desktop.wording import chinese_date, chinese_number, ordinal_item

__all__ = [
    "Figures",
    "bases_of",
    "counted_entries",
    "draft_summary",
    "figures_in_words",
    "figures_of",
    "section_label",
    "title_text",
]

#: Lead sentences for the six default areas (keyed by their stable UUID), after the seed;
#: none repeats the words of its heading.
LEADS: dict[str, str] = {
    "6b1f3c52-0c4e-4f55-9d0e-2f8a1a000001": (
        "{unit}高度重视文明单位创建工作，健全工作机制，压实工作责任，"
        "形成了领导重视、制度健全、经费到位的工作格局。"
    ),
    "6b1f3c52-0c4e-4f55-9d0e-2f8a1a000002": (
        "坚持把政治理论学习摆在首位，用党的创新理论武装头脑、指导实践、推动工作。"
    ),
    "6b1f3c52-0c4e-4f55-9d0e-2f8a1a000003": (
        "充分发挥工会教育职能，大力开展职工群众喜闻乐见、形式多样的精神文明创建活动，"
        "积极培育和践行社会主义核心价值观。"
    ),
    "6b1f3c52-0c4e-4f55-9d0e-2f8a1a000004": (
        "坚持把学雷锋志愿服务作为凝聚职工、服务群众的重要载体，大力弘扬善行义举。"
    ),
    "6b1f3c52-0c4e-4f55-9d0e-2f8a1a000005": (
        "深入开展普法宣传教育，不断增强职工尊法学法守法用法意识，促进劳动关系和谐。"
    ),
    "6b1f3c52-0c4e-4f55-9d0e-2f8a1a000006": (
        "坚持以创建整洁、优美、文明、卫生的办公环境为目标，积极改善优化办公条件。"
    ),
}
GENERIC_LEAD = "紧紧围绕年度工作目标，扎实推进各项工作，取得了明显成效。"
EMPTY_AREA = "（本年度台账中尚无“{name}”方面的记录，请补充。）"
#: Characters a section's items may take (a very busy area's eight items a little more).
SECTION_BUDGET = 640
SECTION_BUDGET_BUSY = 720
ITEM_CHARS = 120


def counted_entries(year: int, entries: Iterable[EntryDetail]) -> list[EntryDetail]:
    """The year's live entries a draft speaks of: sample entries only while the year has no
    real ones (示例数据 is never presented as the unit's work next to real work)."""
    live = [e for e in entries if e.date.year == year and e.deleted_at is None]
    real = [e for e in live if not e.is_sample]
    return real if real else live


def _stamps_counted(stamps: Iterable[EntryStamp]) -> list[EntryStamp]:
    stamps = list(stamps)
    real = [s for s in stamps if not s.is_sample]
    return real if real else stamps


def _digest(stamps: Iterable[EntryStamp], *extra: str) -> str:
    lines = sorted(f"{s.uuid}|{s.updated_at.isoformat()}" for s in stamps)
    return hashlib.sha1("\n".join([*extra, *lines]).encode("utf-8")).hexdigest()


def bases_of(
    stamps: Iterable[EntryStamp], areas: Sequence[Area], unit: str, drafted_at: dt.datetime
) -> dict[str, Basis]:
    """Each part's basis for the given entries (the stamps of the year's live entries)."""
    counted = _stamps_counted(stamps)
    when = drafted_at.isoformat()

    def basis(chosen: list[EntryStamp], label: str) -> Basis:
        sample = sum(s.is_sample for s in chosen)
        return Basis(_digest(chosen, label), len(chosen), sample, unit, when)

    by_area: dict[int, list[EntryStamp]] = {area.id: [] for area in areas}
    for stamp in counted:
        if stamp.area_id in by_area:
            by_area[stamp.area_id].append(stamp)
    in_areas = [s for group in by_area.values() for s in group]
    bases = {
        TITLE: basis([], "title"),
        OPENING: basis(in_areas, "opening"),
        CLOSING: basis([], "closing"),
        SIGNATURE_UNIT: basis([], "signature"),
    }
    for number, area in enumerate(areas, start=1):  # its number is in its text: 五、…
        bases[section_key(area.uuid)] = basis(by_area[area.id], f"{number}{area.heading}")
    return bases


def figures_in_words(figures: Figures, *, lead: str = "全年开展活动") -> str:
    """``全年开展活动12次，参与职工860人次，志愿服务时长64小时`` (no final 。) — the line
    under the 统计表's title."""
    text = f"{lead}{figures.entries}次"
    if figures.participants:
        text += f"，参与职工{figures.participants}人次"
    if figures.hours:
        text += f"，志愿服务时长{hours_text(figures.hours)}小时"
    return text


def section_label(number: int, area: Area) -> str:
    return f"{chinese_number(number)}、{area.short_name}"


def title_text(year: int, unit: str) -> str:
    return f"{unit}{year}年精神文明建设工作总结"


_DEFAULT_NAMES = {uuid: (name, heading) for uuid, name, heading in DEFAULT_AREAS}


def lead_of(area: Area, unit: str) -> str:
    """The lead sentence after the heading: the seed's own for a default area (while the
    clerk has not renamed it into another kind of work), else a general one."""
    default = _DEFAULT_NAMES.get(area.uuid)
    kept = default is not None and (area.short_name == default[0] or area.heading == default[1])
    lead = LEADS[area.uuid] if kept else GENERIC_LEAD
    return lead.format(unit=unit)


def section_opening(number: int, area: Area, entries: Sequence[EntryDetail], unit: str) -> str:
    """``一、{heading}。`` + lead + the area's figures (or the placeholder of an empty area)."""
    heading = f"{chinese_number(number)}、{area.heading}。"
    lead = lead_of(area, unit)
    if not entries:
        return heading + lead + EMPTY_AREA.format(name=area.short_name)
    return heading + lead + figures_sentence(number, figures_of(entries), area.short_name)


def section_text(
    number: int,
    area: Area,
    entries: Sequence[EntryDetail],
    opening: str,
    written: Written,
    common: frozenset[str] = frozenset(),
) -> str:
    written.start_section()
    if not entries:
        return opening
    figures = figures_of(entries)
    written.write(opening)
    busy = limit_for(len(entries)) > 6
    budget = SECTION_BUDGET_BUSY if busy else SECTION_BUDGET
    items: list[str] = []
    used = 0
    for theme in section_themes(entries):
        if used >= budget:
            break
        room = max(40, min(ITEM_CHARS, budget - used))
        context = Context(figures, len(items) + 1, common)
        candidates = item_candidates(theme, room, context)
        sentence = _write_item(candidates, number=len(items) + 1, written=written, room=room)
        if sentence:
            items.append(sentence)
            used += len(sentence)
    if len(items) == 1:
        return opening + items[0][len(ordinal_item(1)) :]
    return opening + "".join(items)


def _write_item(candidates: list[Candidate], *, number: int, written: Written, room: int) -> str:
    """The first candidate sentence for a theme that repeats nothing written, or ""."""
    ordinal = ordinal_item(number)
    for head, detail, tail, avoid in candidates:
        kept = ""
        if detail:
            before = f"{ordinal}{head}，" if head else ordinal
            limit = room - len(head) - len(tail)
            if limit >= 8:
                kept = written.keep_new_sentences(
                    detail, limit=limit, after=before, avoid=avoid, head=head
                )
                kept = kept.strip("，；、。 ")
            if not head and kept != detail.strip("，；、。 "):
                continue  # said without its name, a shortened content may not say what it was
        body = "，".join(text for text in (head, kept) if text) + tail
        body = body.strip("，；、 ")
        if len(body) < 6:
            continue
        sentence = f"{ordinal}{body}。"
        if written.offer(sentence):
            return sentence
    return ""


#: A sentence found in this many entries' 活动内容 is boilerplate ("活动中，干部职工积极
#: 参与…"), not what any one activity did.
COMMON_IN = 3


def common_sentences(entries: Sequence[EntryDetail]) -> frozenset[str]:
    """Sentences of 活动内容 that stand in several entries of different activities."""
    seen: dict[str, set[str]] = {}
    for entry in entries:
        for sentence in set(sentences(entry.content)):
            bare = sentence.strip().rstrip("。；！？")
            if len(bare) >= 6:
                seen.setdefault(bare, set()).add(entry.name)
    return frozenset(text for text, names in seen.items() if len(names) >= COMMON_IN)


def opening_text(year: int, unit: str, figures: Figures) -> str:
    text = (
        f"{year}年，{unit}严格按照文明单位测评体系和上级文明办相关工作要求，立足工作实际，"
        "以培育和践行社会主义核心价值观为根本，以服务职工为载体，扎实开展精神文明创建活动，"
        "不断提高干部职工的思想政治素质、职业道德和文明程度。"
    )
    if figures.entries:
        text += figures_in_words(figures, lead="全年共开展各类活动") + "，"
    text += "圆满完成了各项工作目标。现将有关情况总结如下。"
    return text


def closing_text(year: int, unit: str) -> str:
    return (
        f"{year + 1}年，{unit}将继续深入培育和践行社会主义核心价值观，"
        "巩固和扩大文明单位创建成果，不断提升干部职工文明素质，"
        "推动精神文明建设工作再上新台阶。"
    )


def draft_summary(
    year: int,
    unit: str,
    areas: Sequence[Area],
    entries: Sequence[EntryDetail],
    drafted_at: dt.datetime | None = None,
    reserved: Sequence[str] = (),
) -> AnnualSummary:
    """A complete draft; every part's ``generated`` equals its ``text``, and its ``basis``
    says what it was drafted from. Nothing in it repeats ``reserved`` (the parts a partial
    redraft keeps)."""
    when = drafted_at or dt.datetime.now(dt.UTC).replace(tzinfo=None)
    by_area: dict[int, list[EntryDetail]] = {area.id: [] for area in areas}
    for entry in counted_entries(year, entries):
        if entry.area_id in by_area:
            by_area[entry.area_id].append(entry)
    counted = [entry for group in by_area.values() for entry in group]
    stamps = [EntryStamp(e.area_id, e.uuid, e.updated_at, e.is_sample) for e in counted]
    bases = bases_of(stamps, areas, unit, when)

    def part(key: str, label: str, text: str) -> Part:
        return Part(key, label, text, text, bases.get(key))

    written = Written()
    opening = opening_text(year, unit, figures_of(counted))
    openings = [
        section_opening(number, area, by_area[area.id], unit)
        for number, area in enumerate(areas, start=1)
    ]
    closing = closing_text(year, unit)
    for text in (opening, *openings, closing, *reserved):  # no item may repeat them
        written.reserve(text)
    common = common_sentences(counted)
    parts = [part(TITLE, "标题", title_text(year, unit)), part(OPENING, "开头", opening)]
    for number, (area, start) in enumerate(zip(areas, openings, strict=True), start=1):
        text = section_text(number, area, by_area[area.id], start, written, common)
        parts.append(part(section_key(area.uuid), section_label(number, area), text))
    parts += [
        part(CLOSING, "结尾", closing),
        part(SIGNATURE_UNIT, "落款单位", unit),
        part(SIGNATURE_DATE, "落款日期", chinese_date(dt.date(year, 12, 31))),
    ]
    return AnnualSummary(year, tuple(parts))
