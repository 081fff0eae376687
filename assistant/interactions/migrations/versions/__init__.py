"""Revisions of the interaction store schema, oldest first."""
