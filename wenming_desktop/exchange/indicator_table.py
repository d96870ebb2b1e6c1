"""Reading a 测评体系 table (Excel .xlsx or Word .docx) into an :class:`IndicatorSystem`.

A 文明办's table comes in a few shapes: 测评项目 and 测评内容 in columns of their own,
merged down their rows ("一、组织领导（10分）"), or one column where 项目 and 内容 are rows
of their own ("一、…", "（一）…") above numbered standards; title and 说明 rows above the
header; 加分项, 负面清单 and 一票否决 blocks and a 合计 row below. The reader finds the
header, says which column it took for what (``column_roles``, so a preview can let the
clerk correct it and read again) and lists in Chinese what does not add up. Nothing is
stored here.
"""

from __future__ import annotations

import os
import re
import warnings
import zipfile
from dataclasses import dataclass, field, replace
from pathlib import Path

from wenming_desktop.books.indicators import (
    Content,
    IndicatorSystem,
    Item,
    Standard,
    VetoItem,
    check_system,
    format_points,
)
from wenming_desktop.errors import UserError, describe_os_error
from wenming_desktop.exchange import excel_limits as limits
from wenming_desktop.exchange.excel_book import read_sheet
from wenming_desktop.exchange.excel_limits import ReadBudget
from wenming_desktop.exchange.excel_reading import open_workbook  # checked, bounded

#: The roles a column can have, in the order a preview lists them.
ROLES = ("code", "item", "content", "standard", "points", "method", "materials", "grade")
ROLE_LABELS = {
    "code": "编号",
    "item": "测评项目",
    "content": "测评内容",
    "standard": "测评标准",
    "points": "分值",
    "method": "测评方法",
    "materials": "材料报送要求",
    "grade": "评分档次",
}
_HEADER_SCAN_ROWS = 30
#: Rows a table may have: a 测评体系 has a few hundred; far more is some other table.
MAX_TABLE_ROWS = 5_000
_LEVELS = ("item", "content", "standard")

# Header words per role, looked up in this order (材料报送要求 before 标准, 标准分 before 标准).
_HEADER_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("materials", ("材料", "佐证", "台账要求", "报送")),
    ("method", ("方法", "方式")),
    ("grade", ("档次", "等级", "A档", "评分档")),
    ("points", ("分值", "分数", "标准分", "满分", "权重", "赋分")),
    ("standard", ("标准", "细则", "三级指标", "考核要求", "测评要求", "评分办法")),
    ("item", ("项目", "一级指标", "类别")),
    ("content", ("内容", "二级指标", "指标")),
    ("code", ("序号", "编号", "代码")),
)

_CN = "一二三四五六七八九十百"
_ROMAN = "ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩⅪⅫ"
_DASH = r"\-－—–"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_CODES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("standard", re.compile(rf"^([{_ROMAN}]+[{_DASH}]\d+[{_DASH}](?:[{_CIRCLED}]|\d+))[、.．\s]*")),
    ("content", re.compile(rf"^([{_ROMAN}]+[{_DASH}]\d+)(?![\d{_DASH}])[、.．\s]*")),
    ("item", re.compile(rf"^([{_ROMAN}]+)(?![{_DASH}{_ROMAN}])[、.．\s]*")),
    ("item", re.compile(rf"^([{_CN}]+)[、.．]\s*")),
    ("content", re.compile(rf"^([（(][{_CN}]+[）)])[、.．]?\s*")),
    ("standard", re.compile(r"^(\d+)[.．、](?!\d)\s*")),
    ("standard", re.compile(rf"^([{_CIRCLED}])[、.．]?\s*")),
    ("standard", re.compile(r"^([（(]\d+[）)])[、.．]?\s*")),
)
_INLINE_POINTS = re.compile(r"[（(]\s*(\d+(?:\.\d+)?)\s*分\s*[）)]\s*$")
_POINTS_CELL = re.compile(
    r"^(?:[+＋加扣减\-－−]|每[次项处个条]?[扣加减])?\s*(\d+(?:\.\d+)?)"
    r"(?:\s*[-－~～至]\s*(\d+(?:\.\d+)?))?\s*分?$"
)
_BONUS_POINTS = re.compile(r"(?:加|\+|＋)\s*(\d+(?:\.\d+)?)\s*分")
_DEDUCTION_POINTS = re.compile(r"(?:扣|减|-|－)\s*(\d+(?:\.\d+)?)\s*分")
_STATED = re.compile(
    r"(?:基本分|满分|总分|基础分|合计|总计)\s*(?:为|是|共|：|:)?\s*(\d+(?:\.\d+)?)\s*分"
)
_GRADED = re.compile(r"A\s*档.*B\s*档|[AＡ][、,，]?\s*[BＢ][、,，]?\s*[CＣ]\s*(?:三|3)\s*(?:个)?档")
_TOTAL_LABELS = {"合计", "总计", "总分", "合计分", "总计分"}
_NOTE = re.compile(r"^(?:说明|备注|注)(?:\s*[：:]|\s+\d|$)")


