"""Saying a theme in one sentence, in the register of the reference summary.

Every function returns candidates, best first; the drafting takes the first one that
repeats nothing already written (``repeats.Written``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from wenming_desktop.books.records import EntryDetail
from wenming_desktop.summary.repeats import clauses, sentences
from wenming_desktop.summary.themes import (
    Shape,
    Theme,
    Weight,
    activity_name,
    is_honour,
    place_stem,
)

_STARTS_WITH_VERB = re.compile(
    r"^(开展|组织|召开|举办|举行|参加|参与|建立|建设|推进|落实|制定|修订|深入|加强|定期|坚持|完善"
    r"|进行|启动|实施|印发|成立|调整|学习|集中学习|走访|慰问|表彰|评选|荣获|获评|获得|被评为|打造"
    r"|创建|推动|强化|发挥|指导|邀请|宣传|宣讲|普及|发放|设立|配备|签订|承办|协办|选派|积极|广泛"
    r"|全面|认真|扎实|持续|大力|不断|充分|切实|做好|抓好|贯彻|传达|部署|研究|听取|检查|督查|排查"
    r"|整治|清理|改善|优化|规范|健全|完成|联合|走进|深化|培育|弘扬|践行|营造|倡导"
    r"|依托|结合|围绕|利用|借助|按照|根据|对照|以|在)"
)
_LEADING_VERB = re.compile(r"^(开展|组织开展|组织|举办|举行|召开|进行|参加|参与|集中学习)")
_TRAILING = "。；，、：！？ "
_SENTENCE_END = re.compile(r"(?<=[。！？；])")
_HONOURED = re.compile(r"获|评为|授予|表彰")
#: An honour's name that reads as the title won: 荣获 may stand before it.
_TITLE_END = re.compile(
    r"(称号|奖|奖章|奖状|先进|模范|示范点|示范单位|文明单位|岗|号|之家|书屋)”?$"
)
_GATHERING = re.compile(r"(大会|仪式|典礼|座谈会|报告会|表彰会)$")
#: Sentences of 活动内容 that tell nothing of the activity itself.
_BOILERPLATE = re.compile(
    r"^(本次|此次|活动中|活动结束后|活动期间|通过活动|通过此次|通过本次|会上|会议强调|会议要求"
    r"|会议指出|会议认为|会后)"
)
#: A numbered list inside 活动内容 (一是…二是…, （一）…, 1. …): it cannot sit inside an item.
_NUMBERED = re.compile(
    r"[一二三四五六七八九十]是|（[一二三四五六七八九十]）|(^|[。；])\s*\d+[.、．]"
)
#: 活动内容 that starts like this only makes sense after the activity's name.
_NEEDS_NAME = re.compile(r"^(会议|活动|本次|此次|对(?!照|标)|该|其|并|同时|此外|另外|通过|共|期间)")
_URL = re.compile(r"(https?://|www\.)\S+", re.IGNORECASE)
_CJK = re.compile(r"[\u4e00-\u9fff]")
#: Names that keep their own rhythm: no 每月/每周 may be added to them.
_OWN_RHYTHM = re.compile(r"月度|季度|周[一二三四五六日]|每月|每周|每季|每年|年度|月例|周例")
_PEOPLE_START = re.compile(r"^(党员|干部|职工|志愿者|工会|机关|青年|女职工|劳模|全体)")

#: How an activity of each 类型 is introduced when its name does not start with a verb.
KIND_VERB = {
    "会议": "召开",
    "学习": "组织",
    "活动": "举办",
    "培训": "举办",
    "表彰荣誉": "获得",
    "志愿服务": "开展",
    "宣传": "开展",
    "检查": "开展",
    "制度建设": "制定",
}
#: What several activities of each 类型 are called together: 等N{unit}{noun}.
KIND_NOUN = {
    "会议": ("次", "会议"),
    "学习": ("次", "集中学习"),
    "活动": ("项", "活动"),
    "培训": ("期", "培训"),
    "表彰荣誉": ("项", "表彰和荣誉"),
    "志愿服务": ("次", "志愿服务活动"),
    "宣传": ("次", "宣传活动"),
    "检查": ("次", "检查"),
    "制度建设": ("项", "制度"),
}
#: How several activities of each 类型 are introduced together.
KIND_LEAD = {
    "会议": "先后召开了",
    "学习": "组织开展了",
    "活动": "广泛开展了",
    "培训": "先后举办了",
    "志愿服务": "积极开展了",
    "宣传": "深入开展了",
    "检查": "先后开展了",
    "制度建设": "制定完善了",
}
_PLACE_COUNTERS = (
    (
        ("有限责任公司", "股份有限公司", "有限公司", "公司", "集团", "企业", "工厂", "厂", "超市"),
        "家",
        "企业",
    ),
    (("社区",), "个", "社区"),
    (("街道",), "个", "街道"),
    (("村",), "个", "村"),
    (("小学", "中学", "学校", "幼儿园"), "所", "学校"),
    (("医院",), "家", "医院"),
    (("养老院", "敬老院", "福利院"), "家", "养老机构"),
    (("工地", "项目部"), "个", "项目工地"),
)
MAX_LISTED = 4
MAX_LISTED_NAME = 30
SHORT_NAME = 12


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


def hours_text(hours: float) -> str:
    """Hours to one decimal, rounded half up, without a trailing .0: 623, 2.3, 1000000."""
    rounded = Decimal(str(hours)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    text = f"{rounded:f}"
    return text[:-2] if text.endswith(".0") else text


def has_hours(hours: float) -> bool:
    return hours_text(hours) not in ("0", "-0")


# -- a section's figures, said a different way in each section ------------------------
_FIGURE_PATTERNS = (
    ("全年开展相关活动{n}次", "，参与职工{p}人次", "，志愿服务时长{h}小时"),
    ("全年共组织各类活动{n}次", "，累计{p}人次参加", "，累计服务{h}小时"),
    ("一年来累计开展活动{n}次", "，覆盖职工{p}人次", "，志愿服务{h}小时"),
    ("全年围绕{name}工作组织活动{n}次", "，职工参与达{p}人次", "，服务时长共{h}小时"),
    ("本年度开展各项活动共{n}次", "，{p}人次参与", "，累计志愿服务时长{h}小时"),
    ("全年各类活动达{n}次", "，参加职工共计{p}人次", "，服务时长达{h}小时"),
)
#: A year with one or two activities in an area is said plainly.
_FEW = ("全年开展{name}相关活动{n}次", "，{p}人次参加", "，志愿服务时长{h}小时")


def figures_sentence(number: int, figures: Figures, name: str = "") -> str:
    """The area's figures in one sentence (ending in 。), worded by the section's number so
    that no two sections say them alike."""
    pattern = _FIGURE_PATTERNS[(number - 1) % len(_FIGURE_PATTERNS)]
    if figures.entries < 3:
        pattern = _FEW
    count, people, hours = pattern
    text = count.format(n=figures.entries, name=name)
    if figures.participants:
        text += people.format(p=figures.participants)
    if has_hours(figures.hours):
        text += hours.format(h=hours_text(figures.hours))
    return text + "。"


# -- pieces ------------------------------------------------------------------------
def _clean(text: str) -> str:
    return " ".join(text.split()).rstrip(_TRAILING)


def as_action(name: str, kind: str) -> str:
    """A name said as something done: 元旦迎新职工文化周 → 举办元旦迎新职工文化周."""
    name = _clean(name)
    if _STARTS_WITH_VERB.match(name) or (kind == "表彰荣誉" and _HONOURED.search(name)):
        return name
    if kind == "会议" or _GATHERING.search(name):
        return ("召开" if kind == "会议" or name.endswith(("大会", "座谈会")) else "举行") + name
    if _PEOPLE_START.match(name):
        return "组织" + name
    return KIND_VERB.get(kind, "开展") + name


def as_listed(name: str) -> str:
    """A name as one of a list: 开展职工读书交流活动 → 职工读书交流活动."""
    name = _clean(name)
    bare = _LEADING_VERB.sub("", name)
    return bare if len(bare) >= 2 else name


def _telling(sentence: str, skip: frozenset[str]) -> bool:
    """A sentence that says what the activity did: not boilerplate, not a numbered list,
    not mostly marks, letters or digits."""
    bare = sentence.strip().rstrip("。；！？")
    if not bare or bare in skip or _BOILERPLATE.match(bare) or _NUMBERED.search(bare):
        return False
    hanzi = len(_CJK.findall(bare))
    return hanzi >= 4 and hanzi * 2 >= len(bare)


def whole_sentences(text: str, limit: int, skip: frozenset[str] = frozenset()) -> str:
    """Whole telling sentences from the start of ``text`` (then whole clauses), ≤ ``limit``
    chars, without the final mark; quotes and brackets are never cut open."""
    text = " ".join(_URL.sub("", text).split())
    chosen = ""
    for sentence in sentences(text):
        if not _telling(sentence, skip):
            continue
        if chosen and len(chosen) + len(sentence) > limit:
            break
        chosen += sentence
    if len(chosen) > limit:
        cut = ""
        for clause in clauses(chosen):
            if len(cut) + len(clause) > limit:
                break
            cut += clause
        chosen = cut if len(cut) > limit // 3 else ""
    return chosen.rstrip(_TRAILING)


_PEOPLE_FORMS = ("，参与职工{p}人次", "，{p}人次参加", "，共有{p}人次参与", "，参加职工达{p}人次")


@dataclass(frozen=True, slots=True)
class Context:
    """What an item is said against: the section's own figures (never repeated in an item)
    and the item's number (the wording of its figures varies with it)."""

    section: Figures
    number: int = 1
    common: frozenset[str] = field(default_factory=frozenset)  # boilerplate of the year


