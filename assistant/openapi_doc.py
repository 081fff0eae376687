"""The OpenAPI schema names every status a route answers, with the body it really sends: errors are
``{"detail": "<Vietnamese message>"}`` (400 unreadable JSON, 404, 413 body too large, 422, 429) or
``{"code", "detail"}`` (401, 403); text fields carry the limits the routes enforce, and every
operation says whether a bearer token is required or only optional (checked when presented)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from fastapi import APIRouter, FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.openapi.utils import get_openapi
from fastapi.routing import APIRoute

from assistant import text_schema
from assistant.api_models import AuthErrorOut
from assistant.deps import MAY_BE_MISSING
from assistant.limits import QuestionLimits
from assistant.settings import ServingSettings

ERROR_SCHEMA: dict[str, Any] = {
    "title": "ErrorOut", "type": "object", "required": ["detail"],
    "properties": {"detail": {"type": "string", "description": "thông báo lỗi bằng tiếng Việt"}},
}
ERROR_REF = {"$ref": "#/components/schemas/HTTPValidationError"}
AUTH_REF = {"$ref": "#/components/schemas/AuthErrorOut"}
UNAVAILABLE = "a part this route needs did not load (named by /readyz), or no answer slot freed in time (Retry-After)"
BEARER = "HTTPBearer"  # FastAPI's name for the scheme of assistant.auth's HTTPBearer


def document_errors(schema: dict[str, Any]) -> dict[str, Any]:
    """Rewrite ``schema`` in place: the 422 body as sent, and 400/413 (bodies), 404 (path parameters),
    429 (rate-limited /v1 routes) on every operation they apply to."""
    schema.setdefault("components", {}).setdefault("schemas", {})["HTTPValidationError"] = ERROR_SCHEMA
    schema["components"]["schemas"].pop("ValidationError", None)
    schema["components"]["schemas"].setdefault("AuthErrorOut", AuthErrorOut.model_json_schema())
    for path, item in schema.get("paths", {}).items():
        for op in item.values():
            responses = op.setdefault("responses", {})

            def add(code: int, description: str, responses: dict[str, Any] = responses) -> None:
                responses.setdefault(str(code), {"description": description})
                responses[str(code)].setdefault("content", {"application/json": {"schema": ERROR_REF}})

            for code in [c for c in responses if c in ("400", "404", "413", "429", "503")]:
                add(int(code), "")  # a route's own error statuses: the same body

            add(422, "invalid input (Vietnamese message, input not echoed)")
            # A presented token is checked on every route (assistant.middleware): 401 when unknown.
            op.setdefault("security", [{}, {BEARER: []}])
            responses.setdefault("401", {"description": "a token was presented but is unknown or revoked"})
            responses["401"].setdefault("content", {"application/json": {"schema": AUTH_REF}})
            if "requestBody" in op:
                add(400, "the body is not valid JSON")
                add(413, "the body is larger than the limit")
            if "{" in path:
                add(404, "no such item")
            if path.startswith("/v1/"):
                add(429, "too many requests (see Retry-After)")
    return schema


def text_kinds(settings: ServingSettings) -> dict[str, dict[str, Any]]:
    """The constraints of each kind of text field under ``settings`` (see assistant.text_schema)."""
    limits = QuestionLimits(settings.max_question_chars, settings.max_question_words, settings.max_word_chars)
    return {"question": text_schema.question_schema(limits),
            "speech": text_schema.speech_schema(settings.max_speech_chars)}


def _needs_part(dependant: Dependant) -> bool:
    return dependant.call in MAY_BE_MISSING or any(_needs_part(d) for d in dependant.dependencies)


def document_unavailable(schema: dict[str, Any], routers: Sequence[APIRouter]) -> None:
    """503 on every operation of ``routers`` with a dependency that answers it when its part did not load."""
    for route in (r for router in routers for r in router.routes):
        if isinstance(route, APIRoute) and route.include_in_schema and _needs_part(route.dependant):
            for method in route.methods or ():
                responses = schema["paths"][route.path_format][method.lower()]["responses"]
                responses.setdefault("503", {"description": UNAVAILABLE})


def install(app: FastAPI, settings: ServingSettings, routers: Sequence[APIRouter]) -> None:
    """Serve the documented schema of ``app`` (whose ``routers`` are these) at /openapi.json, built once."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = get_openapi(title=app.title, version=app.version, routes=app.routes)
            text_schema.apply(schema, text_kinds(settings))
            document_unavailable(schema, routers)
            app.openapi_schema = document_errors(schema)
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
