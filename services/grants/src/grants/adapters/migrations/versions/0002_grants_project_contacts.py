"""Pilot projects' contact persons (personal data, erasable).

Revision ID: 0002_grants_project_contacts
Revises: 0001_grants_initial
"""

import sqlalchemy as sa
from alembic import op

revision = "0002_grants_project_contacts"
down_revision = "0001_grants_initial"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "project_contacts",
        sa.Column("project_code", sa.String(200), primary_key=True),
        sa.Column("position", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("email", sa.String(320), nullable=False),
        sa.Column("phone", sa.String(40), nullable=True),
    )


def downgrade() -> None:
    op.drop_table("project_contacts")
