"""Grant calls, applications (grants), disbursements, mentors, the outbox, the processed-events inbox and
idempotency keys.

Revision ID: 0001_grants_initial
Revises:
"""

import sqlalchemy as sa
from alembic import op

from diaspora_shared.runtime.migrations import (
    add_outbox_parking,
    create_outbox_table,
    create_processed_events_table,
)

revision = "0001_grants_initial"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "grant_calls",
        sa.Column("call_id", sa.String(36), primary_key=True),
        sa.Column("document", sa.Text, nullable=False),
    )
    op.create_table(
        "grant_applications",
        sa.Column("application_id", sa.String(36), primary_key=True),
        sa.Column("call_id", sa.String(36), sa.ForeignKey("grant_calls.call_id"), nullable=False),
        sa.Column("project_code", sa.String(200), nullable=False),
        sa.Column("mentor_id", sa.String(36), nullable=True),
        sa.Column("document", sa.Text, nullable=False),
        sa.UniqueConstraint("call_id", "project_code"),
    )
    op.create_index("ix_grant_applications_call_id", "grant_applications", ["call_id"])
    op.create_index("ix_grant_applications_project_code", "grant_applications", ["project_code"])
    op.create_index("ix_grant_applications_mentor_id", "grant_applications", ["mentor_id"])
    op.create_table(
        "mentors",
        sa.Column("professional_id", sa.String(36), primary_key=True),
        sa.Column("status", sa.String(20), nullable=False),
    )
    op.create_table(
        "disbursements",
        sa.Column("payment_reference", sa.String(100), primary_key=True),
        sa.Column(
            "grant_id",
            sa.String(36),
            sa.ForeignKey("grant_applications.application_id"),
            nullable=False,
        ),
        sa.Column("tranche", sa.Integer, nullable=False),
        sa.Column("minor_units", sa.BigInteger, nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("disbursed_on", sa.Date, nullable=False),
        sa.UniqueConstraint("grant_id", "tranche"),
    )
    op.create_table(
        "idempotency_keys",
        sa.Column("subject", sa.String(200), primary_key=True),
        sa.Column("idempotency_key", sa.String(255), primary_key=True),
        sa.Column("method", sa.String(10), nullable=False),
        sa.Column("path", sa.String(1000), nullable=False),
        sa.Column("request_hash", sa.String(64), nullable=False),
        sa.Column("status", sa.Integer, nullable=True),
        sa.Column("content_type", sa.String(100), nullable=True),
        sa.Column("body", sa.LargeBinary, nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("effect_committed_at", sa.DateTime(timezone=True), nullable=True),
    )
    create_outbox_table()
    create_processed_events_table()
    add_outbox_parking()


def downgrade() -> None:
    for table in (
        "processed_events",
        "outbox_messages",
        "idempotency_keys",
        "disbursements",
        "mentors",
        "grant_applications",
        "grant_calls",
    ):
        op.drop_table(table)
