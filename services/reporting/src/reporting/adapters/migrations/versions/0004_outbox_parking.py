"""The outbox parks rows Kafka keeps refusing; processed events are pruned by age.

Revision ID: 0004_outbox_parking
Revises: 0004_reporting_rows
"""

from diaspora_shared.runtime.migrations import add_outbox_parking, drop_outbox_parking

revision = "0004_outbox_parking"
down_revision = "0004_reporting_rows"
branch_labels = None
depends_on = None


def upgrade() -> None:
    add_outbox_parking()


def downgrade() -> None:
    drop_outbox_parking()
