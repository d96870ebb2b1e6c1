"""The first schema: work areas, entries, attachments, settings; the six areas seeded.

Revision ID: 0001
Revises:
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Copied here on purpose: a migration must not change when the app's constants do.
SEED_AREAS = [
    ("6b1f3c52-0c4e-4f55-9d0e-2f8a1a000001", 1, "组织领导", "重视组织领导，认真履职尽责"),
    ("6b1f3c52-0c4e-4f55-9d0e-2f8a1a000002", 2, "理论学习", "加强理论学习，加强思想引领"),
    ("6b1f3c52-0c4e-4f55-9d0e-2f8a1a000003", 3, "宣传教育", "发挥工会作用，加强宣传教育"),
    ("6b1f3c52-0c4e-4f55-9d0e-2f8a1a000004", 4, "志愿服务", "开展志愿服务，弘扬善行义举"),
    ("6b1f3c52-0c4e-4f55-9d0e-2f8a1a000005", 5, "法治建设", "强化法治建设，培育法治文化"),
    ("6b1f3c52-0c4e-4f55-9d0e-2f8a1a000006", 6, "环境建设", "强化环境建设，优化自身形象"),
]


def upgrade() -> None:
    work_area = op.create_table(
        "work_area",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("short_name", sa.String(length=20), nullable=False),
        sa.Column("heading", sa.String(length=100), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_work_area")),
        sa.UniqueConstraint("uuid", name=op.f("uq_work_area_uuid")),
    )
    op.create_table(
        "entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("area_id", sa.Integer(), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("location", sa.String(length=200), nullable=False),
        sa.Column("organizer", sa.String(length=200), nullable=False),
        sa.Column("participants", sa.Integer(), nullable=True),
        sa.Column("volunteer_hours", sa.Float(), nullable=True),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("remarks", sa.Text(), nullable=False),
        sa.Column("is_sample", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.CheckConstraint("length(name) BETWEEN 1 AND 200", name=op.f("ck_entry_name_length")),
        sa.CheckConstraint(
            "participants IS NULL OR participants BETWEEN 0 AND 1000000",
            name=op.f("ck_entry_participants_range"),
        ),
        sa.CheckConstraint(
            "volunteer_hours IS NULL OR volunteer_hours >= 0",
            name=op.f("ck_entry_hours_not_negative"),
        ),
        sa.CheckConstraint(
            "end_date IS NULL OR end_date >= date", name=op.f("ck_entry_end_after_start")
        ),
        sa.ForeignKeyConstraint(
            ["area_id"],
            ["work_area.id"],
            name=op.f("fk_entry_area_id_work_area"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_entry")),
        sa.UniqueConstraint("uuid", name=op.f("uq_entry_uuid")),
    )
    op.create_index("ix_entry_area_date", "entry", ["area_id", "date"], unique=False)
    op.create_index("ix_entry_date", "entry", ["date"], unique=False)
    op.create_index(op.f("ix_entry_deleted_at"), "entry", ["deleted_at"], unique=False)
    op.create_table(
        "attachment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entry_id", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("file_name", sa.String(length=255), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("added_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["entry_id"],
            ["entry.id"],
            name=op.f("fk_attachment_entry_id_entry"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attachment")),
    )
    op.create_index(op.f("ix_attachment_entry_id"), "attachment", ["entry_id"], unique=False)
    op.create_index(op.f("ix_attachment_sha256"), "attachment", ["sha256"], unique=False)
    op.create_table(
        "setting",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_setting")),
    )
    op.bulk_insert(
        work_area,
        [
            {"uuid": uuid, "position": position, "short_name": name, "heading": heading}
            for uuid, position, name, heading in SEED_AREAS
        ],
    )


def downgrade() -> None:
    op.drop_table("setting")
    op.drop_index(op.f("ix_attachment_sha256"), table_name="attachment")
    op.drop_index(op.f("ix_attachment_entry_id"), table_name="attachment")
    op.drop_table("attachment")
    op.drop_index(op.f("ix_entry_deleted_at"), table_name="entry")
    op.drop_index("ix_entry_date", table_name="entry")
    op.drop_index("ix_entry_area_date", table_name="entry")
    op.drop_table("entry")
    op.drop_table("work_area")
