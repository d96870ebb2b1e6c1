"""Grouping a work area's entries into the themes a summary speaks of.

A person summarising a year does not list 300 records; they say "每月召开领导小组会议" once,
"深入宏达机械等8家企业开展法律体检" once, lead with the honours won and the campaigns run,
and fold the many small activities of one kind into one sentence. The themes here are
those groups, ranked by weight and merged until a section has at most six (eight for a
very busy area).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import IntEnum
from functools import cached_property

from wenming_desktop.books.records import EntryDetail

#: Items in one section; a very busy area may have more.
MAX_ITEMS = 6
MAX_ITEMS_BUSY = 8
#: An area with this many entries in the year is very busy.
BUSY = 100

# Words that differ between repeats of the same activity: 2019年度, 第一季度, 3月份, 第2次 …
# (taken out of the name that is printed, so only where they cannot be part of a word).
_REPEAT_WORDS = re.compile(
    r"\d{4}\s*年度?|[第]?[一二三四1-4]季度|(?<![少青中老])(?:上半年|下半年)"
    r"|第\s*[一二三四五六七八九十百零\d]+\s*[次期届批轮场课讲站]"
    r"|(?<![\u4e00-\u9fff])[一二三四五六七八九十]{1,2}月份?|\d{1,2}月份?"
    r"|\d{1,2}[./]\d{1,2}(?![·\d])|（[^）]*）|\([^)]*\)|【[^】]*】|\[[^\]]*\]"
)
# … and out of the key that groups repeats: the season words at a name's start as well.
_KEY_WORDS = re.compile(r"^(?:年中|年终|年底|全年|春季|秋季|夏季|冬季)")
_NOISE = re.compile(r"[\s\-—_·、]")
# A place named in an activity's name: 走进华天社区, 深入宏达机械有限公司, 到XX小学 …
PLACE_SUFFIXES = (
    "有限责任公司",
    "股份有限公司",
    "有限公司",
    "公司",
    "集团",
    "企业",
    "工厂",
    "厂",
    "社区",
    "街道",
    "村",
    "小学",
    "中学",
    "学校",
    "幼儿园",
    "医院",
    "工地",
    "园区",
    "项目部",
    "养老院",
    "敬老院",
    "福利院",
    "广场",
    "车站",
    "超市",
    "市场",
)
_SUFFIX_GROUP = "|".join(PLACE_SUFFIXES)
_PLACE_IN_NAME = re.compile(
    r"(?:走进|深入|走访|前往|来到|赴|到|在|进|于)"
    rf"(?P<place>[\u4e00-\u9fffA-Za-z0-9]{{1,12}}?(?:{_SUFFIX_GROUP}))"
)
_PLACE_MORE = re.compile(
    rf"^(?:{_SUFFIX_GROUP})|^[、和及与](?P<place>[\u4e00-\u9fffA-Za-z0-9]{{1,12}}?(?:{_SUFFIX_GROUP}))"
)
_PLACE_SPLIT = re.compile(r"[、，,；;/]+")
# 和/及/与 between two place names joins them — but 和谐、和平 … start names themselves.
_PLACE_JOIN = re.compile(rf"({_SUFFIX_GROUP})(?:和(?![谐平美顺睦兴乐泰园])|及|与)")

_HONOUR = re.compile(r"荣获|获评|获得.{0,12}(?:称号|奖|荣誉)|评为|授予|表彰|荣誉称号|称号")
_CAMPAIGN = re.compile(
    r"主题教育|主题宣传|主题活动|专项行动|系列活动|宣传月|活动月|行动月|宣传周|活动周|宣传日"
    r"|评选|“[^”]{3,}”"
)


class Weight(IntEnum):
    """What a summary leads with: honours, then campaigns, then the rest by size."""

    OTHER = 0
    CAMPAIGN = 1
    HONOUR = 2


class Shape(IntEnum):
    SINGLE = 0  # one activity
    REPEATS = 1  # the same activity again and again (monthly study, weekly service)
    SERIES = 2  # the same activity at one place after another
    KIND = 3  # several activities of one 类型, folded together
    HONOURS = 4  # several honours folded together
    OTHERS = 5  # what is left when a section has too many themes


@dataclass(frozen=True)
class Theme:
    shape: Shape
    entries: tuple[EntryDetail, ...]
    key: str = ""
    kind: str = ""
    name: str = ""  # what the theme is called when said: 道德讲堂, not 道德讲堂第3期
    places: tuple[str, ...] = ()
    parts: tuple[Theme, ...] = ()  # what a folded theme was made of, heaviest first

    @cached_property
    def count(self) -> int:
        return len(self.entries)

    @cached_property
    def participants(self) -> int:
        return sum(entry.participants or 0 for entry in self.entries)

    @cached_property
    def hours(self) -> float:
        return sum(entry.volunteer_hours or 0.0 for entry in self.entries)

    @cached_property
    def weight(self) -> Weight:
        if self.shape is Shape.HONOURS:
            return Weight.HONOUR
        if self.shape in (Shape.KIND, Shape.OTHERS):
            return Weight.OTHER
        return max(weight_of(entry) for entry in self.entries)

    @cached_property
    def size(self) -> int:
        """Count × 人次: a weekly activity outweighs one large event, which outweighs a
        small one."""
        return self.count * max(self.participants, 1)

    def rank(self) -> tuple[int, int, int, dt.date, str]:
        return (-int(self.weight), -self.size, -self.count, self.first.date, self.key)

    @property
    def first(self) -> EntryDetail:
        return self.entries[0]


def is_honour(entry: EntryDetail) -> bool:
    return entry.kind == "表彰荣誉" or bool(_HONOUR.search(entry.name))


def weight_of(entry: EntryDetail) -> Weight:
    if is_honour(entry):
        return Weight.HONOUR
    if _CAMPAIGN.search(entry.name):
        return Weight.CAMPAIGN
    return Weight.OTHER


def activity_name(name: str) -> str:
    """A name without the words that differ between repeats: 道德讲堂第3期 → 道德讲堂."""
    return " ".join(_REPEAT_WORDS.sub("", name).split()) or name


def activity_key(name: str) -> str:
    """What repeats of one activity have in common (punctuation and spacing aside)."""
    return _NOISE.sub("", _KEY_WORDS.sub("", activity_name(name))) or name


def _without_places(name: str, places: Sequence[str]) -> str:
    for place in sorted(places, key=len, reverse=True):
        name = name.replace(place, "").replace(place_stem(place), "")
    return name


def places_of(entry: EntryDetail) -> tuple[str, ...]:
    """The places an entry took place at, from its 地点 (split at 、) or its name."""
    named = _PLACE_IN_NAME.search(entry.name)
    if named:
        found = named.group("place")
        end = named.end()
        while more := _PLACE_MORE.match(entry.name[end:]):  # 新村|社区, 华天社区|和众志城社区
            found += more.group()
            end += more.end()
        if entry.location and found in entry.location:
            found = entry.location
        return _named_places(found)
    if entry.location:
        stems = _named_places(entry.location)
        if any(place_stem(place) in entry.name for place in stems):
            return stems
        if stems and all(place.endswith(PLACE_SUFFIXES) for place in stems):
            return stems  # 法律体检 at 宏达机械有限公司: the place is only in 地点
    return ()


def _named_places(text: str) -> tuple[str, ...]:
    """The places listed in ``text`` (和/及/与 join two only between place names); a bare
    社区 or 公司 names no place."""
    pieces = _PLACE_SPLIT.split(_PLACE_JOIN.sub(r"\1、", text))
    return tuple(p for p in pieces if p and p not in PLACE_SUFFIXES)


def place_stem(place: str) -> str:
    """宏达机械有限公司 → 宏达机械; 华天社区 → 华天 (how names often shorten a place)."""
    for suffix in PLACE_SUFFIXES:
        if place.endswith(suffix) and len(place) > len(suffix) + 1:
            return place[: -len(suffix)]
    return place


def series_key(entry: EntryDetail, places: Sequence[str]) -> str:
    """The activity without its place: 走进华天社区开展志愿服务 → 走进开展志愿服务."""
    return activity_key(_without_places(entry.name, places))


def base_themes(entries: Iterable[EntryDetail]) -> list[Theme]:
    """Repeats of one activity and series of one activity at many places, in date order."""
    groups: dict[str, list[EntryDetail]] = {}
    places: dict[str, dict[str, None]] = {}
    for entry in sorted(entries, key=lambda e: (e.date, e.id)):
        at = places_of(entry)
        key = series_key(entry, at) if at else activity_key(entry.name)
        groups.setdefault(key, []).append(entry)
        seen = places.setdefault(key, {})
        seen.update(dict.fromkeys(at))
    themes = []
    for key, group in groups.items():
        found = places[key]
        if len(group) == 1:
            shape = Shape.SINGLE
        elif len(found) >= 2:
            shape = Shape.SERIES
        else:
            shape = Shape.REPEATS
        name = activity_name(group[0].name)
        themes.append(Theme(shape, tuple(group), key, _main_kind(group), name, tuple(found)))
    return themes


def _main_kind(entries: Iterable[EntryDetail]) -> str:
    counts: dict[str, int] = {}
    for entry in entries:
        counts[entry.kind or "其他"] = counts.get(entry.kind or "其他", 0) + 1
    return max(counts, key=lambda kind: (counts[kind], kind))


def fold(shape: Shape, themes: Sequence[Theme], kind: str = "") -> Theme:
    parts = tuple(sorted(themes, key=Theme.rank))
    entries = tuple(sorted((e for t in parts for e in t.entries), key=lambda e: (e.date, e.id)))
    places = tuple(dict.fromkeys(p for t in parts for p in t.places))
    key, name = (parts[0].key, parts[0].name) if parts else ("", "")
    return Theme(shape, entries, key, kind or _main_kind(entries), name, places, parts)


def _lightest(group: list[Theme], need: int) -> list[Theme]:
    """The ``need`` + 1 lightest themes of one 类型 — with the fold the 类型 already has,
    so that a section never says "广泛开展了…" twice."""
    folds = [t for t in group if t.shape is Shape.KIND]
    rest = [t for t in group if t.shape is not Shape.KIND]
    if folds:
        return [*folds, *rest[-need:]] if need <= len(rest) else group
    return group[-(need + 1) :]


def limit_for(entry_count: int) -> int:
    return MAX_ITEMS_BUSY if entry_count >= BUSY else MAX_ITEMS


def section_themes(entries: Sequence[EntryDetail]) -> list[Theme]:
    """The themes of one area's year, heaviest first, at most :func:`limit_for` of them.

    Too many themes are brought down step by step, each step only as far as needed:
    one-off activities of one 类型 are folded together (the 类型 that folds most first),
    then all activities of a 类型, then the honours; the lightest remaining themes are
    finally folded into one.
    """
    limit = limit_for(len(entries))
    themes = sorted(base_themes(entries), key=Theme.rank)
    for singles_only in (True, False):
        while len(themes) > limit:
            merged = _fold_one_kind(themes, singles_only=singles_only, need=len(themes) - limit)
            if merged is None:
                break
            themes = sorted(merged, key=Theme.rank)
    if len(themes) > limit:
        honours = [t for t in themes if t.weight is Weight.HONOUR]
        if len(honours) > 1:
            rest = [t for t in themes if t.weight is not Weight.HONOUR]
            themes = sorted([fold(Shape.HONOURS, honours, "表彰荣誉"), *rest], key=Theme.rank)
    if len(themes) > limit:
        kept, tail = themes[: limit - 1], themes[limit - 1 :]
        themes = [*kept, fold(Shape.OTHERS, tail)]
    return _unfold_heaviest(themes, limit)


def _unfold_heaviest(themes: list[Theme], limit: int) -> list[Theme]:
    """Folding one 类型 whole may leave room: its heaviest activities then stand alone
    again (the fold keeps at least two), up to the section's limit."""
    while len(themes) < limit:
        folds = [
            t
            for t in themes
            if t.shape is Shape.KIND and len(t.parts) >= 3 and _stands_out(t.parts[0], t, limit)
        ]
        if not folds:
            break
        widest = max(folds, key=lambda t: (len(t.parts), t.size))
        heaviest, rest = widest.parts[0], widest.parts[1:]
        others = [t for t in themes if t is not widest]
        themes = sorted([*others, heaviest, fold(Shape.KIND, rest, widest.kind)], key=Theme.rank)
    return themes


