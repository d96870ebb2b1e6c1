"""Saying a theme in one sentence, in the register of the reference summary.

Every function returns candidates, best first; the drafting takes the first one that
repeats nothing already written (``repeats.Written``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

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
    r"|整治|清理|改善|优化|规范|健全|完成|联合|走进|深化|培育|弘扬|践行|营造|倡导)"
)
_LEADING_VERB = re.compile(r"^(开展|组织开展|组织|举办|举行|召开|进行|参加|参与|集中学习)")
_TRAILING = "。；，、：！？ "
_SENTENCE_END = re.compile(r"(?<=[。！？；])")
_HONOURED = re.compile(r"获|评为|授予|表彰")
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
    return f"{round(hours, 1):g}"


# -- a section's figures, said a different way in each section ------------------------
_FIGURE_PATTERNS = (
    ("全年开展相关活动{n}次", "，参与职工{p}人次", "，志愿服务时长{h}小时"),
    ("全年共组织各类活动{n}次", "，累计{p}人次参加", "，累计服务{h}小时"),
    ("一年来累计开展活动{n}次", "，覆盖职工{p}人次", "，志愿服务{h}小时"),
    ("全年围绕这项工作组织活动{n}次", "，职工参与达{p}人次", "，服务时长共{h}小时"),
    ("本年度开展各项活动共{n}次", "，{p}人次参与", "，累计志愿服务时长{h}小时"),
    ("全年各类活动达{n}次", "，参加职工共计{p}人次", "，服务时长达{h}小时"),
)


def figures_sentence(number: int, figures: Figures) -> str:
    """The area's figures in one sentence (ending in 。), worded by the section's number so
    that no two sections say them alike."""
    count, people, hours = _FIGURE_PATTERNS[(number - 1) % len(_FIGURE_PATTERNS)]
    text = count.format(n=figures.entries)
    if figures.participants:
        text += people.format(p=figures.participants)
    if figures.hours:
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
    if _PEOPLE_START.match(name):
        return "组织" + name
    return KIND_VERB.get(kind, "开展") + name


def as_listed(name: str) -> str:
    """A name as one of a list: 开展职工读书交流活动 → 职工读书交流活动."""
    name = _clean(name)
    bare = _LEADING_VERB.sub("", name)
    return bare if len(bare) >= 2 else name


def whole_sentences(text: str, limit: int) -> str:
    """Whole sentences from the start of ``text`` (then whole clauses), ≤ ``limit`` chars,
    without the final mark; quotes and brackets are never cut open."""
    text = " ".join(text.split())
    chosen = ""
    for sentence in sentences(text):
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


def _people(context: Context, participants: int, hours: float) -> str:
    text = ""
    if participants and participants != context.section.participants:
        form = _PEOPLE_FORMS[context.number % len(_PEOPLE_FORMS)]
        text += form.format(p=participants)
    if hours and round(hours, 1) != round(context.section.hours, 1):
        text += f"，服务时长{hours_text(hours)}小时"
    return text


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


def listed_names(themes: Sequence[Theme]) -> tuple[list[str], int]:
    """Up to four short names of the heaviest themes, and how many themes there are."""
    names: list[str] = []
    for theme in themes:
        name = as_listed(theme.name or activity_name(theme.first.name))
        if len(name) <= MAX_LISTED_NAME and name not in names:
            names.append(name)
        if len(names) == MAX_LISTED:
            break
    if not names:
        first = as_listed(themes[0].name or themes[0].first.name)
        names = [clauses(first)[0].rstrip(_TRAILING)[:MAX_LISTED_NAME]]
    return names, len(themes)


def period_phrase(entries: Sequence[EntryDetail]) -> str:
    """每周 / 每月 / 每季度 when repeats keep that rhythm, else empty."""
    count = len(entries)
    weeks = {entry.date.isocalendar()[:2] for entry in entries}
    months = {entry.date.month for entry in entries}
    quarters = {(entry.date.month - 1) // 3 for entry in entries}
    if count >= 40 and len(weeks) >= 40:
        return "每周"
    if count >= 10 and len(months) >= 10:
        return "每月"
    if count >= 4 and len(quarters) == 4 and count <= 8:
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
    if is_honour(entry) and not _STARTS_WITH_VERB.match(name) and "获" not in name:
        action = "荣获" + name
    location = _clean(entry.location)
    if location and location not in action and not location.endswith(("单位", "总工会")):
        action = f"在{location}{action}"
    return f"{entry.date.month}月，{action}"


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
    content = whole_sentences(entry.content, limit)
    people = entry.participants or 0
    figures = ""
    if people >= LARGE and str(people) not in content:
        figures = _people(context, people, 0.0)
    hours = _people(context, 0, entry.volunteer_hours or 0.0)
    plain = entry_sentence(entry)
    candidates: list[Candidate] = []
    if content:
        candidates.append(("", content, figures + hours, ()))
        candidates.append((as_action(entry.name, entry.kind), content, figures + hours, ()))
    candidates.append((plain, "", _people(context, people, entry.volunteer_hours or 0.0), ()))
    candidates.append((plain, "", "", ()))
    short = _clean(entry.name)[:SHORT_NAME]
    if short != _clean(entry.name):  # a name that repeats itself (🎉🎉🎉…) is said in short
        candidates.append((f"{entry.date.month}月，{as_action(short, entry.kind)}等", "", "", ()))
    return candidates


def _detail(theme: Theme, limit: int) -> str:
    """The fullest 活动内容 of a theme, as a detail."""
    best = max(theme.entries, key=lambda e: (len(e.content), -e.id))
    return whole_sentences(best.content, limit)


def _repeats(theme: Theme, limit: int, context: Context) -> list[Candidate]:
    action = as_action(_clean(theme.name) or _clean(theme.first.name), theme.kind)
    period = "" if theme.weight is Weight.HONOUR else period_phrase(theme.entries)
    figures = _people(context, theme.participants, theme.hours)
    regular = {"每季度": 4, "每月": 12}.get(period) == theme.count
    if period:
        head = f"坚持{period}{action}" + ("" if regular else f"，全年共{theme.count}次")
    else:
        head = f"全年{action}{theme.count}次"
    detail = _detail(theme, limit // 2)
    return [
        (head, detail, figures, ()),
        (head, "", figures, ()),
        (f"{action}{theme.count}次", "", "", ()),
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
    times = "" if theme.count == len(places) else f"，全年共{theme.count}次"
    figures = _people(context, theme.participants, theme.hours)
    detail = _detail(theme, limit // 2)
    avoid = tuple(w for p in places for w in (p, place_stem(p)))
    return [
        (action + times, detail, figures, avoid),
        (action + times, "", figures, ()),
        (action, "", "", ()),
    ]


def _honours(theme: Theme) -> list[Candidate]:
    names, count = listed_names(theme.parts)
    listed = "；".join(names)
    more = f"等{count}项" if count > len(names) else ""
    return [
        (f"全年获得各类表彰和荣誉{count}项：{listed}{more}", "", "", ()),
        (f"全年获得各类表彰和荣誉{count}项", "", "", ()),
    ]


def _folded(theme: Theme, context: Context) -> list[Candidate]:
    names, _themes = listed_names(theme.parts)
    listed = "、".join(names)
    figures = _people(context, theme.participants, theme.hours)
    if theme.shape is Shape.OTHERS:
        lead = "统筹开展了"
        noun_unit, noun = "项", "其他工作"
    else:
        lead = KIND_LEAD.get(theme.kind, "组织开展了")
        noun_unit, noun = KIND_NOUN.get(theme.kind, ("项", "工作"))
    if theme.count > len(names):
        head = f"{lead}{listed}等{noun}{theme.count}{noun_unit}"
    else:
        head = f"{lead}{listed}"
    return [
        (head, "", figures, ()),
        (f"{lead}{noun}{theme.count}{noun_unit}", "", figures, ()),
    ]
