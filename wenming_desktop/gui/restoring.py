"""Restoring a backup from the window: off the GUI thread, with progress, then told plainly.

Used when no ledger is open (after 备份与恢复 closed the window, or at start-up over a
damaged file): the caller waits here until the restore has finished.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path

from PySide6.QtCore import QEventLoop
from PySide6.QtWidgets import QWidget

from wenming_desktop.actions.backup import restore_backup
from wenming_desktop.gui import messages, operations
from wenming_desktop.safety.restore import RestoreResult


def restore_with_progress(
    parent: QWidget | None, data_dir: Path, source: Path
) -> RestoreResult | None:
    """Restore ``source`` into ``data_dir``; the result, or None (told why) when it failed
    or was cancelled — the current data then is unchanged."""
    loop = QEventLoop()
    outcome: dict[str, object] = {}

    def succeeded(result: RestoreResult) -> None:
        outcome["result"] = result
        loop.quit()

    def failed(_error: Exception, reason: str) -> None:
        outcome["reason"] = reason
        loop.quit()

    # No events: no ledger is open; the application opens the restored one afresh.
    operations.run(
        parent,
        "恢复备份",
        partial(restore_backup, data_dir, source),
        succeeded,
        progress=True,
        on_failure=failed,
        on_cancelled=loop.quit,
        tell=False,  # told below, with what became of the current data
    )
    loop.exec()
    result = outcome.get("result")
    if isinstance(result, RestoreResult):
        messages.inform(parent, "备份与恢复", result.describe())
        return result
    reason = outcome.get("reason")
    if not isinstance(reason, str):
        messages.inform(parent, "备份与恢复", "已取消恢复，当前数据没有改动。")
        return None
    if "没有改动" not in reason:
        reason += "\n当前数据没有改动。"
    messages.warn(parent, "恢复失败", reason)
    return None
