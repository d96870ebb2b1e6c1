"""Excel in and out: export a year; import a workbook after seeing every row's fate.

The import preview says which 工作板块 each sheet goes into (found from its name, title
rows or 工作板块 column, or chosen by the clerk for that sheet), lists every row with the
values it will store, and lets the clerk untick rows — the suspected duplicates above all.
"""

from __future__ import annotations

import datetime as dt
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from PySide6.QtCore import QSortFilterProxyModel, QStandardPaths, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from wenming_desktop.actions.changes import NOTHING
from wenming_desktop.books.fields import ENTRY_FIELDS
from wenming_desktop.gui import messages, operations
from wenming_desktop.gui.dialog_buttons import Standard, dialog_buttons
from wenming_desktop.gui.list_model import Index, ListTableModel
from wenming_desktop.ledger import Ledger

if TYPE_CHECKING:
    from wenming_desktop.actions.excel_import import Imported, WorkbookRead
    from wenming_desktop.exchange.excel_import import ImportPlan, RowKey, SheetReport

TO_IMPORT, SUSPECT, PRESENT, REFUSED, SKIPPED = "导入", "疑似重复", "已在台账", "不导入", "跳过"
STATUS_COLOURS = {
    TO_IMPORT: "#1e7b34",
    SUSPECT: "#a34700",
    PRESENT: "#5b6673",
    REFUSED: "#b00020",
    SKIPPED: "#8a5a00",
}
SUSPECT_BACKGROUND = "#fff4d6"
GREY = "#5b6673"
SHORTENED = 30  # characters of 活动内容 and 成效/备注 the preview shows
SHEETS_HEIGHT = 140  # the sheets' box scrolls past about four sheets
#: The 显示 box: which rows the preview lists.
SHOWN: tuple[tuple[str, frozenset[str] | None], ...] = (
    ("全部行", None),
    ("将导入的行", frozenset({TO_IMPORT, SUSPECT})),
    ("疑似重复的行", frozenset({SUSPECT})),
    ("不导入和跳过的行", frozenset({REFUSED, SKIPPED})),
    ("已在台账中的行", frozenset({PRESENT})),
)
#: 结果, 工作表, 行, 说明, 工作板块, then the fields (ENTRY_FIELDS; the last one stretched).
COLUMN_WIDTHS = (92, 100, 40, 200, 70, 84, 76, 160, 56, 100, 116, 64, 64, 140)


def export_excel(ledger: Ledger, parent: QWidget, year: int) -> None:
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    unit = ledger.settings.load().unit_name
    name, _filter = QFileDialog.getSaveFileName(
        parent,
        "导出 Excel",
        str(Path(folder) / f"{unit}{year}年活动台账.xlsx"),
        "Excel 工作簿 (*.xlsx)",
    )
    if name:
        target = Path(name)
        export_excel_to(
            ledger,
            parent,
            year,
            target if target.suffix.lower() == ".xlsx" else target.with_suffix(".xlsx"),
        )


def export_excel_to(ledger: Ledger, parent: QWidget, year: int, target: Path) -> None:
    from wenming_desktop.exchange.excel_export import export_workbook

    operations.run(
        parent,
        "导出 Excel",
        lambda: export_workbook(ledger, year, target),
        lambda path: messages.inform(parent, "导出 Excel", f"已导出 {year} 年记录：{path}"),
    )


class PreviewRow(NamedTuple):
    """One row of the workbook in the preview: what importing will do with it."""

    status: str  # a key of STATUS_COLOURS
    sheet: str
    row: int
    area: str
    values: tuple[str, ...]  # per ENTRY_FIELDS
    reason: str
    order: int  # the sheet's place in the workbook

    @property
    def key(self) -> RowKey:
        return (self.sheet, self.row)

    @property
    def tickable(self) -> bool:
        return self.status in (TO_IMPORT, SUSPECT)


