"""Where things sit on a PDF's pages, read back with PDFium: for the tests that keep every
printout inside its text block and its page numbers clear of content."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_raw

from wenming_desktop.reports import page as geo

#: How a page number reads: "— 7 —" (公文), "第 3 页 共 9 页" (台账).
PAGE_NUMBER = re.compile(r"^\s*(—\s*\d+\s*—|第\s*\d+\s*页(\s*共\s*\d+\s*页)?)\s*$")
TOLERANCE = 1.0  # points


@dataclass(frozen=True, slots=True)
class Box:
    left: float
    bottom: float
    right: float
    top: float
    kind: str  # text, path, image
    text: str = ""

    def overlaps(self, other: Box, margin: float = 0.0) -> bool:
        return not (
            self.right + margin <= other.left
            or other.right + margin <= self.left
            or self.top + margin <= other.bottom
            or other.top + margin <= self.bottom
        )

    def inside(self, left: float, bottom: float, right: float, top: float) -> bool:
        return (
            self.left >= left - TOLERANCE
            and self.right <= right + TOLERANCE
            and self.bottom >= bottom - TOLERANCE
            and self.top <= top + TOLERANCE
        )


_KINDS = {
    pdfium_raw.FPDF_PAGEOBJ_TEXT: "text",
    pdfium_raw.FPDF_PAGEOBJ_PATH: "path",
    pdfium_raw.FPDF_PAGEOBJ_IMAGE: "image",
}


@dataclass(frozen=True, slots=True)
class Page:
    number: int  # from 1
    width: float
    height: float
    boxes: tuple[Box, ...]
    page_numbers: tuple[Box, ...]  # one box per line of text that reads as a page number

    @property
    def content(self) -> list[Box]:
        """Everything drawn but the page numbers, page-sized backgrounds and invisible
        (zero-sized) paths."""
        area = self.width * self.height
        return [
            b
            for b in self.boxes
            if not (
                b.kind == "text"
                and any(b.inside(n.left, n.bottom, n.right, n.top) for n in self.page_numbers)
            )
            and not (b.kind == "path" and (b.right - b.left) * (b.top - b.bottom) > 0.9 * area)
            and (b.right > b.left or b.top > b.bottom)
        ]


def _text_rows(textpage: pdfium.PdfTextPage) -> list[tuple[str, Box]]:
    """The page's characters gathered into lines (by height), each with its box."""
    rows: list[list[tuple[float, str, tuple[float, float, float, float]]]] = []
    for index in range(textpage.count_chars()):
        char = textpage.get_text_range(index, 1)
        if not char.strip():
            continue
        left, bottom, right, top = textpage.get_charbox(index)
        middle = (bottom + top) / 2
        for row in rows:
            if abs(row[0][0] - middle) < 4:
                row.append((middle, char, (left, bottom, right, top)))
                break
        else:
            rows.append([(middle, char, (left, bottom, right, top))])
    found = []
    for row in rows:
        row.sort(key=lambda item: item[2][0])
        text = "".join(char for _m, char, _box in row)
        boxes = [box for _m, _c, box in row]
        middle = row[0][0]
        found.append(
            (
                text,
                Box(
                    min(b[0] for b in boxes) - 2,
                    min(min(b[1] for b in boxes), middle - 6) - 2,
                    max(b[2] for b in boxes) + 2,
                    max(max(b[3] for b in boxes), middle + 6) + 2,
                    "text",
                    text,
                ),
            )
        )
    return found


def read_pages(pdf: bytes | Path) -> list[Page]:
    document = pdfium.PdfDocument(pdf if isinstance(pdf, bytes) else str(pdf))
    pages = []
    try:
        for index in range(len(document)):
            page = document[index]
            textpage = page.get_textpage()
            numbers = tuple(box for text, box in _text_rows(textpage) if PAGE_NUMBER.match(text))
            boxes = []
            for obj in page.get_objects(max_depth=8):
                kind = _KINDS.get(obj.type)
                if kind is None:
                    continue
                left, bottom, right, top = obj.get_bounds()
                text = ""
                if kind == "text":
                    text = textpage.get_text_bounded(left - 1, bottom - 1, right + 1, top + 1)
                boxes.append(Box(left, bottom, right, top, kind, text))
            width, height = page.get_size()
            pages.append(Page(index + 1, width, height, tuple(boxes), numbers))
    finally:
        document.close()
    return pages


def problems(
    pages: list[Page], block: tuple[float, float, float, float] | None = None, margin_mm: float = 10
) -> list[str]:
    """What breaks the print rules on these pages: content outside the text block (``block``
    as left, bottom, right, top in points; or the page less ``margin_mm`` all round), and
    anything sharing space with a page number."""
    found = []
    for page in pages:
        if block is not None:
            left, bottom, right, top = block
        else:
            inset = margin_mm * 72 / 25.4
            left, bottom, right, top = inset, inset, page.width - inset, page.height - inset
        for box in page.content:
            if not box.inside(left, bottom, right, top):
                found.append(f"page {page.number}: {box.kind} {box.text!r} at {_at(box)} outside")
        for number in page.page_numbers:
            for box in page.content:
                if box.overlaps(number):
                    found.append(
                        f"page {page.number}: {box.kind} {box.text!r} at {_at(box)}"
                        f" under the page number {number.text!r}"
                    )
    return found


def _at(box: Box) -> str:
    return f"({box.left:.1f}, {box.bottom:.1f}, {box.right:.1f}, {box.top:.1f})"


#: The GB/T 9704 text block of the summary and its 附件 pages.
SUMMARY_BLOCK = (geo.BLOCK_LEFT, geo.BLOCK_BOTTOM, geo.BLOCK_RIGHT, geo.BLOCK_TOP)