@dataclass(frozen=True, slots=True)
class IndicatorReading:
    """What a table reads as: the system, the columns taken for each role (0-based), the
    row the header was found on (1-based, 0 when none), that row's texts (what a preview
    shows above each column) and the problems (Chinese)."""

    system: IndicatorSystem
    column_roles: dict[str, int]
    header_row: int
    problems: tuple[str, ...]
    columns: tuple[str, ...] = ()


@dataclass(slots=True)
class _Cell:
    text: str
    raw: object = None  # the value as the file holds it (a number, or text with its lines)
    down: bool = False  # continues a vertical merge from the row above
    right: bool = False  # repeats a horizontal merge from the cell to the left
    paragraph: bool = False  # a Word paragraph outside the tables


_Row = list[_Cell]


# -- the file --------------------------------------------------------------------------
def read_indicator_table(
    path: Path, *, column_roles: dict[str, int] | None = None, header_row: int | None = None
) -> IndicatorReading:
    """The 测评体系 in ``path`` (.xlsx or .docx), or a UserError when it cannot be read.

    ``column_roles`` (role → 0-based column, roles from :data:`ROLES`) replaces the
    columns the header suggests, and ``header_row`` (1-based, 0 for none) the row found
    as the header, as a clerk corrects them in a preview. Rows above the header are read
    for the title and the 说明 only.
    """
    suffix = path.suffix.lower()
    if suffix == ".doc":
        raise UserError(
            f"“{path.name}”是旧版 Word（.doc）文件，不能直接读取。"
            "请在 Word 或 WPS 中打开它，“另存为” Word 文档（.docx）后再导入。"
        )
    tables = [_docx_rows(path)] if suffix in (".docx", ".docm") else _xlsx_tables(path)
    best: IndicatorReading | None = None
    for rows in tables:
        reading = _read_rows(rows, path.stem, column_roles, header_row)
        if reading.header_row or column_roles is not None:
            return reading
        best = best or reading
    assert best is not None
    return best


def _xlsx_tables(path: Path) -> list[list[_Row]]:
    budget = ReadBudget(path.name)
    tables: list[list[_Row]] = []
    with open_workbook(path, budget) as book:
        for title, part in book.sheets:
            try:
                content = read_sheet(book, title, part, budget)
            except UserError:
                raise
            except Exception as error:  # a damaged sheet
                raise UserError(f"“{path.name}”已损坏，无法读取工作表“{title}”。") from error
            _check_rows(path, len(content.rows))
            width = max((len(row) for row in content.rows), default=0)
            grid = [
                [_Cell(_text(value), value) for value in row]
                + [_Cell("") for _ in range(width - len(row))]
                for row in content.rows
            ]
            for area in content.merged:
                _fill(grid, area.min_row - 1, area.min_col - 1, area.max_row - 1, area.max_col - 1)
            tables.append(grid)
    return tables or [[]]


def _check_rows(path: Path, count: int) -> None:
    if count > MAX_TABLE_ROWS:
        raise UserError(
            f"“{path.name}”的表格有 {count} 行，不像一份测评体系（通常只有几百行）。"
            "请检查是否选错了文件。"
        )


def _fill(grid: list[_Row], top: int, left: int, bottom: int, right: int) -> None:
    """Copy a merged area's top-left value over the area (openpyxl keeps it only there)."""
    if top >= len(grid) or left >= len(grid[top]):
        return
    origin = grid[top][left]
    for r in range(top, min(bottom, len(grid) - 1) + 1):
        row = grid[r]
        for c in range(left, min(right, len(row) - 1) + 1):
            if r == top and c == left:
                continue
            row[c] = _Cell(origin.text, origin.raw, down=r > top, right=r == top)


