"""How much of a workbook is read before it is refused: every limit in one place.

An .xlsx file is a zip of XML parts, and a few KB can claim a cell at A1048576 or unpack
to gigabytes. So the package is checked before anything is parsed (file size, number of
parts, unpacked sizes, compression ratio, elements of the parts parsed whole), and while
the sheets are streamed a :class:`ReadBudget` counts rows, cells, XML elements and
seconds. Past a limit the clerk reads in Chinese what was too big and what to do.

The limits are far above a real ledger (the 10,000-row benchmark workbook uses half of
them) and keep reading one workbook within about 5 s and 300 MB. Code reads
them as ``excel_limits.NAME`` at call time, so a test can monkeypatch them.
"""

from __future__ import annotations

import time
import zipfile
from typing import BinaryIO

from wenming_desktop.errors import UserError

MB = 1024 * 1024

# -- the package, checked before parsing ------------------------------------------------
#: The file on disk. Only photos pasted into a sheet make a ledger this big; they are
#: never unpacked, so this bounds time and memory only loosely.
MAX_FILE_BYTES = 200 * MB
#: Parts in the zip (a ledger has about a dozen, and one more per pasted photo); read from
#: the end record before the zip's directory is loaded.
MAX_PARTS = 10_000
#: All parts unpacked, photos included: a classic zip bomb stops here.
MAX_UNPACKED_BYTES = 1024 * MB
#: The XML parts parsed, unpacked, together: bounds parsing time and the text kept in memory.
MAX_XML_BYTES = 100 * MB
#: Unpacked ÷ packed size of a sheet or the shared strings above RATIO_FLOOR_BYTES
#: (real ones: 3–30).
MAX_XML_RATIO = 100
RATIO_FLOOR_BYTES = 1 * MB
#: Elements of the shared-strings table, which openpyxl loads whole (4–8 µs each).
MAX_STRING_ELEMENTS = 400_000
#: Elements of the other parts parsed whole (content types, workbook, its relationships).
MAX_PART_ELEMENTS = 50_000

# -- the sheets, counted while streaming ------------------------------------------------
#: Rows of one sheet, and of all sheets together (counted to the last row with content).
MAX_ROWS = 20_000
#: Columns read; cells further right are not read (a header that far is not found).
MAX_COLUMNS = 100
#: Cells of all sheets, empty formatted ones included (each costs parsing time).
MAX_CELLS = 300_000
#: Merged areas of one sheet (each is kept until the sheet's rows are sorted).
MAX_MERGED = 20_000
#: XML elements of the sheets and the styles together (empty rows, formatting, merges …).
MAX_ELEMENTS = 1_500_000
#: Elements held at once: one row, or one formatting rule, and everything inside it.
MAX_HELD_ELEMENTS = 100_000
#: Reading one workbook (not adding its rows) stops after this long: the last guard.
DEADLINE_SECONDS = 30.0

_RESAVE = "请在 Excel 或 WPS 中打开它，另存为新的 Excel 工作簿（.xlsx）后再导入。"
_SPLIT = "请把表格拆成几个文件后再导入。"
_EXTRA_CELLS = (
    "请删除表格下方和右侧多余的行列（包括只设置了格式的空单元格），或把表格拆成几个文件后再导入。"
)


def _size(count: int) -> str:
    return f"{count / MB / 1024:.1f} GB" if count >= 1024 * MB else f"{count / MB:.0f} MB"


# -- the package ------------------------------------------------------------------------
def check_file(file: BinaryIO, size: int, name: str) -> None:
    """Refuse a file too big, or a zip with too many parts, before its directory is read."""
    if size > MAX_FILE_BYTES:
        raise UserError(
            f"“{name}”有 {_size(size)}，超过了可导入的 {_size(MAX_FILE_BYTES)}。"
            "表格中如果插入了照片，请删除照片后另存再导入（照片可作为附件添加）；"
            f"否则{_SPLIT}"
        )
    try:
        end = zipfile._EndRecData(file)  # type: ignore[attr-defined]  # the count, nothing more
    except (OSError, ValueError):
        end = None
    file.seek(0)
    if end and end[zipfile._ECD_ENTRIES_TOTAL] > MAX_PARTS:  # type: ignore[attr-defined]  # as above
        raise UserError(f"“{name}”的内部结构异常（部件过多），无法导入。{_RESAVE}")


def check_package(archive: zipfile.ZipFile, name: str) -> None:
    """Refuse a package whose parts together unpack too big (a zip bomb).

    Python's zip reader never yields more than a part's recorded size, so the sizes in the
    directory are a true upper bound on what parsing will see.
    """
    unpacked = sum(part.file_size for part in archive.infolist())
    if unpacked > MAX_UNPACKED_BYTES:
        raise UserError(
            f"“{name}”解压后有 {_size(unpacked)}，超过了可导入的 {_size(MAX_UNPACKED_BYTES)}，"
            f"可能已损坏。{_RESAVE}"
        )


