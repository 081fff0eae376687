"""Data files shipped with the library (registry catalog)."""
