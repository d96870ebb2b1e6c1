"""Benchmark: the 活动台账 PDF of a year with 10,000 entries.

    python bench/ledger_pdf.py

Target (issue 5): ≤ 10 s on the development machine.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import generate, print_table, temp_ledger, timed

from wenming_desktop.actions.ledger_print import LedgerChoice, export_ledger

ENTRIES = 10_000
YEAR = 2023


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        ledger = temp_ledger(Path(folder) / "data")
        generate(ledger, ENTRIES, YEAR)
        target = Path(folder) / "台账.pdf"
        pages: list[int] = []
        choice = LedgerChoice(YEAR)
        times = timed(lambda: pages.append(export_ledger(ledger, choice, target)), repeat=2)
        ledger.close()
    print_table(
        f"活动台账 PDF, {ENTRIES:,} entries ({pages[-1]} pages)",
        [("ledger PDF, all six areas", times, 10.0)],
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
