"""The 统计表 on paper: inside the text block, clear of the page number, as a report and as
the summary's 附件 (GB/T 9704 7.3.7); titles and names wrap; one number format; no
comparison with a year that has no records; no text under 8 pt.

Geometry is read back from the PDF with PDFium: every glyph's box and every page object.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
from reportlab.graphics import renderPDF
from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.shapes import Drawing, Group, String
from reportlab.graphics.widgetbase import Widget

from wenming_desktop.actions.statistics import comparison_default, stats_report
from wenming_desktop.actions.summary import export_summary
from wenming_desktop.books.areas import AreaEdit
from wenming_desktop.books.draft import EntryDraft
from wenming_desktop.charts.drawing import MIN_LABEL_SIZE, chart_drawing, wrap_text
from wenming_desktop.charts.report_pdf import (
    StatsReport,
    table_rows,
    title_lines,
    write_stats_pdf,
)
from wenming_desktop.charts.spec import (
    KINDS,
    build_chart,
    comparison_year,
    number_text,
    sample_note,
)
from wenming_desktop.ledger import Ledger
from wenming_desktop.reports import page as geo
from wenming_desktop.reports.fonts import resolve_fonts

LONG_UNIT = "某某省某某市某某区人力资源和社会保障局机关工会委员会暨直属事业单位联合工会委员会"[:40]
LONG_AREAS = (
    "组织领导与制度建设工",
    "理论学习和思想政治课",
    "宣传教育与文化阵地建",
    "学雷锋志愿服务活动队",
    "法治建设和普法宣传周",
    "环境建设与后勤保障部",
)
BLOCK = (geo.BLOCK_LEFT, geo.BLOCK_BOTTOM, geo.BLOCK_RIGHT, geo.BLOCK_TOP)
#: Rules are stroked half their width outside their path; glyph outlines may overhang.
SLACK = 0.8

Box = tuple[float, float, float, float]  # left, bottom, right, top


@dataclass(frozen=True, slots=True)
class Glyph:
    char: str
    box: Box
    size: float


def glyphs(page: pdfium.PdfPage) -> list[Glyph]:
    text = page.get_textpage()
    found = []
    for index in range(text.count_chars()):
        char = text.get_text_range(index, 1)
        if not char.strip():
            continue
        size = pdfium_c.FPDFText_GetFontSize(text.raw, index)
        found.append(Glyph(char, text.get_charbox(index), size))
    return found


def page_objects(page: pdfium.PdfPage) -> Iterator[tuple[int, Box]]:
    """(type, bounds on the page) of every object, inside form XObjects too."""

    def walk(objects: Iterator[pdfium.PdfObject], matrix: pdfium.PdfMatrix | None):
        for obj in objects:
            box = obj.get_bounds()
            if matrix is not None:
                box = matrix.on_rect(*box)
            yield obj.type, box
            if obj.type == pdfium_c.FPDF_PAGEOBJ_FORM:
                inner = obj.get_matrix() if matrix is None else obj.get_matrix().multiply(matrix)
                yield from walk(obj.get_objects(max_depth=0), inner)

    yield from walk(page.get_objects(max_depth=0), None)


def inside(box: Box, area: Box, slack: float = SLACK) -> bool:
    return (
        box[0] >= area[0] - slack
        and box[1] >= area[1] - slack
        and box[2] <= area[2] + slack
        and box[3] <= area[3] + slack
    )


def overlap(a: Box, b: Box, shrink: float = 0.0) -> bool:
    return min(a[2], b[2]) - max(a[0], b[0]) > shrink and min(a[3], b[3]) - max(a[1], b[1]) > shrink


def union(boxes: list[Box]) -> Box:
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


def check_page(page: pdfium.PdfPage, number: int) -> list[Glyph]:
    """Everything inside the text block, nothing on the page number; the block's glyphs."""
    found = glyphs(page)
    below = [g for g in found if g.box[3] < geo.BLOCK_BOTTOM]
    assert "".join(g.char for g in below) == f"—{number}—"
    number_box = union([g.box for g in below])
    # GB/T 9704: 7 mm under the text block, one character in from the side of its parity.
    assert number_box[3] < geo.BLOCK_BOTTOM - 5 * 72 / 25.4
    if number % 2:
        assert number_box[2] > geo.BLOCK_RIGHT - 2 * geo.PAGE_NUMBER_SIZE
    else:
        assert number_box[0] < geo.BLOCK_LEFT + 2 * geo.PAGE_NUMBER_SIZE
    block = [g for g in found if g not in below]
    for glyph in block:
        assert inside(glyph.box, BLOCK), glyph
    for kind, box in page_objects(page):
        if kind == pdfium_c.FPDF_PAGEOBJ_TEXT and inside(box, number_box, 2.0):
            continue  # the page number itself
        assert inside(box, BLOCK), (kind, box)
        assert not overlap(box, number_box), (kind, box)
    # No glyph on another (a name run into a number, a label into a label).
    ordered = sorted(block, key=lambda g: g.box[0])
    for index, glyph in enumerate(ordered):
        for other in ordered[index + 1 :]:
            if other.box[0] >= glyph.box[2]:
                break
            assert not overlap(glyph.box, other.box, 0.3), (glyph, other)
    return block


