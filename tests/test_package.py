"""Exchange packages: a year of entries with attachments from one PC to another, merged by
UUID; hostile or broken packages are refused and write nothing."""

from __future__ import annotations

import hashlib
import json
import re
import stat
import subprocess
import sys
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from wenming_desktop.books.draft import EntryDraft
from wenming_desktop.books.query import EntryQuery
from wenming_desktop.errors import UserError
from wenming_desktop.exchange import package
from wenming_desktop.exchange.package import (
    Action,
    PackageCancelled,
    apply_package,
    limits,
    read_package,
    write_package,
)
from wenming_desktop.ledger import Ledger
from wenming_desktop.store.models import Entry
from wenming_desktop.work import Steps

CHINESE = re.compile(r"[\u4e00-\u9fff]")
PHOTO = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40
SIGN_SHEET = "签到表\n张三\n李四\n".encode() * 50


# -- fixtures and helpers ------------------------------------------------------------------
@pytest.fixture
def source(tmp_path: Path) -> Iterator[Ledger]:
    """The sending PC: the 2019 sample ledger, two entries with attachments."""
    opened = Ledger.open(tmp_path / "source")
    opened.load_sample()
    photo, sheet = tmp_path / "现场照片.png", tmp_path / "签到表.txt"
    photo.write_bytes(PHOTO)
    sheet.write_bytes(SIGN_SHEET)
    first, second = opened.entries.rows(EntryQuery(year=2019))[:2]
    opened.entries.update(first.id, draft_of(opened, first.id), add_files=[photo, sheet])
    opened.entries.update(second.id, draft_of(opened, second.id), add_files=[photo])
    yield opened
    opened.close()


@pytest.fixture
def target(ledger: Ledger) -> Ledger:
    """The receiving PC: an empty data folder."""
    return ledger


def draft_of(ledger: Ledger, entry_id: int, **changes: Any) -> EntryDraft:
    detail = ledger.entries.get(entry_id)
    assert detail is not None
    draft = EntryDraft.from_detail(detail)
    for key, value in changes.items():
        setattr(draft, key, value)
    return draft


def pack(ledger: Ledger, path: Path, **selection: Any) -> Path:
    write_package(ledger, path, **selection)
    return path


def import_package(ledger: Ledger, path: Path) -> package.MergeResult:
    return apply_package(ledger, read_package(path, ledger))


def snapshot(ledger: Ledger) -> dict[str, tuple[Any, ...]]:
    """Every entry (trash included) by UUID, with its area's UUID instead of the local id."""
    areas = {area.id: area.uuid for area in ledger.areas.all()}
    found = {}
    for in_trash in (False, True):
        for detail in ledger.entries.details(EntryQuery(in_trash=in_trash)):
            found[detail.uuid] = (
                areas[detail.area_id],
                detail.date,
                detail.end_date,
                detail.name,
                detail.kind,
                detail.location,
                detail.organizer,
                detail.participants,
                detail.volunteer_hours,
                detail.content,
                detail.remarks,
                detail.is_sample,
                detail.created_at,
                detail.updated_at,
                detail.deleted_at,
                tuple((a.sha256, a.file_name, a.size) for a in detail.attachments),
            )
    return found


def entry_count(ledger: Ledger) -> int:
    with ledger.database.reading() as session:
        return session.scalar(select(func.count(Entry.id))) or 0


def stored_files(ledger: Ledger) -> list[Path]:
    return sorted(path for path in ledger.folder.attachments.rglob("*") if path.is_file())


def by_uuid(ledger: Ledger, uuid: str):
    for in_trash in (False, True):
        for detail in ledger.entries.details(EntryQuery(in_trash=in_trash)):
            if detail.uuid == uuid:
                return detail
    return None


def zip_members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def write_zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            info = zipfile.ZipInfo(name)  # a ZipInfo keeps the name exactly as given
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    return path


