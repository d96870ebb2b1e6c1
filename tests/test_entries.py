"""Recording, editing, deleting, restoring and finding entries."""

from __future__ import annotations

import datetime as dt
import typing
from pathlib import Path

import pytest
from sqlalchemy import insert, select, update

from wenming_desktop.books.draft import EntryDraft
from wenming_desktop.books.query import EntryQuery, SortKey
from wenming_desktop.errors import UserError, ValidationError
from wenming_desktop.ledger import Ledger
from wenming_desktop.store.models import Attachment, Entry


def add(ledger: Ledger, area_id: int, name: str, date: str = "2019-05-01", **more: object):
    return ledger.entries.add(EntryDraft(area_id=area_id, date=date, name=name, **more))  # type: ignore[arg-type]


def test_add_and_read_back(ledger: Ledger, area_ids: dict[str, int]) -> None:
    saved = add(
        ledger,
        area_ids["法治建设"],
        "12·4宪法宣传日",
        "2019-12-04",
        participants="120",
        location="区总工会",
        content="宣传《宪法》",
    )
    found = ledger.entries.get(saved.id)
    assert found is not None
    assert (found.name, found.participants, found.date) == (
        "12·4宪法宣传日",
        120,
        dt.date(2019, 12, 4),
    )
    assert len(found.uuid) == 36 and found.created_at == found.updated_at


def test_invalid_input_stores_nothing(ledger: Ledger, area_ids: dict[str, int]) -> None:
    with pytest.raises(ValidationError):
        add(ledger, area_ids["法治建设"], "", participants="很多")
    assert ledger.entries.totals(EntryQuery()).count == 0


def test_unknown_area_is_refused(ledger: Ledger) -> None:
    with pytest.raises(UserError, match="工作板块不存在"):
        add(ledger, 999, "会议")


def test_update_changes_fields_and_timestamp(ledger: Ledger, area_ids: dict[str, int]) -> None:
    saved = add(ledger, area_ids["组织领导"], "专题会议")
    changed = ledger.entries.update(
        saved.id, EntryDraft(area_id=area_ids["理论学习"], date="2019-06-01", name="集中学习")
    )
    assert (changed.name, changed.area_id, changed.uuid) == (
        "集中学习",
        area_ids["理论学习"],
        saved.uuid,
    )
    assert changed.updated_at >= saved.updated_at


def test_trash_and_restore(ledger: Ledger, area_ids: dict[str, int]) -> None:
    first = add(ledger, area_ids["环境建设"], "办公环境检查")
    add(ledger, area_ids["环境建设"], "卫生制度修订")
    assert ledger.entries.move_to_trash([first.id]) == 1
    assert ledger.entries.totals(EntryQuery()).count == 1
    trash = ledger.entries.rows(EntryQuery(in_trash=True))
    assert [row.name for row in trash] == ["办公环境检查"] and trash[0].deleted_at
    assert ledger.entries.restore([first.id]) == 1
    assert ledger.entries.totals(EntryQuery()).count == 2
    assert ledger.entries.rows(EntryQuery(in_trash=True)) == []


def test_search_finds_one_and_two_character_chinese_terms(sample_ledger: Ledger) -> None:
    two = sample_ledger.entries.rows(EntryQuery(text="普法"))
    assert two and all("普法" in (r.name + (sample_ledger.entries.get(r.id).content)) for r in two)
    one = sample_ledger.entries.rows(EntryQuery(text="法"))
    assert len(one) > len(two)


def test_search_terms_are_anded_and_metacharacters_literal(
    ledger: Ledger, area_ids: dict[str, int]
) -> None:
    area = area_ids["宣传教育"]
    add(ledger, area, "读书交流", location="职工书屋")
    add(ledger, area, "读书分享", location="活动中心")
    add(ledger, area, "完成率100%")
    assert [r.name for r in ledger.entries.rows(EntryQuery(text="读书 书屋"))] == ["读书交流"]
    assert [r.name for r in ledger.entries.rows(EntryQuery(text="100%"))] == ["完成率100%"]
    assert ledger.entries.rows(EntryQuery(text="_")) == []
    assert ledger.entries.rows(EntryQuery(text="%")) == [
        ledger.entries.rows(EntryQuery(text="100%"))[0]
    ]


