"""Creating the QApplication the clerk sees: Chinese, styled, with an error safety net."""

from __future__ import annotations

import gc
import json
import logging
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QEvent,
    QEventLoop,
    QLibraryInfo,
    QLocale,
    QObject,
    QTimer,
    QTranslator,
)
from PySide6.QtWidgets import QApplication, QWidget

from wenming_desktop import APP_ID, APP_NAME
from wenming_desktop.errors import UserError, describe_os_error
from wenming_desktop.gui import messages
from wenming_desktop.gui.background import wait_for_background_work
from wenming_desktop.gui.error_dialog import ExceptionHook
from wenming_desktop.gui.icons import icon
from wenming_desktop.paths import DataFolder, asset_path
from wenming_desktop.store.sqlite_file import BackgroundCheck

if TYPE_CHECKING:  # the ledger brings SQLAlchemy: imported after the window's frame is painted
    from wenming_desktop.gui.main_window import MainWindow
    from wenming_desktop.ledger import Ledger

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class StartOptions:
    data_dir: Path
    log_file: Path | None = None
    smoke: bool = False
    started: float = 0.0  # time.perf_counter() when main() began
    integrity: BackgroundCheck | None = None  # quick_check started before the imports

    def damaged(self) -> bool:
        check = self.integrity or BackgroundCheck(DataFolder(self.data_dir).database)
        return check.damaged()


#: How long a thread may keep the GIL while another waits for it (Python's default: 5 ms).
#: Painting the entry table calls into Python a thousand times; with a report being
#: written on a worker thread, each call waited up to 5 ms, and one repaint froze the
#: window for seconds. Switching only costs anything while two threads both want to run.
GIL_SWITCH_INTERVAL_S = 0.00002
#: Once the window is up and the clerk is reading it, the charts' libraries are imported
#: in the background, so the first click on 统计 is quick.
PRELOAD_CHARTS_MS = 1500


def configure_application(app: QApplication) -> None:
    """Chinese locale and Qt's own zh_CN translations, stylesheet, icon; GIL hand-over."""
    sys.setswitchinterval(GIL_SWITCH_INTERVAL_S)
    app.setApplicationName(APP_ID)
    app.setApplicationDisplayName(APP_NAME)
    app.setOrganizationName(APP_ID)
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    translations = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    translators = []
    for name in ("qtbase_zh_CN", "qt_zh_CN"):
        translator = QTranslator(app)
        if translator.load(name, translations):
            app.installTranslator(translator)
            translators.append(translator)
    if not translators:
        log.warning("Qt's zh_CN translations not found in %s", translations)
    try:
        app.setStyleSheet(asset_path("resources", "style.qss").read_text(encoding="utf-8"))
    except FileNotFoundError:
        log.warning("style.qss not found; using the platform style")
    app.setWindowIcon(icon("app"))


class _FirstPaint(QObject):
    """Calls back once, when the given window has painted for the first time."""

    def __init__(self, window: QWidget, callback) -> None:  # type: ignore[no-untyped-def]
        super().__init__(window)
        self._window = window
        self._callback = callback
        self._done = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            not self._done
            and event.type() == QEvent.Type.Paint
            and isinstance(watched, QWidget)
            and watched.window() is self._window
        ):
            self._done = True
            QTimer.singleShot(0, self._callback)
        return False


def run(options: StartOptions) -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    configure_application(app)
    sys.excepthook = ExceptionHook(options.log_file)
    from wenming_desktop.gui.single_instance import SingleInstance

    instance = SingleInstance(options.data_dir, app)
    if not instance.acquire():
        messages.inform(
            None,
            APP_NAME,
            f"“{APP_NAME}”已经在运行（数据文件夹：{options.data_dir}），已切换到正在运行的窗口。",
        )
        return 0
    try:
        return _run_with_lock(app, options, instance)
    finally:
        instance.release()


def _run_with_lock(app: QApplication, options: StartOptions, instance) -> int:  # type: ignore[no-untyped-def]
    app.aboutToQuit.connect(wait_for_background_work)
    # The window's frame (menus, toolbar, tab names) is painted first; the file check, the
    # ledger's code and SQLAlchemy (≈ 0.4 s) follow while the clerk already sees the window.
    frame, first_paint = _paint_frame(app, options)
    if options.smoke:
        # The same check as a real start (its time counts), but a smoke run never moves
        # a damaged file aside or asks anything.
        if options.damaged():
            print(json.dumps({"error": "数据文件已损坏"}, ensure_ascii=False), flush=True)
            return 1
    else:
        _warn_if_risky(options.data_dir)
        _recover_if_damaged(options.data_dir, options.damaged())
    while True:
        from wenming_desktop.ledger import Ledger

        try:
            ledger = Ledger.open(options.data_dir)
        except (UserError, OSError) as error:
            if frame is not None:
                frame.close()
            reason = (
                str(error)
                if isinstance(error, UserError)
                else f"无法打开数据文件夹 {options.data_dir}：{describe_os_error(error)}。"
            )
            messages.warn(None, "无法打开台账", reason)
            return 1
        window = main_window(ledger, frame)
        frame = None  # a restored ledger opens in a new window
        if options.smoke:
            return _smoke(app, window, ledger, options, first_paint)
        code, restore_from = _show(app, window, ledger, instance)
        if restore_from is None:
            return code
        _restore(options.data_dir, restore_from)  # then open the restored ledger afresh


