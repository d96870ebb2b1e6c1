"""Undoable changes to the ledger (撤销 Ctrl+Z / 重做 Ctrl+Y)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtGui import QUndoCommand

from wenming_desktop.actions.changes import Changed
from wenming_desktop.books.entries import EntryBook


class MoveToTrashCommand(QUndoCommand):
    """Deleting sends entries to the 回收站; undoing brings them back.

    ``changed`` is told which entries moved and where they are listed (read at each
    step, one query: an entry may have been edited between an undo and a redo).
    """

    def __init__(
        self, book: EntryBook, entry_ids: Sequence[int], changed: Callable[[Changed], None]
    ):
        count = len(entry_ids)
        super().__init__(f"删除 {count} 条记录" if count > 1 else "删除记录")
        self._book = book
        self._ids = list(entry_ids)
        self._changed = changed

    def redo(self) -> None:
        self._book.move_to_trash(self._ids)
        self._tell()

    def undo(self) -> None:
        self._book.restore(self._ids)
        self._tell()

    def _tell(self) -> None:
        self._changed(Changed.of_entries(self._ids, self._book.places(self._ids)))


class RestoreCommand(MoveToTrashCommand):
    """Restoring from the 回收站 is undoable too: undo sends them back."""

    def __init__(
        self, book: EntryBook, entry_ids: Sequence[int], changed: Callable[[Changed], None]
    ):
        super().__init__(book, entry_ids, changed)
        count = len(entry_ids)
        self.setText(f"恢复 {count} 条记录" if count > 1 else "恢复记录")

    def redo(self) -> None:
        super().undo()

    def undo(self) -> None:
        super().redo()
