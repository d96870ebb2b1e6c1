"""Reading the activity tables clerks really keep in Excel, then adding them in one go.

Reading (:func:`read_workbook`) never writes: it finds the header row under title rows,
matches columns by their usual names, understands the date and number spellings people
type, and sorts every row into “to import”, “already in the ledger”, “refused (why)” or
“skipped (合计/blank)”. :func:`apply_plan` then writes all importable rows in a single
transaction, so an import either happens completely or not at all.

Each row gets a deterministic UUID (the 记录编号 column, else one derived from everything
the clerk wrote in it, not its area), and rows written by earlier imports are recognised
too, which makes importing the same workbook twice add nothing, whichever areas the
sheets are put into (:mod:`.excel_identity`).

This module is the entry point; the work is done in :mod:`.excel_cells` (column names and
cell values), :mod:`.excel_areas` (the area a sheet names), :mod:`.excel_sheet` (one
sheet's rows), :mod:`.excel_reading` (opening the workbook), :mod:`.excel_identity` (what
is already there, what may be a duplicate) and :mod:`.excel_model` (the plan and the
result).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Collection, Mapping
from pathlib import Path

from sqlalchemy import insert, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

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
from wenming_desktop.exchange.excel_identity import content_uuid, known_entry
from wenming_desktop.exchange.excel_model import (
    CANCELLED_MESSAGE,
    AreaSource,
    ImportPlan,
    ImportResult,
    ImportRow,
    Known,
    KnownEntry,
    RefusedRow,
    RowKey,
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
    "AreaSource",
    "DateValue",
    "HeaderNotFound",
    "ImportPlan",
    "ImportResult",
    "ImportRow",
    "RefusedRow",
    "RowKey",
    "SheetReport",
    "SkippedRow",
    "apply_plan",
    "content_uuid",
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
#: A bulk INSERT sending its rows in one executemany: the ORM would otherwise group the
#: rows by which of their values are None and send many small batches (3× slower).
_ADD = insert(Entry).execution_options(render_nulls=True)
_LOOKUP = 500  # values in one IN (…) query


def plan_import(
    ledger: Ledger,
    path: Path,
    *,
    year: int | None = None,
    area: Area | None = None,
    sheet_areas: Mapping[str, Area] | None = None,
    mapping: dict[str, int] | None = None,
    steps: Steps = QUIET,
) -> ImportPlan:
    """:func:`read_workbook` against an open ledger (its areas and existing records).

    ``area``: for sheets that name none; ``sheet_areas``: the area chosen for a sheet."""
    return read_workbook(
        path,
        year=year,
        area=area,
        areas=ledger.areas.all(),
        mapping=mapping,
        known=_known(ledger),
        sheet_areas=sheet_areas,
        steps=steps,
    )


def _known(ledger: Ledger) -> Known:
    """What ``ledger`` holds, read when the plan is sorted: every entry's UUID at once (an
    import asks about several per row), the entries of the workbook's dates."""
    every: set[str] | None = None

    def everyone() -> set[str]:
        nonlocal every
        if every is None:
            with ledger.database.reading() as session:
                every = set(session.scalars(select(Entry.uuid)))
        return every

    def uuids(candidates: Collection[str]) -> set[str]:
        return everyone().intersection(candidates)

    def entries(dates: Collection[dt.date]) -> list[KnownEntry]:
        wanted = sorted(dates)
        found: list[KnownEntry] = []
        columns = [getattr(Entry, name) for name in VALID_NAMES if name != "area_id"]
        with ledger.database.reading() as session:
            for start in range(0, len(wanted), _LOOKUP):
                chunk = wanted[start : start + _LOOKUP]
                query = select(Entry.uuid, Entry.deleted_at, *columns).where(Entry.date.in_(chunk))
                for row in session.execute(query):
                    found.append(known_entry(row.uuid, row, in_trash=row.deleted_at is not None))
        return found

    return Known(uuids, entries, lambda: not everyone())


# -- writing ----------------------------------------------------------------------------
def _entry_values(row: ImportRow, now: dt.datetime) -> dict[str, object]:
    values: dict[str, object] = {name: getattr(row.entry, name) for name in VALID_NAMES}
    values.update(uuid=row.uuid, is_sample=row.is_sample, created_at=now, updated_at=now)
    return values


def _ids_of(session: Session, uuids: list[str]) -> list[int]:
    """The ids of the entries with these UUIDs, in their order (a bulk INSERT … RETURNING
    would send the rows one by one)."""
    found: dict[str, int] = {}
    for start in range(0, len(uuids), _LOOKUP):
        chunk = uuids[start : start + _LOOKUP]
        query = select(Entry.uuid, Entry.id).where(Entry.uuid.in_(chunk))
        found.update((uuid, id_) for uuid, id_ in session.execute(query))
    return [found[uuid] for uuid in uuids]


def apply_plan(
    ledger: Ledger, plan: ImportPlan, steps: Steps = QUIET, *, leave_out: Collection[RowKey] = ()
) -> ImportResult:
    """Add the plan's rows to add in ONE transaction: all of them, or (on any error) none.

    ``leave_out``: rows (sheet, row number) the clerk unticked; rows added to the ledger
    since the plan was read are not added again. The result holds the new entries' ids."""
    left = set(leave_out)
    candidates = [row for row in plan.rows if row.key not in left]
    try:
        with ledger.database.writing() as session:
            area_ids = set(session.scalars(select(WorkArea.id)))
            if any(row.entry.area_id not in area_ids for row in candidates):
                raise UserError("读取表格后工作板块已被修改，请重新选择文件导入。")
            present: set[str] = set()
            uuids = [row.uuid for row in candidates]
            for start in range(0, len(uuids), _LOOKUP):
                chunk = uuids[start : start + _LOOKUP]
                present.update(session.scalars(select(Entry.uuid).where(Entry.uuid.in_(chunk))))
            new = [row for row in candidates if row.uuid not in present]
            now = utc_now()
            for start in range(0, len(new), _CHUNK):
                _check(steps)
                batch = [_entry_values(row, now) for row in new[start : start + _CHUNK]]
                session.execute(_ADD, batch)
                steps.report(min(start + _CHUNK, len(new)), len(new))
            _check(steps)
            ids = _ids_of(session, [row.uuid for row in new])
    except SQLAlchemyError as error:
        log.exception("Excel import failed; the transaction was rolled back")
        raise UserError(
            "写入数据时出错，本次导入已全部撤销，台账没有任何改动。请检查表格后重试。"
        ) from error
    log.info("Imported %d entries from %s", len(new), plan.path)
    return ImportResult(
        added=len(new),
        already_present=len(plan.present) + len(candidates) - len(new),
        refused=len(plan.refused),
        skipped=len(plan.skipped),
        left_out=len(plan.rows) - len(candidates),
        entry_ids=tuple(ids),
    )
