"""One running copy per data folder: a second start tells the clerk and raises the first."""

from __future__ import annotations

import hashlib
from pathlib import Path

from PySide6.QtCore import QLockFile, QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

STALE_AFTER_MS = 0  # a lock whose process is gone is reclaimed at once (QLockFile checks the PID)


def _server_name(data_dir: Path) -> str:
    return "wenming-" + hashlib.sha256(str(data_dir).encode("utf-8")).hexdigest()[:16]


class SingleInstance(QObject):
    """Hold the data folder's lock; ``raise_requested`` fires when another start knocks."""

    raise_requested = Signal()

    def __init__(self, data_dir: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._name = _server_name(data_dir)
        self._lock = QLockFile(str(data_dir / "wenming.lock"))
        self._lock.setStaleLockTime(STALE_AFTER_MS)
        self._server: QLocalServer | None = None

    def acquire(self) -> bool:
        """True if this is the only copy; False (after asking the other to come forward)."""
        if self._lock.tryLock(100):
            QLocalServer.removeServer(self._name)  # left behind by a copy that crashed
            self._server = QLocalServer(self)
            self._server.newConnection.connect(self._knocked)
            self._server.listen(self._name)
            return True
        socket = QLocalSocket()
        socket.connectToServer(self._name)
        if socket.waitForConnected(500):
            socket.write(b"raise")
            socket.waitForBytesWritten(500)
            socket.disconnectFromServer()
        return False

    def _knocked(self) -> None:
        assert self._server is not None
        while self._server.hasPendingConnections():
            connection = self._server.nextPendingConnection()
            connection.disconnected.connect(connection.deleteLater)
        self.raise_requested.emit()

    def release(self) -> None:
        if self._server is not None:
            self._server.close()
        self._lock.unlock()
