"""The annual summary as a Word document on the GB/T 9704-2012 grid, for Word, WPS and
LibreOffice alike: 22 lines × 28 characters per page, with its 附件 when there is one.

The section declares the grid (w:docGrid linesAndChars: 22 lines of 28.95 pt, 28
characters of 15.79 pt), so Word's 页面设置 shows 每行28字、每页22行. The text keeps to
that grid by exact 579-twip lines and characters set 0.3 pt closer rather than by
snapping to it: LibreOffice snaps a 16 pt character to two cells of a narrower grid.
Properties are written in the order the WordprocessingML schema gives (Word rejects what
LibreOffice forgives), the text is tagged zh-CN, and the fonts are declared with the
names and classes by which Word and WPS substitute them.
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, NamedTuple

from docx import Document
from docx.document import Document as DocumentObject
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.oxml import serialize_part_xml
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Mm
from docx.text.paragraph import Paragraph

from wenming_desktop import APP_NAME
from wenming_desktop.reports import page as geo
from wenming_desktop.summary.document import AnnualSummary
from wenming_desktop.wording import paragraph_runs

FONT_NAMES = {
    "title": "方正小标宋简体",
    "body": "仿宋",
    "heading1": "黑体",
    "heading2": "楷体",
    "page_number": "宋体",
}

# -- the page, in twentieths of a point (twips) --------------------------------------------

PAGE_WIDTH, PAGE_HEIGHT = 11906, 16838  # A4
MARGIN_TOP, MARGIN_BOTTOM = 2098, 1984  # 37 mm, 35 mm
MARGIN_LEFT, MARGIN_RIGHT = 1587, 1474  # 28 mm, 26 mm
TEXT_WIDTH = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT  # 8845: 156 mm
TEXT_HEIGHT = PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM  # 12756: 225 mm
#: 22 lines must fit: 22 × 579 = 12738 ≤ 12756 (580 would overrun by 4).
LINE_PITCH = TEXT_HEIGHT // geo.LINES_PER_PAGE
BODY_TWIPS = round(geo.BODY_SIZE * 20)
#: w:charSpace, in 1/4096 pt relative to Normal's 16 pt: the largest (−842, 15.794 pt a
#: character) with which Word counts 28 characters to the 156 mm line.
CHAR_SPACE = math.floor((TEXT_WIDTH / geo.CHARS_PER_LINE - BODY_TWIPS) / 20 * 4096)
#: What a body character really advances. LibreOffice reads −842 its own way (Word 97's
#: packed form: 16 pt − 1 pt + 15/20 pt ≈ 15.73 pt) and narrows the line to 28 such
#: cells, 440.5 pt; at 15.70 pt (−0.3 pt) 28 characters fit that and Word's 442.25 pt,
#: and 29 fit neither.
CHAR_ADVANCE = 314
CHAR_SPACING = CHAR_ADVANCE - BODY_TWIPS
#: The footer's one line, and how far its bottom is from the paper's edge: Word and
#: LibreOffice put the baseline of an exactly spaced line at 80 % of its height, which
#: puts the dashes of “— 1 —” 7 mm below the text block.
FOOTER_LINE = 400
FOOTER_DISTANCE = 1415

TABLE_SIZE = 12.0  # 小四, for the 附件's table
CAPTION_SIZE = 14.0  # 四号, under the 附件's pictures
MAX_PICTURE_HEIGHT = Mm(200)

# -- the schema's order of properties (ECMA-376 Part 1, wml.xsd) ---------------------------


def _names(text: str) -> tuple[str, ...]:
    return tuple(text.split())


P_PR_ORDER = _names(
    "pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr "
    "suppressLineNumbers pBdr shd tabs suppressAutoHyphens kinsoku wordWrap overflowPunct "
    "topLinePunct autoSpaceDE autoSpaceDN bidi adjustRightInd snapToGrid spacing ind "
    "contextualSpacing mirrorIndents suppressOverlap jc textDirection textAlignment "
    "textboxTightWrap outlineLvl divId cnfStyle rPr sectPr pPrChange"
)
R_PR_ORDER = _names(
    "ins del moveFrom moveTo rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline "
    "shadow emboss imprint noProof snapToGrid vanish webHidden color spacing w kern position "
    "sz szCs highlight u effect bdr shd fitText vertAlign rtl cs em lang eastAsianLayout "
    "specVanish oMath rPrChange"
)
SECT_PR_ORDER = _names(
    "headerReference footerReference footnotePr endnotePr type pgSz pgMar paperSrc "
    "pgBorders lnNumType pgNumType cols formProt vAlign noEndnote titlePg textDirection bidi "
    "rtlGutter docGrid printerSettings sectPrChange"
)
TBL_PR_ORDER = _names(
    "tblStyle tblpPr tblOverlap bidiVisual tblStyleRowBandSize tblStyleColBandSize tblW jc "
    "tblCellSpacing tblInd tblBorders shd tblLayout tblCellMar tblLook tblCaption "
    "tblDescription tblPrChange"
)
TC_PR_ORDER = _names(
    "cnfStyle tcW gridSpan hMerge vMerge tcBorders shd noWrap tcMar textDirection tcFitText "
    "vAlign hideMark headers cellIns cellDel cellMerge tcPrChange"
)
ORDERS = {
    "pPr": P_PR_ORDER,
    "rPr": R_PR_ORDER,
    "sectPr": SECT_PR_ORDER,
    "tblPr": TBL_PR_ORDER,
    "tcPr": TC_PR_ORDER,
}

# -- fonts: the Windows family names, with what Word and WPS substitute them by -----------

#: Unicode and code-page coverage (w:sig) of the Windows fonts, as Word records them.
_SIG_HEI = ("800002BF", "38CF7CFA", "00000016", "00000000", "00040001", "00000000")
_SIG_SONG = ("00000003", "288F0000", "00000016", "00000000", "00040001", "00000000")
#: name: (English name, panose, family, pitch, signature) — all GB2312 (w:charset 86).
FONT_TABLE = {
    "仿宋": ("FangSong", "02010609060101010101", "modern", "fixed", _SIG_HEI),
    "黑体": ("SimHei", "02010609060101010101", "modern", "fixed", _SIG_HEI),
    "楷体": ("KaiTi", "02010609060101010101", "modern", "fixed", _SIG_HEI),
    "宋体": ("SimSun", "02010600030101010101", "auto", "variable", _SIG_SONG),
    # Where 方正小标宋 is missing, the panose of a 宋体-like (serif) face picks a stand-in.
    "方正小标宋简体": (
        "FZXiaoBiaoSong-B05S",
        "02010600030101010101",
        "roman",
        "variable",
        _SIG_SONG,
    ),
}


class WordImage(NamedTuple):
    png: bytes
    caption: str
    width_mm: float


@dataclass(frozen=True, slots=True)
class WordAppendix:
    """The 附件 as plain text and pictures: what the Word export prints after the summary.

    ``rows`` are the table's rows below ``header``, the last one the 合计; ``images`` are
    (PNG bytes, caption, width in mm) — e.g. charts drawn by whoever builds the appendix.
    """

    title: str
    figures: str = ""
    header: Sequence[str] = ()
    rows: Sequence[Sequence[str]] = ()
    notes: Sequence[str] = ()
    images: Sequence[tuple[bytes, str, float]] = ()


# -- building blocks --------------------------------------------------------------------


def _w(tag: str, **attributes: str | int) -> BaseOxmlElement:
    element = OxmlElement(f"w:{tag}")
    for name, value in attributes.items():
        element.set(qn(f"w:{name}"), str(value))
    return element


def _put(parent: BaseOxmlElement, child: BaseOxmlElement) -> BaseOxmlElement:
    """Set ``child`` in ``parent`` (replacing one of its kind) at its place in the schema."""
    order = ORDERS[parent.tag.rsplit("}", 1)[1]]
    name = child.tag.rsplit("}", 1)[1]
    for old in parent.findall(child.tag):
        parent.remove(old)
    rank = order.index(name)
    for index, sibling in enumerate(parent):
        other = sibling.tag.rsplit("}", 1)[1] if isinstance(sibling.tag, str) else ""
        if other in order and order.index(other) > rank:
            parent.insert(index, child)
            return child
    parent.append(child)
    return child


#: What follows a style's pPr / rPr (CT_Style: … pPr, rPr, tblPr, trPr, tcPr, tblStylePr).
_STYLE_TAILS = {
    "pPr": ("w:rPr", "w:tblPr", "w:trPr", "w:tcPr", "w:tblStylePr"),
    "rPr": ("w:tblPr", "w:trPr", "w:tcPr", "w:tblStylePr"),
}


def _properties(owner: BaseOxmlElement, tag: str) -> BaseOxmlElement:
    """The ``w:pPr``/``w:rPr`` of a paragraph, run or style (created where it belongs)."""
    found = owner.find(qn(f"w:{tag}"))
    if found is not None:
        return found
    found = OxmlElement(f"w:{tag}")
    if owner.tag != qn("w:style"):
        owner.insert(0, found)  # a paragraph's pPr and a run's rPr come first
        return found
    following = [owner.find(qn(name)) for name in _STYLE_TAILS[tag]]
    successor = next((element for element in following if element is not None), None)
    if successor is not None:
        successor.addprevious(found)
    else:
        owner.append(found)
    return found


def _run_properties(rpr: BaseOxmlElement, font: str, size: float) -> None:
    """Font (for every script: the text is Chinese throughout) and size; body-size text
    is set 0.3 pt closer (see CHAR_ADVANCE), anything else at its natural width."""
    half_points = round(size * 2)
    _put(rpr, _w("rFonts", ascii=font, hAnsi=font, eastAsia=font, cs=font, hint="eastAsia"))
    _put(rpr, _w("spacing", val=CHAR_SPACING if size == geo.BODY_SIZE else 0))
    _put(rpr, _w("sz", val=half_points))
    _put(rpr, _w("szCs", val=half_points))


def _chars(count: float) -> int:
    """``count`` characters of the grid in twips (what Word derives from the …Chars values)."""
    return round(count * CHAR_ADVANCE)


def _paragraph(
    document: DocumentObject,
    runs: Sequence[tuple[str, str]] = (),
    *,
    size: float = geo.BODY_SIZE,
    jc: str = "",
    first_line: int = 0,
    left: float = 0,
    hanging: int = 0,
    exact: bool = True,
    page_break: bool = False,
    keep_next: bool = False,
) -> Paragraph:
    """One paragraph of ``(text, role)`` runs; indents are counted in grid characters."""
    paragraph = document.add_paragraph()
    ppr = _properties(paragraph._p, "pPr")
    if keep_next:
        _put(ppr, _w("keepNext"))
    if page_break:
        _put(ppr, _w("pageBreakBefore"))
    if not exact:  # pictures: a fixed line height would cut them off
        _put(ppr, _w("spacing", line=240, lineRule="auto"))
    if first_line or left or hanging:
        ind = _put(ppr, _w("ind"))
        if left:
            ind.set(qn("w:leftChars"), str(round(left * 100)))
            ind.set(qn("w:left"), str(_chars(left)))
        if hanging:
            ind.set(qn("w:hangingChars"), str(hanging * 100))
            ind.set(qn("w:hanging"), str(_chars(hanging)))
        elif first_line:
            ind.set(qn("w:firstLineChars"), str(first_line * 100))
            ind.set(qn("w:firstLine"), str(_chars(first_line)))
    if jc:  # else 两端对齐, as in Normal
        _put(ppr, _w("jc", val=jc))
    if not len(ppr):
        paragraph._p.remove(ppr)
    for text, role in runs:
        run = paragraph.add_run(text)
        _run_properties(_properties(run._r, "rPr"), FONT_NAMES[role], size)
    return paragraph


def _width_in_chars(text: str) -> float:
    return sum(1.0 if ord(ch) > 0x2E7F else 0.5 for ch in text)


# -- the document's frame: styles, fonts, page, footers ------------------------------------


def _set_defaults(document: DocumentObject) -> None:
    """仿宋 16 pt zh-CN for everything, 579 twips a line; the grid's pitch kept, not snapped to."""
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    defaults_rpr = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
    _run_properties(defaults_rpr, FONT_NAMES["body"], geo.BODY_SIZE)
    _put(defaults_rpr, _w("spacing", val=0))
    _put(defaults_rpr, _w("lang", val="zh-CN", eastAsia="zh-CN", bidi="ar-SA"))
    defaults_ppr = defaults.find(f"{qn('w:pPrDefault')}/{qn('w:pPr')}")
    _put(defaults_ppr, _w("spacing", before=0, after=0, line=LINE_PITCH, lineRule="exact"))
    normal_style = document.styles["Normal"].element
    normal = _properties(normal_style, "pPr")
    # Word and LibreOffice take the grid's character pitch from Normal's font size; what
    # the clerk types in Word gets the body's font, size and pitch.
    _run_properties(_properties(normal_style, "rPr"), FONT_NAMES["body"], geo.BODY_SIZE)
    _put(normal, _w("widowControl", val=0))  # every full page has all of its 22 lines
    _put(normal, _w("overflowPunct", val=0))  # 避头尾 by pushing characters on, not hanging
    _put(normal, _w("autoSpaceDE", val=0))  # no extra gap between Chinese and digits
    _put(normal, _w("autoSpaceDN", val=0))
    _put(normal, _w("snapToGrid", val=0))  # the pitch comes from the spacing (see above)
    _put(normal, _w("jc", val="both"))
    for style_id in ("Footer", "Header"):
        style = document.styles[style_id].element
        style_ppr = _properties(style, "pPr")
        for tabs in style_ppr.findall(qn("w:tabs")):
            style_ppr.remove(tabs)
        _put(style_ppr, _w("snapToGrid", val=0))
        _put(style_ppr, _w("spacing", before=0, after=0, line=FOOTER_LINE, lineRule="exact"))

    settings = document.settings.element
    language = settings.find(qn("w:themeFontLang"))
    if language is not None:
        language.set(qn("w:eastAsia"), "zh-CN")
    document.settings.odd_and_even_pages_header_footer = True
    # Word 2010's copy of the styles would otherwise keep the template's Calibri defaults,
    # and the template's thumbnail is not a picture of this document.
    for rel_id, rel in list(document.part.rels.items()):
        if rel.reltype.endswith("/stylesWithEffects"):
            document.part.drop_rel(rel_id)
    package_rels = document.part.package.rels
    for rel_id, rel in list(package_rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            del package_rels[rel_id]


def _set_font_table(document: DocumentObject) -> None:
    part = next(p for p in document.part.package.parts if p.partname == "/word/fontTable.xml")
    fonts = parse_xml(part.blob)
    for font in list(fonts):
        charset = font.find(qn("w:charset"))
        if charset is not None and charset.get(qn("w:val")) == "80":  # the template's 日文
            fonts.remove(font)
    for name, (alternative, panose, family, pitch, signature) in FONT_TABLE.items():
        sig = dict(zip(("usb0", "usb1", "usb2", "usb3", "csb0", "csb1"), signature, strict=True))
        font = _w("font", name=name)
        for child in (
            _w("altName", val=alternative),
            _w("panose1", val=panose),
            _w("charset", val="86"),
            _w("family", val=family),
            _w("pitch", val=pitch),
            _w("sig", **sig),
        ):
            font.append(child)
        fonts.append(font)
    # A plain part: python-docx keeps its bytes and writes them back as they are.
    part._blob = serialize_part_xml(fonts)


def _set_page(document: DocumentObject) -> None:
    section = document.sections[0]
    sect_pr = section._sectPr
    _put(sect_pr, _w("pgSz", w=PAGE_WIDTH, h=PAGE_HEIGHT))
    _put(
        sect_pr,
        _w(
            "pgMar",
            top=MARGIN_TOP,
            right=MARGIN_RIGHT,
            bottom=MARGIN_BOTTOM,
            left=MARGIN_LEFT,
            header=851,
            footer=FOOTER_DISTANCE,
            gutter=0,
        ),
    )
    grid = _w("docGrid", type="linesAndChars", linePitch=LINE_PITCH, charSpace=CHAR_SPACE)
    _put(sect_pr, grid)
    for footer, odd in ((section.footer, True), (section.even_page_footer, False)):
        _page_number(footer.paragraphs[0], odd=odd)


def _page_number(paragraph: Paragraph, *, odd: bool) -> None:
    """“— N —” in 4号宋体, one (4号) character in from the right (odd) or left (even)."""
    ppr = _properties(paragraph._p, "pPr")
    one = round(geo.PAGE_NUMBER_SIZE * 20)
    _put(ppr, _w("ind", right=one) if odd else _w("ind", left=one))
    _put(ppr, _w("jc", val="right" if odd else "left"))

    def add(text: str, parent: BaseOxmlElement) -> None:
        run = _w("r")
        _run_properties(_properties(run, "rPr"), FONT_NAMES["page_number"], geo.PAGE_NUMBER_SIZE)
        text_element = _w("t")
        text_element.text = text
        text_element.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        run.append(text_element)
        parent.append(run)

    add("— ", paragraph._p)
    field = _w("fldSimple", instr=" PAGE ")
    add("1", field)
    paragraph._p.append(field)
    add(" —", paragraph._p)


# -- the text --------------------------------------------------------------------------


def _signature(document: DocumentObject, unit: str, date: str) -> None:
    """落款 (GB/T 9704 7.3.5.3): the unit 右空二字, the date starting two characters right
    of the unit's first character — or, when the date is the longer, the date 右空二字
    and the unit two characters left of it. Both are placed by a left indent counted in
    characters (w:leftChars), so the two-character step between them holds in any font."""
    unit_chars, date_chars = _width_in_chars(unit), _width_in_chars(date)
    line = geo.CHARS_PER_LINE
    if not date or unit_chars >= date_chars + 2:
        unit_at = line - 2 - unit_chars
        date_at = unit_at + 2
    else:
        date_at = line - 2 - date_chars
        unit_at = date_at - 2
    if unit:
        _paragraph(
            document, [(unit, "body")], jc="left", left=max(unit_at, 0), keep_next=bool(date)
        )
    if date:
        _paragraph(document, [(date, "body")], jc="left", left=max(date_at, 0))


def _appendix(document: DocumentObject, appendix: WordAppendix) -> None:
    """GB/T 9704 8: on a new page, “附件” in 黑体 on line 1 (顶格), the title centred on line 3."""
    _paragraph(document, [("附件", "heading1")], jc="left", page_break=True)
    _paragraph(document)
    _paragraph(document, [(appendix.title, "title")], size=geo.TITLE_SIZE, jc="center")
    _paragraph(document)
    if appendix.figures:
        _paragraph(document, [(appendix.figures, "body")], first_line=2)
    for note in appendix.notes:
        _paragraph(document, [(note, "body")], first_line=2)
    if appendix.header or appendix.rows:
        _table(document, appendix)
        if appendix.images:
            _paragraph(document)  # a line between the table's last rule and a picture
    for png, caption, width_mm in appendix.images:
        picture = _paragraph(document, jc="center", exact=False, keep_next=bool(caption))
        shape = picture.add_run().add_picture(io.BytesIO(png), width=Mm(min(width_mm, 156.0)))
        if shape.height > MAX_PICTURE_HEIGHT:  # a tall picture still fits a page, caption too
            shape.width = round(shape.width * MAX_PICTURE_HEIGHT / shape.height)
            shape.height = MAX_PICTURE_HEIGHT
        if caption:
            _paragraph(document, [(caption, "body")], size=CAPTION_SIZE, jc="center")


def _table(document: DocumentObject, appendix: WordAppendix) -> None:
    """The figures: header row (repeated on each page) and 合计 in 黑体, 小四 throughout."""
    header = [list(appendix.header)] if appendix.header else []
    rows = header + [list(row) for row in appendix.rows]
    columns = max(len(row) for row in rows)
    widths = [
        max(_width_in_chars(row[c]) if c < len(row) else 0 for row in rows) + 2
        for c in range(columns)
    ]
    scale = TEXT_WIDTH / sum(widths)
    twips = [round(w * scale) for w in widths]
    table = document.add_table(rows=len(rows), cols=columns)
    table.style = document.styles["Table Grid"]
    tbl_pr = table._tbl.tblPr
    _put(tbl_pr, _w("tblW", w=sum(twips), type="dxa"))
    _put(tbl_pr, _w("jc", val="center"))
    _put(tbl_pr, _w("tblLayout", type="fixed"))
    for grid_col, width in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), twips, strict=True):
        grid_col.set(qn("w:w"), str(width))
    for r, (row, cells) in enumerate(zip(rows, table.rows, strict=True)):
        tr_pr = cells._tr.get_or_add_trPr()
        tr_pr.append(_w("trHeight", val=454, hRule="atLeast"))  # 8 mm
        heading = r == 0 and bool(header)
        if heading:
            tr_pr.append(_w("tblHeader"))  # repeated on each page the table runs over
        strong = heading or (r == len(rows) - 1 and len(rows) > 1 + len(header))
        for c, cell in enumerate(cells.cells):
            tc_pr = cell._tc.get_or_add_tcPr()
            _put(tc_pr, _w("tcW", w=twips[c], type="dxa"))
            _put(tc_pr, _w("vAlign", val="center"))
            paragraph = cell.paragraphs[0]
            ppr = _properties(paragraph._p, "pPr")
            _put(ppr, _w("snapToGrid", val=0))
            _put(ppr, _w("spacing", before=0, after=0, line=240, lineRule="auto"))
            _put(ppr, _w("jc", val="center" if c or heading else "left"))
            text = row[c] if c < len(row) else ""
            if text:
                run = paragraph.add_run(text)
                role = "heading1" if strong else "body"
                _run_properties(_properties(run._r, "rPr"), FONT_NAMES[role], TABLE_SIZE)


