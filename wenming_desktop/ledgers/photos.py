"""Photos on the printed record sheets: opened within bounded memory, upright, transparency
on white, and laid out in the room the page has left.

A photo is never decoded at full size when a smaller one will do: a JPEG is decoded at
1/2, 1/4 or 1/8 of its size (``Image.draft``), and what decoding takes is measured from
the header first (for a progressive JPEG, what :mod:`.jpeg_scans` says libjpeg gathers)
and refused above MAX_DECODE_BYTES. Pillow's DecompressionBombError is not
the guard (it allows 178 megapixels, 700 MB decoded), and every decoding failure becomes
an :class:`UnprintablePhoto` for the page to mention, so one bad picture never stops
the whole document.
"""

from __future__ import annotations

import datetime as dt
import io
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageFile, JpegImagePlugin
from reportlab.lib.colors import Color, HexColor
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.platypus import Flowable

from wenming_desktop.ledgers.jpeg_scans import gathered_bytes

#: The most memory one picture may take decoded (after a JPEG's reduction), counting the
#: copies shrinking it takes: a transparent picture is shrunk premultiplied (a second
#: copy), a palette one is first turned into colour. Pillow keeps 4 bytes a pixel (1 for
#: grey or a palette): this allows 32 MP in colour, 16 MP with transparency, 14 MP for a
#: transparent palette PNG; a 200-MP JPEG decodes to 3 MP.
MAX_DECODE_BYTES = 128 * 1024 * 1024
#: The longest side a printed photo keeps: about 200 dpi across the whole text block.
PHOTO_PIXELS = 1400
JPEG_QUALITY = 85

_JPEG = b"\xff\xd8\xff"
_ORIENTATION, _EXIF_IFD, _DATE_TIME_ORIGINAL = 0x0112, 0x8769, 0x9003
#: EXIF orientation → the turn that makes the picture upright (as ImageOps.exif_transpose).
_UPRIGHT = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}


class UnprintablePhoto(Exception):
    """A photo that cannot be printed; the message says why, in Chinese."""


class MissingPhoto(UnprintablePhoto):
    """The photo's file is gone from the data folder."""


@dataclass(frozen=True, slots=True)
class Photo:
    """A photo ready for the page: upright, RGB on white, JPEG-encoded, small."""

    jpeg: bytes
    width: int  # pixels, upright
    height: int
    taken: dt.datetime | None  # EXIF DateTimeOriginal, when the camera wrote one


def printable_photo(path: Path, longest: int = PHOTO_PIXELS) -> Photo:
    """The photo at ``path`` as it prints. Raises UnprintablePhoto (MissingPhoto: gone)."""
    picture, taken = load_photo(path, longest)
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=JPEG_QUALITY)
    return Photo(buffer.getvalue(), picture.width, picture.height, taken)


def load_photo(path: Path, longest: int) -> tuple[Image.Image, dt.datetime | None]:
    """The photo at ``path``, upright (EXIF orientation), RGB with any transparency on
    white, no side above ``longest``; and when it was taken (EXIF), if it says."""
    try:
        with _open(path) as opened:
            width, height = opened.size
            orientation, taken = _exif(opened)
            gathered = gathered_bytes(path) if opened.format == "JPEG" else 0
            opened.draft("RGB", _reduced(opened.size, longest))  # JPEG only: decodes reduced
            needed = _decoded_bytes(opened.mode, _transparent(opened), *opened.size)
            if gathered + needed > MAX_DECODE_BYTES:
                raise UnprintablePhoto(f"图片过大，{width}×{height} 像素")
            picture = _on_white(opened, longest)
            turn = _UPRIGHT.get(orientation or 1)
            return (picture.transpose(turn) if turn is not None else picture), taken
    except FileNotFoundError as error:
        raise MissingPhoto("文件缺失") from error
    except UnprintablePhoto:
        raise
    except Image.DecompressionBombError as error:  # Pillow's own, looser check on opening
        raise UnprintablePhoto("图片过大") from error
    except Exception as error:  # any decoder may fail in its own way on a damaged file
        raise UnprintablePhoto("文件已损坏或格式不支持") from error


def _reduced(size: tuple[int, int], longest: int) -> tuple[int, int]:
    """The size whose longest side is ``longest``, shape kept: what a JPEG may be decoded
    down to (asking ``longest`` of the short side too would decode a 3:2 photo at twice
    the scale, four times the pixels)."""
    width, height = size
    scale = min(1.0, longest / max(width, height, 1))
    return max(1, math.ceil(width * scale)), max(1, math.ceil(height * scale))


def _transparent(image: Image.Image) -> bool:
    return image.mode in ("RGBA", "LA", "PA", "RGBa", "La") or "transparency" in image.info


