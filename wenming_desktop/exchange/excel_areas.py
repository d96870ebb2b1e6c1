"""Which 工作板块 a sheet is about, read from its name or the title rows above its header.

Clerks name a sheet “志愿服务台账”, “2019年志愿服务活动记录” or “法治建设工作台账”, or leave it
“Sheet1” under a title row “区总工会2019年志愿服务活动台账”. A text names an area when it
is the area's name or heading, or holds it with only 台账/记录/工作/活动/a year … around
it, or right next to such a word. The areas are the ledger's own, renamed or not.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from wenming_desktop.books.records import Area
from wenming_desktop.exchange.excel_cells import _area_key
from wenming_desktop.exchange.excel_export import safe_sheet_title

#: What may stand around an area's name in a sheet's name or title, and nothing else.
_FILLER = re.compile(
    r"(?:(?:19|20)\d\d年?度?|年度|全年|[上下]半年|第?[一二三四1-4]季度|\d{1,2}月份?"
    r"|台账|记录|登记|统计|汇总|一览|明细|清单|目录|表|册|簿|资料"
    r"|工作|活动|开展|情况|专项|相关|板块|部分|项目|类|的|及"
    r"|[()（）【】\[\]《》〈〉<>\-—_·、,，.。:：;；\"'“”‘’])*"
)
#: Words that make the name next to them an area's (…志愿服务活动…, …2019年志愿服务…).
_AFTER = re.compile(r"^(?:工作|活动|台账|记录|登记|统计|情况|专项|板块)")
_BEFORE = re.compile(r"(?:(?:19|20)\d\d年度?|年度|全年|开展)$")
_NOT_A_TITLE = re.compile(r"^(?:注|说明|备注|填表|填报|制表|审核|单位|联系)")
_TITLE_MAX = 40  # longer texts above the header are notes, not titles
_HEADING_MIN = 6  # a heading this long names its area wherever it stands


class _Match(NamedTuple):
    area: Area
    start: int
    end: int


def area_index(areas: Iterable[Area]) -> dict[str, Area]:
    """Each area by the texts that name it exactly (heading, name, the name as a sheet)."""
    index: dict[str, Area] = {}
    for area in areas:
        for name in (area.heading, safe_sheet_title(area.short_name), area.short_name):
            index[_area_key(name)] = area
    return index


def named_area(text: str, areas: Sequence[Area], index: dict[str, Area]) -> Area | None:
    """The one area ``text`` names (see the module's docstring), or None."""
    key = _area_key(text)
    if not key:
        return None
    exact = index.get(key)
    if exact is not None:
        return exact
    named: list[_Match] = []  # every mention of an area, in context or not
    matches: list[_Match] = []  # those in context
    for area in areas:
        for match, in_context in _matches(key, area):
            named.append(match)
            if in_context:
                matches.append(match)
    named = [m for m in named if not any(_inside(m, other) for other in named)]
    if len({match.area.id for match in named}) != 1:
        return None  # none, or several areas named (理论学习和宣传教育): the clerk says
    area = named[0].area
    return area if any(match.area.id == area.id for match in matches) else None


def title_area(
    rows: Sequence[Sequence[object]], areas: Sequence[Area], index: dict[str, Area]
) -> Area | None:
    """The one area the title rows above a header name, or None (none, or several)."""
    found: dict[int, Area] = {}
    for row in rows:
        for cell in row:
            if not isinstance(cell, str) or len(cell) > _TITLE_MAX:
                continue
            if _NOT_A_TITLE.match(cell.strip()):
                continue
            area = named_area(cell, areas, index)
            if area is not None:
                found[area.id] = area
    return next(iter(found.values())) if len(found) == 1 else None


def _names(area: Area) -> list[tuple[str, bool]]:
    """(name as compared, whether it names the area wherever it stands), longest first."""
    heading = _area_key(area.heading)
    names = {_area_key(area.short_name): False, _area_key(safe_sheet_title(area.short_name)): False}
    if heading:
        names[heading] = len(heading) >= _HEADING_MIN and heading not in names
    return sorted(((n, alone) for n, alone in names.items() if n), key=lambda p: -len(p[0]))


def _matches(key: str, area: Area) -> list[tuple[_Match, bool]]:
    """Where ``key`` names ``area``, each with whether the words around make it the area."""
    found: list[tuple[_Match, bool]] = []
    for name, alone in _names(area):
        start = key.find(name)
        while start >= 0:
            end = start + len(name)
            before, after = key[:start], key[end:]
            in_context = bool(
                alone
                or _FILLER.fullmatch(before + after)
                or _AFTER.match(after)
                or _BEFORE.search(before)
            )
            found.append((_Match(area, start, end), in_context))
            start = key.find(name, start + 1)
    return found


def _inside(match: _Match, other: _Match) -> bool:
    """``match`` lies within ``other`` and is shorter (学习 inside 理论学习)."""
    return (
        other.start <= match.start
        and match.end <= other.end
        and (other.end - other.start) > (match.end - match.start)
    )
