"""Shared fixtures: small portal files written by us, a built test KB, and the real-data guard."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kb.config import PROJECT_ROOT, Settings

FIXTURES = Path(__file__).parent / "fixtures"
SHARED_DATA = Path(os.environ.get("TTHC_DATA", PROJECT_ROOT.parent / "shared" / "data"))


@pytest.fixture(scope="session", autouse=True)
def _interaction_store(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Apps built by tests record turns into a throwaway SQLite file, never into var/ of a checkout."""
    url = f"sqlite:///{tmp_path_factory.mktemp('interactions') / 'interactions.sqlite'}"
    os.environ["TTHC_DATABASE_URL"] = url


@pytest.fixture(scope="session")
def small_portal() -> Path:
    return FIXTURES / "portal_small.jsonl"


@pytest.fixture(scope="session")
def broken_portal() -> Path:
    return FIXTURES / "portal_broken.jsonl"


@pytest.fixture(scope="session")
def small_kb(tmp_path_factory: pytest.TempPathFactory, small_portal: Path) -> Path:
    from ingestion.build import build

    out = tmp_path_factory.mktemp("kb")
    build([small_portal], out)
    return out


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The real data; in CI its absence is a failure, locally a skip."""
    if not (SHARED_DATA / "procedures").is_dir():
        if os.environ.get("CI"):
            pytest.fail(f"real data missing at {SHARED_DATA} (CI must have ../shared)")
        pytest.skip(f"real data not found at {SHARED_DATA}")
    return SHARED_DATA


@pytest.fixture(scope="session")
def real_kb(tmp_path_factory: pytest.TempPathFactory, shared_data: Path) -> Path:
    """A knowledge base built once per session from the real portal export."""
    from ingestion.build import build

    out = tmp_path_factory.mktemp("realkb")
    build([Settings(data_dir=shared_data).procedures_file], out)
    return out


@pytest.fixture(scope="session")
def search_kb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small KB with BM25 indexes (no dense model), shared read-only by the search tests."""
    from ingestion.build import build
    from kb.search.indexes import build_indexes

    out = tmp_path_factory.mktemp("searchkb")
    build([FIXTURES / "portal_small.jsonl", FIXTURES / "portal_search.jsonl"], out)
    build_indexes(out, Settings(kb_dir=out, build_dense=False))
    return out


# Assistant fixtures (assistant_kb, assistant) live beside the assistant tests.
pytest_plugins = ["tests.assistant_support", "tests.postgres_support"]


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Fail the run when a server, chromedriver or Chromium the browser tests started outlives them."""
    import sys

    support = sys.modules.get("tests.browser_support")
    if support is None:  # no browser test was collected: nothing was started
        return
    left = support.leftovers()
    if left:
        for proc in support.STARTED:
            support.stop_group(proc, timeout=2.0)
        support.kill_profile(support.PROFILE_PREFIX)
        session.config.get_terminal_writer().line(
            "processes started by the browser tests outlived them:\n  " + "\n  ".join(left), red=True
        )
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