def _docx_rows(path: Path) -> list[_Row]:
    """The document's paragraphs and table rows in reading order, its tables one after another."""
    import docx
    from docx.table import Table

    try:
        with path.open("rb") as file:
            size = os.fstat(file.fileno()).st_size
            if not size or not zipfile.is_zipfile(file):
                raise UserError(f"“{path.name}”不是 Word 文档（.docx），或者文件已损坏。")
            limits.check_file(file, size, path.name)
            with zipfile.ZipFile(file) as archive:
                limits.check_package(archive, path.name)
                xml = sum(i.file_size for i in archive.infolist() if i.filename.endswith(".xml"))
                if xml > limits.MAX_XML_BYTES:
                    raise UserError(f"“{path.name}”的内容太多，不像一份测评体系，无法读取。")
            file.seek(0)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                document = docx.Document(file)
    except UserError:
        raise
    except OSError as error:
        raise UserError(f"无法读取“{path.name}”：{describe_os_error(error)}。") from error
    except Exception as error:  # python-docx raises many kinds for damaged packages
        raise UserError(f"“{path.name}”不是 Word 文档（.docx），或者文件已损坏。") from error
    rows: list[_Row] = []
    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            text = _text(
                "".join(node.text or "" for node in child.iter() if node.tag.endswith("}t"))
            )
            if text:
                rows.append([_Cell(text, paragraph=True)])
        elif tag == "tbl":
            above: list[object] = []
            for row in Table(child, document).rows:
                cells: _Row = []
                elements: list[object] = []
                for index, cell in enumerate(row.cells):
                    tc = cell._tc
                    cells.append(
                        _Cell(
                            _text(cell.text),
                            cell.text,
                            down=index < len(above) and above[index] is tc,
                            right=bool(elements) and elements[-1] is tc,
                        )
                    )
                    elements.append(tc)
                above = elements
                rows.append(cells)
                _check_rows(path, len(rows))
    return rows


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return format_points(value)
    return re.sub(r"\s+", " ", str(value).replace("\u3000", " ")).strip()


# -- the header ------------------------------------------------------------------------
def _role_of(text: str) -> str | None:
    key = re.sub(r"[\s　]", "", text)
    if not key or len(key) > 14:
        return None
    for role, words in _HEADER_WORDS:
        if any(word in key for word in words):
            return role
    return None


def _header_roles(row: _Row) -> dict[str, int]:
    roles: dict[str, int] = {}
    for index, cell in enumerate(row):
        if cell.right or cell.down:
            continue
        role = _role_of(cell.text)
        if role and role not in roles:
            roles[role] = index
    return roles


def _find_header(rows: list[_Row]) -> tuple[int, dict[str, int]]:
    """The header's index and its roles; (-1, {}) when no row looks like one."""
    best, best_roles = -1, dict[str, int]()
    for index, row in enumerate(rows[:_HEADER_SCAN_ROWS]):
        roles = _header_roles(row)
        levels = any(role in roles for role in _LEVELS)
        if len(roles) >= 2 and levels and len(roles) > len(best_roles):
            best, best_roles = index, roles
    return best, best_roles


# -- the rows --------------------------------------------------------------------------
@dataclass(slots=True)
class _Builder:
    """The tree as rows add to it."""

    name: str
    items: list[tuple[Item, list[tuple[Content, list[Standard]]]]] = field(default_factory=list)
    bonus: list[Standard] = field(default_factory=list)
    deductions: list[Standard] = field(default_factory=list)
    veto: list[VetoItem] = field(default_factory=list)
    block: str = "base"
    table_total: float | None = None
    note_total: float | None = None
    graded: bool = False
    titled: bool = False
    problems: list[str] = field(default_factory=list)

    def add(self, level: str, code: str, text: str, points: float | None, extra: _Extra) -> None:
        if self.block == "veto":
            self.veto.append(VetoItem(code, text))
            return
        if self.block in ("bonus", "deductions"):
            pattern = _BONUS_POINTS if self.block == "bonus" else _DEDUCTION_POINTS
            if points is None and (found := pattern.search(text)):
                points = float(found.group(1))
            standard = Standard(code, text, points, extra.method, extra.materials)
            (self.bonus if self.block == "bonus" else self.deductions).append(standard)
            return
        if level == "item":
            last = self.items[-1][0] if self.items else None
            if not (
                last and (last.code, last.text) == (code, text) and points in (None, last.points)
            ):
                self.items.append((Item(code, text, points), []))  # not a repeated item cell
            return
        if not self.items:
            self.items.append((Item("", ""), []))
        contents = self.items[-1][1]
        if level == "content":
            last_content = contents[-1][0] if contents else None
            if not (
                last_content
                and (last_content.code, last_content.text) == (code, text)
                and points in (None, last_content.points)
            ):
                contents.append((Content(code, text, points), []))
            return
        if not contents:
            contents.append((Content("", ""), []))
        contents[-1][1].append(Standard(code, text, points, extra.method, extra.materials))

    def system(self) -> IndicatorSystem:
        items = tuple(
            replace(item, contents=tuple(replace(c, standards=tuple(s)) for c, s in contents))
            for item, contents in self.items
        )
        stated = self.table_total if self.table_total is not None else self.note_total
        return IndicatorSystem(
            name=self.name,
            items=items,
            bonus=tuple(self.bonus),
            veto=tuple(self.veto),
            deductions=tuple(self.deductions),
            stated_total=stated,
            graded=self.graded,
        )


