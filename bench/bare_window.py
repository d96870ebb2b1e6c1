"""The baseline for start-up time: a bare PySide6 window, with pyqtgraph imported.

Prints one line when the window has painted for the first time, then quits — the
same moment ``python -m wenming_desktop --smoke`` reports. Run by ``bench/scale.py``.
"""

from __future__ import annotations

import sys

import pyqtgraph  # noqa: F401  (the issue's baseline imports it)
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QWidget


class FirstPaint(QObject):
    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self._window = window
        self._done = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            not self._done
            and event.type() == QEvent.Type.Paint
            and isinstance(watched, QWidget)
            and watched.window() is self._window
        ):
            self._done = True
            print("painted", flush=True)
            QTimer.singleShot(0, QApplication.quit)
        return False


def main() -> int:
    app = QApplication(sys.argv)
    window = QMainWindow()
    window.setCentralWidget(QLabel("空白窗口"))
    window.resize(1280, 800)
    app.installEventFilter(FirstPaint(window))
    QTimer.singleShot(30_000, app.quit)
    window.show()
    return app.exec()


if __name__ == "__main__":
    raise SystemExit(main())
