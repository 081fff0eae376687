"""Temporary folders of atomic builds, named with the builder's pid, so the next build removes those
left by a build that died (``kill -9``, power loss) and never those of a build still running."""

from __future__ import annotations

import logging
import os
import re
import shutil
import tempfile
import time
import uuid
from pathlib import Path

log = logging.getLogger(__name__)
_WITH_PID = re.compile(r"^\..*(?:staging|old)-(\d+)-")
_LEGACY = re.compile(r"^\.(?:.+-)?(?:staging|old)-")  # names written before the pid was recorded
LEGACY_AGE_S = 3600.0


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def clean_stale(parent: Path) -> list[Path]:
    """Remove the staging and old-copy folders in ``parent`` whose build process is gone (legacy
    names without a pid: when older than an hour); returns what was removed."""
    removed: list[Path] = []
    if not Path(parent).is_dir():
        return removed
    for p in Path(parent).iterdir():
        if not p.is_dir():
            continue
        m = _WITH_PID.match(p.name)
        if m:
            if int(m.group(1)) == os.getpid() or _alive(int(m.group(1))):
                continue
        elif not _LEGACY.match(p.name) or time.time() - p.stat().st_mtime < LEGACY_AGE_S:
            continue
        shutil.rmtree(p, ignore_errors=True)
        log.warning("removed %s, left by an interrupted build", p)
        removed.append(p)
    return removed


def make_staging(parent: Path, tag: str = "") -> Path:
    """A new staging folder in ``parent`` (created), after removing stale ones there."""
    parent = Path(parent)
    parent.mkdir(parents=True, exist_ok=True)
    clean_stale(parent)
    return Path(tempfile.mkdtemp(prefix=f".{tag}staging-{os.getpid()}-", dir=parent))


def old_copy_name(target: Path) -> Path:
    """Where ``target`` is moved while its replacement is swapped in."""
    return Path(target).with_name(f".{Path(target).name}-old-{os.getpid()}-{uuid.uuid4().hex[:8]}")
