"""The 测评体系 kept in the ledger: the imported systems, the year each is used for, the
entries linked to a node as evidence and each year's 自评 (score or grade, 说明报告).

A system is stored as rows of ``assessment_node`` in table order (``position``): each
测评项目 followed by its 测评内容, each followed by its 测评标准, then the 加分项, the 负面清单
and the 一票否决 items. :meth:`AssessmentBook.load` rebuilds the
:class:`~wenming_desktop.books.indicators.IndicatorSystem`; :meth:`AssessmentBook.load_nodes`
gives the same rows with their ids, which links and scores refer to. Links name an entry by
its uuid, which exchange packages keep, so they survive an import elsewhere.
"""

from __future__ import annotations

import datetime as dt
import math
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final

from sqlalchemy import delete, select
from sqlalchemy.dialects.sqlite import insert
from sqlalchemy.orm import Session

from wenming_desktop.books.indicators import Content, IndicatorSystem, Item, Standard, VetoItem
from wenming_desktop.books.validation import LONG_TEXT_MAX, FieldError, clean_text
from wenming_desktop.errors import UserError, ValidationError
from wenming_desktop.store.database import Database
from wenming_desktop.store.models import (
    AssessmentLink,
    AssessmentNode,
    AssessmentScore,
    AssessmentSystem,
    AssessmentYear,
    utc_now,
)

#: The 说明报告's usual limit in characters, until the clerk sets the system's own.
DEFAULT_REPORT_LIMIT: Final = 500
GRADES: Final = ("A", "B", "C")

ITEM, CONTENT, STANDARD = "item", "content", "standard"
BONUS, DEDUCTION, VETO = "bonus", "deduction", "veto"

NO_SYSTEM = "该测评体系已被删除，请重新选择。"
NO_NODE = "该测评条目已不存在（测评体系可能已被删除）。"


@dataclass(frozen=True, slots=True)
class SystemInfo:
    """One stored system, for a list to choose from."""

    id: int
    uuid: str
    name: str
    source: str
    imported_at: dt.datetime
    graded: bool
    stated_total: float | None
    report_limit: int
    #: The years that use it, ascending.
    years: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class NodeRow:
    """One stored line of a system, with the id links and scores refer to."""

    id: int
    parent_id: int | None
    position: int
    kind: str
    code: str
    text: str
    points: float | None
    method: str
    materials: str


@dataclass(frozen=True, slots=True)
class Score:
    """A node's 自评 for a year."""

    node_id: int
    year: int
    self_score: float | None
    grade: str | None
    report: str
    confirmed: bool


class _Keep:
    """The default of :meth:`AssessmentBook.set_score`'s fields: leave the value as it is."""

    def __repr__(self) -> str:
        return "KEEP"


KEEP: Final = _Keep()


def _flatten(system: IndicatorSystem) -> list[tuple[int | None, str, object]]:
    """(index of the parent in this list, kind, record) in table order."""
    rows: list[tuple[int | None, str, object]] = []
    for item in system.items:
        item_index = len(rows)
        rows.append((None, ITEM, item))
        for content in item.contents:
            content_index = len(rows)
            rows.append((item_index, CONTENT, content))
            rows.extend((content_index, STANDARD, standard) for standard in content.standards)
    rows.extend((None, BONUS, standard) for standard in system.bonus)
    rows.extend((None, DEDUCTION, standard) for standard in system.deductions)
    rows.extend((None, VETO, veto) for veto in system.veto)
    return rows


def _node(system_id: int, position: int, kind: str, record: object) -> AssessmentNode:
    code = str(getattr(record, "code", ""))
    text = str(getattr(record, "text", ""))
    points = getattr(record, "points", None)
    if points is not None and not math.isfinite(points):
        raise ValidationError({"points": f"“{text or code}”的分值不是有效的数字。"})
    return AssessmentNode(
        system_id=system_id,
        position=position,
        kind=kind,
        code=code,
        text=text,
        points=points,
        method=str(getattr(record, "method", "")),
        materials=str(getattr(record, "materials", "")),
    )


def _standard(row: NodeRow) -> Standard:
    return Standard(row.code, row.text, row.points, row.method, row.materials)


def _rebuild(info: AssessmentSystem, rows: list[NodeRow]) -> IndicatorSystem:
    children: dict[int, list[NodeRow]] = {}
    for row in rows:
        if row.parent_id is not None:
            children.setdefault(row.parent_id, []).append(row)
    items = tuple(
        Item(
            row.code,
            row.text,
            row.points,
            tuple(
                Content(
                    content.code,
                    content.text,
                    content.points,
                    tuple(_standard(s) for s in children.get(content.id, ()) if s.kind == STANDARD),
                )
                for content in children.get(row.id, ())
                if content.kind == CONTENT
            ),
        )
        for row in rows
        if row.kind == ITEM
    )
    return IndicatorSystem(
        name=info.name,
        items=items,
        bonus=tuple(_standard(row) for row in rows if row.kind == BONUS),
        veto=tuple(VetoItem(row.code, row.text) for row in rows if row.kind == VETO),
        deductions=tuple(_standard(row) for row in rows if row.kind == DEDUCTION),
        stated_total=info.stated_total,
        graded=info.graded,
    )


