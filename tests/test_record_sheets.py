"""The 活动记录表 of entries of any allowed size: long texts go on over continuation pages,
photos fit the room left, further photos get captioned pages of their own, unprinted
attachments are named, and nothing ever leaves the page's text block."""

from __future__ import annotations

import dataclasses
import io
import re
import time
from collections.abc import Sequence
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from PIL import Image
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase.pdfmetrics import stringWidth

from wenming_desktop.actions.ledger_print import LedgerChoice, export_ledger
from wenming_desktop.books.draft import EntryDraft
from wenming_desktop.books.query import EntryQuery
from wenming_desktop.books.records import EntryDetail
from wenming_desktop.ledger import Ledger
from wenming_desktop.ledgers.photos import PHOTO_PIXELS
from wenming_desktop.ledgers.sheets_pdf import (
    BOTTOM,
    GRID_PIXELS,
    MARGIN,
    SAMPLE_TEXT,
    paragraph_lines,
    write_record_sheets,
)
from wenming_desktop.reports.fonts import resolve_fonts

AREA = "志愿服务"
NAME = "学雷锋志愿服务"
PLACE = "区职工活动中心"
WIDTH, HEIGHT = A4
#: The text block (the frame every flowable is laid in) and the page number's strip below.
TEXT_BLOCK = (MARGIN, BOTTOM, WIDTH - MARGIN, HEIGHT - MARGIN)
FOOTER = (MARGIN, 0.0, WIDTH - MARGIN, BOTTOM)
SLACK = 0.5  # half a ruled line's width may stand out of what it rules
IMAGE, PATH, TEXT = (
    pdfium.raw.FPDF_PAGEOBJ_IMAGE,
    pdfium.raw.FPDF_PAGEOBJ_PATH,
    pdfium.raw.FPDF_PAGEOBJ_TEXT,
)
Box = Sequence[float]  # left, bottom, right, top


# -- what is printed ----------------------------------------------------------------------


def _photo(
    path: Path,
    size: tuple[int, int] = (1600, 900),
    color: str = "#2e6db0",
    *,
    taken: str | None = None,
) -> Path:
    image = Image.new("RGB", size, color)
    exif = image.getexif()
    if taken:
        exif.get_ifd(0x8769)[0x9003] = taken  # DateTimeOriginal
    image.save(path, exif=exif)
    return path


def _entry(
    ledger: Ledger,
    content: str = "清扫街巷，慰问孤寡老人。",
    *,
    name: str = NAME,
    date: str = "2019-03-05",
    location: str = PLACE,
    organizer: str = "",
    remarks: str = "",
) -> EntryDetail:
    area = ledger.areas.by_name(AREA)
    assert area is not None
    draft = EntryDraft(
        area_id=area.id,
        date=date,
        name=name,
        location=location,
        organizer=organizer,
        content=content,
        remarks=remarks,
    )
    return ledger.entries.add(draft)


def _printed(ledger: Ledger, tmp_path: Path) -> tuple[pdfium.PdfDocument, list[str]]:
    target = tmp_path / "记录表.pdf"
    pages = export_ledger(ledger, LedgerChoice(2019, sheets=True), target)
    document = pdfium.PdfDocument(str(target))
    assert len(document) == pages
    texts = [page.get_textpage().get_text_range() for page in document]
    assert_inside_text_block(document)
    return document, texts


def _images(page: pdfium.PdfPage) -> list[pdfium.PdfImage]:
    return [obj for obj in page.get_objects() if obj.type == IMAGE]


def _flat(text: str) -> str:
    return re.sub(r"\s", "", text)


# -- where it is printed ------------------------------------------------------------------


def _inside(box: Box, area: Box, slack: float = 0.0) -> bool:
    left, bottom, right, top = box
    return (
        left >= area[0] - slack
        and bottom >= area[1] - slack
        and right <= area[2] + slack
        and top <= area[3] + slack
    )


def _meets(box: Box, area: Box) -> bool:
    left, bottom, right, top = box
    return left < area[2] and right > area[0] and bottom < area[3] and top > area[1]


