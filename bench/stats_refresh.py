"""Benchmark: refreshing the 统计 figures and charts with 100,000 entries.

    QT_QPA_PLATFORM=offscreen python bench/stats_refresh.py

Target (issue 4): a refresh at 100,000 entries in ≤ 100 ms. Measured for ten years of
10,000 entries (the realistic case) and for 100,000 entries in a single year (the worst).
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import generate, print_table, temp_ledger, timed

TOTAL = 100_000


def measure(label: str, years: list[int], rows: list[tuple[str, list[float], float]]) -> None:
    from PySide6.QtWidgets import QApplication

    from wenming_desktop.gui.stats_tab import StatsTab

    with tempfile.TemporaryDirectory() as folder:
        ledger = temp_ledger(Path(folder))
        for year in years:
            generate(ledger, TOTAL // len(years), year, seed=year)
        year = years[-1]
        rows.append(
            (
                f"{label}: figures of {year} and {year - 1} (SQL)",
                timed(lambda: (ledger.year_stats(year), ledger.year_stats(year - 1)), 10),
                0.1,
            )
        )
        app = QApplication.instance() or QApplication([])
        tab = StatsTab(ledger)
        tab.resize(1280, 900)
        tab.show()
        app.processEvents()

        def refresh() -> None:
            tab.refresh()
            app.processEvents()

        rows.append((f"{label}: 统计 tab refresh (SQL + 5 charts)", timed(refresh, 10), 0.1))
        tab.close()
        ledger.close()


def main() -> int:
    rows: list[tuple[str, list[float], float]] = []
    measure("10 years × 10,000", list(range(2014, 2024)), rows)
    measure("1 year × 100,000", [2023], rows)
    print_table(f"Statistics refresh, {TOTAL:,} entries", rows)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