def _paint_frame(app: QApplication, options: StartOptions) -> tuple[MainWindow, float | None]:
    """Show the main window's frame and wait (at most 2 s) until it has been painted;
    returns it and the time of that first paint."""
    from wenming_desktop.gui.main_window import MainWindow, read_frame

    frame = MainWindow(frame=read_frame(options.data_dir))
    painted: list[float] = []
    watcher = _FirstPaint(frame, lambda: painted.append(time.perf_counter()))
    app.installEventFilter(watcher)
    frame.show()
    deadline = time.perf_counter() + 2.0
    while not painted and time.perf_counter() < deadline:
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
    app.removeEventFilter(watcher)
    if options.smoke and painted:  # stderr: stdout keeps its one JSON line
        print(json.dumps({"painted_ms": _since(options, painted[0])}), file=sys.stderr, flush=True)
    return frame, painted[0] if painted else None


def _since(options: StartOptions, moment: float) -> float:
    return round((moment - options.started) * 1000, 1)


def main_window(ledger: Ledger, frame: MainWindow | None = None) -> MainWindow:
    """The main window on ``ledger``, as the app opens it (filling ``frame`` if given)."""
    from wenming_desktop.gui.main_window import MainWindow

    gc.unfreeze()  # a window before this one (closed to restore a backup) may be collected
    if frame is not None:
        frame.attach(ledger)
        window = frame
    else:
        window = MainWindow(ledger)
    # What start-up built lives as long as the window: keep it out of the collector's
    # full passes, which otherwise pause every thread for 50-80 ms during long exports.
    gc.freeze()
    return window


def _show(app: QApplication, window, ledger: Ledger, instance):  # type: ignore[no-untyped-def]
    """Show the main window until it closes; returns (exit code, backup to restore or None)."""
    from wenming_desktop.gui.auto_backup import AutoBackup

    backups = AutoBackup(ledger, window)
    instance.raise_requested.connect(lambda: _bring_forward(window))
    window.show()
    QTimer.singleShot(0, window.offer_sample_on_first_start)
    QTimer.singleShot(2000, backups.backup_if_changed)  # the state the clerk starts from
    QTimer.singleShot(PRELOAD_CHARTS_MS, _preload_charts)
    try:
        code = app.exec()
    finally:
        backups.backup_now_if_changed()
        ledger.close()
    restore_from = window.restore_requested
    window.deleteLater()
    return code, restore_from


def _preload_charts() -> None:
    from wenming_desktop.gui.stats_tab import preload_charts

    preload_charts()


def _restore(data_dir: Path, source: Path) -> None:
    from wenming_desktop.safety.restore import restore

    try:
        entries, safety = restore(DataFolder(data_dir), source)
    except UserError as error:
        messages.warn(None, "恢复失败", f"{error}\n当前数据没有改动。")
        return
    where = f"\n恢复前的数据已备份到：{safety.path}" if safety else ""
    messages.inform(None, "备份与恢复", f"已从备份恢复，共 {entries} 条记录。{where}")


def _bring_forward(window: QWidget) -> None:
    window.showNormal()
    window.raise_()
    window.activateWindow()


def _warn_if_risky(data_dir: Path) -> None:
    from wenming_desktop.safety.location import risky_location

    warning = risky_location(data_dir)
    if warning:
        log.warning("Risky data folder location: %s", data_dir)
        messages.warn(None, "数据文件夹位置不安全", warning)


def _recover_if_damaged(data_dir: Path, damaged: bool | None = None) -> None:
    """A damaged database is moved aside (never deleted) and the newest good backup offered."""
    from wenming_desktop.safety.restore import restore
    from wenming_desktop.safety.startup import check_before_open

    folder = DataFolder(data_dir).ensure()
    moved = check_before_open(folder, damaged)
    if moved is None:
        return
    text = f"数据文件已损坏，已移到：\n{moved.moved_to}\n（没有删除，可交给维护人员检查。）"
    backup = moved.newest_backup
    if backup is None:
        messages.warn(None, "数据文件已损坏", text + "\n\n没有找到可用的备份，将从空白台账开始。")
        return
    when = f"{backup.taken_at:%Y-%m-%d %H:%M}"
    if messages.ask(
        None,
        "数据文件已损坏",
        f"{text}\n\n要用最新的备份恢复吗？\n备份时间：{when}，共 {backup.entries} 条记录。",
    ):
        restore(folder, backup.path)


def _smoke(  # type: ignore[no-untyped-def]
    app: QApplication, window, ledger: Ledger, options: StartOptions, first_paint: float | None
) -> int:
    """Start, wait until the filled window has painted, print one JSON line, quit.

    ``startup_ms``: process start (app.py's import) to the first paint of the window's
    frame; ``ready_ms``: to the first paint with the ledger's tabs filled in. (A line
    ``{"painted_ms": …}`` went to stderr at the first paint already.)
    """
    from wenming_desktop.ledger.query import EntryQuery

    result: dict[str, object] = {}

    def report() -> None:
        ready = time.perf_counter()
        result.update(
            tabs=window.tab_texts(),
            entries=ledger.entries.totals(EntryQuery()).count,
            startup_ms=_since(options, first_paint or ready),
            ready_ms=_since(options, ready),
        )
        window.close()
        app.quit()

    watcher = _FirstPaint(window, report)
    app.installEventFilter(watcher)
    QTimer.singleShot(30_000, app.quit)  # never hang a script
    window.show()
    window.update()  # the frame was painted already: paint the filled window
    app.exec()
    app.removeEventFilter(watcher)
    ledger.close()
    if not result:
        print(json.dumps({"error": "主窗口未能显示"}, ensure_ascii=False))
        return 1
    print(json.dumps(result, ensure_ascii=False), flush=True)
    return 0
