"""The OpenAPI schema documents the error statuses and bodies the routes really send."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from assistant.app import create_app
from assistant.settings import ServingSettings
from tests.assistant_support import bearer, fake_services


@pytest.fixture(scope="module")
def client(assistant_kb: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    db = tmp_path_factory.mktemp("openapi") / "tokens.sqlite"
    settings = ServingSettings(kb_dir=assistant_kb, token_db=db, rate_per_minute=0, token_rate_per_minute=0)
    with TestClient(create_app(settings, fake_services)) as c:
        yield c


def _responses(schema: dict[str, Any], path: str, method: str) -> dict[str, Any]:
    return dict(schema["paths"][path][method]["responses"])


def test_error_statuses_and_bodies_are_documented(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    error = schema["components"]["schemas"]["HTTPValidationError"]
    assert error["properties"]["detail"]["type"] == "string"  # what vietnamese_error sends, not pydantic's list
    assert {"400", "413", "422", "429"} <= _responses(schema, "/v1/ask", "post").keys()
    assert "404" in _responses(schema, "/v1/procedures/{code}", "get")
    assert "400" not in _responses(schema, "/v1/search", "get")  # no body, no unreadable JSON
    assert {"401", "403"} <= _responses(schema, "/v1/quality", "get").keys()
    assert "404" in _responses(schema, "/v1/changes", "get")
    # 503 where a dependency answers it when its part did not load (index, store, audit, speech…), only there
    for path, method in [("/v1/ask", "post"), ("/v1/search", "get"), ("/v1/analytics/summary", "get"),
                         ("/v1/quality", "get"), ("/v1/units/resolve", "get"), ("/v1/feedback", "post")]:
        assert _responses(schema, path, method)["503"]["content"]["application/json"]["schema"]["$ref"], path
    assert "503" not in _responses(schema, "/v1/procedures/{code}", "get")
    assert {"404", "503"} <= _responses(schema, "/v1/control", "post").keys()
    export = _responses(schema, "/v1/analytics/export.{fmt}", "get")["200"]["content"]
    assert "text/csv" in export and "application/json" not in export


def test_invalid_choice_names_the_route_own_choices(client: TestClient) -> None:
    reform = bearer(client, "reform")
    r = client.get("/v1/analytics/export.pdf", headers=reform)
    assert r.status_code == 422 and "csv, xlsx" in r.json()["detail"] and "voice" not in r.json()["detail"]
    r = client.post("/v1/ask", json={"question": "khai sinh", "channel": "fax"})
    assert r.status_code == 422 and "web, voice, agent" in r.json()["detail"]