def test_filters_by_area_year_and_month(ledger: Ledger, area_ids: dict[str, int]) -> None:
    add(ledger, area_ids["志愿服务"], "学雷锋", "2019-03-05", participants=30)
    add(ledger, area_ids["志愿服务"], "邻里节", "2019-12-31", participants=20)
    add(ledger, area_ids["志愿服务"], "送温暖", "2020-01-01")
    add(ledger, area_ids["法治建设"], "普法", "2019-03-20", participants=5)
    volunteer_2019 = EntryQuery(area_id=area_ids["志愿服务"], year=2019)
    assert [r.name for r in ledger.entries.rows(volunteer_2019)] == ["学雷锋", "邻里节"]
    assert ledger.entries.totals(volunteer_2019).participants == 50
    assert [r.name for r in ledger.entries.rows(EntryQuery(year=2019, month=3))] == [
        "学雷锋",
        "普法",
    ]
    assert [r.name for r in ledger.entries.rows(EntryQuery(year=2019, month=12))] == ["邻里节"]
    assert ledger.entries.years() == [2020, 2019]


def test_paging_is_stable_and_sorted_in_sql(ledger: Ledger, area_ids: dict[str, int]) -> None:
    for day in range(1, 31):
        add(
            ledger,
            area_ids["组织领导"],
            f"会议{day:02d}",
            f"2019-04-{day:02d}",
            participants=day % 7,
        )
    query = EntryQuery(sort="participants", descending=True)
    pages = [ledger.entries.rows(query, offset, 7) for offset in range(0, 30, 7)]
    flat = [row for page in pages for row in page]
    assert len(flat) == 30 and len({row.id for row in flat}) == 30
    assert [row.participants for row in flat] == sorted((d % 7 for d in range(1, 31)), reverse=True)


def test_attachments_are_copied_by_content_hash(
    ledger: Ledger, area_ids: dict[str, int], tmp_path: Path
) -> None:
    photo = tmp_path / "现场照片.JPG"
    photo.write_bytes(b"\xff\xd8fake jpeg")
    twin = tmp_path / "copy.jpg"
    twin.write_bytes(photo.read_bytes())
    saved = ledger.entries.add(
        EntryDraft(area_id=area_ids["宣传教育"], date="2019-05-14", name="道德讲堂"),
        [photo, twin],
    )
    assert [a.file_name for a in saved.attachments] == ["现场照片.JPG", "copy.jpg"]
    stored = ledger.entries.attachment_path(saved.attachments[0])
    assert stored.read_bytes() == photo.read_bytes()
    assert stored.parent.parent == ledger.folder.attachments
    assert stored.name == f"{saved.attachments[0].sha256}.jpg"
    files = [p for p in ledger.folder.attachments.rglob("*") if p.is_file()]
    assert len(files) == 1  # identical content kept once
    photo.unlink()  # the ledger keeps its own copy
    assert stored.exists()

    changed = ledger.entries.update(
        saved.id,
        EntryDraft(area_id=area_ids["宣传教育"], date="2019-05-14", name="道德讲堂"),
        remove_attachment_ids={saved.attachments[0].id},
    )
    assert [a.file_name for a in changed.attachments] == ["copy.jpg"]
    assert ledger.entries.rows(EntryQuery())[0].attachment_count == 1


def test_missing_attachment_file_is_a_clear_message(
    ledger: Ledger, area_ids: dict[str, int], tmp_path: Path
) -> None:
    with pytest.raises(UserError, match="无法读取附件"):
        ledger.entries.add(
            EntryDraft(area_id=area_ids["宣传教育"], date="2019-05-14", name="道德讲堂"),
            [tmp_path / "不存在.jpg"],
        )
    assert ledger.entries.totals(EntryQuery()).count == 0


@pytest.mark.parametrize("descending", [False, True])
def test_position_agrees_with_the_listing_for_every_sort(
    sample_ledger: Ledger, descending: bool
) -> None:
    """Counting the entries listed before one gives its row, ties and empty values included."""
    some = sample_ledger.entries.rows(EntryQuery())[::7]
    sample_ledger.entries.move_to_trash([some[0].id])
    for sort in typing.get_args(SortKey):
        # Live entries sorted by deleted_at all have NULL there; the trash has none.
        for query in (
            EntryQuery(sort=sort, descending=descending),
            EntryQuery(sort=sort, descending=descending, in_trash=True),
        ):
            listed = [row.id for row in sample_ledger.entries.rows(query)]
            for row, entry_id in enumerate(listed):
                assert sample_ledger.entries.position(query, entry_id) == row, (sort, row)
    assert sample_ledger.entries.position(EntryQuery(), some[0].id) is None  # in the trash


