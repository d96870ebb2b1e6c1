"""Resource bombs: small files that claim huge sheets or pictures are refused (workbooks)
or named on their page (photos) within 5 s and 300 MB — each measured in a new process,
so the peak memory is the real one."""

from __future__ import annotations

import json
import os
import struct
import subprocess
import sys
import zipfile
import zlib
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pytest
from openpyxl import Workbook

from wenming_desktop.errors import UserError
from wenming_desktop.exchange import excel_limits
from wenming_desktop.exchange.excel_import import read_workbook

SECONDS = 5.0
MEGABYTES = 300.0
MB = 1024 * 1024

_CHILD = """
import json, sys, time
try:
    import resource
except ImportError:  # Windows: time only
    resource = None
from wenming_desktop.errors import UserError
{code}
args = prepare(*sys.argv[1:]) if "prepare" in globals() else sys.argv[1:]
started = time.perf_counter()
try:
    outcome = work(*args)
except UserError as error:
    outcome = "拒绝：" + str(error)
seconds = time.perf_counter() - started
peak = None
try:  # Linux: this process's own peak (ru_maxrss keeps the parent's across exec)
    with open("/proc/self/status") as status:
        peak = next(int(line.split()[1]) / 1024 for line in status if line.startswith("VmHWM:"))
except OSError:
    if resource is not None:  # macOS counts bytes
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 / 1024
print(json.dumps({{"outcome": outcome, "seconds": seconds, "megabytes": peak}}))
"""


