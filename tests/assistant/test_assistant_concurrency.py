"""One process answers one question at a time (TTHC_PIPELINE_CONCURRENCY), whatever the threads."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from assistant.pipeline import Context, Step
from assistant.service import Assistant, limit_torch_threads
from assistant.settings import ServingSettings


def _track(target: Assistant) -> list[int]:
    """Insert a first step that records how many pipelines are inside it at once."""
    inside, peaks = [0], []
    lock = threading.Lock()

    def step(ctx: Context) -> None:
        with lock:
            inside[0] += 1
            peaks.append(inside[0])
        time.sleep(0.02)
        with lock:
            inside[0] -= 1

    target.pipeline.steps.insert(0, Step("track", step, always=True))
    return peaks


@pytest.mark.parametrize("slots", [1, 3])
def test_concurrent_requests_run_at_most_the_configured_pipelines(assistant: Assistant, slots: int) -> None:
    fresh = Assistant(assistant.store, assistant.retriever, assistant.sessions, concurrency=slots)
    peaks = _track(fresh)
    with ThreadPoolExecutor(8) as pool:
        replies = list(pool.map(lambda i: fresh.ask("đăng ký khai sinh cần giấy tờ gì", f"s{i}"), range(12)))
    assert len(replies) == 12 and all(r.status != "error" for r in replies)
    assert max(peaks) == slots  # 8 threads waiting, never more than the slots inside


def test_settings_read_serving_limits(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TTHC_PIPELINE_CONCURRENCY", "3")
    monkeypatch.setenv("TTHC_TORCH_THREADS", "2")
    s = ServingSettings()
    assert s.pipeline_concurrency == 3 and s.torch_threads == 2


def test_limit_torch_threads() -> None:
    torch = pytest.importorskip("torch")
    before = torch.get_num_threads()
    try:
        limit_torch_threads(1)
        assert torch.get_num_threads() == 1
    finally:
        torch.set_num_threads(before)
