"""The records both PCs changed, side by side, with the version the clerk keeps of each.

A row per record: what differs, this PC's and the package's values and change times, and
the choice. Clicking either version's cell keeps that version; the default is the one
changed last."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont

from wenming_desktop.gui.list_model import Index, ListTableModel

if TYPE_CHECKING:
    from wenming_desktop.exchange.package import Conflict, Side

NAME, FIELDS, LOCAL, INCOMING, CHOICE = range(5)
SIDE_OF_COLUMN: dict[int, Side] = {LOCAL: "local", INCOMING: "incoming"}
SIDE_NAMES: dict[Side, str] = {"local": "本机", "incoming": "对方"}
_CHOSEN = QColor("#e3f3e6")
_OLDER = QColor("#9a5b00")
_VALUE_CHARS = 40  # a long 活动内容 is cut in the cell; the tooltip has it whole


def local_time(value: dt.datetime, *, seconds: bool = False) -> str:
    """A stored time (naive UTC) as this PC's clock shows it."""
    shown = value.replace(tzinfo=dt.UTC).astimezone()
    return shown.strftime("%Y-%m-%d %H:%M:%S" if seconds else "%Y-%m-%d %H:%M")


def _change_time(conflict: Conflict, side: Side) -> str:
    """To the minute, or to the second when both sides changed within the same minute."""
    ours, theirs = local_time(conflict.local_changed_at), local_time(conflict.incoming_changed_at)
    when = conflict.local_changed_at if side == "local" else conflict.incoming_changed_at
    return local_time(when, seconds=ours == theirs)


def _cut(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _VALUE_CHARS else text[: _VALUE_CHARS - 1] + "…"


class ConflictModel(ListTableModel):
    """Rows are :class:`~wenming_desktop.exchange.package.Conflict` values."""

    HEADERS = ("记录", "不同之处", "本机的版本", "对方的版本", "采用")
    choices_changed = Signal()

    def __init__(self, conflicts: list[Conflict], parent: Any = None) -> None:
        super().__init__(parent)
        self.set_items(list(conflicts))
        self._chosen: dict[str, Side] = {c.uuid: c.newer for c in conflicts}

    # -- the choice ------------------------------------------------------------------------
    def choices(self) -> dict[str, Side]:
        """Every row's choice by entry UUID, as ``apply_package`` takes them."""
        return dict(self._chosen)

    def choice(self, row: int) -> Side:
        return self._chosen[self.items[row].uuid]

    def set_choice(self, row: int, side: Side) -> None:
        conflict = self.items[row]
        if self._chosen[conflict.uuid] == side:
            return
        self._chosen[conflict.uuid] = side
        self.dataChanged.emit(self.index(row, LOCAL), self.index(row, CHOICE))
        self.choices_changed.emit()

    def set_all(self, side: Side) -> None:
        if all(chosen == side for chosen in self._chosen.values()):
            return
        self._chosen = dict.fromkeys(self._chosen, side)
        if self.items:
            self.dataChanged.emit(self.index(0, LOCAL), self.index(len(self.items) - 1, CHOICE))
        self.choices_changed.emit()

    def count(self, side: Side) -> int:
        return sum(chosen == side for chosen in self._chosen.values())

    def older_kept(self) -> int:
        return sum(self._chosen[c.uuid] != c.newer for c in self.items)

    # -- Qt --------------------------------------------------------------------------------
    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() in SIDE_OF_COLUMN:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        side = SIDE_OF_COLUMN.get(index.column())
        if role != Qt.ItemDataRole.CheckStateRole or side is None:
            return False
        if Qt.CheckState(value) == Qt.CheckState.Checked:
            self.set_choice(index.row(), side)
        return True  # a version cannot be unticked: tick the other one instead

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        conflict: Conflict = self.items[index.row()]
        column, chosen = index.column(), self._chosen[conflict.uuid]
        side = SIDE_OF_COLUMN.get(column)
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(conflict, column, chosen, short=True)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._text(conflict, column, chosen, short=False)
        if role == Qt.ItemDataRole.CheckStateRole and side is not None:
            return Qt.CheckState.Checked if chosen == side else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.BackgroundRole and side is not None and chosen == side:
            return QBrush(_CHOSEN)
        if role == Qt.ItemDataRole.ForegroundRole and column == CHOICE and chosen != conflict.newer:
            return QBrush(_OLDER)
        if role == Qt.ItemDataRole.FontRole and column == CHOICE:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        return None

    def _text(self, conflict: Conflict, column: int, chosen: Side, *, short: bool) -> str:
        if column == NAME:
            if short or conflict.name == conflict.local_name:
                return conflict.local_name
            return f"本机：{conflict.local_name}\n对方：{conflict.name}"
        if column == FIELDS:
            return "、".join(conflict.fields)
        side = SIDE_OF_COLUMN.get(column)
        if side is not None:
            lines = []
            for difference in conflict.differences:
                value = difference.local if side == "local" else difference.incoming
                lines.append(f"{difference.label}：{_cut(value) if short else value}")
            newer = "（较新）" if conflict.newer == side else "（较早）"
            return "\n".join([*lines, f"修改于 {_change_time(conflict, side)}{newer}"])
        if chosen == conflict.newer:
            return SIDE_NAMES[chosen]
        return f"{SIDE_NAMES[chosen]}\n（较早的版本）"
