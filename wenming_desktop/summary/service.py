"""Drafting, loading, refreshing and regenerating a year's summary against the ledger."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, replace

from wenming_desktop.books.areas import AreaBook
from wenming_desktop.books.entries import EntryBook
from wenming_desktop.books.query import EntryQuery
from wenming_desktop.books.settings import SettingsStore
from wenming_desktop.store.models import utc_now
from wenming_desktop.summary.checks import Staleness
from wenming_desktop.summary.document import (
    OPENING,
    SECTION_PREFIX,
    SIGNATURE_UNIT,
    TITLE,
    AnnualSummary,
    Part,
)
from wenming_desktop.summary.drafting import bases_of, draft_summary, title_text
from wenming_desktop.summary.store import SummaryBook

#: Parts whose figures come from entries (the others only from the year and the unit).
_COUNTED = (OPENING, SECTION_PREFIX)


@dataclass(frozen=True, slots=True)
class Refreshed:
    """What "更新未修改的部分" did: parts redrafted, and edited parts kept as they were."""

    updated: tuple[Part, ...]
    kept: tuple[Part, ...]


class SummaryService:
    def __init__(
        self, areas: AreaBook, entries: EntryBook, settings: SettingsStore, book: SummaryBook
    ) -> None:
        self._areas = areas
        self._entries = entries
        self._settings = settings
        self.book = book

    def _unit(self) -> str:
        return self._settings.load().unit_name

    def draft(self, year: int, keep: Iterable[str] = ()) -> AnnualSummary:
        """A fresh draft from the year's entries (nothing stored); it repeats nothing of the
        stored parts ``keep`` (a partial redraft keeps them)."""
        drafted_at = utc_now()  # before reading: a change made meanwhile shows as stale
        entries = self._entries.details(EntryQuery(year=year))
        stored = self.book.load(year, self._areas.all()) if keep else None
        kept = [stored.text(key) for key in keep] if stored else []
        return draft_summary(year, self._unit(), self._areas.all(), entries, drafted_at, kept)

    def _kept_keys(self, year: int, redrafted: Iterable[str]) -> list[str]:
        stored = self.book.load(year, self._areas.all())
        if stored is None:
            return []
        chosen = set(redrafted)
        return [p.key for p in stored.parts if p.key not in chosen and p.text]

    def load(self, year: int) -> AnnualSummary | None:
        """The stored summary; its title and 落款 follow the unit's name in 设置 unless the
        clerk wrote them."""
        stored = self.book.load(year, self._areas.all())
        return None if stored is None else self._follow_unit(stored)

    def _follow_unit(self, summary: AnnualSummary) -> AnnualSummary:
        unit = self._unit()
        fresh = {TITLE: title_text(summary.year, unit), SIGNATURE_UNIT: unit}
        changed = []
        for key, text in fresh.items():
            part = summary.part(key)
            if part is None or part.edited or part.text == text:
                continue
            basis = replace(part.basis, unit=unit) if part.basis else None
            updated = Part(part.key, part.label, text, text, basis)
            summary = summary.with_part(updated)
            changed.append(key)
        if changed and not self.book.read_only:
            self.book.store(summary, changed)
        return summary

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
        keys = None if keys is None else list(keys)
        keep = [] if keys is None else self._kept_keys(year, keys)
        self.book.store(self.draft(year, keep), keys)
        summary = self.load(year)
        assert summary is not None
        return summary

    # -- staleness ----------------------------------------------------------------------
    def staleness(self, year: int, summary: AnnualSummary | None = None) -> Staleness | None:
        """Which parts of the stored summary the ledger has moved away from (None: the year
        has no summary). Reads the year's entries' ids and change times only."""
        summary = summary or self.load(year)
        if summary is None:
            return None
        unit = self._unit()
        current = bases_of(self._entries.stamps(year), self._areas.all(), unit, utc_now())
        stale: list[Part] = []
        renamed: list[Part] = []
        since: list[dt.datetime] = []
        for part in summary.parts:
            if not part.text:
                continue
            basis, now = part.basis, current.get(part.key)
            counted = part.key.startswith(_COUNTED) and now is not None
            if counted and (basis is None or now is None or basis.digest != now.digest):
                stale.append(part)
                if basis is not None and basis.drafted_at:
                    since.append(dt.datetime.fromisoformat(basis.drafted_at))
            if (
                basis
                and basis.unit
                and basis.unit != unit
                and basis.unit in part.text.replace(unit, "")
            ):
                renamed.append(part)
        changed = self._entries.changed_since(year, min(since)) if since else 0
        return Staleness(changed, tuple(stale), tuple(renamed), unit)

    def refresh(self, year: int) -> Refreshed:
        """更新未修改的部分: redraft every stale part the clerk has not edited; an edited one
        keeps its text (its new draft is remembered, so it is no longer flagged)."""
        staleness = self.staleness(year)
        if staleness is None or not staleness.stale:
            return Refreshed((), ())
        updated = [p for p in staleness.all_parts if not p.edited]
        kept = [p for p in staleness.all_parts if p.edited]
        draft = self.draft(year, self._kept_keys(year, [p.key for p in updated]))
        if updated:
            self.book.store(draft, [p.key for p in updated])
        if kept:
            # The clerk's text keeps the figures it was written with: a draft from sample
            # data stays marked so, whatever the new draft was drafted from.
            for part in kept:
                fresh = draft.part(part.key)
                if fresh is not None and fresh.basis is not None and part.basis is not None:
                    basis = replace(fresh.basis, sample=max(fresh.basis.sample, part.basis.sample))
                    draft = draft.with_part(replace(fresh, basis=basis))
            self.book.store_drafts(draft, [p.key for p in kept])
        return Refreshed(tuple(updated), tuple(kept))