def _node_row(node: AssessmentNode) -> NodeRow:
    return NodeRow(
        id=node.id,
        parent_id=node.parent_id,
        position=node.position,
        kind=node.kind,
        code=node.code,
        text=node.text,
        points=node.points,
        method=node.method,
        materials=node.materials,
    )


class AssessmentBook:
    """Stored 测评体系, their use per year, evidence links and self-assessments."""

    def __init__(self, database: Database) -> None:
        self._db = database

    @property
    def read_only(self) -> bool:
        """The ledger is open read-only: the methods that write fail in Chinese."""
        return self._db.read_only

    # -- systems ---------------------------------------------------------------------------

    def save_system(
        self, system: IndicatorSystem, source: str, *, report_limit: int = DEFAULT_REPORT_LIMIT
    ) -> int:
        """Store ``system`` (read from the file named ``source``) in one transaction; its id."""
        try:
            name = clean_text(system.name, "测评体系名称", max_length=200) or "测评体系"
            source = clean_text(source, "来源文件", max_length=255)
        except FieldError as error:
            raise ValidationError({"name": str(error)}) from None
        if system.stated_total is not None and not math.isfinite(system.stated_total):
            raise ValidationError({"stated_total": "测评体系的总分不是有效的数字。"})
        if report_limit <= 0:
            raise ValidationError({"report_limit": "说明报告的字数限制应大于 0。"})
        with self._db.writing() as session:
            row = AssessmentSystem(
                uuid=str(uuid.uuid4()),
                name=name,
                source=source,
                imported_at=utc_now(),
                graded=system.graded,
                stated_total=system.stated_total,
                report_limit=report_limit,
            )
            session.add(row)
            session.flush()
            nodes: list[AssessmentNode] = []
            for position, (parent, kind, record) in enumerate(_flatten(system)):
                node = _node(row.id, position, kind, record)
                if parent is not None:
                    node.parent_id = nodes[parent].id
                session.add(node)
                session.flush()  # its id, for its children
                nodes.append(node)
            return row.id

    def systems(self) -> list[SystemInfo]:
        """Every stored system, the newest import first."""
        with self._db.reading() as session:
            years: dict[int, list[int]] = {}
            for year in session.scalars(select(AssessmentYear).order_by(AssessmentYear.year)):
                years.setdefault(year.system_id, []).append(year.year)
            rows = session.scalars(
                select(AssessmentSystem).order_by(
                    AssessmentSystem.imported_at.desc(), AssessmentSystem.id.desc()
                )
            ).all()
        return [
            SystemInfo(
                id=row.id,
                uuid=row.uuid,
                name=row.name,
                source=row.source,
                imported_at=row.imported_at,
                graded=row.graded,
                stated_total=row.stated_total,
                report_limit=row.report_limit,
                years=tuple(years.get(row.id, ())),
            )
            for row in rows
        ]

    def load(self, system_id: int) -> IndicatorSystem:
        """The stored system as the records of ``books/indicators.py`` (no ``problems``)."""
        with self._db.reading() as session:
            info = self._system(session, system_id)
            rows = self._nodes(session, system_id)
        return _rebuild(info, rows)

    def load_nodes(self, system_id: int) -> list[NodeRow]:
        """The system's lines in table order, with their ids and parents."""
        with self._db.reading() as session:
            self._system(session, system_id)
            return self._nodes(session, system_id)

    def set_report_limit(self, system_id: int, limit: int) -> None:
        if limit <= 0:
            raise ValidationError({"report_limit": "说明报告的字数限制应大于 0。"})
        with self._db.writing() as session:
            self._system(session, system_id).report_limit = limit

    def delete_system(self, system_id: int) -> None:
        """Remove the system with its lines, links, scores and the years that used it."""
        with self._db.writing() as session:
            session.execute(delete(AssessmentSystem).where(AssessmentSystem.id == system_id))

    # -- years -----------------------------------------------------------------------------

    def use_for_year(self, year: int, system_id: int | None) -> None:
        """Assess ``year`` by ``system_id`` (``None``: by no system)."""
        with self._db.writing() as session:
            if system_id is None:
                session.execute(delete(AssessmentYear).where(AssessmentYear.year == year))
                return
            self._system(session, system_id)
            session.execute(
                insert(AssessmentYear)
                .values(year=year, system_id=system_id)
                .on_conflict_do_update(
                    index_elements=[AssessmentYear.year], set_={"system_id": system_id}
                )
            )

    def system_for_year(self, year: int) -> int | None:
        with self._db.reading() as session:
            return session.scalar(
                select(AssessmentYear.system_id).where(AssessmentYear.year == year)
            )

    # -- links -----------------------------------------------------------------------------

    def link(self, node_id: int, entry_uuids: Iterable[str], year: int) -> None:
        """Give the entries as evidence for the node; links already there are kept."""
        uuids = list(dict.fromkeys(entry_uuids))
        with self._db.writing() as session:
            self._node(session, node_id)
            for entry_uuid in uuids:
                session.execute(
                    insert(AssessmentLink)
                    .values(node_id=node_id, entry_uuid=entry_uuid, year=year)
                    .on_conflict_do_nothing(index_elements=["node_id", "entry_uuid"])
                )

    def unlink(self, node_id: int, entry_uuids: Iterable[str]) -> None:
        uuids = list(entry_uuids)
        with self._db.writing() as session:
            session.execute(
                delete(AssessmentLink).where(
                    AssessmentLink.node_id == node_id, AssessmentLink.entry_uuid.in_(uuids)
                )
            )

    def links(self, year: int) -> dict[int, list[str]]:
        """Each linked node's entry uuids for ``year``, in the order they were linked."""
        found: dict[int, list[str]] = {}
        with self._db.reading() as session:
            rows = session.execute(
                select(AssessmentLink.node_id, AssessmentLink.entry_uuid)
                .where(AssessmentLink.year == year)
                .order_by(AssessmentLink.id)
            )
            for node_id, entry_uuid in rows:
                found.setdefault(node_id, []).append(entry_uuid)
        return found

    # -- scores ----------------------------------------------------------------------------

    def set_score(
        self,
        node_id: int,
        year: int,
        *,
        self_score: float | _Keep | None = KEEP,
        grade: str | _Keep | None = KEEP,
        report: str | _Keep | None = KEEP,
        confirmed: bool | _Keep | None = KEEP,
    ) -> Score:
        """Change the given fields of the node's 自评 for ``year``; the others stay.

        ``None`` clears a field (an empty report, not confirmed); :data:`KEEP` (the
        default) leaves it as it is. Returns the score as it now is.
        """
        changes: dict[str, object] = {}
        if not isinstance(self_score, _Keep):
            if self_score is not None and not math.isfinite(self_score):
                raise ValidationError({"self_score": "自评分不是有效的数字。"})
            changes["self_score"] = self_score
        if not isinstance(grade, _Keep):
            grade = (grade or "").strip().upper() or None
            if grade is not None and grade not in GRADES:
                raise ValidationError({"grade": "自评等次只能是 A、B 或 C。"})
            changes["grade"] = grade
        if not isinstance(report, _Keep):
            try:
                changes["report"] = clean_text(
                    report, "说明报告", max_length=LONG_TEXT_MAX, multiline=True
                )
            except FieldError as error:
                raise ValidationError({"report": str(error)}) from None
        if not isinstance(confirmed, _Keep):
            changes["confirmed"] = bool(confirmed)
        with self._db.writing() as session:
            self._node(session, node_id)
            row = session.scalar(
                select(AssessmentScore).where(
                    AssessmentScore.node_id == node_id, AssessmentScore.year == year
                )
            )
            if row is None:
                row = AssessmentScore(node_id=node_id, year=year, report="", confirmed=False)
                session.add(row)
            for name, value in changes.items():
                setattr(row, name, value)
            session.flush()
            return _score(row)

    def scores(self, year: int) -> dict[int, Score]:
        """The year's 自评 by node id."""
        with self._db.reading() as session:
            rows = session.scalars(
                select(AssessmentScore)
                .where(AssessmentScore.year == year)
                .order_by(AssessmentScore.node_id)
            ).all()
        return {row.node_id: _score(row) for row in rows}

    # -- helpers ---------------------------------------------------------------------------

    @staticmethod
    def _system(session: Session, system_id: int) -> AssessmentSystem:
        row = session.get(AssessmentSystem, system_id)
        if row is None:
            raise UserError(NO_SYSTEM)
        return row

    @staticmethod
    def _node(session: Session, node_id: int) -> AssessmentNode:
        row = session.get(AssessmentNode, node_id)
        if row is None:
            raise UserError(NO_NODE)
        return row

    @staticmethod
    def _nodes(session: Session, system_id: int) -> list[NodeRow]:
        rows = session.scalars(
            select(AssessmentNode)
            .where(AssessmentNode.system_id == system_id)
            .order_by(AssessmentNode.position)
        )
        return [_node_row(row) for row in rows]


def _score(row: AssessmentScore) -> Score:
    return Score(
        node_id=row.node_id,
        year=row.year,
        self_score=row.self_score,
        grade=row.grade,
        report=row.report,
        confirmed=row.confirmed,
    )
