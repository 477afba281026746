"""Grant progress per grant: committed, disbursed, tranches on time, mentoring, jobs verified.

Revision ID: 0006_grant_progress
Revises: 0005_deployment_facts
"""

import sqlalchemy as sa
from alembic import op

revision = "0006_grant_progress"
down_revision = "0005_deployment_facts"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "grant_progress",
        sa.Column("grant_id", sa.String(36), primary_key=True),
        sa.Column("project_code", sa.String(200), nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("awarded_minor", sa.BigInteger, nullable=False),
        sa.Column("disbursed_minor", sa.BigInteger, nullable=False),
        sa.Column("tranches_paid", sa.Integer, nullable=False),
        sa.Column("tranches_on_time", sa.Integer, nullable=False),
        sa.Column("mentoring_minutes", sa.Integer, nullable=False),
        *[
            sa.Column(f"jobs_{months}_{kind}", sa.Integer, nullable=True)
            for months in (6, 12)
            for kind in ("total", "women", "youth")
        ],
    )
    op.create_index("ix_grant_progress_project_code", "grant_progress", ["project_code"])


def downgrade() -> None:
    op.drop_table("grant_progress")
