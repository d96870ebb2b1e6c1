"""Creating the QApplication the clerk sees: Chinese, styled, with an error safety net."""

from __future__ import annotations

import gc
import json
import logging
import sys
import time
from collections.abc import Callable
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
from wenming_desktop.files import note_outputs_in
from wenming_desktop.gui import messages
from wenming_desktop.gui.background import wait_for_background_work
from wenming_desktop.gui.error_dialog import ExceptionHook
from wenming_desktop.gui.icons import icon
from wenming_desktop.paths import DataFolder, asset_path
from wenming_desktop.safety.lock import LockState, this_computer
from wenming_desktop.store.sqlite_file import BackgroundCheck, FileState, LedgerFile

if TYPE_CHECKING:  # the ledger brings SQLAlchemy: imported after the window's frame is painted
    from wenming_desktop.gui.main_window import MainWindow
    from wenming_desktop.gui.single_instance import SingleInstance
    from wenming_desktop.ledger import Ledger

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class StartOptions:
    data_dir: Path
    log_file: Path | None = None
    smoke: bool = False
    started: float = 0.0  # time.perf_counter() when main() began
    integrity: BackgroundCheck | None = None  # quick_check started before the imports

    def inspect(self) -> LedgerFile:
        """What the data file is (damaged, empty, not ours …), from the check started early."""
        check = self.integrity or BackgroundCheck(DataFolder(self.data_dir).database)
        return check.result()

    def damaged(self) -> bool:
        return self.inspect().replaceable


#: How long a thread may keep the GIL while another waits for it (Python's default: 5 ms).
#: Painting the entry table calls into Python a thousand times; with a report being
#: written on a worker thread, each call waited up to 5 ms, and one repaint froze the
#: window for seconds. Switching only costs anything while two threads both want to run.
GIL_SWITCH_INTERVAL_S = 0.00002
#: Once the window is up and the clerk is reading it, the charts' libraries are imported
#: in the background, so the first click on 统计 is quick.
PRELOAD_CHARTS_MS = 1500


#: Qt's catalogue for everything the app shows of Qt's own (buttons, message boxes, the file
#: and print dialogs Qt draws on Linux): QtCore, QtGui, QtWidgets and QtPrintSupport are all
#: "qtbase". (qt_zh_CN is only a list of catalogues — qtbase and qtmultimedia, which
#: PySide6-Essentials lacks, so it does not load; qt_help, qtdeclarative: modules unused.)
QT_CATALOGUE = "qtbase_zh_CN"
#: Ours, for the labels Qt 6.11 changed and its catalogue lacks (resources/translations).
SUPPLEMENT = ("resources", "translations", "qt_supplement_zh_CN.qm")


def install_translations(app: QApplication) -> list[QTranslator]:
    """Qt's Chinese, then our supplement (searched first: Qt searches the translators last
    installed first)."""
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    installed = []
    qt = QTranslator(app)
    if qt.load(QT_CATALOGUE, folder):
        installed.append(qt)
    else:
        log.warning("Qt's %s.qm not found in %s", QT_CATALOGUE, folder)
    supplement = QTranslator(app)
    try:
        if supplement.load(str(asset_path(*SUPPLEMENT))):
            installed.append(supplement)
    except FileNotFoundError:
        log.warning("%s not found", "/".join(SUPPLEMENT))
    for translator in installed:
        app.installTranslator(translator)
    return installed


def configure_application(app: QApplication) -> None:
    """Chinese locale and Qt's own zh_CN translations, stylesheet, icon; GIL hand-over."""
    sys.setswitchinterval(GIL_SWITCH_INTERVAL_S)
    app.setApplicationName(APP_ID)
    # Set once, here: Qt adds it to every window's title on Windows and Linux ("东城区总工会 -
    # 文明创建台账"), so no title names the app itself.
    app.setApplicationDisplayName(APP_NAME)
    app.setOrganizationName(APP_ID)
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    install_translations(app)
    try:
        app.setStyleSheet(asset_path("resources", "style.qss").read_text(encoding="utf-8"))
    except FileNotFoundError:
        log.warning("style.qss not found; using the platform style")
    app.setWindowIcon(icon("app"))


class _FirstPaint(QObject):
    """Calls back once, when the given window has painted for the first time."""

    def __init__(self, window: QWidget, callback: Callable[[], object]) -> None:
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
    note_outputs_in(DataFolder(options.data_dir).output_journal)
    from wenming_desktop.gui.single_instance import SingleInstance

    instance = SingleInstance(options.data_dir, app)
    try:
        if not _claim(instance, options):
            raised = instance.result and instance.result.state is LockState.BUSY
            return 0 if raised and not options.smoke else 1
        return _run_with_lock(app, options, instance)
    finally:
        instance.release()


def _claim(instance: SingleInstance, options: StartOptions) -> bool:
    """Take the data folder for this copy, asking or telling the clerk what is needed.

    A smoke run never asks: it prints a JSON error instead of each question or message.
    """
    result = instance.try_acquire()
    text = result.message(options.data_dir)
    if result.state is LockState.HELD:
        return True
    if result.state is LockState.CANNOT_WRITE:
        log.warning("No lock: %s", result.reason)
        return True  # the ledger opens read-only and says why
    if options.smoke:
        print(json.dumps({"error": text}, ensure_ascii=False), flush=True)
        instance.release(keep_text=True)  # another computer's mark stays
        return False
    if result.state is LockState.BUSY:
        other_computer = result.holder is not None and result.holder.host not in (
            "",
            this_computer(),
        )
        (messages.warn if other_computer else messages.inform)(None, APP_NAME, text)
        return False
    if messages.ask(None, "接管数据文件夹", f"{text}\n\n要接管并打开吗？", default_yes=False):
        instance.take_over()
        return True
    instance.release(keep_text=True)  # asked again next time
    return False


