"""Long exports and imports with a progress dialog and a 取消 button, off the GUI thread."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QProgressDialog, QWidget

from wenming_desktop.errors import UserError
from wenming_desktop.gui import messages
from wenming_desktop.gui.background import run_in_background

#: ``report(done, total, text="")`` — what the work calls to show how far it got.
Report = Callable[..., None]


def run_with_progress(
    parent: QWidget,
    title: str,
    work: Callable[[Report, Callable[[], bool]], Any],
    on_success: Callable[[Any], None],
    on_failure: Callable[[Exception], None] | None = None,
    *,
    cancel: threading.Event | None = None,
    on_cancelled: Callable[[], None] | None = None,
) -> threading.Event:
    """Run ``work(report, cancelled)`` in the background behind a cancellable progress dialog.

    A failure shows its Chinese message (or calls ``on_failure``); a cancel shows nothing
    (the core promises to have written nothing) but calls ``on_cancelled``. Returns the
    cancel flag.
    """
    cancel = cancel or threading.Event()
    cancel.clear()
    dialog = QProgressDialog(f"{title}……", "取消", 0, 0, parent)
    dialog.setWindowTitle(title)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(400)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    dialog.canceled.connect(cancel.set)

    def show(update: tuple[int, int, str]) -> None:
        done, total, text = update
        if total > 0:
            dialog.setMaximum(total)
            dialog.setValue(min(done, total))
        if text:
            dialog.setLabelText(text)

    def finish() -> bool:
        """Close the dialog; True if the clerk had cancelled (closing emits canceled too)."""
        was_cancelled = cancel.is_set()
        dialog.canceled.disconnect(cancel.set)
        dialog.close()
        return was_cancelled

    def succeeded(result: Any) -> None:
        finish()
        on_success(result)

    def failed(error: Exception, _details: str) -> None:
        if finish():
            if on_cancelled is not None:
                on_cancelled()
            return
        if on_failure is not None:
            on_failure(error)
        else:
            reason = str(error) if isinstance(error, UserError) else "处理时出错，详情已记入日志"
            messages.warn(parent, f"{title}失败", reason)

    def run(report: Callable[[Any], None]) -> Any:
        def tell(done: int, total: int, text: str = "") -> None:
            report((done, total, text))

        return work(tell, cancel.is_set)

    run_in_background(run, succeeded, failed, on_progress=show, owner=parent)
    return cancel