def measured(code: str, *args: object) -> dict[str, Any]:
    """Run ``work`` (after an untimed ``prepare``) in a new interpreter: what it answered
    (or "拒绝：" and the UserError), its seconds and the process's peak memory in MB."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    run = subprocess.run(
        [sys.executable, "-c", _CHILD.format(code=code), *map(str, args)],
        capture_output=True,
        text=True,
        timeout=180,
        env=env,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    result: dict[str, object] = json.loads(run.stdout.strip().splitlines()[-1])
    return result


def assert_bounded(result: dict[str, Any]) -> None:
    assert result["seconds"] < SECONDS, result
    if result["megabytes"] is not None:
        assert result["megabytes"] < MEGABYTES, result


# -- workbooks built from their XML (openpyxl would take minutes for these) ---------------
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
OFFICE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE = "http://schemas.openxmlformats.org/package/2006"
SHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
BOOK_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
STRINGS_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
STYLES_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"
HEAD = f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}">'
HEADER_ROW = (
    '<row r="1"><c r="A1" t="inlineStr"><is><t>日期</t></is></c>'
    '<c r="B1" t="inlineStr"><is><t>活动名称</t></is></c></row>'
)


def workbook(
    path: Path,
    sheets: list[Iterable[bytes]],
    *,
    strings: Iterable[bytes] | None = None,
    styles: Iterable[bytes] | None = None,
    extra: dict[str, bytes] | None = None,
) -> Path:
    """An .xlsx whose parts are written piece by piece (so a 100-MB sheet costs no memory)."""
    overrides = [("/xl/workbook.xml", BOOK_TYPE)]
    overrides += [(f"/xl/worksheets/sheet{n}.xml", SHEET_TYPE) for n in range(1, len(sheets) + 1)]
    targets = [("worksheet", f"worksheets/sheet{n}.xml") for n in range(1, len(sheets) + 1)]
    if strings is not None:
        overrides.append(("/xl/sharedStrings.xml", STRINGS_TYPE))
        targets.append(("sharedStrings", "sharedStrings.xml"))
    if styles is not None:
        overrides.append(("/xl/styles.xml", STYLES_TYPE))
        targets.append(("styles", "styles.xml"))
    types = (
        f'<Types xmlns="{PACKAGE}/content-types">'
        f'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        + "".join(f'<Override PartName="{p}" ContentType="{t}"/>' for p, t in overrides)
        + "</Types>"
    )
    rels = f'<Relationships xmlns="{PACKAGE}/relationships">'
    book_rels = rels + "".join(
        f'<Relationship Id="rId{n}" Type="{OFFICE}/{kind}" Target="{target}"/>'
        for n, (kind, target) in enumerate(targets, start=1)
    )
    book = f'<workbook xmlns="{MAIN}" xmlns:r="{OFFICE}"><sheets>' + "".join(
        f'<sheet name="Sheet{n}" sheetId="{n}" r:id="rId{n}"/>' for n in range(1, len(sheets) + 1)
    )
    parts: dict[str, Iterable[bytes]] = {
        "[Content_Types].xml": [types.encode()],
        "_rels/.rels": [
            (
                rels + f'<Relationship Id="rId1" Type="{OFFICE}/officeDocument" '
                'Target="xl/workbook.xml"/></Relationships>'
            ).encode()
        ],
        "xl/workbook.xml": [(book + "</sheets></workbook>").encode()],
        "xl/_rels/workbook.xml.rels": [(book_rels + "</Relationships>").encode()],
    }
    for number, pieces in enumerate(sheets, start=1):
        parts[f"xl/worksheets/sheet{number}.xml"] = pieces
    if strings is not None:
        parts["xl/sharedStrings.xml"] = strings
    if styles is not None:
        parts["xl/styles.xml"] = styles
    for name, data in (extra or {}).items():
        parts[name] = [data]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, pieces in parts.items():
            with archive.open(name, "w") as target:
                for piece in pieces:
                    target.write(piece)
    return path


def sheet(*rows: str, before: str = "", after: str = "") -> list[bytes]:
    return [f"{HEAD}{before}<sheetData>{''.join(rows)}</sheetData>{after}</worksheet>".encode()]


def lone_cell() -> list[bytes]:
    """One cell at A1048576 (the workbook is a few KB)."""
    cell = '<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>x</t></is></c></row>'
    return sheet(cell, before='<dimension ref="A1:A1048576"/>')


def many_rows(count: int) -> Iterable[bytes]:
    """A header and ``count`` small real rows, written a thousand at a time."""
    yield f"{HEAD}<sheetData>{HEADER_ROW}".encode()
    for start in range(2, count + 2, 1000):
        yield "".join(
            f'<row r="{n}"><c r="A{n}"><v>43529</v></c>'
            f'<c r="B{n}" t="inlineStr"><is><t>会议{n}</t></is></c></row>'
            for n in range(start, min(start + 1000, count + 2))
        ).encode()
    yield b"</sheetData></worksheet>"


def padded(megabytes: int) -> Iterable[bytes]:
    """A sheet padded with ``megabytes`` MB of blanks (packs about 1000:1)."""
    yield f"{HEAD}<sheetData>{HEADER_ROW}".encode()
    blank = b" " * MB
    for _ in range(megabytes):
        yield blank
    yield b"</sheetData></worksheet>"


def empty_rows(count: int) -> Iterable[bytes]:
    """``count`` formatted rows without a single cell, as some programs write them."""
    yield f"{HEAD}<sheetData>".encode()
    for start in range(1, count + 1, 10_000):
        yield "".join(
            f'<row r="{n}" ht="20" customHeight="1"/>'
            for n in range(start, min(start + 10_000, count + 1))
        ).encode()
    yield b"</sheetData></worksheet>"


def wide_row(cells: int) -> list[bytes]:
    row = "".join(f"<c><v>{n}</v></c>" for n in range(cells))
    return sheet(HEADER_ROW, f'<row r="2">{row}</row>')


def merged(count: int) -> list[bytes]:
    areas = "".join(f'<mergeCell ref="A{n}:A{n + 1}"/>' for n in range(2, 2 * count + 2, 2))
    return sheet(HEADER_ROW, after=f"<mergeCells>{areas}</mergeCells>")


def tiny_strings(count: int) -> Iterable[bytes]:
    yield f'<sst xmlns="{MAIN}">'.encode()
    for start in range(0, count, 10_000):
        yield "".join(f"<si><t>{n}</t></si>" for n in range(start, start + 10_000)).encode()
    yield b"</sst>"


def bloated_styles(formats: int) -> Iterable[bytes]:
    """More cell formats than Excel allows (64,000), each with its alignment."""
    yield (
        f'<styleSheet xmlns="{MAIN}"><numFmts count="1"><numFmt numFmtId="164" '
        f'formatCode="yyyy/m/d"/></numFmts><cellXfs count="{formats}">'
    ).encode()
    xf = b'<xf numFmtId="164"><alignment horizontal="center" wrapText="1"/></xf>'
    for _ in range(formats // 1000):
        yield xf * 1000
    yield b"</cellXfs></styleSheet>"


READ = """
from pathlib import Path
from wenming_desktop.exchange.excel_import import read_workbook

