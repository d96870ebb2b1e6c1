"""The memory a JPEG needs however small it is decoded: what its scans force libjpeg to hold.

A JPEG written in one scan (as cameras and phones write them) is decoded a few lines at a
time, and at 1/8 of its size if asked. One written in several scans (progressive, as many
web tools and apps save them) is first gathered whole: two bytes for each of the 64
coefficients of every 8 × 8 block of every colour component, 2–8 bytes a pixel however
small the result. A progressive 30,000 × 30,000 JPEG of a few hundred KB would take
gigabytes, so both the printed record sheet and the entry dialog's thumbnail ask first.

No Pillow here: the entry dialog uses it with Qt's reader.
"""

from __future__ import annotations

import mmap
import re
from pathlib import Path

#: Start-of-frame markers (every coding but the differential ones).
_FRAMES = frozenset({0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF})
_START_OF_SCAN, _END = 0xDA, 0xD9
#: In coded data 0xFF is followed by 0x00 (a stuffed byte) or a restart marker; anything
#: else is the next marker.
_NEXT_MARKER = re.compile(rb"\xff[^\x00\xd0-\xd7]")


def gathered_bytes(path: Path) -> int:
    """Bytes libjpeg holds to decode ``path`` at any size: 0 for a one-scan JPEG.

    Damaged or unusual files answer 0; decoding them then fails on its own.
    """
    try:
        with path.open("rb") as file, mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ) as data:
            return _gathered(data)
    except (OSError, ValueError):  # an empty file cannot be mapped
        return 0


def _gathered(data: mmap.mmap) -> int:
    size = len(data)
    if data[:2] != b"\xff\xd8":
        return 0
    position, scans, frame = 2, 0, b""
    while position + 4 <= size:
        if data[position] != 0xFF:
            return 0
        marker = data[position + 1]
        if marker == 0xFF:  # fill byte before a marker
            position += 1
            continue
        if marker == _END:
            break
        if 0xD0 <= marker <= 0xD7 or marker == 0x01:  # markers without a length
            position += 2
            continue
        length = int.from_bytes(data[position + 2 : position + 4], "big")
        if marker in _FRAMES and not frame:
            frame = data[position + 4 : position + 2 + length]
        position += 2 + length
        if marker == _START_OF_SCAN:
            scans += 1
            if scans > 1:
                break  # gathered whole: no need to read on
            found = _NEXT_MARKER.search(data, position)
            if found is None:
                break
            position = found.start()
    return _coefficient_bytes(frame) if scans > 1 else 0


def _coefficient_bytes(frame: bytes) -> int:
    """What the whole image's coefficients take, from its start-of-frame header."""
    if len(frame) < 6:
        return 0
    height = int.from_bytes(frame[1:3], "big")
    width = int.from_bytes(frame[3:5], "big")
    sampling = [
        (frame[i + 1] >> 4, frame[i + 1] & 0x0F)
        for i in range(6, min(len(frame) - 1, 6 + 3 * frame[5]), 3)
    ]
    if not sampling:
        return 0
    widest = max(h for h, _ in sampling) or 1
    tallest = max(v for _, v in sampling) or 1
    return sum(
        (-(-width * h // (widest * 8)) * 8) * (-(-height * v // (tallest * 8)) * 8) * 2
        for h, v in sampling
    )
