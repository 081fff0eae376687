"""The OpenAPI schema names every status a route answers, with the body it really sends: errors are
``{"detail": "<Vietnamese message>"}`` (400 unreadable JSON, 404, 413 body too large, 422, 429)."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

ERROR_SCHEMA: dict[str, Any] = {
    "title": "ErrorOut", "type": "object", "required": ["detail"],
    "properties": {"detail": {"type": "string", "description": "thông báo lỗi bằng tiếng Việt"}},
}
ERROR_REF = {"$ref": "#/components/schemas/HTTPValidationError"}


def document_errors(schema: dict[str, Any]) -> dict[str, Any]:
    """Rewrite ``schema`` in place: the 422 body as sent, and 400/413 (bodies), 404 (path parameters),
    429 (rate-limited /v1 routes) on every operation they apply to."""
    schema.setdefault("components", {}).setdefault("schemas", {})["HTTPValidationError"] = ERROR_SCHEMA
    schema["components"]["schemas"].pop("ValidationError", None)
    for path, item in schema.get("paths", {}).items():
        for op in item.values():
            responses = op.setdefault("responses", {})

            def add(code: int, description: str, responses: dict[str, Any] = responses) -> None:
                responses.setdefault(str(code), {"description": description})
                responses[str(code)].setdefault("content", {"application/json": {"schema": ERROR_REF}})

            for code in [c for c in responses if c in ("400", "404", "413", "429", "503")]:
                add(int(code), "")  # a route's own error statuses: the same body

            add(422, "invalid input (Vietnamese message, input not echoed)")
            if "requestBody" in op:
                add(400, "the body is not valid JSON")
                add(413, "the body is larger than the limit")
            if "{" in path:
                add(404, "no such item")
            if path.startswith("/v1/"):
                add(429, "too many requests (see Retry-After)")
    return schema


def install(app: FastAPI) -> None:
    """Serve the documented schema at /openapi.json (built once)."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = document_errors(get_openapi(title=app.title, version=app.version,
                                                             routes=app.routes))
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
