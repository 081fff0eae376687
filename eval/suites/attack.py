"""The attack tests behind the `slow` marker, run by `make eval`: schemathesis over the OpenAPI schema
(writes eval/reports/fuzz.{json,md}) and kill -9 of a serving process under load."""

from __future__ import annotations

import subprocess
import sys

from kb.config import PROJECT_ROOT, Settings

TESTS = ["tests/assistant/test_fuzz_schema.py", "tests/assistant/test_server_kill.py"]


def run_eval(settings: Settings) -> None:
    """Run the tests with pytest; a failure fails the suite."""
    del settings  # the tests build their own fixture knowledge bases
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-m", "slow", "-p", "no:cacheprovider", *TESTS],
                          cwd=PROJECT_ROOT, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"attack tests failed (pytest exit {done.returncode})")
