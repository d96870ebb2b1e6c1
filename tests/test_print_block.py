"""Every PDF the app writes keeps its content inside the text block, and no page number
shares space with content — for the sample year and for a ledger built to stress them."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

from tests.pdf_geometry import SUMMARY_BLOCK, problems, read_pages
from wenming_desktop.actions.ledger_print import LedgerChoice, ledger_pdf
from wenming_desktop.actions.statistics import stats_report_pdf
from wenming_desktop.actions.summary import stats_appendix, summary_pdf_bytes
from wenming_desktop.books.areas import AreaEdit
from wenming_desktop.books.draft import EntryDraft
from wenming_desktop.ledger import Ledger
from wenming_desktop.summary.document import OPENING, AnnualSummary, Part

LONG_UNIT = "某某省某某市某某区总工会机关精神文明建设工作领导小组办公室暨基层工会联合会"


def summary_of_parity(ledger: Ledger, year: int, *, odd_appendix: bool) -> AnnualSummary:
    """The year's draft, lengthened until its 附件 falls on an odd (or even) page."""
    summary = ledger.summaries.draft(year)
    appendix = stats_appendix(ledger, year)
    for extra in range(40):
        pages = summary_pdf_bytes(summary, None, appendix).pages
        if (pages % 2 == 1) == odd_appendix:  # the 附件 is the last page
            return summary
        opening = summary.part(OPENING)
        assert opening is not None
        longer = opening.text + "\n" + "补充说明。" * (20 + extra)
        summary = summary.with_part(Part(OPENING, opening.label, longer, longer))
    raise AssertionError("could not move the 附件 to the page wanted")


def check_all_outputs(ledger: Ledger, year: int) -> None:
    for odd in (True, False):
        summary = summary_of_parity(ledger, year, odd_appendix=odd)
        rendered = summary_pdf_bytes(summary, None, stats_appendix(ledger, year))
        found = problems(read_pages(rendered.pdf), SUMMARY_BLOCK)
        assert found == [], "\n".join(found[:20])
    outputs = {
        "活动台账": ledger_pdf(ledger, LedgerChoice(year)),
        "活动记录表": ledger_pdf(ledger, LedgerChoice(year, sheets=True)),
        "统计表": stats_report_pdf(ledger, year)[0],
    }
    for what, pdf in outputs.items():
        pages = read_pages(pdf)
        assert all(page.page_numbers for page in pages) or what == "统计表", what
        found = problems(pages)
        assert found == [], f"{what}:\n" + "\n".join(found[:20])


def test_the_sample_year_prints_inside_the_block(sample_ledger: Ledger) -> None:
    check_all_outputs(sample_ledger, 2019)


def _photo(path: Path, size: tuple[int, int], mode: str = "RGB") -> Path:
    colour = (200, 60, 60, 0) if mode == "RGBA" else (60, 120, 200)
    Image.new(mode, size, colour[: len(mode)]).save(path)
    return path


@pytest.fixture
def stress_ledger(ledger: Ledger, tmp_path: Path) -> Ledger:
    ledger.settings.update(unit_name=LONG_UNIT)
    ledger.areas.save(
        [
            AreaEdit(
                area.id,
                (area.short_name + "与基层工会建设工作")[:10],
                f"{area.heading}，推动工作再上新台阶",
            )
            for area in ledger.areas.all()
        ]
    )
    areas = ledger.areas.all()
    long_entry = ledger.entries.add(
        EntryDraft(
            area_id=areas[0].id,
            date="2019-03-05",
            end_date="2019-03-08",
            name="开展“学雷锋”志愿服务活动" + "暨" * 60 + "🎉",
            kind="志愿服务",
            location="某某区" * 30,
            organizer="办公室" * 30,
            participants=1_000_000,
            volunteer_hours=99_999.5,
            content=("组织干部职工开展志愿服务，" * 1400)[:20_000],
            remarks="https://example.com/" + "a" * 300,
        )
    )
    photos = [_photo(tmp_path / f"照片{n}.jpg", (1600, 1200)) for n in range(5)]
    photos.append(_photo(tmp_path / "大照片.jpg", (6000, 4000)))
    photos.append(_photo(tmp_path / "透明.png", (800, 600), "RGBA"))
    notice = tmp_path / "通知.docx"
    notice.write_bytes(b"PK\x03\x04 not really a document")
    ledger.entries.attach(long_entry.uuid, [*photos, notice])
    for number in range(40):
        ledger.entries.add(
            EntryDraft(
                area_id=areas[number % len(areas)].id,
                date=f"2019-{number % 12 + 1:02d}-{number % 27 + 1:02d}",
                name=f"第{number + 1}次活动" + "名称很长" * (number % 5) * 5,
                kind="活动",
                participants=number * 37,
                content="活动内容。" * (number * 7),
            )
        )
    return ledger


def test_a_stress_ledger_prints_inside_the_block(stress_ledger: Ledger) -> None:
    check_all_outputs(stress_ledger, 2019)


def test_the_checker_finds_content_under_a_page_number() -> None:
    """The check itself can fail: a line drawn through the page number is found."""
    from reportlab.pdfgen.canvas import Canvas

    from wenming_desktop.reports import page as geo

    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(geo.PAGE_WIDTH, geo.PAGE_HEIGHT))
    canvas.setFont("Helvetica", 14)
    canvas.drawRightString(geo.BLOCK_RIGHT - 14, geo.BLOCK_BOTTOM - 25, "— 1 —")
    canvas.line(geo.BLOCK_LEFT, geo.BLOCK_BOTTOM - 22, geo.BLOCK_RIGHT, geo.BLOCK_BOTTOM - 22)
    canvas.showPage()
    canvas.save()
    found = problems(read_pages(buffer.getvalue()), SUMMARY_BLOCK)
    assert any("outside" in note for note in found)
    assert any("under the page number" in note for note in found)
