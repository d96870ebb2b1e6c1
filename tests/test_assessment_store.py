"""Storing 测评体系: the tree round trip, the year's system, evidence links and 自评."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import text

from wenming_desktop.books.assessment import KEEP, AssessmentBook
from wenming_desktop.books.draft import EntryDraft
from wenming_desktop.books.indicators import Content, IndicatorSystem, Item, Standard, VetoItem
from wenming_desktop.books.query import EntryQuery
from wenming_desktop.errors import UserError, ValidationError
from wenming_desktop.ledger import Ledger
from wenming_desktop.store import migrate
from wenming_desktop.store.database import Database

SYSTEM = IndicatorSystem(
    name="2026年度区级文明单位测评体系",
    items=(
        Item(
            "一",
            "思想道德建设",
            20.0,
            (
                Content(
                    "（一）",
                    "理论学习",
                    10.0,
                    (
                        Standard("1", "建立理论学习制度", 4.0, "材料审核", "学习制度文件"),
                        Standard("2", "每季度开展集中学习", 6.0, "实地考察", ""),
                    ),
                ),
                Content("（二）", "道德讲堂", None, (Standard("1", "每年举办道德讲堂", 10.0),)),
            ),
        ),
        Item("二", "志愿服务", None, (Content("（一）", "志愿服务队伍", 5.0),)),
        Item("三", "文明创建宣传"),
    ),
    bonus=(Standard("1", "获市级以上表彰", 2.0, "材料审核", "表彰文件"),),
    veto=(VetoItem("1", "发生重大安全责任事故"), VetoItem("2", "出现严重违法违纪行为")),
    deductions=(Standard("1", "被媒体曝光负面问题", 3.0),),
    stated_total=100.0,
    graded=True,
    problems=("合计与各项之和不符",),
)


@pytest.fixture
def book(ledger: Ledger) -> AssessmentBook:
    return AssessmentBook(ledger.database)


def _without_problems(system: IndicatorSystem) -> IndicatorSystem:
    return IndicatorSystem(
        name=system.name,
        items=system.items,
        bonus=system.bonus,
        veto=system.veto,
        deductions=system.deductions,
        stated_total=system.stated_total,
        graded=system.graded,
    )


def test_a_saved_system_loads_as_the_same_tree(book: AssessmentBook) -> None:
    system_id = book.save_system(SYSTEM, "测评体系.xlsx")
    assert book.load(system_id) == _without_problems(SYSTEM)
    [info] = book.systems()
    assert (info.id, info.name, info.source) == (system_id, SYSTEM.name, "测评体系.xlsx")
    assert (info.graded, info.stated_total, info.report_limit, info.years) == (
        True,
        100.0,
        500,
        (),
    )
    assert isinstance(info.imported_at, dt.datetime)


def test_an_empty_system_round_trips(book: AssessmentBook) -> None:
    empty = IndicatorSystem(name="空体系")
    assert book.load(book.save_system(empty, "")) == empty


def test_nodes_come_in_table_order_with_their_parents(book: AssessmentBook) -> None:
    nodes = book.load_nodes(book.save_system(SYSTEM, "a.docx"))
    assert [n.position for n in nodes] == list(range(len(nodes)))
    assert [n.kind for n in nodes] == [
        "item",
        "content",
        "standard",
        "standard",
        "content",
        "standard",
        "item",
        "content",
        "item",
        "bonus",
        "deduction",
        "veto",
        "veto",
    ]
    by_id = {n.id: n for n in nodes}
    standard = nodes[3]
    assert (standard.code, standard.text, standard.points) == ("2", "每季度开展集中学习", 6.0)
    assert standard.method == "实地考察"
    content = by_id[standard.parent_id] if standard.parent_id else None
    assert content is not None and content.text == "理论学习"
    assert content.parent_id == nodes[0].id and nodes[0].parent_id is None
    assert all(n.parent_id is None for n in nodes if n.kind in ("bonus", "deduction", "veto"))


def test_each_system_keeps_its_own_nodes(book: AssessmentBook) -> None:
    first = book.save_system(SYSTEM, "a.xlsx")
    second = book.save_system(IndicatorSystem(name="另一体系", veto=(VetoItem("", "否决"),)), "")
    assert [s.id for s in book.systems()] == [second, first]
    assert book.load(second).veto == (VetoItem("", "否决"),)
    assert book.load(first) == _without_problems(SYSTEM)


def test_bad_values_are_refused(book: AssessmentBook) -> None:
    bad = IndicatorSystem(name="体系", bonus=(Standard("1", "加分", float("nan")),))
    with pytest.raises(ValidationError):
        book.save_system(bad, "")
    assert book.systems() == []
    with pytest.raises(ValidationError):
        book.save_system(SYSTEM, "", report_limit=0)


def test_each_year_uses_one_system(book: AssessmentBook) -> None:
    first = book.save_system(SYSTEM, "")
    second = book.save_system(SYSTEM, "")
    assert book.system_for_year(2026) is None
    book.use_for_year(2026, first)
    book.use_for_year(2025, first)
    assert book.system_for_year(2026) == first
    book.use_for_year(2026, second)
    assert book.system_for_year(2026) == second
    assert {s.id: s.years for s in book.systems()} == {first: (2025,), second: (2026,)}
    book.use_for_year(2025, None)
    assert book.system_for_year(2025) is None
    with pytest.raises(UserError):
        book.use_for_year(2024, 999)


def test_links_are_unique_and_removable(book: AssessmentBook) -> None:
    nodes = book.load_nodes(book.save_system(SYSTEM, ""))
    standard, bonus = nodes[2].id, nodes[9].id
    book.link(standard, ["u1", "u2", "u1"], 2026)
    book.link(standard, ["u2", "u3"], 2026)
    book.link(bonus, ["u1"], 2026)
    book.link(bonus, ["old"], 2025)
    assert book.links(2026) == {standard: ["u1", "u2", "u3"], bonus: ["u1"]}
    assert book.links(2025) == {bonus: ["old"]}
    book.unlink(standard, ["u2", "never"])
    assert book.links(2026)[standard] == ["u1", "u3"]
    with pytest.raises(UserError):
        book.link(99999, ["u1"], 2026)


def test_deleting_a_system_removes_its_nodes_links_scores_and_years(
    ledger: Ledger, book: AssessmentBook
) -> None:
    kept = book.save_system(SYSTEM, "")
    gone = book.save_system(SYSTEM, "")
    kept_node = book.load_nodes(kept)[2].id
    gone_node = book.load_nodes(gone)[2].id
    book.use_for_year(2026, gone)
    book.use_for_year(2025, kept)
    book.link(kept_node, ["u1"], 2026)
    book.link(gone_node, ["u1"], 2026)
    book.set_score(gone_node, 2026, self_score=3.0)
    book.delete_system(gone)
    assert [s.id for s in book.systems()] == [kept]
    assert book.system_for_year(2026) is None and book.system_for_year(2025) == kept
    assert book.links(2026) == {kept_node: ["u1"]}
    assert book.scores(2026) == {}
    with ledger.database.reading() as session:
        count = session.execute(
            text("SELECT count(*) FROM assessment_node WHERE system_id = :id"), {"id": gone}
        ).scalar()
    assert count == 0
    with pytest.raises(UserError):
        book.load(gone)


def test_scores_change_only_the_fields_given(book: AssessmentBook) -> None:
    nodes = book.load_nodes(book.save_system(SYSTEM, ""))
    standard, veto = nodes[2].id, nodes[11].id
    score = book.set_score(standard, 2026, self_score=3.5)
    assert (score.self_score, score.grade, score.report, score.confirmed) == (3.5, None, "", False)
    book.set_score(standard, 2026, grade="b", report="  已建立制度。\r\n见附件。 ")
    book.set_score(veto, 2026, confirmed=True)
    book.set_score(standard, 2025, self_score=1.0)
    scores = book.scores(2026)
    assert set(scores) == {standard, veto}
    assert (scores[standard].self_score, scores[standard].grade) == (3.5, "B")
    assert scores[standard].report == "已建立制度。\n见附件。"
    assert scores[veto].confirmed is True
    assert book.scores(2025)[standard].self_score == 1.0
    cleared = book.set_score(standard, 2026, self_score=None, grade=None, report=KEEP)
    assert (cleared.self_score, cleared.grade, cleared.report) == (
        None,
        None,
        "已建立制度。\n见附件。",
    )
    with pytest.raises(ValidationError):
        book.set_score(standard, 2026, grade="D")
    with pytest.raises(ValidationError):
        book.set_score(standard, 2026, self_score=float("inf"))
    with pytest.raises(UserError):
        book.set_score(99999, 2026, self_score=1.0)


def test_the_report_limit_can_be_changed(book: AssessmentBook) -> None:
    system_id = book.save_system(SYSTEM, "", report_limit=800)
    assert book.systems()[0].report_limit == 800
    book.set_report_limit(system_id, 300)
    assert book.systems()[0].report_limit == 300
    with pytest.raises(ValidationError):
        book.set_report_limit(system_id, -1)


def test_a_read_only_ledger_reads_but_does_not_write(data_dir: Path) -> None:
    ledger = Ledger.open(data_dir)
    system_id = AssessmentBook(ledger.database).save_system(SYSTEM, "")
    ledger.close()
    reader = Ledger.open(data_dir, read_only="测试")
    try:
        book = AssessmentBook(reader.database)
        assert book.read_only
        assert book.load(system_id) == _without_problems(SYSTEM)
        with pytest.raises(UserError):
            book.save_system(SYSTEM, "")
        with pytest.raises(UserError):
            book.use_for_year(2026, system_id)
    finally:
        reader.close()


def test_the_migration_applies_to_a_ledger_at_0006_and_keeps_the_data(tmp_path: Path) -> None:
    folder = tmp_path / "old"
    folder.mkdir()
    database = Database(folder / "wenming.sqlite3")
    migrate.upgrade(database.engine, "0006")
    with database.writing() as session:
        session.execute(
            text(
                "INSERT INTO entry (uuid, area_id, date, name, kind, location, organizer,"
                " participants, content, remarks, is_sample, created_at, updated_at)"
                " VALUES ('11111111-2222-4333-8444-555555555555', 1, '2026-03-05',"
                " '学雷锋志愿服务', '志愿服务', '', '', 30, '', '', 0,"
                " '2026-03-05 08:00:00', '2026-03-05 08:00:00')"
            )
        )
    assert migrate.current_revision(database.engine) == "0006"
    database.close()
    ledger = Ledger.open(folder)
    try:
        assert migrate.current_revision(ledger.database.engine) == migrate.SCHEMA_REVISION
        [entry] = ledger.entries.details(EntryQuery())
        assert (entry.uuid, entry.name, entry.participants) == (
            "11111111-2222-4333-8444-555555555555",
            "学雷锋志愿服务",
            30,
        )
        book = AssessmentBook(ledger.database)
        system_id = book.save_system(SYSTEM, "")
        node = book.load_nodes(system_id)[2].id
        book.link(node, [entry.uuid], 2026)
        assert book.links(2026) == {node: [entry.uuid]}
        ledger.entries.add(EntryDraft(area_id=1, date="2026-04-01", name="道德讲堂"))
        assert len(ledger.entries.details(EntryQuery())) == 2
    finally:
        ledger.close()
