"""The printed ledgers of a year, as the clerk asks for them: the 活动台账 (a table per area)
or the 活动记录表 (a page per entry), for one area or all — to a file (never half-written)
or to bytes for the print preview."""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from wenming_desktop.books.query import EntryQuery
from wenming_desktop.books.records import Area, EntryDetail
from wenming_desktop.files import atomic_output
from wenming_desktop.ledger import Ledger
from wenming_desktop.work import QUIET, Steps


@dataclass(frozen=True, slots=True)
class LedgerChoice:
    """Which printed ledger: a year, one area or all (None), the table or the record sheets."""

    year: int
    area: Area | None = None
    sheets: bool = False

    @property
    def what(self) -> str:
        return "活动记录表" if self.sheets else "活动台账"


#: Entries named one by one in the warning about characters the fonts cannot print.
NAMED_ENTRIES = 5


def print_warnings(ledger: Ledger, choice: LedgerChoice) -> list[str]:
    """What to tell the clerk before printing this ledger: fonts standing in for the proper
    faces, and the entries holding characters no chosen font has (emoji print as blanks)."""
    from wenming_desktop.reports.fonts import missing_characters, resolve_fonts
    from wenming_desktop.wording import chinese_date

    fonts = resolve_fonts(ledger.settings.load().fonts)
    chosen = [choice.area] if choice.area is not None else ledger.areas.all()
    named: list[str] = []
    more = 0
    for area in chosen:
        for entry in ledger.entries.details(EntryQuery(area_id=area.id, year=choice.year)):
            text = " ".join(
                (
                    entry.name,
                    entry.kind,
                    entry.location,
                    entry.organizer,
                    entry.content,
                    entry.remarks,
                )
            )
            missing = missing_characters(text, fonts["body"])
            if not missing:
                continue
            if len(named) < NAMED_ENTRIES:
                shown = "".join(missing[:6])
                named.append(f"“{entry.name}”（{chinese_date(entry.date)}）中的 {shown}")
            else:
                more += 1
    notes = list(fonts.warnings)
    if named:
        rest = f"等，另有 {more} 条记录" if more else ""
        notes.append(
            "所选字体中没有以下字符，打印时会显示为空白："
            + "；".join(named)
            + rest
            + "。可修改这些记录，或在“设置 → 字体”中换用字体。"
        )
    return notes


def export_ledger(ledger: Ledger, choice: LedgerChoice, target: Path, steps: Steps = QUIET) -> int:
    """Write the chosen ledger to ``target`` (never half-written); its pages."""
    with atomic_output(target, suffixes=(".pdf",), what=choice.what) as temp:
        return _write(ledger, choice, temp, steps)


def ledger_pdf(ledger: Ledger, choice: LedgerChoice, steps: Steps = QUIET) -> bytes:
    """The same document in memory (for the preview and the printer)."""
    buffer = io.BytesIO()
    _write(ledger, choice, buffer, steps)
    return buffer.getvalue()


def _write(ledger: Ledger, choice: LedgerChoice, sink: Path | BinaryIO, steps: Steps) -> int:
    # ReportLab's layout engine is imported here, on the worker thread that runs this: its
    # first import takes ~100 ms the window should not wait for.
    from wenming_desktop.ledgers.sheets_pdf import write_record_sheets
    from wenming_desktop.ledgers.table_pdf import LedgerSection, write_ledger_pdf
    from wenming_desktop.reports.fonts import resolve_fonts

    settings = ledger.settings.load()
    fonts = resolve_fonts(settings.fonts)
    areas = ledger.areas.all()
    chosen = [choice.area] if choice.area is not None else areas
    year, cancelled = choice.year, steps.cancelled

    def entries_of(one: Area) -> list[EntryDetail]:
        return ledger.entries.details(EntryQuery(area_id=one.id, year=year))

    if choice.sheets:
        return write_record_sheets(
            [entry for one in chosen for entry in entries_of(one)],
            areas,
            ledger.entries.attachment_path,
            sink,
            unit=settings.unit_name,
            fonts=fonts,
            cancelled=cancelled,
        )
    return write_ledger_pdf(
        [LedgerSection(one, entries_of(one)) for one in chosen],
        sink,
        unit=settings.unit_name,
        year=year,
        fonts=fonts,
        cancelled=cancelled,
    )
