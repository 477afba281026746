"""Activity records and feedback of missions; a record is corrected at most once.

Revision ID: 0002_deployment_activities
Revises: 0001_deployment_initial
"""

import sqlalchemy as sa
from alembic import op

revision = "0002_deployment_activities"
down_revision = "0001_deployment_initial"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "activity_records",
        sa.Column("record_id", sa.String(36), primary_key=True),
        sa.Column("mission_id", sa.String(36), nullable=False, index=True),
        sa.Column("kind", sa.String(30), nullable=False),
        sa.Column("occurred_on", sa.Date, nullable=False),
        sa.Column("details", sa.Text, nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recorded_by", sa.String(40), nullable=False),
        sa.Column("corrects", sa.String(36), nullable=True, unique=True),
    )


def downgrade() -> None:
    op.drop_table("activity_records")