@dataclass(frozen=True, slots=True)
class _Extra:
    method: str = ""
    materials: str = ""


def _read_rows(
    rows: list[_Row], stem: str, column_roles: dict[str, int] | None, header_row: int | None
) -> IndicatorReading:
    header, roles = _find_header(rows)
    if header_row is not None:
        header = min(max(header_row, 0), len(rows)) - 1
    if column_roles is not None:
        unknown = set(column_roles) - set(ROLES)
        if unknown:
            raise ValueError(f"unknown column roles: {sorted(unknown)}")
        roles = dict(column_roles)
    builder = _Builder(stem)
    if not roles or not any(role in roles for role in _LEVELS):
        builder.problems.append(
            "没有找到表头：表格中应有“测评项目”“测评内容”“测评标准”“分值”等列名。"
            "请检查表格，或在预览中指定各列的用途。"
        )
        for row in rows:
            _note(builder, row)
        return _reading(builder, roles, header, rows)
    header_texts = {c.text for c in rows[header]} if header >= 0 else set()
    builder.graded = "grade" in roles or any(re.search(r"[AＡ]\s*档", t) for t in header_texts)
    for index, row in enumerate(rows):
        if index < header:
            _preamble(builder, row)
            continue
        if index == header:
            continue
        if header >= 0 and {c.text for c in row} == header_texts:
            continue  # the header repeated on a later page
        _data_row(builder, row, roles, index + 1)
    return _reading(builder, roles, header, rows)


def _reading(
    builder: _Builder, roles: dict[str, int], header: int, rows: list[_Row]
) -> IndicatorReading:
    system = builder.system()
    problems = tuple(builder.problems) + check_system(system)
    table, note = builder.table_total, builder.note_total
    if table is not None and note is not None and abs(table - note) > 1e-6:
        problems += (
            f"合计行写的是 {format_points(table)} 分，说明中写的是 {format_points(note)} 分。",
        )
    system = replace(system, problems=problems)
    columns = tuple(c.text for c in rows[header]) if 0 <= header < len(rows) else ()
    return IndicatorReading(system, dict(roles), header + 1, problems, columns)


def _single_text(row: _Row) -> str | None:
    texts = {c.text for c in row if c.text and not c.down and not c.right}
    return texts.pop() if len(texts) == 1 else None


def _note(builder: _Builder, row: _Row) -> bool:
    """Take a 说明 (or title) row's 基本分 and A/B/C grading; True when the row is a 说明."""
    text = " ".join(c.text for c in row if c.text and not c.right)
    if _GRADED.search(text):
        builder.graded = True
    if (found := _STATED.search(text)) and builder.note_total is None:
        builder.note_total = float(found.group(1))
    return bool(_NOTE.match(text))


def _preamble(builder: _Builder, row: _Row) -> None:
    """A row above the header: the title (the first short row of one text) or a 说明."""
    is_note = _note(builder, row)
    text = _single_text(row)
    if text and not is_note and len(text) <= 60 and not builder.titled:
        builder.name = text
        builder.titled = True


def _block_of(text: str) -> str | None:
    key = re.sub(r"[\s　：:]", "", text)
    key = re.sub(r"[（(].*?[）)]$", "", key)
    if len(key) > 30:
        return None
    if key.startswith(("一票否决", "否决项")):
        return "veto"
    if key.startswith(("负面清单", "扣分项", "减分项", "扣分")):
        return "deductions"
    if key.startswith(("加分项", "加分", "附加分", "奖励加分")):
        return "bonus"
    return None


def _split_code(text: str, role: str, by_code: bool) -> tuple[str, str, str]:
    """(level, code, rest): the code as written and, where codes decide, its level."""
    for level, pattern in _CODES:
        if found := pattern.match(text):
            rest = text[found.end() :].strip()
            if rest or level != "item":
                return (level if by_code else role), found.group(1), rest
    return role, "", text


