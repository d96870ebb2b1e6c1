"""What a chart shows — categories, series, colours, titles — independent of who draws it.

The 统计 tab (pyqtgraph), the printed 统计报表 (ReportLab) and the exported PNGs are
all drawn from the same :class:`ChartSpec`, so their numbers and colours agree.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from wenming_desktop.books.records import Area
from wenming_desktop.books.stats import Figures, YearStats

KINDS = ("area", "month", "people", "hours", "compare")
KIND_LABELS = {
    "area": "各板块活动次数",
    "month": "各月活动次数（按板块）",
    "people": "各板块参与人次",
    "hours": "各月志愿服务时长",
    "compare": "两年各板块活动次数对比",
}
#: One colour per work area (by its id), the same in every chart and in print.
AREA_COLORS = (
    "#c0392b",
    "#e08e0b",
    "#2e86c1",
    "#27ae60",
    "#8e44ad",
    "#5d6d7e",
    "#16a085",
    "#b9770e",
    "#cb4335",
    "#1f618d",
)
HOURS_COLOR = "#27ae60"
MONTHS = tuple(f"{n}月" for n in range(1, 13))


def area_color(area_id: int) -> str:
    return AREA_COLORS[(area_id - 1) % len(AREA_COLORS)]


def lighter(color: str, amount: float = 0.55) -> str:
    """The colour mixed with white (for the comparison year's bars)."""
    red, green, blue = (int(color[i : i + 2], 16) for i in (1, 3, 5))
    mix = [round(c + (255 - c) * amount) for c in (red, green, blue)]
    return "#" + "".join(f"{c:02x}" for c in mix)


@dataclass(frozen=True, slots=True)
class Series:
    name: str
    values: tuple[float, ...]
    colors: tuple[str, ...]  # one per category (bars of one series may differ in colour)
    area_id: int | None = None  # the area a stacked series stands for


@dataclass(frozen=True, slots=True)
class ChartSpec:
    kind: str
    title: str
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    unit: str  # 次 / 人次 / 小时
    value_label: str  # the value axis' title
    category_label: str  # 工作板块 / 月份
    stacked: bool = False
    #: What a category stands for: area ids (per-area charts) or month numbers.
    category_keys: tuple[int, ...] = ()
    by_month: bool = False
    year: int = 0
    #: The year compared with (the ``compare`` chart), else 0.
    other_year: int = 0
    #: A line drawn with the chart on paper and in PNGs: "含示例数据 43 条" (see
    #: :func:`sample_note`), else "".
    note: str = ""

    @property
    def years(self) -> tuple[int, ...]:
        """The years whose figures the chart shows."""
        return (self.year, self.other_year) if self.other_year else (self.year,)

    def value(self, series: int, category: int) -> float:
        return self.series[series].values[category]

    def totals(self) -> tuple[float, ...]:
        return tuple(sum(s.values[i] for s in self.series) for i in range(len(self.categories)))

    @property
    def legend(self) -> list[tuple[str, str]]:
        """(colour, name) pairs worth a legend: stacked areas or compared years."""
        if self.stacked:
            return [(s.colors[0], s.name) for s in self.series]
        if self.kind == "compare":  # bars wear their area's colour; the year is its shade
            return [
                ("#4d5656", f"{self.series[0].name}（深色）"),
                (lighter("#4d5656"), f"{self.series[1].name}（浅色）"),
            ]
        return []


def _per_area(
    stats: YearStats, pick: Callable[[Figures], float]
) -> tuple[tuple[str, ...], tuple[float, ...], tuple[int, ...]]:
    names = tuple(area.short_name for area, _f in stats.areas)
    values = tuple(float(pick(figures)) for _a, figures in stats.areas)
    return names, values, tuple(area.id for area, _f in stats.areas)


def build_chart(kind: str, stats: YearStats, other: YearStats | None = None) -> ChartSpec:
    """The chart of ``kind`` for a year's figures (``other``: the year compared with)."""
    year = stats.year
    colors = tuple(area_color(area.id) for area, _f in stats.areas)
    if kind == "area":
        names, values, ids = _per_area(stats, lambda f: f.entries)
        return ChartSpec(
            kind,
            f"{year}年各板块活动次数",
            names,
            (Series("活动次数", values, colors),),
            "次",
            "活动次数（次）",
            "工作板块",
            category_keys=ids,
            year=year,
        )
    if kind == "people":
        names, values, ids = _per_area(stats, lambda f: f.participants)
        return ChartSpec(
            kind,
            f"{year}年各板块参与人次",
            names,
            (Series("参与人次", values, colors),),
            "人次",
            "参与人次",
            "工作板块",
            category_keys=ids,
            year=year,
        )
    if kind == "month":
        series = tuple(
            Series(
                area.short_name,
                tuple(float(f.entries) for f in stats.area_months[area.id]),
                (area_color(area.id),) * 12,
                area.id,
            )
            for area, _f in stats.areas
        )
        return ChartSpec(
            kind,
            f"{year}年各月活动次数（按板块）",
            MONTHS,
            series,
            "次",
            "活动次数（次）",
            "月份",
            stacked=True,
            category_keys=tuple(range(1, 13)),
            by_month=True,
            year=year,
        )
    if kind == "hours":
        values = tuple(round(f.volunteer_hours, 2) for f in stats.months)
        return ChartSpec(
            kind,
            f"{year}年各月志愿服务时长",
            MONTHS,
            (Series("志愿服务时长", values, (HOURS_COLOR,) * 12),),
            "小时",
            "时长（小时）",
            "月份",
            category_keys=tuple(range(1, 13)),
            by_month=True,
            year=year,
        )
    if kind == "compare":
        if other is None:
            raise ValueError("a comparison needs another year")
        names, values, ids = _per_area(stats, lambda f: f.entries)
        theirs = {area.id: f.entries for area, f in other.areas}
        other_values = tuple(float(theirs.get(area_id, 0)) for area_id in ids)
        return ChartSpec(
            kind,
            f"{year}年与{other.year}年各板块活动次数对比",
            names,
            (
                Series(f"{year}年", values, colors),
                Series(f"{other.year}年", other_values, tuple(lighter(c) for c in colors)),
            ),
            "次",
            "活动次数（次）",
            "工作板块",
            category_keys=ids,
            year=year,
            other_year=other.year,
        )
    raise ValueError(f"unknown chart kind {kind!r}")


def number_text(value: float) -> str:
    """How every figure is written — the table, the chart labels, the line under the title,
    the 统计 tab: plain digits with at most one decimal (2035, 62.5), as the summary's text
    writes them (GB/T 15835 lets numbers of a few digits go without separators)."""
    rounded = round(float(value), 1)
    return f"{rounded:.0f}" if rounded.is_integer() else f"{rounded:.1f}"


def change_text(change: int) -> str:
    """A change in the number of activities against another year: +6, -2 or 持平."""
    return f"{change:+d}" if change else "持平"


def comparison_year(year: int, years_with_entries: Iterable[int]) -> int | None:
    """The year a year is compared with by default: the latest earlier year that has
    records (None when there is none — then nothing is compared)."""
    return max((other for other in years_with_entries if other < year), default=None)


def has_records(stats: YearStats | None) -> bool:
    return stats is not None and stats.total.entries > 0


def sample_note(count: int) -> str:
    """The note of a chart whose figures include ``count`` sample entries."""
    return f"含示例数据 {count} 条" if count else ""


def figures_rows(stats: YearStats) -> list[tuple[Area | None, Figures]]:
    """The figures table: one row per area and a 合计 row (area None)."""
    return [*stats.areas, (None, stats.total)]