def assert_inside_text_block(document: pdfium.PdfDocument) -> None:
    """Every glyph and every picture, line and text object of every page lies inside the
    text block; in the strip below it there is the page number and nothing else."""
    total = len(document)
    for number, page in enumerate(document, start=1):
        page_number = f"第{number}页共{total}页"
        textpage = page.get_textpage()
        in_footer = []
        for index in range(textpage.count_chars()):
            char = textpage.get_text_range(index, 1)
            if char.isspace():
                continue
            box = textpage.get_charbox(index)
            if _meets(box, FOOTER):
                in_footer.append(char)
            else:
                assert _inside(box, TEXT_BLOCK), (number, char, box)
        assert "".join(in_footer) == page_number, number
        footer_text = []  # the page number may be set in pieces (one per font subset)
        for obj in page.get_objects(textpage=textpage):
            assert obj.type in (IMAGE, PATH, TEXT), (number, obj.type)
            box = obj.get_bounds()
            if obj.type == TEXT and _meets(box, FOOTER):
                assert _inside(box, FOOTER), (number, box)
                footer_text.append(_flat(obj.extract()))
                continue
            assert _inside(box, TEXT_BLOCK, SLACK), (number, obj.type, box)
            assert not _meets(box, FOOTER), (number, obj.type, box)
        assert "".join(footer_text) == page_number, number


def _content_page_range(texts: list[str], number: str) -> list[str]:
    """The pages of the entry with this 编号 (its own and its continuation pages)."""
    return [text for text in texts if f"编号：{number}" in _flat(text)]


# -- long texts ---------------------------------------------------------------------------


def _numbered_sentences(limit: int = 20_000) -> str:
    """Numbered sentences (so every one can be found in print), 20,000 characters."""
    text, number = "", 0
    while len(text) < limit:
        number += 1
        text += f"第{number:04d}句组织职工开展读书分享交流，“书香工会”建设持续推进。"
    return text[:limit]


LONG_TEXTS = {
    "with punctuation": _numbered_sentences(),
    "without punctuation": ("职工书屋读书分享交流活动" * 2000)[:20_000],
    "one 5,000-character link": "资料见"
    + "https://wenming.example.cn/"
    + "".join(f"iW{n % 10}" for n in range(1_658)),
}


@pytest.mark.parametrize("content", LONG_TEXTS.values(), ids=LONG_TEXTS.keys())
def test_a_long_entry_goes_on_over_pages_with_its_title_and_number(
    ledger: Ledger, tmp_path: Path, content: str
) -> None:
    _entry(ledger, content, remarks="成效明显。")
    _entry(ledger, name="义诊", date="2019-04-05")
    started = time.perf_counter()
    _document, texts = _printed(ledger, tmp_path)
    assert time.perf_counter() - started < 15
    first = _content_page_range(texts, "2019-001")
    assert len(first) >= 2
    assert "编号：2019-001（续）" not in _flat(first[0])
    for text in first[1:]:
        flat = _flat(text)
        assert "活动记录表" in flat and "编号：2019-001（续）" in flat, text[:80]
        assert f"活动名称：{NAME}" in flat
    assert "成效/备注" in _flat(first[-1]) and "成效明显。" in _flat(first[-1])
    # every character of the text is printed, in order
    heading = f"^活动记录表填报单位：区总工会编号：2019-001（续）活动名称：{NAME}(活动内容（续）)?"
    printed = "".join(
        re.sub(heading, "", re.sub(r"第\d+页共\d+页$", "", _flat(text))) for text in first
    )
    assert _flat(content) in printed
    # the next entry starts a page of its own, without （续）
    second = _content_page_range(texts, "2019-002")
    assert len(second) == 1 and "（续）" not in second[0]
    assert texts.index(second[0]) == len(first)


