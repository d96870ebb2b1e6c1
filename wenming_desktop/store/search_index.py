"""Finding entries by any part of their text, fast, at 100,000 entries.

SQLite's FTS5 splits text into words, and Chinese has no spaces between words, so no
built-in tokenizer finds “普法” inside “开展普法宣传”. Instead every text is stored in
the ``entry_search`` FTS5 table as its overlapping character pairs::

    开展普法宣传  →  开展 展普 普法 法宣 宣传 传

A search term becomes the phrase of its own pairs (“普法宣传” → ``"普法 法宣 宣传"``),
which matches exactly where the term occurs; a single character is the prefix query
``"法"*`` (the lone last character of each run is stored for this). Runs break at
anything that is not a letter or digit, so a term holding punctuation is narrowed here
and then checked with ``GLOB`` by the caller (:attr:`TermMatch.exact` is false;
:func:`glob_pattern`).

Each entry also carries terms saying where it is listed (area, live or in the 回收站,
year, month), so a search's row count comes from the index alone, and its index row is
numbered in listing order: the rowid is :func:`row_key` — the entry's date, then its id
(``YYYYMMDD × 2³² + id``). FTS5 hands out hits in rowid order, so the first page of a
search listed by date is the first 200 hits, read without looking at the others (about
1 ms at 64,000 hits, where sorting every hit took 10–15 ms); :data:`ENTRY_ID` turns a
rowid back into the entry's id.

The table is contentless and kept up to date by triggers on ``entry`` that call
:func:`index_terms` as the SQL function :data:`FUNCTION_NAME`, registered on every
connection. Deleting a row from a contentless table needs the very terms it was
indexed with, so the index is stamped with :func:`terms_stamp` — the version of
:func:`index_terms` (and of the rowid) and of Python's Unicode tables, on which
``casefold``, ``isalnum`` and NFKC depend — and rebuilt when a newer app (or Python)
opens it: **changing** :func:`index_terms`, :func:`fold` **or** :func:`row_key` **means
bumping** :data:`TERMS_VERSION`.

Text and terms are compared as :func:`fold` makes them: zero-width characters (pasted
from web pages and chat programs, invisible on screen) are dropped, and NFKC makes
full-width letters and digits the half-width ones (“２０１９” is “2019”, “ＡＢＣ” is “ABC”).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
import sqlite3
import unicodedata
from dataclasses import dataclass

log = logging.getLogger(__name__)

TABLE = "entry_search"
TERMS_VERSION = 4  # 3: rowids in listing order (row_key); 4: folded (NFKC, no zero-width)
#: Starts the terms that say where an entry is listed (area, live or in the 回收站, year,
#: month): a private-use character, which no run of letters or digits can contain.
FILTER_MARK = "\ue000"
STAMP_KEY = "search_index_terms"  # a row of the ``setting`` table
FUNCTION_NAME = "wenming_search_terms"
SEARCHED_FIELDS = ("name", "kind", "location", "organizer", "content", "remarks")
LISTING_FIELDS = ("area_id", "date", "deleted_at")
_ID_BITS = 32
#: SQL: the entry id of an index row.
ENTRY_ID = f"{TABLE}.rowid & {(1 << _ID_BITS) - 1}"


def row_key(date: dt.date, entry_id: int) -> int:
    """The rowid of an entry's index row: ordered as the listing by date (date, then id)."""
    return (date.year * 10_000 + date.month * 100 + date.day) << _ID_BITS | entry_id


def _key(row: str) -> str:
    """:func:`row_key` in SQL (dates are stored as 'YYYY-MM-DD')."""
    day = f"coalesce(CAST(replace({row}.date, '-', '') AS INTEGER), 0)"
    return f"(({day} << {_ID_BITS}) | {row}.id)"


#: Characters that take no room and show nothing: zero width space, non-joiner, joiner,
#: word joiner and the byte order mark (also “zero width no-break space”).
ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"
_ZERO_WIDTH = re.compile(f"[{ZERO_WIDTH}]")


def strip_zero_width(text: str) -> str:
    """``text`` without its zero-width characters (they make a word unfindable)."""
    return _ZERO_WIDTH.sub("", text) if _ZERO_WIDTH.search(text) else text


