"""Undoable changes to the ledger (撤销 Ctrl+Z / 重做 Ctrl+Y).

Every change the clerk makes to entries is one command on the window's undo stack:
deleting to the 回收站 and restoring (:class:`MoveToTrashCommand`,
:class:`RestoreCommand`), an edit (:class:`EntryEditedCommand`), a new record or an import
(:class:`EntriesAddedCommand`). A command pushed after the change was already written
(an edit saved by the entry dialog, an import) skips its first ``redo``.

Each command tells ``changed`` which entries it touched and where they were and are
listed (area id, year), so the views refresh. What a step cannot do (the entry was
deleted for good from the 回收站 meanwhile, the ledger is read-only) is not raised — Qt
calls ``undo``/``redo`` and an exception cannot leave them — but kept in ``notice`` and
told to ``say`` (the window's status bar).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence

from PySide6.QtGui import QUndoCommand

from wenming_desktop.actions.changes import Changed
from wenming_desktop.books.entries import EntryBook
from wenming_desktop.books.records import EntryDetail
from wenming_desktop.errors import UserError

Tell = Callable[[Changed], None]
Say = Callable[[str], None]
GONE = "记录已被彻底删除，无法{0}。"


class LedgerCommand(QUndoCommand):
    """A change to entries of ``book``; ``notice`` says what the last step could not do.

    Subclasses write ``_undo`` and ``_redo``; ``done=True``: the change was written before
    the command was pushed, so the push's ``redo`` does nothing.
    """

    def __init__(
        self, text: str, book: EntryBook, changed: Tell, say: Say | None, *, done: bool
    ) -> None:
        super().__init__(text)
        self._book = book
        self._changed = changed
        self._say = say
        self._pushed_done = done
        self.notice = ""

    def undo(self) -> None:
        self.notice = ""
        self._undo()

    def redo(self) -> None:
        self.notice = ""
        if self._pushed_done:
            self._pushed_done = False
            return
        self._redo()

    def _undo(self) -> None:
        raise NotImplementedError

    def _redo(self) -> None:
        raise NotImplementedError

    def _tell(self, ids: Collection[int], places: set[tuple[int, int]]) -> None:
        self._changed(Changed.of_entries(ids, places))

    def _could_not(self, notice: str) -> None:
        self.notice = notice
        if self._say is not None:
            self._say(notice)

    def _refused(self, error: UserError, verb: str) -> None:
        """The ledger refused a step (read-only, the area deleted …)."""
        self._could_not(f"无法{verb}：{error}")


class MoveToTrashCommand(LedgerCommand):
    """Deleting sends entries to the 回收站; undoing brings them back.

    ``changed`` is told which entries moved and where they are listed (read at each
    step, one query: an entry may have been edited between an undo and a redo).
    """

    def __init__(
        self,
        book: EntryBook,
        entry_ids: Sequence[int],
        changed: Tell,
        *,
        say: Say | None = None,
    ):
        count = len(entry_ids)
        text = f"删除 {count} 条记录" if count > 1 else "删除记录"
        super().__init__(text, book, changed, say, done=False)
        self._ids = list(entry_ids)

    def _redo(self) -> None:
        self._move(to_trash=True, verb="重做")

    def _undo(self) -> None:
        self._move(to_trash=False, verb="撤销")

    def _move(self, *, to_trash: bool, verb: str) -> None:
        try:
            if to_trash:
                self._book.move_to_trash(self._ids)
            else:
                self._book.restore(self._ids)
        except UserError as error:
            self._refused(error, verb)
            return
        places = self._book.places(self._ids)
        if not places:  # every one was deleted for good from the 回收站
            self._could_not(GONE.format(verb))
        self._tell(self._ids, places)


class RestoreCommand(MoveToTrashCommand):
    """Restoring from the 回收站 is undoable too: undo sends them back."""

    def __init__(
        self,
        book: EntryBook,
        entry_ids: Sequence[int],
        changed: Tell,
        *,
        say: Say | None = None,
    ):
        super().__init__(book, entry_ids, changed, say=say)
        count = len(entry_ids)
        self.setText(f"恢复 {count} 条记录" if count > 1 else "恢复记录")

    def _redo(self) -> None:
        self._move(to_trash=False, verb="重做")

    def _undo(self) -> None:
        self._move(to_trash=True, verb="撤销")


class EntryEditedCommand(LedgerCommand):
    """An edit saved in the entry dialog: undo puts back every field, the area and the
    attachments as ``before`` has them; redo those of ``after``.

    Pushed after the edit was saved. An attachment file the edit added stays in the data
    folder after an undo (unused until a redo); one it removed is attached again from
    there. Whether the entry is in the 回收站 is not part of an edit: left as it is.
    """

    def __init__(
        self,
        book: EntryBook,
        before: EntryDetail,
        after: EntryDetail,
        changed: Tell,
        *,
        say: Say | None = None,
    ):
        super().__init__(f"修改“{_short(after.name)}”", book, changed, say, done=True)
        self._before = before
        self._after = after

    def _redo(self) -> None:
        self._write(self._after, "重做")

    def _undo(self) -> None:
        self._write(self._before, "撤销")

    def _write(self, detail: EntryDetail, verb: str) -> None:
        try:
            if self._book.put_back(detail) is None:
                self._could_not(GONE.format(verb))
        except UserError as error:
            self._refused(error, verb)
            return
        self._tell([detail.id], {_place(self._before), _place(self._after)})


class EntriesAddedCommand(LedgerCommand):
    """Entries that were added (a new record, an import): undo deletes them for good —
    not to the 回收站, so that importing the same workbook again adds them again; redo
    adds them back as they were (same UUIDs, attachments, and ids where still free).

    Pushed after they were added. Their attachment files stay in the data folder in
    between. ``text``: the step's name (导入 12 条记录); by default 新增记录.
    """

    def __init__(
        self,
        book: EntryBook,
        entry_ids: Collection[int],
        changed: Tell,
        text: str = "",
        *,
        say: Say | None = None,
    ):
        count = len(entry_ids)
        text = text or (f"新增 {count} 条记录" if count > 1 else "新增记录")
        super().__init__(text, book, changed, say, done=True)
        self._ids = sorted(entry_ids)
        self._removed: list[EntryDetail] = []

    def _redo(self) -> None:
        if not self._removed:  # the undo removed nothing (refused, or deleted for good)
            self._could_not(GONE.format("重做"))
            return
        try:
            self._ids = self._book.put_in_again(self._removed)
        except UserError as error:
            self._refused(error, "重做")
            return
        self._tell(self._ids, {_place(detail) for detail in self._removed})
        self._removed = []

    def _undo(self) -> None:
        try:
            removed = self._book.remove(self._ids)
        except UserError as error:
            self._refused(error, "撤销")
            return
        if not removed:  # (what a refused redo still holds is kept for the next redo)
            self._could_not(GONE.format("撤销"))
            return
        self._removed = removed
        self._tell(self._ids, {_place(detail) for detail in removed})


def _place(detail: EntryDetail) -> tuple[int, int]:
    return detail.area_id, detail.date.year


def _short(name: str, limit: int = 16) -> str:
    return name if len(name) <= limit else name[: limit - 1] + "…"
