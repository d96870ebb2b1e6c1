"""Long work behind a progress dialog: success, failure with its message, cancel in silence."""

from __future__ import annotations

import time

from PySide6.QtWidgets import QWidget

from wenming_desktop.errors import UserError
from wenming_desktop.gui.progress import run_with_progress


def test_success_failure_and_cancel(qtbot, message_log) -> None:  # type: ignore[no-untyped-def]
    parent = QWidget()
    qtbot.addWidget(parent)
    results: list[object] = []

    def counting(report, cancelled):  # type: ignore[no-untyped-def]
        for done in range(3):
            report(done, 3, f"第 {done} 步")
        return "好了"

    run_with_progress(parent, "正在处理", counting, results.append)
    qtbot.waitUntil(lambda: results == ["好了"], timeout=10_000)

    def failing(report, cancelled):  # type: ignore[no-untyped-def]
        raise UserError("文件已损坏。")

    run_with_progress(parent, "正在导入", failing, results.append)
    qtbot.waitUntil(lambda: bool(message_log.shown), timeout=10_000)
    assert message_log.shown[-1] == ("warn", "正在导入失败", "文件已损坏。")

    def slow(report, cancelled):  # type: ignore[no-untyped-def]
        while not cancelled():
            time.sleep(0.01)
        raise UserError("已取消导入，未写入任何数据。")

    cancel = run_with_progress(parent, "正在导出", slow, results.append)
    cancel.set()  # what the 取消 button does
    qtbot.wait(300)
    assert len(message_log.shown) == 1 and results == ["好了"]  # a cancel is not an error