def line_box(slot: int) -> Box:
    """Line ``slot`` (0 = the first) of the GB/T 9704 grid: 22 lines in the text block."""
    top = geo.BLOCK_TOP - slot * geo.LINE_PITCH
    return (geo.BLOCK_LEFT, top - geo.LINE_PITCH, geo.BLOCK_RIGHT, top)


def pdf_of(report: StatsReport) -> pdfium.PdfDocument:
    buffer = io.BytesIO()
    write_stats_pdf(report, buffer)
    return pdfium.PdfDocument(buffer.getvalue())


def rename(ledger: Ledger, unit: str = LONG_UNIT, areas: tuple[str, ...] = LONG_AREAS) -> None:
    """A unit and areas with names as long as the settings allow (areas: 10 characters)."""
    ledger.settings.update(unit_name=unit)
    ledger.areas.save(
        [AreaEdit(a.id, name, a.heading) for a, name in zip(ledger.areas.all(), areas, strict=True)]
    )


def lines_of(found: list[Glyph], text: str) -> list[list[Glyph]]:
    """The glyphs of ``text``'s first occurrence (ignoring line ends), grouped by line."""
    chars = "".join(g.char for g in found)
    start = chars.index(text)
    picked = found[start : start + len(text)]
    rows: list[list[Glyph]] = []
    for glyph in picked:
        if rows and abs(rows[-1][0].box[1] - glyph.box[1]) < glyph.size * 0.5:
            rows[-1].append(glyph)
        else:
            rows.append([glyph])
    return rows


# -- on the page ------------------------------------------------------------------------
@pytest.mark.parametrize("names", ["as seeded", "long"])
def test_the_report_stays_inside_the_text_block(sample_ledger: Ledger, names: str) -> None:
    if names == "long":
        rename(sample_ledger)
    document = pdf_of(stats_report(sample_ledger, 2019))
    assert len(document) in (1, 2)
    block = [g for number in range(len(document)) for g in check_page(document[number], number + 1)]
    title = sample_ledger.settings.load().unit_name + "2019年精神文明建设工作统计表"
    title_rows = lines_of(block, title)
    for row, glyphs_of_row in enumerate(title_rows):  # the title on lines 1, 2 … of the grid
        assert all(inside(g.box, line_box(row), 0.5) for g in glyphs_of_row)
    if names == "long":
        assert len(title_rows) >= 3
    assert "注：2019年含示例数据43条，不是本单位的实际工作。" in "".join(g.char for g in block)


