"""Choosing the entries of a printed ledger and writing it (never half-written)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from wenming_desktop.files import atomic_output
from wenming_desktop.ledger import Ledger
from wenming_desktop.ledger.query import EntryQuery
from wenming_desktop.ledger.records import Area
from wenming_desktop.ledgers.sheets_pdf import write_record_sheets
from wenming_desktop.ledgers.table_pdf import LedgerSection, write_ledger_pdf
from wenming_desktop.reports.fonts import resolve_fonts


def export_ledger(
    ledger: Ledger,
    year: int,
    target: Path,
    *,
    area: Area | None = None,
    sheets: bool = False,
    cancelled: Callable[[], bool] | None = None,
) -> int:
    """The 活动台账 (or, with ``sheets``, the 活动记录表) of a year, one area or all; pages."""
    settings = ledger.settings.load()
    fonts = resolve_fonts(settings.fonts)
    areas = ledger.areas.all()
    chosen = [area] if area is not None else areas
    what = "活动记录表" if sheets else "活动台账"
    with atomic_output(target, suffixes=(".pdf",), what=what) as temp:
        if sheets:
            entries = [
                entry
                for one in chosen
                for entry in ledger.entries.details(EntryQuery(area_id=one.id, year=year))
            ]
            return write_record_sheets(
                entries,
                areas,
                ledger.entries.attachment_path,
                temp,
                unit=settings.unit_name,
                fonts=fonts,
                cancelled=cancelled,
            )
        sections = [
            LedgerSection(one, ledger.entries.details(EntryQuery(area_id=one.id, year=year)))
            for one in chosen
        ]
        return write_ledger_pdf(
            sections, temp, unit=settings.unit_name, year=year, fonts=fonts, cancelled=cancelled
        )