def fold(text: str) -> str:
    """Text as search compares it: no zero-width characters, then NFKC (full-width
    letters and digits become half-width, compatibility characters their plain form).

    Text already in NFKC is asked (0.1 µs) rather than normalised (2–3 µs): the
    triggers fold every searched field of every entry written.
    """
    text = strip_zero_width(text)
    return text if unicodedata.is_normalized("NFKC", text) else unicodedata.normalize("NFKC", text)


#: A run of letters and digits: for str patterns ``\w`` is ``str.isalnum()`` plus "_".
_RUN = re.compile(r"[^\W_]+")


def _runs(text: str) -> list[str]:
    """Maximal runs of letters and digits, case-folded (a third faster than testing each
    character with ``isalnum()`` in Python; the triggers call this for every write)."""
    return _RUN.findall(text.casefold())


def _pairs(run: str) -> list[str]:
    return [run[i : i + 2] for i in range(len(run) - 1)]


def index_terms(*fields: str | None) -> str:
    """The space-separated terms stored for an entry's searched fields."""
    terms: list[str] = []
    for field in fields:
        if field:
            for run in _runs(fold(field)):
                terms.extend(_pairs(run))
                terms.append(run[-1])
    return " ".join(terms)


def listing_terms(area_id: int | None, date: object, deleted_at: object) -> list[str]:
    """Where the entry is listed, as terms: with them a search's row count comes from the
    index alone (a few ms for 64,000 hits) instead of reading every hit's row."""
    day = str(date or "")  # 'YYYY-MM-DD' from SQLite, or a date
    terms = [
        f"{FILTER_MARK}a{area_id}",
        f"{FILTER_MARK}{'live' if deleted_at is None else 'trash'}",
    ]
    if len(day) >= 7:
        terms += [f"{FILTER_MARK}y{day[:4]}", f"{FILTER_MARK}m{day[:4]}{day[5:7]}"]
    return terms


def entry_terms(*values: object) -> str:
    """All terms of an entry: its searched fields, then where it is listed (SQL function)."""
    fields, listing = values[: len(SEARCHED_FIELDS)], values[len(SEARCHED_FIELDS) :]
    text = index_terms(*(None if v is None else str(v) for v in fields))
    area_id, date, deleted_at = listing
    terms = listing_terms(area_id if isinstance(area_id, int) else None, date, deleted_at)
    return " ".join(filter(None, (text, " ".join(terms))))


def listing_expression(
    area_id: int | None, year: int | None, month: int | None, in_trash: bool
) -> str:
    """The FTS5 query for “listed with these filters”."""
    terms = [f"{FILTER_MARK}{'trash' if in_trash else 'live'}"]
    if area_id is not None:
        terms.append(f"{FILTER_MARK}a{area_id}")
    if year is not None:
        terms.append(f"{FILTER_MARK}m{year}{month:02d}" if month else f"{FILTER_MARK}y{year}")
    return " AND ".join(f'"{term}"' for term in terms)


@dataclass(frozen=True, slots=True)
class TermMatch:
    #: FTS5 query for the term, or None when it holds no letter or digit at all.
    expression: str | None
    #: True when the FTS match alone is the answer; else the caller checks with GLOB.
    exact: bool


def search_terms(text: str) -> list[str]:
    """The terms of what the clerk typed, folded (:func:`fold`), split at spaces (any
    width); a term of zero-width characters alone is no term."""
    return fold(text).split()


def match_term(term: str) -> TermMatch:
    """``term``: one of :func:`search_terms` (folded already; folding again changes nothing)."""
    folded = fold(term)
    runs = list(_runs(folded))
    parts = [f'"{run}"*' if len(run) == 1 else '"' + " ".join(_pairs(run)) + '"' for run in runs]
    if not parts:
        return TermMatch(None, exact=False)
    exact = len(runs) == 1 and runs[0] == folded.casefold()
    return TermMatch(" AND ".join(parts), exact)


