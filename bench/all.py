"""Run every benchmark in turn and print their tables (about 5 minutes on 2 cores).

    python bench/all.py

Each script also runs on its own; ``scale.py`` holds the issue 7 figures at 100,000
entries. Fails if any benchmark fails to run (a missed target is reported, not fatal).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
SCRIPTS = [
    "summary_pdf.py",
    "summary_draft.py",
    "stats_refresh.py",
    "ledger_pdf.py",
    "excel_import.py",
    "backup.py",
    "scale.py",
]


def main() -> int:
    environment = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    began = time.perf_counter()
    failed = []
    for script in SCRIPTS:
        print(f"\n=== {script} ===", flush=True)
        started = time.perf_counter()
        if subprocess.run([sys.executable, str(BENCH / script)], env=environment).returncode:
            failed.append(script)
        print(f"({script}: {time.perf_counter() - started:,.0f} s)", flush=True)
    print(f"\nAll benchmarks: {time.perf_counter() - began:,.0f} s (limit 600 s)")
    if failed:
        print(f"Failed to run: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
