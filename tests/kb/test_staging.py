"""Staging folders left by interrupted builds are removed by the next build, never a running one's."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from ingestion.build import build
from kb.staging import clean_stale, make_staging, old_copy_name


def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_clean_stale_removes_only_dead_builders(tmp_path: Path) -> None:
    dead = _dead_pid()
    stale = [tmp_path / f".staging-{dead}-abc", tmp_path / f".procedures-staging-{dead}-x",
             tmp_path / f".legal-old-{dead}-0123abcd"]
    mine = tmp_path / f".staging-{os.getpid()}-mine"
    legacy_old, legacy_new = tmp_path / ".staging-k2j3", tmp_path / ".old-1a2b3c4d"
    keep = [mine, legacy_new, tmp_path / "index", tmp_path / ".cache"]
    for d in [*stale, *keep, legacy_old]:
        d.mkdir()
        (d / "big.bin").write_bytes(b"x" * 1000)
    past = time.time() - 7200
    os.utime(legacy_old, (past, past))
    removed = clean_stale(tmp_path)
    assert sorted(removed) == sorted([*stale, legacy_old])
    assert all(d.exists() for d in keep)


def test_staging_names_carry_the_pid(tmp_path: Path) -> None:
    s = make_staging(tmp_path, "procedures-")
    assert s.is_dir() and s.name.startswith(f".procedures-staging-{os.getpid()}-")
    assert old_copy_name(tmp_path / "legal").name.startswith(f".legal-old-{os.getpid()}-")
    assert clean_stale(tmp_path) == []  # our own staging folder stays


def test_next_build_cleans_a_killed_builds_folder(tmp_path: Path, small_portal: Path) -> None:
    out = tmp_path / "kb"
    out.mkdir()
    left = out / f".staging-{_dead_pid()}-killed"
    left.mkdir()
    (left / "kb.sqlite").write_bytes(b"\0" * 4096)
    build([small_portal], out)
    assert not left.exists() and (out / "kb.sqlite").exists()
    assert not [p for p in out.iterdir() if "staging" in p.name]