def rewrite(
    path: Path,
    change_entries: Callable[[list[dict[str, Any]]], None] | None = None,
    change_manifest: Callable[[dict[str, Any]], None] | None = None,
    *,
    fix_hash: bool = True,
) -> Path:
    """Edit a valid package's JSON (keeping the manifest's hash right unless told not to)."""
    members = zip_members(path)
    data = json.loads(members["entries.json"])
    manifest = json.loads(members["manifest.json"])
    if change_entries:
        change_entries(data["entries"])
        members["entries.json"] = json.dumps(data, ensure_ascii=False).encode()
        manifest["counts"]["entries"] = len(data["entries"])
    if fix_hash:
        manifest["entries_sha256"] = hashlib.sha256(members["entries.json"]).hexdigest()
    if change_manifest:
        change_manifest(manifest)
    members["manifest.json"] = json.dumps(manifest).encode()
    return write_zip(path, members)


# -- round trip and merging ----------------------------------------------------------------
def test_round_trip_carries_entries_fields_uuids_and_attachment_bytes(
    source: Ledger, target: Ledger, tmp_path: Path
) -> None:
    path = pack(source, tmp_path / "2019.zip", year=2019)
    names = list(zip_members(path))
    assert names[:2] == ["manifest.json", "entries.json"]
    assert sorted(names[2:]) == names[2:] and len(names[2:]) == 2  # the photo is packed once
    manifest = json.loads(zip_members(path)["manifest.json"])
    assert (manifest["format"], manifest["format_version"], manifest["source_unit"]) == (
        "wenming-package",
        1,
        "区总工会",
    )
    assert manifest["counts"]["attachment_files"] == 2

    plan = read_package(path, target)
    assert plan.count(Action.ADD) == len(snapshot(source)) and not plan.refusals
    assert plan.describe().startswith("来自“区总工会”的交换包：将新增")
    result = apply_package(target, plan)

    assert result.added == len(snapshot(source)) and result.files_copied == 2
    assert result.describe().startswith(f"新增 {result.added} 条")
    assert snapshot(target) == snapshot(source)
    some = source.entries.details(EntryQuery())[5]
    found = target.entries.rows(EntryQuery(text=some.name[:4]))  # merged through the triggers
    assert some.uuid in {row.uuid for row in found}
    for detail in target.entries.details(EntryQuery()):
        for attachment in detail.attachments:
            data = target.entries.attachment_path(attachment).read_bytes()
            assert data in (PHOTO, SIGN_SHEET)
            assert hashlib.sha256(data).hexdigest() == attachment.sha256


def test_attachment_with_an_unusual_suffix(source: Ledger, target: Ledger, tmp_path: Path) -> None:
    odd = tmp_path / "会议通知.文档"
    odd.write_bytes(b"notice")
    row = source.entries.rows(EntryQuery(year=2019))[7]
    source.entries.update(row.id, draft_of(source, row.id), add_files=[odd])
    import_package(target, pack(source, tmp_path / "p.zip", entry_ids=[row.id]))
    (attachment,) = by_uuid(target, row.uuid).attachments
    assert attachment.file_name == "会议通知.文档"
    assert target.entries.attachment_path(attachment).read_bytes() == b"notice"


def test_packing_is_deterministic_in_content_and_order(source: Ledger, tmp_path: Path) -> None:
    first = zip_members(pack(source, tmp_path / "a.zip", year=2019))
    second = zip_members(pack(source, tmp_path / "b.zip", year=2019))
    assert list(first) == list(second)
    assert first["entries.json"] == second["entries.json"]


def test_selected_entries_only(source: Ledger, target: Ledger, tmp_path: Path) -> None:
    rows = source.entries.rows(EntryQuery(year=2019))
    chosen = [rows[0].id, rows[5].id]
    summary = write_package(source, tmp_path / "two.zip", entry_ids=chosen)
    assert (summary.entries, summary.attachments) == (2, 2)
    import_package(target, tmp_path / "two.zip")
    assert set(snapshot(target)) == {rows[0].uuid, rows[5].uuid}


def test_nothing_to_pack_is_refused(source: Ledger, tmp_path: Path) -> None:
    with pytest.raises(UserError, match="没有记录"):
        write_package(source, tmp_path / "empty.zip", year=2001)
    assert not (tmp_path / "empty.zip").exists()


def test_missing_attachment_file_is_refused_unless_left_out(source: Ledger, tmp_path: Path) -> None:
    for path in stored_files(source):
        path.unlink()
    with pytest.raises(UserError, match="附件") as caught:
        write_package(source, tmp_path / "x.zip", year=2019)
    assert "有 3 个附件文件在数据文件夹中找不到" in str(caught.value)
    assert "现场照片.png" in str(caught.value) and "没有生成交换包" in str(caught.value)
    assert not (tmp_path / "x.zip").exists()


