"""Calls, applications, the outbox and the processed-events inbox.

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
        "calls",
        sa.Column("call_id", sa.String(36), primary_key=True),
        sa.Column("track", sa.String(20), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("target", sa.Integer, nullable=False),
        sa.Column("women_share_goal", sa.Float, nullable=False),
        sa.Column("courses_or_specialties", sa.Text, nullable=False),
        sa.Column("opens_on", sa.Date, nullable=False),
        sa.Column("closes_on", sa.Date, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "applications",
        sa.Column("application_id", sa.String(36), primary_key=True),
        sa.Column("call_id", sa.String(36), sa.ForeignKey("calls.call_id"), nullable=False),
        sa.Column("applicant_subject", sa.String(200), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("profile", sa.Text, nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.UniqueConstraint("call_id", "applicant_subject"),
    )
    op.create_index("ix_applications_call_id", "applications", ["call_id"])
    create_outbox_table()
    create_processed_events_table()


def downgrade() -> None:
    op.drop_table("processed_events")
    op.drop_table("outbox_messages")
    op.drop_table("applications")
    op.drop_table("calls")
