"""Redrawing charts many times must not crash Qt (PySide6 6.12.0 did, with pyqtgraph 0.14).

Run in a child process: such a crash kills the interpreter, which would otherwise take
the whole test run down with it.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

SCRIPT = textwrap.dedent(
    """
    import tempfile
    from pathlib import Path
    from PySide6.QtWidgets import QApplication
    app = QApplication([])
    from wenming_desktop.charts.spec import KINDS, build_chart
    from wenming_desktop.gui.chart_view import ChartView
    from wenming_desktop.ledger import Ledger
    ledger = Ledger.open(Path(tempfile.mkdtemp()))
    ledger.load_sample()
    stats, other = ledger.year_stats(2019), ledger.year_stats(2018)
    views = {kind: ChartView() for kind in KINDS}
    for view in views.values():
        view.resize(500, 320)
        view.show()
    for _ in range(40):
        for kind, view in views.items():
            view.show_spec(build_chart(kind, stats, other))
        app.processEvents()
    print("redrawn")
    """
)


def test_charts_survive_many_redraws() -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, env=env, timeout=300
    )
    assert result.returncode == 0 and "redrawn" in result.stdout, result.stderr[-2000:]
