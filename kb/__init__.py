"""Knowledge-base library: records, Vietnamese text, storage, indexes and search (no app code)."""

__version__ = "0.1.0"
