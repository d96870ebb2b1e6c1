"""One signal bus for "the ledger changed", carrying what changed, so that each view
refreshes only what the change touched (novelWriter's typed signal bus).

Emit through :meth:`LedgerEvents.publish` with a :class:`Changed` (an action's result says
it; ``Changed.of_entries(ids, places)`` for an entry written by the window; ``EVERYTHING``
when nobody knows). Every signal carries that ``Changed``.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from wenming_desktop.actions.changes import Changed


class LedgerEvents(QObject):
    #: Entries were added, edited, deleted or restored: ``Changed.entries`` / ``years`` /
    #: ``areas`` say which and where (``None``: not known, assume all).
    entries_changed = Signal(object)
    #: Work areas (names, order) or the settings they are shown with were edited, or the
    #: whole ledger was replaced: tabs need rebuilding.
    areas_changed = Signal(object)
    #: Settings changed by key (``Changed.settings``).
    settings_changed = Signal(object)

    def publish(self, changed: Changed) -> None:
        """Emit the signals ``changed`` concerns: areas first (tabs are rebuilt), then
        entries (listeners that rebuilt may skip an ``areas_edited`` change), then settings."""
        if changed.areas_edited or changed.ledger_replaced:
            self.areas_changed.emit(changed)
        if changed.touches_entries:
            self.entries_changed.emit(changed)
        if changed.settings:
            self.settings_changed.emit(changed)
