"""What the clerk should know about a summary before it is printed or handed in: parts
drafted from a ledger that has changed since, placeholders still in the text, and a
draft written from sample data (示例数据)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from wenming_desktop.summary.document import AnnualSummary, Part

#: Text the clerk still has to fill in or replace: the drafting's "请补充", the seed's
#: anonymised "XX区", blanks.
PLACEHOLDER = re.compile(r"请补充|[XＸ×xｘ]{2,}|＿{2,}|_{3,}|□{2,}|（\s*）")


def short_label(part: Part) -> str:
    """开头, 四 (for 四、志愿服务), 结尾 … — how a notice names a part."""
    return part.label.split("、", 1)[0]


def labels(parts: tuple[Part, ...] | list[Part]) -> str:
    return "、".join(short_label(part) for part in parts)


@dataclass(frozen=True, slots=True)
class Staleness:
    """How a stored summary stands against the ledger now."""

    changed: int  # entries added, changed or deleted since the parts were drafted
    parts: tuple[Part, ...] = ()  # drafted from entries that have changed since
    renamed: tuple[Part, ...] = ()  # still written with the unit's former name
    unit: str = ""  # the unit's name now

    @property
    def stale(self) -> bool:
        return bool(self.parts or self.renamed)

    @property
    def all_parts(self) -> tuple[Part, ...]:
        return tuple(dict.fromkeys([*self.parts, *self.renamed]))

    @property
    def edited(self) -> tuple[Part, ...]:
        return tuple(part for part in self.all_parts if part.edited)

    def notice(self) -> str:
        """台账有 9 条新记录/修改，以下部分的数字可能已过时：开头、四、五。"""
        sentences = []
        if self.parts:
            what = f"台账有 {self.changed} 条新记录/修改" if self.changed else "台账有变化"
            sentences.append(f"{what}，以下部分的数字可能已过时：{labels(self.parts)}。")
        if self.renamed:
            sentences.append(
                f"单位名称已改为“{self.unit}”，以下部分仍是原名称：{labels(self.renamed)}。"
            )
        if self.edited:
            sentences.append(f"其中{labels(self.edited)}您修改过，更新时会保留您的文字。")
        return "".join(sentences)


def placeholder_parts(summary: AnnualSummary) -> list[Part]:
    return [part for part in summary.parts if PLACEHOLDER.search(part.text)]


def before_printing(summary: AnnualSummary, staleness: Staleness | None) -> list[str]:
    """What to tell the clerk before the summary is printed or exported (empty: nothing)."""
    notes = []
    if staleness is not None and staleness.stale:
        notes.append(staleness.notice())
    waiting = placeholder_parts(summary)
    if waiting:
        notes.append(f"以下部分还有待补充或替换的内容（如“请补充”“XX”）：{labels(waiting)}。")
    if summary.sample_entries:
        notes.append(
            f"本总结是根据示例数据（{summary.sample_entries} 条示例记录）起草的，"
            "不是本单位的实际工作。"
        )
    return notes