def _people(context: Context, participants: int, hours: float) -> str:
    text = ""
    if participants and participants != context.section.participants:
        form = _PEOPLE_FORMS[context.number % len(_PEOPLE_FORMS)]
        text += form.format(p=participants)
    if has_hours(hours) and hours_text(hours) != hours_text(context.section.hours):
        text += f"，服务时长{hours_text(hours)}小时"
    return text


def _times(count: int, context: Context, name: str) -> str:
    """``，全年共12次`` — unless the section's figures said it already."""
    return "" if count == context.section.entries else f"，全年共{count}次"


def place_phrase(places: Sequence[str]) -> str:
    """华天社区、众志城社区和大学路社区 / 宏达机械有限公司等8家企业."""
    names = list(dict.fromkeys(places))
    if len(names) <= 3:
        return names[0] if len(names) == 1 else "、".join(names[:-1]) + "和" + names[-1]
    counter, noun = "个", "单位"
    for suffixes, found_counter, found_noun in _PLACE_COUNTERS:
        if sum(any(p.endswith(s) for s in suffixes) for p in names) * 2 > len(names):
            counter, noun = found_counter, found_noun
            break
    return f"{'、'.join(names[:2])}等{len(names)}{counter}{noun}"


def listed_names(themes: Sequence[Theme], noun: str = "") -> tuple[list[str], int]:
    """Up to four short names of the heaviest themes, and how many themes there are; a name
    ending in the list's own noun loses it (春节送温暖志愿服务 → 春节送温暖 …等志愿服务活动)."""
    names: list[str] = []
    suffixes = tuple(s for s in (noun, noun.removesuffix("活动"), "活动") if s)
    for theme in themes:
        name = as_listed(theme.name or activity_name(theme.first.name))
        for suffix in suffixes:
            if name.endswith(suffix) and len(name) - len(suffix) >= 2:
                name = name[: -len(suffix)]
                break
        if len(name) <= MAX_LISTED_NAME and name not in names:
            names.append(name)
        if len(names) == MAX_LISTED:
            break
    if not names:
        first = as_listed(themes[0].name or themes[0].first.name)
        names = [clauses(first)[0].rstrip(_TRAILING)[:MAX_LISTED_NAME]]
    return names, len(themes)


