"""Drafting the annual summary from entries, and keeping the clerk's edits."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from tests.seed import SECTION_HEADINGS
from wenming_desktop.books.draft import EntryDraft
from wenming_desktop.books.query import EntryQuery
from wenming_desktop.ledger import Ledger
from wenming_desktop.store import migrate
from wenming_desktop.summary.document import SIGNATURE_DATE, TITLE, section_key
from wenming_desktop.wording import (
    chinese_date,
    chinese_number,
    ordinal_item,
    paragraph_runs,
)

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.mark.parametrize(
    ("number", "text"),
    [
        (1, "一"),
        (9, "九"),
        (10, "十"),
        (11, "十一"),
        (19, "十九"),
        (20, "二十"),
        (21, "二十一"),
        (99, "九十九"),
        (100, "一百"),
        (101, "一百零一"),
        (110, "一百一十"),
        (999, "九百九十九"),
    ],
)
def test_chinese_numbers(number: int, text: str) -> None:
    assert chinese_number(number) == text
    assert ordinal_item(number) == text + "是"


def test_dates_are_not_zero_padded() -> None:
    assert chinese_date(dt.date(2019, 3, 5)) == "2019年3月5日"
    assert chinese_date(dt.date(2019, 12, 31)) == "2019年12月31日"


def test_heading_sentence_is_its_own_run() -> None:
    assert paragraph_runs("一、重视组织领导，认真履职尽责。区总工会高度重视") == [
        ("一、重视组织领导，认真履职尽责。", "heading1"),
        ("区总工会高度重视", "body"),
    ]
    assert paragraph_runs("（二）加强学习。内容")[0] == ("（二）加强学习。", "heading2")
    assert paragraph_runs("十一是开展活动。") == [("十一是开展活动。", "body")]


def _add(
    ledger: Ledger,
    area: int,
    name: str,
    date: str,
    people: int | None = None,
    hours: float | None = None,
    content: str = "",
) -> None:
    ledger.entries.add(
        EntryDraft(
            area_id=area,
            date=date,
            name=name,
            participants=people,
            volunteer_hours=hours,
            content=content,
        )
    )


def test_sample_draft_has_the_seeds_structure(sample_ledger: Ledger) -> None:
    summary = sample_ledger.summaries.draft(2019)
    assert summary.title == "区总工会2019年精神文明建设工作总结"
    paragraphs = summary.body_paragraphs()
    assert paragraphs[0].startswith("2019年，区总工会")
    sections = [p for p in paragraphs if p[:2] in {h[:2] for h in SECTION_HEADINGS}]
    assert [
        s[: len(h)] for s, h in zip(sections, SECTION_HEADINGS, strict=True)
    ] == SECTION_HEADINGS
    assert summary.signature == ("区总工会", "2019年12月31日")
    for section in sections:
        assert "全年开展活动" in section and "一是" in section and "二是" in section


def test_figures_items_and_grouping_from_known_entries(
    ledger: Ledger, area_ids: dict[str, int]
) -> None:
    env = area_ids["环境建设"]
    for quarter, date in (
        ("第一季度", "2019-03-28"),
        ("第二季度", "2019-06-27"),
        ("第三季度", "2019-09-26"),
        ("第四季度", "2019-12-26"),
    ):
        _add(ledger, env, f"{quarter}办公环境卫生检查", date, 20)
    _add(ledger, env, "修订卫生管理制度", "2019-02-01", content="修订完善卫生管理制度。")
    _add(ledger, env, "往年的检查", "2018-05-01", 99)
    volunteer = area_ids["志愿服务"]
    _add(ledger, volunteer, "学雷锋志愿服务", "2019-03-05", 30, 60, "组织志愿者清扫街巷。")
    section = ledger.summaries.draft(2019).text(
        section_key(next(a.uuid for a in ledger.areas.all() if a.id == env))
    )
    assert section.startswith("六、强化环境建设，优化自身形象。")
    assert "全年开展活动5次，参与职工80人次。" in section
    assert "一是修订完善卫生管理制度。" in section
    assert "二是定期开展办公环境卫生检查，全年共4次，参与职工80人次。" in section
    assert "三是" not in section and "99" not in section

    volunteer_text = ledger.summaries.draft(2019).text(
        section_key(next(a.uuid for a in ledger.areas.all() if a.id == volunteer))
    )
    assert "全年开展活动1次，参与职工30人次，志愿服务时长60小时。" in volunteer_text
    assert volunteer_text.endswith("组织志愿者清扫街巷。")  # one item: no 一是
    assert "一是" not in volunteer_text


def test_more_than_ten_items_count_on_in_chinese(ledger: Ledger, area_ids: dict[str, int]) -> None:
    area = area_ids["宣传教育"]
    for day in range(1, 13):
        _add(
            ledger,
            area,
            f"专题活动{chinese_number(day)}号",
            f"2019-05-{day:02d}",
            content=f"开展第{day}项专题宣传。",
        )
    text = ledger.summaries.draft(2019).text(
        section_key(next(a.uuid for a in ledger.areas.all() if a.id == area))
    )
    assert "十一是开展第11项专题宣传。十二是开展第12项专题宣传。" in text


def test_empty_year_still_drafts_every_part(ledger: Ledger) -> None:
    summary = ledger.summaries.draft(2030)
    assert len(summary.parts) == 11
    assert all("请补充" in summary.text(section_key(a.uuid)) for a in ledger.areas.all())
    assert summary.text(SIGNATURE_DATE) == "2030年12月31日"


def test_unit_name_setting_reaches_title_and_signature(ledger: Ledger) -> None:
    ledger.settings.update(unit_name="市总工会")
    summary = ledger.summaries.draft(2019)
    assert summary.title == "市总工会2019年精神文明建设工作总结"
    assert summary.signature[0] == "市总工会"


def test_edits_are_kept_and_regenerating_asks_only_about_edited_parts(
    sample_ledger: Ledger,
) -> None:
    summaries = sample_ledger.summaries
    summary = summaries.load_or_draft(2019)
    assert summaries.edited_parts(2019) == []
    summaries.book.save_text(2019, TITLE, "  区总工会2019年度精神文明建设工作总结  ")
    assert [p.label for p in summaries.edited_parts(2019)] == ["标题"]
    assert summaries.load_or_draft(2019).title == "区总工会2019年度精神文明建设工作总结"
    first_area = sample_ledger.areas.all()[0]
    summaries.regenerate(2019, [section_key(first_area.uuid)])
    assert summaries.load(2019).title == "区总工会2019年度精神文明建设工作总结"  # untouched
    summaries.regenerate(2019)
    assert summaries.load(2019).title == summary.title
    assert summaries.edited_parts(2019) == []


def test_summary_text_with_control_characters_is_refused(sample_ledger: Ledger) -> None:
    sample_ledger.summaries.load_or_draft(2019)
    with pytest.raises(Exception, match="控制字符"):
        sample_ledger.summaries.book.save_text(2019, TITLE, "标题\x00")


def test_renamed_areas_label_their_sections(sample_ledger: Ledger) -> None:
    from wenming_desktop.books.areas import AreaEdit

    areas = sample_ledger.areas.all()
    sample_ledger.areas.save([AreaEdit(a.id, a.short_name, a.heading) for a in reversed(areas)])
    labels = [p.label for p in sample_ledger.summaries.draft(2019).parts]
    assert labels[2:8] == [
        f"{chinese_number(n)}、{a.short_name}" for n, a in enumerate(reversed(areas), start=1)
    ]


def test_migration_from_schema_0001_keeps_the_data(tmp_path: Path) -> None:
    """A database written by the first release upgrades to the current schema intact."""
    folder = tmp_path / "old"
    folder.mkdir()
    shutil.copy(FIXTURES / "schema_0001.sqlite3", folder / "wenming.sqlite3")
    ledger = Ledger.open(folder)
    try:
        assert migrate.current_revision(ledger.database.engine) == migrate.SCHEMA_REVISION
        rows = ledger.entries.details(EntryQuery())
        assert [(r.uuid, r.name, r.participants, r.volunteer_hours) for r in rows] == [
            ("11111111-2222-4333-8444-555555555555", "学雷锋志愿服务", 30, 60.0)
        ]
        assert ledger.settings.load().unit_name == "测试区总工会"
        # Migration 0004 indexed the entries that were already there.
        assert [r.name for r in ledger.entries.rows(EntryQuery(text="雷锋志愿"))] == [
            "学雷锋志愿服务"
        ]
        assert (
            ledger.summaries.load_or_draft(2019).title == "测试区总工会2019年精神文明建设工作总结"
        )
    finally:
        ledger.close()
