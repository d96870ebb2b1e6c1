"""The actions the window and the CLI share, called as plain functions: no Qt, no window."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import docx
import pypdfium2
import pytest

from wenming_desktop.actions.backup import RESTORED, back_up_now, back_up_to_file, restore_backup
from wenming_desktop.actions.ledger_print import LedgerChoice, export_ledger, ledger_pdf
from wenming_desktop.actions.packages import export_package, merge_package, read_incoming
from wenming_desktop.actions.statistics import export_chart, export_stats_report, stats_report_pdf
from wenming_desktop.actions.summary import export_summary
from wenming_desktop.books.draft import EntryDraft
from wenming_desktop.books.query import EntryQuery
from wenming_desktop.errors import UserError
from wenming_desktop.ledger import Ledger
from wenming_desktop.work import Steps

ACTION_MODULES = ("backup", "changes", "excel_import", "ledger_print", "packages", "sample",
                  "statistics", "summary")  # fmt: skip


def pages(pdf: bytes | Path) -> int:
    document = pypdfium2.PdfDocument(pdf)
    try:
        return len(document)
    finally:
        document.close()


def test_the_actions_load_and_run_without_qt(tmp_path: Path) -> None:
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        + "".join(f"import wenming_desktop.actions.{name}\n" for name in ACTION_MODULES)
        + "from wenming_desktop.actions.ledger_print import LedgerChoice, ledger_pdf\n"
        "from wenming_desktop.ledger import Ledger\n"
        f"ledger = Ledger.open(Path({str(tmp_path / 'data')!r}))\n"
        "ledger.load_sample()\n"
        "assert ledger_pdf(ledger, LedgerChoice(2019)).startswith(b'%PDF')\n"
        "ledger.close()\n"
        "print(sorted(name for name in sys.modules if name.startswith('PySide6')))\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120
    )
    assert run.returncode == 0, run.stderr[-3000:]
    assert run.stdout.strip().splitlines()[-1] == "[]"


# -- the summary ------------------------------------------------------------------------
def test_the_summary_is_exported_as_pdf_with_or_without_its_stats_and_as_word(
    sample_ledger: Ledger, tmp_path: Path
) -> None:
    plain = export_summary(sample_ledger, 2019, tmp_path / "总结.pdf", with_stats=False)
    with_stats = export_summary(sample_ledger, 2019, tmp_path / "总结附表.pdf", with_stats=True)
    assert plain.pages == pages(plain.path) >= 1
    assert with_stats.pages == pages(with_stats.path) == plain.pages + 1  # the 统计表 附件

    word = export_summary(sample_ledger, 2019, tmp_path / "总结.docx")
    text = "\n".join(paragraph.text for paragraph in docx.Document(str(word.path)).paragraphs)
    summary = sample_ledger.summaries.load_or_draft(2019)
    assert summary.parts[0].text in text


def test_a_summary_to_an_unknown_kind_of_file_is_refused_and_nothing_is_written(
    sample_ledger: Ledger, tmp_path: Path
) -> None:
    with pytest.raises(UserError, match="不能保存为"):
        export_summary(sample_ledger, 2019, tmp_path / "总结.txt")
    assert [path.name for path in tmp_path.iterdir()] == ["data"]  # the ledger's folder only


# -- ledgers ----------------------------------------------------------------------------
def test_a_printed_ledger_to_a_file_and_to_memory_is_the_same_document(
    sample_ledger: Ledger, tmp_path: Path
) -> None:
    area = sample_ledger.areas.all()[2]
    for choice in (LedgerChoice(2019), LedgerChoice(2019, area), LedgerChoice(2019, area, True)):
        target = tmp_path / f"{choice.what}{choice.area is not None}.pdf"
        written = export_ledger(sample_ledger, choice, target)
        assert written == pages(target) == pages(ledger_pdf(sample_ledger, choice))
    one_area = pages(ledger_pdf(sample_ledger, LedgerChoice(2019, area)))
    assert one_area < pages(ledger_pdf(sample_ledger, LedgerChoice(2019)))


def test_a_cancelled_ledger_leaves_no_file(sample_ledger: Ledger, tmp_path: Path) -> None:
    target = tmp_path / "台账.pdf"
    with pytest.raises(UserError):
        export_ledger(sample_ledger, LedgerChoice(2019), target, Steps(None, lambda: True))
    assert not target.exists()
    assert not [path for path in tmp_path.iterdir() if path.name.startswith(".wenming-")]


# -- statistics -------------------------------------------------------------------------
def test_the_stats_report_to_a_file_and_for_the_printer(
    sample_ledger: Ledger, tmp_path: Path
) -> None:
    target = export_stats_report(sample_ledger, 2019, tmp_path / "统计表.pdf", against=2018)
    assert pages(target) >= 1
    pdf, title = stats_report_pdf(sample_ledger, 2019)
    assert pages(pdf) == pages(target)
    assert "2019年" in title and sample_ledger.settings.load().unit_name in title


def test_a_chart_is_exported_as_a_png_of_the_size_asked(
    sample_ledger: Ledger, tmp_path: Path
) -> None:
    chart = export_chart(sample_ledger, 2019, "area", tmp_path / "图.png", size=(800, 500))
    assert chart.path.read_bytes().startswith(b"\x89PNG")
    assert chart.size == (800, 500) and "2019" in chart.title


# -- backups ----------------------------------------------------------------------------
def test_a_backup_file_restores_the_whole_ledger_elsewhere(
    sample_ledger: Ledger, tmp_path: Path
) -> None:
    photo = tmp_path / "照片.jpg"
    photo.write_bytes(b"\xff\xd8\xff" + b"photo" * 100)
    first = sample_ledger.entries.rows(EntryQuery(year=2019))[0]
    sample_ledger.entries.attach(first.uuid, [photo])
    progress: list[tuple[int, int]] = []
    written = back_up_to_file(
        sample_ledger,
        tmp_path / "备份.zip",
        Steps(lambda done, total, _text: progress.append((done, total))),
    )
    assert (written.entries, written.attachments, written.missing) == (43, 1, ())
    assert progress and progress[-1][0] == progress[-1][1]

    elsewhere = tmp_path / "另一台电脑"
    result = restore_backup(elsewhere, written.path)
    assert (result.entries, result.attachments, result.copied) == (43, 1, 1)
    assert RESTORED.ledger_replaced and RESTORED.areas_edited
    restored = Ledger.open(elsewhere)
    try:
        detail = restored.entries.get(first.id)
        assert detail is not None and detail.uuid == first.uuid
        assert restored.entries.attachment_path(detail.attachments[0]).read_bytes() == (
            photo.read_bytes()
        )
    finally:
        restored.close()


def test_backing_up_now_writes_an_automatic_backup(sample_ledger: Ledger) -> None:
    run = back_up_now(sample_ledger)
    assert run.local.path.exists() and run.local.entries == 43 and run.mirror is None


# -- exchange packages ------------------------------------------------------------------
def test_a_package_carries_a_year_to_another_ledger_and_says_where_it_landed(
    sample_ledger: Ledger, tmp_path: Path
) -> None:
    summary = export_package(sample_ledger, tmp_path / "交换包.zip", 2019)
    assert summary.entries == 43
    other = Ledger.open(tmp_path / "另一台电脑")
    try:
        plan = read_incoming(other, summary.path)
        assert other.entries.totals(EntryQuery()).count == 0  # reading writes nothing
        merged = merge_package(other, plan, {})
        assert merged.result.added == 43
        assert merged.changed.touches_entries
        assert merged.changed.years == frozenset({2019})
        assert merged.changed.areas == frozenset(area.id for area in other.areas.all())

        again = merge_package(other, read_incoming(other, summary.path), {})
        assert (again.result.added, again.result.unchanged) == (0, 43)
    finally:
        other.close()


def test_a_package_update_refreshes_everything_it_may_have_moved(
    sample_ledger: Ledger, tmp_path: Path
) -> None:
    path = export_package(sample_ledger, tmp_path / "交换包.zip", 2019).path
    other = Ledger.open(tmp_path / "另一台电脑")
    try:
        merge_package(other, read_incoming(other, path), {})
        row = sample_ledger.entries.rows(EntryQuery(year=2019))[0]
        detail = sample_ledger.entries.get(row.id)
        assert detail is not None
        moved = EntryDraft.from_detail(detail)
        moved.area_id = sample_ledger.areas.all()[-1].id
        sample_ledger.entries.update(row.id, moved)
        path = export_package(sample_ledger, tmp_path / "交换包2.zip", 2019).path
        merged = merge_package(other, read_incoming(other, path), {})
        assert merged.result.updated == 1
        assert merged.changed.areas is None and merged.changed.touches_entries
    finally:
        other.close()