def _decoded_bytes(mode: str, transparent: bool, width: int, height: int) -> int:
    """What decoding and shrinking a ``mode`` picture of that size takes, at most."""
    pixels = width * height
    per_pixel = 1 if mode in ("1", "L", "P") else 2 if mode.startswith("I;16") else 4
    needed = pixels * per_pixel
    if _converted_first(mode, transparent):
        needed += pixels * 4
    if transparent:  # shrunk premultiplied: a second copy
        needed += pixels * 4
    return needed


def _converted_first(mode: str, transparent: bool) -> bool:
    """Whether the picture is turned into colour before it is shrunk: Pillow shrinks a
    palette pixel by pixel, and keeps transparency only in RGBA and LA."""
    return mode not in ("RGBA", "LA") and (transparent or mode in ("P", "PA"))


def _on_white(image: ImageFile.ImageFile, longest: int) -> Image.Image:
    """``image`` shrunk to ``longest`` and in RGB, transparent parts on white paper."""
    picture: Image.Image = image
    transparent = _transparent(picture)
    if _converted_first(picture.mode, transparent):
        picture = picture.convert("RGBA" if transparent else "RGB")
    picture.thumbnail((longest, longest))
    if not transparent:
        return picture.convert("RGB")
    picture = picture.convert("RGBA")  # LA, small now
    paper = Image.new("RGB", picture.size, "white")
    paper.paste(picture, mask=picture.getchannel("A"))
    return paper


def _exif(image: Image.Image) -> tuple[int | None, dt.datetime | None]:
    """The EXIF orientation and DateTimeOriginal; a damaged EXIF block is ignored."""
    try:
        exif = image.getexif()
        orientation = exif.get(_ORIENTATION)
        stamp = exif.get_ifd(_EXIF_IFD).get(_DATE_TIME_ORIGINAL)
    except Exception:  # a broken EXIF block does not make the picture unprintable
        return None, None
    return (orientation if isinstance(orientation, int) else None), _stamp(stamp)


def _stamp(value: object) -> dt.datetime | None:
    """EXIF's "2019:03:05 09:32:10" as a datetime, else None (blank, zeros, nonsense)."""
    if isinstance(value, bytes):
        value = value.decode("ascii", "replace")
    if not isinstance(value, str):
        return None
    try:
        return dt.datetime.strptime(value.strip("\0 ")[:19], "%Y:%m:%d %H:%M:%S")
    except ValueError:
        return None


def _open(path: Path) -> ImageFile.ImageFile:
    """The image, read lazily (the header only).

    A JPEG is opened by its own plugin: ``Image.open`` refuses one above 178 MP before
    ``draft`` could reduce it, yet a 200-MP phone photo prints fine at 1/8 of its size.
    """
    with path.open("rb") as file:
        is_jpeg = file.read(len(_JPEG)) == _JPEG
    if is_jpeg:
        return JpegImagePlugin.JpegImageFile(str(path))
    return Image.open(path)


# -- laying photos out -------------------------------------------------------------------

#: Below this a photo is too small to show anything: its row moves to the next page.
MIN_PHOTO_HEIGHT = 35 * mm
COLUMN_GAP = 5 * mm
ROW_GAP = 4 * mm
CAPTION_GAP = 1.5 * mm
CAPTION_SIZE = 9.0
CAPTION_LEADING = 12.0
#: A hairline round each photo, so a white or transparent one still shows its edges.
EDGE = HexColor("#c4c9ce")
#: A text after the last photos up to this tall is kept on their page if they fit with it.
TRAILER_ROOM = 60 * mm


@dataclass(frozen=True, slots=True)
class Shot:
    """A photo on the page with the caption under it."""

    photo: Photo
    caption: str


@dataclass(frozen=True, slots=True)
class _Plan:
    cell_width: float
    rows: list[tuple[float, list[list[str]]]]  # photo band height, caption lines per shot
    height: float


