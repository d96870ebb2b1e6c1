"""Keeping each year's summary: the clerk's text and the app's last draft, per part."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import select

from wenming_desktop.books.records import Area
from wenming_desktop.books.validation import LONG_TEXT_MAX, clean_text
from wenming_desktop.store.database import Database
from wenming_desktop.store.models import SummaryPart, utc_now
from wenming_desktop.summary.document import (
    CLOSING,
    OPENING,
    SIGNATURE_DATE,
    SIGNATURE_UNIT,
    TITLE,
    AnnualSummary,
    Basis,
    Part,
    section_key,
)
from wenming_desktop.summary.drafting import section_label


def part_layout(areas: Sequence[Area]) -> list[tuple[str, str]]:
    """(key, label) of every part, in document order, for the current areas."""
    return [
        (TITLE, "标题"),
        (OPENING, "开头"),
        *[(section_key(a.uuid), section_label(n, a)) for n, a in enumerate(areas, start=1)],
        (CLOSING, "结尾"),
        (SIGNATURE_UNIT, "落款单位"),
        (SIGNATURE_DATE, "落款日期"),
    ]


class SummaryBook:
    def __init__(self, database: Database) -> None:
        self._db = database

    @property
    def read_only(self) -> bool:
        return self._db.read_only

    def load(self, year: int, areas: Sequence[Area]) -> AnnualSummary | None:
        """The stored summary of ``year`` (None if never drafted), laid out for ``areas``."""
        with self._db.reading() as session:
            rows = {
                row.key: row
                for row in session.scalars(select(SummaryPart).where(SummaryPart.year == year))
            }
        if not rows:
            return None
        parts = []
        for key, label in part_layout(areas):
            row = rows.get(key)
            if row is None:
                parts.append(Part(key, label, ""))
                continue
            parts.append(Part(key, label, row.text, row.generated, Basis.from_json(row.basis)))
        return AnnualSummary(year, tuple(parts))

    def store(self, summary: AnnualSummary, keys: Iterable[str] | None = None) -> None:
        """Write parts (all, or only ``keys``) with their text, generated draft and basis."""
        wanted = None if keys is None else set(keys)
        chosen = [p for p in summary.parts if wanted is None or p.key in wanted]
        self._write(summary.year, [(p.key, p.text, p.generated, p.basis) for p in chosen])

    def store_drafts(self, summary: AnnualSummary, keys: Iterable[str]) -> None:
        """Record a new draft (and its basis) for ``keys`` without touching their text."""
        wanted = set(keys)
        with self._db.writing() as session:
            rows = session.scalars(
                select(SummaryPart).where(
                    SummaryPart.year == summary.year, SummaryPart.key.in_(wanted)
                )
            )
            for row in rows:
                part = summary.part(row.key)
                if part is not None:
                    row.generated = part.generated
                    row.basis = part.basis.to_json() if part.basis else ""

    def save_text(self, year: int, key: str, text: str) -> str:
        """Save what the clerk typed into one part; returns the cleaned text."""
        cleaned = clean_text(text, "总结内容", max_length=LONG_TEXT_MAX * 5, multiline=True)
        self._write(year, [(key, cleaned, None, None)])
        return cleaned

    def years(self) -> list[int]:
        with self._db.reading() as session:
            return list(
                session.scalars(
                    select(SummaryPart.year).distinct().order_by(SummaryPart.year.desc())
                )
            )

    def _write(self, year: int, values: list[tuple[str, str, str | None, Basis | None]]) -> None:
        with self._db.writing() as session:
            existing = {
                row.key: row
                for row in session.scalars(
                    select(SummaryPart).where(
                        SummaryPart.year == year, SummaryPart.key.in_([v[0] for v in values])
                    )
                )
            }
            now = utc_now()
            for key, text, generated, basis in values:
                row = existing.get(key)
                if row is None:
                    row = SummaryPart(year=year, key=key, generated=generated or "", basis="")
                    session.add(row)
                row.text = text
                if generated is not None:
                    row.generated = generated
                    row.basis = basis.to_json() if basis else ""
                row.updated_at = now