def test_importing_twice_changes_nothing(source: Ledger, target: Ledger, tmp_path: Path) -> None:
    path = pack(source, tmp_path / "2019.zip", year=2019)
    import_package(target, path)
    before = snapshot(target)
    plan = read_package(path, target)
    assert plan.count(Action.UNCHANGED) == len(before) and not plan.conflicts
    again = apply_package(target, plan)
    assert (again.added, again.updated, again.unchanged, again.files_copied) == (
        0,
        0,
        len(before),
        0,
    )
    assert snapshot(target) == before and entry_count(target) == len(before)


def test_newer_edit_wins_in_both_directions(source: Ledger, target: Ledger, tmp_path: Path) -> None:
    import_package(target, pack(source, tmp_path / "first.zip", year=2019))
    rows = source.entries.rows(EntryQuery(year=2019))
    x, y = rows[2], rows[3]
    local_x = {d.uuid: d.id for d in target.entries.details(EntryQuery())}[x.uuid]

    source.entries.update(x.id, draft_of(source, x.id, name="甲机修改（较早）"))
    target.entries.update(local_x, draft_of(target, local_x, name="乙机修改（较晚）"))
    source.entries.update(y.id, draft_of(source, y.id, participants=99))

    result = import_package(target, pack(source, tmp_path / "second.zip", year=2019))
    assert (result.updated, result.kept_local) == (1, 1)
    assert by_uuid(target, x.uuid).name == "乙机修改（较晚）"
    assert by_uuid(target, y.uuid).participants == 99
    conflicts = {c.uuid: c for c in result.conflicts}
    assert set(conflicts) == {x.uuid, y.uuid}
    assert conflicts[x.uuid].winner == "local" and conflicts[x.uuid].fields == ("活动名称",)
    assert conflicts[x.uuid].local_changed_at > conflicts[x.uuid].incoming_changed_at
    assert conflicts[y.uuid].winner == "incoming" and conflicts[y.uuid].fields == ("参加人数",)
    assert conflicts[y.uuid].incoming_changed_at > conflicts[y.uuid].local_changed_at

    # The other way round: the newer edit made on the receiving PC now wins over there too.
    back = import_package(source, pack(target, tmp_path / "back.zip", year=2019))
    assert back.updated == 1 and by_uuid(source, x.uuid).name == "乙机修改（较晚）"
    assert snapshot(source) == snapshot(target)


def test_deletion_and_restore_travel(source: Ledger, target: Ledger, tmp_path: Path) -> None:
    import_package(target, pack(source, tmp_path / "first.zip", year=2019))
    row = source.entries.rows(EntryQuery(year=2019))[4]
    source.entries.move_to_trash([row.id])

    result = import_package(target, pack(source, tmp_path / "deleted.zip", year=2019))
    assert result.updated == 1 and result.conflicts[0].fields == ("回收站",)
    assert by_uuid(target, row.uuid).deleted_at is not None
    assert row.uuid not in {r.uuid for r in target.entries.rows(EntryQuery())}

    local_id = by_uuid(target, row.uuid).id
    target.entries.restore([local_id])
    import_package(source, pack(target, tmp_path / "restored.zip", year=2019))
    assert by_uuid(source, row.uuid).deleted_at is None


def test_entries_of_an_unknown_area_are_refused_with_the_reason(
    source: Ledger, target: Ledger, tmp_path: Path
) -> None:
    path = pack(source, tmp_path / "2019.zip", year=2019)

    def foreign_area(entries: list[dict[str, Any]]) -> None:
        entries[0]["area"] = {
            "uuid": "00000000-0000-4000-8000-000000000099",
            "short_name": "测评体系",
            "heading": "对照测评体系，逐项落实",
        }
        # Renamed on the sending PC but same UUID: still matched.
        entries[1]["area"]["short_name"] = "改了名的板块"
        # Unknown UUID, known short name: matched by name.
        entries[2]["area"]["uuid"] = "00000000-0000-4000-8000-000000000077"

    rewrite(path, foreign_area)
    refused_uuid = json.loads(zip_members(path)["entries.json"])["entries"][0]["uuid"]
    plan = read_package(path, target)
    assert [r.uuid for r in plan.refusals] == [refused_uuid]
    assert "本机没有工作板块“测评体系”" in plan.refusals[0].reason
    result = apply_package(target, plan)
    assert result.added == len(plan.items) - 1 and len(result.refused) == 1
    assert refused_uuid not in snapshot(target)