class PreviewModel(ListTableModel):
    """Every row of the workbook, every value it will store and what importing will do
    with it; rows to import carry a tick the clerk may take off (``left_out``)."""

    HEADERS = ("结果", "工作表", "行", "说明", "工作板块", *(f.title for f in ENTRY_FIELDS))
    FIRST_FIELD = 5
    #: The ticks changed (the clerk took one off or put it back).
    ticks_changed = Signal()

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.left_out: set[RowKey] = set()

    def set_plan(
        self, plan: ImportPlan, area_names: dict[int, str], left_out: set[RowKey] | None = None
    ) -> None:
        from wenming_desktop.actions.excel_import import shown_values

        order = {sheet.name: index for index, sheet in enumerate(plan.sheets)}
        rows: list[PreviewRow] = []
        for status, items in ((TO_IMPORT, plan.rows), (PRESENT, plan.present)):
            for item in items:
                shown = shown_values(item.entry, shorten=SHORTENED)
                rows.append(
                    PreviewRow(
                        SUSPECT if item.suspect else status,
                        item.sheet,
                        item.row,
                        area_names.get(item.entry.area_id, ""),
                        tuple(shown[f.name] for f in ENTRY_FIELDS),
                        item.suspect or item.note,
                        order.get(item.sheet, 0),
                    )
                )
        for refused in plan.refused:
            values = tuple(refused.cells.get(f.name, "")[:SHORTENED] for f in ENTRY_FIELDS)
            if not any(values):  # no mapped column (none saved): the row's own texts
                values = (" ".join(v for v in refused.values if v)[:40], *values[1:])
            rows.append(
                PreviewRow(
                    REFUSED, refused.sheet, refused.row, "", values, refused.reason,
                    order.get(refused.sheet, 0),
                )
            )  # fmt: skip
        empty = ("",) * len(ENTRY_FIELDS)
        for skipped in plan.skipped:
            rows.append(
                PreviewRow(
                    SKIPPED, skipped.sheet, skipped.row, "", empty, skipped.reason,
                    order.get(skipped.sheet, 0),
                )
            )  # fmt: skip
        rows.sort(key=lambda r: (r.order, r.row))
        keys = {row.key for row in rows if row.tickable}
        self.left_out = {key for key in (left_out or set()) if key in keys}
        self.set_items(rows)

    def cell(self, row: PreviewRow, column: int) -> str:
        if column == 0:
            return row.status
        if column == 1:
            return row.sheet
        if column == 2:
            return str(row.row)
        if column == 3:
            return row.reason
        if column == 4:
            return row.area
        return row.values[column - self.FIRST_FIELD]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row: PreviewRow = self.items[index.row()]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self.cell(row, column)
        if role == Qt.ItemDataRole.CheckStateRole and column == 0 and row.tickable:
            left = row.key in self.left_out
            return Qt.CheckState.Unchecked if left else Qt.CheckState.Checked
        if role == Qt.ItemDataRole.ForegroundRole and column == 0:
            return QBrush(QColor(STATUS_COLOURS.get(row.status, "#000000")))
        if role == Qt.ItemDataRole.BackgroundRole and row.status == SUSPECT:
            return QBrush(QColor(SUSPECT_BACKGROUND))
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 2:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.isValid() and index.column() == 0 and self.items[index.row()].tickable:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.CheckStateRole or not index.isValid():
            return False
        row: PreviewRow = self.items[index.row()]
        if index.column() != 0 or not row.tickable:
            return False
        checked = value in (Qt.CheckState.Checked, Qt.CheckState.Checked.value)
        (self.left_out.discard if checked else self.left_out.add)(row.key)
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
        self.ticks_changed.emit()
        return True

    def statuses(self) -> list[str]:
        return [row.status for row in self.items]

    def ticked(self) -> int:
        return sum(1 for row in self.items if row.tickable and row.key not in self.left_out)


