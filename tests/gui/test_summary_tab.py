"""The 年度总结 tab: draft, edit (kept automatically), regenerate with a question, export."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import docx
import pytest
from PySide6.QtCore import Qt

from wenming_desktop.actions.changes import Changed
from wenming_desktop.gui.main_window import MainWindow
from wenming_desktop.gui.summary_tab import SummaryTab
from wenming_desktop.ledger import Ledger
from wenming_desktop.summary.document import TITLE


@pytest.fixture
def tab(qtbot, sample_ledger: Ledger) -> Iterator[SummaryTab]:
    window = MainWindow(sample_ledger)
    qtbot.addWidget(window)
    window.show()
    window.ui.tabs.setCurrentWidget(window.summary_tab)
    yield window.summary_tab  # the window is kept while the test runs (as the app keeps it)


def draft(qtbot, tab: SummaryTab, action=None) -> None:
    """生成草稿 (or another drafting action) and wait for the background draft to land."""
    with qtbot.waitSignal(tab.drafted, timeout=20_000):
        (action or tab.draft_all)()


def wait_for_preview(qtbot, tab: SummaryTab) -> None:
    qtbot.waitUntil(
        lambda: tab.rendered() is not None and "共" in tab.preview_status.text(), timeout=20_000
    )


def test_the_tab_follows_the_area_tabs_and_statistics(tab: SummaryTab) -> None:
    window = tab.window()
    assert window.tab_texts()[6:] == ["统计", "年度总结"]


def test_generate_edit_and_keep(qtbot, tab: SummaryTab, sample_ledger: Ledger, ime) -> None:
    assert tab.year() == 2019
    assert not tab.editor.isEnabled()  # nothing drafted yet
    draft(qtbot, tab, lambda: qtbot.mouseClick(tab.draft_button, Qt.MouseButton.LeftButton))
    assert tab.parts.count() == 11
    assert tab.parts.item(2).text() == "一、组织领导"
    assert tab.editor.toPlainText() == "区总工会2019年精神文明建设工作总结"
    wait_for_preview(qtbot, tab)
    assert tab.rendered().pages >= 3

    tab.editor.selectAll()
    ime(tab.editor, "区总工会2019年度文明创建工作总结")
    qtbot.waitUntil(lambda: "已修改" in tab.parts.item(0).text(), timeout=3000)
    assert sample_ledger.summaries.load(2019).title == "区总工会2019年度文明创建工作总结"

    tab.parts.setCurrentRow(4)  # another part; the title stays as typed
    assert tab.editor.toPlainText().startswith("三、发挥工会作用，加强宣传教育。")
    assert sample_ledger.summaries.load(2019).title == "区总工会2019年度文明创建工作总结"


def test_regenerating_an_edited_part_asks_first(qtbot, tab: SummaryTab, message_log) -> None:
    draft(qtbot, tab)
    tab.editor.setPlainText("我自己写的标题")
    tab.save_current()
    message_log.answer = False
    qtbot.mouseClick(tab.redraft_part_button, Qt.MouseButton.LeftButton)
    assert message_log.shown[-1][0] == "ask" and "标题" in message_log.shown[-1][2]
    assert tab.editor.toPlainText() == "我自己写的标题"
    message_log.answer = False
    tab.draft_all()
    assert "标题" in message_log.shown[-1][2]
    assert tab.editor.toPlainText() == "我自己写的标题"
    message_log.answer = True
    draft(qtbot, tab)
    assert tab.editor.toPlainText() == "区总工会2019年精神文明建设工作总结"


def test_nothing_can_be_changed_while_a_draft_is_made(qtbot, tab: SummaryTab) -> None:
    with qtbot.waitSignal(tab.drafted, timeout=20_000):
        tab.draft_all()
        assert not tab.draft_button.isEnabled() and not tab.year_combo.isEnabled()
    assert tab.draft_button.isEnabled() and tab.editor.isEnabled() and tab.year_combo.isEnabled()


def test_regenerating_an_untouched_part_does_not_ask(qtbot, tab: SummaryTab, message_log) -> None:
    draft(qtbot, tab)
    tab.parts.setCurrentRow(3)
    draft(qtbot, tab, tab.draft_current_part)
    assert not [kind for kind, _t, _x in message_log.shown if kind == "ask"]


def test_export_pdf_and_word_in_the_background(qtbot, tab: SummaryTab, tmp_path: Path) -> None:
    draft(qtbot, tab)
    messages: list[str] = []
    tab.status_message.connect(messages.append)
    pdf, word = tmp_path / "总结.pdf", tmp_path / "总结.docx"
    tab.export_to(pdf)
    tab.export_to(word)
    qtbot.waitUntil(lambda: pdf.exists() and word.exists() and len(messages) >= 4, timeout=20_000)
    assert pdf.read_bytes().startswith(b"%PDF")
    assert docx.Document(str(word)).paragraphs[0].text == "区总工会2019年精神文明建设工作总结"
    assert any("已导出" in text for text in messages)


def test_export_failure_is_a_chinese_message(
    qtbot, tab: SummaryTab, tmp_path: Path, message_log
) -> None:
    draft(qtbot, tab)
    tab.export_to(tmp_path / "没有这个文件夹" / "总结.pdf")
    qtbot.waitUntil(
        lambda: any(kind == "warn" for kind, _t, _x in message_log.shown), timeout=10_000
    )
    assert "不存在" in message_log.shown[-1][2]


def test_entries_changing_offers_new_years(qtbot, tab: SummaryTab, sample_ledger: Ledger) -> None:
    from wenming_desktop.books.draft import EntryDraft

    added = sample_ledger.entries.add(EntryDraft(area_id=1, date="2016-05-01", name="旧记录"))
    tab.window().events.publish(Changed.of_entries([added.id], [(1, 2016)]))
    years = [tab.year_combo.itemData(i) for i in range(tab.year_combo.count())]
    assert 2016 in years and tab.year() == 2019


def test_title_key_constant_matches_first_part(qtbot, tab: SummaryTab) -> None:
    draft(qtbot, tab)
    assert tab.current_part().key == TITLE


def test_printing_goes_through_the_print_dialog_page_by_page(
    qtbot, tab: SummaryTab, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """打印…: the system dialog is asked, then every page is rendered and painted."""
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter

    target = tmp_path / "printed.pdf"
    asked: list[str] = []

    def accept(dialog: QPrintDialog) -> int:
        asked.append(dialog.windowTitle())
        dialog.printer().setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        dialog.printer().setOutputFileName(str(target))
        return QPrintDialog.DialogCode.Accepted

    monkeypatch.setattr(QPrintDialog, "exec", accept)
    draft(qtbot, tab)
    wait_for_preview(qtbot, tab)
    finished: list[bool] = []
    from wenming_desktop.gui.printing import print_pdf

    print_pdf(tab, tab.rendered().pdf, "工作总结", finished.append)
    qtbot.waitUntil(lambda: bool(finished), timeout=30_000)
    assert asked == ["打印"] and finished == [True]
    import pypdfium2 as pdfium

    printed = pdfium.PdfDocument(str(target))
    assert len(printed) == tab.rendered().pages
    width, height = printed[0].get_size()
    assert (round(width), round(height)) in ((595, 842), (595, 841))


def test_cancelled_print_dialog_prints_nothing(qtbot, tab: SummaryTab, monkeypatch) -> None:
    from PySide6.QtPrintSupport import QPrintDialog

    from wenming_desktop.gui.printing import print_pdf

    monkeypatch.setattr(QPrintDialog, "exec", lambda _self: QPrintDialog.DialogCode.Rejected)
    draft(qtbot, tab)
    wait_for_preview(qtbot, tab)
    finished: list[bool] = []
    print_pdf(tab, tab.rendered().pdf, "工作总结", finished.append)
    assert finished == [False]


def test_year_follows_the_sample_loaded_on_first_start(qtbot, ledger: Ledger, message_log) -> None:
    window = MainWindow(ledger)
    qtbot.addWidget(window)
    window.show()
    assert window.summary_tab.year() == window.current_tab().selected_year()  # this year
    message_log.answer = True
    window.offer_sample_on_first_start()
    assert window.summary_tab.year() == 2019
    assert all(tab.selected_year() == 2019 for tab in window.area_tabs)
    assert window.current_tab().model.rowCount() > 0


def test_a_year_the_clerk_picked_is_kept(qtbot, tab: SummaryTab, sample_ledger: Ledger) -> None:
    import datetime as dt

    from wenming_desktop.books.draft import EntryDraft

    index = tab.year_combo.findData(dt.date.today().year)  # always offered
    tab.year_combo.setCurrentIndex(index)
    tab.year_combo.activated.emit(index)  # what a click on the item sends
    picked = tab.year()
    assert picked == dt.date.today().year
    added = sample_ledger.entries.add(EntryDraft(area_id=1, date="2031-01-01", name="将来的记录"))
    tab.window().events.publish(Changed.of_entries([added.id], [(1, 2031)]))
    assert tab.year() == picked


def test_section_labels_follow_renamed_areas(qtbot, tab: SummaryTab, sample_ledger: Ledger) -> None:
    from wenming_desktop.books.areas import AreaEdit

    draft(qtbot, tab)
    areas = sample_ledger.areas.all()
    edits = [AreaEdit(a.id, a.short_name, a.heading) for a in areas]
    edits[0] = AreaEdit(areas[0].id, "组织建设", areas[0].heading)
    sample_ledger.areas.save(edits)
    tab.window().events.publish(Changed(areas_edited=True))
    assert tab.parts.item(2).text() == "一、组织建设"


def test_printing_honours_the_page_range(
    qtbot, tab: SummaryTab, tmp_path: Path, monkeypatch
) -> None:
    """页码范围 2–3 in the print dialog prints just those pages."""
    import pypdfium2 as pdfium
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter

    from wenming_desktop.gui.printing import print_pdf

    target = tmp_path / "pages.pdf"

    def accept(dialog: QPrintDialog) -> int:
        printer = dialog.printer()
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(target))
        printer.setPrintRange(QPrinter.PrintRange.PageRange)
        printer.setFromTo(2, 3)
        return QPrintDialog.DialogCode.Accepted

    monkeypatch.setattr(QPrintDialog, "exec", accept)
    draft(qtbot, tab)
    wait_for_preview(qtbot, tab)
    finished: list[bool] = []
    print_pdf(tab, tab.rendered().pdf, "工作总结", finished.append)
    qtbot.waitUntil(lambda: bool(finished), timeout=30_000)
    assert finished == [True] and len(pdfium.PdfDocument(str(target))) == 2


def test_a_summary_that_cannot_be_saved_keeps_the_text_and_the_window(
    qtbot, tab: SummaryTab, sample_ledger: Ledger, message_log
) -> None:
    draft(qtbot, tab)
    tab.editor.setPlainText("标题\x00带控制字符")
    tab.parts.setCurrentRow(3)  # leaving the part tries to save it
    assert message_log.shown[-1][0] == "warn" and "控制字符" in message_log.shown[-1][2]
    assert tab.current_part().key == TITLE and "带控制字符" in tab.editor.toPlainText()
    window = tab.window()
    window.close()
    assert window.isVisible()  # not closed over unsaved text
    assert sample_ledger.summaries.load(2019).title == "区总工会2019年精神文明建设工作总结"
    tab.editor.setPlainText("标题已改好")
    window.close()
    assert not window.isVisible()
    assert sample_ledger.summaries.load(2019).title == "标题已改好"


def test_new_entries_show_the_staleness_notice_and_refresh_keeps_edits(
    qtbot, tab: SummaryTab, sample_ledger: Ledger, message_log, ime
) -> None:
    from wenming_desktop.books.draft import EntryDraft

    draft(qtbot, tab)
    qtbot.waitUntil(lambda: tab.staleness() is not None, timeout=10_000)
    assert tab.stale_bar.isHidden()
    assert "示例数据（43 条示例记录）" in tab.sample_notice.text()
    assert not tab.sample_notice.isHidden()

    tab.parts.setCurrentRow(6)  # 五、法治建设: the clerk rewrites it
    tab.editor.selectAll()
    ime(tab.editor, "五、强化法治建设。这一部分由我们自己写。")
    qtbot.waitUntil(lambda: "已修改" in tab.parts.item(6).text(), timeout=3000)

    areas = sample_ledger.areas.all()
    added = []
    for day in range(1, 10):
        area = areas[3] if day <= 6 else areas[4]
        entry = sample_ledger.entries.add(
            EntryDraft(area_id=area.id, date=f"2019-06-{day:02d}", name=f"新活动{day}"),
            is_sample=True,
        )
        added.append((entry.id, area.id))
    tab.window().events.publish(
        Changed.of_entries([i for i, _a in added], [(a, 2019) for _i, a in added])
    )
    qtbot.waitUntil(lambda: not tab.stale_bar.isHidden(), timeout=10_000)
    assert tab.stale_notice.text().startswith(
        "台账有 9 条新记录/修改，以下部分的数字可能已过时：开头、四、五。"
    )
    assert tab.refresh_button.text() == "更新未修改的部分"

    with qtbot.waitSignal(tab.drafted, timeout=20_000):
        qtbot.mouseClick(tab.refresh_button, Qt.MouseButton.LeftButton)
    summary = sample_ledger.summaries.load(2019)
    assert "全年共开展各类活动52次" in summary.text("opening")
    assert summary.text(tab.parts.item(6).data(Qt.ItemDataRole.UserRole + 1)) == (
        "五、强化法治建设。这一部分由我们自己写。"
    )
    assert message_log.shown[-1][0] == "inform" and "五" in message_log.shown[-1][2]
    qtbot.waitUntil(lambda: tab.stale_bar.isHidden(), timeout=10_000)


def test_export_asks_first_about_sample_data_and_placeholders(
    qtbot, tab: SummaryTab, message_log, monkeypatch, tmp_path: Path
) -> None:
    from PySide6.QtWidgets import QFileDialog

    draft(qtbot, tab)
    chosen = tmp_path / "总结.pdf"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", lambda *_a, **_k: (str(chosen), "PDF 文件 (*.pdf)")
    )
    message_log.answer = False
    tab.export(".pdf")
    asked = [text for kind, _title, text in message_log.shown if kind == "ask"]
    assert asked and "示例数据" in asked[-1] and "XX" in asked[-1]
    qtbot.wait(300)
    assert not chosen.exists()  # the clerk went back to fix it
    message_log.answer = True
    tab.export(".pdf")
    qtbot.waitUntil(chosen.exists, timeout=20_000)


def test_renaming_the_unit_updates_title_and_signature(
    qtbot, tab: SummaryTab, sample_ledger: Ledger
) -> None:
    draft(qtbot, tab)
    sample_ledger.settings.update(unit_name="市总工会")
    tab.window().events.publish(Changed.of_settings("unit_name"))
    assert tab.parts.item(0).text() == "标题"
    assert tab.editor.toPlainText() == "市总工会2019年精神文明建设工作总结"
    qtbot.waitUntil(lambda: not tab.stale_bar.isHidden(), timeout=10_000)
    assert "单位名称已改为“市总工会”" in tab.stale_notice.text()
