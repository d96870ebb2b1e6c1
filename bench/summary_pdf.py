"""Benchmark: the annual summary of a year with 1,000 entries, drafted and printed to PDF.

    python bench/summary_pdf.py

Target (issue 3): the PDF in ≤ 1.5 s on the development machine.
"""

from __future__ import annotations

import io
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import generate, print_table, temp_ledger, timed

from wenming_desktop.reports import fonts as fonts_module
from wenming_desktop.reports.fonts import resolve_fonts
from wenming_desktop.reports.summary_docx import write_summary_docx
from wenming_desktop.reports.summary_pdf import write_summary_pdf

ENTRIES = 1000
YEAR = 2023


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        ledger = temp_ledger(Path(folder))
        generate(ledger, ENTRIES, YEAR)
        fonts = resolve_fonts()
        summary = ledger.summaries.draft(YEAR)
        pages = write_summary_pdf(summary, io.BytesIO(), fonts=fonts).pages

        def draft_and_pdf() -> None:
            write_summary_pdf(ledger.summaries.draft(YEAR), io.BytesIO(), fonts=fonts)

        def cold_fonts() -> None:
            fonts_module._register_once.cache_clear()
            fonts_module._cached_index.cache_clear()
            resolve_fonts()

        rows = [
            ("font lookup + loading (first export)", timed(cold_fonts, repeat=3), 1.0),
            ("draft from 1,000 entries", timed(lambda: ledger.summaries.draft(YEAR)), 0.5),
            (
                f"summary PDF ({pages} pages)",
                timed(lambda: write_summary_pdf(summary, io.BytesIO(), fonts=fonts)),
                1.5,
            ),
            ("draft + PDF together", timed(draft_and_pdf), 1.5),
            ("summary Word (.docx)", timed(lambda: write_summary_docx(summary, io.BytesIO())), 1.5),
        ]
        ledger.close()
    embedded = "embedded TrueType" if fonts.all_embedded else "built-in STSong-Light (not embedded)"
    print_table(f"Annual summary, {ENTRIES} entries, fonts: {embedded}", rows)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
