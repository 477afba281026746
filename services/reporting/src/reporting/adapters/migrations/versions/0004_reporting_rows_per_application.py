"""Accepted professionals counted from one row per application (order-independent, erasable)
instead of counters; calls keep their title; funnel rows hold a pseudonym after erasure and the
time of the screening they show.

The counters cannot be turned into rows: rebuild the projection after this upgrade
(`reporting-rebuild accepted-professionals` into a fresh database).

Revision ID: 0004_reporting_rows
Revises: 0003_funnel
"""

import sqlalchemy as sa
from alembic import op

revision = "0004_reporting_rows"
down_revision = "0003_funnel"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_table("accepted_counts")
    op.create_table(
        "accepted_applications",
        sa.Column("application_id", sa.String(64), primary_key=True),
        sa.Column("call_id", sa.String(36), nullable=False),
        sa.Column("track", sa.String(20), nullable=False),
        sa.Column("sex", sa.String(10), nullable=False),
        sa.Column("accepted", sa.Boolean, nullable=False),
        sa.Column("withdrawn", sa.Boolean, nullable=False),
    )
    op.create_index("ix_accepted_applications_call_id", "accepted_applications", ["call_id"])
    with op.batch_alter_table("track_targets") as table:
        table.add_column(sa.Column("title", sa.String(200), nullable=False, server_default=""))
    with op.batch_alter_table("funnel_applications") as table:
        table.alter_column("application_id", type_=sa.String(64))
        table.add_column(sa.Column("screened_at", sa.String(32), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("funnel_applications") as table:
        table.drop_column("screened_at")
        table.alter_column("application_id", type_=sa.String(36))
    with op.batch_alter_table("track_targets") as table:
        table.drop_column("title")
    op.drop_index("ix_accepted_applications_call_id", table_name="accepted_applications")
    op.drop_table("accepted_applications")
    op.create_table(
        "accepted_counts",
        sa.Column("track", sa.String(20), primary_key=True),
        sa.Column("sex", sa.String(10), primary_key=True),
        sa.Column("accepted", sa.Integer, nullable=False),
    )
