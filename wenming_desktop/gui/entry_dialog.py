"""The dialog in which the clerk records or edits one activity."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QDate, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QDialog, QFileDialog, QWidget

from wenming_desktop.books.draft import EntryDraft
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
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ui = Ui_EntryDialog()
        self.ui.setupUi(self)
        self._save = save
        self._removed: set[int] = set()
        self.saved: EntryDetail | None = None

        for area in areas:
            self.ui.areaCombo.addItem(area.short_name, area.id)
        self.ui.kindCombo.addItems(list(entry_types))
        self.ui.kindCombo.setCurrentIndex(-1)
        self.ui.addAttachmentButton.setIcon(icon("attachment"))
        self.ui.openAttachmentButton.setIcon(icon("open"))
        self.ui.removeAttachmentButton.setIcon(icon("delete"))
        label_buttons(self.ui.buttonBox)

        self.ui.endDateCheck.toggled.connect(self.ui.endDateEdit.setEnabled)
        self.ui.dateEdit.dateChanged.connect(self._keep_end_after_start)
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
            start = default_date or dt.date.today()
            self.ui.dateEdit.setDate(_qdate(start))
            self.ui.endDateEdit.setDate(_qdate(start))
        else:
            self.setWindowTitle(f"编辑活动记录 — {entry.name}")
            self._fill(entry, attachment_path)
        self._update_buttons()
        self.ui.nameEdit.setFocus()
        self._loaded = self._state()

    # -- filling and reading ------------------------------------------------------
    def _select_area(self, area_id: int | None) -> None:
        index = self.ui.areaCombo.findData(area_id)
        self.ui.areaCombo.setCurrentIndex(max(index, 0))

    def _fill(
        self, entry: EntryDetail, attachment_path: Callable[[AttachmentInfo], Path] | None
    ) -> None:
        ui = self.ui
        self._select_area(entry.area_id)
        ui.dateEdit.setDate(_qdate(entry.date))
        ui.endDateCheck.setChecked(entry.end_date is not None)
        ui.endDateEdit.setDate(_qdate(entry.end_date or entry.date))
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

    def draft(self) -> EntryDraft:
        ui = self.ui
        return EntryDraft(
            area_id=int(ui.areaCombo.currentData()),
            date=_pydate(ui.dateEdit.date()),
            end_date=_pydate(ui.endDateEdit.date()) if ui.endDateCheck.isChecked() else None,
            name=ui.nameEdit.text(),
            kind=ui.kindCombo.currentText(),
            location=ui.locationEdit.text(),
            organizer=ui.organizerEdit.text(),
            participants=ui.participantsEdit.text(),
            volunteer_hours=ui.hoursEdit.text(),
            content=ui.contentEdit.toPlainText(),
            remarks=ui.remarksEdit.toPlainText(),
        )

    def new_files(self) -> list[Path]:
        items = (self.ui.attachmentList.item(i) for i in range(self.ui.attachmentList.count()))
        return [
            Path(item.data(PATH_ROLE)) for item in items if item.data(ATTACHMENT_ID_ROLE) is None
        ]

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

    def _keep_end_after_start(self, start: QDate) -> None:
        if self.ui.endDateEdit.date() < start:
            self.ui.endDateEdit.setDate(start)

    # -- saving --------------------------------------------------------------------
    def show_problems(self, problems: dict[str, str]) -> None:
        self.ui.problemLabel.setText("请修改后再保存：\n" + "\n".join(problems.values()))
        self.ui.problemLabel.setVisible(True)
        widget_name = _FIELD_WIDGETS.get(next(iter(problems), ""))
        if widget_name:
            getattr(self.ui, widget_name).setFocus(Qt.FocusReason.OtherFocusReason)

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
        try:
            self.saved = self._save(self.draft(), self.new_files(), set(self._removed))
        except ValidationError as error:
            self.show_problems(error.problems)
            return
        except UserError as error:
            self.show_problems({"": str(error)})
            return
        super().accept()
