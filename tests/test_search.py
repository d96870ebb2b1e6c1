"""Search through the character-pair index: same answers as reading every text, kept in
step with every way entries are written."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, create_engine, delete, event, insert, select, text, update
from sqlalchemy.pool import StaticPool

from wenming_desktop.books.draft import EntryDraft
from wenming_desktop.books.query import EntryQuery, apply_filters, index_page
from wenming_desktop.errors import ValidationError
from wenming_desktop.ledger import Ledger
from wenming_desktop.store import migrate, search_index
from wenming_desktop.store.models import Base, Entry, WorkArea

FIELDS = search_index.SEARCHED_FIELDS
# Lower-case letters only, so ASCII-only case folding and casefold() agree; a full-width
# letter, digit and bracket, and GLOB's wildcards. Terms may hold zero-width spaces
# (search drops them); stored text never does (saving drops them, see below).
ALPHABET = "普法宣传志愿服务ab1，.%_ \nａ１］*?[^-"
texts = st.text(alphabet=ALPHABET, max_size=12)
terms = st.text(
    alphabet=ALPHABET.replace(" ", "").replace("\n", "") + "\u200b", min_size=1, max_size=4
)


@pytest.fixture(scope="module")
def engine() -> Iterator[Engine]:
    engine = create_engine("sqlite://", poolclass=StaticPool)
    event.listen(engine, "connect", lambda dbapi, _r: search_index.register(dbapi))
    Base.metadata.create_all(engine)
    with engine.begin() as connection:
        for statement in search_index.create_statements():
            connection.exec_driver_sql(statement)
        connection.execute(
            insert(WorkArea),
            [{"id": 1, "uuid": "a", "position": 1, "short_name": "a", "heading": "a"}],
        )
    yield engine
    engine.dispose()


def _row(document: tuple[str, ...]) -> dict[str, str]:
    fields = dict(zip(FIELDS, document, strict=True))
    fields["name"] = "【" + fields["name"]  # a name may not be empty; no term holds 【
    return fields


def _store(engine: Engine, documents: list[tuple[str, ...]]) -> None:
    with engine.begin() as connection:
        connection.execute(delete(Entry))  # the delete trigger must leave nothing behind
        if documents:
            connection.execute(
                insert(Entry),
                [
                    _row(document)
                    | {"id": n, "uuid": str(n), "area_id": 1, "date": dt.date(2019, 1, 1)}
                    for n, document in enumerate(documents, start=1)
                ],
            )


def _found(engine: Engine, query_text: str) -> set[int]:
    statement = apply_filters(select(Entry.id), EntryQuery(text=query_text))
    with engine.connect() as connection:
        return set(connection.scalars(statement))


def _expected(documents: list[tuple[str, ...]], query_text: str) -> set[int]:
    """Every term, folded (full-width as half-width, no zero-width), in a folded field."""
    fold = search_index.fold
    return {
        n
        for n, document in enumerate(documents, start=1)
        if all(
            any(term in fold(field) for field in document)
            for term in search_index.search_terms(query_text)
        )
    }


document = st.tuples(*[texts] * len(FIELDS))


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(documents=st.lists(document, max_size=6), query=st.lists(terms, min_size=1, max_size=2))
def test_search_finds_exactly_the_entries_holding_every_term(
    engine: Engine, documents: list[tuple[str, ...]], query: list[str]
) -> None:
    _store(engine, documents)
    query_text = " ".join(query)
    assert _found(engine, query_text) == _expected(documents, query_text)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(before=document, after=document, term=terms)
def test_an_edited_entry_is_found_by_its_new_text_only(
    engine: Engine, before: tuple[str, ...], after: tuple[str, ...], term: str
) -> None:
    _store(engine, [before])
    with engine.begin() as connection:
        connection.execute(update(Entry).where(Entry.id == 1).values(_row(after)))
    assert _found(engine, term) == _expected([after], term)


def test_terms_are_split_into_character_pairs() -> None:
    assert search_index.index_terms("开展普法宣传", "", None) == "开展 展普 普法 法宣 宣传 传"
    assert search_index.index_terms("Word 2019版。") == "wo or rd d 20 01 19 9版 版"
    assert search_index.match_term("普法宣传").expression == '"普法 法宣 宣传"'
    assert search_index.match_term("法") == search_index.TermMatch('"法"*', exact=True)
    assert search_index.match_term("3.5") == search_index.TermMatch('"3"* AND "5"*', exact=False)
    assert search_index.match_term("%") == search_index.TermMatch(None, exact=False)
    # Folded: full-width letters and digits are the half-width ones; zero-width goes.
    assert search_index.index_terms("２０１９年ＡＢＣ") == "20 01 19 9年 年a ab bc c"
    assert search_index.index_terms("普\u200b法\ufeff") == "普法 法"
    assert search_index.match_term("ＡＢＣ２") == search_index.TermMatch('"ab bc c2"', exact=True)
    assert search_index.search_terms("\u200b ２０１９\u3000普\u2060法") == ["2019", "普法"]


def test_search_ignores_case_beyond_ascii(ledger: Ledger, area_ids: dict[str, int]) -> None:
    draft = EntryDraft(area_id=area_ids["宣传教育"], date="2019-05-01", name="WPS 与 Ärzte 培训")
    ledger.entries.add(draft)
    for query_text in ("wps", "WpS", "ärzte", "ÄRZTE"):
        assert [r.name for r in ledger.entries.rows(EntryQuery(text=query_text))] == [draft.name]


def test_every_way_of_writing_keeps_the_index(ledger: Ledger, area_ids: dict[str, int]) -> None:
    area = area_ids["宣传教育"]
    added = ledger.entries.add(EntryDraft(area_id=area, date="2019-05-01", name="职工书屋开放"))
    found = lambda words: [r.id for r in ledger.entries.rows(EntryQuery(text=words))]  # noqa: E731
    assert found("书屋") == [added.id]
    ledger.entries.update(
        added.id, EntryDraft(area_id=area, date="2019-05-01", name="读书分享会", content="书香")
    )
    assert found("书屋") == [] and found("书香") == [added.id] and found("分享") == [added.id]
    ledger.entries.move_to_trash([added.id])
    assert found("分享") == []
    assert [r.id for r in ledger.entries.rows(EntryQuery(text="分享", in_trash=True))] == [added.id]
    ledger.entries.restore([added.id])
    assert found("分享") == [added.id]


def test_sample_and_check_agree_with_reading_every_text(sample_ledger: Ledger) -> None:
    """On the real sample: every pair of adjacent characters finds what LIKE finds."""
    details = sample_ledger.entries.details(EntryQuery())
    haystacks = {
        d.id: [d.name, d.kind, d.location, d.organizer, d.content, d.remarks] for d in details
    }
    probes = {
        name[i : i + n]
        for d in details
        for name in (d.name,)
        for n in (1, 2, 4)
        for i in range(len(name) - n + 1)
    }
    assert len(probes) > 100
    for probe in sorted(probes):
        expected = {
            i
            for i, fields in haystacks.items()
            if any(probe.casefold() in f.casefold() for f in fields)
        }
        assert {r.id for r in sample_ledger.entries.rows(EntryQuery(text=probe))} == expected, probe


def test_the_index_is_used_not_a_scan(ledger: Ledger) -> None:
    statement = apply_filters(select(Entry.id), EntryQuery(area_id=1, text="普法"))
    compiled = statement.compile(ledger.database.engine, compile_kwargs={"literal_binds": True})
    with ledger.database.reading() as session:
        plan = " ".join(row[-1] for row in session.execute(text(f"EXPLAIN QUERY PLAN {compiled}")))
    assert "VIRTUAL TABLE" in plan and "LIKE" not in str(compiled)


def test_an_index_built_by_other_terms_is_rebuilt_on_opening(sample_ledger: Ledger) -> None:
    """As after an upgrade whose Python has newer Unicode tables: the stamp differs, and the
    index (here given stale terms on purpose) is rebuilt from the entries."""
    folder = sample_ledger.folder.root
    victim = sample_ledger.entries.rows(EntryQuery())[0]
    with sample_ledger.database.writing() as session:
        stale = ["陈旧", *search_index.listing_terms(victim.area_id, victim.date, None)]
        session.execute(
            text("INSERT INTO entry_search (rowid, terms) VALUES (:key, :terms)"),
            {"key": search_index.row_key(victim.date, victim.id), "terms": " ".join(stale)},
        )
        session.execute(
            text("UPDATE setting SET value = '\"terms 0, Unicode 1.0\"' WHERE key = :key"),
            {"key": search_index.STAMP_KEY},
        )
    assert [r.id for r in sample_ledger.entries.rows(EntryQuery(text="陈旧"))] == [victim.id]
    sample_ledger.close()

    reopened = Ledger.open(folder)
    try:
        assert reopened.entries.rows(EntryQuery(text="陈旧")) == []
        assert victim.id in {r.id for r in reopened.entries.rows(EntryQuery(text=victim.name))}
        with reopened.database.reading() as session:
            stamp = session.execute(
                text("SELECT value FROM setting WHERE key = :key"), {"key": search_index.STAMP_KEY}
            ).scalar()
        assert search_index.is_current(stamp)
    finally:
        reopened.close()


def test_the_index_counts_every_listing_as_reading_the_rows_does(
    sample_ledger: Ledger, area_ids: dict[str, int]
) -> None:
    """The listing terms (area, live/trash, year, month) follow every change of an entry."""
    entries = sample_ledger.entries
    rows = entries.rows(EntryQuery())
    entries.move_to_trash([rows[0].id, rows[5].id])
    moved = entries.get(rows[9].id)
    assert moved is not None
    draft = EntryDraft.from_detail(moved)
    entries.update(moved.id, replace(draft, area_id=area_ids["环境建设"], date="2018-02-03"))
    assert entries.totals(EntryQuery(year=2018, month=2, area_id=area_ids["环境建设"])).count == 1
    entries.restore([rows[5].id])
    terms = ["职工", "活动", "学", "宣传教育", "2019"]
    checked = 0
    for in_trash in (False, True):
        for area in (None, *area_ids.values()):
            for year, month in ((None, None), (2019, None), (2019, 3), (2018, 2)):
                for term in terms:
                    query = EntryQuery(
                        area_id=area, year=year, month=month, text=term, in_trash=in_trash
                    )
                    assert entries.quick_count(query) == entries.totals(query).count, query
                    checked += entries.totals(query).count
    assert checked > 100
    assert entries.quick_count(EntryQuery(text="100%")) is None  # LIKE must check “%”
    assert entries.quick_count(EntryQuery(area_id=1)) is None


def test_a_search_by_date_is_paged_in_listing_order_from_the_index(
    ledger: Ledger, area_ids: dict[str, int]
) -> None:
    """The index's rowids are in listing order (date, then id): every page of a search
    sorted by date, either way, with ties, trash, moved dates, is the page of the listing."""
    rng = random.Random(7)
    areas = list(area_ids.values())[:2]
    days = [dt.date(2018, 1, 1) + dt.timedelta(days=rng.randrange(900)) for _ in range(25)]
    entries = ledger.entries
    for n in range(240):
        name = f"{'普法' if rng.random() < 0.6 else '读书'}活动{n}"
        entries.add(EntryDraft(area_id=rng.choice(areas), date=rng.choice(days), name=name))
    listed = entries.rows(EntryQuery())
    entries.move_to_trash([row.id for row in listed[::9]])
    for row in listed[3::17]:  # a new date moves the entry's index row
        detail = entries.get(row.id)
        assert detail is not None
        entries.update(row.id, replace(EntryDraft.from_detail(detail), date=rng.choice(days)))
    every = entries.details(EntryQuery()) + entries.details(EntryQuery(in_trash=True))
    assert len(every) == 240

    checked = 0
    for area in (None, areas[0]):
        for year in (None, days[0].year):
            for in_trash in (False, True):
                for descending in (False, True):
                    query = EntryQuery(
                        area_id=area,
                        year=year,
                        text="普法",
                        in_trash=in_trash,
                        sort="date",
                        descending=descending,
                    )
                    assert index_page(query, 0, 1) is not None
                    expected = [
                        e.id
                        for e in sorted(every, key=lambda e: (e.date, e.id), reverse=descending)
                        if "普法" in e.name
                        and (e.deleted_at is not None) == in_trash
                        and area in (None, e.area_id)
                        and year in (None, e.date.year)
                    ]
                    for offset, limit in ((0, 7), (5, 20), (len(expected) - 3, 50), (0, None)):
                        page = [r.id for r in entries.rows(query, max(offset, 0), limit)]
                        end = None if limit is None else max(offset, 0) + limit
                        assert page == expected[max(offset, 0) : end], (query, offset, limit)
                        checked += len(page)
    assert checked > 500


def _runs_by_characters(value: str) -> list[str]:
    runs, run = [], ""
    for char in value.casefold():
        if char.isalnum():
            run += char
        elif run:
            runs.append(run)
            run = ""
    return [*runs, run] if run else runs


@settings(max_examples=500, deadline=None)
@given(value=st.text())
def test_runs_are_the_letters_and_digits_python_calls_alphanumeric(value: str) -> None:
    """The index splits text with a regular expression; it must agree with isalnum()
    on every character (any Unicode, not only our alphabet)."""
    assert search_index._runs(value) == _runs_by_characters(value)


# -- full-width and half-width, zero-width characters --------------------------------
def _names(ledger: Ledger, words: str) -> list[str]:
    return sorted(r.name for r in ledger.entries.rows(EntryQuery(text=words)))


def test_full_width_and_half_width_letters_and_digits_find_each_other(
    ledger: Ledger, area_ids: dict[str, int]
) -> None:
    area = area_ids["宣传教育"]
    wide = ledger.entries.add(
        EntryDraft(area_id=area, date="2019-03-15", name="２０１９年ＡＢＣ培训")
    )
    narrow = ledger.entries.add(EntryDraft(area_id=area, date="2019-03-16", name="2019 abc 学习"))
    both = sorted([wide.name, narrow.name])
    for words in ("2019", "２０１９", "abc", "ABC", "ＡＢＣ", "ａｂｃ", "２0１9"):
        assert _names(ledger, words) == both, words
        assert ledger.entries.quick_count(EntryQuery(text=words)) == 2  # from the index
    assert _names(ledger, "９年") == [wide.name]
    assert wide.name == "２０１９年ＡＢＣ培训"  # stored as typed; only compared folded

    # A term holding punctuation is checked with LIKE: folded on both sides too.
    day = ledger.entries.add(
        EntryDraft(area_id=area, date="2019-03-15", name="３·１５消费者权益日")
    )
    assert ledger.entries.quick_count(EntryQuery(text="3·15")) is None
    assert _names(ledger, "3·15") == [day.name]
    assert _names(ledger, "３·１５") == [day.name]
    assert _names(ledger, "Ａ-") == []


def test_zero_width_characters_are_stripped_on_save_and_from_the_search(
    ledger: Ledger, area_ids: dict[str, int]
) -> None:
    """Pasted from a web page or a chat, they split a word so that it was not found."""
    area = area_ids["法治建设"]
    saved = ledger.entries.add(
        EntryDraft(
            area_id=area,
            date="2019-12-04",
            name="\ufeff普\u200b法宣\u2060传",
            location="区\u200c工会",
            content="宪法\u200d宣传日",
        )
    )
    assert (saved.name, saved.location, saved.content) == ("普法宣传", "区工会", "宪法宣传日")
    changed = ledger.entries.update(
        saved.id, EntryDraft(area_id=area, date="2019-12-04", name="法治\u200b讲座")
    )
    assert changed.name == "法治讲座"
    assert _names(ledger, "法治讲座") == ["法治讲座"]
    assert _names(ledger, "法\u200b治") == ["法治讲座"]  # typed (or pasted) into the search
    assert _names(ledger, "\u200b") == ["法治讲座"]  # no term at all: everything is listed
    with pytest.raises(ValidationError):  # nothing visible is no name
        ledger.entries.add(EntryDraft(area_id=area, date="2019-12-04", name="\u200b\ufeff"))


def test_migration_0006_strips_zero_width_characters_and_rebuilds_the_index(
    ledger: Ledger, area_ids: dict[str, int]
) -> None:
    """Entries saved before this version kept their zero-width characters: the migration
    takes them out (a name of nothing else keeps them) and indexes the entries folded."""
    folder = ledger.folder.root
    now = dt.datetime(2019, 1, 2, 3, 4, 5)
    old = {"created_at": now, "updated_at": now, "is_sample": False, "area_id": 1}
    with ledger.database.writing() as session:
        session.execute(
            insert(Entry),
            [
                old
                | {
                    "uuid": "a",
                    "date": dt.date(2019, 5, 1),
                    "name": "职工\u200b书屋",
                    "content": "开\ufeff放日",
                    "remarks": "",
                    "kind": "",
                    "location": "",
                    "organizer": "",
                },
                old
                | {
                    "uuid": "b",
                    "date": dt.date(2019, 5, 2),
                    "name": "\u200b",
                    "content": "",
                    "remarks": "",
                    "kind": "",
                    "location": "",
                    "organizer": "ＡＢＣ",
                },
            ],
        )
        for table in (  # the tables of the migrations after 0005, made again by them
            "assessment_score",
            "assessment_link",
            "assessment_year",
            "assessment_node",
            "assessment_system",
        ):
            session.execute(text(f"DROP TABLE {table}"))
        session.execute(text("UPDATE alembic_version SET version_num = '0005'"))
        session.execute(
            text("UPDATE setting SET value = '\"terms 3, Unicode 1.0\"' WHERE key = :key"),
            {"key": search_index.STAMP_KEY},
        )
    ledger.close()

    reopened = Ledger.open(folder)
    try:
        rows = {d.uuid: d for d in reopened.entries.details(EntryQuery())}
        assert (rows["a"].name, rows["a"].content) == ("职工书屋", "开放日")
        assert rows["a"].updated_at == now  # nothing the clerk sees changed
        assert rows["b"].name == "\u200b"
        assert _names(reopened, "书屋") == ["职工书屋"]
        assert _names(reopened, "开放") == ["职工书屋"]
        assert [r.uuid for r in reopened.entries.rows(EntryQuery(text="abc"))] == ["b"]
        with reopened.database.reading() as session:
            stamp = session.execute(
                text("SELECT value FROM setting WHERE key = :key"), {"key": search_index.STAMP_KEY}
            ).scalar()
            revision = session.execute(text("SELECT version_num FROM alembic_version")).scalar()
        assert search_index.is_current(stamp) and revision == migrate.SCHEMA_REVISION
    finally:
        reopened.close()
