"""The main window's size and place: fitted to the screen it opens on, and remembered
between runs (in the data folder's ``window.ini``) only while it still fits.

A clerk's laptop is often 1366 × 768, which leaves about 1366 × 728 above the taskbar; the
window's frame (title bar, borders) must fit in that too. A size saved on a larger screen,
or a place on a screen that is gone, is not restored: the window opens fitted instead.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QMargins, QPoint, QRect, QSettings, QSize, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

#: The size the window opens at on a screen with room for it.
PREFERRED = QSize(1200, 760)
#: What a window frame adds before the window is shown and Qt knows (Windows 10 at 100 %:
#: 8 px borders, a 31 px title bar).
FRAME_GUESS = QMargins(8, 32, 8, 8)

GEOMETRY_KEY = "main_window/geometry"  # Qt's saveGeometry(): place, size, maximised
FRAME_KEY = "main_window/frame"  # the window's frame when not maximised, as saved


def available_geometry(widget: QWidget | None = None) -> QRect:
    """The part of the widget's screen (else the primary one) windows may use: the screen
    less the taskbar."""
    screen = (widget.screen() if widget is not None else None) or QGuiApplication.primaryScreen()
    return screen.availableGeometry()


def fitted(room: QRect, preferred: QSize = PREFERRED, frame: QMargins = FRAME_GUESS) -> QRect:
    """The window's own rectangle (frame not included): ``preferred`` or less, so that with
    its ``frame`` it fits ``room``, and centred there."""
    size = preferred.boundedTo(room.size().shrunkBy(frame))
    outer = size.grownBy(frame)
    corner = QPoint(
        room.x() + max(0, (room.width() - outer.width()) // 2) + frame.left(),
        room.y() + max(0, (room.height() - outer.height()) // 2) + frame.top(),
    )
    return QRect(corner, size)


#: How far a frame may lie beyond the screen's room and still fit: Windows 10 and 11 count
#: invisible resize borders (7 px) into the frame, and those of a window snapped to the
#: screen's edges lie outside it. The title bar must be on the screen.
BORDER_SLACK = QMargins(8, 0, 8, 8)


def fits_a_screen(frame: QRect) -> bool:
    """Whether a window whose frame is ``frame`` lies inside one screen's room."""
    return any(
        screen.availableGeometry().marginsAdded(BORDER_SLACK).contains(frame)
        for screen in QGuiApplication.screens()
    )


def frame_margins(window: QWidget) -> QMargins:
    """What the window's frame adds around it (a guess until it has been shown)."""
    if not window.isVisible():
        return FRAME_GUESS
    inner, outer = window.geometry(), window.frameGeometry()
    margins = QMargins(
        inner.left() - outer.left(),
        inner.top() - outer.top(),
        outer.right() - inner.right(),
        outer.bottom() - inner.bottom(),
    )
    return margins if margins.top() > 0 else FRAME_GUESS


def place(window: QWidget) -> None:
    """Size and centre ``window`` for the screen it is on (or will open on)."""
    margins = frame_margins(window)
    shape = fitted(available_geometry(window), frame=margins)
    window.resize(shape.size())
    window.move(shape.topLeft() - QPoint(margins.left(), margins.top()))  # the frame's corner


def _settings(path: Path) -> QSettings:
    return QSettings(str(path), QSettings.Format.IniFormat)


def restore(window: QWidget, path: Path) -> bool:
    """Give ``window`` the size and place saved in ``path`` if they fit a screen now;
    else fit it to its screen (maximised again if it was). Returns whether it was restored."""
    settings = _settings(path)
    stored = settings.value(GEOMETRY_KEY)
    frame = settings.value(FRAME_KEY)
    if not isinstance(stored, QByteArray) or stored.isEmpty():
        place(window)
        return False
    if isinstance(frame, QRect) and not fits_a_screen(frame):
        maximised = window.restoreGeometry(stored) and window.isMaximized()
        window.setWindowState(Qt.WindowState.WindowNoState)
        place(window)
        if maximised:
            window.setWindowState(Qt.WindowState.WindowMaximized)
        return False
    if not window.restoreGeometry(stored):
        place(window)
        return False
    if not isinstance(frame, QRect):  # saved before the frame was: check what Qt restored
        normal = window.normalGeometry() if window.isMaximized() else window.geometry()
        if not fits_a_screen(normal.marginsAdded(FRAME_GUESS)):
            window.setWindowState(Qt.WindowState.WindowNoState)
            place(window)
            return False
    return True


def save(window: QWidget, path: Path) -> None:
    """Remember the window's size and place, and the frame it has when not maximised."""
    normal = window.normalGeometry()
    if normal.isEmpty() or not window.isMaximized():
        normal = window.geometry()
    settings = _settings(path)
    settings.setValue(GEOMETRY_KEY, window.saveGeometry())
    settings.setValue(FRAME_KEY, normal.marginsAdded(frame_margins(window)))
    settings.sync()