def work(path):
    return read_workbook(Path(path), year=None, area=None, areas=[]).summary()
"""

BOMBS: dict[str, tuple[Callable[[Path], Path], list[str]]] = {
    "one cell at A1048576": (
        lambda p: workbook(p, [lone_cell()]),
        ["工作表“Sheet1”有 1,048,576 行", "超过了可导入的", "拆成几个文件"],
    ),
    "six such sheets": (
        lambda p: workbook(p, [lone_cell() for _ in range(6)]),
        ["有 1,048,576 行", "拆成几个文件"],
    ),
    "more real rows than the limit": (
        lambda p: workbook(p, [many_rows(excel_limits.MAX_ROWS + 5_000)]),
        [f"第 {excel_limits.MAX_ROWS + 1:,} 行还有内容", "拆成几个文件"],
    ),
    "a sheet unpacking past the XML limit": (
        lambda p: workbook(p, [padded(excel_limits.MAX_XML_BYTES // MB + 1)]),
        ["表格内容解压后超过了可导入的 100 MB", "拆成几个文件"],
    ),
    "a sheet packed 1000:1": (
        lambda p: workbook(p, [padded(4)]),
        ["压缩比异常", "另存为"],
    ),
    "500,000 shared strings": (
        lambda p: workbook(p, [sheet(HEADER_ROW)], strings=tiny_strings(500_000)),
        ["内容过多", "另存为"],
    ),
    "a row of 150,000 cells": (
        lambda p: workbook(p, [wide_row(150_000)]),
        ["内容过多", "另存为"],
    ),
    "300,000 merged areas": (
        lambda p: workbook(p, [merged(300_000)]),
        ["合并单元格", "取消单元格合并"],
    ),
}


@pytest.mark.parametrize("kind", list(BOMBS))
def test_workbook_bombs_are_refused_quickly_and_in_little_memory(kind: str, tmp_path: Path) -> None:
    build, words = BOMBS[kind]
    path = build(tmp_path / "台账.xlsx")
    result = measured(READ, path)
    outcome = result["outcome"]
    assert outcome.startswith("拒绝：“台账.xlsx”"), outcome
    for word in words:
        assert word in outcome, outcome
    assert_bounded(result)


@pytest.mark.parametrize(
    ("kind", "build", "answer"),
    [
        (
            "a million empty formatted rows",
            lambda p: workbook(p, [empty_rows(2**20)]),
            "没有任何数据",
        ),
        (
            "200,000 cell formats",
            lambda p: workbook(
                p,
                [sheet(HEADER_ROW, '<row r="2"><c r="A2" s="7"><v>43529</v></c></row>')],
                styles=bloated_styles(200_000),
            ),
            "无法导入 1 行",  # read to its end: no area chosen for the one row
        ),
    ],
)
def test_bulky_but_harmless_workbooks_are_read_within_the_limits(
    kind: str, build: Callable[[Path], Path], answer: str, tmp_path: Path
) -> None:
    result = measured(READ, build(tmp_path / "台账.xlsx"))
    assert answer in result["outcome"], result
    assert_bounded(result)


def test_the_limits_can_be_lowered_and_the_clock_stops_a_read(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    path = workbook(
        tmp_path / "台账.xlsx", [many_rows(100)], extra={"xl/media/image1.png": b"\0" * 3 * MB}
    )
    assert len(read_workbook(path, year=None, area=None, areas=[]).refused) == 100

    def refused(**limits: float) -> str:
        with monkeypatch.context() as patch:
            for name, value in limits.items():
                patch.setattr(excel_limits, name, value)
            with pytest.raises(UserError) as caught:
                read_workbook(path, year=None, area=None, areas=[])
        return str(caught.value)

    assert "第 51 行还有内容，超过了可导入的 50 行" in refused(MAX_ROWS=50)
    assert "单元格超过了一次可导入的 150 个" in refused(MAX_CELLS=150)
    assert "解压后有 3 MB，超过了可导入的 1 MB" in refused(MAX_UNPACKED_BYTES=MB)
    assert "表格内容解压后超过了可导入的 0 MB" in refused(MAX_XML_BYTES=1000)
    assert "超过了可导入的 0 MB" in refused(MAX_FILE_BYTES=1024)
    assert "超过了 0 秒，已停止，未导入任何数据" in refused(DEADLINE_SECONDS=0.0)


def test_far_apart_rows_cost_nothing_and_keep_their_numbers(tmp_path: Path) -> None:
    book = Workbook()
    book.active.append(["日期", "活动名称"])
    book.active["A19000"] = "2019-05-01"
    book.active["B19000"] = "远处的一行"
    path = tmp_path / "远.xlsx"
    book.save(path)
    plan = read_workbook(path, year=None, area=None, areas=[])
    assert [row.row for row in plan.refused] == [19000]  # refused: no area to put it in


# -- pictures -----------------------------------------------------------------------------
def _png_chunk(kind: bytes, data: bytes) -> bytes:
    crc = zlib.crc32(kind + data)
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)


def png_bomb(path: Path, side: int = 30_000, *, transparent: bool = False) -> Path:
    """A valid PNG of side × side black pixels (grey, or RGBA) in about 1 MB.

    The same 100 rows of zeros are deflated once and the block repeated (a full flush
    makes each block stand alone); the checksum of n zero bytes is (n mod 65521) << 16 | 1.
    """
    row = 1 + side * (4 if transparent else 1)  # filter byte 0, then the pixels
    deflate = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = deflate.compress(b"\0" * row * 100) + deflate.flush(zlib.Z_FULL_FLUSH)
    end = deflate.flush()
    adler = ((row * side) % 65521) << 16 | 1
    stream = b"\x78\xda" + block * (side // 100) + end + struct.pack(">I", adler)
    header = struct.pack(">IIBBBBB", side, side, 8, 6 if transparent else 0, 0, 0, 0)
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"IDAT", stream)
        + _png_chunk(b"IEND", b"")
    )
    return path


def test_the_png_bomb_is_a_valid_png(tmp_path: Path) -> None:
    from PIL import Image

    with Image.open(png_bomb(tmp_path / "small.png", side=300)) as small:
        small.load()
        assert small.size == (300, 300) and small.getextrema() == (0, 0)
    with Image.open(png_bomb(tmp_path / "clear.png", side=200, transparent=True)) as clear:
        clear.load()
        assert clear.mode == "RGBA" and clear.getextrema() == ((0, 0),) * 4


@pytest.fixture(scope="module")
def huge_jpegs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A 144-MP photo (14,400 × 10,000) of one colour, and a progressive 144-MP grey one
    (12,000 × 12,000, which libjpeg gathers whole: 288 MB): under a MB or two each."""
    folder = tmp_path_factory.mktemp("jpeg")
    photo, progressive = folder / "航拍.jpg", folder / "渐进.jpg"
    code = (
        "import sys; from PIL import Image\n"
        "Image.new('RGB', (14400, 10000), '#3a7bd5').save(sys.argv[1], quality=10)\n"
        "Image.new('L', (12000, 12000), 128).save(sys.argv[2], quality=10, progressive=True)\n"
    )
    subprocess.run([sys.executable, "-c", code, photo, progressive], check=True, timeout=120)
    assert photo.stat().st_size < 4 * MB and progressive.stat().st_size < 2 * MB
    return photo, progressive


