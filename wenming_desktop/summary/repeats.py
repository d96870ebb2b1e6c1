"""Keeping the summary from saying anything twice.

A person reading the draft notices a phrase that comes back: the lead sentence again as
the first item, an entry's content pasted into two items, the same figures twice. The
draft is written clause by clause through one :class:`Written`, which refuses a clause
that repeats a run of :data:`RUN` characters already in the body, or that says nearly
the same thing as a clause already in the same section.
"""

from __future__ import annotations

import re

#: No run of this many characters may stand twice in the body.
RUN = 20
#: Within one section a clause may not share a run this long with what is already there.
SECTION_RUN = 14
#: A detail clause may not share a run this long with the facts its item opens with.
HEAD_RUN = 8
#: A clause whose character pairs are mostly in one clause already written says the same.
SAME_THING = 0.7

_OPENING = "“《（(「‘【"
_CLOSING = "”》）)」’】"
_PUNCTUATION = re.compile(r"[\s，；。！？：、“”‘’《》（）()·—…]")


def _split_after(text: str, marks: str, *, quotes: bool = True) -> list[str]:
    """``text`` cut after each of ``marks`` that stands outside quotes and brackets (a quote
    that never closes counts as none)."""
    pieces: list[str] = []
    depth = 0
    start = 0
    for index, char in enumerate(text):
        if quotes and char in _OPENING:
            depth += 1
        elif quotes and char in _CLOSING:
            depth = max(0, depth - 1)
        elif char in marks and depth == 0:
            pieces.append(text[start : index + 1])
            start = index + 1
    if quotes and depth > 0:
        return _split_after(text, marks, quotes=False)
    pieces.append(text[start:])
    return [piece for piece in pieces if piece.strip()]


def clauses(text: str) -> list[str]:
    """``甲，乙。丙；`` → ``["甲，", "乙。", "丙；"]`` (each with its own mark; a mark inside
    “…” or （…） does not end a clause)."""
    return _split_after(text, "，；。！？：")


def _runs(text: str, size: int) -> set[str]:
    return {text[i : i + size] for i in range(len(text) - size + 1)}


def _pairs(text: str) -> set[str]:
    bare = _PUNCTUATION.sub("", text)
    return {bare[i : i + 2] for i in range(len(bare) - 1)}


_ORDINAL = re.compile(r"^[一二三四五六七八九十]+是")


def _bare_sentences(text: str) -> list[str]:
    """The sentences of ``text`` without their marks and a leading 一是/二是."""
    bare = [_ORDINAL.sub("", s).rstrip("。；！？，、 ") for s in sentences(text)]
    return [s for s in bare if len(s) >= 4]


class Written:
    """The body written so far, and the test a new clause has to pass."""

    def __init__(self) -> None:
        self._runs: set[str] = set()
        self._sentences: set[str] = set()
        self._section_runs: set[str] = set()
        self._section_pairs: list[set[str]] = []
        self._tail = ""

    def reserve(self, text: str) -> None:
        """Text the body holds or will hold (a later section's lead, the closing, a part the
        clerk keeps): nothing written may repeat it."""
        self._runs |= _runs(text, RUN)
        self._sentences.update(_bare_sentences(text))

    def start_section(self) -> None:
        self._section_runs = set()
        self._section_pairs = []
        self._tail = ""

    def repeats(self, text: str) -> bool:
        """Would writing ``text`` next repeat the body or its section?"""
        joined = self._tail + text
        if _runs(joined, RUN) & self._runs or _has_inner_repeat(joined, RUN):
            return True
        found = _bare_sentences(text)
        if self._sentences.intersection(found) or len(set(found)) < len(found):
            return True
        if _runs(text, SECTION_RUN) & self._section_runs:
            return True
        pairs = _pairs(text)
        if len(pairs) >= 3:
            for seen in self._section_pairs:
                if len(pairs & seen) >= SAME_THING * len(pairs):
                    return True
        return False

    def write(self, text: str) -> None:
        joined = self._tail + text
        self._runs |= _runs(joined, RUN)
        self._sentences.update(_bare_sentences(text))
        self._section_runs |= _runs(text, SECTION_RUN)
        for clause in clauses(text):
            pairs = _pairs(clause)
            if len(pairs) >= 3:
                self._section_pairs.append(pairs)
        self._tail = joined[-(RUN - 1) :]

    def offer(self, text: str) -> bool:
        """Write ``text`` if it repeats nothing; say whether it was written."""
        if not text or self.repeats(text):
            return False
        self.write(text)
        return True

    def keep_new_sentences(
        self,
        text: str,
        *,
        limit: int,
        after: str = "",
        avoid: tuple[str, ...] = (),
        head: str = "",
    ) -> str:
        """The sentences of ``text`` that repeat nothing written (nor each other), in order,
        up to ``limit`` characters, as if written after ``after``; nothing is written.

        A sentence may lose a clause that repeats (an entry's content often begins with the
        very words of the section's lead) as long as most of it stays; otherwise it is left
        out whole, so no fragment ("活动中。") is left behind. Clauses naming any of
        ``avoid`` are left out.
        """
        probe = self._copy()
        head_runs = _runs(head, HEAD_RUN)
        if after:
            probe.write(after)
        kept = ""
        for sentence in sentences(text):
            trial = probe._copy()
            usable = [
                clause
                for clause in clauses(sentence)
                if not any(word and word in clause for word in avoid)
                and not _runs(clause, HEAD_RUN) & head_runs
                and trial.offer(clause)
            ]
            candidate = "".join(usable)
            if len(candidate) * 2 < len(sentence) or len(candidate) < 8:
                continue
            if len(kept) + len(candidate) > limit:
                if kept:
                    break
                continue
            probe = trial
            kept += candidate
        return kept

    def _copy(self) -> Written:
        probe = Written()
        probe._runs = set(self._runs)
        probe._sentences = set(self._sentences)
        probe._section_runs = set(self._section_runs)
        probe._section_pairs = list(self._section_pairs)
        probe._tail = self._tail
        return probe


def sentences(text: str) -> list[str]:
    """``甲，乙。丙；丁。`` → ``["甲，乙。", "丙；", "丁。"]``."""
    return _split_after(text, "；。！？")


def _has_inner_repeat(text: str, size: int) -> bool:
    seen: set[str] = set()
    for i in range(len(text) - size + 1):
        run = text[i : i + size]
        if run in seen:
            return True
        seen.add(run)
    return False
