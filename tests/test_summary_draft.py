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
from wenming_desktop.summary.document import OPENING, SIGNATURE_DATE, TITLE, section_key
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


def _section(ledger: Ledger, area_id: int, year: int = 2019) -> str:
    uuid = next(a.uuid for a in ledger.areas.all() if a.id == area_id)
    return ledger.summaries.draft(year).text(section_key(uuid))


def test_sample_draft_has_the_seeds_structure(sample_ledger: Ledger) -> None:
    summary = sample_ledger.summaries.draft(2019)
    assert summary.title == "区总工会2019年精神文明建设工作总结"
    paragraphs = summary.body_paragraphs()
    assert paragraphs[0].startswith("2019年，区总工会")
    assert "全年共开展各类活动43次，参与职工4075人次，志愿服务时长623小时" in paragraphs[0]
    sections = [p for p in paragraphs if p[:2] in {h[:2] for h in SECTION_HEADINGS}]
    assert [
        s[: len(h)] for s, h in zip(sections, SECTION_HEADINGS, strict=True)
    ] == SECTION_HEADINGS
    assert summary.signature == ("区总工会", "2019年12月31日")
    counts = [6, 7, 10, 8, 7, 5]  # the sample's entries per area
    for section, count in zip(sections, counts, strict=True):
        assert "一是" in section and "二是" in section
        assert "七是" not in section  # the seed never goes past 六是
        assert f"{count}次" in section.split("一是")[0]  # the area's figures, before the items
    # The seed's two 党员进社区 activities are one item, as the seed writes them.
    assert "走进华天社区、众志城社区和大学路社区开展志愿服务" in sections[3]
    # Honours lead the 宣传教育 section.
    assert sections[2].split("一是")[1].startswith("连续第五年开展“XX区爱岗敬业十佳职工”")
    assert 1800 <= len("".join(paragraphs)) <= 3600  # the seed has about 2,600 characters


def test_lead_and_first_item_never_say_the_same(sample_ledger: Ledger) -> None:
    environment = sample_ledger.areas.all()[5]
    text = _section(sample_ledger, environment.id)
    assert text.count("坚持以创建整洁、优美、文明、卫生的办公环境为目标") == 1
    assert "思想引领" not in _section(sample_ledger, sample_ledger.areas.all()[1].id)[16:]


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
    section = _section(ledger, env)
    assert section.startswith("六、强化环境建设，优化自身形象。")
    assert "5次，参加职工共计80人次。" in section
    assert "一是坚持每季度开展办公环境卫生检查。" in section  # 80人次 is not said twice
    assert section.count("80人次") == 1
    assert "二是修订完善卫生管理制度。" in section
    assert "三是" not in section and "99" not in section

    volunteer_text = _section(ledger, volunteer)
    assert "全年开展志愿服务相关活动1次，30人次参加，志愿服务时长60小时。" in volunteer_text
    assert volunteer_text.endswith("组织志愿者清扫街巷。")  # one item: no 一是
    assert "一是" not in volunteer_text


def test_many_one_off_activities_fold_into_at_most_six_items(
    ledger: Ledger, area_ids: dict[str, int]
) -> None:
    area = area_ids["宣传教育"]
    for day in range(1, 13):
        _add(
            ledger,
            area,
            f"专题活动{chinese_number(day)}号",
            f"2019-05-{day:02d}",
            people=10 * day,
            content=f"开展第{day}项专题宣传，职工反响热烈，进一步营造了良好氛围。",
        )
    text = _section(ledger, area)
    assert "六是" in text and "七是" not in text
    assert "12次" in text  # the area's figures


def test_a_very_busy_area_has_at_most_eight_items_and_numbers_them(
    ledger: Ledger, area_ids: dict[str, int]
) -> None:
    area = area_ids["宣传教育"]
    kinds = ["会议", "学习", "活动", "培训", "宣传", "检查", "制度建设", "其他", "志愿服务"]
    for number in range(1000):
        ledger.entries.add(
            EntryDraft(
                area_id=area,
                date=f"2019-{number % 12 + 1:02d}-{number % 28 + 1:02d}",
                name=f"第{chinese_number(number % 999 + 1)}项各不相同的工作{number}",
                kind=kinds[number % len(kinds)],
                participants=number % 50,
            )
        )
    text = _section(ledger, area)
    assert "八是" in text and "九是" not in text
    assert len(text) < 1200


def test_a_record_without_content_is_a_whole_sentence(
    ledger: Ledger, area_ids: dict[str, int]
) -> None:
    area = area_ids["宣传教育"]
    ledger.entries.add(
        EntryDraft(
            area_id=area,
            date="2019-01-02",
            name="元旦迎新职工文化周",
            kind="活动",
            location="区职工活动中心",
            participants=200,
        )
    )
    ledger.entries.add(
        EntryDraft(area_id=area, date="2019-03-02", name="职工读书月", kind="宣传", participants=80)
    )
    text = _section(ledger, area)
    assert "一是1月在区职工活动中心举办元旦迎新职工文化周，200人次参加。" in text
    assert "二是3月组织职工读书月，共有80人次参与。" in text


def test_activities_at_one_place_after_another_are_one_series(
    ledger: Ledger, area_ids: dict[str, int]
) -> None:
    area = area_ids["法治建设"]
    companies = [
        "宏达机械",
        "恒信科技",
        "华美建材",
        "鑫源物流",
        "永盛食品",
        "金鼎纺织",
        "天宇化工",
        "瑞丰电子",
    ]
    for month, company in enumerate(companies, start=1):
        _add(
            ledger,
            area,
            f"深入{company}有限公司开展法律体检",
            f"2019-{month:02d}-10",
            8,
            content=f"深入{company}有限公司检查劳动合同签订、工资支付等情况，提出整改建议。",
        )
    text = _section(ledger, area)
    assert "深入宏达机械有限公司、恒信科技有限公司等8家企业开展法律体检" in text
    assert "一是" not in text  # one theme
    assert "恒信科技有限公司检查" not in text  # the detail names no single company again


def test_empty_year_still_drafts_every_part(ledger: Ledger) -> None:
    summary = ledger.summaries.draft(2030)
    assert len(summary.parts) == 11
    texts = [summary.text(section_key(a.uuid)) for a in ledger.areas.all()]
    assert all("请补充" in text for text in texts)
    placeholders = [text[text.index("（") :] for text in texts]
    assert len(set(placeholders)) == 6  # each says which area it waits for
    assert summary.text(SIGNATURE_DATE) == "2030年12月31日"


def test_sample_entries_are_left_out_once_the_year_has_real_ones(sample_ledger: Ledger) -> None:
    summary = sample_ledger.summaries.draft(2019)
    assert summary.sample_entries == 43
    area = sample_ledger.areas.all()[3]
    _add(sample_ledger, area.id, "学雷锋志愿服务", "2019-03-05", 30, 60, "组织志愿者清扫街巷。")
    summary = sample_ledger.summaries.draft(2019)
    assert summary.sample_entries == 0
    assert "全年共开展各类活动1次" in summary.text(OPENING)
    assert "十佳职工" not in summary.plain_text()


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