RECORD_SHEETS = """
import io
from pathlib import Path
from wenming_desktop.ledger import Ledger
from wenming_desktop.books.draft import EntryDraft
from wenming_desktop.books.query import EntryQuery
from wenming_desktop.ledgers.sheets_pdf import write_record_sheets

def prepare(folder, target, *photos):
    ledger = Ledger.open(Path(folder))
    area = ledger.areas.all()[0]
    draft = EntryDraft(area_id=area.id, date="2019-03-05", name="学雷锋志愿服务")
    ledger.entries.add(draft, [Path(photo) for photo in photos])
    return ledger, Path(target)

def work(ledger, target):
    entries = ledger.entries.details(EntryQuery(year=2019))
    pages = write_record_sheets(
        entries, ledger.areas.all(), ledger.entries.attachment_path, target, unit="区总工会"
    )
    return f"{pages} 页"
"""


def test_record_sheets_with_picture_bombs_print_and_name_them(
    huge_jpegs: tuple[Path, Path], tmp_path: Path
) -> None:
    photo, progressive = huge_jpegs
    bomb = png_bomb(tmp_path / "全景.png")
    target = tmp_path / "记录表.pdf"
    result = measured(RECORD_SHEETS, tmp_path / "data", target, bomb, photo, progressive)
    assert result["outcome"] == "1 页", result
    assert_bounded(result)
    document = pdfium.PdfDocument(str(target))
    text = document[0].get_textpage().get_text_range()
    assert "照片无法打印：全景.png（图片过大）" in text
    assert "照片无法打印：渐进.jpg（图片过大，12000×12000 像素）" in text
    assert "航拍.jpg" in text and "照片无法打印：航拍" not in text
    images = [o for o in document[0].get_objects() if o.type == pdfium.raw.FPDF_PAGEOBJ_IMAGE]
    assert len(images) == 1  # the 144-MP photo, printed from a reduced decode


