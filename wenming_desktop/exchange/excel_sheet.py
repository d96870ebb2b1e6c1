"""One sheet of an activity table: where its header is, and what each row under it is.

:class:`_SheetReader` finds the header row under any title rows, fills merged cells
down, and sorts every row into the plan as to import, refused (why) or skipped
(合计, a repeated header, a note).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping, Sequence
from typing import NamedTuple

from openpyxl.utils import get_column_letter

from wenming_desktop.books.draft import EntryDraft, validate
from wenming_desktop.books.records import Area
from wenming_desktop.errors import ValidationError
from wenming_desktop.exchange import excel_limits as limits
from wenming_desktop.exchange.excel_areas import named_area, title_area
from wenming_desktop.exchange.excel_book import SheetContent
from wenming_desktop.exchange.excel_cells import (
    _COUNT_SUFFIX,
    _EMPTY_MARKS,
    _HOURS_SUFFIX,
    FIELD_LABELS,
    _area_key,
    _cell,
    _count_text,
    _field_of,
    _filled,
    _first_sentence,
    _header_key,
    _iso,
    _plain,
    _record_number,
    _RowProblem,
    _sheet_year,
    _text,
    parse_date_cell,
    suggest_mapping,
)
from wenming_desktop.exchange.excel_export import SAMPLE_HEADER, SAMPLE_YES
from wenming_desktop.exchange.excel_identity import fingerprint, uuid_of
from wenming_desktop.exchange.excel_limits import MAX_COLUMNS as MAX_COLUMNS
from wenming_desktop.exchange.excel_model import (
    AreaSource,
    ImportPlan,
    ImportRow,
    RefusedRow,
    SheetReport,
    SkippedRow,
)
from wenming_desktop.store.search_index import strip_zero_width

HEADER_SCAN_ROWS = 15

#: Fields whose value, merged down over several rows, belongs to each of those rows.
_FILL_DOWN = frozenset({"date", "end_date", "kind", "location", "organizer", "area"})

_TOTAL_ROW = re.compile(r"^(?:本[年月季]|全年|年度)?(?:合计|小计|总计|共计)[:：]?$")
_NOTE_ROW = re.compile(r"^(?:注|说明|备注|填表|制表|审核|审批|负责人签字)")


_FORMULA = "公式单元格没有保存计算结果，请在 Excel 中打开并保存后再导入"


class ReaderOptions(NamedTuple):
    """How every sheet of one workbook is read (see ``excel_reading.read_workbook``).

    ``area``: for the rows of sheets that name none; ``areas``: the areas by the texts
    naming them exactly (``excel_areas.area_index``), ``area_list``: the areas;
    ``sheet_areas``: the area the clerk chose for a sheet (by its title), for all its rows.
    """

    year: int | None
    area: Area | None
    areas: dict[str, Area]
    mapping: dict[str, int] | None
    area_list: Sequence[Area] = ()
    sheet_areas: Mapping[str, Area] | None = None


class _SheetReader:
    """Sorts the rows of one sheet into the plan."""

    def __init__(
        self,
        title: str,
        content: SheetContent,
        plan: ImportPlan,
        options: ReaderOptions,
        epoch: dt.datetime,
    ) -> None:
        year, area, areas, mapping, area_list, sheet_areas = options
        self.plan, self.areas, self.epoch, self.merged = plan, areas, epoch, content.merged
        self.area_list = list(area_list) or list({a.id: a for a in areas.values()}.values())
        self.title = title
        self.formulas = content.formulas
        width = _used_width(content.rows, mapping)
        self.rows = [row[:width] + [None] * (width - len(row)) for row in content.rows]
        self.header, self.mapping, self.first_data = self._find_header(mapping)
        titles = self.rows[: self.header or 0]
        self.chosen_area = (sheet_areas or {}).get(title.strip())
        self.default_area = area
        self.sheet_area, self.sheet_area_from = self._sheet_area(titles)
        self._column_areas: dict[str, Area | None] = {}
        self.year = year or _sheet_year(self.title, titles, plan.path.stem)
        self.name_from_content = "name" not in self.mapping and "content" in self.mapping
        self.sample_column = self._sample_column()

    @property
    def has_content(self) -> bool:
        return any(_plain(cell) for row in self.rows for cell in row)

    def _find_header(
        self, mapping: dict[str, int] | None
    ) -> tuple[int | None, dict[str, int], int]:
        """(0-based header row or None, field → column, first data row)."""
        best, best_score = None, 0
        for index, row in enumerate(self.rows[:HEADER_SCAN_ROWS]):
            score = len(suggest_mapping(row))
            if score > best_score:
                best, best_score = index, score
        if mapping is not None:
            if best is None or best_score < 2:
                best = next((i for i, row in enumerate(self.rows) if any(map(_plain, row))), None)
            return best, dict(mapping), (best + 1 if best is not None else 0)
        if best is None or best_score < 2:
            return None, {}, 0
        found = suggest_mapping(self.rows[best])
        first_data = best + 1
        # A second header line under cells merged down (参与情况 → 人数 | 时长).
        if first_data < len(self.rows) and "date" in found:
            below = self.rows[first_data]
            if not _plain(_cell(below, found["date"])):
                extra = {
                    name: index
                    for index, cell in enumerate(below)
                    if index not in found.values()
                    and (name := _field_of(cell, exact_only=True)) is not None
                    and name not in found
                }
                if extra:
                    found.update(extra)
                    first_data += 1
        return best, found, first_data

    def _sample_column(self) -> int | None:
        """The 示例数据 column this app adds to its own workbooks (exact title only), or None.

        Not a field a clerk maps: a sheet's own 示例 column means something else."""
        if self.header is None:
            return None
        wanted = _header_key(SAMPLE_HEADER)
        header = self.rows[self.header]
        return next((i for i, cell in enumerate(header) if _header_key(cell) == wanted), None)

    def _sheet_area(self, titles: list[list[object]]) -> tuple[Area | None, AreaSource]:
        """The area the sheet's name, else its title rows, name (and where it was read)."""
        named = named_area(self.title, self.area_list, self.areas)
        if named is not None:
            return named, "name"
        titled = title_area(titles, self.area_list, self.areas)
        return (titled, "title") if titled is not None else (None, "")

    def report(self, note: str = "", *, read: bool = False) -> SheetReport:
        header = self.rows[self.header] if self.header is not None else []
        columns = {
            name: _text(_cell(header, index)).strip() for name, index in self.mapping.items()
        }
        area, source = self.area_of_sheet()
        first, mapped = self.first_data + 1, {index + 1 for index in self.mapping.values()}
        formulas = sum(
            len(columns & mapped)
            for number, columns in self.formulas.items()
            if first <= number <= len(self.rows) and any(map(_filled, self.rows[number - 1]))
        )
        if formulas and read:
            said = f"有 {formulas} 个公式单元格没有保存计算结果，所在的行未导入。"
            note = f"{note}{said}"
        return SheetReport(
            self.title,
            _one_based(self.header),
            columns,
            area.short_name if area else None,
            note,
            area.id if area else None,
            source,
            read,
            formulas,
        )

    def area_of_sheet(self) -> tuple[Area | None, AreaSource]:
        """The sheet's area and where it came from (None with "column": each row's own)."""
        if self.chosen_area is not None:
            return self.chosen_area, "chosen"
        if self.sheet_area is not None:
            return self.sheet_area, self.sheet_area_from
        if "area" in self.mapping:
            return None, "column"
        if self.default_area is not None:
            return self.default_area, "default"
        return None, ""

    def missing_columns(self) -> list[str]:
        needed = ["date"] + ([] if self.name_from_content else ["name"])
        return [FIELD_LABELS[name] for name in needed if name not in self.mapping]

    def fill_merged_down(self) -> None:
        """Give each row of a vertically merged date/place/… cell the cell's value."""
        columns = {index for name, index in self.mapping.items() if name in _FILL_DOWN}
        for merged in self.merged:
            column = merged.min_col - 1
            if column not in columns or not self.first_data < merged.min_row <= len(self.rows):
                continue  # not a data column, above the data, or below the last row read
            top = _cell(self.rows[merged.min_row - 1], column)
            for number in range(merged.min_row, min(merged.max_row, len(self.rows))):
                row = self.rows[number]
                row.extend([None] * (column + 1 - len(row)))
                row[column] = top

    def read(
        self, candidates: list[ImportRow], seen: dict[str, str], tick: Callable[[], None]
    ) -> None:
        self.fill_merged_down()
        for index in range(self.first_data, len(self.rows)):
            tick()
            cells = self.rows[index]
            number = index + 1
            filled = [cell for cell in cells if _filled(cell)]
            if not filled:
                continue  # blank rows are not worth mentioning
            skip = self._skip_reason(cells, filled)
            if skip:
                self.plan.skipped.append(SkippedRow(self.title, number, skip))
                continue
            uncached = self._uncached(number)
            if uncached:
                self._refuse(number, f"{_FORMULA}（{uncached}）。", cells)
                continue
            try:
                row = self._import_row(cells, number)
            except _RowProblem as problem:
                self._refuse(number, str(problem), cells)
                continue
            except ValidationError as error:
                self._refuse(number, "".join(error.problems.values()), cells)
                continue
            earlier = seen.get(row.uuid)
            if earlier is not None:
                same = "记录编号相同" if row.numbered else "内容完全相同"
                self.plan.skipped.append(
                    SkippedRow(self.title, number, f"与{earlier}{same}（同一条记录），只导入一次。")
                )
                continue
            seen[row.uuid] = f"“{self.title}”第 {number} 行"
            candidates.append(row)

    def _uncached(self, number: int) -> str:
        """The mapped cells of row ``number`` holding a formula without its result, named."""
        columns = self.formulas.get(number)
        if not columns:
            return ""
        return "、".join(
            f"“{FIELD_LABELS[name]}”{get_column_letter(index + 1)}{number}"
            for name, index in sorted(self.mapping.items(), key=lambda item: item[1])
            if index + 1 in columns
        )

    def _refuse(self, number: int, reason: str, cells: Sequence[object]) -> None:
        values = tuple(_text(cell).strip() for cell in cells)
        formulas = self.formulas.get(number, set())
        shown = {
            name: "（公式）" if index + 1 in formulas else _text(_cell(cells, index)).strip()
            for name, index in self.mapping.items()
        }
        self.plan.refused.append(RefusedRow(self.title, number, reason, values, shown))

    def _skip_reason(self, cells: Sequence[object], filled: list[object]) -> str:
        """Why a non-blank row is no activity (合计, a repeated header, a note), or ""."""
        short = (cell for cell in filled if isinstance(cell, str) and len(cell) <= 12)
        if any(_TOTAL_ROW.match(_plain(cell).replace(" ", "")) for cell in short):
            return "合计行，不是活动记录。"
        header = self.rows[self.header] if self.header is not None else []
        same = [i for i in self.mapping.values() if _filled(_cell(header, i))]
        if sum(1 for i in same if _cell(cells, i) == _cell(header, i)) >= 2:
            return "重复的表头行。"
        if len(filled) == 1 and _NOTE_ROW.match(_plain(filled[0])):
            return "说明文字，不是活动记录。"
        return ""

    def _value(self, cells: Sequence[object], name: str) -> object:
        index = self.mapping.get(name)
        return None if index is None else _cell(cells, index)

    def _short(self, cells: Sequence[object], name: str) -> str:
        """A short text as stored: no dash for “none”, no zero-width characters (as
        ``EntryBook`` saves text: invisible, they make a word unfindable)."""
        text = strip_zero_width(_text(self._value(cells, name)))
        return "" if text.strip() in ("/", "-", "—", "——") else text

    def _area(self, cells: Sequence[object]) -> Area:
        """The clerk's choice for the sheet, else the row's 工作板块 cell, else the area the
        sheet's name or title names, else the default."""
        if self.chosen_area is not None:
            return self.chosen_area
        named = _area_key(self._value(cells, "area"))
        if named:
            found = self._column_area(named)
            if found is None:
                names = "、".join(a.short_name for a in self.area_list)
                raise _RowProblem(f"没有名为“{named}”的工作板块（现有：{names}）。")
            return found
        if self.sheet_area is not None:
            return self.sheet_area
        if self.default_area is not None:
            return self.default_area
        raise _RowProblem(
            f"无法确定这一行属于哪个工作板块：请为工作表“{self.title}”选择工作板块，"
            "或在表格中加一列“工作板块”。"
        )

    def _column_area(self, named: str) -> Area | None:
        if named not in self._column_areas:
            found = self.areas.get(named) or named_area(named, self.area_list, self.areas)
            self._column_areas[named] = found
        return self._column_areas[named]

    def _import_row(self, cells: Sequence[object], number: int) -> ImportRow:
        area = self._area(cells)
        start, end = parse_date_cell(self._value(cells, "date"), self.year, epoch=self.epoch)
        end_cell = self._value(cells, "end_date")
        if _plain(end_cell).lower() not in _EMPTY_MARKS:
            start_date = start if isinstance(start, dt.date) else _iso(start)
            end, _ = parse_date_cell(
                end_cell,
                start_date.year if start_date else self.year,
                start_date.month if start_date else None,
                self.epoch,
            )
        name = self._short(cells, "name")
        if self.name_from_content and not name.strip():
            name = _first_sentence(_text(self._value(cells, "content")))
        draft = EntryDraft(
            area_id=area.id,
            date=start,
            end_date=end,
            name=strip_zero_width(name),
            kind=self._short(cells, "kind"),
            location=self._short(cells, "location"),
            organizer=self._short(cells, "organizer"),
            participants=_count_text(self._value(cells, "participants"), _COUNT_SUFFIX),
            volunteer_hours=_count_text(self._value(cells, "volunteer_hours"), _HOURS_SUFFIX),
            content=strip_zero_width(_text(self._value(cells, "content"))),
            remarks=strip_zero_width(_text(self._value(cells, "remarks"))),
        )
        entry = validate(draft)
        printed = fingerprint(entry)
        record_number = _record_number(self._value(cells, "uuid"))
        sample = self.sample_column is not None and (
            _plain(_cell(cells, self.sample_column)) == SAMPLE_YES
        )
        return ImportRow(
            self.title,
            number,
            draft,
            record_number or uuid_of(printed),
            entry,
            is_sample=sample,
            numbered=record_number is not None,
            fingerprint=printed,
        )


def _used_width(rows: list[list[object]], mapping: dict[str, int] | None) -> int:
    """Columns worth keeping: as far as the title and header rows (or the mapping) reach.

    A sheet whose far columns hold stray notes is not kept MAX_COLUMNS wide.
    """
    width = 0
    for row in rows[:HEADER_SCAN_ROWS]:
        filled = [index for index, cell in enumerate(row) if _filled(cell)]
        width = max(width, filled[-1] + 1 if filled else 0)
    if mapping:
        width = max(width, max(mapping.values()) + 1)
    return min(width or limits.MAX_COLUMNS, limits.MAX_COLUMNS)


def _one_based(index: int | None) -> int | None:
    return None if index is None else index + 1
