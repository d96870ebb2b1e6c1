"""打印台账: the clerk picks year, area and kind, then previews or exports."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pytest

from wenming_desktop.gui.ledger_dialog import LedgerDialog
from wenming_desktop.ledger import Ledger


@pytest.fixture
def dialog(qtbot, sample_ledger: Ledger) -> LedgerDialog:
    shown = LedgerDialog(sample_ledger, 2019, None)
    qtbot.addWidget(shown)
    shown.show()
    return shown


def test_defaults_follow_the_tab_and_name_the_document(dialog: LedgerDialog) -> None:
    assert dialog.year() == 2019 and dialog.area() is None and not dialog.sheets()
    assert dialog.title() == "2019年活动台账"
    dialog.area_combo.setCurrentIndex(4)
    dialog.sheets_choice.setChecked(True)
    assert dialog.title() == "2019年志愿服务活动记录表"


def test_export_writes_the_pdf_in_the_background(
    qtbot, dialog: LedgerDialog, tmp_path: Path, message_log
) -> None:
    target = tmp_path / "台账.pdf"
    dialog.export_to(target)
    qtbot.waitUntil(lambda: any(t == "已导出" for _k, t, _x in message_log.shown), timeout=30_000)
    assert len(pdfium.PdfDocument(str(target))) >= 6
    assert "共" in message_log.shown[-1][2]
    assert message_log.opened == [target.parent]  # 打开文件夹 was chosen


def test_preview_shows_every_page(qtbot, dialog: LedgerDialog, monkeypatch) -> None:
    from wenming_desktop.gui import printing

    shown: list[int] = []

    def fake_exec(preview) -> int:
        qtbot.waitUntil(
            lambda: preview.page_count() > 0 and "共" in preview.status.text(), timeout=30_000
        )
        shown.append(preview.page_count())
        return 0

    monkeypatch.setattr(printing.PrintPreviewDialog, "exec", fake_exec)
    dialog.area_combo.setCurrentIndex(4)
    dialog.sheets_choice.setChecked(True)
    dialog.preview()
    qtbot.waitUntil(lambda: bool(shown), timeout=30_000)
    assert shown[0] >= 8  # one page per 志愿服务 entry


def test_cancel_leaves_no_file(qtbot, dialog: LedgerDialog, tmp_path: Path, message_log) -> None:
    import threading

    from wenming_desktop.gui.background import run_in_background

    target = tmp_path / "取消.pdf"
    busy = threading.Event()
    run_in_background(busy.wait)  # the document thread is busy: the export waits its turn
    dialog.export_to(target)
    assert dialog.operation is not None
    dialog.operation.cancel()  # what 取消 does
    busy.set()
    qtbot.waitUntil(lambda: dialog.operation.finished, timeout=30_000)
    assert not target.exists() and not list(tmp_path.glob(".wenming-*"))
    assert message_log.shown == []  # a cancel is not a failure


def test_print_sends_the_chosen_ledger_to_the_printer_landscape(
    qtbot, dialog: LedgerDialog, tmp_path: Path, monkeypatch, message_log
) -> None:
    """打印… asks for a printer (the same QPrintDialog as the preview's 打印…) and prints
    every page of the 活动台账 on landscape A4, as the table is laid out."""
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter

    target = tmp_path / "printed.pdf"
    asked: list[QPrinter] = []

    def accept(print_dialog: QPrintDialog) -> int:
        printer = print_dialog.printer()
        asked.append(printer)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(target))
        return QPrintDialog.DialogCode.Accepted

    monkeypatch.setattr(QPrintDialog, "exec", accept)
    assert dialog.print_button.text() == "打印…" and dialog.print_button.isVisible()
    finished: list[bool] = []
    dialog.area_combo.setCurrentIndex(1)  # 组织领导
    dialog.print_ledger(finished.append)
    qtbot.waitUntil(lambda: bool(finished), timeout=30_000)
    assert finished == [True] and len(asked) == 1
    assert [title for _kind, title, _text in message_log.shown] == ["已打印到文件"]
    assert asked[0].docName() == "2019年组织领导活动台账"
    printed = pdfium.PdfDocument(str(target))
    assert len(printed) >= 1
    width, height = printed[0].get_size()
    assert (round(width), round(height)) in ((842, 595), (841, 595))


def test_print_button_goes_through_the_print_dialog(
    qtbot, dialog: LedgerDialog, monkeypatch
) -> None:
    """A click on 打印… builds the PDF in the background, then asks for a printer."""
    from PySide6.QtCore import Qt
    from PySide6.QtPrintSupport import QPrintDialog

    asked: list[str] = []

    def cancel(print_dialog: QPrintDialog) -> int:
        asked.append(print_dialog.windowTitle())
        return QPrintDialog.DialogCode.Rejected

    monkeypatch.setattr(QPrintDialog, "exec", cancel)
    dialog.sheets_choice.setChecked(True)
    qtbot.mouseClick(dialog.print_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(asked), timeout=30_000)
    assert asked == ["打印"]


def test_the_dialog_names_entries_that_will_not_print_as_written(
    qtbot, sample_ledger: Ledger
) -> None:
    from wenming_desktop.books.draft import EntryDraft
    from wenming_desktop.reports.fonts import resolve_fonts

    if not resolve_fonts().all_embedded:
        pytest.skip("the built-in font cannot be asked which characters it has")
    area = sample_ledger.areas.all()[2]
    sample_ledger.entries.add(EntryDraft(area_id=area.id, date="2019-06-01", name="儿童节🎈"))
    dialog = LedgerDialog(sample_ledger, 2019)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: "儿童节🎈" in dialog.notice.text(), timeout=10_000)
    assert not dialog.notice.isHidden() or not dialog.isVisible()
    other = sample_ledger.areas.all()[0]
    dialog.area_combo.setCurrentIndex(dialog.area_combo.findData(other.id))
    qtbot.waitUntil(lambda: "儿童节" not in dialog.notice.text(), timeout=10_000)
