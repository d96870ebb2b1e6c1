"""What a clerk asks for, written once: the window's dialogs and ``wenming-cli`` both call
these (Anki's ``pylib`` does the work, ``aqt`` only asks for it).

An action takes plain arguments (an open :class:`~wenming_desktop.ledger.Ledger`, a year, a
path …), reports progress through ``progress(done, total, text)``, stops when
``cancelled()`` says so, and returns a small result that says what it changed
(:class:`~wenming_desktop.actions.changes.Changed`), so that the window refreshes only that.
No Qt here; nothing below this package imports it.
"""
