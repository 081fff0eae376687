"""Serving settings: TTHC_* variables, validation with clear messages, and the library's part."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from assistant.settings import ServingSettings


def test_reads_prefixed_variables(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("TTHC_KB_DIR", str(tmp_path))
    monkeypatch.setenv("TTHC_PORT", "9001")
    monkeypatch.setenv("TTHC_SEARCH_MODE", "bm25")
    monkeypatch.setenv("TTHC_RETRIEVAL_CACHE", "0")
    s = ServingSettings()
    assert (s.kb_dir, s.port, s.search_mode, s.retrieval_cache) == (tmp_path, 9001, "bm25", 0)
    kb = s.kb()
    assert (kb.kb_dir, kb.search_mode, kb.dense_model) == (tmp_path, "bm25", "")


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("port", 70000, "less than or equal to 65535"),
        ("port", 0, "greater than or equal to 1"),
        ("pipeline_concurrency", 0, "greater than or equal to 1"),
        ("torch_threads", 0, "greater than or equal to 1"),
        ("retrieval_cache", -1, "greater than or equal to 0"),
        ("search_mode", "fuzzy", "'hybrid', 'bm25' or 'dense'"),
    ],
)
def test_invalid_values_fail_naming_the_field(field: str, value: object, message: str) -> None:
    with pytest.raises(ValidationError) as err:
        ServingSettings(**{field: value})
    assert field in str(err.value) and message in str(err.value)


def test_invalid_environment_fails_at_start(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TTHC_PIPELINE_CONCURRENCY", "0")
    with pytest.raises(ValidationError, match="pipeline_concurrency"):
        ServingSettings()


def test_unknown_field_is_rejected() -> None:
    with pytest.raises(ValidationError, match="prot"):
        ServingSettings(prot=1)  # type: ignore[call-arg]
