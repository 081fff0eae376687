"""Initial interaction store: turns, feedback, meta."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create the tables."""
    op.create_table(
        "turns",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("question", sa.Text, nullable=False),
        sa.Column("status", sa.String(24), nullable=False),
        sa.Column("code", sa.String(40)),
        sa.Column("family", sa.Text),
        sa.Column("aspect", sa.String(24), nullable=False),
        sa.Column("choices", sa.Text, nullable=False),
        sa.Column("latency_ms", sa.Float, nullable=False),
        sa.Column("pipeline", sa.String(80), nullable=False),
        sa.Column("session", sa.String(64), nullable=False),
    )
    op.create_index("ix_turns_at", "turns", ["at"])
    op.create_index("ix_turns_session", "turns", ["session"])
    op.create_table(
        "feedback",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("session", sa.String(64), nullable=False),
        sa.Column("rating", sa.String(8), nullable=False),
        sa.Column("reason", sa.String(40)),
        sa.Column("correct_code", sa.String(40)),
        sa.Column("note", sa.Text),
        sa.Column("by", sa.String(80)),
    )
    op.create_index("ix_feedback_at", "feedback", ["at"])
    op.create_index("ix_feedback_session", "feedback", ["session"])
    op.create_table(
        "meta",
        sa.Column("key", sa.String(40), primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
    )


def downgrade() -> None:
    """Drop the tables."""
    op.drop_table("meta")
    op.drop_table("feedback")
    op.drop_table("turns")
