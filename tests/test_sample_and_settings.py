"""Sample data, work-area editing, unit settings and year statistics."""

from __future__ import annotations

import pytest

from wenming_desktop.books.areas import AreaEdit
from wenming_desktop.books.draft import EntryDraft
from wenming_desktop.books.query import EntryQuery
from wenming_desktop.books.settings import DEFAULT_ENTRY_TYPES, AppSettings
from wenming_desktop.errors import ValidationError
from wenming_desktop.ledger import Ledger


def test_sample_fills_every_area_once(ledger: Ledger) -> None:
    first = ledger.load_sample()
    assert 30 <= first.added <= 50
    per_area = {
        a.short_name: ledger.entries.totals(EntryQuery(area_id=a.id)).count
        for a in ledger.areas.all()
    }
    assert all(count >= 3 for count in per_area.values()), per_area
    rows = ledger.entries.rows(EntryQuery())
    assert all(row.is_sample and row.date.year == 2019 for row in rows)
    assert all("示例" in ledger.entries.get(row.id).remarks for row in rows)
    second = ledger.load_sample()
    assert (second.added, second.already_there) == (0, first.added)
    assert ledger.entries.totals(EntryQuery()).count == first.added


def test_sample_follows_renamed_and_reordered_areas(ledger: Ledger) -> None:
    areas = ledger.areas.all()
    edits = [AreaEdit(a.id, a.short_name + "工作", a.heading) for a in reversed(areas)]
    ledger.areas.save(edits)
    ledger.load_sample()
    volunteer = next(a for a in ledger.areas.all() if a.short_name == "志愿服务工作")
    assert ledger.entries.totals(EntryQuery(area_id=volunteer.id)).count >= 5


def test_area_edits_rename_and_reorder(ledger: Ledger) -> None:
    areas = ledger.areas.all()
    edits = [AreaEdit(a.id, a.short_name, a.heading) for a in areas]
    edits[0] = AreaEdit(areas[0].id, " 组织建设 ", "加强组织建设，压实工作责任。")
    edits[0], edits[1] = edits[1], edits[0]
    saved = ledger.areas.save(edits)
    assert [a.short_name for a in saved][:2] == ["理论学习", "组织建设"]
    assert saved[1].heading == "加强组织建设，压实工作责任"  # the summary adds its own 。
    assert ledger.areas.by_name("组织建设").id == areas[0].id


@pytest.mark.parametrize(
    ("index", "name", "heading", "words"),
    [
        (0, "", "标题", "名称"),
        (0, "理论学习", "标题", "不能重复"),
        (2, "名" * 11, "标题", "最多 10"),
    ],
)
def test_bad_area_edits_change_nothing(
    ledger: Ledger, index: int, name: str, heading: str, words: str
) -> None:
    before = ledger.areas.all()
    edits = [AreaEdit(a.id, a.short_name, a.heading) for a in before]
    edits[index] = AreaEdit(before[index].id, name, heading)
    with pytest.raises(ValidationError) as caught:
        ledger.areas.save(edits)
    assert words in str(caught.value)
    assert ledger.areas.all() == before


def test_settings_round_trip_and_defaults(ledger: Ledger) -> None:
    assert ledger.settings.load() == AppSettings()
    ledger.settings.update(unit_name=" 市总工会 ", entry_types=["会议", "", "会议", "走访"])
    loaded = ledger.settings.load()
    assert loaded.unit_name == "市总工会"
    assert loaded.entry_types == ["会议", "走访"]
    ledger.settings.update(entry_types=[])
    assert ledger.settings.load().entry_types == list(DEFAULT_ENTRY_TYPES)
    with pytest.raises(ValidationError, match="单位名称"):
        ledger.settings.update(unit_name=" ")
    assert ledger.settings.load().unit_name == "市总工会"
    with pytest.raises(TypeError):
        ledger.settings.update(no_such_setting=1)


def test_changing_one_setting_leaves_every_other_one_alone(ledger: Ledger) -> None:
    ledger.settings.update(
        summary_with_stats=True,
        excel_mappings={"日期|活动名称": {"date": 0, "name": 1}},
        fonts={"body": "/fonts/simfang.ttf"},
        backup_mirror="/media/u盘",
    )
    before = ledger.settings.load()
    ledger.settings.update(unit_name="市总工会")
    after = ledger.settings.load()
    assert after.unit_name == "市总工会"
    assert (after.summary_with_stats, after.excel_mappings, after.fonts, after.backup_mirror) == (
        True,
        {"日期|活动名称": {"date": 0, "name": 1}},
        {"body": "/fonts/simfang.ttf"},
        "/media/u盘",
    )
    assert after.entry_types == before.entry_types


def test_year_stats_are_hand_countable(ledger: Ledger, area_ids: dict[str, int]) -> None:
    def add(area: str, date: str, people: int | None, hours: float | None = None) -> int:
        return ledger.entries.add(
            EntryDraft(
                area_id=area_ids[area],
                date=date,
                name="活动",
                participants=people,
                volunteer_hours=hours,
            )
        ).id

    add("志愿服务", "2019-03-05", 30, 60)
    add("志愿服务", "2019-03-20", None, 12.5)
    add("法治建设", "2019-12-04", 100)
    gone = add("法治建设", "2019-12-05", 999)
    add("法治建设", "2020-01-01", 7)
    ledger.entries.move_to_trash([gone])

    stats = ledger.year_stats(2019)
    by_area = {area.short_name: figures for area, figures in stats.areas}
    assert (by_area["志愿服务"].entries, by_area["志愿服务"].participants) == (2, 30)
    assert by_area["志愿服务"].volunteer_hours == 72.5
    assert (by_area["法治建设"].entries, by_area["法治建设"].participants) == (1, 100)
    assert by_area["组织领导"].entries == 0
    assert stats.months[2].entries == 2 and stats.months[11].participants == 100
    assert (stats.total.entries, stats.total.participants) == (3, 130)
    assert ledger.year_stats(1990).total.entries == 0
