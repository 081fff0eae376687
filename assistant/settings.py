"""Serving settings (HTTP API, Rasa actions, CLI answers): typed, validated, read from TTHC_* variables."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from kb.config import PROJECT_ROOT, Settings

SearchMode = Literal["hybrid", "bm25", "dense"]


class ServingSettings(BaseSettings):
    """What a serving process reads; ``ServingSettings()`` takes TTHC_* variables, else the defaults.

    Invalid values (a port out of range, a concurrency below 1, an unknown search mode) fail at
    start-up with pydantic's message naming the variable, never later in a request.
    """

    model_config = SettingsConfigDict(env_prefix="TTHC_", frozen=True, extra="forbid")

    kb_dir: Path = Field(default=PROJECT_ROOT / "var" / "kb", description="built knowledge base")
    dense_model: str = Field(default="", description="local sentence-transformers model; '' = embedded")
    search_mode: SearchMode = "hybrid"  # hybrid won on our measurements (docs/retrieval.md)
    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=1, le=65535)
    redis_url: str = ""  # "" = sessions in process memory
    token_db: Path | None = Field(default=None, description="token hashes; None = <kb_dir>/../tokens.sqlite")
    session_ttl_s: int = Field(default=1800, ge=1)
    max_sessions: int = Field(default=100_000, ge=1, description="in-memory sessions kept (oldest dropped)")
    session_secret: SecretStr | None = Field(default=None, description="HMAC key of session ids")
    session_key_file: Path | None = Field(default=None, description="None = <kb_dir>/../session.key")
    max_question_chars: int = Field(default=2000, ge=1)
    max_question_words: int = Field(default=50, ge=1, description="words per question (422 beyond)")
    max_word_chars: int = Field(default=20, ge=4, description="longer words are not analysed")
    max_body_bytes: int = Field(default=16_384, ge=1024, description="request body cap (413 beyond)")
    rate_per_minute: int = Field(default=60, ge=0, description="/v1 requests per client IP; 0 = no limit")
    token_rate_per_minute: int = Field(default=600, ge=0, description="/v1 requests per token; 0 = no limit")
    cors_origins: tuple[str, ...] = Field(default=(), description="origins allowed by CORS; () = CORS off")
    metrics_public: bool = Field(default=False, description="serve /metrics to anyone (else admin token or loopback)")
    request_budget_s: float = Field(default=10.0, gt=0, description="wait + answer time before a busy reply")
    retrieval_cache: int = Field(default=2048, ge=0, description="LRU entries of retrieval results; 0 = off")
    # Answers computed at once per process (CPU-bound work under one GIL only thrashes when more run
    # together; scale with processes) and torch threads per query encoding.
    pipeline_concurrency: int = Field(default=1, ge=1)
    torch_threads: int = Field(default=1, ge=1)
    # POST /v1/speak: the text-to-speech program looked up on PATH at start-up (optional component).
    speech_program: str = Field(default="espeak-ng", min_length=1)
    speech_voice: str = Field(default="vi", min_length=1)
    speech_rate: int = Field(default=145, ge=80, le=450, description="words per minute")
    speech_timeout_s: float = Field(default=15.0, gt=0)
    max_speech_chars: int = Field(default=1500, ge=1)

    # Interaction store (ADR 0007): any SQLAlchemy URL; "" = the embedded SQLite file var/interactions.sqlite.
    database_url: str = ""
    record_interactions: bool = True
    retention_days: int = Field(default=180, ge=1, description="turns and feedback older than this are purged")
    session_salt: str = ""  # "" = a random salt created once and kept in the store
    record_queue: int = Field(default=10_000, ge=1, description="turns waiting for the background writer")

    def database(self) -> str:
        """The interaction store's SQLAlchemy URL."""
        return self.database_url or f"sqlite:///{PROJECT_ROOT / 'var' / 'interactions.sqlite'}"

    def kb(self) -> Settings:
        """The library's settings for the knowledge base this process serves."""
        return Settings(kb_dir=self.kb_dir, dense_model=self.dense_model, search_mode=self.search_mode)