def period_phrase(entries: Sequence[EntryDetail], name: str = "") -> str:
    """每周 / 每月 / 每季度 when repeats keep that rhythm (and the name has none of its own),
    else empty."""
    if _OWN_RHYTHM.search(name):
        return ""
    count = len(entries)
    weeks = {entry.date.isocalendar()[:2] for entry in entries}
    months = {entry.date.month for entry in entries}
    quarters = {(entry.date.month - 1) // 3 for entry in entries}
    if 40 <= count <= 78 and len(weeks) >= 40:
        return "每周"
    if 10 <= count <= 18 and len(months) >= 10:
        return "每月"
    if 4 <= count <= 6 and len(quarters) == 4:
        return "每季度"
    return ""


# -- one item per theme ----------------------------------------------------------------
#: A candidate sentence: the facts that lead it, a detail taken from 活动内容 (its
#: sentences may be left out), the figures that close it, and words the detail must not
#: name (the places a series has already listed).
Candidate = tuple[str, str, str, tuple[str, ...]]
#: A single activity's 人次 is worth saying from this size on.
LARGE = 100


def entry_sentence(entry: EntryDetail) -> str:
    """A record without 活动内容, said from its date, name, 类型 and 地点 (no final 。)."""
    name = _clean(entry.name)
    action = as_action(name, entry.kind)
    honour = is_honour(entry)
    if honour and not _STARTS_WITH_VERB.match(name) and _TITLE_END.search(name):
        action = "荣获" + name
    location = _clean(entry.location)
    if (
        location
        and not honour
        and location not in action
        and not location.endswith(("单位", "总工会"))
    ):
        action = f"在{location}{action}"
    return f"{entry.date.month}月{action}"


def item_candidates(theme: Theme, limit: int, context: Context) -> list[Candidate]:
    """Ways to say one theme, best first."""
    shape = theme.shape
    if shape is Shape.SINGLE:
        return _single(theme.first, limit, context)
    if shape is Shape.REPEATS:
        return _repeats(theme, limit, context)
    if shape is Shape.SERIES:
        return _series(theme, limit, context)
    if shape is Shape.HONOURS:
        return _honours(theme)
    return _folded(theme, context)


def _single(entry: EntryDetail, limit: int, context: Context) -> list[Candidate]:
    content = whole_sentences(entry.content, limit, context.common)
    people = entry.participants or 0
    figures = ""
    if people >= LARGE and str(people) not in content:
        figures = _people(context, people, 0.0)
    hours = _people(context, 0, entry.volunteer_hours or 0.0)
    plain = entry_sentence(entry)
    candidates: list[Candidate] = []
    if content:
        if not _NEEDS_NAME.match(content):  # it says what was done without the name
            candidates.append(("", content, figures + hours, ()))
        candidates.append((as_action(entry.name, entry.kind), content, figures + hours, ()))
    candidates.append((plain, "", _people(context, people, entry.volunteer_hours or 0.0), ()))
    candidates.append((plain, "", "", ()))
    short = clauses(_clean(entry.name))[0].rstrip(_TRAILING)[:SHORT_NAME]
    if short and short != _clean(entry.name):  # a name that repeats itself: said in short
        candidates.append((f"{entry.date.month}月{as_action(short, entry.kind)}等", "", "", ()))
    return candidates


def _details(theme: Theme, limit: int, context: Context) -> list[str]:
    """The two fullest telling 活动内容 of a theme, as details; none restating the name."""
    name = activity_name(theme.name or theme.first.name)
    found: list[str] = []
    for entry in sorted(theme.entries, key=lambda e: (-len(e.content), e.id)):
        detail = whole_sentences(entry.content, limit, context.common)
        kept = [s for s in sentences(detail) if not (len(name) >= 6 and name in s)]
        text = "".join(kept).rstrip(_TRAILING)
        if text and text not in found:
            found.append(text)
        if len(found) == 2 or not entry.content:
            break
    return found


def _repeats(theme: Theme, limit: int, context: Context) -> list[Candidate]:
    name = _clean(theme.name) or _clean(theme.first.name)
    action = as_action(name, theme.kind)
    honour = theme.weight is Weight.HONOUR
    period = "" if honour else period_phrase(theme.entries, name)
    figures = _people(context, theme.participants, theme.hours)
    regular = {"每季度": 4, "每月": 12}.get(period) == theme.count
    times = _times(theme.count, context, name)
    if period:
        head = f"坚持{period}{action}" + ("" if regular else times)
    elif theme.kind == "制度建设" or honour:
        head = action  # a plan or a title is not counted in times
    elif times and not name[-1:].isdigit():
        head = f"全年{action}{theme.count}次"
    else:
        head = action + times
    details = _details(theme, limit // 2, context)
    return [
        *((head, detail, figures, ()) for detail in details),
        (head, "", figures, ()),
        (action + times, "", "", ()),
    ]


def _series(theme: Theme, limit: int, context: Context) -> list[Candidate]:
    first = activity_name(theme.first.name)
    places = [p for p in theme.places if p]
    at = place_phrase(places)
    replaced = ""
    for place in sorted(places, key=len, reverse=True):
        for written in (place, place_stem(place)):
            if written and written in first:
                replaced = first.replace(written, at, 1)
                break
        if replaced:
            break
    if replaced:
        action = as_action(replaced, theme.kind)
    else:
        action = f"深入{at}{as_action(theme.name, theme.kind)}"
    times = "" if theme.count == len(places) else _times(theme.count, context, first)
    figures = _people(context, theme.participants, theme.hours)
    details = _details(theme, limit // 2, context)
    avoid = tuple(w for p in places for w in (p, place_stem(p)))
    return [
        *((action + times, detail, figures, avoid) for detail in details),
        (action + times, "", figures, ()),
        (action, "", "", ()),
    ]


_LEVELS = ("全国", "中华全国", "国家", "省", "市", "区", "县")


def _level(theme: Theme) -> int:
    """全国 before 省 before 市 before 区/县: how an honours list is ordered."""
    name = theme.name or theme.first.name
    found = [i for i, level in enumerate(_LEVELS) if level in name]
    return min(found) if found else len(_LEVELS)


def _honours(theme: Theme) -> list[Candidate]:
    ranked = sorted(theme.parts, key=lambda t: (_level(t), t.first.date))
    names, count = listed_names(ranked)
    listed = "；".join(names)
    more = "等" if count > len(names) else ""
    return [
        (f"全年获得各类表彰和荣誉{count}项：{listed}{more}", "", "", ()),
        (f"全年获得各类表彰和荣誉{count}项", "", "", ()),
    ]


def _folded(theme: Theme, context: Context) -> list[Candidate]:
    if theme.shape is Shape.OTHERS:
        lead = "统筹开展了"
        noun_unit, noun = "项", "其他活动"
    else:
        lead = KIND_LEAD.get(theme.kind, "组织开展了")
        noun_unit, noun = KIND_NOUN.get(theme.kind, ("项", "活动"))
    names, _themes = listed_names(theme.parts, noun)
    listed = "、".join(names)
    figures = _people(context, theme.participants, theme.hours)
    count = "" if theme.count == context.section.entries else f"{theme.count}{noun_unit}"
    head = f"{lead}{listed}等{count}{noun}"
    return [(head, "", figures, ()), (f"{lead}{count}{noun}", "", figures, ())]
