"""年度总结: draft the year's summary from the ledger, edit it part by part, print it."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QStandardPaths, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QImage, QPixmap, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from wenming_desktop.actions.changes import Changed
from wenming_desktop.actions.summary import (
    RenderedSummary,
    refresh_summary,
    summary_notes,
    summary_pdf_bytes,
    summary_staleness,
    write_summary_file,
)
from wenming_desktop.errors import UserError
from wenming_desktop.gui import messages, operations
from wenming_desktop.gui.icons import icon
from wenming_desktop.ledger import Ledger
from wenming_desktop.summary.checks import Staleness, labels
from wenming_desktop.summary.document import AnnualSummary, Part
from wenming_desktop.summary.service import Refreshed

if TYPE_CHECKING:  # ReportLab is imported by the work that needs it, off start-up
    from wenming_desktop.actions.summary import StatsAppendix

log = logging.getLogger(__name__)

SAVE_DELAY_MS = 500
PREVIEW_DELAY_MS = 700
STALENESS_DELAY_MS = 300
_NOTICE = "background: #fff4ce; border: 1px solid #e0c060; padding: 6px; color: #5a4500;"
KEY_ROLE = Qt.ItemDataRole.UserRole + 1


class SummaryTab(QWidget):
    """Editor and preview of one year's 工作总结; every keystroke is kept."""

    status_message = Signal(str)
    drafted = Signal()  # a draft asked for has been made (or has failed)

    def __init__(self, ledger: Ledger, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ledger = ledger
        self._summary: AnnualSummary | None = None
        self._rendered: RenderedSummary | None = None
        self._preview_generation = 0
        self._preview_stale = False
        self._loading = False
        self._editing_key: str | None = None  # the part whose text is in the editor
        self._year_picked = False  # the clerk chose a year in the combo box

        self.year_combo = QComboBox()
        self.draft_button = QPushButton(icon("refresh"), "生成草稿")
        self.draft_button.setToolTip("根据本年度的台账记录生成（或重新生成）整篇总结")
        self.redraft_part_button = QPushButton("重新生成此部分")
        self.preview_button = QPushButton("打印预览")
        self.print_button = QPushButton("打印…")
        self.export_button = QPushButton("导出")  # its menu arrow never covers the text
        export_menu = QMenu(self.export_button)
        self.export_pdf_action = export_menu.addAction("导出 PDF…")
        self.export_word_action = export_menu.addAction("导出 Word（.docx）…")
        self.export_button.setMenu(export_menu)
        self.with_stats = QCheckBox("附统计表")
        self.with_stats.setToolTip("在总结后附上本年度统计表（附件），用于打印和导出 PDF、Word")
        self.with_stats.setChecked(ledger.settings.load().summary_with_stats)
        bar = QHBoxLayout()
        bar.addWidget(QLabel("年份"))
        bar.addWidget(self.year_combo)
        bar.addWidget(self.draft_button)
        bar.addWidget(self.redraft_part_button)
        bar.addStretch(1)
        bar.addWidget(self.with_stats)
        for button in (self.preview_button, self.print_button, self.export_button):
            bar.addWidget(button)

        self.font_warning = QLabel()
        self.font_warning.setWordWrap(True)
        self.font_warning.setStyleSheet(_NOTICE)
        self.font_warning.hide()

        # The ledger changed since the draft: which parts, and one click to update them.
        self.stale_notice = QLabel()
        self.stale_notice.setWordWrap(True)
        self.refresh_button = QPushButton(icon("refresh"), "更新未修改的部分")
        self.refresh_button.setToolTip(
            "按台账重新生成已过时的部分；您修改过的部分保留不动，并会列出来请您核对。"
        )
        self.stale_bar = QWidget()
        self.stale_bar.setObjectName("staleBar")
        self.stale_bar.setStyleSheet(f"#staleBar {{{_NOTICE}}}")
        stale_layout = QHBoxLayout(self.stale_bar)
        stale_layout.setContentsMargins(6, 4, 6, 4)
        stale_layout.addWidget(self.stale_notice, 1)
        stale_layout.addWidget(self.refresh_button)
        self.stale_bar.hide()
        # A draft written from sample data says so, wherever the clerk looks at it.
        self.sample_notice = QLabel()
        self.sample_notice.setWordWrap(True)
        self.sample_notice.setStyleSheet(_NOTICE)
        self.sample_notice.hide()
        self._staleness: Staleness | None = None
        self._staleness_generation = 0

        self.parts = QListWidget()
        self.parts.setMaximumWidth(190)
        self.editor = QPlainTextEdit()
        editor_font = QFont(self.editor.font())
        editor_font.setPointSizeF(editor_font.pointSizeF() * 1.15)
        self.editor.setFont(editor_font)
        self.editor.setPlaceholderText(
            "点击“生成草稿”，根据本年度的台账记录生成总结，然后在这里修改。"
        )
        self.part_hint = QLabel()
        self.part_hint.setStyleSheet("color: #5b6673;")
        middle = QWidget()
        middle_layout = QVBoxLayout(middle)
        middle_layout.setContentsMargins(0, 0, 0, 0)
        middle_layout.addWidget(self.editor, 1)
        middle_layout.addWidget(self.part_hint)

        self.preview_pages = QWidget()
        self.preview_layout = QVBoxLayout(self.preview_pages)
        self.preview_layout.setSpacing(10)
        self.preview = QScrollArea()
        self.preview.setWidget(self.preview_pages)
        self.preview.setWidgetResizable(True)
        self.preview.setMinimumWidth(300)
        self.preview_status = QLabel("页面预览")
        self.preview_status.setStyleSheet("color: #5b6673;")
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.preview_status)
        right_layout.addWidget(self.preview, 1)

        splitter = QSplitter()
        splitter.addWidget(self.parts)
        splitter.addWidget(middle)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 3)
        splitter.setStretchFactor(2, 2)
        splitter.setSizes([170, 560, 420])

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 6, 4, 4)
        layout.addLayout(bar)
        layout.addWidget(self.stale_bar)
        layout.addWidget(self.sample_notice)
        layout.addWidget(self.font_warning)
        layout.addWidget(splitter, 1)

        self._save_timer = QTimer(self, singleShot=True, interval=SAVE_DELAY_MS)
        self._save_timer.timeout.connect(self.save_current)
        self._preview_timer = QTimer(self, singleShot=True, interval=PREVIEW_DELAY_MS)
        self._preview_timer.timeout.connect(self.refresh_preview)
        self._staleness_timer = QTimer(self, singleShot=True, interval=STALENESS_DELAY_MS)
        self._staleness_timer.timeout.connect(self.check_staleness)
        self.refresh_button.clicked.connect(self.refresh_stale_parts)
        self.year_combo.currentIndexChanged.connect(self._year_changed)
        self.year_combo.activated.connect(self._year_activated)
        self.parts.currentRowChanged.connect(self._part_changed)
        self.editor.textChanged.connect(self._text_changed)
        self.draft_button.clicked.connect(self.draft_all)
        self.redraft_part_button.clicked.connect(self.draft_current_part)
        self.preview_button.clicked.connect(self.show_print_preview)
        self.print_button.clicked.connect(self.print_summary)
        self.export_pdf_action.triggered.connect(lambda: self.export(".pdf"))
        self.export_word_action.triggered.connect(lambda: self.export(".docx"))
        self.with_stats.toggled.connect(self._with_stats_toggled)
        self.refresh_years()
        if ledger.read_only:
            self._set_read_only()

    def _set_read_only(self) -> None:
        """A read-only ledger: the summary can be read, previewed, printed and exported."""
        self.editor.setReadOnly(True)
        for widget in (
            self.draft_button,
            self.redraft_part_button,
            self.with_stats,
            self.refresh_button,
        ):
            widget.setEnabled(False)
            widget.setToolTip("台账以只读方式打开，不能修改。")

    # -- years and loading -------------------------------------------------------
    def refresh_years(self) -> None:
        """Offer years with entries or summaries; keep a year the clerk picked."""
        current = self.year() if self._year_picked else None
        entry_years = self._ledger.entries.years()
        years = set(entry_years) | set(self._ledger.summaries.years())
        years.add(dt.date.today().year)
        self.year_combo.blockSignals(True)
        self.year_combo.clear()
        for year in sorted(years, reverse=True):
            self.year_combo.addItem(f"{year}年", year)
        wanted = current or (entry_years[0] if entry_years else dt.date.today().year)
        self.year_combo.setCurrentIndex(max(self.year_combo.findData(wanted), 0))
        self.year_combo.blockSignals(False)
        self._year_changed()

    def _year_activated(self) -> None:
        self._year_picked = True

    def year(self) -> int | None:
        data = self.year_combo.currentData()
        return int(data) if data is not None else None

    def entries_changed(self, _changed: Changed) -> None:
        """Entries changed: a year may have appeared (or gone), the draft may be stale."""
        self.refresh_years()
        self._staleness_timer.start()

    def areas_changed(self, _changed: Changed) -> None:
        self.reload()

    def settings_changed(self, changed: Changed) -> None:
        """The unit's name changed: the title and 落款 follow it, the body may be stale."""
        if "unit_name" in changed.settings:
            self.reload()

    def reload(self) -> None:
        """Show the stored summary again (after areas were renamed or reordered)."""
        if not self.save_current():
            return  # keep the unsaved text on screen; the labels catch up on the next reload
        self.refresh_years()
        year = self.year()
        if year is not None:
            self._show(self._ledger.summaries.load(year))

    def _year_changed(self) -> None:
        if not self.save_current() and self._summary is not None:
            self.year_combo.blockSignals(True)
            self.year_combo.setCurrentIndex(self.year_combo.findData(self._summary.year))
            self.year_combo.blockSignals(False)
            return
        year = self.year()
        if year is None or (self._summary is not None and self._summary.year == year):
            return
        self._show(self._ledger.summaries.load(year))

    def _show(self, summary: AnnualSummary | None, select_key: str | None = None) -> None:
        keep = select_key or self._current_key()
        self._summary = summary
        self._staleness = None  # judged again for this summary, below
        self._editing_key = None  # the editor's old text belongs to no part of this summary
        self._loading = True
        self.parts.clear()
        for part in summary.parts if summary else ():
            item = QListWidgetItem(self._label(part))
            item.setData(KEY_ROLE, part.key)
            self.parts.addItem(item)
        self._loading = False
        has_summary = summary is not None
        self.draft_button.setText("重新生成全部" if has_summary else "生成草稿")
        for widget in (
            self.redraft_part_button,
            self.preview_button,
            self.print_button,
            self.export_button,
            self.editor,
        ):
            widget.setEnabled(has_summary)
        self._show_sample_notice()
        if not has_summary:
            self._load_editor(None)
            self.part_hint.setText(f"{self.year()}年的总结尚未生成。")
            self._clear_preview()
            self._show_staleness(None)
            return
        rows = [self.parts.item(i).data(KEY_ROLE) for i in range(self.parts.count())]
        self._loading = True
        self.parts.setCurrentRow(rows.index(keep) if keep in rows else 0)
        self._loading = False
        self._load_editor(self.current_part())
        self.refresh_preview()
        self.check_staleness()

    def _label(self, part: Part) -> str:
        marks = []
        if part.edited:
            marks.append("已修改")
        if self._staleness is not None and part.key in {p.key for p in self._staleness.all_parts}:
            marks.append("待更新")
        return f"{part.label}（{'，'.join(marks)}）" if marks else part.label

    def _relabel(self) -> None:
        for row in range(self.parts.count()):
            item = self.parts.item(row)
            part = self._summary.part(item.data(KEY_ROLE)) if self._summary else None
            if part is not None:
                item.setText(self._label(part))

    def _current_key(self) -> str | None:
        item = self.parts.currentItem()
        return item.data(KEY_ROLE) if item else None

    def current_part(self) -> Part | None:
        key = self._current_key()
        return self._summary.part(key) if self._summary and key else None

    def _part_changed(self, _row: int) -> None:
        if self._loading:
            return
        if not self.save_current():  # keep the unsaved text where the clerk can fix it
            self._select_key(self._editing_key)
            return
        self._load_editor(self.current_part())

    def _select_key(self, key: str | None) -> None:
        self._loading = True
        for row in range(self.parts.count()):
            if self.parts.item(row).data(KEY_ROLE) == key:
                self.parts.setCurrentRow(row)
        self._loading = False

    def _load_editor(self, part: Part | None) -> None:
        self._loading = True
        self.editor.setPlainText(part.text if part else "")
        self._editing_key = part.key if part else None
        self._loading = False
        self._update_hint()

    def _update_hint(self) -> None:
        part = (
            self._summary.part(self._editing_key) if self._summary and self._editing_key else None
        )
        if part is None:
            self.part_hint.setText("")
            return
        state = "已修改（与自动生成的草稿不同）" if part.edited else "自动生成的草稿"
        self.part_hint.setText(f"{part.label}：{state}。修改会自动保存。")

    # -- staleness and sample data ---------------------------------------------------
    def _show_sample_notice(self) -> None:
        count = self._summary.sample_entries if self._summary else 0
        self.sample_notice.setText(
            f"本总结是根据示例数据（{count} 条示例记录）起草的，不是本单位的实际工作。"
            "录入本单位的记录后点“重新生成全部”，或用“工具 → 删除全部示例数据”删除示例数据。"
        )
        self.sample_notice.setVisible(bool(count))

    def check_staleness(self) -> None:
        """Compare the shown summary with the ledger (in the background) and say which
        parts are out of date."""
        self._staleness_timer.stop()
        summary = self._summary
        if summary is None:
            self._show_staleness(None)
            return
        self._staleness_generation += 1
        generation = self._staleness_generation
        ledger = self._ledger
        operations.run(
            self,
            "检查总结是否过时",
            lambda: summary_staleness(ledger, summary.year),
            lambda found: self._staleness_ready(generation, summary.year, found),
            tell=False,
        )

    def _staleness_ready(self, generation: int, year: int, found: Staleness | None) -> None:
        if generation != self._staleness_generation:
            return
        if self._summary is None or self._summary.year != year:
            return
        self._show_staleness(found)

    def _show_staleness(self, staleness: Staleness | None) -> None:
        self._staleness = staleness
        stale = staleness is not None and staleness.stale
        if staleness is not None and stale:
            self.stale_notice.setText(staleness.notice())
            unedited = [p for p in staleness.all_parts if not p.edited]
            self.refresh_button.setText("更新未修改的部分" if unedited else "已核对，不再提示")
        self.stale_bar.setVisible(stale)
        self._relabel()

    def staleness(self) -> Staleness | None:
        """What the notice above the editor says (None while not checked or no summary)."""
        return self._staleness

    def refresh_stale_parts(self) -> None:
        """更新未修改的部分: redraft the stale parts the clerk did not edit; keep the others
        and say which to check."""
        year = self.year()
        if year is None or self._summary is None or not self.save_current():
            return
        ledger, key = self._ledger, self._current_key()

        def done(refreshed: Refreshed) -> None:
            self._show(self._ledger.summaries.load(year), select_key=key)
            updated = f"已更新：{labels(refreshed.updated)}。" if refreshed.updated else ""
            if refreshed.kept:
                messages.inform(
                    self,
                    "更新未修改的部分",
                    f"{updated}以下部分您修改过，已保留您的文字，请核对其中的数字："
                    f"{labels(refreshed.kept)}。",
                )
            self.status_message.emit(updated or "总结已是最新。")
            self.drafted.emit()

        operations.run(self, "更新总结", lambda: refresh_summary(ledger, year), done)

    def _confirm_output(self, what: str) -> bool:
        """Before printing or exporting: say what is stale, unfinished or sample data."""
        if self._summary is None:
            return False
        try:
            notes = summary_notes(self._ledger, self._summary)
        except Exception:  # a check must never stop the clerk from printing
            log.exception("Could not check the summary before output")
            return True
        if not notes:
            return True
        return messages.ask(
            self,
            f"{what}年度总结",
            "请注意：\n\n" + "\n\n".join(f"· {note}" for note in notes) + f"\n\n仍要{what}吗？",
            default_yes=False,
        )

    # -- editing -----------------------------------------------------------------
    def _text_changed(self) -> None:
        if not self._loading and self._summary is not None:
            self._save_timer.start()

    def save_current(self) -> bool:
        """Store the editor's text into the part it shows (on a timer and when leaving).

        Returns False when it could not be saved; the text then stays in the editor.
        """
        self._save_timer.stop()
        year = self.year() if self._summary is None else self._summary.year
        part = (
            self._summary.part(self._editing_key) if self._summary and self._editing_key else None
        )
        if part is None or year is None or self._summary is None:
            return True
        text = self.editor.toPlainText()
        if text == part.text:
            return True
        try:
            saved = self._ledger.summaries.save_text(year, part.key, text)
        except UserError as error:
            messages.warn(self, "无法保存", f"“{part.label}”未能保存：{error}")
            return False
        updated = Part(part.key, part.label, saved, part.generated)
        self._summary = AnnualSummary(
            self._summary.year,
            tuple(updated if p.key == part.key else p for p in self._summary.parts),
        )
        for row in range(self.parts.count()):
            item = self.parts.item(row)
            if item.data(KEY_ROLE) == updated.key:
                item.setText(self._label(updated))
        self._update_hint()
        self._preview_timer.start()
        return True

    def draft_all(self) -> None:
        year = self.year()
        if year is None or not self.save_current():
            return
        edited = self._ledger.summaries.edited_parts(year)
        if edited and not messages.ask(
            self,
            "重新生成全部",
            "以下部分您已修改过，重新生成将用台账记录生成的草稿覆盖它们：\n"
            + "、".join(part.label for part in edited)
            + "\n\n确定要重新生成吗？",
            default_yes=False,
        ):
            return
        summaries = self._ledger.summaries
        self._draft_in_background(
            lambda: summaries.regenerate(year),
            done=f"已根据台账记录生成{year}年工作总结草稿。",
        )

    def draft_current_part(self) -> None:
        year, part = self.year(), self.current_part()
        if year is None or part is None or not self.save_current():
            return
        if part.edited and not messages.ask(
            self,
            "重新生成此部分",
            f"“{part.label}”您已修改过，重新生成将覆盖您的修改。确定吗？",
            default_yes=False,
        ):
            return
        summaries, key = self._ledger.summaries, part.key
        self._draft_in_background(
            lambda: summaries.regenerate(year, [key]),
            select_key=key,
            done=f"已重新生成“{part.label}”。",
        )

    def _draft_in_background(
        self, work: Callable[[], AnnualSummary], *, done: str, select_key: str | None = None
    ) -> None:
        """Read the year's entries and draft off the GUI thread (0.2–0.6 s for 10,000 entries);
        nothing on the tab can be changed meanwhile."""
        self._set_drafting(True)
        self.status_message.emit("正在根据台账记录生成草稿……")

        def finished(summary: AnnualSummary) -> None:
            self._set_drafting(False)
            self._show(summary, select_key=select_key)
            self.status_message.emit(done)
            self.drafted.emit()

        def failed(_error: Exception, _reason: str) -> None:
            self._set_drafting(False)
            self._show(self._summary)
            self.drafted.emit()

        operations.run(self, "生成草稿", work, finished, on_failure=failed)

    def _set_drafting(self, busy: bool) -> None:
        for widget in (
            self.year_combo,
            self.draft_button,
            self.redraft_part_button,
            self.parts,
            self.editor,
        ):
            widget.setEnabled(not busy)
        if self._ledger.read_only:
            self._set_read_only()

    def _with_stats_toggled(self, checked: bool) -> None:
        self._ledger.settings.update(summary_with_stats=checked)
        self.refresh_preview()

    def _appendix(self) -> StatsAppendix | None:
        """The 统计表 附件 (figures read now, on the GUI thread) when the box is ticked."""
        if not self.with_stats.isChecked() or self._summary is None:
            return None
        from wenming_desktop.actions.summary import stats_appendix

        return stats_appendix(self._ledger, self._summary.year)

    # -- preview ------------------------------------------------------------------
    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._preview_stale:
            self.refresh_preview()

    def refresh_preview(self) -> None:
        """Re-render the page preview in the background (only while the tab is shown)."""
        self._preview_timer.stop()
        if self._summary is None:
            return
        if not self.isVisible():
            self._preview_stale = True
            return
        self._preview_stale = False
        self._preview_generation += 1
        generation = self._preview_generation
        summary, fonts = self._summary, self._ledger.settings.load().fonts
        appendix = self._appendix()
        # Fit the page width to the preview column (A4 is 8.27 inches wide).
        bar = self.preview.verticalScrollBar()
        room = self.preview.viewport().width() - (0 if bar.isVisible() else bar.sizeHint().width())
        dpi = max(30.0, min(110.0, (room - 24) / 8.27))
        self.preview_status.setText("正在更新预览……")

        def work() -> tuple[RenderedSummary, list[QImage]]:
            from wenming_desktop.gui.printing import to_qimage
            from wenming_desktop.reports.render import render_pages

            rendered = summary_pdf_bytes(summary, fonts, appendix)
            return rendered, [to_qimage(page) for page in render_pages(rendered.pdf, dpi)]

        operations.run(
            self,
            "生成预览",
            work,
            lambda result: self._preview_ready(generation, *result),
            on_failure=lambda _error, reason: self.preview_status.setText(
                f"无法生成预览：{reason}"
            ),
            tell=False,
        )

    def _preview_ready(
        self, generation: int, rendered: RenderedSummary, images: list[QImage]
    ) -> None:
        if generation != self._preview_generation:
            return  # an older request; a newer one is on its way
        self._rendered = rendered
        self._clear_preview()
        for image in images:
            label = QLabel()
            label.setPixmap(QPixmap.fromImage(image))
            label.setFixedSize(image.width() + 2, image.height() + 2)
            label.setStyleSheet("background: white; border: 1px solid #c8ccd1;")
            self.preview_layout.addWidget(label, 0, Qt.AlignmentFlag.AlignHCenter)
        self.preview_layout.addStretch(1)
        sample = (
            "（依据示例数据起草，不是本单位的实际工作）"
            if not self.sample_notice.isHidden()
            else ""
        )
        self.preview_status.setText(
            f"页面预览：共 {rendered.pages} 页（A4，每页22行、每行28字）{sample}"
        )
        self.font_warning.setText("；".join(rendered.warnings))
        self.font_warning.setVisible(bool(rendered.warnings))

    def _clear_preview(self) -> None:
        while self.preview_layout.count():
            item = self.preview_layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()

    def rendered(self) -> RenderedSummary | None:
        return self._rendered

    # -- printing and export -------------------------------------------------------
    def _with_pdf(self, then: Callable[[RenderedSummary], object]) -> None:
        """Run ``then(rendered)`` with an up-to-date PDF (made in the background if needed)."""
        if not self.save_current() or self._summary is None:
            return
        summary, fonts = self._summary, self._ledger.settings.load().fonts
        appendix = self._appendix()
        operations.run(
            self,
            "生成 PDF",
            lambda: summary_pdf_bytes(summary, fonts, appendix),
            then,
            failure_title="无法生成 PDF",
        )

    def show_print_preview(self) -> None:  # a preview asks nothing: the notices are shown
        from wenming_desktop.gui.printing import PrintPreviewDialog

        title = self._summary.title if self._summary else ""
        self._with_pdf(lambda rendered: PrintPreviewDialog(rendered.pdf, title, self).exec())

    def print_summary(self) -> None:
        from wenming_desktop.gui.printing import print_pdf

        title = self._summary.title if self._summary else ""
        if not self.save_current() or not self._confirm_output("打印"):
            return
        self._with_pdf(lambda rendered: print_pdf(self, rendered.pdf, title))

    def export(self, suffix: str) -> None:
        if not self.save_current() or self._summary is None:
            return
        if not self._confirm_output("导出"):
            return
        kind = "PDF 文件 (*.pdf)" if suffix == ".pdf" else "Word 文档 (*.docx)"
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        suggested = str(Path(folder) / f"{self._summary.title or '工作总结'}{suffix}")
        name, _filter = QFileDialog.getSaveFileName(self, "导出年度总结", suggested, kind)
        if not name:
            return
        target = Path(name)
        if target.suffix.lower() != suffix:
            target = target.with_name(target.name + suffix)
        self.export_to(target)

    def _exported(self, path: Path) -> None:
        self.status_message.emit(f"已导出：{path}")
        messages.saved(self, "已导出", f"已导出年度总结：{path}", path)

    def export_to(self, target: Path) -> None:
        summary, fonts = self._summary, self._ledger.settings.load().fonts
        appendix = self._appendix()
        if summary is None:
            return
        self.status_message.emit(f"正在导出 {target.name} ……")
        operations.run(
            self,
            "导出年度总结",
            lambda: write_summary_file(summary, target, fonts, appendix),
            lambda result: self._exported(result.path),
        )
