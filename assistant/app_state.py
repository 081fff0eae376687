"""Objects the app loads once at start-up and its routes share (legal index, ward map …)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar, cast

from fastapi import FastAPI, HTTPException, Request

T = TypeVar("T")


def share(app: FastAPI, attr: str, assistant_attr: str, load: Callable[[], Any]) -> None:
    """Set ``app.state.<attr>`` to the assistant's already loaded object, else to ``load()``
    (None when it is not built): one copy per process, never loaded per request."""
    assistant = getattr(app.state, "assistant", None)
    obj = getattr(assistant, assistant_attr, None) if assistant is not None else None
    setattr(app.state, attr, obj if obj is not None else load())


def required(attr: str, missing: str, kind: type[T]) -> Callable[[Request], T]:
    """A dependency returning ``app.state.<attr>``, or 503 with the Vietnamese ``missing`` message."""

    def dependency(request: Request) -> T:
        obj = getattr(request.app.state, attr, None)
        if obj is None:
            raise HTTPException(503, detail=missing)
        return cast(T, obj)

    dependency.__name__ = f"require_{attr}"
    return dependency
