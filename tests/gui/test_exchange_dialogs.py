"""交换包 in the GUI: export from one PC, look at what importing would do, then import."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPlainTextEdit

from wenming_desktop.books.draft import EntryDraft
from wenming_desktop.books.query import EntryQuery
from wenming_desktop.gui import messages
from wenming_desktop.gui.conflict_model import CHOICE, FIELDS, INCOMING, LOCAL
from wenming_desktop.gui.exchange_dialogs import (
    ExportPackageDialog,
    ImportPackageDialog,
    import_package,
)
from wenming_desktop.gui.main_window import MainWindow
from wenming_desktop.ledger import Ledger


def test_export_then_import_on_another_pc(
    qtbot, sample_ledger: Ledger, tmp_path: Path, message_log, monkeypatch
) -> None:
    monkeypatch.setattr(messages, "open_folder", lambda _folder: True)
    export = ExportPackageDialog(sample_ledger, 2019)
    qtbot.addWidget(export)
    package = tmp_path / "2019.zip"
    export.export_to(package)
    qtbot.waitUntil(
        lambda: package.exists() and any(t == "导出交换包" for _k, t, _x in message_log.shown),
        timeout=20_000,
    )
    assert "43 条" in message_log.shown[-1][2]

    other = Ledger.open(tmp_path / "另一台")
    try:
        window = MainWindow(other)
        qtbot.addWidget(window)
        seen: list[ImportPackageDialog] = []

        def agree(dialog: ImportPackageDialog) -> int:
            seen.append(dialog)
            assert "将新增 43 条" in dialog._plan.describe()
            dialog.apply()
            qtbot.waitUntil(lambda: dialog.result_text != "", timeout=20_000)
            return 1

        monkeypatch.setattr(ImportPackageDialog, "exec", agree)
        refreshed: list[bool] = []
        import_package(other, window, package, on_done=lambda: refreshed.append(True))
        qtbot.waitUntil(lambda: bool(refreshed), timeout=20_000)
        assert "新增 43 条" in seen[0].result_text
        assert seen[0].result() == ImportPackageDialog.DialogCode.Accepted  # closed when done
        assert message_log.shown[-1][:2] == ("inform", "导入交换包")
        assert other.entries.totals(EntryQuery()).count == 43
    finally:
        other.close()


def test_a_finished_export_closes_its_dialog_and_offers_the_folder(
    qtbot, sample_ledger: Ledger, tmp_path: Path, message_log, monkeypatch
) -> None:
    opened: list[Path] = []
    monkeypatch.setattr(messages, "open_folder", lambda folder: opened.append(folder) or True)
    asked: list[dict[str, object]] = []
    answer_of_log = messages.ask

    def ask(parent, title, text, **options):
        asked.append(options)
        return answer_of_log(parent, title, text, **options)

    monkeypatch.setattr(messages, "ask", ask)
    window = MainWindow(sample_ledger)
    qtbot.addWidget(window)
    dialog = ExportPackageDialog(sample_ledger, 2019, window)
    dialog.show()
    package = tmp_path / "U盘" / "2019.zip"
    package.parent.mkdir()
    dialog.export_to(package)
    qtbot.waitUntil(lambda: bool(asked), timeout=20_000)

    assert not dialog.isVisible() and dialog.result() == ExportPackageDialog.DialogCode.Accepted
    kind, title, text = message_log.shown[-1]
    assert (kind, title) == ("ask", "导出交换包")
    assert "已生成交换包，共 43 条记录" in text and str(package) in text
    assert asked[-1] == {
        "yes": "打开文件夹",
        "no": "关闭",
        "default_yes": False,
        "information": True,
    }
    assert opened == [package.parent]  # the clerk chose 打开文件夹

    message_log.answer = False  # 关闭: no folder opens
    again = ExportPackageDialog(sample_ledger, 2019, window)
    again.export_to(tmp_path / "再次.zip")
    qtbot.waitUntil(lambda: len(asked) == 2, timeout=20_000)
    assert opened == [package.parent]


def test_a_backup_to_a_file_offers_its_folder(
    qtbot, sample_ledger: Ledger, tmp_path: Path, message_log, monkeypatch
) -> None:
    from wenming_desktop.gui.backup_dialog import BackupDialog

    opened: list[Path] = []
    monkeypatch.setattr(messages, "open_folder", lambda folder: opened.append(folder) or True)
    dialog = BackupDialog(sample_ledger)
    qtbot.addWidget(dialog)
    target = tmp_path / "U盘" / "台账备份.zip"
    target.parent.mkdir()
    dialog.backup_to(target)
    qtbot.waitUntil(
        lambda: any(t == "备份到文件" for _k, t, _x in message_log.shown), timeout=20_000
    )
    kind, _title, text = message_log.shown[-1]
    assert kind == "ask" and "已备份 43 条记录" in text
    assert opened == [target.parent]


def test_the_offer_is_a_box_with_its_own_buttons(qtbot, monkeypatch) -> None:
    """What messages.saved shows outside the tests: 打开文件夹 and 关闭 (the default)."""
    from PySide6.QtWidgets import QMessageBox

    seen: dict[str, object] = {}

    def exec_(box: QMessageBox) -> int:
        seen["buttons"] = [button.text() for button in box.buttons()]
        seen["default"] = box.defaultButton().text()
        seen["icon"] = box.icon()
        box.buttons()[0].click()  # 打开文件夹
        return 0

    monkeypatch.undo()  # the real ask, not the test's
    monkeypatch.setattr(QMessageBox, "exec", exec_)
    opened: list[Path] = []
    monkeypatch.setattr(messages, "open_folder", lambda folder: opened.append(folder) or True)
    messages.saved(None, "导出交换包", "已生成交换包。", Path("/tmp/交换包.zip"))
    assert seen == {
        "buttons": ["打开文件夹", "关闭"],
        "default": "关闭",
        "icon": QMessageBox.Icon.Information,
    }
    assert opened == [Path("/tmp")]


def test_declining_the_import_writes_nothing(
    qtbot, sample_ledger: Ledger, tmp_path: Path, monkeypatch
) -> None:
    from wenming_desktop.exchange.package import write_package

    package = tmp_path / "p.zip"
    write_package(sample_ledger, package, year=2019)
    other = Ledger.open(tmp_path / "另一台")
    try:
        window = MainWindow(other)
        qtbot.addWidget(window)
        plans: list[str] = []
        monkeypatch.setattr(
            ImportPackageDialog, "exec", lambda dialog: plans.append(dialog._plan.describe()) or 0
        )
        import_package(other, window, package)
        qtbot.waitUntil(lambda: bool(plans), timeout=20_000)
        assert "将新增 43 条" in plans[0]
        assert other.entries.totals(EntryQuery()).count == 0
    finally:
        other.close()


def test_a_broken_package_gets_a_chinese_message(
    qtbot, ledger: Ledger, tmp_path: Path, message_log
) -> None:
    junk = tmp_path / "坏.zip"
    junk.write_bytes(b"nope")
    window = MainWindow(ledger)
    qtbot.addWidget(window)
    import_package(ledger, window, junk)
    qtbot.waitUntil(lambda: any(k == "warn" for k, _t, _x in message_log.shown), timeout=20_000)
    assert "zip" in message_log.shown[-1][2]


# -- choosing between two PCs' versions ----------------------------------------------------
def _edit(ledger: Ledger, uuid: str, **changes: object) -> None:
    detail = next(d for d in ledger.entries.details(EntryQuery()) if d.uuid == uuid)
    draft = EntryDraft.from_detail(detail)
    for key, value in changes.items():
        setattr(draft, key, value)
    ledger.entries.update(detail.id, draft)


def _detail(ledger: Ledger, uuid: str):
    return next(d for d in ledger.entries.details(EntryQuery()) if d.uuid == uuid)


@pytest.fixture
def two_pcs(sample_ledger: Ledger, tmp_path: Path) -> Iterator[tuple[Ledger, Ledger, str, str]]:
    """This PC (``here``) and the sample ledger it got a package from. Then both changed
    x (this PC last) and y (the other PC last). Yields here, there, x's and y's UUIDs."""
    from wenming_desktop.exchange.package import apply_package, read_package, write_package

    here = Ledger.open(tmp_path / "本机")
    first = write_package(sample_ledger, tmp_path / "first.zip", year=2019).path
    apply_package(here, read_package(first, here))
    rows = sample_ledger.entries.rows(EntryQuery(year=2019))
    x, y = rows[2].uuid, rows[3].uuid
    _edit(sample_ledger, x, name="对方改的名称（较早）")
    _edit(here, x, name="本机改的名称（较晚）")
    _edit(here, y, participants=7)
    _edit(sample_ledger, y, participants=99)
    try:
        yield here, sample_ledger, x, y
    finally:
        here.close()


def _open_dialog(qtbot, here: Ledger, there: Ledger, path: Path) -> ImportPackageDialog:
    from wenming_desktop.exchange.package import read_package, write_package

    write_package(there, path, year=2019)
    dialog = ImportPackageDialog(here, read_package(path, here))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def _row(dialog: ImportPackageDialog, uuid: str) -> int:
    return next(r for r, c in enumerate(dialog.model.items) if c.uuid == uuid)


def _click_cell(qtbot, dialog: ImportPackageDialog, row: int, column: int) -> None:
    rect = dialog.table.visualRect(dialog.model.index(row, column))
    qtbot.mouseClick(dialog.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def _cell(dialog: ImportPackageDialog, row: int, column: int) -> str:
    return dialog.model.index(row, column).data()


def test_the_clerk_chooses_each_records_version_before_importing(
    qtbot, two_pcs, tmp_path: Path, message_log, monkeypatch
) -> None:
    here, there, x, y = two_pcs
    package = tmp_path / "second.zip"
    dialog = _open_dialog(qtbot, here, there, package)
    assert dialog.model.rowCount() == 2 and dialog.table.isVisible()
    rx, ry = _row(dialog, x), _row(dialog, y)
    # What differs, each side's values and change times; the newer side is ticked.
    assert _cell(dialog, rx, FIELDS) == "活动名称"
    assert "活动名称：本机改的名称（较晚）" in _cell(dialog, rx, LOCAL)
    assert "（较新）" in _cell(dialog, rx, LOCAL) and "（较早）" in _cell(dialog, rx, INCOMING)
    assert "修改于 " in _cell(dialog, rx, INCOMING)
    assert "参加人数：7" in _cell(dialog, ry, LOCAL) and "参加人数：99" in _cell(
        dialog, ry, INCOMING
    )
    assert (_cell(dialog, rx, CHOICE), _cell(dialog, ry, CHOICE)) == ("本机", "对方")
    checked = Qt.CheckState.Checked
    assert dialog.model.index(rx, LOCAL).data(Qt.ItemDataRole.CheckStateRole) == checked
    assert dialog.choice_summary.text() == "采用本机 1 条，采用对方 1 条。"

    # Against the times: the package's older x, and this PC's older y.
    _click_cell(qtbot, dialog, rx, INCOMING)
    _click_cell(qtbot, dialog, ry, LOCAL)
    assert dialog.model.index(rx, INCOMING).data(Qt.ItemDataRole.CheckStateRole) == checked
    assert _cell(dialog, rx, CHOICE) == "对方\n（较早的版本）"
    assert (
        dialog.choice_summary.text()
        == "采用本机 1 条，采用对方 1 条；其中 2 条保留的是较早修改的版本。"
    )
    assert "更新 1 条" in dialog.summary.text() and "保留本机版本 1 条" in dialog.summary.text()

    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.result_text != "", timeout=20_000)
    assert "采用本机 1 条，采用对方 1 条" in message_log.texts()[-1]
    assert _detail(here, x).name == "对方改的名称（较早）"
    assert _detail(here, y).participants == 7

    # The same package again: nothing flips, and the clerk is not asked again.
    plans = []
    monkeypatch.setattr(ImportPackageDialog, "exec", lambda d: plans.append(d) or 0)
    window = MainWindow(here)
    qtbot.addWidget(window)
    import_package(here, window, package)
    qtbot.waitUntil(lambda: bool(plans), timeout=20_000)
    again = plans[0]
    assert [c.uuid for c in again._plan.conflicts] == [y]  # y: this PC's version is newer now
    assert again.model.choices() == {y: "local"}
    assert "新增 0 条，更新 0 条" in again.summary.text()


def test_all_from_one_side_with_one_click(qtbot, two_pcs, tmp_path: Path, message_log) -> None:
    here, there, x, y = two_pcs
    dialog = _open_dialog(qtbot, here, there, tmp_path / "second.zip")
    qtbot.mouseClick(dialog.all_incoming, Qt.MouseButton.LeftButton)
    assert dialog.model.choices() == {x: "incoming", y: "incoming"}
    assert dialog.choice_summary.text().startswith("采用本机 0 条，采用对方 2 条")
    qtbot.mouseClick(dialog.all_local, Qt.MouseButton.LeftButton)
    assert dialog.model.choices() == {x: "local", y: "local"}
    assert "更新 0 条" in dialog.summary.text()
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.result_text != "", timeout=20_000)
    assert _detail(here, x).name == "本机改的名称（较晚）"
    assert _detail(here, y).participants == 7


def test_the_import_dialog_fits_a_small_screen(qtbot, two_pcs, tmp_path: Path) -> None:
    here, there, _x, _y = two_pcs
    dialog = _open_dialog(qtbot, here, there, tmp_path / "second.zip")
    room = dialog.screen().availableGeometry()
    assert dialog.width() <= min(1366, room.width()) and dialog.height() <= min(728, room.height())
    assert dialog.minimumSizeHint().height() < 600


# -- attachment files missing when exporting -----------------------------------------------
@pytest.fixture
def lost_file(sample_ledger: Ledger, tmp_path: Path) -> str:
    """An entry of 2019 with an attachment whose file has gone from the data folder."""
    sheet = tmp_path / "签到表.txt"
    sheet.write_text("签到表", encoding="utf-8")
    row = sample_ledger.entries.rows(EntryQuery(year=2019))[0]
    detail = sample_ledger.entries.update(
        row.id, EntryDraft.from_detail(sample_ledger.entries.get(row.id)), add_files=[sheet]
    )
    sample_ledger.entries.attachment_path(detail.attachments[0]).unlink()
    return row.uuid


def _export(qtbot, ledger: Ledger, target: Path, message_log) -> ExportPackageDialog:
    dialog = ExportPackageDialog(ledger, 2019)
    qtbot.addWidget(dialog)
    dialog.export_to(target)
    qtbot.waitUntil(
        lambda: any(kind in ("ask", "inform", "warn") for kind, _t, _x in message_log.shown),
        timeout=20_000,
    )
    return dialog


def test_export_asks_before_leaving_out_a_missing_file(
    qtbot, sample_ledger: Ledger, lost_file: str, tmp_path: Path, message_log
) -> None:
    message_log.answer = False
    package = tmp_path / "2019.zip"
    _export(qtbot, sample_ledger, package, message_log)
    kind, _title, text = message_log.shown[-1]
    assert kind == "ask" and "有 1 个附件文件在数据文件夹中找不到" in text
    assert "签到表.txt" in text and "仍然导出吗？缺少的附件会在交换包中列出。" in text
    qtbot.wait(200)
    assert not package.exists() and len(message_log.shown) == 1


def test_export_without_the_missing_file_then_import_on_another_pc(
    qtbot, sample_ledger: Ledger, lost_file: str, tmp_path: Path, message_log, monkeypatch
) -> None:
    package = tmp_path / "2019.zip"
    _export(qtbot, sample_ledger, package, message_log)
    qtbot.waitUntil(lambda: len(message_log.shown) == 2, timeout=20_000)  # asked, then told
    assert message_log.shown[0][0] == "ask" and package.exists()
    assert "没有打包" in message_log.shown[-1][2] and "签到表.txt" in message_log.shown[-1][2]

    other = Ledger.open(tmp_path / "另一台")
    try:
        window = MainWindow(other)
        qtbot.addWidget(window)
        seen: list[ImportPackageDialog] = []

        def agree(dialog: ImportPackageDialog) -> int:
            seen.append(dialog)
            dialog.apply()
            qtbot.waitUntil(lambda: dialog.result_text != "", timeout=20_000)
            return 1

        monkeypatch.setattr(ImportPackageDialog, "exec", agree)
        import_package(other, window, package)
        qtbot.waitUntil(lambda: bool(seen) and seen[0].result_text != "", timeout=20_000)
        assert "对方电脑上缺少的附件 1 个" in seen[0].summary.text()
        assert "签到表.txt" in seen[0].findChild(QPlainTextEdit).toPlainText()
        assert "新增 43 条" in seen[0].result_text
        assert "对方电脑上缺少的附件 1 个" in seen[0].result_text
        assert _detail(other, lost_file).attachments == ()  # no row without its file
    finally:
        other.close()


def test_an_import_tells_the_window_where_the_new_records_are(
    qtbot, sample_ledger: Ledger, tmp_path: Path, monkeypatch
) -> None:
    from wenming_desktop.actions.changes import Changed
    from wenming_desktop.exchange.package import write_package

    package = tmp_path / "p.zip"
    write_package(sample_ledger, package, year=2019)
    other = Ledger.open(tmp_path / "另一台")
    try:
        window = MainWindow(other)
        qtbot.addWidget(window)
        window.show()
        heard: list[Changed] = []
        window.events.entries_changed.connect(heard.append)

        def agree(dialog: ImportPackageDialog) -> int:
            dialog.apply()
            qtbot.waitUntil(lambda: dialog.result_text != "", timeout=20_000)
            return 1

        monkeypatch.setattr(ImportPackageDialog, "exec", agree)
        import_package(other, window, package, events=window.events)
        qtbot.waitUntil(lambda: bool(heard), timeout=20_000)
        assert heard[0].years == {2019} and heard[0].areas == {1, 2, 3, 4, 5, 6}
        tab = window.current_tab()
        assert tab is not None and tab.selected_year() == 2019  # the newest year with records
        assert tab.model.rowCount() == 6
    finally:
        other.close()