def _points(value: _Cell, row_number: int, builder: _Builder) -> float | None:
    raw = value.raw
    if isinstance(raw, bool):
        raw = None
    if isinstance(raw, int | float):
        return abs(float(raw))
    text = value.text.replace(" ", "")
    if not text:
        return None
    if found := _POINTS_CELL.match(text):
        return float(found.group(2) or found.group(1))
    builder.problems.append(f"第 {row_number} 行的分值“{value.text}”不是数字。")
    return None


def _paragraph(builder: _Builder, text: str) -> None:
    """A Word paragraph below the header: a block's heading or, inside a 加分项, 负面清单 or
    一票否决 block, one numbered entry of it; other paragraphs (signatures, dates) are not
    part of the system."""
    _, code, rest = _split_code(text, "standard", True)
    if block := _block_of(rest):
        builder.block = block
    elif builder.block != "base" and code:
        builder.add("standard", code, rest, None, _Extra())


def _data_row(builder: _Builder, row: _Row, roles: dict[str, int], number: int) -> None:
    def cell(role: str) -> _Cell:
        index = roles.get(role, -1)
        return row[index] if 0 <= index < len(row) else _Cell("")

    single = _single_text(row)
    if single is not None:
        if _note(builder, row):
            return
        key = re.sub(r"[\s　]", "", single)
        if any(key.startswith(label) for label in _TOTAL_LABELS):
            if found := re.search(r"(\d+(?:\.\d+)?)", key):
                builder.table_total = float(found.group(1))
            return
        if row[0].paragraph:
            _paragraph(builder, single)
            return
    levels = [role for role in _LEVELS if role in roles]
    columns = {roles[role] for role in levels}
    by_code = len(columns) < 3  # with all three levels in columns of their own, columns decide
    elements: list[_Element] = []
    several: list[_Element] = []
    seen: set[str] = set()
    for role in levels:
        c = cell(role)
        if not c.text or c.down or c.right or c.text in seen:
            continue
        seen.add(c.text)
        key = re.sub(r"[\s　]", "", c.text)
        if any(key.startswith(label) for label in _TOTAL_LABELS):
            total = cell("points")
            points = _points(total, number, builder) if total.text else None
            if points is None and (m := re.search(r"(\d+(?:\.\d+)?)", key)):
                points = float(m.group(1))
            builder.table_total = points
            return
        if lines := _several_standards(c):
            several = lines
            elements += lines
            continue
        level, code, text, inline = _element(c.text, role, by_code)
        if level != "standard" and (block := _block_of(text)):
            builder.block = block
            continue
        elements.append((level, code, text, inline))
    if not elements:
        return
    if (code_cell := cell("code")).text and not code_cell.down and not elements[-1][1]:
        level, _, text, inline = elements[-1]
        code = re.sub(r"[、.．\s]+$", "", code_cell.text)
        written, _, _ = _split_code(f"{code}、x", level, by_code)  # its level, where codes decide
        elements[-1] = (written, code, text, inline)
    column_points = None
    if (points_cell := cell("points")).text and not (points_cell.down or points_cell.right):
        column_points = _points(points_cell, number, builder)
    extra = _Extra(*(c.text if not c.right else "" for c in (cell("method"), cell("materials"))))
    # The 分值 cell scores the row's deepest entry; with several standards in one cell, the
    # entry above them (each standard then carries its own points, if any, in its text).
    takes = len(elements) - 1
    if several:
        takes = max((i for i, e in enumerate(elements) if e[0] != "standard"), default=-1)
    for position, (level, code, text, inline) in enumerate(elements):
        points = inline
        if position == takes and points is None:
            points = column_points
        builder.add(level, code, text, points, extra)


_Element = tuple[str, str, str, float | None]  # level, code, text, points written in the text


def _element(written: str, role: str, by_code: bool) -> _Element:
    level, code, text = _split_code(written, role, by_code)
    inline = None
    if m := _INLINE_POINTS.search(text):
        inline = float(m.group(1))
        text = text[: m.start()].strip()
    return level, code, text, inline


def _several_standards(cell: _Cell) -> list[_Element]:
    """A cell holding several numbered standards, one a line ("1. …（2分）\n2. …")."""
    if not isinstance(cell.raw, str) or "\n" not in cell.raw:
        return []
    lines = [text for line in cell.raw.splitlines() if (text := _text(line))]
    if len(lines) < 2:
        return []
    elements = [_element(line, "standard", True) for line in lines]
    if all(level == "standard" and code for level, code, _, _ in elements):
        return elements
    return []
