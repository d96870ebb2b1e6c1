"""The year's figures on paper: the 统计表 (charts and table, against another year) and the
charts as pictures — read from the ledger, drawn with the fonts chosen in 设置."""

from __future__ import annotations

import io
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from wenming_desktop.ledger import Ledger

if TYPE_CHECKING:  # ReportLab is imported by the work itself, on a worker thread
    from wenming_desktop.charts.report_pdf import StatsReport
    from wenming_desktop.charts.spec import ChartSpec
    from wenming_desktop.reports.fonts import FontSet


def print_fonts(ledger: Ledger) -> FontSet:
    """The fonts each print role resolves to with the clerk's choices."""
    from wenming_desktop.reports.fonts import resolve_fonts

    return resolve_fonts(ledger.settings.load().fonts)


def comparison_default(ledger: Ledger, year: int) -> int | None:
    """The year ``year`` is compared with unless the clerk says otherwise: the latest
    earlier year that has records (None: there is none, so nothing is compared)."""
    from wenming_desktop.charts.spec import comparison_year

    return comparison_year(year, ledger.entries.years())


def stats_report(ledger: Ledger, year: int, *, against: int | None = None) -> StatsReport:
    """The 统计表 of ``year``, against ``against`` (default: the latest earlier year with
    records). A year compared with that has no records gets no column."""
    from wenming_desktop.charts.report_pdf import StatsReport

    other = comparison_default(ledger, year) if against is None else against
    samples = ledger.entries.sample_counts()
    return StatsReport(
        ledger.year_stats(year),
        ledger.year_stats(other) if other is not None else None,
        ledger.settings.load().unit_name,
        samples=samples.get(year, 0),
        other_samples=samples.get(other, 0) if other is not None else 0,
    )


def export_stats_report(
    ledger: Ledger, year: int, target: Path, *, against: int | None = None
) -> Path:
    """Write the 统计表 PDF (never half-written); its path."""
    from wenming_desktop.charts.report_pdf import write_stats_file

    return write_stats_file(
        stats_report(ledger, year, against=against), target, print_fonts(ledger)
    )


def stats_report_pdf(ledger: Ledger, year: int, *, against: int | None = None) -> tuple[bytes, str]:
    """The 统计表 in memory (for the printer) and its title."""
    from wenming_desktop.charts.report_pdf import write_stats_pdf

    report = stats_report(ledger, year, against=against)
    buffer = io.BytesIO()
    write_stats_pdf(report, buffer, fonts=print_fonts(ledger))
    return buffer.getvalue(), report.title


def noted_chart(ledger: Ledger, spec: ChartSpec) -> ChartSpec:
    """The chart as it leaves the window (PNG, paper): saying how many sample entries its
    figures include, if any. Asked when it is exported, not at every redraw — counting
    them reads the whole table (see ``EntryBook.sample_counts``)."""
    from wenming_desktop.charts.spec import sample_note

    samples = ledger.entries.sample_counts()
    return replace(spec, note=sample_note(sum(samples.get(year, 0) for year in spec.years)))


@dataclass(frozen=True, slots=True)
class ChartFile:
    path: Path
    title: str
    size: tuple[int, int]


def export_chart(
    ledger: Ledger,
    year: int,
    kind: str,
    target: Path,
    *,
    against: int | None = None,
    size: tuple[int, int] | None = None,
) -> ChartFile:
    """One chart of the year as a PNG at print resolution (``kind``: see charts.spec.KINDS)."""
    from wenming_desktop.charts.export import DEFAULT_SIZE, write_chart_png
    from wenming_desktop.charts.spec import build_chart

    stats = ledger.year_stats(year)
    if against is None:  # the latest earlier year with records, else the year before
        against = comparison_default(ledger, year) or year - 1
    other = ledger.year_stats(against)
    spec = noted_chart(ledger, build_chart(kind, stats, other if kind == "compare" else None))
    pixels = size or DEFAULT_SIZE
    write_chart_png(spec, target, pixels, fonts=print_fonts(ledger))
    return ChartFile(target, spec.title, pixels)
