"""The annual summary as a Word document that opens right in WPS and Word.

Same page setup as the PDF (A4, GB/T 9704 margins, 28.95 pt fixed line pitch,
characters set 0.2 pt closer so 28 fit a line), and the font names offices have
installed: 方正小标宋简体 for the title, 黑体/楷体_GB2312 for headings, 仿宋_GB2312
for the text and 宋体 for page numbers (odd pages right, even pages left).
"""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from wenming_desktop import APP_NAME
from wenming_desktop.reports import page as geo
from wenming_desktop.summary.document import AnnualSummary
from wenming_desktop.wording import paragraph_runs

FONT_NAMES = {
    "title": "方正小标宋简体",
    "body": "仿宋_GB2312",
    "heading1": "黑体",
    "heading2": "楷体_GB2312",
    "page_number": "宋体",
}
#: 16 pt characters on a 15.79 pt grid, in twentieths of a point (Word's unit).
CHAR_SPACING_TWIPS = round(geo.BODY_CHAR_SPACING * 20)


def _font(run: Run, role: str, size: float) -> None:
    name = FONT_NAMES[role]
    run.font.name = name
    run.font.size = Pt(size)
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), name)


def _spacing(run: Run, twips: int) -> None:
    spacing = OxmlElement("w:spacing")
    spacing.set(qn("w:val"), str(twips))
    run._element.get_or_add_rPr().append(spacing)


def _exact_pitch(paragraph: Paragraph) -> None:
    """Fixed line pitch, no extra gap between Chinese and digits (as in the PDF)."""
    properties = paragraph._p.get_or_add_pPr()
    for name in ("w:autoSpaceDE", "w:autoSpaceDN"):
        element = OxmlElement(name)
        element.set(qn("w:val"), "0")
        properties.append(element)
    fmt = paragraph.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(geo.LINE_PITCH)
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)


def _indent_chars(paragraph: Paragraph, *, first_line: int = 0, right: int = 0) -> None:
    """Indents in characters (Word's ``…Chars`` attributes, hundredths of a character)."""
    ind = paragraph._p.get_or_add_pPr().get_or_add_ind()
    if first_line:
        ind.set(qn("w:firstLineChars"), str(first_line * 100))
        ind.set(qn("w:firstLine"), str(round(first_line * geo.CELL * 20)))
    if right:
        ind.set(qn("w:rightChars"), str(right * 100))
        ind.set(qn("w:right"), str(round(right * geo.CELL * 20)))


def _page_number_footer(paragraph: Paragraph, *, odd: bool) -> None:
    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT if odd else WD_ALIGN_PARAGRAPH.LEFT
    fmt = paragraph.paragraph_format
    if odd:
        fmt.right_indent = Pt(geo.PAGE_NUMBER_SIZE)
    else:
        fmt.left_indent = Pt(geo.PAGE_NUMBER_SIZE)
    _font(paragraph.add_run("— "), "page_number", geo.PAGE_NUMBER_SIZE)
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    number = paragraph.add_run("1")
    _font(number, "page_number", geo.PAGE_NUMBER_SIZE)
    field.append(number._element)
    paragraph._p.append(field)
    _font(paragraph.add_run(" —"), "page_number", geo.PAGE_NUMBER_SIZE)


def _width_in_chars(text: str) -> float:
    return sum(1.0 if ord(ch) > 0x2E7F else 0.5 for ch in text)


def write_summary_docx(summary: AnnualSummary, target: Path | str | BinaryIO) -> None:
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.footer_distance = Mm(23)  # puts the page number's dashes 7 mm below the text
    document.settings.odd_and_even_pages_header_footer = True
    _page_number_footer(section.footer.paragraphs[0], odd=True)
    _page_number_footer(section.even_page_footer.paragraphs[0], odd=False)

    normal = document.styles["Normal"]
    normal.font.name = FONT_NAMES["body"]
    normal.font.size = Pt(geo.BODY_SIZE)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT_NAMES["body"])

    properties = document.core_properties
    properties.title = summary.title
    properties.author = summary.signature[0]
    properties.comments = f"由{APP_NAME}生成"

    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _exact_pitch(title)
    _font(title.add_run(summary.title), "title", geo.TITLE_SIZE)
    _exact_pitch(document.add_paragraph())

    for text in summary.body_paragraphs():
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        _exact_pitch(paragraph)
        _indent_chars(paragraph, first_line=2)
        for run_text, role in paragraph_runs(text):
            run = paragraph.add_run(run_text)
            _font(run, role, geo.BODY_SIZE)
            _spacing(run, CHAR_SPACING_TWIPS)

    unit, date = summary.signature
    if unit or date:
        _exact_pitch(document.add_paragraph())
        unit_chars, date_chars = _width_in_chars(unit), _width_in_chars(date)
        unit_right, date_right = 2.0, unit_chars - date_chars  # date starts 2 right of unit
        if date_right < 2:
            date_right, unit_right = 2.0, date_chars + 4 - unit_chars
        for text, right in ((unit, unit_right), (date, date_right)):
            if not text:
                continue
            paragraph = document.add_paragraph()
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            _exact_pitch(paragraph)
            ind = paragraph._p.get_or_add_pPr().get_or_add_ind()
            ind.set(qn("w:rightChars"), str(round(right * 100)))
            ind.set(qn("w:right"), str(round(right * geo.CELL * 20)))
            run = paragraph.add_run(text)
            _font(run, "body", geo.BODY_SIZE)
            _spacing(run, CHAR_SPACING_TWIPS)
    document.save(target if not isinstance(target, Path) else str(target))
