"""Alembic migration scripts of the interaction store."""
