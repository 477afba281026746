"""Accepted professionals by track and sex against target; the processed-events inbox.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

from diaspora_shared.runtime.migrations import create_outbox_table, create_processed_events_table

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "track_targets",
        sa.Column("call_id", sa.String(36), primary_key=True),
        sa.Column("track", sa.String(20), nullable=False),
        sa.Column("target", sa.Integer, nullable=False),
        sa.Column("women_share_goal", sa.Float, nullable=False),
    )
    op.create_index("ix_track_targets_track", "track_targets", ["track"])
    op.create_table(
        "accepted_counts",
        sa.Column("track", sa.String(20), primary_key=True),
        sa.Column("sex", sa.String(10), primary_key=True),
        sa.Column("accepted", sa.Integer, nullable=False),
    )
    create_outbox_table()
    create_processed_events_table()


def downgrade() -> None:
    op.drop_table("processed_events")
    op.drop_table("outbox_messages")
    op.drop_table("accepted_counts")
    op.drop_table("track_targets")