def test_invalid_values_are_refused_one_by_one(
    source: Ledger, target: Ledger, tmp_path: Path
) -> None:
    path = pack(source, tmp_path / "2019.zip", year=2019)

    def spoil(entries: list[dict[str, Any]]) -> None:
        entries[0]["participants"] = "很多"
        entries[1]["name"] = ""
        entries[2]["uuid"] = "not-a-uuid"
        entries[3]["date"] = ["2019-01-01"]

    rewrite(path, spoil)
    result = import_package(target, path)
    reasons = " ".join(r.reason for r in result.refused)
    assert len(result.refused) == 4
    assert "参加人数" in reasons and "活动名称" in reasons and "UUID" in reasons
    assert "日期" in reasons
    assert result.added == entry_count(target) == len(snapshot(source)) - 4


# -- the clerk's choice when both PCs changed an entry -------------------------------------
def both_changed(source: Ledger, target: Ledger, tmp_path: Path) -> tuple[Any, Any, Path]:
    """x: changed on both PCs, the receiving PC last; y: changed on both, the sending PC last.
    Returns x, y (rows of the sending PC) and the package carrying the sending PC's versions."""
    import_package(target, pack(source, tmp_path / "first.zip", year=2019))
    rows = source.entries.rows(EntryQuery(year=2019))
    x, y = rows[2], rows[3]
    local = {d.uuid: d.id for d in target.entries.details(EntryQuery())}
    source.entries.update(x.id, draft_of(source, x.id, name="甲机修改（较早）"))
    target.entries.update(local[x.uuid], draft_of(target, local[x.uuid], name="乙机修改（较晚）"))
    target.entries.update(local[y.uuid], draft_of(target, local[y.uuid], participants=7))
    source.entries.update(y.id, draft_of(source, y.id, participants=99, remarks="甲机补充"))
    return x, y, pack(source, tmp_path / "second.zip", year=2019)


def test_a_conflict_shows_each_sides_values_and_times(
    source: Ledger, target: Ledger, tmp_path: Path
) -> None:
    x, y, path = both_changed(source, target, tmp_path)
    conflicts = {c.uuid: c for c in read_package(path, target).conflicts}
    assert (conflicts[x.uuid].newer, conflicts[y.uuid].newer) == ("local", "incoming")
    assert conflicts[x.uuid].winner == "local" and not conflicts[x.uuid].older_kept
    (name,) = conflicts[x.uuid].differences
    assert (name.label, name.local, name.incoming) == (
        "活动名称",
        "乙机修改（较晚）",
        "甲机修改（较早）",
    )
    shown = {d.label: (d.local, d.incoming) for d in conflicts[y.uuid].differences}
    assert shown["参加人数"] == ("7", "99")
    assert shown["成效/备注"][1] == "甲机补充"


def test_choosing_the_older_incoming_version_writes_it_and_sticks(
    source: Ledger, target: Ledger, tmp_path: Path
) -> None:
    x, _y, path = both_changed(source, target, tmp_path)
    plan = read_package(path, target)
    assert "更新 1 条" in plan.describe() and "更新 2 条" in plan.describe({x.uuid: "incoming"})
    (conflict,) = [c for c in plan.conflicts if c.uuid == x.uuid]
    result = apply_package(target, plan, choices={x.uuid: "incoming"})

    kept = by_uuid(target, x.uuid)
    assert kept.name == "甲机修改（较早）" and result.updated == 2
    assert kept.updated_at > conflict.local_changed_at  # travels on as the newer version
    chosen = {c.uuid: c for c in result.conflicts}[x.uuid]
    assert chosen.winner == "incoming" and chosen.older_kept
    assert "采用对方 2 条" in result.describe()

    # Importing the same package again neither flips nor duplicates anything.
    before = snapshot(target)
    again = read_package(path, target)
    assert not again.conflicts and again.count(Action.UNCHANGED) == len(before)
    apply_package(target, again)
    assert snapshot(target) == before and entry_count(target) == len(before)
    # And the sending PC, which holds that very version, sees nothing to change.
    back = read_package(pack(target, tmp_path / "back.zip", year=2019), source)
    assert x.uuid not in {c.uuid for c in back.conflicts}


