"""Recording, correcting and editing an activity through the entry dialog, with attachments.

The dialog is opened by the main window with ``exec()``, which would block; each test
replaces ``EntryDialog.exec`` with a function that shows the dialog, lets the test act as
the clerk (type, drop files, click 保存) and returns the dialog's result.

``QTest.keyClicks`` aborts the process on characters outside Latin-1, so Chinese text and
emoji are "typed" the way a Chinese input method delivers them: one ``QInputMethodEvent``
commit per run of characters. Latin letters and digits go through ``keyClicks``.
"""

from __future__ import annotations

import hashlib
import re
import warnings
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import (
    QColor,
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QGuiApplication,
    QImage,
)
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QListWidgetItem, QWidget
from pytestqt.qtbot import QtBot

from tests.gui.conftest import MessageLog
from tests.gui.helpers import OpenWindow, click_toolbar, commit_text, open_area
from wenming_desktop.books.draft import EntryDraft
from wenming_desktop.books.fields import FIELD_NAMES
from wenming_desktop.books.query import EntryQuery
from wenming_desktop.books.records import EntryDetail
from wenming_desktop.gui.attachment_list import THUMBNAIL, AttachmentList
from wenming_desktop.gui.entry_dialog import EntryDialog
from wenming_desktop.gui.main_window import MainWindow
from wenming_desktop.ledger import Ledger


def not_saved(draft: EntryDraft, files: list[Path], removed: set[int]) -> EntryDetail:
    """The entry dialog's save function where nothing is saved."""
    raise AssertionError("nothing is saved here")


NAME_COLUMN, LOCATION_COLUMN, PARTICIPANTS_COLUMN, ATTACHMENTS_COLUMN = 1, 3, 5, 7
Step = Callable[[EntryDialog], None]
PHOTO_COLOUR = "#c0392b"


# -- helpers -------------------------------------------------------------------------
def type_text(qtbot: QtBot, widget: QWidget, text: str) -> None:
    """Type like the clerk: Latin keys one by one, Chinese and emoji via the input method."""
    for run in re.findall(r"[\x20-\x7e]+|[^\x20-\x7e]+", text):
        if run.isascii():
            qtbot.keyClicks(widget, run)
        else:
            commit_text(widget, run)


