"""What an Excel import plans and what it did, and how a long import is stopped.

:func:`~wenming_desktop.exchange.excel_reading.read_workbook` fills an :class:`ImportPlan`
without writing anything; :func:`~wenming_desktop.exchange.excel_import.apply_plan` adds
its rows and answers with an :class:`ImportResult`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from wenming_desktop.books.draft import EntryDraft, ValidEntry
from wenming_desktop.work import Steps

CANCELLED_MESSAGE = "已取消导入，未写入任何数据。"

#: Where a sheet's 工作板块 came from: its name, its title rows, a 工作板块 column, the
#: clerk's choice for this sheet, the default for sheets naming none; "" when not known.
AreaSource = Literal["name", "title", "column", "chosen", "default", ""]

#: A row of the workbook: (sheet title, 1-based row number).
RowKey = tuple[str, int]


# -- the plan ---------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class ImportRow:
    """A row that will be added: ``draft`` as read, ``entry`` as validated.

    ``uuid``: the 记录编号 written in the row (``numbered``), else one derived from what the
    clerk wrote (not the area: :mod:`.excel_identity`); ``is_sample``: marked as 示例数据 in
    a workbook this app exported; ``suspect``: why it may be the same activity as another
    row or entry (imported unless the clerk leaves it out); ``note``: for a row already in
    the ledger, how it was recognised; ``fingerprint``: what the clerk wrote, normalised
    (:func:`.excel_identity.fingerprint`)."""

    sheet: str
    row: int
    draft: EntryDraft
    uuid: str
    entry: ValidEntry
    is_sample: bool = False
    numbered: bool = False
    suspect: str = ""
    note: str = ""
    fingerprint: str = ""

    @property
    def key(self) -> RowKey:
        return (self.sheet, self.row)


@dataclass(frozen=True, slots=True)
class RefusedRow:
    """A row that cannot be imported; ``values``: its cells' texts, ``cells``: the texts of
    the mapped columns (field → text) as the preview shows them."""

    sheet: str
    row: int
    reason: str
    values: tuple[str, ...]
    cells: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class SkippedRow:
    sheet: str
    row: int
    reason: str


@dataclass(frozen=True, slots=True)
class SheetReport:
    """What was understood of one sheet (for the import preview).

    ``area``: the short name of the sheet's 工作板块 (None: from each row's 工作板块 column,
    or not known); ``area_from``: where that came from; ``read``: the sheet's rows are in the
    plan; ``formulas``: its cells holding a formula without a saved result."""

    name: str
    header_row: int | None  # 1-based; None when the sheet was not read
    columns: dict[str, str] = field(default_factory=dict)  # field -> header text
    area: str | None = None
    note: str = ""
    area_id: int | None = None
    area_from: AreaSource = ""
    read: bool = False
    formulas: int = 0


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

    @property
    def suspects(self) -> list[ImportRow]:
        return [row for row in self.rows if row.suspect]

    def summary(self) -> str:
        suspects = len(self.suspects)
        marked = f"（其中疑似重复 {suspects} 条）" if suspects else ""
        return (
            f"可导入 {len(self.rows)} 条{marked}，已在台账中 {len(self.present)} 条，"
            f"无法导入 {len(self.refused)} 行，跳过 {len(self.skipped)} 行。"
        )

    def sheet(self, name: str) -> SheetReport | None:
        return next((sheet for sheet in self.sheets if sheet.name == name), None)


@dataclass(frozen=True, slots=True)
class ImportResult:
    """What an import did; ``entry_ids``: the ids of the entries it added (in the order of
    the workbook's rows), e.g. to undo it; ``left_out``: rows the clerk left out."""

    added: int
    already_present: int
    refused: int
    skipped: int
    left_out: int = 0
    entry_ids: tuple[int, ...] = ()

    def summary(self) -> str:
        left_out = f"{self.left_out} 条未勾选，未导入；" if self.left_out else ""
        return (
            f"已导入 {self.added} 条记录；{self.already_present} 条已在台账中，未重复导入；"
            f"{left_out}{self.refused} 行无法导入；跳过 {self.skipped} 行。"
        )


# -- what the ledger already holds --------------------------------------------------------
@dataclass(frozen=True, slots=True)
class KnownEntry:
    """An entry already in the ledger, as an import compares rows with it."""

    uuid: str
    fingerprint: str
    same_day: tuple[str, str, str]
    in_trash: bool


@dataclass(frozen=True, slots=True)
class Known:
    """What the ledger holds, asked while a plan is sorted (nothing when None).

    ``uuids(candidates)``: those of ``candidates`` some entry (in the 回收站 too) has;
    ``entries(dates)``: the entries on those dates; ``empty()``: the ledger has no entry
    (nothing to look for)."""

    uuids: Callable[[Collection[str]], set[str]]
    entries: Callable[[Collection[dt.date]], list[KnownEntry]]
    empty: Callable[[], bool] = lambda: False


def _check(steps: Steps) -> None:
    steps.stop_if_cancelled(CANCELLED_MESSAGE)
