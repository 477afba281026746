"""The ledger of public events derived for partners.

Revision ID: 0008_public_feed
Revises: 0007_indicators
"""

import sqlalchemy as sa
from alembic import op

revision = "0008_public_feed"
down_revision = "0007_indicators"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "public_feed_published",
        sa.Column("event_id", sa.String(36), primary_key=True),
        sa.Column("event_type", sa.String(200), nullable=False),
        sa.Column("source_event_id", sa.String(100), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("public_feed_published")
