"""The one runner for background work: how a failure is told, what a success publishes,
and nothing called back into a window that is gone."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from wenming_desktop.actions.changes import Changed
from wenming_desktop.errors import UserError
from wenming_desktop.gui import operations
from wenming_desktop.gui.events import LedgerEvents
from wenming_desktop.work import Steps


@pytest.fixture
def parent(qtbot: QtBot) -> QWidget:
    widget = QWidget()
    qtbot.addWidget(widget)
    return widget


def warnings(message_log) -> list[tuple[str, str]]:
    return [(title, text) for kind, title, text in message_log.shown if kind == "warn"]


def test_a_user_error_is_told_in_its_own_words(qtbot, parent, message_log) -> None:
    def refuse() -> None:
        raise UserError("这个文件不是台账备份。")

    running = operations.run(parent, "导出统计表", refuse)
    qtbot.waitUntil(lambda: running.finished, timeout=10_000)
    assert warnings(message_log) == [("导出统计表失败", "这个文件不是台账备份。")]


def test_an_unexpected_error_says_where_the_log_is_and_logs_the_traceback(
    qtbot, parent, message_log, log_file: Path
) -> None:
    def broken() -> None:
        raise KeyError("a bug, not the clerk's doing")

    failed: list[tuple[Exception, str]] = []
    running = operations.run(
        parent, "导出", broken, on_failure=lambda error, reason: failed.append((error, reason))
    )
    qtbot.waitUntil(lambda: running.finished, timeout=10_000)
    [(title, text)] = warnings(message_log)
    assert title == "导出失败"
    assert text == f"处理时出错，详情已记入日志（{log_file}）。"
    assert "bug" not in text  # the exception's own (English) words stay in the log
    assert isinstance(failed[0][0], KeyError) and failed[0][1] == text  # after telling
    logged = log_file.read_text(encoding="utf-8")
    assert "Traceback" in logged and "a bug, not the clerk's doing" in logged


def test_without_a_log_file_the_message_says_so_plainly(monkeypatch) -> None:
    monkeypatch.setattr(operations, "current_log_file", lambda: None)
    assert operations.failure_text(ValueError("x")) == "处理时出错，详情已记入日志。"
    assert operations.failure_text(UserError("磁盘空间已满。")) == "磁盘空间已满。"


def test_told_elsewhere_shows_no_box(qtbot, parent, message_log) -> None:
    said: list[str] = []
    running = operations.run(
        parent,
        "生成预览",
        lambda: (_ for _ in ()).throw(UserError("字体文件已损坏。")),
        on_failure=lambda _error, reason: said.append(reason),
        tell=False,
    )
    qtbot.waitUntil(lambda: running.finished, timeout=10_000)
    assert said == ["字体文件已损坏。"] and message_log.shown == []


def test_a_cancel_is_silent_and_says_it_was_cancelled(qtbot, parent, message_log) -> None:
    started = threading.Event()

    def long_export(steps: Steps) -> int:
        started.set()
        deadline = time.monotonic() + 10  # never hold the document thread for good
        while not steps.stopped and time.monotonic() < deadline:
            steps.report(1, 10, "第 1 页")
            time.sleep(0.01)
        raise UserError("已取消，未生成台账。")

    stopped: list[bool] = []
    succeeded: list[object] = []
    running = operations.run(
        parent,
        "导出台账",
        long_export,
        succeeded.append,
        progress=True,
        on_cancelled=lambda: stopped.append(True),
    )
    assert started.wait(10)
    assert running.dialog is not None
    running.dialog.canceled.emit()  # what the 取消 button sends
    qtbot.waitUntil(lambda: running.finished, timeout=10_000)
    assert stopped == [True] and succeeded == [] and message_log.shown == []


@dataclass(frozen=True)
class Imported:
    added: int
    changed: Changed


def test_a_success_publishes_what_the_result_says_changed_before_the_callback(
    qtbot, parent
) -> None:
    events = LedgerEvents()
    heard: list[tuple[str, Changed]] = []
    events.entries_changed.connect(lambda changed: heard.append(("entries", changed)))
    events.areas_changed.connect(lambda changed: heard.append(("areas", changed)))
    change = Changed.of_entries(None, [(4, 2019), (5, 2021)])
    done: list[list[tuple[str, Changed]]] = []

    running = operations.run(
        parent,
        "导入",
        lambda: Imported(3, change),
        lambda _result: done.append(list(heard)),
        events=events,
        changed=lambda result: result.changed,
    )
    qtbot.waitUntil(lambda: running.finished, timeout=10_000)
    assert heard == [("entries", change)]
    assert done == [[("entries", change)]]  # the views were up to date when it was told


def test_a_failure_publishes_nothing(qtbot, parent, message_log) -> None:
    events = LedgerEvents()
    heard: list[Changed] = []
    events.entries_changed.connect(heard.append)

    def refuse() -> Imported:
        raise UserError("工作簿已损坏。")

    running = operations.run(
        parent, "导入", refuse, events=events, changed=Changed.of_entries(None, None)
    )
    qtbot.waitUntil(lambda: running.finished, timeout=10_000)
    assert heard == [] and len(warnings(message_log)) == 1


def test_nothing_is_called_back_once_the_window_is_gone(qtbot, message_log) -> None:
    events = LedgerEvents()
    heard: list[Changed] = []
    events.entries_changed.connect(heard.append)
    called: list[object] = []
    release = threading.Event()
    change = Changed.of_entries([7], [(4, 2019)])

    def finishing(result: object):
        def work(*_progress_and_cancelled: object) -> object:
            release.wait(10)
            if isinstance(result, Exception):
                raise result
            return result

        return work

    doomed = [QWidget(), QWidget()]
    succeeding = operations.run(
        doomed[0],
        "导入",
        finishing("好了"),
        called.append,
        progress=True,
        events=events,
        changed=change,
    )
    failing = operations.run(
        doomed[1],
        "导出",
        finishing(UserError("磁盘空间已满。")),
        called.append,
        on_failure=lambda error, _reason: called.append(error),
    )
    for widget in doomed:
        shiboken6.delete(widget)  # the dialog was closed and deleted meanwhile
    release.set()
    qtbot.waitUntil(lambda: succeeding.finished and failing.finished, timeout=10_000)
    assert called == [] and message_log.shown == []
    assert heard == [change]  # the ledger did change: the views still hear of it
