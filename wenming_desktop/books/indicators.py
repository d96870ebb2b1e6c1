"""A 测评体系 as plain values: 测评项目 → 测评内容 → 测评标准, with 加分项, 负面清单 and 一票否决.

Each city's 文明办 publishes its own table (PRODUCT.md, "测评"); these records hold what a
table says, codes as it writes them (一 / （一） / 1, or Ⅰ / Ⅰ-1 / Ⅰ-1-①). Points are
``None`` where the table gives none. :func:`check_system` says in Chinese where the
figures do not add up or codes repeat; nothing here reads files or a database.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

_EPSILON = 1e-6


def format_points(points: float) -> str:
    """``10.0`` → ``"10"``, ``2.5`` → ``"2.5"``: points as a clerk writes them."""
    return f"{points:.2f}".rstrip("0").rstrip(".")


@dataclass(frozen=True, slots=True)
class Standard:
    """One 测评标准 (also a 加分项 or 负面清单 entry; there ``points`` is what is added or
    deducted, always positive)."""

    code: str
    text: str
    points: float | None = None
    method: str = ""  # 测评方法: 材料审核, 实地考察 …
    materials: str = ""  # 材料报送要求

    @property
    def label(self) -> str:
        return _label(self.code, self.text)


@dataclass(frozen=True, slots=True)
class Content:
    """One 测评内容 (测评指标) and its standards."""

    code: str
    text: str
    points: float | None = None
    standards: tuple[Standard, ...] = ()

    @property
    def standards_total(self) -> float:
        return sum(standard.points or 0.0 for standard in self.standards)

    @property
    def total(self) -> float:
        """The points the table gives it, else those of its standards."""
        return self.points if self.points is not None else self.standards_total

    @property
    def label(self) -> str:
        return _label(self.code, self.text)


@dataclass(frozen=True, slots=True)
class Item:
    """One 测评项目 and its contents."""

    code: str
    text: str
    points: float | None = None
    contents: tuple[Content, ...] = ()

    @property
    def contents_total(self) -> float:
        return sum(content.total for content in self.contents)

    @property
    def total(self) -> float:
        """The points the table gives it, else those of its contents."""
        return self.points if self.points is not None else self.contents_total

    @property
    def standard_count(self) -> int:
        return sum(len(content.standards) for content in self.contents)

    @property
    def label(self) -> str:
        return _label(self.code, self.text)


@dataclass(frozen=True, slots=True)
class VetoItem:
    """One 一票否决 condition: when it applies, the unit is not rated at all."""

    code: str
    text: str


@dataclass(frozen=True, slots=True)
class IndicatorSystem:
    """A whole 测评体系 as one table states it.

    ``stated_total``: the table's 合计 row, else the 说明's 基本分 (usually 100).
    ``graded``: the table grades standards A/B/C (commonly 100 %/66 %/33 % of the points).
    ``problems``: what the clerk should look at before using it, in Chinese.
    """

    name: str
    items: tuple[Item, ...] = ()
    bonus: tuple[Standard, ...] = ()
    veto: tuple[VetoItem, ...] = ()
    deductions: tuple[Standard, ...] = ()
    stated_total: float | None = None
    graded: bool = False
    problems: tuple[str, ...] = ()

    @property
    def base_total(self) -> float:
        """The points of all 测评项目 (the 基本分 the figures add up to)."""
        return sum(item.total for item in self.items)

    @property
    def bonus_total(self) -> float:
        return sum(standard.points or 0.0 for standard in self.bonus)

    @property
    def standard_count(self) -> int:
        return sum(item.standard_count for item in self.items)


def _label(code: str, text: str) -> str:
    return f"{code} {text}".strip() if code else text


def _same(a: float, b: float) -> bool:
    return abs(a - b) < _EPSILON


def check_system(system: IndicatorSystem) -> tuple[str, ...]:
    """Totals that do not add up and codes that repeat, as Chinese sentences."""
    problems: list[str] = []
    problems += _duplicates((item.code for item in system.items), "测评项目中")
    for item in system.items:
        problems += _duplicates((c.code for c in item.contents), f"“{item.label}”下")
        for content in item.contents:
            problems += _duplicates((s.code for s in content.standards), f"“{content.label}”下")
            scored = any(s.points is not None for s in content.standards)
            if (
                content.points is not None
                and scored
                and not _same(content.points, content.standards_total)
            ):
                problems.append(
                    f"“{content.label}”标明 {format_points(content.points)} 分，"
                    f"其下各项测评标准合计 {format_points(content.standards_total)} 分。"
                )
        if (
            item.points is not None
            and item.contents
            and not _same(item.points, item.contents_total)
        ):
            problems.append(
                f"“{item.label}”标明 {format_points(item.points)} 分，"
                f"其下各项测评内容合计 {format_points(item.contents_total)} 分。"
            )
    problems += _duplicates((s.code for s in system.bonus), "加分项中")
    problems += _duplicates((s.code for s in system.deductions), "负面清单中")
    problems += _duplicates((v.code for v in system.veto), "一票否决项中")
    stated = system.stated_total
    if stated is not None and system.items and not _same(stated, system.base_total):
        problems.append(
            f"各测评项目合计 {format_points(system.base_total)} 分，"
            f"与表中写明的总分 {format_points(stated)} 分不符。"
        )
    return tuple(problems)


def _duplicates(codes: Iterable[str], where: str) -> list[str]:
    counts = Counter(code for code in codes if code)
    return [f"{where}编号“{code}”出现了 {n} 次。" for code, n in counts.items() if n > 1]
