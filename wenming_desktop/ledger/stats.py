"""A year's figures, aggregated in SQL: activities, 人次 and volunteer hours."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Integer, Select, and_, cast, func, select

from wenming_desktop.ledger.records import Area
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


def statistics_statement(year: int) -> Select:  # type: ignore[type-arg]
    """One row per (area, month) of ``year``: entries, 人次, hours."""
    # Dates are stored as 'YYYY-MM-DD'; substr is cheaper than strftime on 100,000 rows,
    # and every column read here is in the covering index ix_entry_live_stats.
    month = cast(func.substr(Entry.date, 6, 2), Integer).label("month")
    return (
        select(
            Entry.area_id,
            month,
            func.count(),
            func.total(Entry.participants),
            func.total(Entry.volunteer_hours),
        )
        .where(
            Entry.deleted_at.is_(None),
            and_(Entry.date >= dt.date(year, 1, 1), Entry.date < dt.date(year + 1, 1, 1)),
        )
        .group_by(Entry.area_id, month)
    )


def year_stats(database: Database, areas: list[Area], year: int) -> YearStats:
    statement = statistics_statement(year)
    with database.reading() as session:
        cells = session.execute(statement).all()

    grid: dict[int, list[Figures]] = {area.id: [Figures()] * 12 for area in areas}
    for area_id, month_number, count, people, hours in cells:
        if area_id in grid:
            grid[area_id][month_number - 1] = Figures(count, int(people), float(hours))

    def add(items: list[Figures]) -> Figures:
        return Figures(
            sum(f.entries for f in items),
            sum(f.participants for f in items),
            sum(f.volunteer_hours for f in items),
        )

    area_totals = [(area, add(grid[area.id])) for area in areas]
    months = [add([grid[area.id][index] for area in areas]) for index in range(12)]
    return YearStats(year, area_totals, months, grid, add([f for _, f in area_totals]))