def replace_text(qtbot: QtBot, widget: QWidget, text: str) -> None:
    qtbot.keyClick(widget, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(widget, Qt.Key.Key_Backspace)
    type_text(qtbot, widget, text)


def click_button(qtbot: QtBot, dialog: EntryDialog, which: QDialogButtonBox.StandardButton) -> None:
    qtbot.mouseClick(dialog.ui.buttonBox.button(which), Qt.MouseButton.LeftButton)


def click_save(qtbot: QtBot, dialog: EntryDialog) -> None:
    click_button(qtbot, dialog, QDialogButtonBox.StandardButton.Save)


def drive_entry_dialog(monkeypatch: pytest.MonkeyPatch, *steps: Step) -> list[EntryDialog]:
    """Replace ``EntryDialog.exec``: the n-th dialog opened is driven by the n-th step."""
    opened: list[EntryDialog] = []

    def exec_(self: EntryDialog) -> int:
        opened.append(self)
        self.show()
        steps[len(opened) - 1](self)
        return self.result()

    monkeypatch.setattr(EntryDialog, "exec", exec_)
    return opened


def cell(window: MainWindow, row: int, column: int) -> str:
    tab = window.current_tab()
    assert tab is not None
    return tab.model.index(row, column).data()


def column_texts(window: MainWindow, column: int) -> list[str]:
    tab = window.current_tab()
    assert tab is not None
    return [cell(window, row, column) for row in range(tab.model.rowCount())]


def stored_count(ledger: Ledger) -> int:
    return ledger.entries.totals(EntryQuery()).count


def select_row(qtbot: QtBot, window: MainWindow, row: int) -> None:
    tab = window.current_tab()
    assert tab is not None
    rect = tab.table.visualRect(tab.model.index(row, NAME_COLUMN))
    qtbot.mouseClick(tab.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert tab.table.selected_rows() == [row]


# -- 1. a new entry ------------------------------------------------------------------
def test_new_entry_typed_and_saved_appears_in_table_and_status_bar(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, ledger: Ledger, open_window: OpenWindow
) -> None:
    window = open_window(ledger)
    open_area(qtbot, window, 1)

    def fill(dialog: EntryDialog) -> None:
        type_text(qtbot, dialog.ui.nameEdit, "学习党的十九届四中全会精神")
        type_text(qtbot, dialog.ui.locationEdit, "工会三楼会议室")
        type_text(qtbot, dialog.ui.participantsEdit, "35")
        click_save(qtbot, dialog)

    opened = drive_entry_dialog(monkeypatch, fill)
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)

    assert len(opened) == 1
    assert opened[0].windowTitle() == "新增活动记录"
    assert window.tab_texts()[window.ui.tabs.currentIndex()] == "理论学习"
    assert column_texts(window, NAME_COLUMN) == ["学习党的十九届四中全会精神"]
    assert cell(window, 0, LOCATION_COLUMN) == "工会三楼会议室"
    assert cell(window, 0, PARTICIPANTS_COLUMN) == "35"
    assert window.totals_label.text() == "共 1 条记录，参加 35 人次"
    assert window.statusBar().currentMessage() == "已保存：学习党的十九届四中全会精神"
    rows = ledger.entries.rows(EntryQuery())
    assert [(row.name, row.location, row.participants) for row in rows] == [
        ("学习党的十九届四中全会精神", "工会三楼会议室", 35)
    ]
    assert rows[0].area_id == window.area_tabs[1].area.id


def test_new_entry_from_toolbar_action_opens_on_current_area(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, ledger: Ledger, open_window: OpenWindow
) -> None:
    window = open_window(ledger)
    open_area(qtbot, window, 3)
    seen: list[str] = []

    def look_and_cancel(dialog: EntryDialog) -> None:
        seen.append(dialog.ui.areaCombo.currentText())
        click_button(qtbot, dialog, QDialogButtonBox.StandardButton.Cancel)

    opened = drive_entry_dialog(monkeypatch, look_and_cancel)
    click_toolbar(qtbot, window, window.ui.actionNew)

    assert len(opened) == 1
    assert seen == ["志愿服务"]
    assert stored_count(ledger) == 0
    assert window.current_tab().model.rowCount() == 0


# -- 2. bad input ----------------------------------------------------------------------
def _refused(
    qtbot: QtBot, fields: dict[str, str], paste_content: str = ""
) -> tuple[Step, dict[str, object]]:
    """A step that fills fields, clicks 保存, records what the clerk sees (the red line under
    each field's row, what the fields hold), then cancels."""
    seen: dict[str, object] = {}

    def step(dialog: EntryDialog) -> None:
        for name, text in fields.items():
            type_text(qtbot, getattr(dialog.ui, name), text)
        if paste_content:
            QGuiApplication.clipboard().setText(paste_content)
            qtbot.keyClick(dialog.ui.contentEdit, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
            seen["content_length"] = len(dialog.ui.contentEdit.toPlainText())
        click_save(qtbot, dialog)
        seen["still_open"] = dialog.isVisible()
        seen["result"] = dialog.result()
        seen["problems"] = {name: dialog.problem_text(name) for name in FIELD_NAMES}
        seen["typed"] = {name: getattr(dialog.ui, name).text() for name in fields}
        click_button(qtbot, dialog, QDialogButtonBox.StandardButton.Cancel)

    return step, seen


@pytest.mark.parametrize(
    ("fields", "field", "expected"),
    [
        pytest.param(
            {"locationEdit": "会议室", "participantsEdit": "20"},
            "name",
            "请填写“活动名称”。",
            id="empty-name",
        ),
        pytest.param(
            {"nameEdit": "   ", "participantsEdit": "20"},
            "name",
            "请填写“活动名称”。",
            id="blank-name",
        ),
        pytest.param(
            {"nameEdit": "职工读书会", "participantsEdit": "abc"},
            "participants",
            "“参加人数”应为整数（例如 30），不能是“abc”。",
            id="participants-abc",
        ),
        pytest.param(
            {"nameEdit": "职工读书会", "participantsEdit": "-5"},
            "participants",
            "“参加人数”不能是负数。",
            id="participants-negative",
        ),
        pytest.param(
            {"nameEdit": "职工读书会", "participantsEdit": "2000000"},
            "participants",
            "“参加人数”应在 0 到 1,000,000 之间。",
            id="participants-too-many",
        ),
        pytest.param(
            {"nameEdit": "职工读书会", "hoursEdit": "1000000"},
            "volunteer_hours",
            "“志愿服务时长”不能超过 10,000 小时（未填参加人数时的上限）。",
            id="hours-too-many",
        ),
    ],
)
def test_bad_input_is_explained_in_chinese_and_nothing_is_stored(
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    ledger: Ledger,
    open_window: OpenWindow,
    fields: dict[str, str],
    field: str,
    expected: str,
) -> None:
    window = open_window(ledger)
    step, seen = _refused(qtbot, fields)
    opened = drive_entry_dialog(monkeypatch, step)
    click_toolbar(qtbot, window, window.ui.actionNew)

    assert len(opened) == 1
    assert seen["still_open"] is True
    assert seen["result"] == 0
    assert seen["problems"] == {name: expected if name == field else "" for name in FIELD_NAMES}
    assert seen["typed"] == fields  # nothing the clerk typed is lost
    assert stored_count(ledger) == 0
    assert window.current_tab().model.rowCount() == 0
    assert window.totals_label.text() == "共 0 条记录，参加 0 人次"


def test_pasting_100000_characters_of_content_is_refused_with_the_limit(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, ledger: Ledger, open_window: OpenWindow
) -> None:
    window = open_window(ledger)
    step, seen = _refused(qtbot, {"nameEdit": "年度总结"}, paste_content="文" * 100_000)
    drive_entry_dialog(monkeypatch, step)
    click_toolbar(qtbot, window, window.ui.actionNew)

    assert seen["content_length"] == 100_000
    assert seen["still_open"] is True
    problem = seen["problems"]["content"]  # type: ignore[index]
    assert "“活动内容”最多 20,000 个字" in problem
    assert "100,000" in problem
    assert stored_count(ledger) == 0


def test_emoji_in_name_is_accepted_and_round_trips(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, ledger: Ledger, open_window: OpenWindow
) -> None:
    name = "升旗仪式🇨🇳 志愿者👍"
    window = open_window(ledger)
    seen: list[str] = []

    def fill(dialog: EntryDialog) -> None:
        type_text(qtbot, dialog.ui.nameEdit, name)
        click_save(qtbot, dialog)

    def reopen(dialog: EntryDialog) -> None:
        seen.append(dialog.ui.nameEdit.text())
        click_button(qtbot, dialog, QDialogButtonBox.StandardButton.Cancel)

    drive_entry_dialog(monkeypatch, fill, reopen)
    click_toolbar(qtbot, window, window.ui.actionNew)
    assert column_texts(window, NAME_COLUMN) == [name]
    assert [row.name for row in ledger.entries.rows(EntryQuery())] == [name]

    select_row(qtbot, window, 0)
    qtbot.keyClick(window.current_tab().table, Qt.Key.Key_Return)
    assert seen == [name]


# -- 3. editing -------------------------------------------------------------------------
@pytest.mark.parametrize("how", ["enter", "double-click"])
def test_edit_selected_row_prefilled_and_renamed(
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    sample_ledger: Ledger,
    open_window: OpenWindow,
    how: str,
) -> None:
    window = open_window(sample_ledger)
    tab = window.current_tab()
    before = column_texts(window, NAME_COLUMN)
    entry_id = tab.model.entry_id(2)
    original = sample_ledger.entries.get(entry_id)
    seen: dict[str, str] = {}

    def rename(dialog: EntryDialog) -> None:
        seen["title"] = dialog.windowTitle()
        seen["name"] = dialog.ui.nameEdit.text()
        seen["participants"] = dialog.ui.participantsEdit.text()
        seen["area"] = dialog.ui.areaCombo.currentText()
        replace_text(qtbot, dialog.ui.nameEdit, "召开精神文明建设推进会")
        click_save(qtbot, dialog)

    opened = drive_entry_dialog(monkeypatch, rename)
    select_row(qtbot, window, 2)
    if how == "enter":
        qtbot.keyClick(tab.table, Qt.Key.Key_Return)
    else:
        rect = tab.table.visualRect(tab.model.index(2, NAME_COLUMN))
        qtbot.mouseDClick(tab.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())

    assert len(opened) == 1
    assert seen == {
        "title": f"编辑活动记录 — {original.name}",
        "name": original.name,
        "participants": str(original.participants),
        "area": "组织领导",
    }
    after = column_texts(window, NAME_COLUMN)
    assert after[2] == "召开精神文明建设推进会（示例）"
    assert after[:2] + after[3:] == before[:2] + before[3:]
    assert sample_ledger.entries.get(entry_id).name == "召开精神文明建设推进会"
    assert window.statusBar().currentMessage() == "已保存：召开精神文明建设推进会"


# -- 14. attachments --------------------------------------------------------------------
@pytest.fixture
def photo_and_note(tmp_path: Path) -> tuple[Path, Path]:
    photo = tmp_path / "现场照片.png"
    image = QImage(64, 48, QImage.Format.Format_RGB32)
    image.fill(QColor(PHOTO_COLOUR))
    assert image.save(str(photo))
    note = tmp_path / "签到表.txt"
    note.write_text("签到：张三、李四\n", encoding="utf-8")
    return photo, note


def _file_mime(paths: list[Path]) -> QMimeData:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path)) for path in paths])
    return mime


