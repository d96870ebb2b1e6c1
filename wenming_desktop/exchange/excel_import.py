"""Reading the activity tables clerks really keep in Excel, then adding them in one go.

Reading (:func:`read_workbook`) never writes: it finds the header row under title rows,
matches columns by their usual names, understands the date and number spellings people
type, and sorts every row into “to import”, “already in the ledger”, “refused (why)” or
“skipped (合计/blank)”. :func:`apply_plan` then writes all importable rows in a single
transaction, so an import either happens completely or not at all.

Each row gets a deterministic UUID (the 记录编号 column, else one derived from area, date,
name and location), which makes importing the same workbook twice add nothing.

This module is the entry point; the work is done in :mod:`.excel_cells` (column names and
cell values), :mod:`.excel_sheet` (one sheet's rows), :mod:`.excel_reading` (opening the
workbook) and :mod:`.excel_model` (the plan and the result).
"""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

from sqlalchemy import insert, select
from sqlalchemy.exc import SQLAlchemyError

from wenming_desktop.books.draft import VALID_NAMES
from wenming_desktop.books.records import Area
from wenming_desktop.errors import UserError
from wenming_desktop.exchange.excel_cells import (
    FIELD_LABELS,
    FIELDS,
    IMPORT_NAMESPACE,
    SYNONYMS,
    DateValue,
    derived_uuid,
    parse_date_cell,
    suggest_mapping,
)
from wenming_desktop.exchange.excel_model import (
    CANCELLED_MESSAGE,
    ImportPlan,
    ImportResult,
    ImportRow,
    RefusedRow,
    SheetReport,
    SkippedRow,
    _check,
)
from wenming_desktop.exchange.excel_reading import (
    HeaderNotFound,
    read_header,
    read_workbook,
    signature,
)
from wenming_desktop.exchange.excel_sheet import HEADER_SCAN_ROWS, MAX_COLUMNS
from wenming_desktop.ledger import Ledger
from wenming_desktop.store.models import Entry, WorkArea, utc_now
from wenming_desktop.work import QUIET, Steps

__all__ = [
    "CANCELLED_MESSAGE",
    "FIELDS",
    "FIELD_LABELS",
    "HEADER_SCAN_ROWS",
    "IMPORT_NAMESPACE",
    "MAX_COLUMNS",
    "SYNONYMS",
    "DateValue",
    "HeaderNotFound",
    "ImportPlan",
    "ImportResult",
    "ImportRow",
    "RefusedRow",
    "SheetReport",
    "SkippedRow",
    "apply_plan",
    "derived_uuid",
    "parse_date_cell",
    "plan_import",
    "read_header",
    "read_workbook",
    "signature",
    "suggest_mapping",
]

log = logging.getLogger(__name__)

_CHUNK = 1000


def plan_import(
    ledger: Ledger,
    path: Path,
    *,
    year: int | None = None,
    area: Area | None = None,
    mapping: dict[str, int] | None = None,
    steps: Steps = QUIET,
) -> ImportPlan:
    """:func:`read_workbook` against an open ledger (its areas and existing records)."""
    return read_workbook(
        path,
        year=year,
        area=area,
        areas=ledger.areas.all(),
        mapping=mapping,
        known_uuids=ledger.entries.existing_uuids,
        steps=steps,
    )


# -- writing ----------------------------------------------------------------------------
def _entry_values(row: ImportRow, now: dt.datetime) -> dict[str, object]:
    values: dict[str, object] = {name: getattr(row.entry, name) for name in VALID_NAMES}
    values.update(uuid=row.uuid, is_sample=row.is_sample, created_at=now, updated_at=now)
    return values


def apply_plan(ledger: Ledger, plan: ImportPlan, steps: Steps = QUIET) -> ImportResult:
    """Add every importable row in ONE transaction: all of them, or (on any error) none."""
    candidates = plan.rows + plan.present
    try:
        with ledger.database.writing() as session:
            area_ids = set(session.scalars(select(WorkArea.id)))
            if any(row.entry.area_id not in area_ids for row in candidates):
                raise UserError("读取表格后工作板块已被修改，请重新选择文件导入。")
            present: set[str] = set()
            uuids = [row.uuid for row in candidates]
            for start in range(0, len(uuids), 500):
                chunk = uuids[start : start + 500]
                present.update(session.scalars(select(Entry.uuid).where(Entry.uuid.in_(chunk))))
            new = [row for row in candidates if row.uuid not in present]
            now = utc_now()
            for start in range(0, len(new), _CHUNK):
                _check(steps)
                batch = [_entry_values(row, now) for row in new[start : start + _CHUNK]]
                session.execute(insert(Entry), batch)
                steps.report(min(start + _CHUNK, len(new)), len(new))
            _check(steps)
    except SQLAlchemyError as error:
        log.exception("Excel import failed; the transaction was rolled back")
        raise UserError(
            "写入数据时出错，本次导入已全部撤销，台账没有任何改动。请检查表格后重试。"
        ) from error
    log.info("Imported %d entries from %s", len(new), plan.path)
    return ImportResult(
        added=len(new),
        already_present=len(candidates) - len(new),
        refused=len(plan.refused),
        skipped=len(plan.skipped),
    )