def _forced_read_only(instance: SingleInstance) -> str | None:
    """Without the folder's lock (its file cannot be written), never open for writing:
    another copy might be writing too."""
    result = getattr(instance, "result", None)
    if result is not None and result.state is LockState.CANNOT_WRITE:
        return str(result.reason)
    return None


def _run_with_lock(app: QApplication, options: StartOptions, instance: SingleInstance) -> int:
    app.aboutToQuit.connect(wait_for_background_work)
    # The window's frame (menus, toolbar, tab names) is painted first; the file check, the
    # ledger's code and SQLAlchemy (≈ 0.4 s) follow while the clerk already sees the window.
    painted, first_paint = _paint_frame(app, options)
    frame: MainWindow | None = painted
    found = options.inspect()
    if options.smoke:
        # The same check as a real start (its time counts), but a smoke run never moves
        # a file aside or asks anything.
        if found.replaceable or found.state in (FileState.NEWER, FileState.UNREADABLE):
            name = DataFolder(options.data_dir).database.name
            print(json.dumps({"error": found.describe(name)}, ensure_ascii=False), flush=True)
            return 1
    else:
        _warn_if_risky(options.data_dir)
        _recover_if_needed(options.data_dir, found)
    while True:
        from wenming_desktop.ledger import Ledger

        try:
            ledger = Ledger.open(options.data_dir, read_only=_forced_read_only(instance))
        except (UserError, OSError) as error:
            if frame is not None:
                frame.close()
            reason = (
                str(error)
                if isinstance(error, UserError)
                else f"无法打开数据文件夹 {options.data_dir}：{describe_os_error(error)}。"
            )
            if options.smoke:
                print(json.dumps({"error": reason}, ensure_ascii=False), flush=True)
            else:
                messages.warn(None, "无法打开台账", reason)
            return 1
        if ledger.read_only is None and not options.smoke:
            _clean_leftovers(ledger)
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


def _show(
    app: QApplication, window: MainWindow, ledger: Ledger, instance: SingleInstance
) -> tuple[int, Path | None]:
    """Show the main window until it closes; returns (exit code, backup to restore or None)."""
    from wenming_desktop.gui.auto_backup import AutoBackup

    backups = AutoBackup(ledger, window)
    backups.problem.connect(window.tell)
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
    """Restore ``source`` (the window is closed, the lock still ours), telling the clerk."""
    from wenming_desktop.gui.restoring import restore_with_progress

    restore_with_progress(None, data_dir, source)


def _clean_leftovers(ledger: Ledger) -> None:
    """Remove what interrupted work left behind, beside the window's start (a thread: the
    system's temporary folder may be slow to list)."""
    import threading

    from wenming_desktop.safety import leftovers
    from wenming_desktop.safety.places import reachable

    mirror = reachable(ledger.settings.load().backup_mirror, ledger.settings.ledger_id())
    threading.Thread(
        target=leftovers.clean, args=(ledger.folder,), kwargs={"mirror": mirror}, daemon=True
    ).start()


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


def _recover_if_needed(data_dir: Path, found: LedgerFile | bool | None = None) -> None:
    """A database that is damaged, empty or not ours is moved aside (never deleted) and
    the newest good backup offered; a missing one is offered the newest backup too."""
    from wenming_desktop.safety.startup import check_before_open, newest_good_backup

    folder = DataFolder(data_dir)
    if isinstance(found, LedgerFile) and found.state is FileState.MISSING:
        backup = newest_good_backup(folder) if folder.root.is_dir() else None
        if backup is not None and messages.ask(
            None,
            "找不到数据文件",
            f"数据文件夹中没有台账数据文件（{folder.database.name}），但有备份。\n\n"
            f"要用最新的备份恢复吗？\n备份时间：{backup.taken_at:%Y-%m-%d %H:%M}，"
            f"共 {backup.entries} 条记录。\n\n选“否”将从空白台账开始（备份仍会保留）。",
        ):
            _restore(data_dir, backup.path)
        return
    folder.ensure()
    moved = check_before_open(folder, found)
    if moved is None:
        return
    text = moved.describe()
    backup = moved.newest_backup
    if backup is None:
        messages.warn(None, "数据文件不能使用", text + "\n\n没有找到可用的备份，将从空白台账开始。")
        return
    when = f"{backup.taken_at:%Y-%m-%d %H:%M}"
    if messages.ask(
        None,
        "数据文件不能使用",
        f"{text}\n\n要用最新的备份恢复吗？\n备份时间：{when}，共 {backup.entries} 条记录。",
    ):
        _restore(data_dir, backup.path)


#: The name the tests and older callers know.
_recover_if_damaged = _recover_if_needed


def _smoke(
    app: QApplication,
    window: MainWindow,
    ledger: Ledger,
    options: StartOptions,
    first_paint: float | None,
) -> int:
    """Start, wait until the filled window has painted, print one JSON line, quit.

    ``startup_ms``: process start (app.py's import) to the first paint of the window's
    frame; ``ready_ms``: to the first paint with the ledger's tabs filled in. (A line
    ``{"painted_ms": …}`` went to stderr at the first paint already.)
    """
    from wenming_desktop.books.query import EntryQuery

    result: dict[str, object] = {}

    def report() -> None:
        ready = time.perf_counter()
        result.update(
            tabs=window.tab_texts(),
            entries=ledger.entries.totals(EntryQuery()).count,
            **({"read_only": ledger.read_only} if ledger.read_only else {}),
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