def test_choosing_this_pcs_version_against_a_newer_one_keeps_it_and_sticks(
    source: Ledger, target: Ledger, tmp_path: Path
) -> None:
    _x, y, path = both_changed(source, target, tmp_path)
    plan = read_package(path, target)
    mine = by_uuid(target, y.uuid)
    result = apply_package(target, plan, choices={y.uuid: "local"})

    kept = by_uuid(target, y.uuid)
    assert (kept.participants, kept.remarks, kept.name) == (7, mine.remarks, mine.name)
    assert result.kept_local == 2 and result.updated == 0
    assert {c.uuid: c for c in result.conflicts}[y.uuid].older_kept

    # Importing it again keeps this PC's version without being told twice.
    again = read_package(path, target)
    conflict = {c.uuid: c for c in again.conflicts}[y.uuid]
    assert conflict.newer == "local" and conflict.winner == "local"
    apply_package(target, again)
    assert by_uuid(target, y.uuid).participants == 7
    # The choice travels back: on the sending PC this version is now the newer one.
    back = apply_package(source, read_package(pack(target, tmp_path / "b.zip", year=2019), source))
    assert by_uuid(source, y.uuid).participants == 7
    assert {c.uuid: c for c in back.conflicts}[y.uuid].winner == "incoming"


def test_a_choice_is_not_applied_to_a_version_the_clerk_did_not_see(
    source: Ledger, target: Ledger, tmp_path: Path
) -> None:
    x, _y, path = both_changed(source, target, tmp_path)
    plan = read_package(path, target)
    local_id = by_uuid(target, x.uuid).id
    target.entries.update(local_id, draft_of(target, local_id, name="乙机又改了一次"))
    before = snapshot(target)
    with pytest.raises(UserError, match="请重新导入"):
        apply_package(target, plan, choices={x.uuid: "incoming"})
    assert snapshot(target) == before


def test_a_choice_must_name_a_side(source: Ledger, target: Ledger, tmp_path: Path) -> None:
    x, _y, path = both_changed(source, target, tmp_path)
    with pytest.raises(ValueError, match="local"):
        apply_package(target, read_package(path, target), choices={x.uuid: "theirs"})  # type: ignore[dict-item]


# -- attachment files missing on the sending PC --------------------------------------------
def lose_sign_sheet(source: Ledger) -> tuple[Any, str]:
    """Delete the 签到表 file from the sending PC's data folder (only the first entry has it)."""
    first = source.entries.rows(EntryQuery(year=2019))[0]
    (sheet,) = [a for a in by_uuid(source, first.uuid).attachments if a.file_name == "签到表.txt"]
    source.entries.attachment_path(sheet).unlink()
    return first, sheet.sha256


def test_a_year_with_a_deleted_attachment_file_is_packed_and_lists_it(
    source: Ledger, target: Ledger, tmp_path: Path
) -> None:
    first, sha = lose_sign_sheet(source)
    (listed,) = package.missing_attachments(source, year=2019)
    assert (listed.entry_uuid, listed.file_name, listed.sha256) == (first.uuid, "签到表.txt", sha)
    assert not listed.changed

    summary = write_package(source, tmp_path / "p.zip", year=2019, leave_out_missing=True)
    assert summary.missing == (listed,) and summary.attachments == 1
    assert "找不到或已损坏，没有打包" in summary.describe() and "签到表.txt" in summary.describe()
    members = zip_members(summary.path)
    manifest = json.loads(members["manifest.json"])
    assert manifest["format_version"] == 2 == package.FORMAT_VERSION
    assert manifest["missing_attachments"] == [
        {"entry_uuid": first.uuid, "file_name": "签到表.txt", "sha256": sha, "problem": "not_found"}
    ]
    assert not any(sha in name for name in members)
    entry = next(
        e for e in json.loads(members["entries.json"])["entries"] if e["uuid"] == first.uuid
    )
    assert sha in {a["sha256"] for a in entry["attachments"]}  # still part of the record


