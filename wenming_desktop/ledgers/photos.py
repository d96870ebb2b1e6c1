"""Photos opened for printing within bounded memory, or the reason one cannot be printed.

A photo is never decoded at full size when a smaller one will do: a JPEG is decoded at
1/2, 1/4 or 1/8 of its size (``Image.draft``), and what decoding takes is measured from
the header first (for a progressive JPEG, what :mod:`.jpeg_scans` says libjpeg gathers)
and refused above MAX_DECODE_BYTES. Pillow's DecompressionBombError is not
the guard (it allows 178 megapixels, 700 MB decoded), and every decoding failure becomes
an :class:`UnprintablePhoto` for the page to mention, so one bad picture never stops
the whole document.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageFile, ImageOps, JpegImagePlugin

from wenming_desktop.ledgers.jpeg_scans import gathered_bytes

#: The most memory one picture may take decoded (after a JPEG's reduction). Pillow keeps
#: 4 bytes a pixel (1 for grey), and shrinking a transparent picture needs a second copy:
#: this allows 32 MP in colour, 16 MP with transparency; a 200-MP photo decodes to 3 MP.
MAX_DECODE_BYTES = 128 * 1024 * 1024

_JPEG = b"\xff\xd8\xff"


class UnprintablePhoto(Exception):
    """A photo that cannot be printed; the message says why, in Chinese."""


class MissingPhoto(UnprintablePhoto):
    """The photo's file is gone from the data folder."""


def load_photo(path: Path, longest: int) -> Image.Image:
    """The photo at ``path``, upright (EXIF orientation), RGB, no side above ``longest``."""
    try:
        with _open(path) as opened:
            width, height = opened.size
            gathered = gathered_bytes(path) if opened.format == "JPEG" else 0
            opened.draft("RGB", (longest, longest))  # JPEG only: decodes reduced
            if gathered + _decoded_bytes(opened.mode, *opened.size) > MAX_DECODE_BYTES:
                raise UnprintablePhoto(f"图片过大，{width}×{height} 像素")
            opened.thumbnail((longest, longest))
            return ImageOps.exif_transpose(opened).convert("RGB")
    except FileNotFoundError as error:
        raise MissingPhoto("文件缺失") from error
    except UnprintablePhoto:
        raise
    except Image.DecompressionBombError as error:  # Pillow's own, looser check on opening
        raise UnprintablePhoto("图片过大") from error
    except Exception as error:  # any decoder may fail in its own way on a damaged file
        raise UnprintablePhoto("文件已损坏或格式不支持") from error


def _decoded_bytes(mode: str, width: int, height: int) -> int:
    """What decoding and shrinking a ``mode`` picture of that size takes, at most."""
    per_pixel = 1 if mode in ("1", "L", "P") else 2 if mode.startswith("I;16") else 4
    copies = 2 if "A" in mode.upper() else 1  # RGBA, LA …: premultiplied while resizing
    return width * height * per_pixel * copies


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
