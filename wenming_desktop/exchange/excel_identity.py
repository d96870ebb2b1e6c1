"""Which rows of a workbook are already in the ledger, and which may be the same activity.

A row's identity is its 记录编号 when the sheet has one, else a UUID derived from
everything the clerk wrote in it (normalised, the 工作板块 left out): importing the same
workbook again adds nothing whatever area each sheet is put into, and two rows differing
in anything (人次, 负责人, 内容 …) are two records.

Imports before this rule derived the UUID from the area, date, name and place
(:func:`~.excel_cells.derived_uuid`) and kept only the first of the rows sharing those.
Such entries are still recognised: by their content, or by that old UUID for any area —
the first row claiming it, in the workbook's order, is the one imported then.

Rows sharing date, name and place with another row or a live entry but differing
elsewhere are imported as records of their own and marked as suspected duplicates, for
the clerk to leave out in the preview.
"""

from __future__ import annotations

import dataclasses
import unicodedata
import uuid as uuid_module
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Protocol

from wenming_desktop.books.records import Area
from wenming_desktop.exchange.excel_cells import derived_uuid
from wenming_desktop.exchange.excel_model import ImportRow, Known, KnownEntry

#: Namespace of the UUIDs derived from a row's content (not of its area).
CONTENT_NAMESPACE = uuid_module.UUID("5d0c1e7a-93b4-4c8e-8f2d-4a6e0b9c7f13")

_SEPARATOR = "\x1f"  # never in a stored text: validation removes control characters
_CITED = 3  # rows named in a suspected duplicate's reason


