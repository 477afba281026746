"""Indicator facts (professionals, missions, grants) and the positions each projection applied.

Revision ID: 0007_indicators
Revises: 0006_grant_progress
"""

import sqlalchemy as sa
from alembic import op

revision = "0007_indicators"
down_revision = "0006_grant_progress"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "indicator_facts",
        sa.Column("fact_key", sa.String(100), primary_key=True),
        sa.Column("facts", sa.Text, nullable=False),
    )
    op.create_table(
        "projection_positions",
        sa.Column("projection", sa.String(100), primary_key=True),
        sa.Column("topic", sa.String(255), primary_key=True),
        sa.Column("partition", sa.Integer, primary_key=True),
        sa.Column("last_offset", sa.BigInteger, nullable=False),
        sa.Column("newest_event_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("projection_positions")
    op.drop_table("indicator_facts")