def test_a_long_sample_entry_is_marked_on_every_page(ledger: Ledger, tmp_path: Path) -> None:
    entry = _entry(ledger)
    sample = dataclasses.replace(entry, content=_numbered_sentences(), is_sample=True)
    buffer = io.BytesIO()
    pages = write_record_sheets(
        [sample], ledger.areas.all(), ledger.entries.attachment_path, buffer, unit="区总工会"
    )
    document = pdfium.PdfDocument(buffer.getvalue())
    assert pages == len(document) >= 2
    for page in document:
        assert SAMPLE_TEXT in _flat(page.get_textpage().get_text_range())
    assert_inside_text_block(document)


def test_every_field_may_be_as_long_as_allowed(ledger: Ledger, tmp_path: Path) -> None:
    long_name = "区总工会" * 50  # 200 characters, the most a name may have
    _entry(
        ledger,
        _numbered_sentences(),
        name=long_name,
        location="区职工活动中心三楼" * 22,
        organizer="宣教部" * 66,
        remarks="W" * 20_000,
    )
    document, texts = _printed(ledger, tmp_path)
    assert len(document) > 10
    assert long_name in "".join(_flat(text) for text in texts)


def test_lines_are_never_wider_than_their_room() -> None:
    font = resolve_fonts()["body"].font_name
    for text in ("iW" * 3000, "W" * 500 + "i" * 500, "（" * 300, "中文" * 300 + "x" * 300):
        lines = paragraph_lines(text, font, 11, 200)
        assert "".join(lines) == text
        assert all(stringWidth(line, font, 11) <= 200.01 for line in lines)
    # the clerk's own paragraphs stay, blank lines once
    assert paragraph_lines("第一段。\n\n\n\n第二段。\r\n", font, 11, 200) == [
        "第一段。",
        "",
        "第二段。",
    ]


# -- photos -------------------------------------------------------------------------------


def test_four_photos_share_the_entry_page_keeping_their_shape(
    ledger: Ledger, tmp_path: Path
) -> None:
    sizes = [(1600, 900), (900, 1200), (1200, 1200), (4000, 1000)]
    photos = [_photo(tmp_path / f"照片{n}.jpg", size) for n, size in enumerate(sizes, start=1)]
    entry = _entry(ledger, "组织志愿者清扫街巷，慰问孤寡老人。" * 10)
    ledger.entries.attach(entry.uuid, photos)
    document, texts = _printed(ledger, tmp_path)
    assert len(document) == 1
    images = _images(document[0])
    assert len(images) == 4
    bounds = [image.get_bounds() for image in images]
    shapes = sorted(
        round((right - left) / (top - bottom), 2) for left, bottom, right, top in bounds
    )
    assert shapes == [0.75, 1.0, 1.78, 4.0]
    assert all(top - bottom >= 30 for _left, bottom, _right, top in bounds)
    assert all(max(image.get_px_size()) <= GRID_PIXELS for image in images)
    for number in range(1, 5):
        assert f"照片{number}.jpg" in texts[0]
    assert "照片4张（附后）" in _flat(texts[0])


def test_photos_the_text_leaves_no_room_for_go_on_to_the_next_page(
    ledger: Ledger, tmp_path: Path
) -> None:
    photos = [_photo(tmp_path / f"照片{n}.jpg", (1200, 900)) for n in range(1, 5)]
    entry = _entry(ledger, "组织志愿者清扫街巷，慰问孤寡老人，开展便民服务。" * 50)
    ledger.entries.attach(entry.uuid, photos)
    document, texts = _printed(ledger, tmp_path)
    counts = [len(_images(page)) for page in document]
    assert sum(counts) == 4 and counts[0] < 4
    for page, text in zip(document, texts, strict=True):
        if _images(page) and page is not document[0]:
            assert "编号：2019-001（续）" in _flat(text)


