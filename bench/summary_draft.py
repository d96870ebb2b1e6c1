"""Benchmark: drafting the annual summary of years shaped like real ledgers (20 to 10,000
entries), with the shape of what comes out.

    python bench/summary_draft.py

Targets (issue 14): drafting a 10,000-entry year in < 1 s; for any year from 20 to 10,000
entries a body of about 1,500–6,500 characters; for 400 and 3,000 entries ≤ 9 pages, every
section stopping at 六是 (八是 for an area of 100 entries or more), no run of 20 characters
twice.
"""

from __future__ import annotations

import io
import re
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from common import machine, print_table, temp_ledger, timed

from tests.year_shapes import add_realistic_year
from wenming_desktop.reports.fonts import resolve_fonts
from wenming_desktop.reports.summary_pdf import write_summary_pdf
from wenming_desktop.summary.document import section_key

YEAR = 2021
SIZES = (20, 400, 3000, 10_000)
_ITEM = re.compile(r"[。；]([一二三四五六七八九十]+)是")


def repeated_runs(text: str, size: int = 20) -> int:
    seen: set[str] = set()
    repeated: set[str] = set()
    for start in range(len(text) - size + 1):
        run = text[start : start + size]
        if run in seen:
            repeated.add(run)
        seen.add(run)
    return len(repeated)


def main() -> int:
    fonts = resolve_fonts()
    rows = []
    shapes = []
    for size in SIZES:
        with tempfile.TemporaryDirectory() as folder:
            ledger = temp_ledger(Path(folder))
            add_realistic_year(ledger, size, YEAR, seed=size)
            summary = ledger.summaries.draft(YEAR)
            body = "".join(summary.body_paragraphs())
            pages = write_summary_pdf(summary, io.BytesIO(), fonts=fonts).pages
            items = [
                len(_ITEM.findall(summary.text(section_key(area.uuid))))
                for area in ledger.areas.all()
            ]
            shapes.append((size, len(body), pages, max(items), repeated_runs(body)))
            rows.append(
                (
                    f"draft a {size:,}-entry year (read + draft)",
                    timed(lambda ledger=ledger: ledger.summaries.draft(YEAR), repeat=3),
                    1.0,
                )
            )
            ledger.close()
    print_table("Annual summary drafting, real-shaped years", rows)
    header = ("entries", "body chars", "pages", "most items", "20-char repeats")
    print("\n" + " ".join(f"{h:>{w}}" for h, w in zip(header, (8, 11, 6, 11, 16), strict=True)))
    for size, chars, pages, items, repeats in shapes:
        print(f"{size:>8,} {chars:>11,} {pages:>6} {items:>11} {repeats:>16}")
    print(f"({machine()})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
