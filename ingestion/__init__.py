"""Ingestion: parse raw sources (portal export, legal compendium, unit tables) into kb records."""
