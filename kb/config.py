"""One typed settings object; the only place that reads environment variables (prefix TTHC_)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def _env(name: str, default: str) -> str:
    return os.environ.get(f"TTHC_{name}", default)


@dataclass(frozen=True, slots=True)
class Settings:
    """Paths and tunables; build with :meth:`from_env` or directly in tests."""

    data_dir: Path = field(default_factory=lambda: PROJECT_ROOT.parent / "shared" / "data")
    kb_dir: Path = field(default_factory=lambda: PROJECT_ROOT / "var" / "kb")
    host: str = "127.0.0.1"
    port: int = 8000
    dense_model: str = ""  # local path of a sentence-transformers model; "" = embedded default
    search_mode: str = "hybrid"  # hybrid | bm25 | dense; hybrid won on our measurements (docs/retrieval.md)
    build_dense: bool = True  # train/encode the dense index at build time (needed for hybrid/dense)
    redis_url: str = ""
    session_ttl_s: int = 1800
    max_question_chars: int = 2000
    legal_workers: int = 2  # processes used to parse/tokenise the legal compendium
    retrieval_cache: int = 2048  # assistant: LRU entries of retrieval results (0 = off)
    # Serving: answers computed at once per process (CPU-bound work under one GIL only thrashes when
    # more run together; scale with processes) and torch threads per query encoding.
    pipeline_concurrency: int = 1
    torch_threads: int = 1

    @classmethod
    def from_env(cls) -> Settings:
        """Settings from TTHC_* environment variables, defaults otherwise."""
        base = cls()
        return cls(
            data_dir=Path(_env("DATA", str(base.data_dir))),
            kb_dir=Path(_env("KB_DIR", str(base.kb_dir))),
            host=_env("HOST", base.host),
            port=int(_env("PORT", str(base.port))),
            dense_model=_env("DENSE_MODEL", ""),
            search_mode=_env("SEARCH_MODE", base.search_mode),
            build_dense=_env("BUILD_DENSE", "1") not in ("0", "false", "no"),
            redis_url=_env("REDIS_URL", ""),
            session_ttl_s=int(_env("SESSION_TTL_S", str(base.session_ttl_s))),
            max_question_chars=int(_env("MAX_QUESTION_CHARS", str(base.max_question_chars))),
            legal_workers=int(_env("LEGAL_WORKERS", str(base.legal_workers))),
            retrieval_cache=int(_env("RETRIEVAL_CACHE", str(base.retrieval_cache))),
            pipeline_concurrency=max(1, int(_env("PIPELINE_CONCURRENCY", str(base.pipeline_concurrency)))),
            torch_threads=max(1, int(_env("TORCH_THREADS", str(base.torch_threads)))),
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
