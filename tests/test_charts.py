"""Charts: the figures they show, the PNGs and the 统计表 PDF."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from PIL import Image

from tests.seed import AREA_NAMES
from wenming_desktop import cli
from wenming_desktop.books.draft import EntryDraft
from wenming_desktop.charts.export import write_chart_png
from wenming_desktop.charts.report_pdf import StatsReport, write_stats_pdf
from wenming_desktop.charts.spec import AREA_COLORS, KINDS, area_color, build_chart
from wenming_desktop.errors import UserError
from wenming_desktop.ledger import Ledger


@pytest.fixture
def counted(ledger: Ledger, area_ids: dict[str, int]) -> Ledger:
    """A ledger whose figures are easy to count by hand."""

    def add(area: str, date: str, people: int | None, hours: float | None = None) -> int:
        return ledger.entries.add(
            EntryDraft(
                area_id=area_ids[area],
                date=date,
                name="活动",
                participants=people,
                volunteer_hours=hours,
            )
        ).id

    add("组织领导", "2019-01-10", 20)
    add("组织领导", "2019-01-20", None)  # participants not recorded
    add("志愿服务", "2019-03-05", 30, 60)
    add("志愿服务", "2019-03-06", 10, 12.5)
    add("法治建设", "2019-12-04", 100)
    ledger.entries.move_to_trash([add("法治建设", "2019-12-05", 999, 9)])  # not counted
    add("宣传教育", "2018-06-01", 40)
    return ledger


def test_charts_show_the_hand_counted_figures(counted: Ledger) -> None:
    stats, before = counted.year_stats(2019), counted.year_stats(2018)
    area = build_chart("area", stats)
    assert area.categories == tuple(AREA_NAMES)
    assert area.series[0].values == (2, 0, 0, 2, 1, 0)
    assert build_chart("people", stats).series[0].values == (20, 0, 0, 40, 100, 0)
    month = build_chart("month", stats)
    assert month.stacked and [s.name for s in month.series] == AREA_NAMES
    assert month.totals() == (2, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 1)
    hours = build_chart("hours", stats)
    assert hours.series[0].values[2] == 72.5 and sum(hours.series[0].values) == 72.5
    compare = build_chart("compare", stats, before)
    assert compare.series[1].values == (0, 0, 1, 0, 0, 0)
    assert [name for _c, name in compare.legend] == ["2019年（深色）", "2018年（浅色）"]


def test_an_empty_year_draws_empty_charts(ledger: Ledger) -> None:
    empty = ledger.year_stats(1999)
    for kind in KINDS:
        spec = build_chart(kind, empty, empty)
        assert all(value == 0 for series in spec.series for value in series.values)


def test_each_area_keeps_its_colour_everywhere(counted: Ledger) -> None:
    stats = counted.year_stats(2019)
    ids = [a.id for a in counted.areas.all()]
    assert build_chart("area", stats).series[0].colors == tuple(area_color(i) for i in ids)
    month = build_chart("month", stats)
    assert [s.colors[0] for s in month.series] == [area_color(i) for i in ids]
    assert len(set(AREA_COLORS[:6])) == 6


def test_cli_stats_equal_what_the_charts_show(
    sample_ledger: Ledger, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["--data-dir", str(data_dir), "stats", "--year", "2019", "--json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    stats = sample_ledger.year_stats(2019)
    assert [a["entries"] for a in printed["areas"]] == list(
        build_chart("area", stats).series[0].values
    )
    assert [a["participants"] for a in printed["areas"]] == list(
        build_chart("people", stats).series[0].values
    )
    assert [m["entries"] for m in printed["months"]] == list(build_chart("month", stats).totals())
    assert [m["volunteer_hours"] for m in printed["months"]] == list(
        build_chart("hours", stats).series[0].values
    )


@pytest.mark.parametrize("kind", KINDS)
def test_chart_png_has_the_requested_size_and_is_not_blank(
    counted: Ledger, tmp_path: Path, kind: str
) -> None:
    target = tmp_path / f"{kind}.png"
    spec = build_chart(kind, counted.year_stats(2019), counted.year_stats(2018))
    write_chart_png(spec, target, (900, 600))
    image = Image.open(target).convert("RGB")
    assert image.size == (900, 600)
    colours = image.getcolors(maxcolors=900 * 600)
    assert len(colours) > 20  # bars, text and axes, not one flat colour
    white = max(count for count, colour in colours if colour == (255, 255, 255))
    assert white < 900 * 600 * 0.97


def test_chart_png_refuses_bad_requests(counted: Ledger, tmp_path: Path) -> None:
    spec = build_chart("area", counted.year_stats(2019))
    with pytest.raises(UserError, match="像素"):
        write_chart_png(spec, tmp_path / "a.png", (10, 10))
    with pytest.raises(UserError, match=r"\.png"):
        write_chart_png(spec, tmp_path / "a.jpg")
    with pytest.raises(UserError, match="不存在"):
        write_chart_png(spec, tmp_path / "没有" / "a.png")


def test_cli_chart_writes_the_png(sample_ledger: Ledger, data_dir: Path, tmp_path: Path) -> None:
    target = tmp_path / "a.png"
    assert (
        cli.main(
            [
                "--data-dir",
                str(data_dir),
                "chart",
                "--year",
                "2019",
                "--kind",
                "area",
                "--out",
                str(target),
                "--size",
                "1200x800",
            ]
        )
        == 0
    )
    assert Image.open(target).size == (1200, 800)
    assert (
        cli.main(
            [
                "--data-dir",
                str(data_dir),
                "chart",
                "--year",
                "2019",
                "--kind",
                "pie",
                "--out",
                str(target),
            ]
        )
        == 1
    )


def test_stats_report_pdf_holds_the_figures(sample_ledger: Ledger) -> None:
    stats, before = sample_ledger.year_stats(2019), sample_ledger.year_stats(2018)
    buffer = io.BytesIO()
    write_stats_pdf(StatsReport(stats, before, "区总工会"), buffer)
    document = pdfium.PdfDocument(buffer.getvalue())
    assert len(document) == 1
    text = document[0].get_textpage().get_text_range().replace(" ", "")
    assert "区总工会2019年精神文明建设工作统计表" in text
    assert "2019年各板块活动次数" in text and "2019年各月志愿服务时长" in text
    for area, figures in stats.areas:
        assert f"{area.short_name}{figures.entries}{figures.participants}" in text.replace(
            "\r\n", ""
        )
    assert f"合计{stats.total.entries}{stats.total.participants}" in text.replace("\r\n", "")
    assert "—1—" in text


def test_fonts_in_the_report_are_all_embedded(sample_ledger: Ledger) -> None:
    from wenming_desktop.reports.fonts import resolve_fonts

    fonts = resolve_fonts()
    if not fonts.all_embedded:
        pytest.skip("no embeddable TrueType CJK font on this machine")
    buffer = io.BytesIO()
    write_stats_pdf(StatsReport(sample_ledger.year_stats(2019)), buffer, fonts=fonts)
    assert b"Helvetica" not in buffer.getvalue()


def test_summary_can_carry_the_stats_as_its_appendix(
    sample_ledger: Ledger, data_dir: Path, tmp_path: Path
) -> None:
    plain, with_stats = tmp_path / "s.pdf", tmp_path / "s2.pdf"
    base = ["--data-dir", str(data_dir), "summary", "--year", "2019"]
    assert cli.main([*base, "--out", str(plain)]) == 0
    assert cli.main([*base, "--with-stats", "--out", str(with_stats)]) == 0
    first, second = pdfium.PdfDocument(str(plain)), pdfium.PdfDocument(str(with_stats))
    assert len(second) == len(first) + 1
    last = second[len(second) - 1].get_textpage().get_text_range().replace(" ", "")
    assert last.startswith("附件") and "统计表" in last and f"—{len(second)}—" in last


def test_cli_report(sample_ledger: Ledger, data_dir: Path, tmp_path: Path) -> None:
    target = tmp_path / "统计表.pdf"
    assert (
        cli.main(["--data-dir", str(data_dir), "report", "--year", "2019", "--out", str(target)])
        == 0
    )
    assert len(pdfium.PdfDocument(str(target))) == 1


def test_statistics_read_one_range_of_the_covering_index_per_cell(ledger: Ledger) -> None:
    """Each (area, month) cell is a range of ix_entry_live_area: no table rows, no sorting
    (a GROUP BY over the year sorted all of its rows first)."""
    from wenming_desktop.books.stats import cell_statement

    query = cell_statement().compile(dialect=ledger.database.engine.dialect)
    with ledger.database.reading() as session:
        rows = session.connection().exec_driver_sql(
            f"EXPLAIN QUERY PLAN {query}", (1, "2019-03-01", "2019-04-01")
        )
        plan = " ".join(row[-1] for row in rows)
    # (SQLite does not call a partial index COVERING, but reads no table row: the seek into
    # the table is deferred and never needed, as EXPLAIN shows.)
    assert "ix_entry_live_area (area_id=? AND date>? AND date<?)" in plan, plan
    assert "TEMP B-TREE" not in plan, plan


def test_figures_are_written_one_way() -> None:
    """Plain digits and at most one decimal — the table, the charts, the 统计 tab and the
    summary's text alike (“2035”, never “2,035”)."""
    from wenming_desktop.charts.spec import change_text, number_text

    assert [number_text(v) for v in (0, 43, 2035, 123456, 62.5, 12.25, 0.04)] == [
        "0",
        "43",
        "2035",
        "123456",
        "62.5",
        "12.2",
        "0",
    ]
    assert [change_text(c) for c in (6, 0, -2)] == ["+6", "持平", "-2"]