def test_details_read_as_rows_equal_the_entries_read_one_by_one(
    sample_ledger: Ledger, area_ids: dict[str, int], tmp_path: Path
) -> None:
    photo = tmp_path / "照片.jpg"
    photo.write_bytes(b"\xff\xd8 not really a photo")
    note = tmp_path / "通知.pdf"
    note.write_bytes(b"%PDF-1.4")
    add(sample_ledger, area_ids["宣传教育"], "有附件的活动", participants=12)
    with_files = sample_ledger.entries.rows(EntryQuery(text="有附件的活动"))[0]
    detail = sample_ledger.entries.get(with_files.id)
    assert detail is not None
    draft = EntryDraft.from_detail(detail)
    sample_ledger.entries.update(with_files.id, draft, add_files=[photo, note])
    sample_ledger.entries.move_to_trash([sample_ledger.entries.rows(EntryQuery())[3].id])
    for query in (EntryQuery(), EntryQuery(in_trash=True), EntryQuery(year=2019, sort="name")):
        details = sample_ledger.entries.details(query)
        assert [d.id for d in details] == [r.id for r in sample_ledger.entries.rows(query)]
        assert details == [sample_ledger.entries.get(d.id) for d in details]
    detail = sample_ledger.entries.get(with_files.id)
    assert detail is not None
    assert [a.file_name for a in detail.attachments] == [
        "照片.jpg",
        "通知.pdf",
    ]


# -- undoing, deleting for good, counting by area -------------------------------------
def _photo(folder: Path, name: str, content: bytes) -> Path:
    path = folder / name
    path.write_bytes(content)
    return path


def test_put_back_restores_every_field_and_the_attachments(
    ledger: Ledger, area_ids: dict[str, int], tmp_path: Path
) -> None:
    """Undo of an edit: fields, area, date and attachments (removed ones come back with
    their ids, so in their order; added ones go) as they were."""
    first, second, third = (_photo(tmp_path, f"{n}.jpg", n.encode()) for n in "abc")
    before = ledger.entries.add(
        EntryDraft(
            area_id=area_ids["宣传教育"],
            date="2019-05-14",
            name="道德讲堂",
            location="三楼",
            participants=40,
            volunteer_hours="2.5",
            content="讲好身边故事",
            remarks="备注",
        ),
        [first, second],
    )
    after = ledger.entries.update(
        before.id,
        EntryDraft(area_id=area_ids["法治建设"], date="2018-03-01", name="普法讲座"),
        add_files=[third],
        remove_attachment_ids={before.attachments[0].id},
    )
    assert [a.file_name for a in after.attachments] == ["b.jpg", "c.jpg"]

    undone = ledger.entries.put_back(before)
    assert undone is not None
    same = ("area_id", "date", "end_date", "name", "kind", "location", "organizer")
    more = ("participants", "volunteer_hours", "content", "remarks", "uuid", "created_at")
    for name in same + more:
        assert getattr(undone, name) == getattr(before, name), name
    assert undone.attachments == before.attachments  # ids, files, order
    assert undone.updated_at >= after.updated_at  # a change: newer than the edit
    assert ledger.entries.attachment_path(undone.attachments[0]).read_bytes() == b"a"
    assert [r.id for r in ledger.entries.rows(EntryQuery(text="道德讲堂"))] == [before.id]
    assert ledger.entries.rows(EntryQuery(text="普法讲座")) == []

    redone = ledger.entries.put_back(after)
    assert redone is not None
    assert (redone.name, redone.area_id, redone.attachments) == (
        after.name,
        after.area_id,
        after.attachments,
    )
    ledger.entries.move_to_trash([before.id])
    assert ledger.entries.put_back(before) is not None  # in the 回收站: still there
    assert ledger.entries.purge([before.id]).ids == (before.id,)
    assert ledger.entries.put_back(before) is None  # deleted for good


def test_removed_entries_come_back_as_they_were(
    ledger: Ledger, area_ids: dict[str, int], tmp_path: Path
) -> None:
    """Undo and redo of adding entries: deleted for good, then added again with their
    UUIDs, ids, timestamps and attachments; one imported again meanwhile is not doubled."""
    photo = _photo(tmp_path, "现场.jpg", b"photo")
    one = ledger.entries.add(
        EntryDraft(area_id=area_ids["志愿服务"], date="2019-03-05", name="学雷锋"), [photo]
    )
    two = add(ledger, area_ids["志愿服务"], "植树")
    kept = add(ledger, area_ids["志愿服务"], "清扫街道")

    removed = ledger.entries.remove([one.id, two.id])
    assert [d.id for d in removed] == [one.id, two.id]
    assert ledger.entries.existing([one.id, two.id, kept.id]) == {kept.id}
    assert ledger.entries.rows(EntryQuery(in_trash=True)) == []  # gone, not in the 回收站
    assert ledger.entries.attachment_path(one.attachments[0]).exists()  # the file stays

    assert ledger.entries.put_in_again(removed) == [one.id, two.id]
    again = ledger.entries.get(one.id)
    assert again is not None
    assert again == one  # every field, timestamps and attachments included
    assert [r.id for r in ledger.entries.rows(EntryQuery(text="学雷锋"))] == [one.id]

    removed = ledger.entries.remove([two.id])
    add(ledger, area_ids["志愿服务"], "另一条")  # may take the freed id
    with ledger.database.writing() as session:  # the same row imported again meanwhile
        session.execute(update(Entry).where(Entry.id == kept.id).values(uuid=two.uuid))
    assert ledger.entries.put_in_again(removed) == []


