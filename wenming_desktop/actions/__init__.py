"""What a clerk asks for, written once: the window's dialogs and ``wenming-cli`` both call
these (Anki's ``pylib`` does the work, ``aqt`` only asks for it).

An action takes plain arguments (an open :class:`~wenming_desktop.ledger.Ledger`, a year, a
path …); long ones also take a :class:`~wenming_desktop.work.Steps` (progress and 取消,
``QUIET`` when nobody watches). It returns a small result, saying what it changed
(:class:`~wenming_desktop.actions.changes.Changed`) where it changed the ledger, so that the
window refreshes only that. No Qt here (``tests/test_actions.py`` runs them without it);
nothing below this package imports it.
"""
