"""Sample data is never mistaken for real work: every print and export that includes sample
entries says so, and they can all be taken out at once (to the 回收站, undoably)."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pytest
from openpyxl import load_workbook
from reportlab.graphics.shapes import String

from wenming_desktop.actions.ledger_print import LedgerChoice, export_ledger
from wenming_desktop.actions.sample import remove_sample, sample_entry_ids
from wenming_desktop.actions.statistics import export_stats_report, noted_chart
from wenming_desktop.books.draft import EntryDraft
from wenming_desktop.books.query import EntryQuery
from wenming_desktop.books.records import EntryDetail
from wenming_desktop.charts.drawing import chart_drawing
from wenming_desktop.charts.spec import build_chart
from wenming_desktop.errors import UserError
from wenming_desktop.exchange.excel_export import (
    COLUMNS,
    OVERVIEW_TITLE,
    SAMPLE_HEADER,
    export_workbook,
)
from wenming_desktop.exchange.excel_import import apply_plan, plan_import
from wenming_desktop.ledger import Ledger
from wenming_desktop.reports.fonts import resolve_fonts

REAL_NAME = "职工篮球友谊赛"
AREA = "志愿服务"  # 8 of the 43 sample entries


def pages_text(path: Path) -> list[str]:
    document = pdfium.PdfDocument(str(path))
    try:
        return [page.get_textpage().get_text_range() for page in document]
    finally:
        document.close()


def flat(text: str) -> str:
    """Cell text joined again where the table wrapped it."""
    return text.replace("\r\n", "").replace(" ", "")


def add_real(ledger: Ledger, *, area: str = AREA, date: str = "2019-03-05") -> EntryDetail:
    return ledger.entries.add(
        EntryDraft(
            area_id=ledger.areas.by_name(area).id,
            date=date,
            name=REAL_NAME,
            location="区职工活动中心",
            participants=30,
            content="组织机关职工开展篮球友谊赛。",
        )
    )


def live(ledger: Ledger) -> list[EntryDetail]:
    return ledger.entries.details(EntryQuery())


# -- which entries are samples, and taking them out ----------------------------------------
def test_sample_ids_and_counts_leave_real_entries_and_the_trash_out(sample_ledger: Ledger) -> None:
    real = add_real(sample_ledger)
    samples = sample_entry_ids(sample_ledger)
    assert len(samples) == 43 and real.id not in samples
    assert sample_ledger.entries.sample_counts() == {2019: 43}

    sample_ledger.entries.move_to_trash(samples[:3])
    assert sample_entry_ids(sample_ledger) == samples[3:]
    assert sample_ledger.entries.sample_ids(live_only=False) == samples
    assert sample_ledger.entries.sample_counts() == {2019: 40}


def test_remove_sample_moves_exactly_the_samples_to_the_trash(sample_ledger: Ledger) -> None:
    real = add_real(sample_ledger)
    samples = sample_entry_ids(sample_ledger)

    removal = remove_sample(sample_ledger)

    assert removal.moved == 43
    assert removal.message == "已将 43 条示例数据移到回收站，可以在回收站中恢复。"
    assert removal.changed.entries == frozenset(samples)
    assert removal.changed.years == frozenset({2019})
    assert [entry.id for entry in live(sample_ledger)] == [real.id]
    trash = sample_ledger.entries.rows(EntryQuery(in_trash=True))
    assert sorted(row.id for row in trash) == samples

    again = remove_sample(sample_ledger)
    assert again.moved == 0 and again.message == "台账中没有示例数据。"
    assert not again.changed.touches_entries

    assert sample_ledger.entries.restore(samples) == 43  # what 撤销 does
    assert len(live(sample_ledger)) == 44


def test_remove_sample_is_refused_on_a_read_only_ledger(sample_ledger: Ledger) -> None:
    sample_ledger.close()
    reopened = Ledger.open(sample_ledger.folder.root, read_only="数据文件夹正被另一台电脑使用")
    try:
        with pytest.raises(UserError, match="只读"):
            remove_sample(reopened)
        assert len(sample_entry_ids(reopened)) == 43
    finally:
        reopened.close()


# -- printed ------------------------------------------------------------------------------
def test_the_ledger_marks_sample_rows_and_says_what_the_mark_means(
    sample_ledger: Ledger, tmp_path: Path
) -> None:
    add_real(sample_ledger)
    area = sample_ledger.areas.by_name(AREA)
    target = tmp_path / "台账.pdf"
    export_ledger(sample_ledger, LedgerChoice(2019, area), target)
    text = flat("".join(pages_text(target)))

    samples = [e for e in live(sample_ledger) if e.area_id == area.id and e.is_sample]
    assert len(samples) == 8
    for entry in samples:
        assert flat(entry.name) + "（示例）" in text, entry.name
    assert REAL_NAME in text and REAL_NAME + "（示例）" not in text
    assert "注：名称后标“示例”的8条记录为示例数据，不是本单位的实际工作。" in text
    assert text.count("（示例）") == 8

    remove_sample(sample_ledger)
    export_ledger(sample_ledger, LedgerChoice(2019, area), target)
    text = flat("".join(pages_text(target)))
    assert REAL_NAME in text and "示例" not in text


def test_a_record_sheet_of_a_sample_entry_says_so(sample_ledger: Ledger, tmp_path: Path) -> None:
    add_real(sample_ledger)
    target = tmp_path / "记录表.pdf"
    export_ledger(
        sample_ledger, LedgerChoice(2019, sample_ledger.areas.by_name(AREA), sheets=True), target
    )
    pages = pages_text(target)
    marked = [page for page in pages if "示例数据，不是本单位的实际工作" in page]
    assert len(marked) >= 8  # every sample entry's page (a long one may take two)
    real = [page for page in pages if REAL_NAME in page]
    assert len(real) == 1 and "示例" not in real[0]


def test_the_stats_report_says_how_many_of_its_figures_are_samples(
    sample_ledger: Ledger, tmp_path: Path
) -> None:
    add_real(sample_ledger, date="2020-04-01")
    target = tmp_path / "统计表.pdf"

    export_stats_report(sample_ledger, 2019, target)
    assert "注：2019年含示例数据 43 条，不是本单位的实际工作。" in pages_text(target)[0]

    export_stats_report(sample_ledger, 2020, target)  # against 2019
    assert "注：对比的2019年含示例数据 43 条，不是本单位的实际工作。" in pages_text(target)[0]

    remove_sample(sample_ledger)
    export_stats_report(sample_ledger, 2020, target)
    assert "示例" not in pages_text(target)[0]


def test_an_exported_chart_says_how_many_of_its_figures_are_samples(
    sample_ledger: Ledger,
) -> None:
    add_real(sample_ledger, date="2020-04-01")
    stats, before = sample_ledger.year_stats(2020), sample_ledger.year_stats(2019)
    assert noted_chart(sample_ledger, build_chart("area", stats)).note == ""
    compare = noted_chart(sample_ledger, build_chart("compare", stats, before))
    assert compare.note == "含示例数据 43 条"
    drawing = chart_drawing(compare, resolve_fonts(), 400, 260)
    texts = [item.text for item in drawing.contents if isinstance(item, String)]
    assert "含示例数据 43 条" in texts


# -- Excel --------------------------------------------------------------------------------
def test_excel_marks_sample_rows_in_a_column_of_their_own_and_reads_them_back(
    sample_ledger: Ledger, tmp_path: Path
) -> None:
    real = add_real(sample_ledger)
    path = export_workbook(sample_ledger, 2019, tmp_path / "台账.xlsx")
    book = load_workbook(path)
    headers = [column.header for column in COLUMNS]
    sheet = book[AREA]
    assert [cell.value for cell in sheet[1]] == [*headers, SAMPLE_HEADER]
    rows = {row[headers.index("记录编号")].value: row for row in sheet.iter_rows(min_row=2)}
    assert len(rows) == 9
    for uuid, row in rows.items():
        sample = uuid != real.uuid
        assert row[-1].value == ("是" if sample else None)
        assert row[headers.index("活动名称")].value.endswith("（示例）") is False
        assert row[0].fill.fgColor.rgb.endswith("EDEDED") is sample
    overview = list(book[OVERVIEW_TITLE].iter_rows(values_only=True))
    assert overview[-1][0].startswith("注：以上数字含示例数据 43 条")

    # Read back into the same ledger: everything is there already.
    assert apply_plan(sample_ledger, plan_import(sample_ledger, path)).added == 0
    # Into another: the same entries, the samples still samples (and removable as such).
    other = Ledger.open(tmp_path / "other")
    try:
        plan = plan_import(other, path)
        assert plan.refused == [] and plan.skipped == []
        assert apply_plan(other, plan).added == 44
        source = {e.uuid: e for e in live(sample_ledger)}
        fields = ("date", "end_date", "name", "kind", "location", "organizer", "participants")
        fields += ("volunteer_hours", "content", "remarks", "is_sample")
        for entry in live(other):
            expected = source[entry.uuid]
            assert [getattr(entry, f) for f in fields] == [getattr(expected, f) for f in fields]
        assert remove_sample(other).moved == 43
        assert [e.uuid for e in live(other)] == [real.uuid]
    finally:
        other.close()


def test_a_workbook_without_samples_has_no_sample_column(ledger: Ledger, tmp_path: Path) -> None:
    add_real(ledger)
    book = load_workbook(export_workbook(ledger, 2019, tmp_path / "台账.xlsx"))
    assert [cell.value for cell in book[AREA][1]] == [column.header for column in COLUMNS]
    assert list(book[OVERVIEW_TITLE].iter_rows(values_only=True))[-1][0] == "合计"


def test_cli_removes_the_sample_and_loading_again_points_to_the_trash(
    sample_ledger: Ledger, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from wenming_desktop.cli import main

    root = str(data_dir)
    assert main(["--data-dir", root, "demo", "--remove"]) == 0
    assert "已将 43 条示例数据移到回收站" in capsys.readouterr().out
    assert main(["--data-dir", root, "demo"]) == 0
    assert "其中 43 条在回收站" in capsys.readouterr().out
    assert sample_entry_ids(sample_ledger) == []
