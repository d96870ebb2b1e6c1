"""One running copy per data folder: a second start tells the clerk and raises the first.

Whether the folder is free is decided by :class:`~wenming_desktop.safety.lock.FolderLock`
(an operating-system lock that dies with its process, so no lock-out after a crash); a
local socket lets a second start ask the running window to come forward.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

from wenming_desktop.safety.lock import FolderLock, LockResult, LockState


def _server_name(data_dir: Path) -> str:
    return "wenming-" + hashlib.sha256(str(data_dir).encode("utf-8")).hexdigest()[:16]


class SingleInstance(QObject):
    """Hold the data folder's lock; ``raise_requested`` fires when another start knocks."""

    raise_requested = Signal()

    def __init__(self, data_dir: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.data_dir = data_dir
        self._name = _server_name(data_dir)
        self._lock = FolderLock(data_dir)
        self._server: QLocalServer | None = None
        self.result: LockResult | None = None

    def try_acquire(self) -> LockResult:
        """Take the lock if it is free. BUSY: the running copy was asked to come forward.
        OTHER_COMPUTER: ask the clerk, then :meth:`take_over` (or :meth:`release`)."""
        self.result = self._lock.acquire()
        if self.result.state is LockState.HELD:
            self._listen()
        elif self.result.state is LockState.BUSY:
            self._knock()
        return self.result

    def acquire(self) -> bool:
        """True if this is the only copy; False (after asking the other to come forward)."""
        return self.try_acquire().state is LockState.HELD

    def take_over(self) -> LockResult:
        self.result = self._lock.take_over()
        self._listen()
        return self.result

    def _listen(self) -> None:
        QLocalServer.removeServer(self._name)  # left behind by a copy that crashed
        self._server = QLocalServer(self)
        self._server.newConnection.connect(self._knocked)
        self._server.listen(self._name)

    def _knock(self) -> None:
        socket = QLocalSocket()
        socket.connectToServer(self._name)
        if socket.waitForConnected(500):
            socket.write(b"raise")
            socket.waitForBytesWritten(500)
            socket.disconnectFromServer()

    def _knocked(self) -> None:
        assert self._server is not None
        while self._server.hasPendingConnections():
            connection = self._server.nextPendingConnection()
            connection.disconnected.connect(connection.deleteLater)
        self.raise_requested.emit()

    def release(self, *, keep_text: bool = False) -> None:
        if self._server is not None:
            self._server.close()
            self._server = None
        self._lock.release(keep_text=keep_text)