def test_a_package_with_a_file_left_out_imports_and_reports_it(
    source: Ledger, target: Ledger, tmp_path: Path
) -> None:
    first, _sha = lose_sign_sheet(source)
    path = tmp_path / "p.zip"
    write_package(source, path, year=2019, leave_out_missing=True)

    plan = read_package(path, target)
    assert [m.describe() for m in plan.missing_attachments] == [
        f"记录“{first.name}”的附件“签到表.txt”"
    ]
    assert "对方电脑上缺少的附件 1 个" in plan.describe()
    result = apply_package(target, plan)
    assert result.added == len(snapshot(source)) and not result.refused
    assert "对方电脑上缺少的附件 1 个" in result.describe() and "签到表.txt" in result.describe()
    assert [a.file_name for a in by_uuid(target, first.uuid).attachments] == ["现场照片.png"]
    for detail in target.entries.details(EntryQuery()):  # no row without its file
        for attachment in detail.attachments:
            assert target.entries.attachment_path(attachment).is_file()

    before = snapshot(target)
    again = read_package(path, target)
    assert again.count(Action.UNCHANGED) == len(before) and not again.conflicts
    assert len(again.missing_attachments) == 1
    apply_package(target, again)
    assert snapshot(target) == before


def test_a_file_left_out_that_this_pc_has_keeps_its_row(
    source: Ledger, target: Ledger, tmp_path: Path
) -> None:
    import_package(target, pack(source, tmp_path / "full.zip", year=2019))
    first, _sha = lose_sign_sheet(source)
    source.entries.update(first.id, draft_of(source, first.id, name="签到表丢了以后改的名"))
    path = tmp_path / "p.zip"
    write_package(source, path, year=2019, leave_out_missing=True)
    plan = read_package(path, target)
    assert not plan.missing_attachments
    result = apply_package(target, plan)
    assert result.updated == 1 and not result.missing_attachments
    detail = by_uuid(target, first.uuid)
    assert detail.name == "签到表丢了以后改的名"
    assert sorted(a.file_name for a in detail.attachments) == ["现场照片.png", "签到表.txt"]


def test_a_file_changed_but_not_resized_is_left_out_while_packing(
    source: Ledger, target: Ledger, tmp_path: Path
) -> None:
    first = source.entries.rows(EntryQuery(year=2019))[0]
    (sheet,) = [a for a in by_uuid(source, first.uuid).attachments if a.file_name == "签到表.txt"]
    stored = source.entries.attachment_path(sheet)
    stored.write_bytes(bytes(stored.stat().st_size))
    assert package.missing_attachments(source, year=2019) == []  # the quick look sees no change
    with pytest.raises(UserError, match="已被改动或损坏"):
        write_package(source, tmp_path / "p.zip", year=2019)
    summary = write_package(source, tmp_path / "p.zip", year=2019, leave_out_missing=True)
    assert [(m.file_name, m.changed) for m in summary.missing] == [("签到表.txt", True)]
    assert "签到表.txt”（已被改动或损坏）" in summary.describe()
    result = import_package(target, summary.path)
    assert len(result.missing_attachments) == 1


def test_a_version_1_package_may_not_leave_files_out(
    source: Ledger, target: Ledger, tmp_path: Path
) -> None:
    lose_sign_sheet(source)
    path = tmp_path / "p.zip"
    write_package(source, path, year=2019, leave_out_missing=True)
    assert_refused(
        target, rewrite(path, None, lambda m: m.update(format_version=1)), "缺少附件文件"
    )


@pytest.mark.parametrize("listed", ["签到表.txt", [{"sha256": "不是校验值"}], [None]])
def test_a_broken_list_of_missing_files_is_refused(
    source: Ledger, target: Ledger, tmp_path: Path, listed: Any
) -> None:
    lose_sign_sheet(source)
    path = tmp_path / "p.zip"
    write_package(source, path, year=2019, leave_out_missing=True)
    assert_refused(
        target,
        rewrite(path, None, lambda m: m.update(missing_attachments=listed)),
        "缺少的附件列表",
    )


# -- hostile and broken packages -----------------------------------------------------------
def assert_refused(target: Ledger, path: Path, *words: str) -> None:
    files_before = stored_files(target)
    with pytest.raises(UserError) as caught:
        import_package(target, path)
    message = str(caught.value)
    assert CHINESE.search(message), message
    for word in words:
        assert word in message, message
    assert entry_count(target) == 0 and stored_files(target) == files_before


