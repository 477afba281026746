"""An idempotent request's effect is marked in the same transaction as the effect itself.

Revision ID: 0008_idempotency_effects
Revises: 0007_outbox_parking
"""

import sqlalchemy as sa
from alembic import op

revision = "0008_idempotency_effects"
down_revision = "0007_outbox_parking"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("idempotency_keys", sa.Column("effect_committed_at", sa.DateTime(timezone=True)))


def downgrade() -> None:
    with op.batch_alter_table("idempotency_keys") as batch:
        batch.drop_column("effect_committed_at")
