"""Host requests, available professionals, missions, the outbox, processed events and
idempotency keys.

Revision ID: 0001_deployment_initial
Revises:
"""

import sqlalchemy as sa
from alembic import op

from diaspora_shared.runtime.migrations import (
    add_outbox_parking,
    create_idempotency_keys_table,
    create_outbox_table,
    create_processed_events_table,
)

revision = "0001_deployment_initial"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    _host_requests()
    _professionals()
    _missions()
    create_idempotency_keys_table()
    create_outbox_table()
    create_processed_events_table()
    add_outbox_parking()


def _host_requests() -> None:
    op.create_table(
        "host_requests",
        sa.Column("request_id", sa.String(36), primary_key=True),
        sa.Column("institution_code", sa.String(40), nullable=False, index=True),
        sa.Column("track", sa.String(20), nullable=False),
        sa.Column("course_or_specialty", sa.String(200), nullable=False),
        sa.Column("expertise", sa.Text, nullable=False),
        sa.Column("language", sa.String(5), nullable=False),
        sa.Column("starts_on", sa.Date, nullable=False),
        sa.Column("ends_on", sa.Date, nullable=False),
        sa.Column("professionals_wanted", sa.Integer, nullable=False),
        sa.Column("expected_participants", sa.Integer, nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("return_reason", sa.Text, nullable=True),
    )


def _professionals() -> None:
    op.create_table(
        "professionals",
        sa.Column("professional_id", sa.String(36), primary_key=True),
        sa.Column("track", sa.String(20), nullable=False),
        sa.Column("sex", sa.String(10), nullable=False),
        sa.Column("country_of_residence", sa.String(2), nullable=False),
        sa.Column("languages", sa.Text, nullable=False),
        sa.Column("courses_or_specialties", sa.Text, nullable=False),
        sa.Column("available_from", sa.Date, nullable=False),
        sa.Column("available_until", sa.Date, nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
    )


def _missions() -> None:
    op.create_table(
        "missions",
        sa.Column("mission_id", sa.String(36), primary_key=True),
        sa.Column("request_id", sa.String(36), nullable=False, index=True),
        sa.Column("institution_code", sa.String(40), nullable=False, index=True),
        sa.Column("professional_id", sa.String(36), nullable=False, index=True),
        sa.Column("track", sa.String(20), nullable=False),
        sa.Column("course_or_specialty", sa.String(200), nullable=False),
        sa.Column("starts_on", sa.Date, nullable=False),
        sa.Column("ends_on", sa.Date, nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("logistics", sa.Text, nullable=True),
        sa.Column("cancellation", sa.String(40), nullable=True),
        sa.Column("cancellation_note", sa.Text, nullable=True),
    )


def downgrade() -> None:
    for table in (
        "idempotency_keys",
        "processed_events",
        "outbox_messages",
        "missions",
        "professionals",
        "host_requests",
    ):
        op.drop_table(table)
