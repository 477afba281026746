"""Offsets consumed by a batch rebuild of the read model, per projection and topic-partition.

Revision ID: 0002_rebuild_offsets
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002_rebuild_offsets"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "projection_offsets",
        sa.Column("projection", sa.String(100), primary_key=True),
        sa.Column("topic", sa.String(255), primary_key=True),
        sa.Column("partition", sa.Integer, primary_key=True),
        sa.Column("next_offset", sa.BigInteger, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("projection_offsets")
