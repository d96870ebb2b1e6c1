"""The summary as a Word document: the GB/T 9704 grid by Word's numbers and as LibreOffice
lays it out, properties in the schema's order, zh-CN, odd/even page numbers, the 附件."""

from __future__ import annotations

import dataclasses
import io
import itertools
import shutil
import struct
import subprocess
import zipfile
import zlib
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from lxml import etree

from wenming_desktop.reports.linebreak import NO_LINE_END, NO_LINE_START
from wenming_desktop.reports.summary_docx import (
    FONT_NAMES,
    WordAppendix,
    WordImage,
    write_summary_docx,
)
from wenming_desktop.summary.document import AnnualSummary, Part

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
MM = 72 / 25.4  # points
TWIPS_PER_MM = 1440 / 25.4

# The order of the children of each property element, from ECMA-376 Part 1 (wml.xsd):
# CT_PPrBase + CT_PPr, CT_ParaRPr / EG_RPrBase, CT_SectPr, CT_TblPrBase, CT_TcPr.
SCHEMA_ORDER = {
    "pPr": """pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr
        suppressLineNumbers pBdr shd tabs suppressAutoHyphens kinsoku wordWrap overflowPunct
        topLinePunct autoSpaceDE autoSpaceDN bidi adjustRightInd snapToGrid spacing ind
        contextualSpacing mirrorIndents suppressOverlap jc textDirection textAlignment
        textboxTightWrap outlineLvl divId cnfStyle rPr sectPr pPrChange""",
    "rPr": """ins del moveFrom moveTo rStyle rFonts b bCs i iCs caps smallCaps strike dstrike
        outline shadow emboss imprint noProof snapToGrid vanish webHidden color spacing w kern
        position sz szCs highlight u effect bdr shd fitText vertAlign rtl cs em lang
        eastAsianLayout specVanish oMath rPrChange""",
    "sectPr": """headerReference|footerReference footnotePr endnotePr type pgSz pgMar paperSrc
        pgBorders lnNumType pgNumType cols formProt vAlign noEndnote titlePg textDirection bidi
        rtlGutter docGrid printerSettings sectPrChange""",
    "tblPr": """tblStyle tblpPr tblOverlap bidiVisual tblStyleRowBandSize tblStyleColBandSize
        tblW jc tblCellSpacing tblInd tblBorders shd tblLayout tblCellMar tblLook tblCaption
        tblDescription tblPrChange""",
    "tcPr": """cnfStyle tcW gridSpan hMerge vMerge tcBorders shd noWrap tcMar textDirection
        tcFitText vAlign hideMark headers cellIns cellDel cellMerge tcPrChange""",
}
#: Each element's rank; names joined by "|" may come in any order among themselves.
RANKS = {
    parent: {name: rank for rank, names in enumerate(order.split()) for name in names.split("|")}
    for parent, order in SCHEMA_ORDER.items()
}

APPENDIX_TITLE = "区总工会2019年精神文明建设统计表"


