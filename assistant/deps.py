"""Typed FastAPI dependencies over the services loaded once at start-up (``app.state.services``)."""

from __future__ import annotations

from typing import Annotated, Any, TypeVar

from fastapi import Depends, HTTPException, Request

from assistant.audit_service import AuditService
from assistant.interactions import Recorder
from assistant.service import Assistant
from assistant.settings import ServingSettings
from assistant.speech import Speaker
from assistant.startup import Services
from kb.legal.store import LegalStore
from kb.procedures.store import Store
from kb.units.resolve import Resolver

T = TypeVar("T")


def _built(obj: T | None, missing: str) -> T:
    """``obj``, or 503 with the Vietnamese ``missing`` message when that part was not loaded."""
    if obj is None:
        raise HTTPException(503, detail=missing)
    return obj

def get_services(request: Request) -> Services:
    """What the lifespan loaded."""
    services: Services = request.app.state.services
    return services


ServicesDep = Annotated[Services, Depends(get_services)]


def get_settings(services: ServicesDep) -> ServingSettings:
    """The settings the app was created with."""
    return services.settings


def get_store(services: ServicesDep) -> Store:
    """The procedure store (always open: the app does not start without it)."""
    return services.store


def get_assistant(services: ServicesDep) -> Assistant:
    """The assistant, or 503 when the search index is missing (named by /readyz)."""
    return _built(services.assistant, "Chưa có chỉ mục tìm kiếm; chạy 'tthc build'.")


def get_legal(services: ServicesDep) -> LegalStore:
    """The legal compendium, or 503 when it is not built."""
    return _built(services.legal, "Chưa có bộ pháp điển; chạy 'tthc build'.")


def get_resolver(services: ServicesDep) -> Resolver:
    """The 2025 unit map, or 503 when it is not built."""
    return _built(services.resolver, "Chưa có dữ liệu đơn vị hành chính; chạy 'tthc build'.")


def get_audit(services: ServicesDep) -> AuditService:
    """The once-only audit verdicts stored by the build, or 503 saying to run 'tthc build'."""
    if services.audit is None:
        reason = services.missing.get("audit", "")
        raise HTTPException(503, detail=f"Chưa có kết quả rà soát: {reason}")
    return services.audit


def get_speech(services: ServicesDep) -> Speaker:
    """The text-to-speech program, or 503 saying espeak-ng is not installed."""
    if services.speech is None:
        raise HTTPException(503, detail="Máy chủ chưa cài chương trình đọc tiếng Việt (gói espeak-ng) nên chưa "
                                        "đọc được câu trả lời; vui lòng dùng kênh văn bản.")
    return services.speech


def get_quality(services: ServicesDep) -> dict[str, Any]:
    """The stored data-quality findings, or 503 saying to run 'tthc build'."""
    if services.quality is None:
        raise HTTPException(503, detail=f"Chưa có kết quả rà soát chất lượng: {services.missing.get('quality', '')}")
    return services.quality


def get_recorder(services: ServicesDep) -> Recorder | None:
    """Where turns are recorded; None when recording is off or the store was unreachable at start-up."""
    return services.recorder


def require_recorder(services: ServicesDep) -> Recorder:
    """The interaction store, or 503 naming why it is not available."""
    if services.recorder is None:
        reason = services.missing.get("interactions", "TTHC_RECORD_INTERACTIONS=false")
        raise HTTPException(503, detail=f"Chưa có kho lưu tương tác: {reason}")
    return services.recorder


# The dependencies that answer 503 when their part did not load (the OpenAPI schema documents it).
MAY_BE_MISSING: frozenset[Any] = frozenset(
    {get_assistant, get_legal, get_resolver, get_audit, get_speech, get_quality, require_recorder})

SettingsDep = Annotated[ServingSettings, Depends(get_settings)]
StoreDep = Annotated[Store, Depends(get_store)]
AssistantDep = Annotated[Assistant, Depends(get_assistant)]
LegalDep = Annotated[LegalStore, Depends(get_legal)]
ResolverDep = Annotated[Resolver, Depends(get_resolver)]
AuditDep = Annotated[AuditService, Depends(get_audit)]
SpeechDep = Annotated[Speaker, Depends(get_speech)]
QualityDep = Annotated[dict[str, Any], Depends(get_quality)]
RecorderDep = Annotated[Recorder | None, Depends(get_recorder)]
InteractionsDep = Annotated[Recorder, Depends(require_recorder)]
