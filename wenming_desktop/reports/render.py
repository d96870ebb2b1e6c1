"""PDF pages to pixels with PDFium (for on-screen preview and printing)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium

_PDFIUM = threading.Lock()  # PDFium is not thread-safe


@dataclass(frozen=True, slots=True)
class PageImage:
    """Raw RGB pixels of one rendered page."""

    number: int  # 1-based
    width: int
    height: int
    stride: int
    pixels: bytes


def page_count(pdf: bytes | Path) -> int:
    with _PDFIUM:
        document = pdfium.PdfDocument(pdf)
        try:
            return len(document)
        finally:
            document.close()


def render_pages(
    pdf: bytes | Path, dpi: float, pages: list[int] | None = None
) -> Iterator[PageImage]:
    """Render pages (1-based numbers, all by default) at ``dpi``, one at a time."""
    with _PDFIUM:
        document = pdfium.PdfDocument(pdf)
        try:
            numbers = pages or list(range(1, len(document) + 1))
            for number in numbers:
                page = document[number - 1]
                bitmap = page.render(scale=dpi / 72, rev_byteorder=True, may_draw_forms=False)
                image = PageImage(
                    number, bitmap.width, bitmap.height, bitmap.stride, bytes(bitmap.buffer)
                )
                bitmap.close()
                page.close()
                yield image
        finally:
            document.close()


def page_texts(pdf: bytes | Path) -> list[str]:
    """The text of every page, as PDFium extracts it (used by tests and checks)."""
    with _PDFIUM:
        document = pdfium.PdfDocument(pdf)
        try:
            texts = []
            for page in document:
                text_page = page.get_textpage()
                texts.append(text_page.get_text_range())
                text_page.close()
                page.close()
            return texts
        finally:
            document.close()


def save_png(pdf: bytes, target: Path, width: int, height: int) -> None:
    """Render the first page of ``pdf`` to a PNG of exactly ``width`` × ``height`` pixels."""
    with _PDFIUM:
        document = pdfium.PdfDocument(pdf)
        try:
            page = document[0]
            page_width, page_height = page.get_size()
            scale = min(width / page_width, height / page_height)
            image = page.render(scale=scale, may_draw_forms=False).to_pil().convert("RGB")
            page.close()
        finally:
            document.close()
    if image.size != (width, height):
        image = image.resize((width, height))
    dpi = round(72 * scale)
    image.save(target, "PNG", dpi=(dpi, dpi))