@pytest.mark.parametrize("names", ["as seeded", "long"])
@pytest.mark.parametrize("parity", ["even", "odd"])
def test_as_the_summarys_appendix(
    sample_ledger: Ledger, tmp_path: Path, parity: str, names: str
) -> None:
    """附件 on line 1 at the left, the title from line 3; every page of it inside the text
    block and clear of its page number, whichever side that number is on."""
    if names == "long":
        rename(sample_ledger)
    plain = export_summary(sample_ledger, 2019, tmp_path / "plain.pdf", with_stats=False).pages
    if (plain + 1) % 2 != (parity == "odd"):  # one more page of summary
        closing = sample_ledger.summaries.load_or_draft(2019).text("closing")
        sample_ledger.summaries.save_text(2019, "closing", closing + "\n" + "补充说明。" * 130)
        plain = export_summary(sample_ledger, 2019, tmp_path / "plain.pdf", with_stats=False).pages
    assert (plain + 1) % 2 == (parity == "odd")
    target = tmp_path / "总结.pdf"
    result = export_summary(sample_ledger, 2019, target, with_stats=True)
    document = pdfium.PdfDocument(str(target))
    assert result.pages == len(document) and len(document) in (plain + 1, plain + 2)

    first = check_page(document[plain], plain + 1)
    mark = lines_of(first, "附件")[0]
    assert all(inside(g.box, line_box(0), 0.5) and g.size == geo.BODY_SIZE for g in mark)
    assert mark[0].box[0] - geo.BLOCK_LEFT < 2.5  # 顶格: at the block's left edge
    unit = sample_ledger.settings.load().unit_name
    title = lines_of(first, f"{unit}2019年精神文明建设工作统计表")
    assert all(inside(g.box, line_box(2), 0.5) for g in title[0])  # line 3
    for row, glyphs_of_row in enumerate(title[1:], start=3):
        assert all(inside(g.box, line_box(row), 0.5) for g in glyphs_of_row)
    text = "".join(g.char for g in first)
    assert "注：2019年含示例数据43条，不是本单位的实际工作。" in text  # the note still fits
    for number in range(plain + 1, len(document)):  # a second page, with long names
        check_page(document[number], number + 1)


# -- wrapping ---------------------------------------------------------------------------
def test_a_long_title_wraps_at_sensible_points(ledger: Ledger) -> None:
    fonts = resolve_fonts()
    font = fonts["title"].font_name
    report = StatsReport(ledger.year_stats(2019), unit=LONG_UNIT)
    lines = title_lines(report, font)
    assert "".join(lines) == report.title and len(lines) >= 3
    assert any("2019年" in line for line in lines)  # never split inside “2019年”
    from reportlab.pdfbase.pdfmetrics import stringWidth

    assert all(stringWidth(line, font, geo.TITLE_SIZE) <= geo.BLOCK_WIDTH for line in lines)
    short = title_lines(StatsReport(ledger.year_stats(2019), unit="北京市朝阳区总工会"), font)
    assert short == ["北京市朝阳区总工会2019年", "精神文明建设工作统计表"]
    numbered = StatsReport(ledger.year_stats(2019), unit="第12345678901234567890中学工会委员会")
    assert any("12345678901234567890" in line for line in title_lines(numbered, font))


def test_wrapping_keeps_numbers_and_brackets_whole() -> None:
    font = resolve_fonts()["body"].font_name
    assert wrap_text("志愿服务时长（小时）", font, 10.5, 70) == ["志愿服务时长", "（小时）"]
    assert wrap_text("较2018年（次）", font, 10.5, 45) == ["较2018年", "（次）"]
    lines = wrap_text("全年共开展各类活动12345次，参与职工67890人次", font, 12, 120)
    assert any("12345次" in line for line in lines) and any("67890" in line for line in lines)
    assert not any(line.startswith(("，", "）")) for line in lines)


