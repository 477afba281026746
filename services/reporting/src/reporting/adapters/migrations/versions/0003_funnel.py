"""Recruitment funnel: one row per application with its stages, no personal data beyond sex and
country of residence.

Revision ID: 0003_funnel
Revises: 0002_rebuild_offsets
"""

import sqlalchemy as sa
from alembic import op

revision = "0003_funnel"
down_revision = "0002_rebuild_offsets"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "funnel_applications",
        sa.Column("application_id", sa.String(36), primary_key=True),
        sa.Column("call_id", sa.String(36), nullable=False),
        sa.Column("track", sa.String(20), nullable=False),
        sa.Column("sex", sa.String(10), nullable=False),
        sa.Column("country_of_residence", sa.String(2), nullable=True),
        sa.Column("eligible", sa.Boolean, nullable=True),
        sa.Column("reviewed", sa.Boolean, nullable=False),
        sa.Column("offered", sa.Boolean, nullable=False),
        sa.Column("accepted", sa.Boolean, nullable=False),
        sa.Column("withdrawn", sa.Boolean, nullable=False),
        sa.Column("declined", sa.Boolean, nullable=False),
        sa.Column("expired", sa.Boolean, nullable=False),
    )
    op.create_index("ix_funnel_applications_track", "funnel_applications", ["track"])


def downgrade() -> None:
    op.drop_index("ix_funnel_applications_track", table_name="funnel_applications")
    op.drop_table("funnel_applications")
