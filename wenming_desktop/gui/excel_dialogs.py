"""Excel in and out: export a year; import a workbook after seeing every row's fate."""

from __future__ import annotations

import datetime as dt
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QStandardPaths,
    Qt,
)
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from wenming_desktop.actions.changes import NOTHING
from wenming_desktop.gui import messages, operations
from wenming_desktop.gui.dialog_buttons import Standard, dialog_buttons
from wenming_desktop.gui.list_model import Index, ListTableModel
from wenming_desktop.ledger import Ledger

if TYPE_CHECKING:
    from wenming_desktop.actions.excel_import import Imported, WorkbookRead
    from wenming_desktop.books.records import Area
    from wenming_desktop.exchange.excel_import import ImportPlan

BY_SHEET = 0
STATUS_COLOURS = {"导入": "#1e7b34", "已在台账": "#5b6673", "不导入": "#b00020", "跳过": "#8a5a00"}


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


class PreviewModel(ListTableModel):
    """Every row of the workbook and what importing will do with it."""

    HEADERS = ("结果", "工作表", "行", "日期", "工作板块", "活动名称", "说明")

    def set_plan(self, plan: ImportPlan, area_names: dict[int, str]) -> None:
        rows: list[tuple[str, ...]] = []
        for status, items in (("导入", plan.rows), ("已在台账", plan.present)):
            for item in items:
                entry = item.entry
                rows.append(
                    (
                        status,
                        item.sheet,
                        str(item.row),
                        entry.date.isoformat(),
                        area_names.get(entry.area_id, ""),
                        entry.name,
                        "",
                    )
                )
        for refused in plan.refused:
            rows.append(
                (
                    "不导入",
                    refused.sheet,
                    str(refused.row),
                    "",
                    "",
                    " ".join(v for v in refused.values if v)[:40],
                    refused.reason,
                )
            )
        for skipped in plan.skipped:
            rows.append(("跳过", skipped.sheet, str(skipped.row), "", "", "", skipped.reason))
        rows.sort(key=lambda r: (r[1], int(r[2])))
        self.set_items(rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.items[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return row[index.column()]
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == 0:
            return QBrush(QColor(STATUS_COLOURS.get(row[0], "#000000")))
        return None

    def statuses(self) -> list[str]:
        return [row[0] for row in self.items]


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


class ImportExcelDialog(QDialog):
    def __init__(
        self, ledger: Ledger, path: Path, year: int | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"导入 Excel — {path.name}")
        self.resize(980, 620)
        self._ledger = ledger
        self._path = path
        self._mapping: dict[str, int] | None = None
        self._mapping_note = ""  # says that the clerk's saved mapping is in use
        self._headers: list[str] | None = None  # of the last read; None: not known
        self.plan: ImportPlan | None = None
        self.result_text = ""
        self.changed = NOTHING  # what the import added, once done

        self.year_combo = QComboBox()
        this_year = dt.date.today().year
        for each in range(this_year, 1999, -1):
            self.year_combo.addItem(f"{each}年", each)
        self.year_combo.setCurrentIndex(max(self.year_combo.findData(year or this_year), 0))
        self.area_combo = QComboBox()
        self.area_combo.addItem("按表中的“工作板块”列或工作表名", BY_SHEET)
        for area in ledger.areas.all():
            self.area_combo.addItem(f"全部导入到“{area.short_name}”", area.id)
        self.mapping_button = QPushButton("调整列对应…")
        self.reread_button = QPushButton("重新读取")
        choices = QHBoxLayout()
        choices.addWidget(QLabel("只写了月日的日期按"))
        choices.addWidget(self.year_combo)
        choices.addSpacing(12)
        choices.addWidget(QLabel("工作板块"))
        choices.addWidget(self.area_combo, 1)
        choices.addWidget(self.mapping_button)
        choices.addWidget(self.reread_button)

        self.summary = QLabel("正在读取……")
        self.summary.setWordWrap(True)
        self.columns = QLabel()
        self.columns.setWordWrap(True)
        self.columns.setStyleSheet("color: #5b6673;")
        self.model = PreviewModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(6, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnWidth(1, 120)
        self.table.setColumnWidth(5, 240)
        buttons = dialog_buttons(self, Standard.Cancel)
        self.import_button = buttons.addButton("导入", QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setEnabled(False)
        self.import_button.clicked.connect(self.apply)
        self.mapping_button.clicked.connect(self.adjust_mapping)
        self.reread_button.clicked.connect(self.read)
        self.year_combo.currentIndexChanged.connect(self.read)
        self.area_combo.currentIndexChanged.connect(self.read)

        layout = QVBoxLayout(self)
        layout.addLayout(choices)
        layout.addWidget(self.summary)
        layout.addWidget(self.columns)
        layout.addWidget(self.table, 1)
        note = QLabel(
            "导入是“全部或全不”：任何一条写入失败，本次导入全部撤销。同一文件再次导入不会重复添加。"
        )
        note.setStyleSheet("color: #5b6673;")
        layout.addWidget(note)
        layout.addWidget(buttons)
        self.read()

    def _area(self) -> Area | None:
        area_id = self.area_combo.currentData()
        return next((a for a in self._ledger.areas.all() if a.id == area_id), None)

    def read(self) -> None:
        from wenming_desktop.actions.excel_import import read_for_import

        self.import_button.setEnabled(False)
        self.summary.setText("正在读取……")
        ledger, path, year = self._ledger, self._path, self.year_combo.currentData()
        area, mapping = self._area(), self._mapping
        operations.run(
            self,
            "读取 Excel",
            lambda steps: read_for_import(
                ledger, path, year=year, area=area, mapping=mapping, steps=steps
            ),
            self._show_read,
            progress=True,
            on_failure=self._show_failure,
            tell=False,
        )

    def _show_read(self, read: WorkbookRead) -> None:
        from wenming_desktop.exchange.excel_import import FIELD_LABELS

        self._headers = read.headers
        if read.source == "saved":
            self._mapping = read.mapping
            self._mapping_note = "已使用保存的列对应。"
        plan = self.plan = read.plan
        names = {a.id: a.short_name for a in self._ledger.areas.all()}
        self.model.set_plan(plan, names)
        self.summary.setText(plan.summary())
        described = [self._mapping_note] if self._mapping_note else []
        for sheet in plan.sheets:
            if sheet.header_row is None:
                described.append(f"“{sheet.name}”：{sheet.note or '未找到表头，未读取'}")
                continue
            pairs = "、".join(f"{FIELD_LABELS.get(f, f)}←{h}" for f, h in sheet.columns.items())
            described.append(f"“{sheet.name}”第{sheet.header_row}行为表头：{pairs}")
        self.columns.setText("\n".join(described))
        self.import_button.setEnabled(bool(plan.rows))

    def _show_failure(self, error: Exception, reason: str) -> None:
        from wenming_desktop.actions.excel_import import HeaderNotFound

        self._headers = error.headers if isinstance(error, HeaderNotFound) else None
        self.summary.setText(f"无法读取：{reason}\n可以点击“调整列对应…”手动指定每一项在哪一列。")

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

    def apply(self) -> None:
        from wenming_desktop.actions.excel_import import apply_plan

        if self.plan is None:
            return
        self.import_button.setEnabled(False)
        plan = self.plan

        def done(imported: Imported) -> None:
            self.changed = imported.changed
            self.result_text = imported.result.summary()
            messages.inform(self, "导入 Excel", self.result_text)
            self.accept()

        operations.run(
            self,
            "导入",
            partial(apply_plan, self._ledger, plan),
            done,
            progress=True,
            on_failure=lambda _error, _reason: self.import_button.setEnabled(True),
            on_cancelled=lambda: self.import_button.setEnabled(True),
        )