def test_long_area_names_wrap_in_the_charts_and_stay_in_their_cells(
    sample_ledger: Ledger,
) -> None:
    rename(sample_ledger)
    report = stats_report(sample_ledger, 2019)
    fonts = resolve_fonts()
    drawing = chart_drawing(build_chart("area", report.stats), fonts, 209, 200)
    chart = next(item for item in drawing.contents if isinstance(item, VerticalBarChart))
    labels = chart.categoryAxis.categoryNames
    assert [label.replace("\n", "") for label in labels] == list(LONG_AREAS)
    assert all(label.count("\n") >= 1 for label in labels)  # 10 characters do not fit a slot

    document = pdf_of(report)
    found = [g for number in range(len(document)) for g in check_page(document[number], number + 1)]
    chars = "".join(g.char for g in found)
    second_column = found[chars.rindex("活动次数")].box[0]  # the table's header
    for name in LONG_AREAS:
        in_chart = lines_of(found, name)  # the first chart's label
        assert len(in_chart) >= 2, name
        start = chars.rindex(name)  # the table's row
        in_table = found[start : start + len(name)]
        bottoms = [g.box[1] for g in in_table]
        assert max(bottoms) - min(bottoms) < in_table[0].size / 2, name  # one line
        assert max(g.box[2] for g in in_table) < second_column - 4, name


# -- figures ----------------------------------------------------------------------------
def test_one_number_format_in_the_table_the_charts_and_the_summary_line(
    sample_ledger: Ledger, area_ids: dict[str, int]
) -> None:
    sample_ledger.entries.add(
        EntryDraft(
            area_id=area_ids["宣传教育"],
            date="2019-03-10",
            name="志愿讲解",
            participants=1000,
            volunteer_hours=12.5,
        )
    )
    report = stats_report(sample_ledger, 2019)
    stats = report.stats
    people = dict((area.short_name, f.participants) for area, f in stats.areas)["宣传教育"]
    assert people >= 1000
    rows = {row[0]: row for row in table_rows(report)}
    assert rows["宣传教育"][2] == str(people)
    hours = number_text(stats.total.volunteer_hours)
    assert "." in hours and rows["合计"][3] == hours
    document = pdf_of(report)
    text = "".join(g.char for g in glyphs(document[0]))
    assert f"{people:,}" not in text
    assert text.count(str(people)) == 2  # the table and the bar
    assert f"志愿服务时长{hours}小时" in text  # the summary line
    assert f"参与职工{stats.total.participants}人次" in text
    # The charts write them alike: the bar of March's hours.
    march = number_text(stats.months[2].volunteer_hours)
    strings = chart_strings(chart_drawing(build_chart("hours", stats), resolve_fonts(), 209, 190))
    assert "." in march and march in {s.text for s in strings}
    assert not any("," in s.text for s in strings)


def test_no_comparison_with_a_year_without_records(
    sample_ledger: Ledger, area_ids: dict[str, int]
) -> None:
    assert sample_ledger.year_stats(2018).total.entries == 0
    for against in (None, 2018):
        report = stats_report(sample_ledger, 2019, against=against)
        assert report.compared is None and len(table_rows(report)[0]) == 4
        text = "".join(g.char for g in glyphs(pdf_of(report)[0]))
        assert "较" not in text and "+43" not in text and "对比" not in text

    sample_ledger.entries.add(
        EntryDraft(area_id=area_ids["组织领导"], date="2017-05-04", name="五四表彰会")
    )
    report = stats_report(sample_ledger, 2019)  # the latest earlier year with records
    assert report.compared is not None and report.compared.year == 2017
    assert table_rows(report)[0][-1] == "较2017年（次）"
    assert table_rows(report)[1][-1] == "+5"  # 组织领导: 6 against 1
    assert table_rows(report)[-1][-1] == "+42"
    text = "".join(g.char for g in glyphs(pdf_of(report)[0]))
    assert "较2017年（次）" in text


