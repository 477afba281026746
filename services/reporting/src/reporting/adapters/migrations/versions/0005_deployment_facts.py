"""Deployment's read model: facts per mission and per activity record.

Revision ID: 0005_deployment_facts
Revises: 0004_outbox_parking
"""

import sqlalchemy as sa
from alembic import op

revision = "0005_deployment_facts"
down_revision = "0004_outbox_parking"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "deployment_facts",
        sa.Column("fact_key", sa.String(80), primary_key=True),
        sa.Column("institution_code", sa.String(40), nullable=False, index=True),
        sa.Column("kind", sa.String(30), nullable=False),
        sa.Column("facts", sa.Text, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("deployment_facts")
