"""When an application's personal data was erased (null while it is held).

Revision ID: 0004_erasure
Revises: 0003_reviews
"""

import sqlalchemy as sa
from alembic import op

revision = "0004_erasure"
down_revision = "0003_reviews"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("applications") as applications:
        applications.add_column(sa.Column("erased_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("applications") as applications:
        applications.drop_column("erased_at")