def glob_pattern(term: str) -> str:
    """A ``GLOB`` pattern finding ``term`` (one of :func:`search_terms`) in a field as it
    is stored: each ASCII character also as its full-width form (“3·15” finds “３·１５”),
    letters in either case (as the LIKE before it). For a term holding punctuation, which
    the index only narrows: as quick as that LIKE, where folding every field of every
    hit in SQL took 1.7 s instead of 0.1 s for “职工。” (64,000 hits among 100,000).
    Stored text holds no zero-width characters: saving takes them out (books), and
    migration 0006 took them out of what was saved before.
    """
    parts = []
    for char in fold(term):
        if "!" <= char <= "~":  # every GLOB wildcard is one: each goes into a set
            forms = {char, char.lower(), char.upper()}
            wide = sorted(forms) + sorted(chr(ord(c) + _FULL_WIDTH_OFFSET) for c in forms)
            # In a set "-" and "]" are plain characters when first, "^" when not first.
            wide.sort(key=lambda c: (c not in "-]", c == "^"))
            parts.append(f"[{''.join(wide)}]")
        else:
            parts.append(char)
    return f"*{''.join(parts)}*"


#: From an ASCII character to its full-width form (FF01–FF5E).
_FULL_WIDTH_OFFSET = 0xFEE0


def register(connection: sqlite3.Connection) -> None:
    """Make :func:`index_terms` callable from SQL (the triggers need it) on ``connection``."""
    connection.create_function(
        FUNCTION_NAME, len(SEARCHED_FIELDS) + len(LISTING_FIELDS), entry_terms, deterministic=True
    )


def _call(row: str) -> str:
    fields = (*SEARCHED_FIELDS, *LISTING_FIELDS)
    return f"{FUNCTION_NAME}({', '.join(f'{row}.{field}' for field in fields)})"


def create_statements() -> list[str]:
    """The FTS5 table and the triggers that keep it in step with ``entry``."""
    return [
        # ascii: spaces separate our terms, every non-ASCII character is part of a term.
        f"CREATE VIRTUAL TABLE {TABLE} USING fts5("
        "terms, content='', columnsize=0, tokenize='ascii')",
        *trigger_statements(),
    ]


def trigger_statements() -> list[str]:
    """The triggers alone: a migration that rebuilds ``entry`` (batch mode) drops them
    with the old table and must create them again."""
    fields = ", ".join((*SEARCHED_FIELDS, *LISTING_FIELDS))
    insert = f"INSERT INTO {TABLE}(rowid, terms) VALUES ({_key('new')}, {_call('new')});"
    remove = (
        f"INSERT INTO {TABLE}({TABLE}, rowid, terms) "
        f"VALUES ('delete', {_key('old')}, {_call('old')});"
    )
    return [
        f"CREATE TRIGGER {TABLE}_after_insert AFTER INSERT ON entry BEGIN {insert} END",
        f"CREATE TRIGGER {TABLE}_after_delete AFTER DELETE ON entry BEGIN {remove} END",
        f"CREATE TRIGGER {TABLE}_after_update AFTER UPDATE OF {fields} ON entry BEGIN "
        f"{remove} {insert} END",
    ]


def drop_statements() -> list[str]:
    return [
        f"DROP TRIGGER IF EXISTS {TABLE}_after_update",
        f"DROP TRIGGER IF EXISTS {TABLE}_after_delete",
        f"DROP TRIGGER IF EXISTS {TABLE}_after_insert",
        f"DROP TABLE IF EXISTS {TABLE}",
    ]


def rebuild_statements() -> list[str]:
    """New triggers, then empty the index and fill it again from every entry (trash included)."""
    return [
        *drop_statements()[:3],  # the triggers, not the table
        *trigger_statements(),
        f"INSERT INTO {TABLE}({TABLE}) VALUES ('delete-all')",
        # in rowid order, which FTS5 stores fastest
        f"INSERT INTO {TABLE}(rowid, terms) SELECT {_key('entry')}, {_call('entry')} "
        "FROM entry ORDER BY date, id",
    ]


def is_search_table(name: str) -> bool:
    """True for the FTS5 table and the shadow tables SQLite keeps for it."""
    return name == TABLE or name.startswith(f"{TABLE}_")


def terms_stamp() -> str:
    return f"terms {TERMS_VERSION}, Unicode {unicodedata.unidata_version}"


def stamp_statement() -> tuple[str, dict[str, str]]:
    return (
        "INSERT OR REPLACE INTO setting (key, value) VALUES (:key, :value)",
        {"key": STAMP_KEY, "value": json.dumps(terms_stamp())},
    )


def is_current(stored: str | None) -> bool:
    """``stored``: the setting's raw value, or None when there is none."""
    try:
        return stored is not None and json.loads(stored) == terms_stamp()
    except ValueError:
        return False
