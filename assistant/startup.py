"""The one start-up function: opens everything a serving process shares, once, and says what is missing.

The HTTP app calls :func:`load_services` in its lifespan, the CLI and the Rasa action server call it
directly. The procedure store is required (no store, no service: :class:`KBError`). Every other
component that fails to load is logged and named in :attr:`Services.missing`, which /healthz reports
with status 503: no component is ever replaced silently by a weaker one. Text-to-speech (espeak-ng, an
operating-system package) is optional: when it is absent, :attr:`Services.optional_missing` names it,
/healthz lists it there without degrading, and only POST /v1/speak answers 503.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from assistant.audit_service import AuditService
from assistant.faults import Faults
from assistant.interactions import Recorder, open_recorder
from assistant.interactions.control import Controls
from assistant.limits import QuestionLimits
from assistant.retriever import Retriever, describe, open_search
from assistant.service import Assistant, limit_torch_threads
from assistant.sessions import make_session_store
from assistant.settings import ServingSettings
from assistant.speech import Speaker, SpeechError, Synthesizer
from kb import __version__
from kb.audit.stored import open_stored_audit
from kb.legal.store import LegalStore, open_legal
from kb.procedures.store import KBError, Store
from kb.quality.stored import load_quality
from kb.search.collection import IndexError_
from kb.units.resolve import Resolver
from kb.units.table import Units

log = logging.getLogger(__name__)

T = TypeVar("T")
# What a missing or damaged index raises: our errors, an unreadable file, a malformed manifest.
LOAD_ERRORS = (KBError, IndexError_, OSError, ValueError, sqlite3.Error)
OpenRetriever = Callable[[Store], Retriever]


@dataclass(slots=True)
class Services:
    """Objects shared by every request; ``missing`` maps a component to why it is not available."""

    settings: ServingSettings
    store: Store
    audit: AuditService | None
    assistant: Assistant | None = None  # None when the search index is missing: nothing to answer with
    legal: LegalStore | None = None
    resolver: Resolver | None = None
    quality: dict[str, Any] | None = None  # the stored data-quality findings and counts
    missing: dict[str, str] = field(default_factory=dict)
    speech: Speaker | None = None  # None when espeak-ng (or its Vietnamese voice) is not installed
    optional_missing: dict[str, str] = field(default_factory=dict)  # absent optional parts: not degraded
    faults: Faults = field(default_factory=Faults)  # fallbacks taken while serving (Redis…)
    recorder: Recorder | None = None  # the interaction store's writer; None when off or unreachable
    controls: Controls | None = None  # pinned answers and switched-off families (same store)

    @property
    def healthy(self) -> bool:
        """Whether every required or built component loaded (optional ones do not count)."""
        return not self.missing

    def require_assistant(self) -> Assistant:
        """The assistant, or :class:`KBError` saying what is missing (for the CLI and Rasa)."""
        if self.assistant is None:
            raise KBError("; ".join(f"{k}: {v}" for k, v in self.missing.items()))
        return self.assistant

    def close(self) -> None:
        """Write the queued turns, release the stores' connections."""
        if self.recorder is not None:
            self.recorder.close()
        self.store.close()


def _component(name: str, load: Callable[[], T], missing: dict[str, str]) -> T | None:
    """``load()``, or None with the reason logged and recorded under ``name``."""
    try:
        return load()
    except LOAD_ERRORS as exc:
        log.warning("%s unavailable, serving degraded: %s", name, exc)
        missing[name] = str(exc) or type(exc).__name__
        return None


def find_speech(settings: ServingSettings, optional_missing: dict[str, str]) -> Synthesizer | None:
    """The text-to-speech program, or None with the reason logged and recorded under "speech"."""
    try:
        return Synthesizer.find(settings)
    except SpeechError as exc:
        log.warning("speech unavailable (optional, POST /v1/speak answers 503): %s", exc)
        optional_missing["speech"] = str(exc)
        return None


def load_services(settings: ServingSettings, retriever: OpenRetriever | None = None) -> Services:
    """Open the store (required), the search engine, the legal collection, the 2025 unit map and speech.

    ``retriever`` replaces the search engine (tests pass an in-memory fake); by default the engine
    is loaded from ``settings.kb_dir``. Raises :class:`KBError` when the store itself is missing.
    """
    store = Store(settings.kb_dir).load()
    missing: dict[str, str] = {}
    faults = Faults()
    found = _component("search", lambda: retriever(store) if retriever else open_search(settings), missing)
    legal = _component("legal", lambda: open_legal(settings.kb_dir, settings.kb()), missing)
    resolver = _component("units", lambda: Resolver(Units(settings.kb_dir).load()), missing)
    build_id = str(store.manifest.get("build_id"))
    audit = _component("audit", lambda: AuditService(open_stored_audit(settings.kb_dir, build_id)), missing)
    quality = _component("quality", lambda: load_quality(settings.kb_dir, build_id), missing)
    limit_torch_threads(settings.torch_threads)  # after the models that may use torch are loaded
    assistant = None
    if found is not None:
        sessions = make_session_store(settings.redis_url, settings.session_ttl_s, settings.max_sessions, faults)
        limits = QuestionLimits(settings.max_question_chars, settings.max_question_words, settings.max_word_chars)
        assistant = Assistant(store, found, sessions, legal=legal, resolver=resolver,
                              concurrency=settings.pipeline_concurrency, limits=limits,
                              budget_s=settings.request_budget_s,
                              audit_note=audit.stored.data_first_note if audit is not None else None)
        log.info("assistant ready: retriever %s, hooks %s", describe(found), ", ".join(assistant.hooks))
    recorder = None
    if settings.record_interactions:
        recorder = _recorder(settings, f"tthc {__version__} kb {build_id[:12]}", missing)
    controls = Controls(recorder.store) if recorder is not None else None
    if controls is not None and assistant is not None:
        assistant.review = controls.review
    optional_missing: dict[str, str] = {}
    speech = find_speech(settings, optional_missing)
    return Services(settings, store, audit, assistant, legal, resolver, quality, missing,
                    speech=speech, optional_missing=optional_missing, faults=faults,
                    recorder=recorder, controls=controls)


def _recorder(settings: ServingSettings, pipeline: str, missing: dict[str, str]) -> Recorder | None:
    """The interaction recorder, or None with the reason in ``missing`` (answers are served regardless)."""
    try:
        return open_recorder(settings, pipeline)
    except Exception as exc:  # any driver error: the database is down, refused us, or the URL is wrong
        log.warning("interaction store unavailable, answers are not recorded: %r", exc)
        missing["interactions"] = f"{type(exc).__name__}: {exc}"[:300]
        return None
