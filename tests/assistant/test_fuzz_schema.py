"""Schemathesis over the OpenAPI schema, in process against the ASGI app (fixture KB, fake retriever, an
admin token): a bounded number of positive and negative examples per operation, 0 server errors
expected; contract failures are counted and written to eval/reports/fuzz.{json,md} (slow)."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable

from assistant.app import create_app
from assistant.settings import ServingSettings
from tests.assistant_support import bearer, fake_services

schemathesis = pytest.importorskip("schemathesis")
pytestmark = pytest.mark.slow
REPORTS = Path(__file__).resolve().parents[2] / "eval" / "reports"
EXAMPLES = 25  # per operation and generation mode
# Expected to fail by design, not a contract defect: the checks that need a stateful server (links),
# and the time limit (the fixture app answers in milliseconds; CPU contention is not a contract issue).
SKIPPED_CHECKS = {"use_after_free", "ensure_resource_availability", "max_response_time"}

NOTES = [
    "Known, by design: *Schema-valid request rejected* — a question or filter the schema admits but the "
    "service refuses on meaning (no analysable word: empty, digits, emoji; `from` after `to`; a control "
    "entry naming both or neither of family and code; an unknown session) gets a Vietnamese 422; "
    "*API accepts requests without authentication* on `POST /v1/ask` — the web and voice channels are "
    "anonymous, only `channel=agent` needs "
    "a token; *Schema-violating request accepted* on `GET /v1/quality` — unknown query parameters are ignored.",
]


@pytest.fixture(scope="module")
def app_and_token(agent_kb: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Any, str]]:
    db = tmp_path_factory.mktemp("fuzz") / "tokens.sqlite"
    conf = ServingSettings(kb_dir=agent_kb, token_db=db, rate_per_minute=0, token_rate_per_minute=0)
    app = create_app(conf, fake_services)
    with TestClient(app, raise_server_exceptions=False) as client:  # runs the lifespan: services loaded
        yield app, bearer(client, "admin")["Authorization"]


def _fuzz(operation: Any, mode: Any, auth: str, found: dict[str, Any]) -> None:
    """Run ``EXAMPLES`` cases of ``operation`` in ``mode``; record statuses, 5xx and failed checks."""

    @settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
              phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
    @given(case=operation.as_strategy(generation_mode=mode))
    def run(case: Any) -> None:
        # positive cases carry the admin token; negative ones keep whatever (bad) credentials were generated
        generated = "authorization" in {k.lower() for k in case.headers or {}}
        headers = {"Authorization": auth} if mode.value == "positive" or not generated else {}
        try:
            response = case.call(headers=headers)
        except Exception as exc:  # the app raised: what a client sees as a 500
            found["server_errors"].append(f"{operation.label} → {type(exc).__name__}: {str(exc)[:200]}")
            return
        found["examples"] += 1
        found["statuses"][str(response.status_code)] += 1
        if response.status_code >= 500:
            found["server_errors"].append(f"{operation.label} → {response.status_code}")
        try:
            case.validate_response(response, headers=headers)
        except (AssertionError, BaseExceptionGroup) as exc:  # a FailureGroup or a single Failure
            for failure in getattr(exc, "exceptions", [exc]):
                check = getattr(failure, "code", "") or type(failure).__name__
                title = getattr(failure, "title", str(failure)).splitlines()[0]
                if check not in SKIPPED_CHECKS and not title.startswith("Response time"):
                    key = f"{operation.label}: {title} [{mode.value}]"
                    found["failures"].add(key)
                    found["details"].setdefault(key, f"{response.status_code} {str(failure)[:300]}")

    try:
        run()
    except Unsatisfiable:  # nothing to make invalid (no parameters, no body): no negative case exists
        found["unsatisfiable"] += 1


def _report(result: dict[str, Any]) -> None:
    path = REPORTS / "fuzz.json"
    previous = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    before = previous.get("before") or {k: result[k] for k in ("server_errors", "contract_failures")}
    report = {"tool": f"schemathesis {schemathesis.__version__}, in process (ASGI), fixture KB, admin token",
              "before": before, **result}
    path.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    md = ["# Schemathesis over the OpenAPI schema", "",
          f"{report['tool']}; {EXAMPLES} positive + {EXAMPLES} negative examples per operation "
          "(`tests/assistant/test_fuzz_schema.py`, `pytest -m slow`); stateful checks and the response-time "
          "check skipped.", "",
          "| operations | examples | server errors | contract failures (before → now) |", "|---|---|---|---|",
          f"| {result['operations']} | {result['examples']} | {result['server_errors']} | "
          f"{before['contract_failures']} → {result['contract_failures']} |", "",
          f"Statuses: {result['statuses']}", ""]
    listed = [f"- {f}" for f in result["failures"]]
    md += ["Contract failures:", "", *listed, "", *NOTES] if listed else ["No contract failures."]
    (REPORTS / "fuzz.md").write_text("\n".join(md) + "\n", encoding="utf-8")


def test_schemathesis_finds_no_server_error(app_and_token: tuple[Any, str]) -> None:
    app, auth = app_and_token
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    found: dict[str, Any] = {"examples": 0, "unsatisfiable": 0, "statuses": Counter(), "server_errors": [],
                             "failures": set(), "details": {}}
    operations = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1
        for mode in schemathesis.GenerationMode:
            _fuzz(operation, mode, auth, found)
    result = {"operations": operations, "examples": found["examples"], "server_errors": len(found["server_errors"]),
              "contract_failures": len(found["failures"]), "statuses": dict(sorted(found["statuses"].items())),
              "failures": sorted(found["failures"]),
              "failure_details": dict(sorted(found["details"].items())),
              "server_error_cases": found["server_errors"][:20]}
    _report(result)
    assert operations > 20 and found["examples"] > operations * EXAMPLES
    assert not found["server_errors"], found["server_errors"][:10]
