"""Import a workbook with its remembered column mapping: saved → detected → asked.

Which column holds what is decided here, once, for the window and ``wenming-cli``: a
mapping the clerk gives wins; else the columns are detected, and if the clerk saved a
mapping for that header row (by its :func:`signature`), the workbook is read again with
it. When no header is found and nothing was saved, :class:`HeaderNotFound` says why in
Chinese and carries the header texts, so that the window can ask the clerk.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from wenming_desktop.actions.changes import NOTHING, Changed
from wenming_desktop.books.draft import ValidEntry
from wenming_desktop.books.fields import ENTRY_FIELDS
from wenming_desktop.books.records import Area
from wenming_desktop.exchange import excel_import as core
from wenming_desktop.exchange.excel_import import (
    AreaSource,
    HeaderNotFound,
    ImportPlan,
    ImportResult,
    RowKey,
    read_header,
    signature,
)
from wenming_desktop.ledger import Ledger
from wenming_desktop.work import QUIET, Steps

__all__ = [
    "AREA_FROM",
    "HeaderNotFound",
    "Imported",
    "MappingSource",
    "WorkbookRead",
    "apply_plan",
    "read_for_import",
    "remember_mapping",
    "saved_mapping",
    "shown_values",
    "signature",
    "workbook_headers",
]

#: Where the columns came from: the caller, the clerk's saved mapping, or detection.
MappingSource = Literal["given", "saved", "detected"]

#: How a sheet's 工作板块 was found (``SheetReport.area_from``), in the clerk's words.
AREA_FROM: dict[AreaSource, str] = {
    "name": "由工作表名识别",
    "title": "由标题行识别",
    "column": "按表中的“工作板块”列",
    "chosen": "已指定",
    "default": "默认板块",
    "": "未识别",
}


def shown_values(entry: ValidEntry, *, shorten: int = 0) -> dict[str, str]:
    """What a row will store, field by field as the clerk reads it (books/fields.py);
    long texts cut to ``shorten`` characters when given."""
    shown: dict[str, str] = {}
    for field in ENTRY_FIELDS:
        value = getattr(entry, field.name)
        if value is None:
            text = ""
        elif field.kind == "hours":
            text = f"{value:.2f}".rstrip("0").rstrip(".")
        elif isinstance(value, dt.date):
            text = value.isoformat()
        else:
            text = " ".join(str(value).split()) if field.kind == "long_text" else str(value)
        if shorten and field.kind == "long_text" and len(text) > shorten:
            text = text[: shorten - 1] + "…"
        shown[field.name] = text
    return shown


@dataclass(frozen=True, slots=True)
class WorkbookRead:
    """A workbook read for import; nothing written yet.

    ``headers``: the header row the mapping dialog lists; ``mapping``: the columns used
    (field → 0-based column), None when each sheet's columns were detected on their own
    (``plan.sheets`` says which); ``source``: where the mapping came from.
    """

    plan: ImportPlan
    headers: list[str]
    mapping: dict[str, int] | None
    source: MappingSource


@dataclass(frozen=True, slots=True)
class Imported:
    """What an import added (``result``) and where that shows (``changed``).

    ``entry_ids``: the entries added, what undoing the import removes."""

    result: ImportResult
    changed: Changed

    @property
    def entry_ids(self) -> tuple[int, ...]:
        return self.result.entry_ids


def saved_mapping(ledger: Ledger, headers: list[str]) -> dict[str, int] | None:
    """The mapping the clerk saved for this header row, or None."""
    if not any(text.strip() for text in headers):
        return None
    key = signature(headers)
    found = None
    for saved, mapping in ledger.settings.load().excel_mappings.items():
        if _same_key(saved, key):
            found = mapping  # the last saved wins
    return dict(found) if found is not None else None


def _same_key(saved: str, key: str) -> bool:
    """Keys saved before blank columns were left out of :func:`signature` end in "|"."""
    return saved.rstrip("|") == key


def remember_mapping(ledger: Ledger, headers: list[str], mapping: dict[str, int]) -> Changed:
    """Keep ``mapping`` for workbooks with this header row (used by :func:`read_for_import`)."""
    key = signature(headers)
    saved = {
        other: value
        for other, value in ledger.settings.load().excel_mappings.items()
        if not _same_key(other, key)
    }
    ledger.settings.update(excel_mappings={**saved, key: dict(mapping)})
    return Changed.of_settings("excel_mappings")


def read_for_import(
    ledger: Ledger,
    path: Path,
    *,
    year: int | None = None,
    area: Area | None = None,
    sheet_areas: Mapping[str, Area] | None = None,
    mapping: dict[str, int] | None = None,
    steps: Steps = QUIET,
) -> WorkbookRead:
    """Read ``path`` for import into ``ledger``: with ``mapping`` if given, else with the
    mapping saved for its header row, else with the detected columns.

    ``year`` completes dates without one. Each sheet's rows go into the area chosen for it
    in ``sheet_areas`` (by sheet title), else each row's 工作板块 cell, else the area the
    sheet's name or title names, else ``area``. Raises UserError (Chinese) when the
    workbook cannot be read; :class:`HeaderNotFound`, with the header texts to ask the
    clerk about, when no header was found.
    """

    def read(columns: dict[str, int] | None) -> ImportPlan:
        return core.plan_import(
            ledger,
            path,
            year=year,
            area=area,
            sheet_areas=sheet_areas,
            mapping=columns,
            steps=steps,
        )

    if mapping is not None:
        plan = read(mapping)
        return WorkbookRead(plan, plan.headers, dict(mapping), "given")
    try:
        plan = read(None)
    except HeaderNotFound as error:
        saved = saved_mapping(ledger, error.headers)
        if saved is None:
            raise
    else:
        saved = saved_mapping(ledger, plan.headers)
        if saved is None:
            return WorkbookRead(plan, plan.headers, None, "detected")
    plan = read(saved)
    return WorkbookRead(plan, plan.headers, saved, "saved")


def workbook_headers(path: Path, mapping: dict[str, int] | None = None) -> list[str]:
    """The header row the mapping dialog lists when no read told it (e.g. one cancelled):
    that of the first sheet with a header, else the first non-empty row; read within the
    same limits as an import (UserError past them)."""
    return read_header(path, mapping)


def apply_plan(
    ledger: Ledger, plan: ImportPlan, steps: Steps = QUIET, *, leave_out: Collection[RowKey] = ()
) -> Imported:
    """Add the plan's rows but those left out (sheet, row number) in one transaction (all
    or none); say which entries were added and where they show."""
    result = core.apply_plan(ledger, plan, steps, leave_out=leave_out)
    if not result.added:
        return Imported(result, NOTHING)
    left = set(leave_out)
    places = {(row.entry.area_id, row.entry.date.year) for row in plan.rows if row.key not in left}
    return Imported(result, Changed.of_entries(result.entry_ids, places))