def test_purge_deletes_only_what_is_in_the_trash_and_keeps_shared_files(
    ledger: Ledger, area_ids: dict[str, int], tmp_path: Path
) -> None:
    photo = _photo(tmp_path, "合影.jpg", b"group photo")
    gone = ledger.entries.add(
        EntryDraft(area_id=area_ids["环境建设"], date="2019-06-01", name="环境检查"), [photo]
    )
    sharing = ledger.entries.add(
        EntryDraft(area_id=area_ids["环境建设"], date="2019-06-02", name="卫生评比"), [photo]
    )
    live = add(ledger, area_ids["环境建设"], "制度修订")
    assert ledger.entries.purge([gone.id, live.id]).ids == ()  # not in the 回收站
    ledger.entries.move_to_trash([gone.id])

    removed = ledger.entries.purge([gone.id, live.id])
    assert removed.ids == (gone.id,) and removed.places == {(area_ids["环境建设"], 2019)}
    assert ledger.entries.existing([gone.id, live.id, sharing.id]) == {live.id, sharing.id}
    assert ledger.entries.rows(EntryQuery(text="环境检查", in_trash=True)) == []
    shared = ledger.entries.attachment_path(sharing.attachments[0])
    assert shared.read_bytes() == b"group photo"  # the other entry's file is untouched
    with ledger.database.reading() as session:
        owners = session.scalars(select(Attachment.entry_id)).all()
    assert owners == [sharing.id]  # the deleted entry's attachment rows went with it


def test_empty_trash_deletes_every_entry_in_it(ledger: Ledger, area_ids: dict[str, int]) -> None:
    entries = [add(ledger, area_ids["理论学习"], f"学习{n}", f"201{n}-01-0{n}") for n in (7, 8, 9)]
    ledger.entries.move_to_trash([entries[0].id, entries[2].id])
    removed = ledger.entries.empty_trash()
    assert sorted(removed.ids) == [entries[0].id, entries[2].id]
    assert removed.places == {(area_ids["理论学习"], 2017), (area_ids["理论学习"], 2019)}
    assert ledger.entries.totals(EntryQuery(in_trash=True)).count == 0
    assert [r.id for r in ledger.entries.rows(EntryQuery())] == [entries[1].id]
    assert ledger.entries.empty_trash().ids == ()


@pytest.mark.parametrize("words", ["职工", "活动 宣传", "“", "学", "2019-", "ＸＸ"])
@pytest.mark.parametrize("year", [None, 2019])
def test_area_counts_agree_with_each_area_s_listing(
    sample_ledger: Ledger, area_ids: dict[str, int], words: str, year: int | None
) -> None:
    query = EntryQuery(area_id=area_ids["宣传教育"], year=year, text=words)
    expected = {
        area: count
        for area in area_ids.values()
        if (count := sample_ledger.entries.totals(query.with_(area_id=area)).count)
    }
    assert sample_ledger.entries.area_counts(query) == expected
    if words == "职工":
        assert len(expected) >= 3


def test_more_entries_than_one_in_list_holds_are_moved_removed_and_put_back(
    ledger: Ledger, area_ids: dict[str, int]
) -> None:
    """A clerk may select every row of a big tab: ids go to SQLite 500 at a time."""
    now = dt.datetime(2019, 1, 1)
    rows = [
        {
            "uuid": f"u{n}",
            "area_id": area_ids["宣传教育"],
            "date": dt.date(2019 + n % 2, 1, 1),
            "name": f"活动{n}",
            "is_sample": False,
            "created_at": now,
            "updated_at": now,
        }
        for n in range(1_100)
    ]
    with ledger.database.writing() as session:
        ids = list(session.scalars(insert(Entry).returning(Entry.id), rows))
    book = ledger.entries
    assert book.move_to_trash(ids) == 1_100
    assert book.places(ids) == {(area_ids["宣传教育"], 2019), (area_ids["宣传教育"], 2020)}
    assert book.restore(ids) == 1_100
    removed = book.remove(ids)
    assert len(removed) == 1_100 and book.existing(ids) == set()
    assert book.put_in_again(removed) == sorted(ids)
    assert book.totals(EntryQuery(text="活动")).count == 1_100
    book.move_to_trash(ids[:700])
    assert len(book.purge(ids).ids) == 700
    assert book.existing(ids) == set(ids[700:])
