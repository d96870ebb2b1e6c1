"""The dialog in which the clerk records or edits one activity.

Dates are typed as text and read as the Excel import reads them (2019/4/2, 2019年6月1日,
20190405, 3月5日 with the dialog's year …), or picked from a calendar. Each field's problem
shows in red under its row: once the clerk leaves the field (or presses 保存), and it goes
as soon as the field is right. Enter moves to the next field; Ctrl+Enter or 保存 saves.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import cast

from PySide6.QtCore import QDate, QLocale, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QKeyEvent, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QCalendarWidget,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QWidget,
    QWidgetAction,
)

from wenming_desktop.books import validation as v
from wenming_desktop.books.draft import EntryDraft
from wenming_desktop.books.draft import problems as draft_problems
from wenming_desktop.books.fields import FIELD_NAMES
from wenming_desktop.books.records import Area, AttachmentInfo, EntryDetail
from wenming_desktop.errors import UserError, ValidationError
from wenming_desktop.gui import messages
from wenming_desktop.gui.attachment_list import ATTACHMENT_ID_ROLE, PATH_ROLE
from wenming_desktop.gui.dialog_buttons import label_buttons
from wenming_desktop.gui.forms.ui_entry_dialog import Ui_EntryDialog
from wenming_desktop.gui.icons import icon

#: ``save(draft, new_files, removed_attachment_ids)`` stores the entry or raises.
SaveFunction = Callable[[EntryDraft, list[Path], set[int]], EntryDetail]

_FIELD_WIDGETS = {
    "date": "dateEdit",
    "end_date": "endDateEdit",
    "name": "nameEdit",
    "kind": "kindCombo",
    "location": "locationEdit",
    "organizer": "organizerEdit",
    "participants": "participantsEdit",
    "volunteer_hours": "hoursEdit",
    "content": "contentEdit",
    "remarks": "remarksEdit",
}
#: The form's rows that show problems under them: the row's label, the fields in the row.
_PROBLEM_ROWS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("dateLabel", ("date", "end_date")),
    ("nameLabel", ("name",)),
    ("kindLabel", ("kind",)),
    ("locationLabel", ("location",)),
    ("organizerLabel", ("organizer",)),
    ("participantsLabel", ("participants", "volunteer_hours")),
    ("contentLabel", ("content",)),
    ("remarksLabel", ("remarks",)),
)
_ROW_OF = {name: names for _label, names in _PROBLEM_ROWS for name in names}
_PROBLEM_STYLE = "color: #b00020;"
#: The size the dialog likes; a smaller screen gets what its free area allows.
_PREFERRED_SIZE = (760, 680)
#: Room kept around the dialog for the window's frame and title bar.
_FRAME_ROOM = (16, 48)
_CHINA = QLocale(QLocale.Language.Chinese, QLocale.Country.China)


def _qdate(value: dt.date) -> QDate:
    return QDate(value.year, value.month, value.day)


def _pydate(value: QDate) -> dt.date:
    return dt.date(value.year(), value.month(), value.day())


class EntryDialog(QDialog):
    def __init__(
        self,
        areas: Sequence[Area],
        entry_types: Sequence[str],
        save: SaveFunction,
        *,
        entry: EntryDetail | None = None,
        attachment_path: Callable[[AttachmentInfo], Path] | None = None,
        area_id: int | None = None,
        default_date: dt.date | None = None,
        year: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        """``year`` completes a date typed without one (3月5日); by default the year of the
        entry, of ``default_date`` or of today. A new entry's date starts as ``default_date``,
        else as today in this year's dialog and empty in another year's (no day of a past
        year is a likely guess: the clerk types it)."""
        super().__init__(parent)
        self.ui = Ui_EntryDialog()
        self.ui.setupUi(self)
        self._save = save
        self._removed: set[int] = set()
        self.saved: EntryDetail | None = None
        today = dt.date.today()
        if entry is not None:
            self._year = entry.date.year
            start: dt.date | None = entry.date
        else:
            self._year = year or (default_date or today).year
            start = default_date or (today if self._year == today.year else None)
        #: The day the calendar shows while the typed date cannot be read.
        self._first_day = start or dt.date(self._year, 1, 1)
        self._shown: dict[str, str] = {}
        self._problem_labels = self._add_problem_rows()

        for area in areas:
            self.ui.areaCombo.addItem(area.short_name, area.id)
        self.ui.kindCombo.addItems(list(entry_types))
        self.ui.kindCombo.setCurrentIndex(-1)
        self.ui.addAttachmentButton.setIcon(icon("attachment"))
        self.ui.openAttachmentButton.setIcon(icon("open"))
        self.ui.removeAttachmentButton.setIcon(icon("delete"))
        label_buttons(self.ui.buttonBox)
        self._set_up_dates()
        self._set_up_keys()

        self.ui.addAttachmentButton.clicked.connect(self._choose_files)
        self.ui.openAttachmentButton.clicked.connect(self._open_selected)
        self.ui.removeAttachmentButton.clicked.connect(self._remove_selected)
        self.ui.attachmentList.files_dropped.connect(self.add_files)
        self.ui.attachmentList.itemDoubleClicked.connect(lambda _item: self._open_selected())
        self.ui.attachmentList.itemSelectionChanged.connect(self._update_buttons)
        self.ui.buttonBox.accepted.connect(self.accept)
        self.ui.buttonBox.rejected.connect(self.reject)

        if entry is None:
            self.setWindowTitle("新增活动记录")
            self._select_area(area_id)
            self.ui.dateEdit.setText(start.isoformat() if start else "")
        else:
            self.setWindowTitle(f"编辑活动记录 — {entry.name}")
            self._fill(entry, attachment_path)
        self._watch_fields()
        self._update_buttons()
        self._fit_to_screen()
        self.ui.nameEdit.setFocus()
        self._loaded = self._state()

    # -- setting up ------------------------------------------------------------------
    def _add_problem_rows(self) -> dict[tuple[str, ...], QLabel]:
        """A red line under each row of the form, shown while a field in the row is wrong."""
        form = self.ui.form
        labels: dict[tuple[str, ...], QLabel] = {}
        for row_label, names in reversed(_PROBLEM_ROWS):
            # The stub says "object"; it is (row, role).
            row, _role = cast(
                tuple[int, object], form.getWidgetPosition(getattr(self.ui, row_label))
            )
            label = QLabel(self)
            label.setObjectName(f"{names[0]}Problem")
            label.setStyleSheet(_PROBLEM_STYLE)
            # One line a message, never wrapped: wrapping text makes the scrolling form
            # as tall as its preferred size instead of shrinking the text boxes to fit.
            # A message too long for the row is cut off; its tooltip holds all of it.
            label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            form.insertRow(row + 1, "", label)
            form.setRowVisible(label, False)
            labels[names] = label
        return labels

    def _set_up_dates(self) -> None:
        ui, year = self.ui, self._year
        ui.dateEdit.setPlaceholderText(f"例如 {year}-03-05")
        ui.dateEdit.setToolTip(
            f"可直接输入，例如 {year}-03-05、{year}/3/5、{year}.3.5、{year}年3月5日、"
            f"{year}0305；\n只写月和日（如 3月5日）时按 {year} 年；"
            f"多日活动可写 {year}年3月8日至10日。\n也可点右侧的日历图标选择。"
        )
        ui.endDateEdit.setToolTip(
            "多日活动的最后一天，写法同开始日期；只写日（如 10日）时按开始日期的年月。"
        )
        for edit in (ui.dateEdit, ui.endDateEdit):
            action = edit.addAction(icon("calendar"), QLineEdit.ActionPosition.TrailingPosition)
            action.setToolTip("从日历中选择")
            action.triggered.connect(lambda _=False, e=edit: self.pick_date(e))
        ui.endDateCheck.toggled.connect(self._end_date_toggled)

    def _set_up_keys(self) -> None:
        """Enter moves on (see keyPressEvent); Ctrl+Enter saves from any field."""
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, self.accept)
        save = self.ui.buttonBox.button(QDialogButtonBox.StandardButton.Save)
        save.setToolTip("保存这条记录（Ctrl+回车键）")

    def _watch_fields(self) -> None:
        """Judge a field when the clerk leaves it; long texts (pasted more often than
        typed) at once. Any change clears a message that no longer holds."""
        ui = self.ui
        for name, widget_name in _FIELD_WIDGETS.items():
            widget = getattr(ui, widget_name)
            if isinstance(widget, QPlainTextEdit):
                widget.textChanged.connect(lambda n=name: self._judge(reveal=[n]))
                continue
            edit = widget.lineEdit() if isinstance(widget, QComboBox) else widget
            assert isinstance(edit, QLineEdit)  # the type combo is editable
            edit.textChanged.connect(lambda _text: self._judge())
            edit.editingFinished.connect(lambda n=name: self._left(n))
        ui.endDateCheck.toggled.connect(lambda _on: self._judge())

    def _fit_to_screen(self) -> None:
        """The size the dialog likes, within the free area of its screen (a 1024 × 700
        screen with a taskbar included)."""
        parent = self.parentWidget()
        screen = parent.screen() if parent is not None else self.screen()
        area = screen.availableGeometry()
        # The form scrolls up and down when the screen is low, never sideways.
        scroll = self.ui.formScroll
        scroll.setMinimumWidth(
            self.ui.formPage.minimumSizeHint().width()
            + scroll.verticalScrollBar().sizeHint().width()
        )
        least = self.minimumSizeHint()
        width = min(_PREFERRED_SIZE[0], area.width() - _FRAME_ROOM[0])
        height = min(_PREFERRED_SIZE[1], area.height() - _FRAME_ROOM[1])
        self.resize(max(width, least.width()), max(height, least.height()))

    # -- filling and reading ------------------------------------------------------
    def _select_area(self, area_id: int | None) -> None:
        index = self.ui.areaCombo.findData(area_id)
        self.ui.areaCombo.setCurrentIndex(max(index, 0))

    def _fill(
        self, entry: EntryDetail, attachment_path: Callable[[AttachmentInfo], Path] | None
    ) -> None:
        ui = self.ui
        self._select_area(entry.area_id)
        ui.dateEdit.setText(entry.date.isoformat())
        ui.endDateCheck.setChecked(entry.end_date is not None)
        ui.endDateEdit.setText(entry.end_date.isoformat() if entry.end_date else "")
        ui.nameEdit.setText(entry.name)
        ui.kindCombo.setCurrentText(entry.kind)
        ui.locationEdit.setText(entry.location)
        ui.organizerEdit.setText(entry.organizer)
        ui.participantsEdit.setText("" if entry.participants is None else str(entry.participants))
        ui.hoursEdit.setText("" if entry.volunteer_hours is None else f"{entry.volunteer_hours:g}")
        ui.contentEdit.setPlainText(entry.content)
        ui.remarksEdit.setPlainText(entry.remarks)
        if attachment_path is not None:
            for info in entry.attachments:
                ui.attachmentList.add_file(attachment_path(info), info.file_name, info.id)

    def _dates(self) -> tuple[dt.date | str, dt.date | str | None, dict[str, str]]:
        """Start and end as read (the typed text where they cannot be), and their problems.

        A range typed as the start (3月8日至10日) gives the end too.
        """
        ui = self.ui
        found: dict[str, str] = {}
        start: dt.date | str = ui.dateEdit.text()
        end: dt.date | str | None = None
        try:
            start, end = v.parse_dates(start, "日期", year=self._year)
        except v.FieldError as error:
            found["date"] = str(error)
        end_text = ui.endDateEdit.text()
        if end is None and ui.endDateCheck.isChecked() and end_text.strip():
            known = start if isinstance(start, dt.date) else None
            try:
                end = v.parse_date(
                    end_text,
                    "结束日期",
                    year=known.year if known else self._year,
                    month=known.month if known else None,
                )
            except v.FieldError as error:
                end = end_text
                found["end_date"] = str(error)
        return start, end, found

    def draft(self) -> EntryDraft:
        return self._read()[0]

    def _read(self) -> tuple[EntryDraft, dict[str, str]]:
        """What the form holds, with the dates' problems as the dialog reads them."""
        ui = self.ui
        start, end, found = self._dates()
        draft = EntryDraft(
            area_id=int(ui.areaCombo.currentData()),
            date=start,
            end_date=end,
            name=ui.nameEdit.text(),
            kind=ui.kindCombo.currentText(),
            location=ui.locationEdit.text(),
            organizer=ui.organizerEdit.text(),
            participants=ui.participantsEdit.text(),
            volunteer_hours=ui.hoursEdit.text(),
            content=ui.contentEdit.toPlainText(),
            remarks=ui.remarksEdit.toPlainText(),
        )
        return draft, found

    def new_files(self) -> list[Path]:
        items = (self.ui.attachmentList.item(i) for i in range(self.ui.attachmentList.count()))
        return [
            Path(item.data(PATH_ROLE)) for item in items if item.data(ATTACHMENT_ID_ROLE) is None
        ]

    # -- dates ---------------------------------------------------------------------
    def _tidy_dates(self) -> None:
        """Show dates that were read as they were understood (3月5日 → 2019-03-05); a range
        typed as the start fills in the end. Text that cannot be read stays as typed."""
        ui = self.ui
        start, end, found = self._dates()
        if "date" in found or not isinstance(start, dt.date):
            return
        if end is not None and not ui.endDateCheck.isChecked():
            ui.endDateCheck.setChecked(True)
        ui.dateEdit.setText(start.isoformat())
        if "end_date" not in found and isinstance(end, dt.date):
            ui.endDateEdit.setText(end.isoformat())

    def _end_date_toggled(self, checked: bool) -> None:
        self.ui.endDateEdit.setEnabled(checked)
        if checked and not self.ui.endDateEdit.text().strip():
            self.ui.endDateEdit.setText(self.ui.dateEdit.text())

    def pick_date(self, edit: QLineEdit) -> QMenu:
        """A calendar under ``edit``; the day clicked is written into it."""
        try:
            shown = v.parse_date(edit.text(), year=self._year)
        except v.FieldError:
            shown = self._first_day
        menu = QMenu(edit)
        calendar = QCalendarWidget(menu)
        calendar.setLocale(_CHINA)
        calendar.setDateRange(_qdate(v.MIN_DATE), _qdate(v.MAX_DATE))
        calendar.setSelectedDate(_qdate(shown))
        holder = QWidgetAction(menu)
        holder.setDefaultWidget(calendar)
        menu.addAction(holder)
        name = "date" if edit is self.ui.dateEdit else "end_date"

        def chosen(day: QDate) -> None:
            edit.setText(_pydate(day).isoformat())
            menu.close()
            edit.setFocus(Qt.FocusReason.PopupFocusReason)
            self._left(name)

        calendar.clicked.connect(chosen)
        calendar.activated.connect(chosen)
        menu.popup(edit.mapToGlobal(edit.rect().bottomLeft()))
        calendar.setFocus()
        return menu

    # -- problems ------------------------------------------------------------------
    def _typed(self, name: str) -> str:
        widget = getattr(self.ui, _FIELD_WIDGETS[name])
        if isinstance(widget, QPlainTextEdit):
            return widget.toPlainText()
        if isinstance(widget, QComboBox):
            return widget.currentText()
        if name == "end_date" and not self.ui.endDateCheck.isChecked():
            return ""
        return str(widget.text())

    def problems(self) -> dict[str, str]:
        """Every field's problem now, in the form's order (shown or not)."""
        draft, found_in_dates = self._read()
        found, _values = draft_problems(draft)
        found.update(found_in_dates)  # read with the dialog's year, so said more exactly
        return {name: found[name] for name in FIELD_NAMES if name in found}

    def _judge(self, reveal: Iterable[str] = ()) -> dict[str, str]:
        """Show the problems of the fields showing one already and of ``reveal``; a field
        that is right now loses its message at once."""
        found = self.problems()
        keep = set(self._shown) | set(reveal)
        self._show({name: text for name, text in found.items() if name in keep})
        return found

    def _show(self, shown: dict[str, str]) -> None:
        self._shown = shown
        for names, label in self._problem_labels.items():
            texts = [shown[name] for name in names if name in shown]
            label.setText("\n".join(texts))
            label.setToolTip(label.text())
            self.ui.form.setRowVisible(label, bool(texts))

    def _left(self, name: str) -> None:
        """The clerk left a field: judge what is filled in on its row (an empty field is
        only pointed out on 保存)."""
        if name in ("date", "end_date"):
            self._tidy_dates()
        self._judge(reveal=[n for n in _ROW_OF[name] if self._typed(n).strip()])

    def problem_text(self, name: str) -> str:
        """The red message shown for field ``name`` under its row ("" when none is)."""
        label = self._problem_labels[_ROW_OF[name]]
        return "" if label.isHidden() else self._shown.get(name, "")

    def show_problems(self, found: dict[str, str]) -> None:
        """Show ``found`` (field name → message; any other key under the form) and put the
        cursor in the first field named."""
        self._show({**self._shown, **{n: text for n, text in found.items() if n in _ROW_OF}})
        others = [text for name, text in found.items() if name not in _ROW_OF]
        self.ui.problemLabel.setText("\n".join(others))
        self.ui.problemLabel.setVisible(bool(others))
        first = next((name for name in FIELD_NAMES if name in found), None)
        if first is not None:
            widget = getattr(self.ui, _FIELD_WIDGETS[first])
            self.ui.formScroll.ensureWidgetVisible(widget)
            widget.setFocus(Qt.FocusReason.OtherFocusReason)

    # -- attachments -------------------------------------------------------------
    def add_files(self, paths: list[Path]) -> None:
        for path in paths:
            self.ui.attachmentList.add_file(path, path.name)
        self._update_buttons()

    def _choose_files(self) -> None:
        names, _filter = QFileDialog.getOpenFileNames(
            self,
            "添加附件",
            "",
            "所有文件 (*);;图片 (*.jpg *.jpeg *.png *.bmp);;文档 (*.pdf *.doc *.docx *.xls *.xlsx)",
        )
        self.add_files([Path(name) for name in names])

    def _open_selected(self) -> None:
        for item in self.ui.attachmentList.selectedItems():
            QDesktopServices.openUrl(QUrl.fromLocalFile(item.data(PATH_ROLE)))

    def _remove_selected(self) -> None:
        for item in self.ui.attachmentList.selectedItems():
            attachment_id = item.data(ATTACHMENT_ID_ROLE)
            if attachment_id is not None:
                self._removed.add(int(attachment_id))
            self.ui.attachmentList.takeItem(self.ui.attachmentList.row(item))
        self._update_buttons()

    def _update_buttons(self) -> None:
        chosen = bool(self.ui.attachmentList.selectedItems())
        self.ui.openAttachmentButton.setEnabled(chosen)
        self.ui.removeAttachmentButton.setEnabled(chosen)

    # -- keys ----------------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter in a field moves to the next one and never saves a half-filled record
        (Ctrl+Enter saves, through its shortcut; Enter on a focused button presses it)."""
        enter = event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        ctrl = bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier)
        if enter and not ctrl and not isinstance(self.focusWidget(), QPushButton):
            self.focusNextChild()
            return
        super().keyPressEvent(event)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        # The button box makes 保存 the default button when shown, which draws it as if
        # Enter saved; Enter moves on here.
        self.ui.buttonBox.button(QDialogButtonBox.StandardButton.Save).setDefault(False)

    # -- saving --------------------------------------------------------------------
    def _state(self) -> tuple[object, ...]:
        """Everything the clerk can change, to tell whether anything was."""
        draft = self.draft()
        files = tuple(str(path) for path in self.new_files())
        return (
            *(getattr(draft, field) for field in EntryDraft.__slots__),
            files,
            tuple(sorted(self._removed)),
        )

    def has_changes(self) -> bool:
        return self._state() != self._loaded

    def reject(self) -> None:
        """Esc, 取消 or the close button: ask before throwing away what was typed."""
        if (
            self.saved is None
            and self.has_changes()
            and not messages.ask(
                self,
                "放弃修改",
                "这条记录还没有保存。确定要放弃刚才填写的内容吗？",
                default_yes=False,
            )
        ):
            return
        super().reject()

    def accept(self) -> None:
        """保存 or Ctrl+Enter: save when every field is right, else point at what is not
        (nothing typed is lost either way)."""
        self._tidy_dates()
        found = self._judge(reveal=FIELD_NAMES)
        if found:
            self.show_problems(found)
            return
        try:
            self.saved = self._save(self.draft(), self.new_files(), set(self._removed))
        except ValidationError as error:
            self.show_problems(error.problems)
            return
        except UserError as error:
            self.show_problems({"": str(error)})
            return
        super().accept()
