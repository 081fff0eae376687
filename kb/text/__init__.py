"""Vietnamese text processing: tokenizer, query normaliser, diacritic restoration (light to import)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kb.text.analyzer import Analyzer, tokenizer_version

if TYPE_CHECKING:
    from kb.procedures.schema import Procedure

TOKENIZER_VERSION: str = tokenizer_version()


def train_restorer(texts: Iterable[str], out_dir: Path) -> dict[str, Any]:
    """Train the diacritic-restoration model on ``texts``, save it in ``out_dir``, return metrics."""
    from kb.text.training import train_restorer as _train

    return _train(texts, out_dir)


def procedure_texts(procedures: Iterable[Procedure]) -> Iterator[str]:
    """The texts of procedures the restorer learns from: ``train_restorer(procedure_texts(store), dir)``."""
    from kb.text.training import procedure_texts as _texts

    return _texts(procedures)


__all__ = ["TOKENIZER_VERSION", "Analyzer", "procedure_texts", "train_restorer"]