class ShownRows(QSortFilterProxyModel):
    """The preview's rows of the statuses chosen in its 显示 box (all when None)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.statuses: frozenset[str] | None = None

    def show_only(self, statuses: frozenset[str] | None) -> None:
        if hasattr(self, "beginFilterChange"):  # Qt 6.10 and later
            self.beginFilterChange()
            self.statuses = statuses
            self.endFilterChange()
        else:
            self.statuses = statuses
            self.invalidateRowsFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        if self.statuses is None:
            return True
        model = self.sourceModel()
        assert isinstance(model, PreviewModel)
        return model.items[source_row].status in self.statuses


class ColumnMappingDialog(QDialog):
    """Which column of the sheet holds which field (for headers the app did not recognise)."""

    def __init__(self, headers: list[str], mapping: dict[str, int], parent: QWidget | None = None):
        from wenming_desktop.exchange.excel_import import FIELD_LABELS

        super().__init__(parent)
        self.setWindowTitle("调整列对应")
        self.combos: dict[str, QComboBox] = {}
        self.remember = QCheckBox("记住此对应（以后遇到同样的表头自动使用）")
        self.remember.setChecked(True)
        form = QFormLayout()
        for field, label in FIELD_LABELS.items():
            combo = QComboBox()
            combo.addItem("（不导入）", -1)
            for index, header in enumerate(headers):
                combo.addItem(f"第{index + 1}列：{header or '（空）'}", index)
            combo.setCurrentIndex(max(combo.findData(mapping.get(field, -1)), 0))
            self.combos[field] = combo
            form.addRow(label, combo)
        buttons = dialog_buttons(self, Standard.Ok, Standard.Cancel)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("请为每一项选择表格中对应的列："))
        layout.addLayout(form)
        layout.addWidget(self.remember)
        layout.addWidget(buttons)

    def mapping(self) -> dict[str, int]:
        return {f: c.currentData() for f, c in self.combos.items() if c.currentData() >= 0}


def _found_text(sheet: SheetReport) -> str:
    """The first item of a sheet's area box: the area found without the clerk's choice."""
    from wenming_desktop.actions.excel_import import AREA_FROM

    if sheet.area and sheet.area_from in ("name", "title"):
        return f"自动：{sheet.area}（{AREA_FROM[sheet.area_from]}）"
    if sheet.area_from == "column":
        return "自动：按表中的“工作板块”列"
    return "请选择工作板块"


class SheetChoice(NamedTuple):
    """A read sheet's line in the dialog: the area box and what was understood of it."""

    combo: QComboBox
    detail: QLabel


