"""Deployment's missions as grants knows them: when a mentor is in Rwanda.

Revision ID: 0003_grants_mentor_missions
Revises: 0002_grants_project_contacts
"""

import sqlalchemy as sa
from alembic import op

revision = "0003_grants_mentor_missions"
down_revision = "0002_grants_project_contacts"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "mentor_missions",
        sa.Column("mission_id", sa.String(36), primary_key=True),
        sa.Column("professional_id", sa.String(36), nullable=True, index=True),
        sa.Column("started_on", sa.Date, nullable=True),
        sa.Column("ends_on", sa.Date, nullable=True),
        sa.Column("ended_on", sa.Date, nullable=True),
    )


def downgrade() -> None:
    op.drop_table("mentor_missions")
