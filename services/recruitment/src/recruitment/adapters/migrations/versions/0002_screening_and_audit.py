"""Eligibility rules per call, screening outcomes per application, and the audit log.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

DEFAULT_RULES = (
    '{"min_years_of_experience": 3, "working_languages": ["en", "fr"], '
    '"min_qualifications": 1, "min_available_days": 14}'
)


def upgrade() -> None:
    with op.batch_alter_table("calls") as calls:
        calls.add_column(
            sa.Column("eligibility", sa.Text, nullable=False, server_default=DEFAULT_RULES)
        )
    with op.batch_alter_table("applications") as applications:
        applications.add_column(
            sa.Column("screening", sa.Text, nullable=False, server_default="[]")
        )
        applications.add_column(sa.Column("screening_override", sa.Text, nullable=True))
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor_subject", sa.String(200), nullable=False),
        sa.Column("actor_role", sa.String(40), nullable=False),
        sa.Column("action", sa.String(60), nullable=False),
        sa.Column("application_id", sa.String(36), nullable=False),
        sa.Column("detail", sa.Text, nullable=False),
    )
    op.create_index("ix_audit_log_application_id", "audit_log", ["application_id"])


def downgrade() -> None:
    op.drop_table("audit_log")
    with op.batch_alter_table("applications") as applications:
        applications.drop_column("screening_override")
        applications.drop_column("screening")
    with op.batch_alter_table("calls") as calls:
        calls.drop_column("eligibility")
