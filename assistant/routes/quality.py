"""Staleness and data-quality findings stored by the build (`/v1/quality`), filterable by rule, code, severity."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Query

from assistant.api_models import AUTH_RESPONSES
from assistant.auth import require_role
from assistant.deps import QualityDep

router = APIRouter()
MAX_LIMIT = 5000


@router.get("/v1/quality", dependencies=[Depends(require_role("reform"))], responses=AUTH_RESPONSES)
def quality(
    data: QualityDep,
    rule: str | None = None,
    code: str | None = None,
    severity: str | None = None,
    limit: int = Query(500, ge=0, le=MAX_LIMIT),
    offset: int = Query(0, ge=0),
) -> dict[str, Any]:
    """``{"findings": [{"rule", "code", "severity", "field", "evidence", "suggestion"}], "counts": {...}}``.

    ``counts`` covers every finding; ``total`` is the number matching the filters before paging.
    """
    found = [f for f in data["findings"]
             if (rule is None or f["rule"] == rule) and (code is None or f["code"] == code.strip())
             and (severity is None or f["severity"] == severity)]
    return {"as_of": data["as_of"], "legal": data["legal"], "counts": data["counts"], "total": len(found),
            "findings": found[offset:offset + limit]}
