"""Long work off the GUI thread, with success/failure callbacks back on it.

    run_in_background(lambda: write_pdf(...), on_success=..., on_failure=...)

The primitive under :mod:`~wenming_desktop.gui.operations`, whose ``run`` is what a dialog
calls for work the clerk asked for (it tells failures and publishes changes); used
directly only for what streams its results (pages to preview or print, a listing's sums).

Document jobs (PDF, rendering, Word) share one worker thread: ReportLab's font
registry and PDFium are not meant to be used from two threads at once.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, SignalInstance

from wenming_desktop.errors import UserError

log = logging.getLogger(__name__)

_pool: QThreadPool | None = None
_alive: set[_Job] = set()


def document_pool() -> QThreadPool:
    global _pool
    if _pool is None:
        _pool = QThreadPool()
        _pool.setMaxThreadCount(1)
    return _pool


class _Relay(QObject):
    succeeded = Signal(object)
    failed = Signal(object, str)  # exception, formatted traceback
    progressed = Signal(object)


class _Job(QRunnable):
    def __init__(self, work: Callable[..., Any], wants_progress: bool) -> None:
        super().__init__()
        self.setAutoDelete(False)
        self.relay = _Relay()
        self._work = work
        self._wants_progress = wants_progress

    def run(self) -> None:
        try:
            if self._wants_progress:
                result = self._work(self.relay.progressed.emit)
            else:
                result = self._work()
        except Exception as error:  # reported to the GUI thread, never swallowed
            if isinstance(error, UserError):  # the clerk is told why; nothing unexpected
                log.info("Background job stopped: %s", error)
            else:
                log.exception("Background job failed")
            self._emit(self.relay.failed, error, traceback.format_exc())
        else:
            self._emit(self.relay.succeeded, result)

    @staticmethod
    def _emit(signal: SignalInstance, *args: Any) -> None:
        try:
            signal.emit(*args)
        except RuntimeError:  # the application is shutting down; nobody is listening
            log.debug("Background result dropped at shutdown")


def _guarded(owner: QObject | None, callback: Callable[..., None]) -> Callable[..., None]:
    """Skip the callback when its widget has been closed and deleted meanwhile."""

    def call(*args: Any) -> None:
        if owner is None or shiboken6.isValid(owner):
            callback(*args)

    return call


def run_in_background(
    work: Callable[..., Any],
    on_success: Callable[[Any], None] | None = None,
    on_failure: Callable[[Exception, str], None] | None = None,
    *,
    on_progress: Callable[[Any], None] | None = None,
    owner: QObject | None = None,
    pool: QThreadPool | None = None,
) -> _Job:
    """Run ``work()`` (or ``work(report)`` with ``on_progress``) on a worker thread.

    Callbacks run on the GUI thread; with ``owner`` they are skipped once it is deleted.
    """
    job = _Job(work, on_progress is not None)
    _alive.add(job)

    def finish() -> None:
        _alive.discard(job)

    if on_success:
        job.relay.succeeded.connect(_guarded(owner, on_success))
    if on_failure:
        job.relay.failed.connect(_guarded(owner, on_failure))
    if on_progress:
        job.relay.progressed.connect(_guarded(owner, on_progress))
    job.relay.succeeded.connect(finish)
    job.relay.failed.connect(finish)
    (pool or document_pool()).start(job)
    return job


def wait_for_background_work(timeout_ms: int = 30_000) -> bool:
    """Let running document jobs finish (called when the app quits)."""
    return _pool.waitForDone(timeout_ms) if _pool is not None else True
