"""Review policy per call, reviewer assignments and scores, confirmed selections and offers.

Revision ID: 0003_reviews
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003_reviews"
down_revision = "0002"
branch_labels = None
depends_on = None

DEFAULT_POLICY = (
    '{"criteria": [{"name": "relevant expertise", "weight": 0.4}, '
    '{"name": "training experience", "weight": 0.3}, {"name": "motivation", "weight": 0.2}, '
    '{"name": "languages", "weight": 0.1}], "reviews_required": 2, '
    '"disagreement_threshold": 1.5}'
)


def upgrade() -> None:
    with op.batch_alter_table("calls") as calls:
        calls.add_column(
            sa.Column("review_policy", sa.Text, nullable=False, server_default=DEFAULT_POLICY)
        )
    op.create_table(
        "review_assignments",
        sa.Column("application_id", sa.String(36), primary_key=True),
        sa.Column("reviewer_subject", sa.String(200), primary_key=True),
        sa.Column("assigned_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("assigned_by", sa.String(200), nullable=False),
        sa.Column("conflict_reason", sa.String(2000), nullable=True),
        sa.Column("scores", sa.Text, nullable=True),
        sa.Column("comment", sa.Text, nullable=True),
        sa.Column("weighted_score", sa.Float, nullable=True),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_table(
        "selections",
        sa.Column("call_id", sa.String(36), primary_key=True),
        sa.Column("confirmed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("confirmed_by", sa.String(200), nullable=False),
        sa.Column("offer_valid_days", sa.Integer, nullable=False),
        sa.Column("proposal", sa.Text, nullable=False),
    )
    op.create_table(
        "offers",
        sa.Column("application_id", sa.String(36), primary_key=True),
        sa.Column("call_id", sa.String(36), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("made_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("deadline", sa.DateTime(timezone=True), nullable=False),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("from_waiting_list", sa.Boolean, nullable=False),
    )
    op.create_index("ix_offers_call_id", "offers", ["call_id"])


def downgrade() -> None:
    op.drop_table("offers")
    op.drop_table("selections")
    op.drop_table("review_assignments")
    with op.batch_alter_table("calls") as calls:
        calls.drop_column("review_policy")
