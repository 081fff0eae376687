"""The library's typed settings; the only kb module that reads environment variables (prefix TTHC_).

Serving settings (host, port, sessions, concurrency …) live in ``assistant.settings``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SEARCH_MODES = ("hybrid", "bm25", "dense")


def _env(name: str, default: str) -> str:
    return os.environ.get(f"TTHC_{name}", default)


@dataclass(frozen=True, slots=True)
class Settings:
    """Paths and build/search tunables; build with :meth:`from_env` or directly in tests."""

    data_dir: Path = field(default_factory=lambda: PROJECT_ROOT.parent / "shared" / "data")
    kb_dir: Path = field(default_factory=lambda: PROJECT_ROOT / "var" / "kb")
    dense_model: str = ""  # local path of a sentence-transformers model; "" = embedded default
    search_mode: str = "hybrid"  # hybrid | bm25 | dense; hybrid won on our measurements (docs/retrieval.md)
    build_dense: bool = True  # train/encode the dense index at build time (needed for hybrid/dense)
    legal_workers: int = 2  # processes used to parse/tokenise the legal compendium

    def __post_init__(self) -> None:
        if self.search_mode not in SEARCH_MODES:
            raise ValueError(f"search_mode must be one of {', '.join(SEARCH_MODES)}, not {self.search_mode!r}")
        if self.legal_workers < 1:
            raise ValueError(f"legal_workers must be at least 1, not {self.legal_workers}")

    @classmethod
    def from_env(cls) -> Settings:
        """Settings from TTHC_* environment variables, defaults otherwise."""
        base = cls()
        return cls(
            data_dir=Path(_env("DATA", str(base.data_dir))),
            kb_dir=Path(_env("KB_DIR", str(base.kb_dir))),
            dense_model=_env("DENSE_MODEL", ""),
            search_mode=_env("SEARCH_MODE", base.search_mode),
            build_dense=_env("BUILD_DENSE", "1") not in ("0", "false", "no"),
            legal_workers=int(_env("LEGAL_WORKERS", str(base.legal_workers))),
        )

    @property
    def procedures_file(self) -> Path:
        """The portal export inside ``data_dir``."""
        return self.data_dir / "procedures" / "dichvucong-procedures-2026-07.jsonl.gz"

    @property
    def legal_file(self) -> Path:
        """The legal compendium (one topic per line) inside ``data_dir``."""
        return self.data_dir / "legal" / "phapdien-topics-2026-07.jsonl.gz"

    @property
    def db_path(self) -> Path:
        """The SQLite knowledge base."""
        return self.kb_dir / "kb.sqlite"
