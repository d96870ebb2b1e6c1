"""撤销 and 重做 of an edit, a new record and an Excel import, on the window's undo stack.

Each test makes the change as the window does (the entry dialog's save, the import
action), then pushes the command as the window does after it, and takes it back and
forth with Ctrl+Z / Ctrl+Y as the clerk would.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

from openpyxl import Workbook
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tests.gui.helpers import OpenWindow, open_area
from wenming_desktop.actions.changes import Changed
from wenming_desktop.actions.excel_import import apply_plan, read_for_import
from wenming_desktop.books.draft import EntryDraft
from wenming_desktop.books.query import EntryQuery
from wenming_desktop.books.records import EntryDetail
from wenming_desktop.gui.area_tab import AreaTab
from wenming_desktop.gui.main_window import MainWindow
from wenming_desktop.gui.undo import EntriesAddedCommand, EntryEditedCommand
from wenming_desktop.ledger import Ledger

CTRL = Qt.KeyboardModifier.ControlModifier
NAME_COLUMN = 1
LAW, STUDY, VOLUNTEER = 4, 1, 3  # tab positions: 法治建设, 理论学习, 志愿服务


def names(tab: AreaTab) -> list[str]:
    return [tab.model.index(row, NAME_COLUMN).data() for row in range(tab.model.rowCount())]


def press(qtbot: QtBot, window: MainWindow, key: Qt.Key) -> None:
    tab = window.current_tab()
    assert tab is not None
    qtbot.keyClick(tab.table, key, CTRL)


def files(folder: Path, *contents: str) -> list[Path]:
    paths = []
    for number, content in enumerate(contents, start=1):
        path = folder / f"照片{number}.jpg"
        path.write_bytes(content.encode())
        paths.append(path)
    return paths


def detail(ledger: Ledger, entry_id: int | None) -> EntryDetail:
    assert entry_id is not None
    found = ledger.entries.get(entry_id)
    assert found is not None
    return found


def published(window: MainWindow, saved: EntryDetail, before: EntryDetail | None) -> None:
    """What the window tells its views after the entry dialog saved."""
    places = {(saved.area_id, saved.date.year)}
    if before is not None:
        places.add((before.area_id, before.date.year))
    window.events.publish(Changed.of_entries([saved.id], places))


def test_undo_of_an_edit_puts_back_every_field_and_the_attachments(
    qtbot: QtBot, sample_ledger: Ledger, open_window: OpenWindow, tmp_path: Path
) -> None:
    window = open_window(sample_ledger)
    law = open_area(qtbot, window, LAW)
    book = sample_ledger.entries
    entry = detail(sample_ledger, law.model.entry_id(0))
    entry_id = entry.id
    first, second, third = files(tmp_path, "a", "b", "c")
    before = book.update(
        entry_id,
        replace(EntryDraft.from_detail(entry), remarks="原来的备注"),
        add_files=[first, second],
    )
    window.events.publish(Changed.of_entries([entry_id], None))
    old_names = names(law)

    # The clerk moves it to 理论学习 in 2018, renames it, drops a photo and adds one.
    draft = replace(
        EntryDraft.from_detail(before),
        area_id=window.area_tabs[STUDY].area.id,
        date="2018-10-01",
        name="改过的名称",
        location="新地点",
        participants=1,
        remarks="",
    )
    after = book.update(
        entry_id, draft, add_files=[third], remove_attachment_ids={before.attachments[0].id}
    )
    published(window, after, before)
    window.undo_stack.push(
        EntryEditedCommand(book, before, after, window.events.publish, say=window.tell)
    )
    assert before.name not in names(law)
    assert window.ui.actionUndo.text() == "撤销修改“改过的名称”"

    press(qtbot, window, Qt.Key.Key_Z)

    undone = detail(sample_ledger, entry_id)
    assert replace(undone, updated_at=before.updated_at) == before  # all of it, photos too
    assert names(law) == old_names
    assert [a.file_name for a in undone.attachments] == ["照片1.jpg", "照片2.jpg"]
    assert book.attachment_path(undone.attachments[0]).read_bytes() == b"a"
    assert window.ui.actionRedo.text() == "重做修改“改过的名称”"

    press(qtbot, window, Qt.Key.Key_Y)

    redone = detail(sample_ledger, entry_id)
    assert replace(redone, updated_at=after.updated_at) == after
    assert before.name not in names(law)
    study = open_area(qtbot, window, STUDY)
    study.show_period(2018)
    assert names(study) == ["改过的名称（示例）"]  # a sample entry stays one


def test_undo_of_a_new_record_deletes_it_and_redo_brings_it_back(
    qtbot: QtBot, sample_ledger: Ledger, open_window: OpenWindow, tmp_path: Path
) -> None:
    window = open_window(sample_ledger)
    volunteer = open_area(qtbot, window, VOLUNTEER)
    book = sample_ledger.entries
    count = book.totals(EntryQuery()).count
    saved = book.add(
        EntryDraft(area_id=volunteer.area.id, date="2019-07-01", name="新记录：关爱环卫工人"),
        files(tmp_path, "photo"),
    )
    published(window, saved, None)
    window.undo_stack.push(EntriesAddedCommand(book, [saved.id], window.events.publish))
    assert "新记录：关爱环卫工人" in names(volunteer)
    assert window.ui.actionUndo.text() == "撤销新增记录"

    press(qtbot, window, Qt.Key.Key_Z)

    assert book.get(saved.id) is None  # gone: not in the 回收站 either
    assert book.rows(EntryQuery(in_trash=True)) == []
    assert book.totals(EntryQuery()).count == count
    assert "新记录：关爱环卫工人" not in names(volunteer)
    assert book.attachment_path(saved.attachments[0]).exists()  # kept for a redo

    press(qtbot, window, Qt.Key.Key_Y)

    assert book.get(saved.id) == saved  # same id, UUID, times and attachment
    assert "新记录：关爱环卫工人" in names(volunteer)


def workbook(path: Path) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.append(["活动时间", "活动主题", "活动地点", "参与人次"])
    sheet.append([dt.datetime(2019, 3, 5), "导入：学雷锋志愿服务", "华天社区", 30])
    sheet.append(["2019-04-12", "导入：植树", "公园", 50])
    sheet.append(["2019-06-01", "导入：关爱留守儿童", "希望小学", 20])
    book.save(path)
    return path


def test_undo_of_an_import_removes_exactly_the_entries_it_added(
    qtbot: QtBot, sample_ledger: Ledger, open_window: OpenWindow, tmp_path: Path
) -> None:
    window = open_window(sample_ledger)
    volunteer = open_area(qtbot, window, VOLUNTEER)
    book = sample_ledger.entries
    before = {row.id for row in book.rows(EntryQuery())}
    listed = names(volunteer)
    path = workbook(tmp_path / "志愿服务登记.xlsx")

    read = read_for_import(sample_ledger, path, year=2019, area=volunteer.area)
    imported = apply_plan(sample_ledger, read.plan)
    ids = imported.entry_ids
    window.events.publish(imported.changed)
    command = EntriesAddedCommand(book, ids, window.events.publish, f"导入 {len(ids)} 条记录")
    window.undo_stack.push(command)
    assert len(ids) == 3 and {row.id for row in book.rows(EntryQuery())} == before | set(ids)
    assert len(names(volunteer)) == len(listed) + 3
    assert window.ui.actionUndo.text() == "撤销导入 3 条记录"

    press(qtbot, window, Qt.Key.Key_Z)

    assert {row.id for row in book.rows(EntryQuery())} == before
    assert book.existing(ids) == set()
    assert names(volunteer) == listed
    # Deleted for good, not to the 回收站: the same workbook imports them again.
    assert len(read_for_import(sample_ledger, path, year=2019, area=volunteer.area).plan.rows) == 3

    press(qtbot, window, Qt.Key.Key_Y)

    assert {row.id for row in book.rows(EntryQuery())} == before | set(ids)
    assert sorted(n for n in names(volunteer) if n.startswith("导入：")) == [
        "导入：关爱留守儿童",
        "导入：学雷锋志愿服务",
        "导入：植树",
    ]
    assert command.notice == ""


def test_an_undo_that_cannot_be_done_says_why(
    qtbot: QtBot, sample_ledger: Ledger, open_window: OpenWindow
) -> None:
    """The record was deleted for good from the 回收站 after the edit: nothing to put back."""
    window = open_window(sample_ledger)
    law = open_area(qtbot, window, LAW)
    book = sample_ledger.entries
    before = detail(sample_ledger, law.model.entry_id(0))
    entry_id = before.id
    after = book.update(entry_id, replace(EntryDraft.from_detail(before), name="改名"))
    said: list[str] = []
    command = EntryEditedCommand(book, before, after, window.events.publish, say=said.append)
    window.undo_stack.push(command)
    book.move_to_trash([entry_id])
    book.purge([entry_id])

    press(qtbot, window, Qt.Key.Key_Z)

    assert command.notice == said[-1] == "记录已被彻底删除，无法撤销。"
    assert book.get(entry_id) is None