THUMBNAILS = """
from pathlib import Path
from PySide6.QtWidgets import QApplication, QFileIconProvider
from wenming_desktop.gui.attachment_list import THUMBNAIL, thumbnail

app = QApplication([])
FILE_ICON = QFileIconProvider().icon(QFileIconProvider.IconType.File).pixmap(THUMBNAIL).toImage()

def work(*paths):
    seen = []
    for path in paths:
        image = thumbnail(Path(path)).pixmap(THUMBNAIL).toImage()
        seen.append("icon" if image == FILE_ICON else f"{image.width()}x{image.height()}")
    return " ".join(seen)
"""


def test_thumbnails_of_picture_bombs_stay_small(
    huge_jpegs: tuple[Path, Path], tmp_path: Path
) -> None:
    photo, progressive = huge_jpegs
    bomb = png_bomb(tmp_path / "全景.png")
    # 49 MP with transparency: under Qt's own 256-MB allocation limit, 400 MB to scale
    clear = png_bomb(tmp_path / "透明.png", 7_000, transparent=True)
    result = measured(THUMBNAILS, bomb, clear, progressive, photo)
    assert result["outcome"] == "icon icon icon 96x66", result  # the photo scaled down
    assert_bounded(result)


def test_only_jpegs_written_in_several_scans_are_gathered_whole(tmp_path: Path) -> None:
    from PIL import Image

    from wenming_desktop.ledgers.jpeg_scans import gathered_bytes

    picture = Image.new("RGB", (320, 240), "#3a7bd5")
    picture.save(tmp_path / "一次.jpg")
    picture.save(tmp_path / "渐进.jpg", progressive=True)
    assert gathered_bytes(tmp_path / "一次.jpg") == 0
    # 4:2:0: the brightness at full size, both colours at a quarter; two bytes a value
    assert gathered_bytes(tmp_path / "渐进.jpg") == (320 * 240 + 2 * 160 * 120) * 2
    (tmp_path / "空.jpg").write_bytes(b"")
    assert gathered_bytes(tmp_path / "空.jpg") == gathered_bytes(tmp_path / "无.jpg") == 0