def tiny_png(width: int = 40, height: int = 20) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = b"".join(b"\x00" + b"\xff\x80\x00" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    png = [b"\x89PNG\r\n\x1a\n", chunk(b"IHDR", header), chunk(b"IDAT", zlib.compress(rows))]
    return b"".join([*png, chunk(b"IEND", b"")])


def appendix() -> WordAppendix:
    return WordAppendix(
        title=APPENDIX_TITLE,
        figures="2019年全年共开展各类活动43次，参与职工4075人次，志愿服务时长623小时。",
        header=["工作板块", "活动次数", "参与人次", "志愿服务时长（小时）"],
        rows=[
            ["组织领导", "6", "64", "0"],
            ["思想道德", "7", "510", "12"],
            ["合计", "13", "574", "12"],
        ],
        notes=["注：2019年含示例数据 43 条，不是本单位的实际工作。"],
        images=[WordImage(tiny_png(), "图1 各板块活动次数", 150.0)],
    )


def summary_of(*paragraphs: str, unit: str = "区总工会", date: str = "2019年12月31日"):
    parts = [Part("title", "标题", "区总工会2019年精神文明建设工作总结")]
    parts += [Part(f"p{i}", f"段{i}", text) for i, text in enumerate(paragraphs)]
    parts += [Part("signature_unit", "落款单位", unit), Part("signature_date", "落款日期", date)]
    return AnnualSummary(2019, tuple(parts))


SUMMARY = summary_of(
    "2019年，区总工会严格按照文明单位测评体系要求开展工作。",
    "一、重视组织领导，认真履职尽责。区总工会高度重视文明单位创建工作。",
    "（一）健全工作机制。压实工作责任，形成了领导重视的工作格局。",
)


def parts_of(summary: AnnualSummary, with_appendix: WordAppendix | None = None) -> dict:
    buffer = io.BytesIO()
    write_summary_docx(summary, buffer, with_appendix)
    with zipfile.ZipFile(buffer) as package:
        return {
            name: etree.fromstring(package.read(name))
            for name in package.namelist()
            if name.startswith("word/") and name.endswith((".xml", ".rels"))
        }


def paragraphs(document: etree._Element) -> list[etree._Element]:
    return document.findall(f"{W}body/{W}p")


def text(paragraph: etree._Element) -> str:
    return "".join(t.text or "" for t in paragraph.iter(f"{W}t"))


def attr(element: etree._Element | None, path: str, name: str) -> str | None:
    found = element.find(path) if element is not None else None
    return None if found is None else found.get(f"{W}{name}")


# -- by Word's numbers ---------------------------------------------------------------------


def test_the_grid_gives_22_lines_of_28_characters_by_words_arithmetic() -> None:
    parts = parts_of(SUMMARY)
    sect = parts["word/document.xml"].find(f"{W}body/{W}sectPr")
    size, margins, grid = (sect.find(f"{W}{tag}") for tag in ("pgSz", "pgMar", "docGrid"))
    mm = {k: int(v) / TWIPS_PER_MM for k, v in {**size.attrib, **margins.attrib}.items()}
    assert (round(mm[f"{W}w"], 1), round(mm[f"{W}h"], 1)) == (210.0, 297.0)
    assert [round(mm[f"{W}{side}"], 1) for side in ("top", "bottom", "left", "right")] == [
        37.0,
        35.0,
        28.0,
        26.0,
    ]
    width = int(size.get(f"{W}w")) - int(margins.get(f"{W}left")) - int(margins.get(f"{W}right"))
    height = int(size.get(f"{W}h")) - int(margins.get(f"{W}top")) - int(margins.get(f"{W}bottom"))
    assert (round(width / TWIPS_PER_MM, 1), round(height / TWIPS_PER_MM, 1)) == (156.0, 225.0)

    # Word's 文档网格: lines per page and characters per line, as its 页面设置 shows them.
    assert grid.get(f"{W}type") == "linesAndChars"
    pitch = int(grid.get(f"{W}linePitch"))
    assert height // pitch == 22 and 22 * pitch <= height
    styles = parts["word/styles.xml"]
    normal = styles.find(f"{W}style[@{W}styleId='Normal']")
    normal_size = int(attr(normal, f"{W}rPr/{W}sz", "val")) * 10  # twips
    char_pitch = normal_size + int(grid.get(f"{W}charSpace")) * 20 / 4096
    assert width // char_pitch == 28

    # The text itself: exactly 579 twips a line, 16 pt characters set closer so 28 fit.
    spacing = styles.find(f"{W}docDefaults/{W}pPrDefault/{W}pPr/{W}spacing")
    assert (spacing.get(f"{W}line"), spacing.get(f"{W}lineRule")) == (str(pitch), "exact")
    body = paragraphs(parts["word/document.xml"])[2:5]
    runs = [run for paragraph in body for run in paragraph.iter(f"{W}r")]
    advances = {
        int(attr(run, f"{W}rPr/{W}sz", "val")) * 10 + int(attr(run, f"{W}rPr/{W}spacing", "val"))
        for run in runs
    }
    (advance,) = advances
    assert 28 * advance <= width < 29 * advance
    # LibreOffice fits the line to 28 cells of its own reading of w:charSpace (Word 97's
    # packed form, writerfilter's SectionPropertyMap): the characters must fit those too.
    char_space = int(grid.get(f"{W}charSpace"))
    twips_to_mm100 = lambda twips: round(twips * 127 / 72)  # noqa: E731
    cell_mm100 = (
        twips_to_mm100(normal_size)
        + twips_to_mm100((char_space & ~0xFFF) // 0x1000 * 20)
        + twips_to_mm100((char_space & 0xFFF) * 20 // 0xFFF)
    )
    assert 28 * advance <= 28 * cell_mm100 * 72 / 127
    # Snapping to the grid stays off: LibreOffice would give each character two cells.
    assert attr(normal, f"{W}pPr/{W}snapToGrid", "val") == "0"


def test_properties_come_in_the_schemas_order() -> None:
    parts = parts_of(SUMMARY, appendix())
    checked = 0
    for name in ("word/document.xml", "word/styles.xml", "word/footer1.xml", "word/footer2.xml"):
        for parent, ranks in RANKS.items():
            for element in parts[name].iter(f"{W}{parent}"):
                children = [etree.QName(child).localname for child in element]
                unknown = [child for child in children if child not in ranks]
                assert not unknown, f"{name}: {parent} has {unknown}"
                order = [ranks[child] for child in children]
                assert order == sorted(order), f"{name}: {parent} children {children}"
                checked += 1
    assert checked > 200


def test_text_is_chinese_with_the_windows_fonts_declared() -> None:
    parts = parts_of(SUMMARY)
    defaults = parts["word/styles.xml"].find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")
    lang = defaults.find(f"{W}lang")
    assert (lang.get(f"{W}val"), lang.get(f"{W}eastAsia")) == ("zh-CN", "zh-CN")
    assert attr(defaults, f"{W}rFonts", "eastAsia") == "仿宋"
    assert attr(parts["word/settings.xml"], f"{W}themeFontLang", "eastAsia") == "zh-CN"
    assert "word/stylesWithEffects.xml" not in parts

    fonts = {font.get(f"{W}name"): font for font in parts["word/fontTable.xml"]}
    english = {"仿宋": "FangSong", "黑体": "SimHei", "楷体": "KaiTi", "宋体": "SimSun"}
    for name in FONT_NAMES.values():
        font = fonts[name]
        assert attr(font, f"{W}charset", "val") == "86"  # GB2312
        assert attr(font, f"{W}panose1", "val") not in (None, "00000000000000000000")
        assert attr(font, f"{W}altName", "val") == english.get(name, "FZXiaoBiaoSong-B05S")

    body = paragraphs(parts["word/document.xml"])
    roles = {
        text(body[0]): "方正小标宋简体",
        "一、重视组织领导，认真履职尽责。": "黑体",
        "（一）健全工作机制。": "楷体",
        "压实工作责任，形成了领导重视的工作格局。": "仿宋",
    }
    runs = {text(run): run for paragraph in body for run in paragraph.iter(f"{W}r")}
    for run_text, font in roles.items():
        fonts_of = runs[run_text].find(f"{W}rPr/{W}rFonts")
        assert {fonts_of.get(f"{W}{a}") for a in ("ascii", "hAnsi", "eastAsia")} == {font}


def test_odd_pages_number_on_the_right_even_pages_on_the_left() -> None:
    parts = parts_of(SUMMARY)
    document = parts["word/document.xml"]
    assert parts["word/settings.xml"].find(f"{W}evenAndOddHeaders") is not None
    sect = document.find(f"{W}body/{W}sectPr")
    relations = {rel.get("Id"): rel.get("Target") for rel in parts["word/_rels/document.xml.rels"]}
    footers = {
        ref.get(f"{W}type"): parts[f"word/{relations[ref.get(R_ID)]}"]
        for ref in sect.findall(f"{W}footerReference")
    }
    assert set(footers) == {"default", "even"}
    for kind, side in (("default", "right"), ("even", "left")):
        (paragraph,) = footers[kind].findall(f"{W}p")
        assert text(paragraph) == "— 1 —"
        assert paragraph.find(f"{W}fldSimple").get(f"{W}instr").strip() == "PAGE"
        assert attr(paragraph, f"{W}pPr/{W}jc", "val") == side
        assert attr(paragraph, f"{W}pPr/{W}ind", side) == "280"  # one 4号 character in
        for run in paragraph.iter(f"{W}r"):
            assert attr(run, f"{W}rPr/{W}rFonts", "eastAsia") == "宋体"
            assert attr(run, f"{W}rPr/{W}sz", "val") == "28"

    # Word puts the footer's last line on the footer distance and, in an exactly spaced
    # line, the baseline at 80 % of its height; the dashes sit a third of 14 pt above it.
    footer_style = parts["word/styles.xml"].find(f"{W}style[@{W}styleId='Footer']")
    line = int(attr(footer_style, f"{W}pPr/{W}spacing", "line"))
    assert attr(footer_style, f"{W}pPr/{W}spacing", "lineRule") == "exact"
    margins = sect.find(f"{W}pgMar")
    baseline_above_edge = int(margins.get(f"{W}footer")) + 0.2 * line
    dashes_above_edge = baseline_above_edge + 0.33 * 280
    below_block = (int(margins.get(f"{W}bottom")) - dashes_above_edge) / TWIPS_PER_MM
    assert below_block == pytest.approx(7.0, abs=0.1)


def test_the_signature_is_placed_in_characters() -> None:
    def indents(unit: str, date: str) -> list[str | None]:
        body = paragraphs(parts_of(summary_of("正文。", unit=unit, date=date))["word/document.xml"])
        return [attr(p, f"{W}pPr/{W}ind", "leftChars") for p in body[-2:]]

    # 右空二字 for the unit, the date two characters right of its first character.
    assert indents("某某区总工会委员会", "2019年12月31日") == ["1700", "1900"]
    # The date the longer: it keeps 右空二字, the unit moves to two characters left of it.
    assert indents("区总工会", "2019年12月31日") == ["1700", "1900"]
    assert indents("区总工会", "2019年1月1日") == ["1800", "2000"]


def test_the_appendix_is_named_before_the_signature_and_follows_on_a_new_page() -> None:
    parts = parts_of(SUMMARY, appendix())
    document = parts["word/document.xml"]
    body = list(document.find(f"{W}body"))
    texts = [text(element) if element.tag == f"{W}p" else "<table>" for element in body[:-1]]
    end = texts.index(SUMMARY.body_paragraphs()[-1]) + 1
    # After the text: a blank line, 附件：name (左空二字, wrapped lines under the name),
    # the 落款 after one more blank line; the 附件 itself on a new page.
    assert texts[end : end + 5] == ["", f"附件：{APPENDIX_TITLE}", "", "区总工会", "2019年12月31日"]
    note = body[end + 1]
    assert attr(note, f"{W}pPr/{W}ind", "leftChars") == "500"
    assert attr(note, f"{W}pPr/{W}ind", "hangingChars") == "300"
    heading, blank, title = body[end + 5 : end + 8]
    assert (text(heading), text(blank), text(title)) == ("附件", "", APPENDIX_TITLE)
    assert heading.find(f"{W}pPr/{W}pageBreakBefore") is not None
    assert heading.find(f"{W}pPr/{W}ind") is None  # 顶格
    assert attr(heading, f"{W}r/{W}rPr/{W}rFonts", "eastAsia") == "黑体"
    assert attr(title, f"{W}pPr/{W}jc", "val") == "center"
    assert attr(title, f"{W}r/{W}rPr/{W}sz", "val") == "44"
    assert attr(title, f"{W}r/{W}rPr/{W}rFonts", "eastAsia") == "方正小标宋简体"
    rest = texts[end + 8 :]
    assert rest[:4] == ["", appendix().figures, appendix().notes[0], "<table>"]

    (table,) = document.iter(f"{W}tbl")
    rows = [[text(cell) for cell in row.iter(f"{W}tc")] for row in table.iter(f"{W}tr")]
    assert rows == [list(appendix().header), *map(list, appendix().rows)]
    total = next(reversed(list(table.iter(f"{W}tr"))))
    assert {attr(run, f"{W}rPr/{W}rFonts", "eastAsia") for run in total.iter(f"{W}r")} == {"黑体"}
    assert len(list(document.iter(f"{W}drawing"))) == 1
    assert rest[-1] == "图1 各板块活动次数"

    plain = [text(p) for p in paragraphs(parts_of(SUMMARY)["word/document.xml"])]
    assert not any("附件" in line for line in plain)


# -- as LibreOffice lays it out -------------------------------------------------------------

BLOCK_TOP, BLOCK_BOTTOM = 37 * MM, 262 * MM  # from the top of the page
BLOCK_LEFT, BLOCK_RIGHT = 28 * MM, 184 * MM
PITCH = 579 / 20


Char = tuple[str, float, float, float, float]


def rows_of(page: pdfium.PdfPage) -> list[list[Char]]:
    """The page's lines of text, top down, as (character, left, right, centre of the line,
    centre of the glyph) — heights from the top of the page, in points."""
    height = page.get_height()
    textpage = page.get_textpage()
    chars = []
    for index in range(textpage.count_chars()):
        char = textpage.get_text_range(index, 1)
        if char.strip():
            left, bottom, right, top = textpage.get_charbox(index, loose=True)
            _, glyph_bottom, _, glyph_top = textpage.get_charbox(index)
            line, glyph = height - (bottom + top) / 2, height - (glyph_bottom + glyph_top) / 2
            chars.append((char, left, right, line, glyph))
    rows: list[list[Char]] = []
    for char in sorted(chars, key=lambda c: c[3]):
        if rows and abs(rows[-1][0][3] - char[3]) < 4:
            rows[-1].append(char)
        else:
            rows.append([char])
    return [sorted(row, key=lambda c: c[1]) for row in rows]


def line_of(row: list[Char]) -> str:
    return "".join(c[0] for c in row)


def plain_chinese(line: str) -> bool:
    return all("\u4e00" <= c <= "\u9fff" or c in "，。、；：？！“”‘’《》（）" for c in line)


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) not installed")
def test_libreoffice_sets_22_lines_of_28_characters_a_page(sample_ledger, tmp_path: Path) -> None:
    draft = sample_ledger.summaries.draft(2019)
    longer = tuple(
        dataclasses.replace(part, text="\n".join([part.text] * 3))
        if part.key not in ("title", "signature_unit", "signature_date")
        else part
        for part in draft.parts
    )
    target = tmp_path / "总结.docx"
    write_summary_docx(dataclasses.replace(draft, parts=longer), target, appendix())
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(target),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    pdf = pdfium.PdfDocument(tmp_path / "总结.pdf")
    try:
        pages = [rows_of(page) for page in pdf]
    finally:
        pdf.close()
    appendix_page = next(i for i, rows in enumerate(pages) if line_of(rows[0]) == "附件")
    summary_pages = pages[:appendix_page]
    assert len(summary_pages) >= 6

    # Lines: every page but the one with the 落款 has all 22, one pitch (28.95 pt) apart,
    # the first in the text block's first line and none below its last.
    text_rows: list[list[Char]] = []
    for number, rows in enumerate(summary_pages[:-1], start=1):
        body = [row for row in rows if row[0][3] < BLOCK_BOTTOM]
        centres = [row[0][3] for row in body]
        slots = [(centre - centres[-1]) / PITCH + 21 for centre in centres]
        assert all(abs(slot - round(slot)) < 0.15 for slot in slots), (number, slots)
        expected = [0, *range(2, 22)] if number == 1 else list(range(22))  # title, blank line
        assert [round(slot) for slot in slots] == expected, number
        assert BLOCK_TOP < centres[0] < BLOCK_TOP + PITCH
        text_rows += body[1:] if number == 1 else body

    # Characters: every full line of plain Chinese that is not a paragraph's last has 28
    # in the text block (LibreOffice hangs a closing mark in the margin; Word pushes it on).
    counted = 0
    for row, following in itertools.pairwise(text_rows):
        line = line_of(row)
        if abs(row[0][1] - BLOCK_LEFT) > 2 * MM or abs(following[0][1] - BLOCK_LEFT) > 2 * MM:
            continue  # a paragraph's first line (indented) or last line
        pushed = {c[0] for c in following[:2]} & (NO_LINE_START | NO_LINE_END)
        if not plain_chinese(line) or pushed:
            continue  # digits and Latin are narrower; 避头尾 moved a character on
        inside = [c for c in row if (c[1] + c[2]) / 2 < BLOCK_RIGHT]
        assert len(inside) == 28, line
        counted += 1
    assert counted >= 40

    # Page numbers: 7 mm below the text block, odd pages right and even pages left, one
    # character (14 pt) in.
    for number, rows in enumerate(pages, start=1):
        footer = rows[-1]
        assert line_of(footer) == f"—{number}—"
        dashes = [c for c in footer if c[0] == "—"]
        assert (dashes[0][4] - BLOCK_BOTTOM) / MM == pytest.approx(7.0, abs=0.5)
        if number % 2:
            assert dashes[-1][2] == pytest.approx(BLOCK_RIGHT - 14, abs=2 * MM)
        else:
            assert dashes[0][1] == pytest.approx(BLOCK_LEFT + 14, abs=2 * MM)