def _stands_out(part: Theme, folded: Theme, limit: int) -> bool:
    """Worth an item of its own: a large or well-described activity, or a good share of
    its fold."""
    described = any(len(entry.content) >= 20 for entry in part.entries)
    share = part.participants * limit >= folded.participants
    return part.participants >= 100 or (described and share)


def _fold_one_kind(themes: list[Theme], *, singles_only: bool, need: int) -> list[Theme] | None:
    """Fold themes of one 类型 together: every one-off activity of the 类型 that has most
    of them, or (``singles_only`` False) the ``need`` + 1 lightest themes of the 类型 whose
    fold is lightest."""
    by_kind: dict[str, list[Theme]] = {}
    for theme in themes:  # heaviest first
        if theme.weight is Weight.HONOUR or theme.shape is Shape.OTHERS:
            continue
        if singles_only and (theme.shape is not Shape.SINGLE or theme.weight is not Weight.OTHER):
            continue
        by_kind.setdefault(theme.kind, []).append(theme)
    candidates = [group for group in by_kind.values() if len(group) >= 2]
    if not candidates:
        return None
    if singles_only:
        chosen = max(candidates, key=lambda g: (len(g), -sum(t.size for t in g), g[0].kind))
    else:
        lightest = [_lightest(group, need) for group in candidates]
        chosen = min(lightest, key=lambda g: (sum(t.size for t in g), g[0].kind))
    ids = {id(theme) for theme in chosen}
    flat = [part for theme in chosen for part in (theme.parts or (theme,))]
    return [t for t in themes if id(t) not in ids] + [fold(Shape.KIND, flat, chosen[0].kind)]
