"""Drafting, loading and regenerating a year's summary against the ledger."""

from __future__ import annotations

from collections.abc import Iterable

from wenming_desktop.books.areas import AreaBook
from wenming_desktop.books.entries import EntryBook
from wenming_desktop.books.query import EntryQuery
from wenming_desktop.books.settings import SettingsStore
from wenming_desktop.summary.document import AnnualSummary, Part
from wenming_desktop.summary.drafting import draft_summary
from wenming_desktop.summary.store import SummaryBook


class SummaryService:
    def __init__(
        self, areas: AreaBook, entries: EntryBook, settings: SettingsStore, book: SummaryBook
    ) -> None:
        self._areas = areas
        self._entries = entries
        self._settings = settings
        self.book = book

    def draft(self, year: int) -> AnnualSummary:
        """A fresh draft from the year's entries (nothing stored)."""
        entries = self._entries.details(EntryQuery(year=year))
        return draft_summary(year, self._settings.load().unit_name, self._areas.all(), entries)

    def load(self, year: int) -> AnnualSummary | None:
        return self.book.load(year, self._areas.all())

    def load_or_draft(self, year: int) -> AnnualSummary:
        """The stored summary, or a new draft (stored) if the year has none yet."""
        stored = self.load(year)
        if stored is not None and any(part.text for part in stored.parts):
            return stored
        draft = self.draft(year)
        if not self.book.read_only:  # a read-only ledger still prints a draft
            self.book.store(draft)
        return draft

    def save_text(self, year: int, key: str, text: str) -> str:
        """Keep what the clerk typed into one part; returns the cleaned text."""
        return self.book.save_text(year, key, text)

    def years(self) -> list[int]:
        """Years that have a summary, newest first."""
        return self.book.years()

    def edited_parts(self, year: int, keys: Iterable[str] | None = None) -> list[Part]:
        """Parts the clerk changed since they were drafted (asked about before redrafting)."""
        stored = self.load(year)
        if stored is None:
            return []
        wanted = None if keys is None else set(keys)
        return [
            p for p in stored.parts if p.edited and p.text and (wanted is None or p.key in wanted)
        ]

    def regenerate(self, year: int, keys: Iterable[str] | None = None) -> AnnualSummary:
        """Redraft the given parts (all by default), replacing the clerk's text."""
        self.book.store(self.draft(year), keys)
        summary = self.load(year)
        assert summary is not None
        return summary
