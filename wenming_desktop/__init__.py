"""文明创建台账 — an offline ledger of a unit's 精神文明建设 work.

The package is split in two layers: everything directly under ``wenming_desktop``
(``store``, ``ledger``, ``cli`` …) is Qt-free; ``wenming_desktop.gui`` is the only
place that imports PySide6 or pyqtgraph.
"""

from importlib.metadata import PackageNotFoundError, version

APP_NAME = "文明创建台账"
APP_ID = "wenming-desktop"

try:
    __version__ = version(APP_ID)
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0"
