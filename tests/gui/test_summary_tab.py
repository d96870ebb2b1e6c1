"""The 年度总结 tab: draft, edit (kept automatically), regenerate with a question, export."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from PySide6.QtCore import Qt

from wenming_desktop.gui.main_window import MainWindow
from wenming_desktop.gui.summary_tab import SummaryTab
from wenming_desktop.ledger import Ledger
from wenming_desktop.summary.document import TITLE


@pytest.fixture
def tab(qtbot, sample_ledger: Ledger) -> SummaryTab:  # type: ignore[no-untyped-def]
    window = MainWindow(sample_ledger)
    qtbot.addWidget(window)
    window.show()
    window.ui.tabs.setCurrentWidget(window.summary_tab)
    return window.summary_tab


def wait_for_preview(qtbot, tab: SummaryTab) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(
        lambda: tab.rendered() is not None and "共" in tab.preview_status.text(), timeout=20_000
    )


def test_the_tab_follows_the_six_area_tabs(tab: SummaryTab) -> None:
    window = tab.window()
    assert window.tab_texts()[6] == "年度总结"


def test_generate_edit_and_keep(qtbot, tab: SummaryTab, sample_ledger: Ledger, ime) -> None:  # type: ignore[no-untyped-def]
    assert tab.year() == 2019
    assert not tab.editor.isEnabled()  # nothing drafted yet
    qtbot.mouseClick(tab.draft_button, Qt.MouseButton.LeftButton)
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


def test_regenerating_an_edited_part_asks_first(qtbot, tab: SummaryTab, message_log) -> None:  # type: ignore[no-untyped-def]
    tab.draft_all()
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
    tab.draft_all()
    assert tab.editor.toPlainText() == "区总工会2019年精神文明建设工作总结"


def test_regenerating_an_untouched_part_does_not_ask(tab: SummaryTab, message_log) -> None:  # type: ignore[no-untyped-def]
    tab.draft_all()
    tab.parts.setCurrentRow(3)
    tab.draft_current_part()
    assert not [kind for kind, _t, _x in message_log.shown if kind == "ask"]


def test_export_pdf_and_word_in_the_background(qtbot, tab: SummaryTab, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    tab.draft_all()
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
) -> None:  # type: ignore[no-untyped-def]
    tab.draft_all()
    tab.export_to(tmp_path / "没有这个文件夹" / "总结.pdf")
    qtbot.waitUntil(
        lambda: any(kind == "warn" for kind, _t, _x in message_log.shown), timeout=10_000
    )
    assert "不存在" in message_log.shown[-1][2]


def test_entries_changing_offers_new_years(qtbot, tab: SummaryTab, sample_ledger: Ledger) -> None:  # type: ignore[no-untyped-def]
    from wenming_desktop.ledger.draft import EntryDraft

    sample_ledger.entries.add(EntryDraft(area_id=1, date="2016-05-01", name="旧记录"))
    tab.window().events.entries_changed.emit()
    years = [tab.year_combo.itemData(i) for i in range(tab.year_combo.count())]
    assert 2016 in years and tab.year() == 2019


def test_title_key_constant_matches_first_part(tab: SummaryTab) -> None:
    tab.draft_all()
    assert tab.current_part().key == TITLE