def test_the_default_comparison_is_the_latest_earlier_year_with_records(
    sample_ledger: Ledger, area_ids: dict[str, int]
) -> None:
    assert comparison_year(2019, [2019, 2016, 2012]) == 2016
    assert comparison_year(2016, [2019, 2016]) is None
    assert comparison_default(sample_ledger, 2019) is None
    assert comparison_default(sample_ledger, 2021) == 2019
    for date in ("2015-06-01", "2016-06-01"):
        sample_ledger.entries.add(EntryDraft(area_id=area_ids["法治建设"], date=date, name="普法"))
    assert comparison_default(sample_ledger, 2019) == 2016
    assert comparison_default(sample_ledger, 2016) == 2015


def test_the_stats_tab_compares_with_the_latest_earlier_year_with_records(
    qtbot, sample_ledger: Ledger, area_ids: dict[str, int]
) -> None:
    from wenming_desktop.gui.stats_tab import StatsTab

    sample_ledger.entries.add(
        EntryDraft(area_id=area_ids["法治建设"], date="2016-12-04", name="宪法日宣传")
    )
    tab = StatsTab(sample_ledger)
    qtbot.addWidget(tab)
    tab.resize(1366, 768)
    tab.show()
    qtbot.waitUntil(lambda: tab.stats is not None)
    assert tab.year() == 2019 and tab.compare_combo.currentData() == 2016
    assert tab.figures.headers()[-1] == "较2016年"
    assert tab.charts["compare"].spec.title == "2019年与2016年各板块活动次数对比"

    tab.compare_combo.setCurrentIndex(tab.compare_combo.findData(2018))  # no records
    tab.compare_combo.activated.emit(tab.compare_combo.currentIndex())
    assert tab.figures.columnCount() == 4  # no column of +43 against an empty year

    index = tab.year_combo.findData(2019)  # choosing the year again: the default again
    tab.year_combo.setCurrentIndex(index)
    tab.year_combo.activated.emit(index)
    assert tab.compare_combo.currentData() == 2016
    people = tab.figures.data(tab.figures.index(6, 2))
    assert people == str(sample_ledger.year_stats(2019).total.participants)


# -- type sizes -------------------------------------------------------------------------
def chart_strings(drawing: Drawing) -> list[String]:
    """Every string a chart drawing sets, its bar chart's labels included."""
    found: list[String] = []

    def walk(node: object) -> None:
        if isinstance(node, String):
            found.append(node)
        elif isinstance(node, Group):
            for child in node.contents:
                walk(child)
        elif isinstance(node, Widget):  # the bar chart, its axes and labels
            walk(node.draw())

    for item in drawing.contents:
        walk(item)
    return found


@pytest.mark.parametrize("size", [(209, 170), (209, 240), (400, 250)])
def test_no_chart_text_under_8_points(sample_ledger: Ledger, size: tuple[int, int]) -> None:
    stats, fonts = sample_ledger.year_stats(2019), resolve_fonts()
    for kind in KINDS:
        spec = replace(build_chart(kind, stats, stats), note=sample_note(43))
        drawing = chart_drawing(spec, fonts, *size)
        strings = chart_strings(drawing)
        assert strings and all(s.fontSize >= MIN_LABEL_SIZE for s in strings), kind
        # … and nothing outside the drawing: put on a page of its own size, read back.
        page = pdfium.PdfDocument(renderPDF.drawToString(drawing))[0]
        for glyph in glyphs(page):
            assert inside(glyph.box, (0, 0, *size)), (kind, glyph)


def test_no_text_under_8_points_on_the_page(sample_ledger: Ledger) -> None:
    rename(sample_ledger)
    document = pdf_of(stats_report(sample_ledger, 2019))
    for number in range(len(document)):
        sizes = {round(g.size, 2) for g in glyphs(document[number])}
        assert min(sizes) >= MIN_LABEL_SIZE, sizes
