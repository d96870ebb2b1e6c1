"""测评体系: imported indicator systems, the year each is used for, evidence and self-scores.

``assessment_node`` holds a system's tree (项目 → 内容 → 标准, then 加分项, 负面清单 and
一票否决) in table order; ``assessment_link`` ties an entry to a node by the entry's uuid
(which exchange packages keep); ``assessment_score`` holds a year's 自评 of a node.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "assessment_system",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("source", sa.String(length=255), nullable=False),
        sa.Column("imported_at", sa.DateTime(), nullable=False),
        sa.Column("graded", sa.Boolean(), nullable=False),
        sa.Column("stated_total", sa.Float(), nullable=True),
        sa.Column("report_limit", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "report_limit > 0", name=op.f("ck_assessment_system_report_limit_positive")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assessment_system")),
        sa.UniqueConstraint("uuid", name=op.f("uq_assessment_system_uuid")),
    )
    op.create_table(
        "assessment_node",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("system_id", sa.Integer(), nullable=False),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("code", sa.String(length=50), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("points", sa.Float(), nullable=True),
        sa.Column("method", sa.Text(), nullable=False),
        sa.Column("materials", sa.Text(), nullable=False),
        sa.CheckConstraint(
            "kind IN ('item', 'content', 'standard', 'bonus', 'deduction', 'veto')",
            name=op.f("ck_assessment_node_kind_known"),
        ),
        sa.ForeignKeyConstraint(
            ["parent_id"],
            ["assessment_node.id"],
            name=op.f("fk_assessment_node_parent_id_assessment_node"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["system_id"],
            ["assessment_system.id"],
            name=op.f("fk_assessment_node_system_id_assessment_system"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assessment_node")),
    )
    op.create_index(
        op.f("ix_assessment_node_parent_id"), "assessment_node", ["parent_id"], unique=False
    )
    op.create_index(
        "ix_assessment_node_system_position",
        "assessment_node",
        ["system_id", "position"],
        unique=False,
    )
    op.create_table(
        "assessment_year",
        sa.Column("year", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("system_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["system_id"],
            ["assessment_system.id"],
            name=op.f("fk_assessment_year_system_id_assessment_system"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("year", name=op.f("pk_assessment_year")),
    )
    op.create_index(
        op.f("ix_assessment_year_system_id"), "assessment_year", ["system_id"], unique=False
    )
    op.create_table(
        "assessment_link",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("node_id", sa.Integer(), nullable=False),
        sa.Column("entry_uuid", sa.String(length=36), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["node_id"],
            ["assessment_node.id"],
            name=op.f("fk_assessment_link_node_id_assessment_node"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assessment_link")),
        sa.UniqueConstraint("node_id", "entry_uuid", name="uq_assessment_link_node_id_entry_uuid"),
    )
    op.create_index(
        op.f("ix_assessment_link_entry_uuid"), "assessment_link", ["entry_uuid"], unique=False
    )
    op.create_index("ix_assessment_link_year", "assessment_link", ["year"], unique=False)
    op.create_table(
        "assessment_score",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("node_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("self_score", sa.Float(), nullable=True),
        sa.Column("grade", sa.String(length=1), nullable=True),
        sa.Column("report", sa.Text(), nullable=False),
        sa.Column("confirmed", sa.Boolean(), nullable=False),
        sa.CheckConstraint(
            "grade IS NULL OR grade IN ('A', 'B', 'C')",
            name=op.f("ck_assessment_score_grade_known"),
        ),
        sa.ForeignKeyConstraint(
            ["node_id"],
            ["assessment_node.id"],
            name=op.f("fk_assessment_score_node_id_assessment_node"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assessment_score")),
        sa.UniqueConstraint("node_id", "year", name="uq_assessment_score_node_id_year"),
    )
    op.create_index("ix_assessment_score_year", "assessment_score", ["year"], unique=False)


def downgrade() -> None:
    op.drop_table("assessment_score")
    op.drop_table("assessment_link")
    op.drop_table("assessment_year")
    op.drop_table("assessment_node")
    op.drop_table("assessment_system")
