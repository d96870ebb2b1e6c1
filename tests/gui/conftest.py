"""GUI fixtures: message boxes answered by the test, never shown."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest

from wenming_desktop.gui import messages


@dataclass
class MessageLog:
    """What the app asked or told the clerk; ``answer`` is what ``ask`` returns."""

    answer: bool = True
    shown: list[tuple[str, str, str]] = field(default_factory=list)

    def texts(self) -> list[str]:
        return [text for _kind, _title, text in self.shown]


@pytest.fixture(autouse=True)
def message_log(monkeypatch: pytest.MonkeyPatch) -> Iterator[MessageLog]:
    log = MessageLog()

    def ask(_parent, title, text, **_kwargs):  # type: ignore[no-untyped-def]
        log.shown.append(("ask", title, text))
        return log.answer

    monkeypatch.setattr(messages, "ask", ask)
    monkeypatch.setattr(messages, "inform", lambda _p, t, x: log.shown.append(("inform", t, x)))
    monkeypatch.setattr(messages, "warn", lambda _p, t, x: log.shown.append(("warn", t, x)))
    yield log


@pytest.fixture
def ime():  # type: ignore[no-untyped-def]
    """Type Chinese as an input method does: a committed string, not key presses.

    (QTest's keyClicks cannot map CJK characters to keys and aborts.)
    """
    from PySide6.QtGui import QInputMethodEvent
    from PySide6.QtWidgets import QApplication

    def commit(widget, text: str) -> None:  # type: ignore[no-untyped-def]
        widget.setFocus()
        event = QInputMethodEvent()
        event.setCommitString(text)
        QApplication.sendEvent(widget, event)

    return commit