def write_summary_docx(
    summary: AnnualSummary,
    target: Path | str | BinaryIO,
    appendix: WordAppendix | None = None,
) -> None:
    """Write ``summary`` (and its 附件, when given) as a .docx on the GB/T 9704 grid."""
    document = Document()
    _set_defaults(document)
    _set_font_table(document)
    _set_page(document)

    properties = document.core_properties
    properties.title = summary.title
    properties.author = summary.signature[0]
    properties.comments = f"由{APP_NAME}生成"
    properties.language = "zh-CN"

    if summary.title.strip():
        title = [(summary.title.strip(), "title")]
        _paragraph(document, title, size=geo.TITLE_SIZE, jc="center")
        _paragraph(document)
    paragraphs = summary.body_paragraphs()
    unit, date = summary.signature
    signed = bool(unit or date)
    for index, text in enumerate(paragraphs):
        last = index == len(paragraphs) - 1
        # The 落款 never stands alone on a page: the last lines of text go along.
        _paragraph(document, paragraph_runs(text), first_line=2, keep_next=last and signed)
    if appendix is not None:
        _paragraph(document, keep_next=signed)
        _paragraph(
            document, [(f"附件：{appendix.title}", "body")], left=5, hanging=3, keep_next=signed
        )
    if signed:
        _paragraph(document, keep_next=True)
        _signature(document, unit, date)
    if appendix is not None:
        _appendix(document, appendix)
    document.save(target if not isinstance(target, Path) else str(target))