class PhotoBlock(Flowable):
    """Photos in rows of ``columns``, each as large as its cell allows (shape kept) and no
    taller than ``tallest``, a caption under each. The photos shrink to the room the page
    has left, keeping room for ``trailer`` (the text that follows them) when it is short;
    rows that would fall below MIN_PHOTO_HEIGHT go to the next page."""

    def __init__(
        self,
        shots: Sequence[Shot],
        *,
        columns: int,
        tallest: float,
        font: str,
        color: Color,
        break_lines: Callable[[str, str, float, float], list[str]],
        trailer: Flowable | None = None,
    ) -> None:
        super().__init__()
        self._shots, self._columns, self._tallest = list(shots), columns, tallest
        self._font, self._color, self._break = font, color, break_lines
        self._trailer = trailer
        self._plan: _Plan | None = None

    def _rows(self) -> list[list[Shot]]:
        step = self._columns
        return [self._shots[i : i + step] for i in range(0, len(self._shots), step)]

    def _layout(self, width: float, height: float) -> _Plan | None:
        """Sizes for the whole block in ``width`` × ``height``, or None if it cannot fit;
        room is kept for a short trailer unless the photos would not fit then."""
        reserve = self._reserve(width, height)
        planned = self._sized(width, height - reserve) if reserve else None
        return planned or self._sized(width, height)

    def _sized(self, width: float, height: float) -> _Plan | None:
        cell = (width - COLUMN_GAP * (self._columns - 1)) / self._columns
        rows = self._rows()
        captions = [
            [self._break(shot.caption, self._font, CAPTION_SIZE, cell) for shot in row]
            for row in rows
        ]
        fixed = sum(
            CAPTION_GAP + max(len(lines) for lines in row) * CAPTION_LEADING for row in captions
        )
        fixed += ROW_GAP * (len(rows) - 1)
        band = min(self._tallest, (height - fixed) / len(rows))
        if band < MIN_PHOTO_HEIGHT:
            return None
        planned = []
        for row, lines in zip(rows, captions, strict=True):
            tallest = max(_fitted(shot.photo, cell, band)[1] for shot in row)
            planned.append((tallest, lines))
        used = fixed + sum(tallest for tallest, _lines in planned)
        return _Plan(cell, planned, used)

    def _reserve(self, width: float, height: float) -> float:
        if self._trailer is None:
            return 0.0
        needed = self._trailer.wrap(width, height)[1] + self._trailer.getSpaceBefore()
        return needed if needed <= TRAILER_ROOM else 0.0

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width = availWidth
        self._plan = self._layout(availWidth, availHeight)
        if self._plan is None:  # does not fit: split() decides what does
            self.height = availHeight + 1
        else:
            self.height = self._plan.height
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        rows = self._rows()
        for keep in range(len(rows) - 1, 0, -1):
            shots = [shot for row in rows[:keep] for shot in row]
            first = self._part(shots, trailer=None)
            if first._layout(availWidth, availHeight) is not None:
                rest = [shot for row in rows[keep:] for shot in row]
                return [first, self._part(rest, trailer=self._trailer)]
        return []

    def _part(self, shots: list[Shot], trailer: Flowable | None) -> PhotoBlock:
        return PhotoBlock(
            shots,
            columns=self._columns,
            tallest=self._tallest,
            font=self._font,
            color=self._color,
            break_lines=self._break,
            trailer=trailer,
        )

    def draw(self) -> None:
        plan = self._plan
        if plan is None:
            return
        canvas = self.canv
        canvas.saveState()
        canvas.setFont(self._font, CAPTION_SIZE)
        canvas.setFillColor(self._color)
        canvas.setStrokeColor(EDGE)
        canvas.setLineWidth(0.3)
        top = self.height
        for row, (band, captions) in zip(self._rows(), plan.rows, strict=True):
            bottom = top - band  # photos stand on one line, their captions right under
            for column, (shot, lines) in enumerate(zip(row, captions, strict=True)):
                left = column * (plan.cell_width + COLUMN_GAP)
                if len(row) < self._columns:  # a row not full is centred
                    left += (self.width - len(row) * (plan.cell_width + COLUMN_GAP)) / 2
                    left += COLUMN_GAP / 2
                width, height = _fitted(shot.photo, plan.cell_width, band)
                reader = _JpegReader(shot.photo.jpeg)
                x = left + (plan.cell_width - width) / 2
                canvas.drawImage(reader, x, bottom, width, height)
                canvas.rect(x, bottom, width, height, stroke=1, fill=0)  # white edges show
                baseline = bottom - CAPTION_GAP - CAPTION_LEADING / 2 - 0.38 * CAPTION_SIZE
                for line in lines:
                    canvas.drawCentredString(left + plan.cell_width / 2, baseline, line)
                    baseline -= CAPTION_LEADING
            lines_below = max(len(lines) for lines in captions)
            top = bottom - CAPTION_GAP - lines_below * CAPTION_LEADING - ROW_GAP
        canvas.restoreState()


class _JpegReader(ImageReader):
    """A photo's JPEG for the canvas, which embeds it as it is. The canvas names an image
    by a digest of ``getRGBData()``: decoding it only for that would cost a photo's
    pixels (4–9 MB each, which the allocator keeps) and time; its bytes name it as well."""

    def __init__(self, jpeg: bytes) -> None:
        super().__init__(io.BytesIO(jpeg))
        self._jpeg = jpeg

    def getRGBData(self) -> bytes:
        self._dataA = None  # no soft mask: the photo is on white already
        return self._jpeg


def _fitted(photo: Photo, width: float, height: float) -> tuple[float, float]:
    """The photo's size scaled to fit ``width`` × ``height``, its shape kept."""
    scale = min(width / photo.width, height / photo.height)
    return photo.width * scale, photo.height * scale
