"""Accepted counters under one string key (so one projection code path serves every read
model); calls keep their title; funnel rows hold a pseudonym after erasure and the time of the
screening they show. Existing counts are carried over.

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
    op.create_table(
        "accepted_counters",
        sa.Column("counter_key", sa.String(40), primary_key=True),
        sa.Column("track", sa.String(20), nullable=False),
        sa.Column("sex", sa.String(10), nullable=False),
        sa.Column("accepted", sa.Integer, nullable=False),
    )
    op.execute(
        "INSERT INTO accepted_counters (counter_key, track, sex, accepted) "
        "SELECT track || ':' || sex, track, sex, accepted FROM accepted_counts"
    )
    op.drop_table("accepted_counts")
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
    op.create_table(
        "accepted_counts",
        sa.Column("track", sa.String(20), primary_key=True),
        sa.Column("sex", sa.String(10), primary_key=True),
        sa.Column("accepted", sa.Integer, nullable=False),
    )
    op.execute(
        "INSERT INTO accepted_counts (track, sex, accepted) "
        "SELECT track, sex, accepted FROM accepted_counters"
    )
    op.drop_table("accepted_counters")
