"""kill -9 of a build at several points: the previous knowledge base stays whole and is served, and
the next build removes the dead build's staging folder (slow: several real builds)."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ingestion.build import build
from kb.procedures.store import Store
from tests.conftest import FIXTURES

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]


def _big_portal(path: Path, copies: int) -> Path:
    rec = json.loads((FIXTURES / "portal_small.jsonl").read_text(encoding="utf-8").splitlines()[0])
    with open(path, "w", encoding="utf-8") as fh:
        for i in range(copies):
            code = f"7.{i:06d}"
            raw = rec["raw_procedure"]
            raw.update(id=f"id-{code}", code=code, name=f"Thủ tục thử {i}")
            raw["detail"].update(id=f"id-{code}", code=code, codeNotation=code, name=f"Thủ tục thử {i}")
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    return path


@pytest.mark.parametrize("delay", [0.3, 0.8, 1.5])
def test_kill_during_build_keeps_the_previous_kb(tmp_path: Path, small_portal: Path, delay: float) -> None:
    out = tmp_path / "kb"
    build([small_portal], out)
    before = Store(out).load()
    n, build_id = len(before), before.manifest["build_id"]
    before.close()
    big = _big_portal(tmp_path / "big.jsonl", 3000)
    code = f"from ingestion.build import build; build([{str(big)!r}], {str(out)!r}, force=True)"
    proc = subprocess.Popen([sys.executable, "-c", code], cwd=ROOT)
    time.sleep(delay)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    store = Store(out).load()  # the 3,000-record build takes ~5 s: killed before it could swap
    try:
        assert (len(store), store.manifest["build_id"]) == (n, build_id)
        assert store.get("9.000002") is not None
    finally:
        store.close()
    build([small_portal], out, force=True)
    assert not [p for p in out.iterdir() if "staging" in p.name]
