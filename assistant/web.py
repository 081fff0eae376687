"""Static web pages and assets shipped inside the package (no CDN, works offline)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

STATIC = Path(__file__).parent / "static"


@cache
def page(name: str) -> str:
    """The text of a file in ``assistant/static``."""
    return (STATIC / name).read_text(encoding="utf-8")
