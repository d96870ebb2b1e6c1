"""The 回收站: deleted entries, which the clerk can put back — or delete for good."""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from typing import Protocol

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from wenming_desktop.actions.changes import Changed
from wenming_desktop.books.entries import Removed
from wenming_desktop.books.query import EntryQuery
from wenming_desktop.books.records import Area
from wenming_desktop.errors import UserError
from wenming_desktop.gui import messages
from wenming_desktop.gui.area_tab import EntryTableView
from wenming_desktop.gui.dialog_buttons import Standard, dialog_buttons
from wenming_desktop.gui.entry_model import EntrySource, EntryTableModel, trash_columns
from wenming_desktop.gui.icons import icon

PURGE = "彻底删除"
EMPTY = "清空回收站"
NO_WAY_BACK = "彻底删除后无法恢复，也不能撤销。"


class TrashSource(EntrySource, Protocol):
    """What the 回收站 lists entries from and deletes them for good with (an EntryBook)."""

    def purge(self, entry_ids: Collection[int]) -> Removed: ...

    def empty_trash(self) -> Removed: ...


class TrashDialog(QDialog):
    #: Entries were deleted for good (a ``Changed``): for the window's other views.
    purged = Signal(object)

    def __init__(
        self,
        source: TrashSource,
        areas: Sequence[Area],
        restore: Callable[[list[int]], None],
        parent: QWidget | None = None,
        *,
        read_only: bool = False,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("回收站")
        self.resize(900, 520)
        self._source = source
        self._restore = restore
        self._read_only = read_only
        self._done = ""  # what the last 彻底删除 did, said until the next change
        self._area_names: dict[int, str] = {}
        self.set_areas(areas)
        self.model = EntryTableModel(
            source,
            EntryQuery(in_trash=True, sort="deleted_at", descending=True),
            trash_columns(lambda area_id: self._area_names.get(area_id, "")),
            self,
        )
        self.table = EntryTableView()
        self.table.setModel(self.model)
        self.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        for column, width in enumerate((140, 90, 150)):
            self.table.setColumnWidth(column, width)

        self.summary = QLabel()
        hint = QLabel(
            "删除的记录保存在这里，不计入台账、总结和统计。选中后点“恢复”即可放回原板块；"
            "“彻底删除”或“清空回收站”后，记录就再也找不回来了。"
        )
        hint.setWordWrap(True)
        buttons = dialog_buttons(self, Standard.Close)
        self.restore_button = QPushButton(icon("restore"), "恢复")
        self.purge_button = QPushButton(icon("delete"), PURGE)
        self.empty_button = QPushButton(EMPTY)
        for button in (self.restore_button, self.purge_button, self.empty_button):
            buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
        self.restore_button.clicked.connect(self.restore_selected)
        self.purge_button.clicked.connect(self.purge_selected)
        self.empty_button.clicked.connect(self.empty)
        self.table.open_requested.connect(lambda _row: self.restore_selected())
        self.table.selectionModel().selectionChanged.connect(self._update)
        self.model.modelReset.connect(self._update)

        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addWidget(self.table)
        layout.addWidget(self.summary)
        layout.addWidget(buttons)
        self._update()

    def _chosen(self) -> list[int]:
        ids = [self.model.entry_id(row) for row in self.table.selected_rows()]
        return [entry_id for entry_id in ids if entry_id is not None]

    def restore_selected(self) -> None:
        chosen = self._chosen()
        if chosen:
            self._done = ""
            self._restore(chosen)

    def purge_selected(self) -> None:
        """彻底删除 the selected entries, after the clerk confirms it."""
        chosen = self._chosen()
        if not chosen or not messages.ask(
            self,
            PURGE,
            f"要彻底删除选中的 {len(chosen)} 条记录吗？\n\n{NO_WAY_BACK}",
            default_yes=False,
        ):
            return
        self._delete_for_good(lambda: self._source.purge(chosen))

    def empty(self) -> None:
        """清空回收站: every entry in it deleted for good, after the clerk confirms it."""
        count = self.model.totals.count
        if not count or not messages.ask(
            self,
            EMPTY,
            f"要清空回收站吗？其中的 {count} 条记录将被彻底删除。\n\n{NO_WAY_BACK}",
            default_yes=False,
        ):
            return
        self._delete_for_good(self._source.empty_trash)

    def _delete_for_good(self, delete: Callable[[], Removed]) -> None:
        try:
            removed = delete()
        except UserError as error:  # read-only, the disk full …
            messages.warn(self, PURGE, str(error))
            return
        if removed.ids:  # (the window's views, this one too when wired, read again)
            self.purged.emit(Changed.of_entries(removed.ids, removed.places))
        self._done = f"已彻底删除 {len(removed.ids)} 条记录。"
        self.refresh()

    def set_areas(self, areas: Sequence[Area]) -> None:
        """Show current area names (they can be renamed in 设置 while this is open)."""
        self._area_names = {area.id: area.short_name for area in areas}
        if hasattr(self, "model"):
            self.model.reload()

    def refresh(self) -> None:
        self.model.reload()

    def entries_changed(self, _changed: Changed) -> None:
        """Any entry change may have sent entries here or taken them out."""
        self._done = ""
        self.refresh()

    def _update(self) -> None:
        count = self.model.totals.count
        listed = f"回收站中共 {count} 条记录" if count else "回收站是空的"
        self.summary.setText(f"{self._done}{listed}")
        chosen = bool(self.table.selected_rows())
        self.restore_button.setEnabled(chosen)
        self.purge_button.setEnabled(chosen and not self._read_only)
        self.empty_button.setEnabled(bool(count) and not self._read_only)
