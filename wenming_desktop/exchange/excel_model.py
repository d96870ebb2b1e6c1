"""What an Excel import plans and what it did, and how a long import is stopped.

:func:`~wenming_desktop.exchange.excel_reading.read_workbook` fills an :class:`ImportPlan`
without writing anything; :func:`~wenming_desktop.exchange.excel_import.apply_plan` adds
its rows and answers with an :class:`ImportResult`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from wenming_desktop.books.draft import EntryDraft, ValidEntry
from wenming_desktop.work import Steps

CANCELLED_MESSAGE = "已取消导入，未写入任何数据。"


# -- the plan ---------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class ImportRow:
    """A row that will be added: ``draft`` as read, ``entry`` as validated;
    ``is_sample``: marked as 示例数据 in a workbook this app exported."""

    sheet: str
    row: int
    draft: EntryDraft
    uuid: str
    entry: ValidEntry
    is_sample: bool = False


@dataclass(frozen=True, slots=True)
class RefusedRow:
    sheet: str
    row: int
    reason: str
    values: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class SkippedRow:
    sheet: str
    row: int
    reason: str


@dataclass(frozen=True, slots=True)
class SheetReport:
    """What was understood of one sheet (for the import preview)."""

    name: str
    header_row: int | None  # 1-based; None when the sheet was not read
    columns: dict[str, str] = field(default_factory=dict)  # field -> header text
    area: str | None = None
    note: str = ""


@dataclass(slots=True)
class ImportPlan:
    path: Path
    rows: list[ImportRow] = field(default_factory=list)
    present: list[ImportRow] = field(default_factory=list)
    refused: list[RefusedRow] = field(default_factory=list)
    skipped: list[SkippedRow] = field(default_factory=list)
    sheets: list[SheetReport] = field(default_factory=list)
    #: The header row of the first sheet with one: what a clerk maps columns on.
    headers: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"可导入 {len(self.rows)} 条，已在台账中 {len(self.present)} 条，"
            f"无法导入 {len(self.refused)} 行，跳过 {len(self.skipped)} 行。"
        )


@dataclass(frozen=True, slots=True)
class ImportResult:
    added: int
    already_present: int
    refused: int
    skipped: int

    def summary(self) -> str:
        return (
            f"已导入 {self.added} 条记录；{self.already_present} 条已在台账中，未重复导入；"
            f"{self.refused} 行无法导入；跳过 {self.skipped} 行。"
        )


def _check(steps: Steps) -> None:
    steps.stop_if_cancelled(CANCELLED_MESSAGE)
