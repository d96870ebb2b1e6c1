"""The printed 活动台账 and 活动记录表."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from PIL import Image

from wenming_desktop import cli
from wenming_desktop.actions.ledger_print import LedgerChoice, export_ledger
from wenming_desktop.books.draft import EntryDraft
from wenming_desktop.books.query import EntryQuery
from wenming_desktop.ledger import Ledger
from wenming_desktop.ledgers.sheets_pdf import write_record_sheets
from wenming_desktop.reports.linebreak import NO_LINE_END, NO_LINE_START

MM = 72 / 25.4


def pages_text(path: Path) -> list[str]:
    return [page.get_textpage().get_text_range() for page in pdfium.PdfDocument(str(path))]


def test_ledger_is_landscape_a4_with_header_on_every_page(
    ledger: Ledger, area_ids: dict[str, int], tmp_path: Path
) -> None:
    area = area_ids["宣传教育"]
    for day in range(1, 29):
        ledger.entries.add(
            EntryDraft(
                area_id=area,
                date=f"2019-02-{day:02d}",
                name=f"职工读书交流第{day}场",
                location="区职工活动中心",
                participants=day,
                organizer="宣教部",
                content="组织职工开展读书分享交流，“书香工会”建设持续推进，（一）荐书；（二）分享。"
                * 2,
            )
        )
    target = tmp_path / "台账.pdf"
    pages = export_ledger(ledger, LedgerChoice(2019, ledger.areas.by_name("宣传教育")), target)
    document = pdfium.PdfDocument(str(target))
    assert len(document) == pages >= 2
    width, height = document[0].get_size()
    assert (round(width / MM), round(height / MM)) == (297, 210)
    texts = pages_text(target)
    for number, text in enumerate(texts, start=1):
        assert "序号" in text and "内容摘要" in text  # the header repeats
        assert f"第 {number} 页 共 {pages} 页" in text
    assert "区总工会2019年精神文明建设活动台账" in texts[0] and "工作板块：宣传教育" in texts[0]
    for text in texts:  # cells are wrapped by the same rules as the summary
        for line in text.split("\r\n"):
            line = line.strip()
            if line and re.search(r"[\u4e00-\u9fff]", line):
                assert line[0] not in NO_LINE_START - {"。"} or line == "。", line
                assert line[-1] not in NO_LINE_END, line


def test_all_areas_each_start_a_table(sample_ledger: Ledger, tmp_path: Path) -> None:
    target = tmp_path / "全部.pdf"
    export_ledger(sample_ledger, LedgerChoice(2019), target)
    text = "".join(pages_text(target))
    for area in sample_ledger.areas.all():
        assert f"工作板块：{area.short_name}" in text
    names = [e.name for e in sample_ledger.entries.details(EntryQuery(year=2019))]
    flat = text.replace("\r\n", "").replace(" ", "")
    assert sum(name[:8] in flat for name in names) == len(names)


def _photo(path: Path, size: tuple[int, int], orientation: int | None = None) -> Path:
    image = Image.new("RGB", size, "#2e6db0")
    exif = image.getexif()
    if orientation:
        exif[0x0112] = orientation
    image.save(path, exif=exif)
    return path


def test_record_sheets_one_page_per_entry_with_upright_photos(
    ledger: Ledger, area_ids: dict[str, int], tmp_path: Path
) -> None:
    wide = _photo(tmp_path / "横拍.jpg", (1600, 900))
    rotated = _photo(tmp_path / "竖拍.jpg", (1600, 900), orientation=6)  # camera held upright
    note = tmp_path / "签到表.pdf"
    note.write_bytes(b"%PDF-1.4")
    first = ledger.entries.add(
        EntryDraft(
            area_id=area_ids["志愿服务"],
            date="2019-03-05",
            name="学雷锋志愿服务",
            participants=30,
            volunteer_hours=60,
            content="清扫街巷。",
        ),
        [wide, rotated, note],
    )
    ledger.entries.add(EntryDraft(area_id=area_ids["志愿服务"], date="2019-04-05", name="义诊"))
    buffer = io.BytesIO()
    pages = write_record_sheets(
        ledger.entries.details(EntryQuery(year=2019)),
        ledger.areas.all(),
        ledger.entries.attachment_path,
        buffer,
        unit="区总工会",
    )
    document = pdfium.PdfDocument(buffer.getvalue())
    assert pages == len(document) == 2
    text = document[0].get_textpage().get_text_range()
    for words in (
        "活动记录表",
        "学雷锋志愿服务",
        "30人次",
        "60小时",
        "横拍.jpg",
        "竖拍.jpg",
        "签到表.pdf",
        "第 1 页 共 2 页",
    ):
        assert words in text
    images = [obj for obj in document[0].get_objects() if obj.type == pdfium.raw.FPDF_PAGEOBJ_IMAGE]
    assert len(images) == 2
    bounds = [obj.get_bounds() for obj in images]  # (left, bottom, right, top) on the page
    shapes = sorted((right - left) > (top - bottom) for left, bottom, right, top in bounds)
    assert shapes == [False, True]  # the EXIF-rotated one prints upright (taller than wide)
    assert first.attachments


def test_ledger_fonts_are_embedded(sample_ledger: Ledger, tmp_path: Path) -> None:
    from wenming_desktop.reports.fonts import resolve_fonts

    if not resolve_fonts().all_embedded:
        pytest.skip("no embeddable TrueType CJK font on this machine")
    for sheets in (False, True):
        target = tmp_path / f"{sheets}.pdf"
        export_ledger(sample_ledger, LedgerChoice(2019, sheets=sheets), target)
        assert b"Helvetica" not in target.read_bytes()


def test_cli_ledger(
    sample_ledger: Ledger, data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "l.pdf"
    base = ["--data-dir", str(data_dir), "ledger", "--year", "2019"]
    assert cli.main([*base, "--area", "志愿服务", "--sheets", "--out", str(out)]) == 0
    assert "活动记录表" in capsys.readouterr().out
    assert len(pdfium.PdfDocument(str(out))) >= 8
    assert cli.main([*base, "--area", "不存在", "--out", str(out)]) == 1
    assert (
        cli.main(
            [
                "--data-dir",
                str(data_dir),
                "ledger",
                "--year",
                "2031",
                "--sheets",
                "--out",
                str(tmp_path / "x.pdf"),
            ]
        )
        == 1
    )
    assert "没有记录" in capsys.readouterr().err


def test_record_sheets_name_missing_files_and_unprintable_photos(
    ledger: Ledger, area_ids: dict[str, int], tmp_path: Path
) -> None:
    """A photo whose file is gone, one that cannot be decoded and a missing sign-in sheet
    are each named on their entry's page; the year's 活动记录表 still builds."""
    good = _photo(tmp_path / "合影.jpg", (800, 600))
    gone = _photo(tmp_path / "现场.png", (400, 300))
    broken = tmp_path / "损坏.jpg"
    broken.write_bytes(b"\xff\xd8\xff\xe0" + bytes(range(256)) * 20)  # a JPEG start, then junk
    sign_in = tmp_path / "签到表.pdf"
    sign_in.write_bytes(b"%PDF-1.4 sign-in")
    area = area_ids["志愿服务"]
    entry = ledger.entries.add(
        EntryDraft(area_id=area, date="2019-03-05", name="学雷锋志愿服务"),
        [good, gone, broken, sign_in],
    )
    ledger.entries.add(EntryDraft(area_id=area, date="2019-04-05", name="义诊"))
    for attachment in entry.attachments:
        if attachment.file_name in ("现场.png", "签到表.pdf"):
            ledger.entries.attachment_path(attachment).unlink()
    target = tmp_path / "记录表.pdf"
    pages = export_ledger(ledger, LedgerChoice(2019, sheets=True), target)
    texts = pages_text(target)
    assert pages == len(texts) == 2
    first = texts[0]
    for line in (
        "附件文件缺失：现场.png",
        "照片无法打印：损坏.jpg（文件已损坏或格式不支持）",
        "附件文件缺失：签到表.pdf",
        "合影.jpg",
    ):
        assert line in first, first
    assert "无法打印" not in texts[1] and "缺失" not in texts[1]
    document = pdfium.PdfDocument(str(target))
    images = [o for o in document[0].get_objects() if o.type == pdfium.raw.FPDF_PAGEOBJ_IMAGE]
    assert len(images) == 1  # the good photo is still printed


# -- dates, cuts and the text block ------------------------------------------------------
def flat(text: str) -> str:
    return text.replace("\r\n", "").replace("\n", "").replace(" ", "")


def test_ledger_dates_and_cuts_are_written_as_official_documents_write_them(
    ledger: Ledger, area_ids: dict[str, int], tmp_path: Path
) -> None:
    area = area_ids["志愿服务"]
    for start, end, name in (
        ("2019-03-05", None, "学雷锋志愿服务"),
        ("2019-03-05", "2019-03-07", "义诊三日"),
        ("2019-04-28", "2019-05-02", "五一劳动者驿站"),
        ("2019-12-30", "2020-01-02", "元旦送温暖"),
    ):
        ledger.entries.add(
            EntryDraft(
                area_id=area, date=start, end_date=end, name=name, content="走访慰问困难职工。" * 30
            )
        )
    target = tmp_path / "台账.pdf"
    export_ledger(ledger, LedgerChoice(2019, ledger.areas.by_name("志愿服务")), target)
    text = flat("".join(pages_text(target)))
    assert "区总工会2019年精神文明建设活动台账" in text  # the year the dates leave out
    for date in ("3月5日", "3月5日至7日", "4月28日至5月2日", "12月30日至2020年1月2日"):
        assert date in text, date
    assert not re.search(r"\d{4}-\d|0\d月|月0\d", text)  # no 2019-03-05, no 03月05日
    assert text.count("……") == 4 and "……" in text  # each cut summary, with 省略号
    assert re.search(r"[^…]…[^…]", text) is None  # never a lone “…”


STRESS_UNIT = "某某省某某市某某区总工会机关暨直属基层工会精神文明建设工作领导小组办公室秘书科室"


def _stress_ledger(ledger: Ledger) -> None:
    """What a clerk may legally type, at its longest: a 40-character unit, 10-character
    area names, 200-character names and places, 20,000 characters of content, emoji."""
    from wenming_desktop.books.areas import AreaEdit

    assert len(STRESS_UNIT) == 40
    ledger.settings.update(unit_name=STRESS_UNIT)
    areas = ledger.areas.all()
    ledger.areas.save(
        [
            AreaEdit(area.id, f"第{number}项精神文明创建板块"[:10], area.heading * 2)
            for number, area in enumerate(areas, start=1)
        ]
    )
    first, second = ledger.areas.all()[:2]
    assert len(first.short_name) == 10
    emoji = "👍🎉❤️👨‍👩‍👧🇨🇳"
    ledger.entries.add(  # the tallest row there can be, right under a three-line heading
        EntryDraft(
            area_id=first.id,
            date="2019-01-02",
            name="名" * 200,
            location="地" * 200,
            organizer="鬱" * 200,
            content="内" * 20_000,
        )
    )
    for day in range(20, 26):
        ledger.entries.add(
            EntryDraft(
                area_id=first.id,
                date=f"2019-12-{day}",
                end_date="2020-01-02" if day % 2 else None,
                name=(f"“书香工会”职工读书交流暨道德讲堂{emoji}主题活动" * 10)[:200],
                location=("区职工活动中心多功能厅" * 20)[:200],
                organizer=("宣教部" + "W" * 7) * 20,
                participants=1_000_000,
                content=(
                    f"组织职工开展读书分享{emoji}，（一）荐书；（二）分享。Word_without_breaks"
                    * 500
                )[:20_000],
            )
        )
    for day in range(1, 29):
        ledger.entries.add(
            EntryDraft(area_id=second.id, date=f"2019-02-{day:02d}", name=f"理论学习第{day}场")
        )


def _boxes(page: pdfium.PdfPage) -> list[tuple[str, tuple[float, float, float, float]]]:
    """Every visible character of the page with its box (left, bottom, right, top)."""
    text = page.get_textpage()
    found = []
    for index in range(text.count_chars()):
        char = text.get_text_range(index, 1)
        if char.strip():
            found.append((char, text.get_charbox(index)))
    return found


def test_every_page_keeps_its_content_in_the_text_block_clear_of_the_footer(
    ledger: Ledger, tmp_path: Path
) -> None:
    from wenming_desktop.ledgers.common import FOOTER_ROOM
    from wenming_desktop.ledgers.table_pdf import COLUMNS, MARGIN, PADDING

    _stress_ledger(ledger)
    target = tmp_path / "台账.pdf"
    pages = export_ledger(ledger, LedgerChoice(2019), target)
    document = pdfium.PdfDocument(str(target))
    assert len(document) == pages >= 8
    width, height = document[0].get_size()
    left, right, top, bottom = MARGIN, width - MARGIN, height - MARGIN, MARGIN + FOOTER_ROOM
    edges = [left]
    for _heading, column in COLUMNS[:-1]:
        edges.append(edges[-1] + column * MM)
    edges.append(right)
    tolerance = 0.5
    for number, page in enumerate(document, start=1):
        boxes = _boxes(page)
        footer = [(char, box) for char, box in boxes if box[1] < bottom - tolerance]
        content = [(char, box) for char, box in boxes if box[1] >= bottom - tolerance]
        assert "".join(char for char, _b in footer) == f"第{number}页共{pages}页"
        lines = page.get_textpage().get_text_range()
        assert "序号" in lines  # no heading left alone on a page
        assert not re.search(r"\d\r?\n\d", lines), number  # 2019 is never split
        footer_top = max(box[3] for _c, box in footer)
        assert footer_top < bottom - 1 * MM  # a clear gap between footer and text block
        for char, (x0, _y0, x1, y1) in content:
            assert left - tolerance <= x0 and x1 <= right + tolerance, (number, char)
            assert y1 <= top + tolerance, (number, char)
        # inside the table, each character stays in its column, clear of the rules
        header = min(box[3] for char, box in content if char == "序")
        for char, (x0, _y0, x1, y1) in content:
            if y1 < header:
                column = next(i for i in range(len(COLUMNS)) if x0 < edges[i + 1])
                inside = edges[column] + PADDING - tolerance, edges[column + 1] - PADDING
                assert inside[0] <= x0 and x1 <= inside[1] + tolerance, (number, char, column)
        for shape in page.get_objects():  # the table's rules and any picture
            if shape.type in (pdfium.raw.FPDF_PAGEOBJ_PATH, pdfium.raw.FPDF_PAGEOBJ_IMAGE):
                x0, y0, x1, y1 = shape.get_bounds()
                assert left - 1 <= x0 and x1 <= right + 1, number
                assert bottom - 1 <= y0 and y1 <= top + 1, number
    text = flat("".join(pages_text(target)))
    assert STRESS_UNIT + "2019年精神文明建设活动台账" in text
    assert "12月21日至2020年1月2日" in text
    assert text.count("理论学习第") == 28
    # emoji the font cannot draw are left out, not printed as rows of empty boxes
    assert "“书香工会”职工读书交流暨道德讲堂主题活动" in text and "👍" not in text
