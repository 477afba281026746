"""The outbox parks rows Kafka keeps refusing; processed events are pruned by age.

Revision ID: 0007_outbox_parking
Revises: 0006_offer_valid_hours
"""

from diaspora_shared.runtime.migrations import add_outbox_parking, drop_outbox_parking

revision = "0007_outbox_parking"
down_revision = "0006_offer_valid_hours"
branch_labels = None
depends_on = None


def upgrade() -> None:
    add_outbox_parking()


def downgrade() -> None:
    drop_outbox_parking()
