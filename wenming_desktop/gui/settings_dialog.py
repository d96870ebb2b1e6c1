"""设置: the unit's name, the list of activity types, and the six work areas."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from wenming_desktop.books.areas import AreaEdit
from wenming_desktop.books.records import Area
from wenming_desktop.errors import UserError, ValidationError
from wenming_desktop.gui import messages
from wenming_desktop.gui.dialog_buttons import Standard, dialog_buttons
from wenming_desktop.ledger import Ledger
from wenming_desktop.reports.fonts import (
    ROLE_LABELS,
    ROLES,
    FontProblem,
    check_font_file,
    resolve_fonts,
)
from wenming_desktop.safety.places import MIRROR_FOLDER_NAME, mirror_status

_ID_ROLE = 0x0101


class SettingsDialog(QDialog):
    def __init__(self, ledger: Ledger, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("设置")
        self.resize(760, 520)
        self._ledger = ledger
        self._settings = ledger.settings.load()

        self.unit_edit = QLineEdit(self._settings.unit_name)
        self.types_edit = QPlainTextEdit("\n".join(self._settings.entry_types))
        self.types_edit.setMinimumHeight(200)
        general = QGroupBox("单位")
        form = QFormLayout(general)
        form.addRow("单位名称", self.unit_edit)
        form.addRow("活动类型（每行一个）", self.types_edit)

        self.area_table = QTableWidget(0, 2)
        self.area_table.setHorizontalHeaderLabels(["名称（标签页）", "总结中的标题"])
        self.area_table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.area_table.setColumnWidth(0, 140)
        self.area_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.area_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        for area in ledger.areas.all():
            self._append_area(area)
        up, down = QPushButton("上移"), QPushButton("下移")
        up.clicked.connect(lambda: self._move(-1))
        down.clicked.connect(lambda: self._move(1))
        moves = QHBoxLayout()
        moves.addWidget(QLabel("顺序即标签页和总结各部分的顺序。"), 1)
        moves.addWidget(up)
        moves.addWidget(down)
        areas_box = QGroupBox("工作板块")
        areas_layout = QVBoxLayout(areas_box)
        areas_layout.addWidget(self.area_table)
        areas_layout.addLayout(moves)

        fonts_box = QGroupBox("打印字体（年度总结等公文格式文件）")
        self.font_grid = QGridLayout(fonts_box)
        self._font_choices = dict(self._settings.fonts)
        self._font_labels: dict[str, QLabel] = {}
        for row, role in enumerate(ROLES):
            label = QLabel()
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self._font_labels[role] = label
            choose, reset = QPushButton("选择…"), QPushButton("默认")
            choose.clicked.connect(lambda _=False, r=role: self._choose_font(r))
            reset.clicked.connect(lambda _=False, r=role: self._reset_font(r))
            self.font_grid.addWidget(QLabel(ROLE_LABELS[role]), row, 0)
            self.font_grid.addWidget(label, row, 1)
            self.font_grid.addWidget(choose, row, 2)
            self.font_grid.addWidget(reset, row, 3)
        self.font_grid.setColumnStretch(1, 1)
        self.font_warning = QLabel()
        self.font_warning.setWordWrap(True)
        self.font_warning.setStyleSheet("color: #8a5a00;")
        self.font_grid.addWidget(self.font_warning, len(ROLES), 0, 1, 4)
        self._show_fonts()

        self.problem_label = QLabel()
        self.problem_label.setStyleSheet("color: #b00020;")
        self.problem_label.setWordWrap(True)
        self.problem_label.hide()
        buttons = dialog_buttons(self, Standard.Save, Standard.Cancel)

        backup_box = self._backup_box()
        pages = QTabWidget()
        self.pages = pages
        for box, title in (
            (general, "单位"),
            (areas_box, "工作板块"),
            (fonts_box, "打印字体"),
            (backup_box, "备份"),
        ):
            page = QWidget()
            page_layout = QVBoxLayout(page)
            page_layout.addWidget(box)
            if box is not areas_box:
                page_layout.addStretch(1)
            pages.addTab(page, title)
        layout = QVBoxLayout(self)
        layout.addWidget(pages, 1)
        layout.addWidget(self.problem_label)
        layout.addWidget(buttons)

        self._shown: dict[str, str] = {}
        for edit in (self.unit_edit, self.types_edit, self.mirror_edit):
            edit.textChanged.connect(self._judge)
        self.area_table.itemChanged.connect(self._judge)

    # -- backup -----------------------------------------------------------------
    def _backup_box(self) -> QGroupBox:
        box = QGroupBox("备份到其他位置")
        hint = QLabel(
            "程序每次自动备份时，除了数据文件夹中的 backups，还会把备份写到这里（只要它在："
            "U 盘没插上时跳过）。请选一个和数据不在同一块磁盘上的位置，例如 U 盘、移动硬盘"
            "或另一块硬盘；硬盘损坏时，这里的备份还在。备份会放在所选文件夹中的"
            f"“{MIRROR_FOLDER_NAME}”里。"
        )
        hint.setWordWrap(True)
        self.mirror_edit = QLineEdit(self._settings.backup_mirror)
        self.mirror_edit.setPlaceholderText("不使用（只备份到数据文件夹）")
        choose, clear = QPushButton("选择…"), QPushButton("不使用")
        choose.clicked.connect(self._choose_mirror)
        clear.clicked.connect(self.mirror_edit.clear)
        row = QHBoxLayout()
        row.addWidget(self.mirror_edit, 1)
        row.addWidget(choose)
        row.addWidget(clear)
        self.mirror_status = QLabel()
        self.mirror_status.setWordWrap(True)
        self.mirror_edit.textChanged.connect(self._show_mirror_status)
        layout = QVBoxLayout(box)
        layout.addWidget(hint)
        layout.addLayout(row)
        layout.addWidget(self.mirror_status)
        self._show_mirror_status()
        return box

    def _choose_mirror(self) -> None:
        chosen = QFileDialog.getExistingDirectory(
            self, "选择其他备份位置", self.mirror_edit.text() or ""
        )
        if chosen:
            self.mirror_edit.setText(chosen)

    def _show_mirror_status(self) -> None:
        text = self.mirror_edit.text().strip()
        place = mirror_status(self._ledger.folder, text)
        self.mirror_status.setText(place.describe())
        colour = "#8a5a00" if place.warning else "#2e6b34"
        self.mirror_status.setStyleSheet(f"color: {colour};")

    # -- fonts ------------------------------------------------------------------
    def _show_fonts(self) -> None:
        """Show which file each print role resolves to with the current choices."""
        fonts = resolve_fonts(self._font_choices)
        for role, label in self._font_labels.items():
            label.setText(fonts[role].describe())
        self.font_warning.setText("\n".join(fonts.warnings))
        self.font_warning.setVisible(bool(fonts.warnings))

    def _choose_font(self, role: str) -> None:
        name, _filter = QFileDialog.getOpenFileName(
            self, f"选择{ROLE_LABELS[role]}字体", "", "字体文件 (*.ttf *.ttc *.otf);;所有文件 (*)"
        )
        if not name:
            return
        try:
            check_font_file(Path(name))
        except FontProblem as problem:
            messages.warn(self, "无法使用该字体", str(problem))
            return
        self._font_choices[role] = name
        self._show_fonts()

    def _reset_font(self, role: str) -> None:
        self._font_choices.pop(role, None)
        self._show_fonts()

    def _append_area(self, area: Area) -> None:
        row = self.area_table.rowCount()
        self.area_table.insertRow(row)
        name = QTableWidgetItem(area.short_name)
        name.setData(_ID_ROLE, area.id)
        self.area_table.setItem(row, 0, name)
        self.area_table.setItem(row, 1, QTableWidgetItem(area.heading))

    def _move(self, step: int) -> None:
        row = self.area_table.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < self.area_table.rowCount():
            return
        for column in range(2):
            here = self.area_table.takeItem(row, column)
            there = self.area_table.takeItem(target, column)
            self.area_table.setItem(row, column, there)
            self.area_table.setItem(target, column, here)
        self.area_table.selectRow(target)
        self._judge()

    def area_edits(self) -> list[AreaEdit]:
        edits = []
        for row in range(self.area_table.rowCount()):
            name, heading = self.area_table.item(row, 0), self.area_table.item(row, 1)
            assert name is not None and heading is not None  # every row has both cells
            edits.append(AreaEdit(int(name.data(_ID_ROLE)), name.text(), heading.text()))
        return edits

    def changes(self) -> dict[str, object]:
        """The settings this dialog shows, as the clerk left them (and nothing else)."""
        return {
            "unit_name": self.unit_edit.text(),
            "entry_types": self.types_edit.toPlainText().splitlines(),
            "fonts": dict(self._font_choices),
            "backup_mirror": self.mirror_edit.text().strip(),
        }

    # -- problems -----------------------------------------------------------------
    def problems(self) -> dict[str, str]:
        """Every problem with what the dialog holds, keyed by where it is: ``area<n>`` (the
        n-th row of the areas), ``duplicates``, or the name of a setting."""
        found: dict[str, str] = {}
        try:
            self._ledger.areas.validate(self.area_edits())
        except ValidationError as error:
            found.update(error.problems)
        for name, value in self.changes().items():  # one by one, to know which is wrong
            try:
                self._ledger.settings.validate_changes({name: value})
            except ValidationError as error:
                found[name] = "\n".join(error.problems.values())
        return found

    def _judge(self) -> None:
        """Drop each shown problem as soon as it is put right."""
        if not self._shown:
            return
        found = self.problems()
        self._show({key: text for key, text in found.items() if key in self._shown})

    def _show(self, found: dict[str, str]) -> None:
        self._shown = found
        self.problem_label.setText("\n".join(found.values()))
        self.problem_label.setVisible(bool(found))

    def _place(self, key: str, text: str) -> tuple[QWidget | None, int, int]:
        """The widget holding the problem ``key`` (None: not one field's), and its table
        row and column (-1 outside the table)."""
        if key.startswith("area") and key[4:].isdigit():
            number = int(key[4:])
            return self.area_table, number - 1, int(f"第{number}个板块的标题" in text)
        if key == "duplicates":
            cells = [self.area_table.item(row, 0) for row in range(self.area_table.rowCount())]
            names = [cell.text().strip() if cell else "" for cell in cells]
            return (
                self.area_table,
                next((row for row, name in enumerate(names) if names.count(name) > 1), 0),
                0,
            )
        widgets: dict[str, QWidget] = {
            "unit_name": self.unit_edit,
            "entry_types": self.types_edit,
            "fonts": self.font_warning,
            "backup_mirror": self.mirror_edit,
        }
        return widgets.get(key), -1, -1

    def _page_of(self, widget: QWidget) -> int:
        for index in range(self.pages.count()):
            page = self.pages.widget(index)
            if page is not None and page.isAncestorOf(widget):
                return index
        return -1

    def show_problems(self, found: dict[str, str]) -> None:
        """List the problems and go to the first: on the page showing, else on the first
        page with one (switching to it), with the cursor in its field."""
        self._show(found)
        places = []
        for key, text in found.items():
            widget, row, column = self._place(key, text)
            if widget is not None:
                places.append((self._page_of(widget), widget, row, column))
        if not places:
            return
        here = [place for place in places if place[0] == self.pages.currentIndex()]
        page, widget, row, column = here[0] if here else min(places, key=lambda p: p[0])
        self.pages.setCurrentIndex(page)
        if widget is self.area_table and row >= 0:
            self.area_table.setCurrentCell(row, column)
            item = self.area_table.item(row, column)
            if item is not None:
                self.area_table.scrollToItem(item)
        widget.setFocus(Qt.FocusReason.OtherFocusReason)

    def accept(self) -> None:
        found = self.problems()
        if found:
            self.show_problems(found)
            return
        try:
            edits = self._ledger.areas.validate(self.area_edits())
            changes = self._ledger.settings.validate_changes(self.changes())
            self._ledger.areas.save(edits)
            self._ledger.settings.update(**changes)
        except ValidationError as error:
            self.show_problems(error.problems)
            return
        except UserError as error:
            self._show({"": str(error)})
            return
        super().accept()
