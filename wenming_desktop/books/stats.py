"""A year's figures, aggregated in SQL: activities, 人次 and volunteer hours."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from itertools import pairwise

from sqlalchemy import Date, Select, bindparam, func, select

from wenming_desktop.books.records import Area
from wenming_desktop.store.database import Database
from wenming_desktop.store.models import Entry


@dataclass(frozen=True, slots=True)
class Figures:
    entries: int = 0
    participants: int = 0
    volunteer_hours: float = 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {
            "entries": self.entries,
            "participants": self.participants,
            "volunteer_hours": round(self.volunteer_hours, 2),
        }


@dataclass(frozen=True, slots=True)
class YearStats:
    year: int
    areas: list[tuple[Area, Figures]]
    months: list[Figures]  # index 0 is January
    area_months: dict[int, list[Figures]]  # area id -> twelve months
    total: Figures

    def as_dict(self) -> dict[str, object]:
        return {
            "year": self.year,
            "total": self.total.as_dict(),
            "areas": [
                {"area": area.short_name, **figures.as_dict()} for area, figures in self.areas
            ],
            "months": [
                {"month": number, **figures.as_dict()}
                for number, figures in enumerate(self.months, start=1)
            ],
        }


def cell_statement() -> Select[int, int, float]:
    """Entries, 人次 and hours of one area in one month (bound: ``area``, ``first``,
    ``following``): one range of the covering index ix_entry_live_area.

    Asked once per cell (72 for six areas) rather than as one GROUP BY over the year,
    which sorted every row of the year first: 19 ms instead of 50 ms for 100,000 entries
    in one year, 4 ms instead of 5 ms for 10,000 (an empty year: 2.6 ms instead of 0.7).
    """
    return select(
        func.count(),
        func.total(Entry.participants),
        func.total(Entry.volunteer_hours),
    ).where(
        Entry.deleted_at.is_(None),
        Entry.area_id == bindparam("area"),
        Entry.date >= bindparam("first", type_=Date),
        Entry.date < bindparam("following", type_=Date),
    )


def _month_starts(year: int) -> list[dt.date]:
    return [dt.date(year, month, 1) for month in range(1, 13)] + [dt.date(year + 1, 1, 1)]


def year_stats(database: Database, areas: list[Area], year: int) -> YearStats:
    statement = cell_statement()
    starts = _month_starts(year)
    grid: dict[int, list[Figures]] = {}
    with database.reading() as session:
        connection = session.connection()
        for area in areas:
            cells = []
            for first, following in pairwise(starts):
                count, people, hours = connection.execute(
                    statement, {"area": area.id, "first": first, "following": following}
                ).one()
                cells.append(Figures(count, int(people), float(hours)))
            grid[area.id] = cells

    def add(items: list[Figures]) -> Figures:
        return Figures(
            sum(f.entries for f in items),
            sum(f.participants for f in items),
            sum(f.volunteer_hours for f in items),
        )

    area_totals = [(area, add(grid[area.id])) for area in areas]
    months = [add([grid[area.id][index] for area in areas]) for index in range(12)]
    return YearStats(year, area_totals, months, grid, add([f for _, f in area_totals]))
