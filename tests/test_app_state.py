"""Objects shared through app.state: reused from the assistant, loaded once, 503 when absent."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Annotated

from fastapi import Depends, FastAPI
from fastapi.testclient import TestClient

from assistant.app_state import required, share

ThingDep = Annotated[object, Depends(required("thing", "Chưa có dữ liệu.", object))]


def _app(loaded: object | None, assistant_has: object | None) -> tuple[FastAPI, list[int]]:
    app = FastAPI()
    calls: list[int] = []
    app.state.assistant = SimpleNamespace(thing=assistant_has)

    def load() -> object | None:
        calls.append(1)
        return loaded

    share(app, "thing", "thing", load)

    @app.get("/x")
    def x(thing: ThingDep) -> dict[str, str]:
        return {"thing": str(thing)}

    return app, calls


def test_share_reuses_the_assistants_object_without_loading() -> None:
    app, calls = _app("loaded", "from-assistant")
    assert app.state.thing == "from-assistant" and calls == []
    assert TestClient(app).get("/x").json() == {"thing": "from-assistant"}


def test_share_loads_once_when_the_assistant_has_none() -> None:
    app, calls = _app("loaded", None)
    assert app.state.thing == "loaded" and calls == [1]


def test_missing_object_answers_503_in_vietnamese() -> None:
    app, _ = _app(None, None)
    r = TestClient(app).get("/x")
    assert r.status_code == 503 and r.json()["detail"] == "Chưa có dữ liệu."