def test_not_a_zip(target: Ledger, tmp_path: Path) -> None:
    path = tmp_path / "记录.zip"
    path.write_text("这不是压缩包", encoding="utf-8")
    assert_refused(target, path, "不是交换包")


@pytest.mark.parametrize(
    "name",
    ["../evil.txt", "attachments/../../evil.txt", "/etc/evil", "C:/Windows/evil", "a\\..\\evil"],
)
def test_paths_outside_the_package_are_refused(
    source: Ledger, target: Ledger, tmp_path: Path, name: str
) -> None:
    members = zip_members(pack(source, tmp_path / "p.zip", year=2019))
    members[name] = b"x"
    assert_refused(target, write_zip(tmp_path / "p.zip", members), "不安全", "交换包以外")
    assert not (tmp_path / "evil.txt").exists()


def test_symlink_member_is_refused(source: Ledger, target: Ledger, tmp_path: Path) -> None:
    path = pack(source, tmp_path / "p.zip", year=2019)
    with zipfile.ZipFile(path, "a") as archive:
        info = zipfile.ZipInfo("attachments/link")
        info.create_system = 3
        info.external_attr = (stat.S_IFLNK | 0o777) << 16
        archive.writestr(info, "/etc/passwd")
    assert_refused(target, path, "符号链接")