def drop_on_list(attachments: AttachmentList, paths: list[Path]) -> bool:
    """Hand the attachment list a drop of files, as its ``dropEvent`` receives one."""
    mime = _file_mime(paths)
    event = QDropEvent(
        QPointF(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    attachments.dropEvent(event)
    return event.isAccepted()


def drag_and_drop_from_file_manager(widget: QWidget, paths: list[Path]) -> bool:
    """Drag files over ``widget`` and drop them, delivered as the platform does: to the window."""
    top = widget.window()
    handle = top.windowHandle()
    pos = widget.mapTo(top, widget.rect().center())
    mime = _file_mime(paths)
    buttons, modifiers = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    with warnings.catch_warnings():  # PySide marks the QPoint constructors deprecated
        warnings.simplefilter("ignore", DeprecationWarning)
        for kind in (QDragEnterEvent, QDragMoveEvent):
            QApplication.sendEvent(
                handle, kind(pos, Qt.DropAction.CopyAction, mime, buttons, modifiers)
            )
    drop = QDropEvent(QPointF(pos), Qt.DropAction.CopyAction, mime, buttons, modifiers)
    QApplication.sendEvent(handle, drop)
    return drop.isAccepted()


def list_items(attachments: AttachmentList) -> list[QListWidgetItem]:
    return [attachments.item(row) for row in range(attachments.count())]


def labels(attachments: AttachmentList) -> list[str]:
    return [item.text() for item in list_items(attachments)]


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_dropped_attachments_are_stored_shown_and_can_be_removed(
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    ledger: Ledger,
    data_dir: Path,
    open_window: OpenWindow,
    photo_and_note: tuple[Path, Path],
) -> None:
    photo, note = photo_and_note
    window = open_window(ledger)
    seen: dict[str, object] = {}

    def add_with_files(dialog: EntryDialog) -> None:
        type_text(qtbot, dialog.ui.nameEdit, "文明单位创建现场检查")
        seen["drop_accepted"] = drop_on_list(dialog.ui.attachmentList, [photo, note])
        seen["labels_after_drop"] = labels(dialog.ui.attachmentList)
        click_save(qtbot, dialog)

    def remove_note(dialog: EntryDialog) -> None:
        attachments = dialog.ui.attachmentList
        items = {item.text(): item for item in list_items(attachments)}
        seen["labels_on_reopen"] = sorted(items)
        seen["photo_icon_null"] = items[photo.name].icon().isNull()
        thumbnail = items[photo.name].icon().pixmap(THUMBNAIL).toImage()
        seen["thumbnail_centre"] = thumbnail.pixelColor(thumbnail.rect().center()).name()
        seen["remove_enabled_before"] = dialog.ui.removeAttachmentButton.isEnabled()
        rect = attachments.visualItemRect(items[note.name])
        qtbot.mouseClick(attachments.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.mouseClick(dialog.ui.removeAttachmentButton, Qt.MouseButton.LeftButton)
        seen["labels_after_remove"] = labels(attachments)
        click_save(qtbot, dialog)

    drive_entry_dialog(monkeypatch, add_with_files, remove_note)
    click_toolbar(qtbot, window, window.ui.actionNew)

    assert seen["drop_accepted"] is True
    assert seen["labels_after_drop"] == [photo.name, note.name]
    assert column_texts(window, NAME_COLUMN) == ["文明单位创建现场检查"]
    assert cell(window, 0, ATTACHMENTS_COLUMN) == "2"
    photo_sha, note_sha = sha256(photo), sha256(note)
    stored_photo = data_dir / "attachments" / photo_sha[:2] / f"{photo_sha}.png"
    stored_note = data_dir / "attachments" / note_sha[:2] / f"{note_sha}.txt"
    assert stored_photo.read_bytes() == photo.read_bytes()
    assert stored_note.read_bytes() == note.read_bytes()

    select_row(qtbot, window, 0)
    qtbot.keyClick(window.current_tab().table, Qt.Key.Key_Return)

    assert seen["labels_on_reopen"] == sorted([photo.name, note.name])
    assert seen["photo_icon_null"] is False
    assert seen["thumbnail_centre"] == PHOTO_COLOUR  # a thumbnail of the photo itself
    assert seen["remove_enabled_before"] is False
    assert seen["labels_after_remove"] == [photo.name]
    assert cell(window, 0, ATTACHMENTS_COLUMN) == "1"
    entry_id = window.current_tab().model.entry_id(0)
    assert [a.file_name for a in ledger.entries.get(entry_id).attachments] == [photo.name]


def test_files_dragged_from_the_file_manager_onto_the_list_are_accepted(
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    ledger: Ledger,
    open_window: OpenWindow,
    photo_and_note: tuple[Path, Path],
) -> None:
    photo, _note = photo_and_note
    window = open_window(ledger)
    seen: dict[str, object] = {}

    def drag_photo_in(dialog: EntryDialog) -> None:
        qtbot.waitExposed(dialog)
        attachments = dialog.ui.attachmentList
        dialog.ui.formScroll.ensureWidgetVisible(attachments)  # on a low screen the form scrolls
        seen["accepted"] = drag_and_drop_from_file_manager(attachments.viewport(), [photo])
        seen["labels"] = labels(attachments)
        click_button(qtbot, dialog, QDialogButtonBox.StandardButton.Cancel)

    drive_entry_dialog(monkeypatch, drag_photo_in)
    click_toolbar(qtbot, window, window.ui.actionNew)

    assert seen == {"accepted": True, "labels": [photo.name]}


# -- after saving ------------------------------------------------------------------------
def test_saved_entry_is_selected_so_the_clerk_can_act_on_it(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, sample_ledger: Ledger, open_window: OpenWindow
) -> None:
    window = open_window(sample_ledger)
    tab = window.current_tab()

    def fill(dialog: EntryDialog) -> None:
        replace_text(qtbot, dialog.ui.dateEdit, "12月20日")  # a past year's tab: no date given
        type_text(qtbot, dialog.ui.nameEdit, "召开年度总结会")
        click_save(qtbot, dialog)

    opened = drive_entry_dialog(monkeypatch, fill)
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)

    assert len(opened) == 1
    names = column_texts(window, NAME_COLUMN)
    assert "召开年度总结会" in names
    assert tab.table.selected_rows() == [names.index("召开年度总结会")]
    assert window.ui.actionDelete.isEnabled()


def test_escape_asks_before_throwing_away_what_was_typed(
    qtbot: QtBot, ledger: Ledger, message_log: MessageLog
) -> None:
    from wenming_desktop.gui.entry_dialog import EntryDialog

    dialog = EntryDialog(ledger.areas.all(), ["会议"], not_saved)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # nothing typed: closes without a question
    assert not dialog.isVisible() and message_log.shown == []

    dialog = EntryDialog(ledger.areas.all(), ["会议"], not_saved)
    qtbot.addWidget(dialog)
    dialog.show()
    commit_text(dialog.ui.nameEdit, "召开专题会议")
    message_log.answer = False
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.isVisible() and message_log.shown[-1][1] == "放弃修改"
    message_log.answer = True
    dialog.close()
    assert not dialog.isVisible()
