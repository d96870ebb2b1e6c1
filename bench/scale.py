"""Benchmark: the app at 100,000 entries (issue 7). Prints every figure beside its target.

    QT_QPA_PLATFORM=offscreen python bench/scale.py            # about 3–4 minutes

Two generated ledgers (entries that read like the seed summary's activities, see
``common.generate_realistic``):

* **ten years** — 100,000 entries over 2017–2026 in the six areas as the sample has them
  (the office that kept ten years). Start-up, memory after opening every tab, and the
  GUI thread's longest pause while a summary and a ledger are exported.
* **one area** — 100,000 entries, all in 宣传教育 (the worst case for a listing).
  First screen of 全部年份, jump to the last row, search.

Each GUI measurement runs in its own process (``--part``), so memory and caches are
not shared. Times are wall-clock on a warm file cache unless a row says “first”.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

from common import generate_realistic, machine, memory_mb, percentile, temp_ledger  # noqa: E402

TOTAL = 100_000
YEARS = list(range(2017, 2027))
ONE_AREA = "宣传教育"
SEARCH_TERMS = {
    2: ["普法", "职工", "书屋", "宪法"],
    4: ["志愿服务", "道德讲堂", "文明单位", "安全生产"],
}
SEARCH_RUNS = 15
STARTS = 6  # launches of each program; the first is reported separately


# -- building the ledgers ---------------------------------------------------------------
def build(folder: Path, one_area: bool) -> float:
    started = time.perf_counter()
    ledger = temp_ledger(folder)
    try:
        area_id = None
        if one_area:
            area_id = next(a.id for a in ledger.areas.all() if a.short_name == ONE_AREA)
        generate_realistic(ledger, TOTAL, YEARS, area_id=area_id)
    finally:
        ledger.close()
    return time.perf_counter() - started


# -- start-up -----------------------------------------------------------------------------
def _launch(command: list[str]) -> tuple[float, float]:
    """Seconds from starting the process to its first paint, and to its window being ready.

    The bare window prints one line when painted. ``wenming --smoke`` writes
    ``{"painted_ms": …}`` to stderr at the first paint (the window's frame) and its JSON
    line to stdout once the ledger's tabs are filled in and painted.
    """
    started = time.perf_counter()
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8"
    )
    assert process.stdout is not None and process.stderr is not None
    painted = None
    if "--smoke" in command:
        for line in process.stderr:  # Qt's warnings may come first
            if line.startswith('{"painted_ms"'):
                painted = time.perf_counter() - started
                break
    line = process.stdout.readline()
    ready = time.perf_counter() - started
    process.communicate(timeout=60)
    if process.returncode != 0 or not line.strip() or "error" in line:
        raise RuntimeError(f"{command[1:3]} failed: {line!r} (exit {process.returncode})")
    return (painted if painted is not None else ready), ready


def _compile_the_app() -> None:
    """Write the app's bytecode first, as installing it does (pip compiles a wheel's
    modules; the frozen bundle holds bytecode). Where PYTHONDONTWRITEBYTECODE is set, as
    on the development VM, every start would otherwise compile our ~60 modules (≈ 80 ms)."""
    import compileall

    import wenming_desktop

    compileall.compile_dir(Path(wenming_desktop.__file__).parent, quiet=1)


def measure_start(folder: Path) -> dict[str, list[float]]:
    _compile_the_app()
    bare = [sys.executable, str(BENCH / "bare_window.py")]
    app = [sys.executable, "-m", "wenming_desktop", "--data-dir", str(folder), "--smoke"]
    times: dict[str, list[float]] = {"bare": [], "app": [], "app_ready": []}
    for _ in range(STARTS):  # interleaved, so both see the same machine
        times["bare"].append(_launch(bare)[0])
        painted, ready = _launch(app)
        times["app"].append(painted)
        times["app_ready"].append(ready)
    return times


# -- GUI parts (each in its own process) ----------------------------------------------
def _settle(app, rounds: int = 3) -> None:
    for _ in range(rounds):
        app.processEvents()


class Heartbeat:
    """A 5 ms timer on the GUI thread; the longest gap between ticks is the longest block."""

    def __init__(self) -> None:
        from PySide6.QtCore import QTimer

        self.gaps: list[float] = []
        self._last = time.perf_counter()
        self._timer = QTimer(interval=5)
        self._timer.timeout.connect(self._tick)

    def _tick(self) -> None:
        now = time.perf_counter()
        self.gaps.append(now - self._last)
        self._last = now

    def start(self) -> None:
        self.gaps.clear()
        self._last = time.perf_counter()
        self._timer.start()

    def stop(self) -> float:
        self._timer.stop()
        self._tick()
        return max(self.gaps)


def _wait_until(app, done, timeout: float = 120) -> float:
    started = time.perf_counter()
    while not done():
        app.processEvents()
        time.sleep(0.001)
        if time.perf_counter() - started > timeout:
            raise TimeoutError("export did not finish")
    return time.perf_counter() - started


def _quiet_messages() -> list[str]:
    """Message boxes would wait for a click: record them instead."""
    from wenming_desktop.gui import messages

    said: list[str] = []

    def record(_parent, title, text, *_args, **_kwargs):
        said.append(f"{title}：{text}")

    for name in ("inform", "warn", "ask", "saved"):
        setattr(messages, name, record)  # ask/saved answer None: no, keep going
    return said


def _open_window(folder: Path):
    from PySide6.QtWidgets import QApplication

    from wenming_desktop.gui.application import configure_application, main_window
    from wenming_desktop.ledger import Ledger

    app = QApplication.instance() or QApplication([])
    configure_application(app)
    ledger = Ledger.open(folder)
    window = main_window(ledger)
    window.resize(1280, 860)
    window.show()
    _settle(app)
    return app, ledger, window


def part_window(folder: Path) -> dict[str, object]:
    """Ten-year ledger: open every tab, memory, then export a summary and a ledger."""
    from wenming_desktop.books.query import EntryQuery
    from wenming_desktop.gui.background import wait_for_background_work
    from wenming_desktop.gui.ledger_dialog import LedgerDialog
    from wenming_desktop.gui.stats_tab import preload_charts

    said = _quiet_messages()
    app, ledger, window = _open_window(folder)
    status: list[str] = []
    window.summary_tab.status_message.connect(status.append)
    # As the app does 1.5 s after start: the chart libraries load on a worker thread.
    heartbeat = Heartbeat()
    heartbeat.start()
    preloading = preload_charts()
    while preloading.is_alive():
        app.processEvents()
    preload_block = heartbeat.stop()
    tabs: dict[str, float] = {}
    for index in range(window.ui.tabs.count()):
        started = time.perf_counter()
        window.ui.tabs.setCurrentIndex(index)
        window.repaint()
        _settle(app)
        tabs[window.ui.tabs.tabText(index)] = time.perf_counter() - started
    _settle(app, 10)
    rss, peak = memory_mb()

    year = window.summary_tab.year()
    drafted: list[bool] = []
    window.summary_tab.drafted.connect(lambda: drafted.append(True))
    heartbeat = Heartbeat()
    heartbeat.start()
    window.summary_tab.draft_button.click()  # 生成草稿, drafted in the background
    draft_s = _wait_until(app, lambda: bool(drafted))
    draft_block = heartbeat.stop()
    out = Path(tempfile.mkdtemp())
    heartbeat.start()
    window.summary_tab.export_to(out / "summary.pdf")
    summary_s = _wait_until(app, lambda: any(s.startswith("已导出") for s in status) or said)
    summary_block = heartbeat.stop()

    dialog = LedgerDialog(ledger, year, None, window)
    heartbeat.start()
    dialog.export_to(out / "ledger.pdf")
    ledger_s = _wait_until(app, lambda: bool(said))
    ledger_block = heartbeat.stop()
    wait_for_background_work()
    if not all(message.startswith("已导出") for message in said):
        raise RuntimeError(f"an export failed: {said}")
    result = {
        "tabs": tabs,
        "preload_block_s": preload_block,
        "rss_mb": rss,
        "peak_mb": peak,
        "year": year,
        "entries_in_year": ledger.entries.totals(EntryQuery(year=year)).count,
        "draft_s": draft_s,
        "draft_block_s": draft_block,
        "summary_s": summary_s,
        "summary_block_s": summary_block,
        "summary_kb": (out / "summary.pdf").stat().st_size // 1024,
        "ledger_s": ledger_s,
        "ledger_block_s": ledger_block,
        "ledger_kb": (out / "ledger.pdf").stat().st_size // 1024,
        "messages": said,
    }
    window.close()
    ledger.close()
    return result


def part_listing(folder: Path) -> dict[str, object]:
    """One area of 100,000: first screen of 全部年份, jump to the last row, search."""
    from PySide6.QtCore import Qt, QThreadPool
    from PySide6.QtTest import QTest

    from wenming_desktop.gui.area_tab import ALL_YEARS

    _quiet_messages()
    app, ledger, window = _open_window(folder)
    tab = next(t for t in window.area_tabs if t.area.short_name == ONE_AREA)
    window.ui.tabs.setCurrentWidget(tab)
    _settle(app)
    table, combo = tab.table, tab.year_combo
    newest = combo.currentIndex()

    def paint() -> None:
        table.viewport().repaint()  # paints now: asks the model for every visible row

    first, jump = [], []
    for _ in range(SEARCH_RUNS):
        combo.setCurrentIndex(newest)
        _settle(app)
        started = time.perf_counter()
        combo.setCurrentIndex(combo.findData(ALL_YEARS))  # count, then the first page
        paint()
        first.append(time.perf_counter() - started)
        rows = tab.model.rowCount()
        table.setFocus()
        table.setCurrentIndex(tab.model.index(0, 0))  # the clerk clicked the first row
        started = time.perf_counter()
        QTest.keyClick(table, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
        paint()
        jump.append(time.perf_counter() - started)
        assert table.currentIndex().row() == rows - 1, "Ctrl+End did not reach the last row"

    search: dict[int, list[float]] = {length: [] for length in SEARCH_TERMS}
    per_term: dict[str, float] = {}
    hits: dict[str, int] = {}
    for length, terms in SEARCH_TERMS.items():
        for term in terms:
            for _ in range(SEARCH_RUNS):
                # Enter searches at once (typing waits 250 ms for the next key first).
                tab.search_edit.setText("")
                QTest.keyClick(tab.search_edit, Qt.Key.Key_Return)
                paint()
                # The previous search is finished, people/hours included, as when a clerk
                # reads its result before the next search (not still adding up beside it).
                QThreadPool.globalInstance().waitForDone()
                _settle(app)
                tab.search_edit.setText(term)
                started = time.perf_counter()
                QTest.keyClick(tab.search_edit, Qt.Key.Key_Return)
                paint()
                search[length].append(time.perf_counter() - started)
            hits[term] = tab.model.rowCount()
            per_term[term] = statistics.median(search[length][-SEARCH_RUNS:])
    # The same searches below the GUI: what the table waits for (the count from the search
    # index, the first page), and the people/hours sums added up afterwards on a worker.
    queries: dict[int, list[float]] = {length: [] for length in SEARCH_TERMS}
    sums: dict[int, list[float]] = {length: [] for length in SEARCH_TERMS}
    for length, terms in SEARCH_TERMS.items():
        for term in terms:
            query = tab.model.query.with_(text=term)
            for _ in range(SEARCH_RUNS):
                started = time.perf_counter()
                if ledger.entries.quick_count(query) is None:
                    ledger.entries.totals(query)
                ledger.entries.rows(query, 0, 200)
                queries[length].append(time.perf_counter() - started)
                started = time.perf_counter()
                ledger.entries.totals(query)
                sums[length].append(time.perf_counter() - started)
    rss, peak = memory_mb()
    window.close()
    ledger.close()
    return {
        "queries": {str(k): v for k, v in queries.items()},
        "sums": {str(k): v for k, v in sums.items()},
        "rows": rows,
        "first": first,
        "jump": jump,
        "search": {str(k): v for k, v in search.items()},
        "hits": hits,
        "per_term": per_term,
        "rss_mb": rss,
        "peak_mb": peak,
    }


PARTS = {"window": part_window, "listing": part_listing}


def run_part(name: str, folder: Path) -> dict[str, object]:
    output = subprocess.run(
        [sys.executable, __file__, "--part", name, str(folder)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    if output.returncode != 0:
        raise RuntimeError(f"part {name} failed:\n{output.stderr[-3000:]}")
    result: dict[str, object] = json.loads(output.stdout.strip().splitlines()[-1])
    return result


# -- the table ----------------------------------------------------------------------------
def ms(seconds: float) -> str:
    return f"{seconds * 1000:,.0f} ms"


def row(what: str, value: str, target: str, ok: bool | None) -> tuple[str, str, str, str]:
    return (what, value, target, "—" if ok is None else ("ok" if ok else "MISSED"))


def block_row(what: str, seconds: float, limited: bool) -> tuple[str, str, str, str]:
    """The GUI thread's longest pause while ``what`` ran (≤ 100 ms where ``limited``)."""
    return row(
        f"{what}: GUI thread's longest block",
        ms(seconds),
        "≤ 100 ms" if limited else "",
        seconds <= 0.1 if limited else None,
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--part", choices=sorted(PARTS))
    parser.add_argument("folder", nargs="?", type=Path)
    parser.add_argument(
        "--keep", type=Path, metavar="DIR", help="build the ledgers in DIR once and reuse them"
    )
    args = parser.parse_args()
    if args.part:
        print(json.dumps(PARTS[args.part](args.folder), ensure_ascii=False))
        return 0

    began = time.perf_counter()
    rows: list[tuple[str, str, str, str]] = []
    with tempfile.TemporaryDirectory() as scratch:
        base = args.keep or Path(scratch)
        ten_years, one_area = base / "ten-years", base / "one-area"
        if not (one_area / "wenming.sqlite3").exists():
            print(f"Generating {TOTAL:,} entries twice …", file=sys.stderr)
            built = build(ten_years, one_area=False), build(one_area, one_area=True)
            rows.append(
                row("generate 100,000 entries (incl. search index)", ms(built[0]), "", None)
            )
        size = (ten_years / "wenming.sqlite3").stat().st_size / 2**20
        rows.append(row("database file at 100,000 entries", f"{size:,.0f} MB", "", None))

        print("Start-up …", file=sys.stderr)
        starts = measure_start(ten_years)
        bare, app, ready = starts["bare"], starts["app"], starts["app_ready"]
        warm_bare, warm_app = statistics.median(bare[1:]), statistics.median(app[1:])
        warm_ready = statistics.median(ready[1:])
        rows.append(
            row("bare PySide6 + pyqtgraph window, first paint (first run)", ms(bare[0]), "", None)
        )
        rows.append(row("app --smoke at 100,000, first paint (first run)", ms(app[0]), "", None))
        rows.append(row("bare window, first paint (median of warm runs)", ms(warm_bare), "", None))
        rows.append(
            row(
                "app --smoke, first paint (median of warm runs)",
                f"{ms(warm_app)} = {warm_app / warm_bare:.2f}×",
                "≤ 1.30×",
                warm_app <= 1.3 * warm_bare,
            )
        )
        rows.append(
            row(
                "app --smoke, tabs filled in and painted (median of warm runs)",
                f"{ms(warm_ready)} = {warm_ready / warm_bare:.2f}×",
                "",
                None,
            )
        )
        rows.append(row("app --smoke, tabs filled in (first run)", ms(ready[0]), "", None))
        rows.append(
            row(
                "app / bare, first runs",
                f"{app[0] / bare[0]:.2f}×",
                "≤ 1.30×",
                app[0] <= 1.3 * bare[0],
            )
        )

        print("Listing and search (one area of 100,000) …", file=sys.stderr)
        listing = run_part("listing", one_area)
        first, jump = listing["first"], listing["jump"]
        rows.append(
            row(
                f"area tab 全部年份 ({listing['rows']:,} rows): first screen, p95",
                ms(percentile(first, 0.95)),
                "≤ 150 ms",
                percentile(first, 0.95) <= 0.15,
            )
        )
        rows.append(
            row(
                "jump to the last row (Ctrl+End), p95",
                ms(percentile(jump, 0.95)),
                "≤ 150 ms",
                percentile(jump, 0.95) <= 0.15,
            )
        )
        for length, times in listing["search"].items():
            terms = SEARCH_TERMS[int(length)]
            found = ", ".join(
                f"{t} {listing['hits'][t]:,} in {ms(listing['per_term'][t])}" for t in terms
            )
            rows.append(
                row(
                    f"search {length}-char terms, Enter → painted, p95 (hits, median: {found})",
                    ms(percentile(times, 0.95)),
                    "≤ 50 ms",
                    percentile(times, 0.95) <= 0.05,
                )
            )
            sql = listing["queries"][length]
            rows.append(
                row(
                    "  of which the queries (count from the index, first page), p95",
                    ms(percentile(sql, 0.95)),
                    "",
                    None,
                )
            )
            rows.append(
                row(
                    "  then people/hours added up on a worker (status bar), p95",
                    ms(percentile(listing["sums"][length], 0.95)),
                    "",
                    None,
                )
            )

        print("Window, memory and exports (ten years) …", file=sys.stderr)
        window = run_part("window", ten_years)
        slowest_tab = max(window["tabs"].items(), key=lambda item: item[1])
        rows.append(block_row("charts preloaded after start", window["preload_block_s"], False))
        rows.append(
            row(
                f"then open every tab: slowest is {slowest_tab[0]}",
                ms(slowest_tab[1]),
                "",
                None,
            )
        )
        rows.append(
            row(
                "memory after opening every tab (resident)",
                f"{window['rss_mb']:,.0f} MB (peak {window['peak_mb']:,.0f})",
                "≤ 300 MB",
                window["rss_mb"] <= 300,
            )
        )
        year, count = window["year"], window["entries_in_year"]
        rows.append(
            block_row(f"生成草稿 of {year} ({count:,} entries)", window["draft_block_s"], False)
        )
        rows.append(row("  (the draft itself took)", ms(window["draft_s"]), "", None))
        rows.append(
            block_row(f"summary PDF of {year} ({count:,} entries)", window["summary_block_s"], True)
        )
        rows.append(row("  (the export itself took)", f"{window['summary_s']:.1f} s", "", None))
        rows.append(block_row(f"活动台账 PDF of {year}", window["ledger_block_s"], True))
        rows.append(row("  (the export itself took)", f"{window['ledger_s']:.1f} s", "", None))

    print(f"\nThe app at {TOTAL:,} entries  —  {machine()}")
    width = max(len(r[0]) for r in rows)
    for what, value, target, verdict in rows:
        print(f"{what:<{width}}  {value:>22}  {target:>9}  {verdict}")
    print(f"\n(bench ran {time.perf_counter() - began:,.0f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
