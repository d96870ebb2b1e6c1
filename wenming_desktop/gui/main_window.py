"""The main window: one tab per work area, the toolbar, undo, status bar."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QUndoStack
from PySide6.QtWidgets import QFileDialog, QLabel, QMainWindow, QWidget

import wenming_desktop
from wenming_desktop import APP_NAME
from wenming_desktop.actions.changes import Changed
from wenming_desktop.gui import messages, window_geometry
from wenming_desktop.gui.events import LedgerEvents
from wenming_desktop.gui.forms.ui_main_window import Ui_MainWindow
from wenming_desktop.gui.icons import icon
from wenming_desktop.paths import DataFolder

# What needs the ledger (and so SQLAlchemy, ≈ 0.3 s to import) is imported by the methods
# that use it: the window's frame is painted before any of it is loaded (see WindowFrame).
if TYPE_CHECKING:
    from wenming_desktop.books.draft import EntryDraft
    from wenming_desktop.books.records import EntryDetail, ListingTotals
    from wenming_desktop.gui.area_tab import AllAreasSearch, AreaTab
    from wenming_desktop.gui.help import HelpDialog
    from wenming_desktop.gui.trash_dialog import TrashDialog
    from wenming_desktop.ledger import Ledger

#: Entries changed, nobody knows which or where (sample data …): every area tab refreshes.
ENTRIES_UNKNOWN = Changed.of_entries(None, None)

REMOVE_SAMPLE = "删除全部示例数据"

#: The undo/redo items of the 编辑 menu name the step ("撤销删除 8 条记录"); the toolbar's
#: buttons keep these short labels, so nothing on the toolbar moves (see the .ui's iconText).
UNDO, REDO = "撤销", "重做"

#: A search's people/hours arriving later than this are announced as “正在合计人次……”;
#: quicker ones (most of them) simply appear, without the message flashing by.
SUMMING_NOTICE_MS = 300


@dataclass(frozen=True, slots=True)
class WindowFrame:
    """What the window shows before the ledger is open: read with the standard library."""

    data_dir: Path
    unit_name: str
    area_names: tuple[str, ...]


class MainWindow(QMainWindow):
    """``MainWindow(ledger)`` builds the whole window. At start-up the application first
    shows ``MainWindow(frame=…)`` — menus, toolbar and the tabs' names, painted before the
    ledger's code is even imported — and then calls :meth:`attach`."""

    def __init__(
        self,
        ledger: Ledger | None = None,
        parent: QWidget | None = None,
        *,
        frame: WindowFrame | None = None,
    ) -> None:
        super().__init__(parent)
        self.ui = Ui_MainWindow()
        self.ui.setupUi(self)
        self.setWindowIcon(icon("app"))
        self._set_icons()  # the frame's toolbar looks as it will (greyed out)
        self.attached = False
        #: A backup to restore: set by 备份与恢复, acted on by the application after closing.
        self.restore_requested: Path | None = None
        self.area_tabs: list[AreaTab] = []
        self._placeholders: list[QWidget] = []
        self._frame_disabled: list[QAction] = []
        self._notice = ""  # the last tell(): kept in the status bar when undo clears it
        self.help_dialog: HelpDialog | None = None
        if ledger is not None:
            self.attach(ledger)
        elif frame is not None:
            self._show_frame(frame)

    def _show_frame(self, frame: WindowFrame) -> None:
        self.setWindowTitle(frame.unit_name)
        # Until the ledger is open, nothing can be done (and undo/redo keep their own state).
        self._frame_disabled = [a for a in self.findChildren(QAction) if a.isEnabled()]
        for action in self._frame_disabled:
            action.setEnabled(False)
        for name in (*frame.area_names, "统计", "年度总结"):
            waiting = QLabel("正在打开台账……")
            waiting.setAlignment(Qt.AlignmentFlag.AlignCenter)
            waiting.setStyleSheet("color: #5b6673;")
            self._placeholders.append(waiting)
            self.ui.tabs.addTab(waiting, name)
        window_geometry.restore(self, DataFolder(frame.data_dir).window_state)

    def attach(self, ledger: Ledger) -> None:
        """Fill the window with the ledger's tabs (replacing a frame's placeholders)."""
        from wenming_desktop.gui.stats_tab import StatsTab
        from wenming_desktop.gui.summary_tab import SummaryTab

        shown_as_frame = bool(self._placeholders)
        for action in self._frame_disabled:
            action.setEnabled(True)
        self._frame_disabled = []
        self.ledger = ledger
        self.events = LedgerEvents(self)
        self.undo_stack = QUndoStack(self)
        self.all_areas_search: AllAreasSearch | None = None  # 在全部板块中查找, made when asked
        self.trash_dialog: TrashDialog | None = None
        self._update_title()

        self.totals_label = QLabel()
        self.ui.statusbar.addPermanentWidget(self.totals_label)
        # A search's people and hours follow its rows; only a slow sum says it is coming.
        self._summing_notice = QTimer(self, singleShot=True, interval=SUMMING_NOTICE_MS)
        self._summing_notice.timeout.connect(self._say_summing)
        self._set_up_actions()
        self.stats_tab = StatsTab(ledger)
        self.stats_tab.status_message.connect(self._show_message)
        self.stats_tab.open_period.connect(self.show_area_period)
        self.ui.tabs.addTab(self.stats_tab, "统计")
        self.summary_tab = SummaryTab(ledger)
        self.summary_tab.status_message.connect(self._show_message)
        self.ui.tabs.addTab(self.summary_tab, "年度总结")
        # Each view refreshes what a change touched (see LedgerEvents.publish).
        self.events.areas_changed.connect(self._areas_changed)
        self.events.areas_changed.connect(self.stats_tab.ledger_changed)
        self.events.areas_changed.connect(self.summary_tab.areas_changed)
        self.events.entries_changed.connect(self._entries_changed)
        self.events.entries_changed.connect(self.stats_tab.ledger_changed)
        self.events.entries_changed.connect(self.summary_tab.entries_changed)
        self.events.settings_changed.connect(self._settings_changed)
        self.events.settings_changed.connect(self.summary_tab.settings_changed)
        self.ui.tabs.currentChanged.connect(self._current_tab_changed)
        self._rebuild_tabs()  # and shows the first area's tab
        # The placeholders go last: had they gone first, the 统计 tab would have been shown
        # for a moment and built its charts (0.6 s) before anyone asked for them.
        self.ui.tabs.blockSignals(True)
        for placeholder in self._placeholders:
            self.ui.tabs.removeTab(self.ui.tabs.indexOf(placeholder))
            placeholder.deleteLater()
        self._placeholders = []
        self.ui.tabs.blockSignals(False)
        if not shown_as_frame:
            window_geometry.restore(self, ledger.folder.window_state)
        if ledger.read_only:
            self._show_read_only(ledger.read_only)
        self.attached = True

    def _show_read_only(self, reason: str) -> None:
        """Say so at the top, and offer nothing that would write."""
        self.read_only_notice = QLabel(
            f"只读：{reason}。台账可以查看、查找、打印，也可以导出或备份到其他位置，但不能修改。"
            "请检查数据文件夹的权限或清理磁盘后重新打开程序。"
        )
        self.read_only_notice.setObjectName("readOnlyNotice")
        self.read_only_notice.setWordWrap(True)
        self.read_only_notice.setStyleSheet(
            "background: #fff4ce; border: 1px solid #e0c060; padding: 6px; color: #5a4500;"
        )
        self.ui.centralLayout.insertWidget(0, self.read_only_notice)
        ui = self.ui
        for action in (
            ui.actionNew,
            ui.actionDelete,
            ui.actionImportExcel,
            ui.actionImportPackage,
            ui.actionLoadSample,
            ui.actionRemoveSample,
            ui.actionSettings,
        ):
            action.setEnabled(False)
        self._update_title()

    # -- set up ------------------------------------------------------------------
    def _set_icons(self) -> None:
        ui = self.ui
        for action, name in (
            (ui.actionNew, "add"),
            (ui.actionEdit, "edit"),
            (ui.actionDelete, "delete"),
            (ui.actionUndo, "undo"),
            (ui.actionRedo, "redo"),
            (ui.actionTrash, "trash"),
            (ui.actionSettings, "settings"),
            (ui.actionFind, "search"),
        ):
            action.setIcon(icon(name))

    def _set_up_actions(self) -> None:
        ui = self.ui
        ui.actionEdit.setShortcuts([QKeySequence("Return"), QKeySequence("Enter")])
        # Enter is handled by the table itself (so it never fires from the search box).
        ui.actionEdit.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        ui.actionRedo.setShortcuts([QKeySequence("Ctrl+Y"), QKeySequence("Ctrl+Shift+Z")])
        for action, slot in (
            (ui.actionNew, self.new_entry),
            (ui.actionEdit, self.edit_selected),
            (ui.actionDelete, self.delete_selected),
            (ui.actionUndo, self.undo),
            (ui.actionRedo, self.redo),
            (ui.actionFind, self._focus_search),
            (ui.actionTrash, self.show_trash),
            (ui.actionSettings, self.show_settings),
            (ui.actionLoadSample, self.offer_sample),
            (ui.actionRemoveSample, self.remove_sample),
            (ui.actionPrintLedger, self.print_ledger),
            (ui.actionBackups, self.show_backups),
            (ui.actionExportPackage, self.export_package),
            (ui.actionExportExcel, self.export_excel),
            (ui.actionImportExcel, self.import_excel),
            (ui.actionImportPackage, self.import_package),
            (ui.actionOpenDataFolder, self._open_data_folder),
        ):
            action.triggered.connect(slot)
        from wenming_desktop.gui.area_tab import find_everywhere_action

        self.find_everywhere = find_everywhere_action(self)
        self.find_everywhere.triggered.connect(self.search_everywhere)
        listed = ui.menuEdit.actions()  # right after 查找
        after = listed.index(ui.actionFind) + 1 if ui.actionFind in listed else len(listed)
        if after < len(listed):
            ui.menuEdit.insertAction(listed[after], self.find_everywhere)
        else:
            ui.menuEdit.addAction(self.find_everywhere)
        self.addAction(self.find_everywhere)
        ui.menuTools.aboutToShow.connect(self.update_sample_action)
        ui.actionQuit.triggered.connect(self.close)
        ui.actionAbout.triggered.connect(self._about)
        ui.actionHelp.triggered.connect(self.show_help)
        self.undo_stack.canUndoChanged.connect(ui.actionUndo.setEnabled)
        self.undo_stack.canRedoChanged.connect(ui.actionRedo.setEnabled)
        self.undo_stack.undoTextChanged.connect(self._undo_text_changed)
        self.undo_stack.redoTextChanged.connect(self._redo_text_changed)
        self.undo_stack.indexChanged.connect(self._undo_index_changed)
        ui.actionUndo.setEnabled(False)
        ui.actionRedo.setEnabled(False)

    def _open_data_folder(self) -> None:
        messages.open_folder(self.ledger.folder.root)

    def search_everywhere(self) -> None:
        """在全部板块中查找 (Ctrl+Shift+F): every area's hits, starting from the words of the
        tab's search; choosing one opens its tab. One window, kept up to date."""
        from wenming_desktop.gui.area_tab import AllAreasSearch

        if self.all_areas_search is None:
            self.all_areas_search = AllAreasSearch(self.ledger.entries, self.ui.tabs, self)
            self.events.entries_changed.connect(self.all_areas_search.entries_changed)
        tab = self.current_tab()
        self.all_areas_search.start(tab.search_edit.text().strip() if tab else "")

    def _focus_search(self) -> None:
        tab = self.current_tab()
        if tab is not None:
            tab.focus_search()

    def _show_message(self, text: str) -> None:
        self.statusBar().showMessage(text, 8000)

    def show_area_period(self, area_id: int, year: int, month: int) -> None:
        """Open an area's tab listing one year (and month) — a chart's bar was clicked."""
        tab = self.tab_for_area(area_id)
        if tab is None:
            return
        tab.show_period(year, month or None)  # while hidden: read once, when shown
        self.ui.tabs.setCurrentWidget(tab)

    # -- undo and redo ------------------------------------------------------------------
    def undo(self) -> None:
        self._step(self.undo_stack.undoText(), self.undo_stack.undo, "已撤销")

    def redo(self) -> None:
        self._step(self.undo_stack.redoText(), self.undo_stack.redo, "已重做")

    def _step(self, text: str, step: Callable[[], None], done: str) -> None:
        """Undo or redo, and say which step it was (the message before it is stale now)."""
        step()
        if not self._notice_shown():
            self.statusBar().showMessage(f"{done}：{text}" if text else done, 4000)

    def _undo_text_changed(self, text: str) -> None:
        self._name_step(self.ui.actionUndo, UNDO, text, "撤销上一步操作（Ctrl+Z）")

    def _redo_text_changed(self, text: str) -> None:
        self._name_step(self.ui.actionRedo, REDO, text, "重做撤销的操作（Ctrl+Y）")

    @staticmethod
    def _name_step(action: QAction, verb: str, text: str, idle_tip: str) -> None:
        """The menu item and the tooltip name the step; the toolbar button keeps ``verb``."""
        action.setText(f"{verb}{text}" if text else verb)
        action.setIconText(verb)
        keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        action.setToolTip(f"{verb}{text}（{keys}）" if text else idle_tip)

    def _undo_index_changed(self, _index: int) -> None:
        """A step was done, undone or redone: what the status bar said is out of date (the
        one who did it says what it did next)."""
        if not self._notice_shown():
            self.statusBar().clearMessage()

    def _notice_shown(self) -> bool:
        return bool(self._notice) and self.statusBar().currentMessage() == self._notice

    def _rebuild_tabs(self) -> None:
        """Create (or re-create after settings change) one tab per work area."""
        from wenming_desktop.gui.area_tab import AreaTab

        first_build = not self.area_tabs
        current = self.current_tab()
        current_area = current.area.id if current else None
        years = self.ledger.entries.years()
        self.ui.tabs.blockSignals(True)
        for tab in self.area_tabs:
            self.ui.tabs.removeTab(self.ui.tabs.indexOf(tab))
            tab.deleteLater()
        self.area_tabs = []
        for position, area in enumerate(self.ledger.areas.all()):
            tab = AreaTab(area, self.ledger.entries, years)
            tab.open_entry.connect(self.edit_entry)
            tab.totals_changed.connect(self._tab_totals_changed)
            tab.selection_changed.connect(self._update_actions)
            self.area_tabs.append(tab)
            self.ui.tabs.insertTab(position, tab, area.short_name)
            self.ui.tabs.setTabToolTip(position, area.heading)
            if area.id == current_area:
                self.ui.tabs.setCurrentWidget(tab)
        if first_build and self.area_tabs:
            self.ui.tabs.setCurrentWidget(self.area_tabs[0])
        self.ui.tabs.blockSignals(False)
        self._current_tab_changed()

    def tab_texts(self) -> list[str]:
        return [self.ui.tabs.tabText(index) for index in range(self.ui.tabs.count())]

    def current_tab(self) -> AreaTab | None:
        widget = self.ui.tabs.currentWidget()
        return next((tab for tab in self.area_tabs if tab is widget), None)

    def tab_for_area(self, area_id: int) -> AreaTab | None:
        return next((tab for tab in self.area_tabs if tab.area.id == area_id), None)

    # -- entries -------------------------------------------------------------------
    def _save_new(self, draft: EntryDraft, files: list[Path], _removed: set[int]) -> EntryDetail:
        return self.ledger.entries.add(draft, files)

    def new_entry(self) -> None:
        from wenming_desktop.gui.entry_dialog import EntryDialog

        tab = self.current_tab()
        dialog = EntryDialog(  # today in the current year; a past year's date left to fill in
            self.ledger.areas.all(),
            self.ledger.settings.load().entry_types,
            self._save_new,
            area_id=tab.area.id if tab else None,
            year=tab.selected_year() if tab else None,
            parent=self,
        )
        if dialog.exec() and dialog.saved:
            from wenming_desktop.gui.undo import EntriesAddedCommand

            saved = dialog.saved
            self.undo_stack.push(
                EntriesAddedCommand(
                    self.ledger.entries, [saved.id], self.events.publish, say=self.tell
                )
            )
            self._after_save(saved, before=None)

    def edit_selected(self) -> None:
        tab = self.current_tab()
        ids = tab.selected_entry_ids() if tab else []
        if ids:
            self.edit_entry(ids[0])

    def edit_entry(self, entry_id: int) -> None:
        from wenming_desktop.gui.entry_dialog import EntryDialog

        entry = self.ledger.entries.get(entry_id)
        if entry is None or entry.deleted_at is not None:
            messages.warn(self, "无法编辑", "这条记录已被删除或不存在。")
            where = None if entry is None else [(entry.area_id, entry.date.year)]
            self.events.publish(Changed.of_entries([entry_id], where))
            return

        def save(draft: EntryDraft, files: list[Path], removed: set[int]) -> EntryDetail:
            return self.ledger.entries.update(
                entry_id, draft, add_files=files, remove_attachment_ids=removed
            )

        dialog = EntryDialog(
            self.ledger.areas.all(),
            self.ledger.settings.load().entry_types,
            save,
            entry=entry,
            attachment_path=self.ledger.entries.attachment_path,
            parent=self,
        )
        if dialog.exec() and dialog.saved:
            from wenming_desktop.gui.undo import EntryEditedCommand

            after = self.ledger.entries.get(dialog.saved.id) or dialog.saved
            self.undo_stack.push(
                EntryEditedCommand(
                    self.ledger.entries, entry, after, self.events.publish, say=self.tell
                )
            )
            self._after_save(dialog.saved, before=(entry.area_id, entry.date.year))

    def _after_save(self, saved: EntryDetail, before: tuple[int, int] | None) -> None:
        """Tell the views (the entry's place before and after), then show it saved."""
        places = {(saved.area_id, saved.date.year)} | ({before} if before else set())
        self.events.publish(Changed.of_entries([saved.id], places))
        tab = self.tab_for_area(saved.area_id)
        if tab is None:
            return
        if tab.selected_year() not in (None, saved.date.year):
            tab.year_combo.setCurrentIndex(tab.year_combo.findData(saved.date.year))
        self.ui.tabs.setCurrentWidget(tab)
        tab.select_entries([saved.id])
        self.statusBar().showMessage(f"已保存：{saved.name}", 4000)

    def delete_selected(self) -> None:
        from wenming_desktop.gui.undo import MoveToTrashCommand

        tab = self.current_tab()
        ids = tab.selected_entry_ids() if tab else []
        if not ids:
            return
        self.undo_stack.push(MoveToTrashCommand(self.ledger.entries, ids, self.events.publish))
        self.statusBar().showMessage(f"已将 {len(ids)} 条记录移到回收站。按 Ctrl+Z 可撤销。", 6000)

    def restore_entries(self, ids: list[int]) -> None:
        from wenming_desktop.gui.undo import RestoreCommand

        self.undo_stack.push(RestoreCommand(self.ledger.entries, ids, self.events.publish))
        self.statusBar().showMessage(f"已恢复 {len(ids)} 条记录。", 4000)

    def show_trash(self) -> None:
        from wenming_desktop.gui.trash_dialog import TrashDialog

        if self.trash_dialog is None:
            self.trash_dialog = TrashDialog(
                self.ledger.entries,
                self.ledger.areas.all(),
                self.restore_entries,
                self,
                read_only=bool(self.ledger.read_only),
            )
            self.trash_dialog.purged.connect(self.events.publish)  # 彻底删除 / 清空回收站
            self.events.entries_changed.connect(self.trash_dialog.entries_changed)
            self.events.areas_changed.connect(self._trash_areas_changed)
        self.trash_dialog.refresh()
        self.trash_dialog.show()
        self.trash_dialog.raise_()
        self.trash_dialog.activateWindow()

    def _trash_areas_changed(self, _changed: Changed) -> None:
        if self.trash_dialog is not None:
            self.trash_dialog.set_areas(self.ledger.areas.all())

    def _entries_changed(self, changed: Changed) -> None:
        """Every tab offers the years there now are; the tabs of the areas the change
        touched (all, when not known) read their entries again — a hidden one only marks
        itself stale and reads when it is shown."""
        if changed.areas_edited or changed.ledger_replaced:
            return  # the tabs have just been rebuilt (areas_changed comes first)
        years = self.ledger.entries.years()
        for tab in self.area_tabs:
            tab.set_years(years)
            if changed.areas is None or tab.area.id in changed.areas:
                tab.refresh()
        self._update_actions()

    def _areas_changed(self, _changed: Changed) -> None:
        self._rebuild_tabs()

    def _settings_changed(self, changed: Changed) -> None:
        if "unit_name" in changed.settings:
            self._update_title()

    # -- sample data, settings, about -------------------------------------------------
    def offer_sample(self) -> None:
        if not messages.ask(
            self,
            "加载示例数据",
            "要加载示例数据吗？\n\n示例数据是根据某区总工会2019年精神文明建设工作总结整理的约40条活动记录，"
            "日期为示意，每条都标有“示例”。可用来熟悉本软件，之后可用“工具 → 删除全部示例数据”"
            "一次删除。",
        ):
            return
        result = self.ledger.load_sample()
        if result.added:
            self.events.publish(ENTRIES_UNKNOWN)
            self.statusBar().showMessage(f"已加载示例数据 {result.added} 条。", 6000)
        else:
            messages.inform(self, "加载示例数据", result.message)

    def update_sample_action(self) -> None:
        """“删除全部示例数据” says whether there is any (asked as the 工具 menu opens:
        counting reads the whole table, too slow for every change at 100,000 entries)."""
        from wenming_desktop.actions.sample import sample_entry_ids

        action = self.ui.actionRemoveSample
        if self.ledger.read_only:
            action.setText(REMOVE_SAMPLE)
            action.setEnabled(False)
            return
        count = len(sample_entry_ids(self.ledger))
        action.setText(
            f"{REMOVE_SAMPLE}（{count} 条）…" if count else f"{REMOVE_SAMPLE}（没有示例数据）"
        )
        action.setEnabled(bool(count))

    def remove_sample(self) -> None:
        """Move every sample entry to the 回收站, as one step 撤销 takes back."""
        from wenming_desktop.actions.sample import confirmation, sample_entry_ids
        from wenming_desktop.gui.undo import MoveToTrashCommand

        if self.ledger.read_only:
            return
        ids = sample_entry_ids(self.ledger)
        if not ids:
            messages.inform(self, REMOVE_SAMPLE, "台账中没有示例数据。")
            return
        if not messages.ask(self, REMOVE_SAMPLE, confirmation(len(ids))):
            return
        command = MoveToTrashCommand(self.ledger.entries, ids, self.events.publish)
        command.setText(f"删除 {len(ids)} 条示例数据")
        self.undo_stack.push(command)
        self.statusBar().showMessage(
            f"已将 {len(ids)} 条示例数据移到回收站。按 Ctrl+Z 可撤销。", 6000
        )

    def offer_sample_on_first_start(self) -> None:
        settings = self.ledger.settings.load()
        if self.ledger.read_only:
            return
        if settings.sample_offer_answered or self.ledger.entries.years():
            return
        self.offer_sample()
        self.ledger.settings.update(sample_offer_answered=True)

    def show_backups(self) -> None:
        from wenming_desktop.gui.backup_dialog import BackupDialog

        dialog = BackupDialog(self.ledger, self)
        if dialog.exec() and dialog.restore_from is not None:
            self.restore_requested = dialog.restore_from
            self.close()  # the application restores, then opens a new window on the result

    def print_ledger(self) -> None:
        from wenming_desktop.gui.ledger_dialog import LedgerDialog

        tab = self.current_tab()
        LedgerDialog(
            self.ledger, tab.selected_year() if tab else None, tab.area.id if tab else None, self
        ).exec()

    def _shown_year(self) -> int:
        tab = self.current_tab()
        years = self.ledger.entries.years()
        return (tab.selected_year() if tab else None) or (
            years[0] if years else dt.date.today().year
        )

    def export_excel(self) -> None:
        from wenming_desktop.gui.excel_dialogs import export_excel

        export_excel(self.ledger, self, self._shown_year())

    def import_excel(self) -> None:
        from wenming_desktop.gui.excel_dialogs import ImportExcelDialog

        name, _filter = QFileDialog.getOpenFileName(self, "导入 Excel", "", "Excel 工作簿 (*.xlsx)")
        if not name:
            return
        dialog = ImportExcelDialog(self.ledger, Path(name), self._shown_year(), self)
        if dialog.exec():
            from wenming_desktop.gui.undo import EntriesAddedCommand

            self.events.publish(getattr(dialog, "changed", ENTRIES_UNKNOWN))
            imported = getattr(dialog, "imported", None)
            if imported is not None and imported.entry_ids:  # one step: 撤销导入 N 条记录
                ids = imported.entry_ids
                self.undo_stack.push(
                    EntriesAddedCommand(
                        self.ledger.entries,
                        ids,
                        self.events.publish,
                        f"导入 {len(ids)} 条记录",
                        say=self.tell,
                    )
                )

    def export_package(self) -> None:
        from wenming_desktop.gui.exchange_dialogs import ExportPackageDialog

        tab = self.current_tab()
        ExportPackageDialog(self.ledger, tab.selected_year() if tab else None, self).exec()

    def import_package(self) -> None:
        from wenming_desktop.gui.exchange_dialogs import import_package

        import_package(self.ledger, self, events=self.events)

    def show_settings(self) -> None:
        from wenming_desktop.gui.settings_dialog import SettingsDialog  # needs ReportLab

        if SettingsDialog(self.ledger, self).exec():
            self._update_title()
            self.events.publish(Changed(areas_edited=True))

    def _update_title(self) -> None:
        """The unit's name: Qt itself adds the application's display name, 文明创建台账 (set
        once, in configure_application), on Windows and Linux — "东城区总工会 - 文明创建台账"."""
        title = self.ledger.settings.load().unit_name
        self.setWindowTitle(title + ("（只读）" if self.ledger.read_only else ""))

    def tell(self, text: str) -> None:
        """A notice the clerk should not miss (an automatic backup failed …): undo leaves it."""
        self._notice = text
        self.statusBar().showMessage(text, 30_000)

    def show_help(self) -> None:
        """使用说明, beside the window (it stays open while the clerk works)."""
        from wenming_desktop.gui.help import HelpDialog

        if self.help_dialog is None:
            self.help_dialog = HelpDialog(self)
        self.help_dialog.show()
        self.help_dialog.raise_()
        self.help_dialog.activateWindow()

    def _about(self) -> None:
        messages.inform(
            self,
            f"关于{APP_NAME}",
            f"{APP_NAME} {wenming_desktop.__version__}\n\n"
            "记录精神文明建设各项工作，生成年度工作总结、台账和统计图表。\n"
            f"数据文件夹：{self.ledger.folder.root}",
        )

    # -- status bar and actions ---------------------------------------------------
    def _current_tab_changed(self, _index: int = 0) -> None:
        tab = self.current_tab()
        if tab is not None:
            self._show_totals(tab.totals)
        else:
            self.totals_label.setText("")
        self._update_actions()

    def _tab_totals_changed(self, totals: ListingTotals) -> None:
        if self.sender() is self.current_tab():
            self._show_totals(totals)

    def _show_totals(self, totals: ListingTotals) -> None:
        if not totals.summed:
            self.totals_label.setText(f"共 {totals.count} 条记录")
            self._summing_notice.start()
            return
        self._summing_notice.stop()
        text = f"共 {totals.count} 条记录，参加 {totals.participants} 人次"
        if totals.volunteer_hours:
            text += f"，志愿服务 {totals.volunteer_hours:g} 小时"
        self.totals_label.setText(text)

    def _say_summing(self) -> None:
        tab = self.current_tab()
        if tab is not None and tab.model.summing:
            self.totals_label.setText(f"共 {tab.totals.count} 条记录，正在合计人次……")

    def _update_actions(self) -> None:
        tab = self.current_tab()
        chosen = bool(tab and tab.table.selected_rows())
        self.ui.actionEdit.setEnabled(chosen)  # read-only: the dialog shows the record
        self.ui.actionDelete.setEnabled(chosen and not self.ledger.read_only)

    # -- window state -------------------------------------------------------------
    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.attached:  # a frame closed because the ledger could not be opened
            super().closeEvent(event)
            return
        if not self.summary_tab.save_current():  # never close over text that was not saved
            self.ui.tabs.setCurrentWidget(self.summary_tab)
            event.ignore()
            return
        window_geometry.save(self, self.ledger.folder.window_state)
        super().closeEvent(event)


def read_frame(data_dir: Path) -> WindowFrame:
    """What the frame shows, read without SQLAlchemy (see ``store/sqlite_file.py``)."""
    from wenming_desktop.store.sqlite_file import read_names

    unit_name, area_names = read_names(DataFolder(data_dir).database)
    return WindowFrame(data_dir, unit_name, area_names)
