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
