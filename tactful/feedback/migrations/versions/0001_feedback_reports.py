"""Feedback reports: one row per person's verdict on one checked draft.

Revision ID: 0001
Revises:
"""
import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "feedback_reports",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), primary_key=True, autoincrement=True),
        sa.Column("team", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("verdict", sa.String(16), nullable=False),
        sa.Column("rule", sa.String(128)),
        sa.Column("category", sa.String(16)),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("response_verdict", sa.String(8)),
        sa.Column("flags", sa.JSON, nullable=False),
        sa.Column("fired", sa.JSON, nullable=False),
        sa.Column("request", sa.JSON),
        sa.Column("spans", sa.JSON),
        sa.Column("draft_sha256", sa.String(64), nullable=False),
        sa.Column("note", sa.Text),
        sa.Column("reporter", sa.String(128)),
        sa.Column("source", sa.String(8), nullable=False),
    )
    op.create_index("ix_feedback_reports_team_created", "feedback_reports", ["team", "created_at"])
    op.create_index("ix_feedback_reports_team_verdict", "feedback_reports", ["team", "verdict"])


def downgrade() -> None:
    op.drop_table("feedback_reports")
