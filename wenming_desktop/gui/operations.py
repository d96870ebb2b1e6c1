"""One runner for work the clerk waits for (after Anki's ``CollectionOp`` / ``QueryOp``).

    operations.run(
        self,
        "导入交换包",
        lambda steps: merge_package(ledger, plan, choices, steps),
        done,
        progress=True,
        events=events,
        changed=lambda merged: merged.changed,
    )

- The work (usually an action from ``wenming_desktop.actions``) runs off the GUI thread, on
  the one document worker thread of :mod:`~wenming_desktop.gui.background` (ReportLab's
  font registry and PDFium are not meant for two threads at once). It must not touch a
  widget. With ``progress=True`` it is called as ``work(steps)`` — a
  :class:`~wenming_desktop.work.Steps` reporting to a progress dialog with 取消 (shown
  after 0.4 s); else as ``work()``.
- A failure is told one way: a :class:`UserError`'s Chinese sentence, anything else
  "处理时出错" and the log file's path (the worker logs the traceback there), under
  "<name>失败". A failure after 取消 is the action saying it stopped: nothing is shown.
- On success the change is published first — ``events.publish(changed)``, ``changed`` a
  :class:`Changed` or a function of the result giving one — so that the views are up to
  date behind whatever ``on_success`` then shows.
- Callbacks are skipped once ``parent`` has been deleted (a dialog closed meanwhile); the
  change is still published, for it happened.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any, Generic, TypeVar

import shiboken6
from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QProgressDialog, QWidget

from wenming_desktop.actions.changes import Changed
from wenming_desktop.errors import UserError
from wenming_desktop.gui import messages
from wenming_desktop.gui.background import run_in_background
from wenming_desktop.gui.events import LedgerEvents
from wenming_desktop.logs import current_log_file
from wenming_desktop.work import Steps

log = logging.getLogger(__name__)

T = TypeVar("T")
_running: set[Operation[Any]] = set()  # kept until finished: signals hold methods weakly

#: A progress dialog appears only for work that takes longer than this.
PROGRESS_DELAY_MS = 400


def failure_text(error: BaseException) -> str:
    """What the clerk reads about a failed piece of work: a UserError's own Chinese
    sentence; for anything else (a bug, not the clerk's doing) where its details are."""
    if isinstance(error, UserError):
        return str(error)
    log_file = current_log_file()
    if log_file is None:
        return "处理时出错，详情已记入日志。"
    return f"处理时出错，详情已记入日志（{log_file}）。"


class Operation(Generic[T]):
    """A piece of work started by :func:`run`; :meth:`cancel` is what 取消 does."""

    def __init__(
        self,
        parent: QObject | None,
        name: str,
        work: Callable[..., T],
        on_success: Callable[[T], object] | None,
        *,
        progress: bool,
        events: LedgerEvents | None,
        changed: Changed | Callable[[T], Changed] | None,
        on_failure: Callable[[Exception, str], None] | None,
        on_cancelled: Callable[[], None] | None,
        failure_title: str | None,
        tell: bool,
        cancel: threading.Event | None = None,
    ) -> None:
        self.name = name
        self._parent = parent
        self._work = work
        self._on_success = on_success
        self._events = events
        self._changed = changed
        self._on_failure = on_failure
        self._on_cancelled = on_cancelled
        self._failure_title = failure_title or f"{name}失败"
        self._tell = tell
        self._cancel = cancel if cancel is not None else threading.Event()
        self._cancel.clear()
        self.finished = False
        self.dialog: QProgressDialog | None = None
        if progress:
            self.dialog = self._progress_dialog()

    # -- what the caller may do ----------------------------------------------------------
    def cancel(self) -> None:
        """Ask the work to stop (it checks ``cancelled()`` and writes nothing more)."""
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    @property
    def cancel_flag(self) -> threading.Event:
        return self._cancel

    # -- running ---------------------------------------------------------------------------
    def start(self) -> Operation[T]:
        _running.add(self)
        if self.dialog is None:
            run_in_background(self._work, self._succeeded, self._failed)
        else:
            run_in_background(
                self._with_progress, self._succeeded, self._failed, on_progress=self._show
            )
        return self

    def _with_progress(self, report: Callable[[Any], None]) -> T:
        def progress(done: int, total: int, text: str = "") -> None:
            report((done, total, text))

        return self._work(Steps(progress, self._cancel.is_set))

    def _progress_dialog(self) -> QProgressDialog:
        parent = self._parent if isinstance(self._parent, QWidget) else None
        dialog = QProgressDialog(f"正在{self.name}……", "取消", 0, 0, parent)
        dialog.setWindowTitle(self.name)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(PROGRESS_DELAY_MS)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.canceled.connect(self._cancel.set)
        return dialog

    def _parent_alive(self) -> bool:
        return self._parent is None or shiboken6.isValid(self._parent)

    def _show(self, update: tuple[int, int, str]) -> None:
        dialog = self.dialog
        if dialog is None or not shiboken6.isValid(dialog) or self.finished:
            return
        done, total, text = update
        if total > 0:
            dialog.setMaximum(total)
            dialog.setValue(min(done, total))
        if text:
            dialog.setLabelText(text)

    def _finish(self) -> None:
        self.finished = True
        _running.discard(self)

    def _close_dialog(self) -> None:
        """Close the progress dialog (closing it emits ``canceled``: not a cancel)."""
        dialog = self.dialog
        if dialog is not None and shiboken6.isValid(dialog):
            dialog.canceled.disconnect(self._cancel.set)
            dialog.close()
            dialog.deleteLater()

    # -- the outcome -------------------------------------------------------------------------
    def _succeeded(self, result: T) -> None:
        self._finish()
        self._close_dialog()
        self._publish(result)
        if self._on_success is not None and self._parent_alive():
            self._on_success(result)

    def _publish(self, result: T) -> None:
        events, changed = self._events, self._changed
        if events is None or changed is None or not shiboken6.isValid(events):
            return
        events.publish(changed(result) if callable(changed) else changed)

    def _failed(self, error: Exception, _details: str) -> None:
        self._finish()
        was_cancelled = self._cancel.is_set()
        self._close_dialog()
        if not self._parent_alive():
            log.info("%s failed after its window was closed: %s", self.name, error)
            return
        if was_cancelled:
            if self._on_cancelled is not None:
                self._on_cancelled()
            return
        reason = failure_text(error)
        if self._tell:
            parent = self._parent if isinstance(self._parent, QWidget) else None
            messages.warn(parent, self._failure_title, reason)
        if self._on_failure is not None:
            self._on_failure(error, reason)


def run(
    parent: QObject | None,
    name: str,
    work: Callable[..., T],
    on_success: Callable[[T], object] | None = None,
    *,
    progress: bool = False,
    events: LedgerEvents | None = None,
    changed: Changed | Callable[[T], Changed] | None = None,
    on_failure: Callable[[Exception, str], None] | None = None,
    on_cancelled: Callable[[], None] | None = None,
    failure_title: str | None = None,
    tell: bool = True,
) -> Operation[T]:
    """Run ``work`` off the GUI thread; see the module's docstring.

    ``name`` is the work as the clerk would say it ("导入交换包"): the progress dialog reads
    "正在导入交换包……", a failure is titled "导入交换包失败" (or ``failure_title``).
    ``on_failure(error, reason)`` runs after the failure was told — or instead, with
    ``tell=False``, for work that says it elsewhere (a status line, a label) — and
    ``on_cancelled()`` when the clerk pressed 取消 and the work stopped.
    """
    return Operation(
        parent,
        name,
        work,
        on_success,
        progress=progress,
        events=events,
        changed=changed,
        on_failure=on_failure,
        on_cancelled=on_cancelled,
        failure_title=failure_title,
        tell=tell,
    ).start()
