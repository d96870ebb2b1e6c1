"""文明创建台账 — an offline ledger of a unit's 精神文明建设 work.

The package is split in two layers: everything directly under ``wenming_desktop``
(``store``, ``ledger``, ``cli`` …) is Qt-free; ``wenming_desktop.gui`` is the only
place that imports PySide6 or pyqtgraph.
"""

APP_NAME = "文明创建台账"
APP_ID = "wenming-desktop"
__version__: str  # set by __getattr__ below, on first use


def __getattr__(name: str) -> str:
    """``__version__`` is read from the installed metadata when first asked for:
    importlib.metadata costs 30 ms that start-up need not pay."""
    if name != "__version__":
        raise AttributeError(name)
    from importlib.metadata import PackageNotFoundError, version

    global __version__
    try:
        __version__ = version(APP_ID)
    except PackageNotFoundError:  # running from a source tree that is not installed
        __version__ = "0.0.0"
    return __version__
