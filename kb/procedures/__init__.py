"""Procedure records and their store: the typed schema, the SQLite store and the search chunks."""
