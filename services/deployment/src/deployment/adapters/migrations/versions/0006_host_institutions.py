"""Host institutions officers add or edit, over the shared reference data.

Revision ID: 0006_host_institutions
Revises: 0005_end_reports
"""

import sqlalchemy as sa
from alembic import op

revision = "0006_host_institutions"
down_revision = "0005_end_reports"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "host_institutions",
        sa.Column("code", sa.String(40), primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("district", sa.String(200), nullable=False),
        sa.Column("track", sa.String(20), nullable=False),
        sa.Column("courses", sa.Text, nullable=False),
        sa.Column("added", sa.Boolean, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("host_institutions")
