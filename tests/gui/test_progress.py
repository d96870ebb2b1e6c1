"""Long work behind a progress dialog: success, failure with its message, cancel in silence."""

from __future__ import annotations

import time

from PySide6.QtWidgets import QWidget

from wenming_desktop.errors import UserError
from wenming_desktop.gui import operations
from wenming_desktop.work import Steps


def test_success_failure_and_cancel(qtbot, message_log) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    results: list[object] = []

    def counting(steps: Steps) -> str:
        for done in range(3):
            steps.report(done, 3, f"第 {done} 步")
        return "好了"

    started = operations.run(parent, "处理", counting, results.append, progress=True)
    assert started.dialog is not None and started.dialog.labelText() == "正在处理……"
    qtbot.waitUntil(lambda: results == ["好了"], timeout=10_000)

    def failing(_steps: Steps) -> str:
        raise UserError("文件已损坏。")

    operations.run(parent, "导入", failing, results.append, progress=True)
    qtbot.waitUntil(lambda: bool(message_log.shown), timeout=10_000)
    assert message_log.shown[-1] == ("warn", "导入失败", "文件已损坏。")

    def slow(steps: Steps) -> str:
        while not steps.stopped:
            time.sleep(0.01)
        raise UserError("已取消导入，未写入任何数据。")

    cancelled: list[bool] = []
    running = operations.run(
        parent,
        "导出",
        slow,
        results.append,
        progress=True,
        on_cancelled=lambda: cancelled.append(True),
    )
    running.cancel()  # what the 取消 button does
    qtbot.waitUntil(lambda: running.finished, timeout=10_000)
    assert cancelled == [True]
    assert len(message_log.shown) == 1 and results == ["好了"]  # a cancel is not an error
