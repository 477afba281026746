"""Recruitment consumes mission and grant events to know who may read a professional's contact
details, and what a completed mission's certificate states: the records it keeps of them (its processed-events table exists since 0001).

Revision ID: 0009_contact_entitlements
Revises: 0008_idempotency_effects
"""

import sqlalchemy as sa
from alembic import op

revision = "0009_contact_entitlements"
down_revision = "0008_idempotency_effects"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "mission_access",
        sa.Column("mission_id", sa.String(36), primary_key=True),
        sa.Column("application_id", sa.String(36), nullable=True, index=True),
        sa.Column("institution_code", sa.String(40), nullable=True),
        sa.Column("ends_on", sa.Date, nullable=True),
        sa.Column("end_known_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("end_final", sa.Boolean, nullable=False),
        sa.Column("confirmed", sa.Boolean, nullable=False),
        sa.Column("cancelled", sa.Boolean, nullable=False),
        sa.Column("starts_on", sa.Date, nullable=True),
        sa.Column("course_or_specialty", sa.String(200), nullable=True),
        sa.Column("completed", sa.Boolean, nullable=False),
        sa.Column("sessions_recorded", sa.Integer, nullable=False),
        sa.Column("hours_recorded", sa.Float, nullable=False),
    )
    op.create_table(
        "mentor_access",
        sa.Column("grant_id", sa.String(36), primary_key=True),
        sa.Column("project_code", sa.String(40), nullable=False),
        sa.Column("application_id", sa.String(36), nullable=True, index=True),
        sa.Column("assigned_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("closed", sa.Boolean, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("mentor_access")
    op.drop_table("mission_access")
