"""The ledger's tables. Changing them means adding an Alembic migration."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_name)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class WorkArea(Base):
    """One of the six 工作板块; each is a tab and a section of the summary."""

    __tablename__ = "work_area"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    position: Mapped[int] = mapped_column(Integer)
    short_name: Mapped[str] = mapped_column(String(20))
    heading: Mapped[str] = mapped_column(String(100))


class Entry(Base):
    """One activity, meeting, honour or inspection recorded by the clerk.

    Its searched fields are mirrored into the FTS5 table ``entry_search`` by triggers
    (``store/search_index.py``, migration 0004).
    """

    __tablename__ = "entry"
    __table_args__ = (
        CheckConstraint("length(name) BETWEEN 1 AND 200", name="name_length"),
        CheckConstraint(
            "participants IS NULL OR participants BETWEEN 0 AND 1000000",
            name="participants_range",
        ),
        CheckConstraint(
            "volunteer_hours IS NULL OR volunteer_hours >= 0", name="hours_not_negative"
        ),
        CheckConstraint("end_date IS NULL OR end_date >= date", name="end_after_start"),
        # An area's live entries in listing order (date, id), with what its totals sum:
        # pages at any offset, the count and the sums all come from the index alone.
        Index(
            "ix_entry_live_area",
            "area_id",
            "date",
            "id",
            "participants",
            "volunteer_hours",
            sqlite_where=text("deleted_at IS NULL"),
        ),
        Index("ix_entry_date", "date"),
        # Live entries by date, across the areas: the years that have entries, a year's
        # entries for drafts and ledgers.
        Index(
            "ix_entry_live_stats",
            "date",
            "area_id",
            "participants",
            "volunteer_hours",
            sqlite_where=text("deleted_at IS NULL"),
        ),
        # The 回收站 lists the few deleted entries; live ones are not in this index at all.
        Index("ix_entry_trash", "deleted_at", sqlite_where=text("deleted_at IS NOT NULL")),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    area_id: Mapped[int] = mapped_column(ForeignKey("work_area.id", ondelete="RESTRICT"))
    date: Mapped[dt.date] = mapped_column(Date)
    end_date: Mapped[dt.date | None] = mapped_column(Date)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20), default="")
    location: Mapped[str] = mapped_column(String(200), default="")
    organizer: Mapped[str] = mapped_column(String(200), default="")
    participants: Mapped[int | None] = mapped_column(Integer)
    volunteer_hours: Mapped[float | None] = mapped_column(Float)
    content: Mapped[str] = mapped_column(Text, default="")
    remarks: Mapped[str] = mapped_column(Text, default="")
    is_sample: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utc_now)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utc_now)
    deleted_at: Mapped[dt.datetime | None] = mapped_column(DateTime)

    attachments: Mapped[list[Attachment]] = relationship(
        back_populates="entry",
        cascade="all, delete-orphan",
        order_by="Attachment.id",
    )


class Attachment(Base):
    """A file kept with an entry; the file itself lives in the data folder by hash."""

    __tablename__ = "attachment"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("entry.id", ondelete="CASCADE"), index=True)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    file_name: Mapped[str] = mapped_column(String(255))
    size: Mapped[int] = mapped_column(Integer)
    added_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utc_now)

    entry: Mapped[Entry] = relationship(back_populates="attachments")


class Setting(Base):
    """A key with a JSON value; read and written through ``ledger.settings``."""

    __tablename__ = "setting"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class SummaryPart(Base):
    """One editable part of a year's 工作总结 (title, opening, a section, 落款 …)."""

    __tablename__ = "summary_part"
    __table_args__ = (UniqueConstraint("year", "key", name="uq_summary_part_year_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    year: Mapped[int] = mapped_column(Integer)
    key: Mapped[str] = mapped_column(String(80))
    text: Mapped[str] = mapped_column(Text, default="")
    #: What the app last drafted for this part; differs from ``text`` once the clerk edits.
    generated: Mapped[str] = mapped_column(Text, default="")
    #: What the last draft was drafted from (``summary.document.Basis`` as JSON).
    basis: Mapped[str] = mapped_column(Text, default="", server_default="")
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utc_now)


class AssessmentSystem(Base):
    """A 测评体系 the clerk imported from the 文明办's table (``books/assessment.py``)."""

    __tablename__ = "assessment_system"
    __table_args__ = (CheckConstraint("report_limit > 0", name="report_limit_positive"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    #: The name of the file it was read from.
    source: Mapped[str] = mapped_column(String(255), default="")
    imported_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utc_now)
    #: Standards are graded A/B/C rather than scored.
    graded: Mapped[bool] = mapped_column(default=False)
    stated_total: Mapped[float | None] = mapped_column(Float)
    #: The most characters a 说明报告 may have.
    report_limit: Mapped[int] = mapped_column(Integer, default=500)


ASSESSMENT_NODE_KINDS = ("item", "content", "standard", "bonus", "deduction", "veto")


class AssessmentNode(Base):
    """One line of a 测评体系: a 测评项目, 测评内容, 测评标准, 加分项, 负面清单 or 一票否决."""

    __tablename__ = "assessment_node"
    __table_args__ = (
        CheckConstraint(
            "kind IN ('item', 'content', 'standard', 'bonus', 'deduction', 'veto')",
            name="kind_known",
        ),
        Index("ix_assessment_node_system_position", "system_id", "position"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    system_id: Mapped[int] = mapped_column(ForeignKey("assessment_system.id", ondelete="CASCADE"))
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("assessment_node.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(20))
    code: Mapped[str] = mapped_column(String(50), default="")
    text: Mapped[str] = mapped_column(Text, default="")
    points: Mapped[float | None] = mapped_column(Float)
    method: Mapped[str] = mapped_column(Text, default="")
    materials: Mapped[str] = mapped_column(Text, default="")


class AssessmentYear(Base):
    """The 测评体系 a year of the ledger is assessed by."""

    __tablename__ = "assessment_year"

    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    system_id: Mapped[int] = mapped_column(
        ForeignKey("assessment_system.id", ondelete="CASCADE"), index=True
    )


class AssessmentLink(Base):
    """An entry given as evidence for a node; by the entry's uuid, which exchange keeps."""

    __tablename__ = "assessment_link"
    __table_args__ = (
        UniqueConstraint("node_id", "entry_uuid", name="uq_assessment_link_node_id_entry_uuid"),
        Index("ix_assessment_link_year", "year"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    node_id: Mapped[int] = mapped_column(ForeignKey("assessment_node.id", ondelete="CASCADE"))
    entry_uuid: Mapped[str] = mapped_column(String(36), index=True)
    year: Mapped[int] = mapped_column(Integer)


class AssessmentScore(Base):
    """A node's 自评 for a year: score or grade, the 说明报告, a veto item's confirmation."""

    __tablename__ = "assessment_score"
    __table_args__ = (
        UniqueConstraint("node_id", "year", name="uq_assessment_score_node_id_year"),
        CheckConstraint("grade IS NULL OR grade IN ('A', 'B', 'C')", name="grade_known"),
        Index("ix_assessment_score_year", "year"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    node_id: Mapped[int] = mapped_column(ForeignKey("assessment_node.id", ondelete="CASCADE"))
    year: Mapped[int] = mapped_column(Integer)
    self_score: Mapped[float | None] = mapped_column(Float)
    grade: Mapped[str | None] = mapped_column(String(1))
    report: Mapped[str] = mapped_column(Text, default="")
    confirmed: Mapped[bool] = mapped_column(default=False)
