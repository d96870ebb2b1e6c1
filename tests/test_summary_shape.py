"""The summary of a real-sized year reads like a summary, and stays true to the ledger."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

from tests.year_shapes import add_realistic_year
from wenming_desktop.actions.summary import export_summary, refresh_summary
from wenming_desktop.books.draft import EntryDraft
from wenming_desktop.books.query import EntryQuery
from wenming_desktop.ledger import Ledger
from wenming_desktop.reports.fonts import resolve_fonts
from wenming_desktop.reports.summary_pdf import write_summary_pdf
from wenming_desktop.summary.document import (
    CLOSING,
    OPENING,
    SIGNATURE_UNIT,
    TITLE,
    AnnualSummary,
    section_key,
)
from wenming_desktop.wording import chinese_number

YEAR = 2021
_ITEM = re.compile(r"[。；]([一二三四五六七八九十]+)是")
_NUMBERS = {chinese_number(n): n for n in range(1, 30)}


def repeated_runs(text: str, size: int = 20) -> set[str]:
    seen: set[str] = set()
    repeated: set[str] = set()
    for start in range(len(text) - size + 1):
        run = text[start : start + size]
        if run in seen:
            repeated.add(run)
        seen.add(run)
    return repeated


def items_per_section(summary: AnnualSummary, ledger: Ledger) -> list[int]:
    counts = []
    for area in ledger.areas.all():
        text = summary.text(section_key(area.uuid))
        numbers = [_NUMBERS[found] for found in _ITEM.findall(text)]
        assert numbers == list(range(1, len(numbers) + 1)), text
        counts.append(len(numbers))
    return counts


@pytest.mark.parametrize("count", [400, 3000])
def test_a_real_sized_year_reads_as_a_summary(ledger: Ledger, count: int) -> None:
    add_realistic_year(ledger, count, YEAR, seed=count)
    summary = ledger.summaries.draft(YEAR)
    body = "".join(summary.body_paragraphs())
    assert 1500 <= len(body) <= 6500
    assert repeated_runs(body) == set()
    sentences = [s for s in re.split(r"[。；]", body) if len(s) > 6]
    assert len(sentences) == len(set(sentences))

    entries = ledger.entries.details(EntryQuery(year=YEAR))
    people = sum(e.participants or 0 for e in entries)
    assert f"全年共开展各类活动{count}次，参与职工{people}人次" in summary.text(OPENING)

    by_area = {a.id: 0 for a in ledger.areas.all()}
    for entry in entries:
        by_area[entry.area_id] += 1
    for area, items in zip(ledger.areas.all(), items_per_section(summary, ledger), strict=True):
        assert items <= (8 if by_area[area.id] >= 100 else 6)
        assert f"{by_area[area.id]}次" in summary.text(section_key(area.uuid))

    pages = write_summary_pdf(summary, io.BytesIO(), fonts=resolve_fonts()).pages
    assert pages <= 9


def test_staleness_is_shown_and_refreshing_keeps_edited_parts(sample_ledger: Ledger) -> None:
    summaries = sample_ledger.summaries
    summaries.load_or_draft(2019)
    assert summaries.staleness(2019).stale is False

    areas = sample_ledger.areas.all()
    volunteer, law = areas[3], areas[4]
    summaries.save_text(2019, section_key(law.uuid), "五、强化法治建设。我们自己写的法治部分。")
    for day in range(1, 10):
        area = volunteer if day <= 6 else law
        sample_ledger.entries.add(
            EntryDraft(
                area_id=area.id, date=f"2019-06-{day:02d}", name=f"新活动{day}", participants=5
            ),
            is_sample=True,
        )
    staleness = summaries.staleness(2019)
    assert staleness.changed == 9
    assert [p.label for p in staleness.parts] == ["开头", "四、志愿服务", "五、法治建设"]
    assert staleness.notice().startswith(
        "台账有 9 条新记录/修改，以下部分的数字可能已过时：开头、四、五。"
    )
    assert "其中五您修改过" in staleness.notice()

    refreshed = refresh_summary(sample_ledger, 2019)
    assert [p.label for p in refreshed.updated] == ["开头", "四、志愿服务"]
    assert [p.label for p in refreshed.kept] == ["五、法治建设"]
    summary = summaries.load(2019)
    assert "全年共开展各类活动52次" in summary.text(OPENING)
    assert summary.text(section_key(law.uuid)) == "五、强化法治建设。我们自己写的法治部分。"
    assert summaries.staleness(2019).stale is False


def test_the_unit_name_follows_settings_unless_the_clerk_wrote_it(sample_ledger: Ledger) -> None:
    summaries = sample_ledger.summaries
    summaries.load_or_draft(2019)
    sample_ledger.settings.update(unit_name="市总工会")
    summary = summaries.load(2019)
    assert summary.title == "市总工会2019年精神文明建设工作总结"
    assert summary.text(SIGNATURE_UNIT) == "市总工会"
    staleness = summaries.staleness(2019)
    assert {p.key for p in staleness.renamed} == {
        OPENING,
        CLOSING,
        section_key(sample_ledger.areas.all()[0].uuid),
    }
    refresh_summary(sample_ledger, 2019)
    assert "区总工会" not in summaries.load(2019).plain_text()

    summaries.save_text(2019, TITLE, "市总工会2019年度文明创建工作总结")
    sample_ledger.settings.update(unit_name="县总工会")
    summary = summaries.load(2019)
    assert summary.title == "市总工会2019年度文明创建工作总结"  # the clerk's own title
    assert summary.text(SIGNATURE_UNIT) == "县总工会"


def test_export_tells_of_placeholders_stale_parts_and_sample_data(
    sample_ledger: Ledger, tmp_path: Path
) -> None:
    result = export_summary(sample_ledger, 2019, tmp_path / "总结.pdf")
    assert any("示例数据（43 条示例记录）" in note for note in result.notes)
    assert any("XX" in note and "三" in note for note in result.notes)  # “XX区爱岗敬业…”
    sample_ledger.entries.add(
        EntryDraft(area_id=sample_ledger.areas.all()[0].id, date="2019-05-05", name="新会议")
    )
    result = export_summary(sample_ledger, 2019, tmp_path / "总结.docx")
    assert any(note.startswith("台账有 1 条新记录/修改") for note in result.notes)
    result = export_summary(sample_ledger, 2019, tmp_path / "总结.docx", refresh=True)
    assert not any("台账有" in note for note in result.notes)
