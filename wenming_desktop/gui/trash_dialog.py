"""The 回收站: deleted entries, which the clerk can put back."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt
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
from wenming_desktop.books.query import EntryQuery
from wenming_desktop.books.records import Area
from wenming_desktop.gui.area_tab import EntryTableView
from wenming_desktop.gui.dialog_buttons import Standard, dialog_buttons
from wenming_desktop.gui.entry_model import EntrySource, EntryTableModel, trash_columns
from wenming_desktop.gui.icons import icon


class TrashDialog(QDialog):
    def __init__(
        self,
        source: EntrySource,
        areas: Sequence[Area],
        restore: Callable[[list[int]], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("回收站")
        self.resize(900, 520)
        self._restore = restore
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
            "删除的记录保存在这里，不计入台账、总结和统计。选中后点“恢复”即可放回原板块。"
        )
        hint.setWordWrap(True)
        buttons = dialog_buttons(self, Standard.Close)
        self.restore_button = QPushButton(icon("restore"), "恢复")
        buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.restore_button.clicked.connect(self.restore_selected)
        self.table.open_requested.connect(lambda _row: self.restore_selected())
        self.table.selectionModel().selectionChanged.connect(self._update)
        self.model.modelReset.connect(self._update)

        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addWidget(self.table)
        layout.addWidget(self.summary)
        layout.addWidget(buttons)
        self._update()

    def restore_selected(self) -> None:
        ids = [self.model.entry_id(row) for row in self.table.selected_rows()]
        chosen = [entry_id for entry_id in ids if entry_id is not None]
        if chosen:
            self._restore(chosen)

    def set_areas(self, areas: Sequence[Area]) -> None:
        """Show current area names (they can be renamed in 设置 while this is open)."""
        self._area_names = {area.id: area.short_name for area in areas}
        if hasattr(self, "model"):
            self.model.reload()

    def refresh(self) -> None:
        self.model.reload()

    def entries_changed(self, _changed: Changed) -> None:
        """Any entry change may have sent entries here or taken them out."""
        self.refresh()

    def _update(self) -> None:
        count = self.model.totals.count
        self.summary.setText(f"回收站中共 {count} 条记录" if count else "回收站是空的")
        self.restore_button.setEnabled(bool(self.table.selected_rows()))
