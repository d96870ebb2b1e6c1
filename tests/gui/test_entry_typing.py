"""Typing into the entry dialog as a clerk does: dates in the spellings the Excel import
reads, Enter moving on and Ctrl+Enter saving, red lines that come when a field is left and
go as soon as it is right, a cap on the hours; and the dialog fitting a small screen.

Each test shows the dialog (never ``exec()``) and makes it the active window, so focus,
Tab, Enter and shortcuts behave as on the clerk's screen.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication, QCalendarWidget, QWidget
from pytestqt.qtbot import QtBot

from tests.gui.conftest import MessageLog
from tests.gui.helpers import OpenWindow, click_toolbar
from tests.gui.test_entry_flow import click_save, drive_entry_dialog, replace_text, type_text
from wenming_desktop.books.draft import EntryDraft
from wenming_desktop.books.query import EntryQuery
from wenming_desktop.books.records import EntryDetail, EntryRow
from wenming_desktop.gui.entry_dialog import EntryDialog
from wenming_desktop.ledger import Ledger

OpenDialog = Callable[..., EntryDialog]
CTRL = Qt.KeyboardModifier.ControlModifier


def make_active(qtbot: QtBot, dialog: EntryDialog) -> None:
    """Make the dialog the active window, as it is when it opens on the clerk's screen (so
    focus moves, and leaving a field is noticed, as there)."""
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)


@pytest.fixture
def open_dialog(qtbot: QtBot, ledger: Ledger) -> OpenDialog:
    """A new-entry dialog that saves into ``ledger``, shown and active."""

    def open_(**options: object) -> EntryDialog:
        def save(draft: EntryDraft, files: list[Path], _removed: set[int]) -> EntryDetail:
            return ledger.entries.add(draft, files)

        options.setdefault("default_date", dt.date(2019, 3, 1))
        dialog = EntryDialog(ledger.areas.all(), ["会议", "学习"], save, **options)  # type: ignore[arg-type]
        qtbot.addWidget(dialog)
        dialog.show()
        make_active(qtbot, dialog)
        return dialog

    return open_


def stored(ledger: Ledger) -> list[EntryRow]:
    return ledger.entries.rows(EntryQuery())


def leave(qtbot: QtBot, widget: QWidget) -> None:
    """Press Tab in ``widget``, as the clerk does to go on to the next field."""
    widget.setFocus()
    qtbot.keyClick(widget, Qt.Key.Key_Tab)


def focused(dialog: EntryDialog) -> QWidget | None:
    widget = QApplication.focusWidget()
    # The type box is an editable combo box: its line edit holds the cursor.
    return dialog.ui.kindCombo if widget is dialog.ui.kindCombo.lineEdit() else widget


# -- dates ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("2019/4/2", dt.date(2019, 4, 2)),
        ("2019.5.8", dt.date(2019, 5, 8)),
        ("2019年6月1日", dt.date(2019, 6, 1)),
        ("20190405", dt.date(2019, 4, 5)),
        ("２０１９年７月９日", dt.date(2019, 7, 9)),
        ("2019年3月5日（周二）上午9:30", dt.date(2019, 3, 5)),
        ("3月5日", dt.date(2019, 3, 5)),  # the year of the tab the dialog was opened from
    ],
)
def test_dates_typed_as_the_excel_import_reads_them_are_saved(
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    ledger: Ledger,
    area_ids: dict[str, int],
    open_window: OpenWindow,
    typed: str,
    expected: dt.date,
) -> None:
    ledger.entries.add(EntryDraft(area_id=area_ids["组织领导"], date="2019-01-08", name="党组会"))
    window = open_window(ledger)
    tab = window.current_tab()
    assert tab is not None
    tab.year_combo.setCurrentIndex(tab.year_combo.findData(2019))
    seen: dict[str, str] = {}

    def fill(dialog: EntryDialog) -> None:
        make_active(qtbot, dialog)
        replace_text(qtbot, dialog.ui.dateEdit, typed)
        leave(qtbot, dialog.ui.dateEdit)
        seen["shown"] = dialog.ui.dateEdit.text()
        seen["problem"] = dialog.problem_text("date")
        type_text(qtbot, dialog.ui.nameEdit, "职工读书会")
        click_save(qtbot, dialog)

    drive_entry_dialog(monkeypatch, fill)
    click_toolbar(qtbot, window, window.ui.actionNew)

    assert seen == {"shown": expected.isoformat(), "problem": ""}  # shown as understood
    assert {(row.name, row.date) for row in stored(ledger)} == {
        ("党组会", dt.date(2019, 1, 8)),
        ("职工读书会", expected),
    }


def test_a_date_without_its_year_takes_the_dialogs_year(
    qtbot: QtBot, ledger: Ledger, open_dialog: OpenDialog
) -> None:
    dialog = open_dialog(year=2018, default_date=None)
    assert dialog.ui.dateEdit.text() == ""  # a past year has no obvious day: the clerk types it
    type_text(qtbot, dialog.ui.dateEdit, "11月3日")
    type_text(qtbot, dialog.ui.nameEdit, "普法讲座")
    qtbot.keyClick(dialog.ui.nameEdit, Qt.Key.Key_Return, CTRL)
    assert [(row.name, row.date) for row in stored(ledger)] == [("普法讲座", dt.date(2018, 11, 3))]


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("2019-02-30", "2019年2月没有30日"),
        ("2019年2月29日", "2019年2月没有29日"),
        ("2月30日", "2019年2月没有30日"),
        ("2019-13-01", "没有13月"),
        ("下周三", "“日期”无法识别：下周三"),
    ],
)
def test_an_impossible_date_is_explained_and_keeps_what_was_typed(
    qtbot: QtBot, ledger: Ledger, open_dialog: OpenDialog, typed: str, message: str
) -> None:
    dialog = open_dialog()
    replace_text(qtbot, dialog.ui.dateEdit, typed)
    leave(qtbot, dialog.ui.dateEdit)

    assert message in dialog.problem_text("date")
    assert dialog.ui.dateEdit.text() == typed  # never silently another day (2019-02-03)
    type_text(qtbot, dialog.ui.nameEdit, "春节慰问")
    qtbot.keyClick(dialog.ui.nameEdit, Qt.Key.Key_Return, CTRL)

    assert dialog.isVisible() and stored(ledger) == []
    assert dialog.ui.dateEdit.text() == typed
    assert dialog.ui.nameEdit.text() == "春节慰问"
    assert focused(dialog) is dialog.ui.dateEdit  # the cursor goes where the problem is
    assert message in dialog.problem_text("date")


def test_a_range_typed_as_the_date_fills_in_the_end(
    qtbot: QtBot, ledger: Ledger, open_dialog: OpenDialog
) -> None:
    dialog = open_dialog()
    replace_text(qtbot, dialog.ui.dateEdit, "2019年3月8日-10日")
    leave(qtbot, dialog.ui.dateEdit)
    assert dialog.ui.dateEdit.text() == "2019-03-08"
    assert dialog.ui.endDateCheck.isChecked()
    assert dialog.ui.endDateEdit.text() == "2019-03-10"

    replace_text(qtbot, dialog.ui.endDateEdit, "7日")  # before the start
    leave(qtbot, dialog.ui.endDateEdit)
    assert "“结束日期”不能早于开始日期" in dialog.problem_text("end_date")
    replace_text(qtbot, dialog.ui.endDateEdit, "12日")
    assert dialog.problem_text("end_date") == ""  # right again: the message goes at once
    leave(qtbot, dialog.ui.endDateEdit)
    assert dialog.ui.endDateEdit.text() == "2019-03-12"


def test_a_day_picked_from_the_calendar_is_written_into_the_field(
    qtbot: QtBot, open_dialog: OpenDialog
) -> None:
    dialog = open_dialog()
    replace_text(qtbot, dialog.ui.dateEdit, "2019-02-30")
    leave(qtbot, dialog.ui.dateEdit)
    assert dialog.problem_text("date")

    menu = dialog.pick_date(dialog.ui.dateEdit)  # the calendar icon at the field's end
    calendar = menu.findChild(QCalendarWidget)
    assert calendar is not None
    assert calendar.selectedDate() == QDate(2019, 3, 1)  # the unreadable text: the dialog's day
    assert calendar.locale().language() == calendar.locale().Language.Chinese
    days = calendar.focusProxy()  # the grid of days takes the keys
    qtbot.keyClick(days, Qt.Key.Key_Right)
    qtbot.keyClick(days, Qt.Key.Key_Return)

    assert dialog.ui.dateEdit.text() == "2019-03-02"
    assert dialog.problem_text("date") == ""


# -- keys -------------------------------------------------------------------------------
def test_enter_in_the_name_moves_to_the_next_field_and_saves_nothing(
    qtbot: QtBot, ledger: Ledger, open_dialog: OpenDialog
) -> None:
    dialog = open_dialog()
    type_text(qtbot, dialog.ui.nameEdit, "召开专题会议")
    qtbot.keyClick(dialog.ui.nameEdit, Qt.Key.Key_Return)

    assert dialog.isVisible() and dialog.result() == 0
    assert stored(ledger) == []
    assert focused(dialog) is dialog.ui.kindCombo
    assert dialog.problem_text("name") == ""

    qtbot.keyClick(focused(dialog), Qt.Key.Key_Enter, Qt.KeyboardModifier.KeypadModifier)
    assert focused(dialog) is dialog.ui.locationEdit
    assert stored(ledger) == []


@pytest.mark.parametrize("where", ["nameEdit", "participantsEdit", "contentEdit"])
def test_ctrl_enter_saves_from_any_field(
    qtbot: QtBot, ledger: Ledger, open_dialog: OpenDialog, where: str
) -> None:
    dialog = open_dialog()
    type_text(qtbot, dialog.ui.nameEdit, "召开专题会议")
    type_text(qtbot, dialog.ui.participantsEdit, "30")
    type_text(qtbot, dialog.ui.contentEdit, "传达学习会议精神。")
    widget = getattr(dialog.ui, where)
    widget.setFocus()
    qtbot.keyClick(widget, Qt.Key.Key_Return, CTRL)

    assert not dialog.isVisible() and dialog.result() == 1
    rows = stored(ledger)
    assert [(row.name, row.participants, row.date) for row in rows] == [
        ("召开专题会议", 30, dt.date(2019, 3, 1))
    ]
    assert ledger.entries.get(rows[0].id).content == "传达学习会议精神。"  # no line added


def test_the_keys_are_named_where_the_clerk_looks(open_dialog: OpenDialog) -> None:
    dialog = open_dialog()
    save = dialog.ui.buttonBox.button(dialog.ui.buttonBox.StandardButton.Save)
    assert "Ctrl+回车键" in save.toolTip()
    assert dialog.ui.keysHint.isVisible()
    assert dialog.ui.keysHint.text() == "按回车键跳到下一项，按 Ctrl+回车键保存"
    assert not save.isDefault()  # not drawn as if Enter saved


# -- numbers ----------------------------------------------------------------------------
@pytest.mark.parametrize("typed", ["-5", "−5", "－5"])
def test_a_negative_head_count_is_called_negative(
    qtbot: QtBot, open_dialog: OpenDialog, typed: str
) -> None:
    dialog = open_dialog()
    type_text(qtbot, dialog.ui.participantsEdit, typed)
    assert dialog.problem_text("participants") == ""  # nothing said while typing
    leave(qtbot, dialog.ui.participantsEdit)
    assert dialog.problem_text("participants") == "“参加人数”不能是负数。"
    assert dialog.ui.participantsEdit.text() == typed


def test_a_message_goes_as_soon_as_the_field_is_right(
    qtbot: QtBot, ledger: Ledger, open_dialog: OpenDialog
) -> None:
    dialog = open_dialog()
    type_text(qtbot, dialog.ui.participantsEdit, "abc")
    leave(qtbot, dialog.ui.participantsEdit)
    assert "应为整数" in dialog.problem_text("participants")

    replace_text(qtbot, dialog.ui.participantsEdit, "3")
    assert dialog.problem_text("participants") == ""  # still typing, already right
    assert dialog.findChild(QWidget, "participantsProblem").isHidden()

    qtbot.keyClick(dialog.ui.nameEdit, Qt.Key.Key_Return, CTRL)  # no name yet
    assert dialog.problem_text("name") == "请填写“活动名称”。"
    type_text(qtbot, dialog.ui.nameEdit, "读")
    assert dialog.problem_text("name") == ""
    qtbot.keyClick(dialog.ui.nameEdit, Qt.Key.Key_Return, CTRL)
    assert [(row.name, row.participants) for row in stored(ledger)] == [("读", 3)]


def test_hours_are_capped_at_what_one_activity_can_have(
    qtbot: QtBot, ledger: Ledger, open_dialog: OpenDialog
) -> None:
    dialog = open_dialog()
    type_text(qtbot, dialog.ui.nameEdit, "学雷锋志愿服务")
    type_text(qtbot, dialog.ui.hoursEdit, "1000000")
    leave(qtbot, dialog.ui.hoursEdit)
    assert dialog.problem_text("volunteer_hours") == (
        "“志愿服务时长”不能超过 10,000 小时（未填参加人数时的上限）。"
    )

    replace_text(qtbot, dialog.ui.hoursEdit, "241")
    assert dialog.problem_text("volunteer_hours") == ""
    type_text(qtbot, dialog.ui.participantsEdit, "10")
    leave(qtbot, dialog.ui.participantsEdit)
    assert dialog.problem_text("volunteer_hours") == (
        "“志愿服务时长”不能超过 240 小时（10 人次 × 24 小时）。"
    )
    qtbot.keyClick(dialog.ui.hoursEdit, Qt.Key.Key_Return, CTRL)
    assert dialog.isVisible() and stored(ledger) == []

    dialog.ui.endDateCheck.setChecked(True)  # a two-day activity: 10 × 2 × 24 hours
    replace_text(qtbot, dialog.ui.endDateEdit, "2日")
    assert dialog.problem_text("volunteer_hours") == ""
    qtbot.keyClick(dialog.ui.hoursEdit, Qt.Key.Key_Return, CTRL)
    assert [(r.participants, r.volunteer_hours, r.end_date) for r in stored(ledger)] == [
        (10, 241.0, dt.date(2019, 3, 2))
    ]


# -- closing and size -------------------------------------------------------------------
def test_a_refused_save_keeps_everything_typed(
    qtbot: QtBot, ledger: Ledger, open_dialog: OpenDialog, message_log: MessageLog
) -> None:
    dialog = open_dialog()
    type_text(qtbot, dialog.ui.nameEdit, "环境卫生检查")
    type_text(qtbot, dialog.ui.participantsEdit, "-5")
    type_text(qtbot, dialog.ui.contentEdit, "检查各楼层卫生。")
    click_save(qtbot, dialog)

    assert dialog.isVisible() and stored(ledger) == []
    assert (dialog.ui.nameEdit.text(), dialog.ui.participantsEdit.text()) == ("环境卫生检查", "-5")
    assert dialog.ui.contentEdit.toPlainText() == "检查各楼层卫生。"
    assert focused(dialog) is dialog.ui.participantsEdit
    assert message_log.shown == []  # said in the form, not in a message box


def test_the_dialog_fits_a_small_screen_and_its_form_scrolls(open_dialog: OpenDialog) -> None:
    dialog = open_dialog()
    free = dialog.screen().availableGeometry()
    assert dialog.height() <= free.height() - 48 and dialog.width() <= free.width() - 16
    least = dialog.minimumSizeHint()
    assert least.width() <= 1024 - 16 and least.height() <= 300  # the form scrolls instead
    for name in ("date", "name", "participants", "volunteer_hours"):
        dialog.show_problems({name: "“某项”有误。" * 6})
    assert dialog.minimumSizeHint().height() <= 300
    assert dialog.height() <= free.height() - 48