class EntryLike(Protocol):
    """What is compared of a row or an entry: the stored values the clerk wrote."""

    @property
    def date(self) -> object: ...
    @property
    def end_date(self) -> object: ...
    @property
    def name(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def location(self) -> str: ...
    @property
    def organizer(self) -> str: ...
    @property
    def participants(self) -> int | None: ...
    @property
    def volunteer_hours(self) -> float | None: ...
    @property
    def content(self) -> str: ...
    @property
    def remarks(self) -> str: ...


def _plain(text: str) -> str:
    """Compared as: full-width folded, runs of blanks (line breaks too) as one space."""
    return " ".join(unicodedata.normalize("NFKC", text).split())


def _hours(value: float | None) -> str:
    return "" if value is None else f"{value:.4f}".rstrip("0").rstrip(".")


def _day(value: object) -> str:
    return "" if value is None else str(value)


def fingerprint(entry: EntryLike) -> str:
    """Everything the clerk wrote of an entry, normalised: equal for the same record."""
    return _SEPARATOR.join(
        (
            _day(entry.date),
            _day(entry.end_date),
            _plain(entry.name),
            _plain(entry.kind),
            _plain(entry.location),
            _plain(entry.organizer),
            "" if entry.participants is None else str(entry.participants),
            _hours(entry.volunteer_hours),
            _plain(entry.content),
            _plain(entry.remarks),
        )
    )


def content_uuid(entry: EntryLike) -> str:
    """The identity of a row without a 记录编号: stable, whatever its area."""
    return uuid_of(fingerprint(entry))


def uuid_of(printed: str) -> str:
    """The UUID of a :func:`fingerprint`."""
    return str(uuid_module.uuid5(CONTENT_NAMESPACE, printed))


def same_day(entry: EntryLike) -> tuple[str, str, str]:
    """Date, name and place: rows sharing them may be the same activity."""
    return (_day(entry.date), _plain(entry.name), _plain(entry.location))


def known_entry(uuid: str, entry: EntryLike, *, in_trash: bool) -> KnownEntry:
    return KnownEntry(uuid, fingerprint(entry), same_day(entry), in_trash)


def _where(rows: Sequence[ImportRow]) -> str:
    """“志愿服务台账”第 5、9 行 …: the rows cited, sheet by sheet."""
    by_sheet: dict[str, list[int]] = defaultdict(list)
    for row in rows[:_CITED]:
        by_sheet[row.sheet].append(row.row)
    parts = [
        f"“{sheet}”第 {'、'.join(map(str, numbers))} 行" for sheet, numbers in by_sheet.items()
    ]
    more = f"等 {len(rows)} 行" if len(rows) > _CITED else ""
    return "、".join(parts) + more


def sort_rows(
    candidates: list[ImportRow], known: Known | None, areas: Iterable[Area]
) -> tuple[list[ImportRow], list[ImportRow]]:
    """(rows to add, rows already in the ledger), each in the workbook's order; the rows to
    add that may be duplicates carry their reason."""
    if known is None or known.empty():
        return _mark_suspects(candidates, candidates, {}), []
    entries = known.entries({row.entry.date for row in candidates})
    by_uuid = {entry.uuid: entry for entry in entries}
    by_print = {entry.fingerprint: entry for entry in entries}
    found = known.uuids([row.uuid for row in candidates])
    present: dict[int, ImportRow] = {}  # index in candidates -> the row, with its note
    claimed: set[str] = set()  # entries a row was recognised as
    for index, row in enumerate(candidates):
        if row.uuid in found:
            entry = by_uuid.get(row.uuid)
            present[index] = _noted(row, "", entry)
            claimed.add(row.uuid)
        elif not row.numbered and (entry := by_print.get(_print_of(row))) is not None:
            present[index] = _noted(row, "内容与台账中的一条记录相同", entry)
            claimed.add(entry.uuid)
    _recognise_old_imports(candidates, present, claimed, known, list(areas), by_uuid)
    live: dict[tuple[str, str, str], set[str]] = defaultdict(set)  # day → fingerprints
    for entry in entries:
        if not entry.in_trash and entry.uuid not in claimed:
            live[entry.same_day].add(entry.fingerprint)
    new = [row for index, row in enumerate(candidates) if index not in present]
    return _mark_suspects(new, candidates, live), [present[i] for i in sorted(present)]


def _print_of(row: ImportRow) -> str:
    return row.fingerprint or fingerprint(row.entry)


def _noted(row: ImportRow, how: str, entry: KnownEntry | None) -> ImportRow:
    trash = "在回收站中" if entry is not None and entry.in_trash else ""
    note = "，".join(part for part in (how, trash) if part)
    return dataclasses.replace(row, note=f"{note}。" if note else "")


def _recognise_old_imports(
    candidates: list[ImportRow],
    present: dict[int, ImportRow],
    claimed: set[str],
    known: Known,
    areas: list[Area],
    by_uuid: dict[str, KnownEntry],
) -> None:
    """Rows imported before content identities: their UUID of area, date, name and place.

    The first row claiming such an entry (the one imported then, since changed perhaps)
    is present; the other rows that shared it were left out then and are added now."""
    if not areas:
        return
    old: dict[int, list[str]] = {}
    for index, row in enumerate(candidates):
        if index not in present and not row.numbered:
            old[index] = [derived_uuid(area, row.entry) for area in areas]
    found = known.uuids([uuid for uuids in old.values() for uuid in uuids])
    if not found:
        return
    for index, uuids in old.items():
        match = next((uuid for uuid in uuids if uuid in found and uuid not in claimed), None)
        if match is not None:
            claimed.add(match)
            how = "与早先从表格导入的记录相同（导入后可能修改过）"
            present[index] = _noted(candidates[index], how, by_uuid.get(match))


def _mark_suspects(
    new: list[ImportRow],
    every: list[ImportRow],
    live: dict[tuple[str, str, str], set[str]],
) -> list[ImportRow]:
    """``new`` with a reason on each row sharing date, name and place with another row of
    the workbook or a live entry: differing elsewhere, or (rows with a 记录编号) equal in
    everything but that number. Whether it is the same activity is the clerk's call."""
    groups: dict[tuple[str, str, str], list[ImportRow]] = defaultdict(list)
    for row in every:
        groups[same_day(row.entry)].append(row)
    marked: list[ImportRow] = []
    for row in new:
        key, mine = same_day(row.entry), _print_of(row)
        others = [other for other in groups[key] if other is not row]
        same = [other for other in others if _print_of(other) == mine]
        differing = [other for other in others if _print_of(other) != mine]
        if same:
            reason = f"与{_where(same)}内容完全相同，但记录编号不同。"
        elif differing:
            reason = f"与{_where(differing)}的日期、活动名称、地点相同，其余内容不同。"
        elif mine in live.get(key, ()):
            reason = "台账中已有一条内容完全相同的记录（记录编号不同）。"
        elif live.get(key):
            reason = "台账中已有日期、活动名称、地点相同的记录，其余内容不同。"
        else:
            marked.append(row)
            continue
        marked.append(dataclasses.replace(row, suspect=reason))
    return marked
