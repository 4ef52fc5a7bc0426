"""Rule hits per team and day on checked traffic, for SpamAssassin-style hit frequencies.

Revision ID: 0002
Revises: 0001
"""
import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "feedback_rule_hits",
        sa.Column("team", sa.String(64), primary_key=True),
        sa.Column("day", sa.Date, primary_key=True),
        sa.Column("rule", sa.String(128), primary_key=True),
        sa.Column("hits", sa.BigInteger, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("feedback_rule_hits")
