"""Human control: pinned answers and switched-off families or procedures (append-only log)."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create the controls table."""
    op.create_table(
        "controls",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("by", sa.String(80), nullable=False),
        sa.Column("action", sa.String(8), nullable=False),
        sa.Column("family", sa.Text, nullable=False),
        sa.Column("code", sa.String(40), nullable=False),
        sa.Column("aspect", sa.String(24), nullable=False),
        sa.Column("answer", sa.Text),
        sa.Column("note", sa.Text),
    )


def downgrade() -> None:
    """Drop the controls table."""
    op.drop_table("controls")
