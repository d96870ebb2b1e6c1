"""One signal bus for "the ledger changed", so every view refreshes itself."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal


class LedgerEvents(QObject):
    #: Entries were added, edited, deleted or restored.
    entries_changed = Signal()
    #: Work areas or settings were changed (tabs need rebuilding).
    areas_changed = Signal()
