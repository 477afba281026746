"""Offer deadlines in hours, so an officer can set a short one.

Revision ID: 0006_offer_valid_hours
Revises: 0005_idempotency_keys
"""

import sqlalchemy as sa
from alembic import op

revision = "0006_offer_valid_hours"
down_revision = "0005_idempotency_keys"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("selections") as selections:
        selections.add_column(sa.Column("offer_valid_hours", sa.Integer, nullable=True))
    op.execute("UPDATE selections SET offer_valid_hours = offer_valid_days * 24")


def downgrade() -> None:
    with op.batch_alter_table("selections") as selections:
        selections.drop_column("offer_valid_hours")
