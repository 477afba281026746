"""The professional's end report of a mission, one per mission.

Revision ID: 0005_end_reports
Revises: 0004_person_refs
"""

import sqlalchemy as sa
from alembic import op

revision = "0005_end_reports"
down_revision = "0004_person_refs"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "mission_end_reports",
        sa.Column("mission_id", sa.String(36), primary_key=True),
        sa.Column("summary", sa.Text, nullable=False),
        sa.Column("achievements", sa.Text, nullable=False),
        sa.Column("challenges", sa.Text, nullable=False),
        sa.Column("recommendations", sa.Text, nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("mission_end_reports")
