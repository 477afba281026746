"""A mentor's person reference (a keyed pseudonym of their login), so they act on their own
mentoring.

Revision ID: 0004_grants_mentor_person_ref
Revises: 0003_grants_mentor_missions
"""

import sqlalchemy as sa
from alembic import op

revision = "0004_grants_mentor_person_ref"
down_revision = "0003_grants_mentor_missions"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("mentors", sa.Column("person_ref", sa.String(64), nullable=True))
    op.create_index("ix_mentors_person_ref", "mentors", ["person_ref"])


def downgrade() -> None:
    op.drop_index("ix_mentors_person_ref", table_name="mentors")
    op.drop_column("mentors", "person_ref")