def _count_elements(archive: zipfile.ZipFile, part: str, limit: int) -> int:
    """Start tags in the unpacked part, counted without parsing, up to just past ``limit``."""
    count = 0
    with archive.open(part) as source:
        while (chunk := source.read(MB)) and count <= limit:
            count += chunk.count(b"<") - chunk.count(b"</") - chunk.count(b"<?")
            count -= chunk.count(b"<!")
    return count


# -- what one read may spend -----------------------------------------------------------
class ReadBudget:
    """What reading one workbook may still spend; a UserError says which limit ran out."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.started = time.monotonic()
        self.xml_bytes = 0
        self.rows = 0
        self.cells = 0
        self.elements = 0

    def spend_part(
        self, archive: zipfile.ZipFile, part: str, *, packed: bool = False, whole: int = 0
    ) -> None:
        """Charge an XML part about to be parsed: its unpacked size; with ``packed`` its
        compression ratio (sheets, shared strings); with ``whole`` (a part parsed whole)
        its number of elements."""
        info = archive.NameToInfo.get(part)
        if info is None:
            return  # openpyxl then says what is missing
        self.xml_bytes += info.file_size
        if self.xml_bytes > MAX_XML_BYTES:
            raise UserError(
                f"“{self.name}”的表格内容解压后超过了可导入的 {_size(MAX_XML_BYTES)}。{_SPLIT}"
            )
        ratio = info.file_size / max(info.compress_size, 1)
        if packed and info.file_size > RATIO_FLOOR_BYTES and ratio > MAX_XML_RATIO:
            raise UserError(
                f"“{self.name}”中的数据压缩比异常（{ratio:,.0f} 倍），"
                f"可能已损坏或是特意构造的文件，未导入。{_RESAVE}"
            )
        if whole and _count_elements(archive, part, whole) > whole:
            raise UserError(
                f"“{self.name}”中的内容过多或结构异常（超过 {whole:,} 项），无法导入。"
                f"{_RESAVE}如果表格确实很大，{_SPLIT}"
            )

    def check_time(self) -> None:
        if time.monotonic() - self.started > DEADLINE_SECONDS:
            raise UserError(
                f"读取“{self.name}”超过了 {DEADLINE_SECONDS:.0f} 秒，已停止，未导入任何数据。"
                f"表格可能过大或格式异常：{_EXTRA_CELLS}"
            )

    def _where(self, sheet: str | None) -> str:
        return f"“{self.name}”的工作表“{sheet}”" if sheet else f"“{self.name}”"

    def spend_elements(self, count: int, sheet: str | None) -> None:
        """Charge XML elements of ``sheet`` (None: the styles), and look at the clock."""
        self.elements += count
        if self.elements > MAX_ELEMENTS:
            raise UserError(
                f"{self._where(sheet)}中格式或空行过多（超过 {MAX_ELEMENTS:,} 项），"
                f"无法导入。{_EXTRA_CELLS}"
            )
        self.check_time()

    def too_much_at_once(self, sheet: str | None) -> UserError:
        return UserError(
            f"{self._where(sheet)}中有一行（或一处格式设置）内容过多，"
            f"可能已损坏，无法导入。{_RESAVE}"
        )

    def too_many_merged(self, sheet: str) -> UserError:
        return UserError(
            f"“{self.name}”的工作表“{sheet}”有超过 {MAX_MERGED:,} 处合并单元格，无法导入。"
            "请全选表格，取消单元格合并后再导入。"
        )

    def spend_cells(self, count: int) -> None:
        self.cells += count
        if self.cells > MAX_CELLS:
            raise UserError(
                f"“{self.name}”的单元格超过了一次可导入的 {MAX_CELLS:,} 个。{_EXTRA_CELLS}"
            )

    def spend_rows(self, count: int) -> None:
        self.rows += count
        if self.rows > MAX_ROWS:
            raise UserError(
                f"“{self.name}”的各工作表合计超过了一次可导入的 {MAX_ROWS:,} 行。{_SPLIT}"
            )

    def too_many_rows(self, sheet: str, row: int, claimed: int) -> UserError:
        """Row ``row`` has content past MAX_ROWS; ``claimed`` is the sheet's <dimension>."""
        count = f"有 {claimed:,} 行" if claimed >= row else f"第 {row:,} 行还有内容"
        return UserError(
            f"“{self.name}”的工作表“{sheet}”{count}，超过了可导入的 {MAX_ROWS:,} 行。"
            f"{_SPLIT}如果表格下方有误填的内容，请删除后再导入。"
        )
