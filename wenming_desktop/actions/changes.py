"""What an action changed, so that the window refreshes what the change touched."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

#: ``progress(done, total, text)``: how far a long action got (``total`` 0: not known yet).
Progress = Callable[[int, int, str], None]
#: ``cancelled()``: the clerk pressed 取消; the action stops and writes nothing more.
Cancelled = Callable[[], bool]


@dataclass(frozen=True, slots=True)
class Changed:
    """``entries``: ids of entries added, edited, deleted or restored; ``years`` and
    ``areas``: where those are listed (before and after). ``None`` in any of these means
    "not known: assume all". ``settings``: keys of settings changed; ``areas_edited``: the
    work areas themselves (names, order) changed; ``ledger_replaced``: a restore."""

    entries: frozenset[int] | None = frozenset()
    years: frozenset[int] | None = frozenset()
    areas: frozenset[int] | None = frozenset()
    settings: frozenset[str] = frozenset()
    areas_edited: bool = False
    ledger_replaced: bool = False

    @property
    def touches_entries(self) -> bool:
        return self.entries is None or bool(self.entries)

    @classmethod
    def of_entries(
        cls,
        ids: Iterable[int] | None,
        places: Iterable[tuple[int, int]] | None,
    ) -> Changed:
        """Entries ``ids`` listed at ``places`` — (area id, year) pairs — or unknown (None)."""
        if places is None:
            return cls(frozenset(ids) if ids is not None else None, None, None)
        pairs = list(places)
        return cls(
            frozenset(ids) if ids is not None else None,
            frozenset(year for _area, year in pairs),
            frozenset(area for area, _year in pairs),
        )

    @classmethod
    def of_settings(cls, *keys: str) -> Changed:
        return cls(settings=frozenset(keys))

    def __or__(self, other: Changed) -> Changed:
        def union(one: frozenset[int] | None, two: frozenset[int] | None) -> frozenset[int] | None:
            return None if one is None or two is None else one | two

        return Changed(
            union(self.entries, other.entries),
            union(self.years, other.years),
            union(self.areas, other.areas),
            self.settings | other.settings,
            self.areas_edited or other.areas_edited,
            self.ledger_replaced or other.ledger_replaced,
        )


NOTHING = Changed()
#: Something changed, nobody knows exactly what: every view refreshes.
EVERYTHING = Changed(None, None, None, areas_edited=True)
