"""The person reference of each accepted professional, copied onto their missions, so a
professional can act on their own missions and one person cannot hold overlapping ones.

Revision ID: 0004_person_refs
Revises: 0002_deployment_activities
"""

import sqlalchemy as sa
from alembic import op

revision = "0004_person_refs"
down_revision = "0002_deployment_activities"
branch_labels = None
depends_on = None

TABLES = ("professionals", "missions")


def upgrade() -> None:
    for table in TABLES:
        op.add_column(table, sa.Column("person_ref", sa.String(43), nullable=True))
        op.create_index(f"ix_{table}_person_ref", table, ["person_ref"])


def downgrade() -> None:
    for table in TABLES:
        op.drop_index(f"ix_{table}_person_ref", table_name=table)
        op.drop_column(table, "person_ref")