def test_photos_after_the_fourth_get_captioned_pages_of_their_own(
    ledger: Ledger, tmp_path: Path
) -> None:
    photos = [_photo(tmp_path / f"照片{n}.jpg", (1600, 900)) for n in range(1, 5)]
    photos.append(_photo(tmp_path / "照片5.jpg", (900, 1600), taken="2019:03:05 09:32:10"))
    photos.append(_photo(tmp_path / "照片6.jpg", (1600, 1200), "#b0402e"))
    photos.append(_photo(tmp_path / "照片7.jpg", (1600, 1200), "#2eb05a"))
    entry = _entry(ledger)
    ledger.entries.attach(entry.uuid, photos)
    _entry(ledger, name="义诊", date="2019-04-05")
    document, texts = _printed(ledger, tmp_path)
    assert len(document) == 4  # 4 photos; 5 and 6; 7; the next entry
    assert [len(_images(page)) for page in document] == [4, 2, 1, 0]
    assert "照片7张（附后）" in _flat(texts[0])
    for text in texts[1:3]:
        flat = _flat(text)
        assert "活动记录表" in flat and "编号：2019-001（续）" in flat
    second = _flat(texts[1])
    for caption in (
        "时间：2019年3月5日",
        f"地点：{PLACE}",
        f"主题：{NAME}",
        "拍摄时间：2019年3月5日09:32",
        "文件：照片5.jpg",
    ):
        assert caption in second, second
    assert second.count("时间：2019年3月5日") == 3  # photo 5 (and its shooting time), photo 6
    assert "文件：照片6.jpg" in second and "拍摄时间" not in second.split("文件：照片5.jpg")[1]
    assert "文件：照片7.jpg" in _flat(texts[2])
    # the 5th photo stands upright and keeps its shape
    left, bottom, right, top = _images(document[1])[0].get_bounds()
    assert round((top - bottom) / (right - left), 2) == round(1600 / 900, 2)


def test_a_photo_with_transparency_prints_on_white(ledger: Ledger, tmp_path: Path) -> None:
    clear = Image.new("RGBA", (400, 300), (0, 0, 0, 0))  # transparent black …
    clear.paste((200, 20, 20, 255), (150, 100, 250, 200))  # … but for a red square
    clear.save(tmp_path / "标志.png")
    palette = Image.new("P", (400, 300), 0)
    palette.putpalette([0, 0, 0, 200, 20, 20])
    palette.paste(1, (150, 100, 250, 200))
    palette.save(tmp_path / "调色板.png", transparency=0)
    grey = Image.new("LA", (400, 300), (0, 0))
    grey.paste((0, 255), (150, 100, 250, 200))
    grey.save(tmp_path / "灰度.png")
    entry = _entry(ledger)
    ledger.entries.attach(
        entry.uuid, [tmp_path / n for n in ("标志.png", "调色板.png", "灰度.png")]
    )
    document, _texts = _printed(ledger, tmp_path)
    page = document[0]
    scale = 2
    picture = page.render(scale=scale).to_pil().convert("RGB")
    centres = []
    for image in _images(page):
        left, bottom, right, top = image.get_bounds()
        assert round((right - left) / (top - bottom), 2) == round(400 / 300, 2)

        def pixel(x: float, y: float) -> tuple[int, int, int]:
            return picture.getpixel((round(x * scale), round((HEIGHT - y) * scale)))

        corner = pixel(left + (right - left) * 0.1, top - (top - bottom) * 0.1)
        assert min(corner) >= 245, corner  # white paper, not black
        centres.append(pixel((left + right) / 2, (bottom + top) / 2))
    assert len(centres) == 3
    reds = [c for c in centres if c[0] > 150 and c[1] < 80 and c[2] < 80]
    blacks = [c for c in centres if max(c) < 60]
    assert len(reds) == 2 and len(blacks) == 1, centres


def test_a_6000_by_4000_photo_prints_downscaled(ledger: Ledger, tmp_path: Path) -> None:
    photo = tmp_path / "相机原图.jpg"
    image = Image.linear_gradient("L").resize((6000, 4000)).convert("RGB")
    image.save(photo, quality=90)
    entry = _entry(ledger)
    ledger.entries.attach(entry.uuid, [photo])
    started = time.perf_counter()
    document, texts = _printed(ledger, tmp_path)
    assert time.perf_counter() - started < 10
    assert len(document) == 1 and "相机原图.jpg" in texts[0]
    [printed] = _images(document[0])
    width, height = printed.get_px_size()
    assert max(width, height) <= PHOTO_PIXELS and (width, height) == (1400, 933)
    assert "无法打印" not in texts[0]


