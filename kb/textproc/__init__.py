"""Vietnamese text processing: tokenizer, query normaliser, diacritic restoration (light to import)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from kb.textproc.analyzer import Analyzer, tokenizer_version

TOKENIZER_VERSION: str = tokenizer_version()


def train_restorer(texts: Iterable[str], out_dir: Path) -> dict[str, Any]:
    """Train the diacritic-restoration model on ``texts``, save it in ``out_dir``, return metrics."""
    from kb.textproc.training import train_restorer as _train

    return _train(texts, out_dir)


__all__ = ["TOKENIZER_VERSION", "Analyzer", "train_restorer"]