def test_compression_bomb_is_refused(
    source: Ledger, target: Ledger, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(limits, "RATIO_CHECKED_FROM", 64 * 1024)
    members = zip_members(pack(source, tmp_path / "p.zip", year=2019))
    members["attachments/" + "0" * 64 + ".bmp"] = bytes(2 * 1024 * 1024)
    assert_refused(target, write_zip(tmp_path / "p.zip", members), "压缩比异常")


@pytest.mark.parametrize(
    ("limit", "value", "words"),
    [
        ("MAX_MEMBERS", 3, "个的上限"),
        ("MAX_MEMBER_BYTES", 1000, "单个文件"),
        ("MAX_TOTAL_BYTES", 5000, "GB 的上限"),
    ],
)
def test_absurd_sizes_are_refused(
    source: Ledger,
    target: Ledger,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    limit: str,
    value: int,
    words: str,
) -> None:
    path = pack(source, tmp_path / "p.zip", year=2019)
    monkeypatch.setattr(limits, limit, value)
    assert_refused(target, path, words)


def test_missing_manifest(source: Ledger, target: Ledger, tmp_path: Path) -> None:
    members = zip_members(pack(source, tmp_path / "p.zip", year=2019))
    del members["manifest.json"]
    assert_refused(target, write_zip(tmp_path / "p.zip", members), "缺少 manifest.json")


@pytest.mark.parametrize("member", ["manifest.json", "entries.json"])
def test_broken_json(source: Ledger, target: Ledger, tmp_path: Path, member: str) -> None:
    members = zip_members(pack(source, tmp_path / "p.zip", year=2019))
    members[member] = members[member][:-40]
    if member == "entries.json":  # the hash is right, the JSON is not
        manifest = json.loads(members["manifest.json"])
        manifest["entries_sha256"] = hashlib.sha256(members[member]).hexdigest()
        members["manifest.json"] = json.dumps(manifest).encode()
    assert_refused(target, write_zip(tmp_path / "p.zip", members), "不是有效的 JSON")


def test_wrong_format_name(source: Ledger, target: Ledger, tmp_path: Path) -> None:
    path = rewrite(
        pack(source, tmp_path / "p.zip", year=2019), None, lambda m: m.update(format="x")
    )
    assert_refused(target, path, "不是“文明创建台账”的交换包")


def test_newer_format_version_asks_for_an_upgrade(
    source: Ledger, target: Ledger, tmp_path: Path
) -> None:
    newer = package.FORMAT_VERSION + 1
    path = rewrite(
        pack(source, tmp_path / "p.zip", year=2019), None, lambda m: m.update(format_version=newer)
    )
    assert_refused(target, path, "请升级程序", f"格式版本 {newer}")


def test_entries_hash_mismatch(source: Ledger, target: Ledger, tmp_path: Path) -> None:
    def tamper(entries: list[dict[str, Any]]) -> None:
        entries[0]["participants"] = 100_000

    path = rewrite(pack(source, tmp_path / "p.zip", year=2019), tamper, fix_hash=False)
    assert_refused(target, path, "校验值与清单不符")


def test_attachment_hash_mismatch(source: Ledger, target: Ledger, tmp_path: Path) -> None:
    members = zip_members(pack(source, tmp_path / "p.zip", year=2019))
    name = next(n for n in members if n.startswith("attachments/"))
    members[name] = bytes(len(members[name]))  # same size, other content
    assert_refused(target, write_zip(tmp_path / "p.zip", members), "附件", "校验值与清单不符")


def test_attachment_changed_after_reading_is_caught_when_applying(
    source: Ledger, target: Ledger, tmp_path: Path
) -> None:
    path = pack(source, tmp_path / "p.zip", year=2019)
    plan = read_package(path, target)
    members = zip_members(path)
    name = next(n for n in members if n.startswith("attachments/"))
    members[name] = bytes(len(members[name]))
    write_zip(path, members)
    with pytest.raises(UserError, match="校验值与清单不符"):
        apply_package(target, plan)
    assert entry_count(target) == 0 and stored_files(target) == []


def test_missing_attachment_member(source: Ledger, target: Ledger, tmp_path: Path) -> None:
    members = zip_members(pack(source, tmp_path / "p.zip", year=2019))
    del members[next(n for n in members if n.startswith("attachments/"))]
    assert_refused(target, write_zip(tmp_path / "p.zip", members), "缺少附件文件")


def test_duplicate_uuids(source: Ledger, target: Ledger, tmp_path: Path) -> None:
    def duplicate(entries: list[dict[str, Any]]) -> None:
        entries.append(dict(entries[0], name="同一编号的另一条"))

    path = rewrite(pack(source, tmp_path / "p.zip", year=2019), duplicate)
    assert_refused(target, path, "出现了不止一次")


def test_far_future_change_time_is_refused_per_entry(
    source: Ledger, target: Ledger, tmp_path: Path
) -> None:
    def future(entries: list[dict[str, Any]]) -> None:
        entries[0]["updated_at"] = "2999-01-01T00:00:00.000000Z"

    result = import_package(target, rewrite(pack(source, tmp_path / "p.zip", year=2019), future))
    assert len(result.refused) == 1 and "时钟" in result.refused[0].reason


# -- progress and cancelling ---------------------------------------------------------------
def cancel_after(calls: int) -> Callable[[], bool]:
    asked = 0

    def cancelled() -> bool:
        nonlocal asked
        asked += 1
        return asked > calls

    return cancelled


def test_cancel_while_packing_leaves_no_file(source: Ledger, tmp_path: Path) -> None:
    with pytest.raises(PackageCancelled, match="已取消"):
        write_package(source, tmp_path / "p.zip", year=2019, steps=Steps(None, cancel_after(1)))
    assert [p.name for p in tmp_path.iterdir() if p.suffix == ".zip"] == []


def test_cancel_while_importing_writes_nothing(
    source: Ledger, target: Ledger, tmp_path: Path
) -> None:
    path = pack(source, tmp_path / "p.zip", year=2019)
    plan = read_package(path, target)
    with pytest.raises(PackageCancelled, match="没有写入任何内容"):
        apply_package(target, plan, Steps(None, cancel_after(1)))
    assert entry_count(target) == 0 and stored_files(target) == []


def test_progress_is_reported(source: Ledger, target: Ledger, tmp_path: Path) -> None:
    seen: list[tuple[int, int, str]] = []
    steps = Steps(lambda done, total, text: seen.append((done, total, text)))
    write_package(source, tmp_path / "p.zip", year=2019, steps=steps)
    assert seen and seen[-1][0] == seen[-1][1]
    seen.clear()
    apply_package(target, read_package(tmp_path / "p.zip", target), steps)
    assert [done for done, _total, _text in seen] == sorted(done for done, _t, _x in seen)
    assert seen[-1][0] == seen[-1][1] and seen[-1][2] == "导入完成"


def test_package_module_stays_qt_free() -> None:
    code = (
        "import sys, wenming_desktop.exchange.package; "
        "sys.exit(any(m.startswith(('PySide6', 'pyqtgraph')) for m in sys.modules))"
    )
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
