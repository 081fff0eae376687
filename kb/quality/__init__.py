"""Staleness and data-quality audit of procedure records (rules as small modules, stored at build time)."""