# -- attachments that are not printed -----------------------------------------------------


def test_attachments_that_are_not_printed_are_named_at_the_end(
    ledger: Ledger, tmp_path: Path
) -> None:
    files = {
        "签到表.xlsx": b"PK\x03\x04 sign-in",
        "通知.docx": b"PK\x03\x04 notice",
        "会议纪要.pdf": b"%PDF-1.4 minutes",
        "录像.mp4": b"\0\0\0 ftyp",
        "损坏.png": b"\x89PNG\r\n\x1a\n" + bytes(range(256)),
    }
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    good = _photo(tmp_path / "合影.jpg")
    gone = _photo(tmp_path / "照片2.jpg", color="#b0402e")
    entry = _entry(ledger, "组织志愿者清扫街巷。" * 10)
    entry = ledger.entries.attach(entry.uuid, [good, gone, *(tmp_path / n for n in files)])
    for attachment in entry.attachments:
        if attachment.file_name in ("照片2.jpg", "通知.docx"):
            ledger.entries.attachment_path(attachment).unlink()
    document, texts = _printed(ledger, tmp_path)
    assert len(document) == 1
    flat = _flat(texts[0])
    assert "照片1张（附后）；未打印的附件6个（名称见本表末尾）" in flat
    lines = [
        "附件文件缺失：照片2.jpg",
        "附件未打印：签到表.xlsx（表格文件）",
        "附件文件缺失：通知.docx",
        "附件未打印：会议纪要.pdf（PDF文件）",
        "附件未打印：录像.mp4（视频）",
        "照片无法打印：损坏.png（文件已损坏或格式不支持）",
    ]
    positions = [flat.find(line) for line in lines]
    assert -1 not in positions, flat
    assert positions == sorted(positions)  # in the order they were attached …
    assert positions[0] > flat.find("合影.jpg")  # … after the photos, at the end
    assert len(_images(document[0])) == 1


def test_the_notes_move_on_when_the_photos_leave_no_room(ledger: Ledger, tmp_path: Path) -> None:
    photos = [_photo(tmp_path / f"照片{n}.jpg", (900, 1200)) for n in range(1, 5)]
    sheets = []
    for number in range(40):
        sheet = tmp_path / f"签到表第{number + 1}组.xlsx"
        sheet.write_bytes(b"PK")
        sheets.append(sheet)
    entry = _entry(ledger, "组织志愿者清扫街巷。" * 30)
    ledger.entries.attach(entry.uuid, [*photos, *sheets])
    document, texts = _printed(ledger, tmp_path)
    assert len(document) >= 2
    assert sum(len(_images(page)) for page in document) == 4
    text = "".join(_flat(t) for t in texts)
    assert all(f"附件未打印：签到表第{n}组.xlsx（表格文件）" in text for n in range(1, 41))
    assert "编号：2019-001（续）" in _flat(texts[-1])


def test_the_sample_years_sheets_stay_inside_the_text_block(
    sample_ledger: Ledger, tmp_path: Path
) -> None:
    target = tmp_path / "示例.pdf"
    pages = export_ledger(sample_ledger, LedgerChoice(2019, sheets=True), target)
    document = pdfium.PdfDocument(str(target))
    assert len(document) == pages >= len(sample_ledger.entries.rows(EntryQuery(year=2019)))
    assert_inside_text_block(document)


def test_a_date_range_across_the_year_end_names_both_years(ledger: Ledger, tmp_path: Path) -> None:
    area = ledger.areas.by_name(AREA)
    assert area is not None
    ledger.entries.add(
        EntryDraft(area_id=area.id, date="2019-12-30", end_date="2020-01-02", name="迎新年慰问")
    )
    _document, texts = _printed(ledger, tmp_path)
    assert "2019年12月30日至2020年1月2日" in _flat("".join(texts))