class ImportExcelDialog(QDialog):
    """导入 Excel: each sheet's 工作板块 (found or chosen), every row's fate and values, the
    rows to import ticked; importing adds the ticked ones in one transaction."""

    def __init__(
        self, ledger: Ledger, path: Path, year: int | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"导入 Excel — {path.name}")
        self._ledger = ledger
        self._path = path
        self._areas = ledger.areas.all()
        self._mapping: dict[str, int] | None = None
        self._mapping_note = ""  # says that the clerk's saved mapping is in use
        self._headers: list[str] | None = None  # of the last read; None: not known
        self._chosen: dict[str, int] = {}  # sheet title -> area id the clerk chose
        self._found: dict[str, str] = {}  # sheet title -> its area as found (not chosen)
        self.plan: ImportPlan | None = None
        self.result_text = ""
        self.changed = NOTHING  # what the import added, once done
        self.imported: Imported | None = None  # the import's outcome (its entries' ids)
        self.sheets: dict[str, SheetChoice] = {}  # the area box of each sheet read
        self._details: dict[str, QLabel] = {}  # what was understood of each sheet
        self._sheet_lines: list[tuple[str, bool]] = []  # the sheets shown (name, read)

        self.year_combo = QComboBox()
        this_year = dt.date.today().year
        for each in range(this_year, 1999, -1):
            self.year_combo.addItem(f"{each}年", each)
        self.year_combo.setCurrentIndex(max(self.year_combo.findData(year or this_year), 0))
        self.mapping_button = QPushButton("调整列对应…")
        self.reread_button = QPushButton("重新读取")
        self.shown_combo = QComboBox()
        for text, statuses in SHOWN:
            self.shown_combo.addItem(text, statuses)
        choices = QHBoxLayout()
        choices.addWidget(QLabel("只写了月日的日期按"))
        choices.addWidget(self.year_combo)
        choices.addStretch(1)
        choices.addWidget(self.mapping_button)
        choices.addWidget(self.reread_button)

        self.summary = QLabel("正在读取……")
        self.summary.setWordWrap(True)
        self.mapping_note = QLabel()
        self.mapping_note.setStyleSheet(f"color: {GREY};")
        self.mapping_note.hide()
        self.sheet_grid = QGridLayout()
        self.sheet_grid.setColumnStretch(2, 1)
        self.sheet_grid.setContentsMargins(6, 4, 6, 4)
        holder = QWidget()
        holder.setLayout(self.sheet_grid)
        self.sheet_area = QScrollArea()
        self.sheet_area.setWidget(holder)
        self.sheet_area.setWidgetResizable(True)
        self.sheet_area.setFrameShape(QFrame.Shape.NoFrame)
        self.sheets_warning = QLabel()
        self.sheets_warning.setWordWrap(True)
        self.sheets_warning.setStyleSheet(f"color: {STATUS_COLOURS[REFUSED]};")
        self.sheets_warning.hide()
        sheets_box = QGroupBox("各工作表的工作板块")
        box = QVBoxLayout(sheets_box)
        box.addWidget(self.sheets_warning)
        box.addWidget(self.sheet_area)

        self.model = PreviewModel(self)
        self.shown = ShownRows(self)
        self.shown.setSourceModel(self.model)
        self.table = QTableView()
        self.table.setModel(self.shown)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        for column, width in enumerate(COLUMN_WIDTHS):
            self.table.setColumnWidth(column, width)
        rows_bar = QHBoxLayout()
        rows_bar.addWidget(self.summary, 1)
        rows_bar.addWidget(QLabel("显示"))
        rows_bar.addWidget(self.shown_combo)

        buttons = dialog_buttons(self, Standard.Cancel)
        self.import_button = buttons.addButton("导入", QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setEnabled(False)
        self.import_button.clicked.connect(self.apply)
        self.mapping_button.clicked.connect(self.adjust_mapping)
        self.reread_button.clicked.connect(self.read)
        self.year_combo.currentIndexChanged.connect(self.read)
        self.shown_combo.currentIndexChanged.connect(self._show_rows)
        self.model.ticks_changed.connect(self._count_ticks)

        layout = QVBoxLayout(self)
        layout.addLayout(choices)
        layout.addWidget(sheets_box)
        layout.addWidget(self.mapping_note)
        layout.addLayout(rows_bar)
        layout.addWidget(self.table, 1)
        note = QLabel(
            "“疑似重复”的行与另一行日期、名称、地点相同但其他内容不同，默认导入，取消勾选则不导入。"
            "导入是“全部或全不”；同一表格再次导入（无论选择哪个板块）不会重复添加。"
        )
        note.setWordWrap(True)
        note.setStyleSheet(f"color: {GREY};")
        layout.addWidget(note)
        layout.addWidget(buttons)
        self._fit_screen()
        self.read()

    def _fit_screen(self) -> None:
        screen = self.screen().availableGeometry()
        self.resize(min(1180, screen.width() - 40), min(700, screen.height() - 60))

    # -- reading ---------------------------------------------------------------------
    def read(self) -> None:
        from wenming_desktop.actions.excel_import import read_for_import

        self.import_button.setEnabled(False)
        self.summary.setText("正在读取……")
        ledger, path, year = self._ledger, self._path, self.year_combo.currentData()
        mapping = self._mapping
        by_id = {area.id: area for area in self._areas}
        chosen = {sheet: by_id[i] for sheet, i in self._chosen.items() if i in by_id}
        operations.run(
            self,
            "读取 Excel",
            lambda steps: read_for_import(
                ledger, path, year=year, sheet_areas=chosen, mapping=mapping, steps=steps
            ),
            self._show_read,
            progress=True,
            on_failure=self._show_failure,
            tell=False,
        )

    def _show_read(self, read: WorkbookRead) -> None:
        self._headers = read.headers
        if read.source == "saved":
            self._mapping = read.mapping
            self._mapping_note = "已使用保存的列对应。"
        plan = self.plan = read.plan
        names = {a.id: a.short_name for a in self._areas}
        self.model.set_plan(plan, names, self.model.left_out)
        self.mapping_note.setText(self._mapping_note)
        self.mapping_note.setVisible(bool(self._mapping_note))
        self._show_sheets(plan)
        self._count_ticks()

    def _show_failure(self, error: Exception, reason: str) -> None:
        from wenming_desktop.actions.excel_import import HeaderNotFound

        self._headers = error.headers if isinstance(error, HeaderNotFound) else None
        self.plan = None
        self.model.set_items([])
        self._clear_sheets()
        self.sheets_warning.hide()
        self.summary.setText(f"无法读取：{reason}\n可以点击“调整列对应…”手动指定每一项在哪一列。")

    def _count_ticks(self) -> None:
        if self.plan is None:
            return
        ticked = self.model.ticked()
        left = len(self.plan.rows) - ticked
        left_text = f"（{left} 条未勾选）" if left else ""
        self.summary.setText(f"{self.plan.summary()}将导入 {ticked} 条{left_text}。")
        self.import_button.setText(f"导入 {ticked} 条" if ticked else "导入")
        self.import_button.setEnabled(ticked > 0)

    def _show_rows(self) -> None:
        self.shown.show_only(self.shown_combo.currentData())

    # -- the sheets ------------------------------------------------------------------
    def _clear_sheets(self) -> None:
        while self.sheet_grid.count():
            item = self.sheet_grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.sheets = {}
        self._details = {}
        self._sheet_lines = []

    def _show_sheets(self, plan: ImportPlan) -> None:
        """One line per sheet: its name, its area box (read sheets), what was understood.

        The lines are kept while the workbook's sheets stay the same (a box keeps focus)."""
        lines = [(sheet.name, sheet.read) for sheet in plan.sheets]
        if lines != self._sheet_lines:
            self._build_sheets(plan)
        unknown: list[str] = []
        for sheet in plan.sheets:
            text, columns = self._sheet_detail(plan, sheet)
            self._details[sheet.name].setText(text)
            self._details[sheet.name].setToolTip(columns)
            choice = self.sheets.get(sheet.name)
            if choice is None:
                continue
            if sheet.area_from != "chosen":
                self._found[sheet.name] = _found_text(sheet)
            combo = choice.combo
            combo.blockSignals(True)
            combo.setItemText(0, self._found.get(sheet.name, "自动识别"))
            combo.setCurrentIndex(max(combo.findData(self._chosen.get(sheet.name, 0)), 0))
            combo.blockSignals(False)
            missing = not sheet.area and sheet.area_from != "column"
            combo.setStyleSheet(f"color: {STATUS_COLOURS[REFUSED]};" if missing else "")
            if missing:
                unknown.append(f"“{sheet.name}”")
        self.sheets_warning.setText(
            f"{'、'.join(unknown)}没有识别出工作板块：请为它选择，否则它的行不导入。"
            if unknown
            else ""
        )
        self.sheets_warning.setVisible(bool(unknown))
        QTimer.singleShot(0, self._fit_sheets)  # once new lines are shown (that is queued)

    def _build_sheets(self, plan: ImportPlan) -> None:
        self._clear_sheets()
        for line, sheet in enumerate(plan.sheets):
            self.sheet_grid.addWidget(QLabel(f"“{sheet.name}”"), line, 0)
            detail = QLabel()
            detail.setWordWrap(True)
            detail.setStyleSheet(f"color: {GREY};")
            self.sheet_grid.addWidget(detail, line, 2)
            self._details[sheet.name] = detail
            if not sheet.read:
                self.sheet_grid.addWidget(QLabel("不导入"), line, 1)
                continue
            combo = QComboBox()
            combo.addItem("自动识别", 0)
            for area in self._areas:
                combo.addItem(area.short_name, area.id)
            combo.currentIndexChanged.connect(partial(self._choose_area, sheet.name, combo))
            self.sheet_grid.addWidget(combo, line, 1)
            self.sheets[sheet.name] = SheetChoice(combo, detail)
        self._sheet_lines = [(sheet.name, sheet.read) for sheet in plan.sheets]
        for line in range(self.sheet_grid.rowCount()):
            self.sheet_grid.setRowStretch(line, 0)
        self.sheet_grid.setRowStretch(len(plan.sheets), 1)  # room left over goes below

    def _fit_sheets(self) -> None:
        """The sheets' box as high as its lines, up to SHEETS_HEIGHT (then it scrolls)."""
        grid, width = self.sheet_grid, self.sheet_area.viewport().width()
        high = grid.heightForWidth(width) if grid.hasHeightForWidth() else -1
        wanted = (high if high > 0 else grid.sizeHint().height()) + 2
        self.sheet_area.setFixedHeight(min(wanted, SHEETS_HEIGHT))

    @staticmethod
    def _sheet_detail(plan: ImportPlan, sheet: SheetReport) -> tuple[str, str]:
        """What was understood of a sheet, on one line, and its columns (the tooltip)."""
        from wenming_desktop.exchange.excel_import import FIELD_LABELS

        if sheet.header_row is None or not sheet.read:
            return sheet.note or "未找到表头，未读取。", ""
        rows = sum(1 for row in plan.rows if row.sheet == sheet.name)
        refused = sum(1 for row in plan.refused if row.sheet == sheet.name)
        pairs = "、".join(f"{FIELD_LABELS.get(f, f)}←{h}" for f, h in sheet.columns.items())
        said = f"可导入 {rows} 条，无法导入 {refused} 行；第{sheet.header_row}行为表头。"
        return f"{said}{sheet.note}", f"第{sheet.header_row}行为表头：{pairs}"

    def _choose_area(self, sheet: str, combo: QComboBox, _index: int = 0) -> None:
        area_id = combo.currentData()
        if area_id:
            self._chosen[sheet] = area_id
        else:
            self._chosen.pop(sheet, None)
        self.read()

    # -- columns ---------------------------------------------------------------------
    def adjust_mapping(self) -> None:
        """Ask which column holds what, on the header row the last read found."""
        from wenming_desktop.actions.excel_import import workbook_headers

        if self._headers is not None:
            self._ask_mapping(self._headers)
            return
        path, mapping = self._path, self._mapping
        operations.run(  # the last read failed or was cancelled: read the header only
            self,
            "读取表头",
            lambda: workbook_headers(path, mapping),
            self._ask_mapping,
            on_failure=lambda _error, _reason: messages.warn(
                self, "调整列对应", "无法打开这个文件，无法调整列对应。"
            ),
            tell=False,
        )

    def _ask_mapping(self, headers: list[str]) -> None:
        from wenming_desktop.actions.excel_import import remember_mapping
        from wenming_desktop.exchange.excel_import import suggest_mapping

        if not any(headers):
            messages.warn(self, "调整列对应", "表格是空的，没有可以对应的列。")
            return
        dialog = ColumnMappingDialog(headers, self._mapping or suggest_mapping(headers), self)
        if dialog.exec():
            self._mapping = dialog.mapping()
            self._mapping_note = ""
            if dialog.remember.isChecked():
                remember_mapping(self._ledger, headers, self._mapping)
            self.read()

    # -- importing -------------------------------------------------------------------
    def apply(self) -> None:
        from wenming_desktop.actions.excel_import import apply_plan

        if self.plan is None:
            return
        self.import_button.setEnabled(False)
        plan, left_out = self.plan, set(self.model.left_out)

        def done(imported: Imported) -> None:
            self.imported = imported
            self.changed = imported.changed
            self.result_text = imported.result.summary()
            messages.inform(self, "导入 Excel", self.result_text)
            self.accept()

        operations.run(
            self,
            "导入",
            partial(apply_plan, self._ledger, plan, leave_out=left_out),
            done,
            progress=True,
            on_failure=lambda _error, _reason: self.import_button.setEnabled(True),
            on_cancelled=lambda: self.import_button.setEnabled(True),
        )
