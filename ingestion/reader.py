"""Read portal exports (.jsonl or .jsonl.gz) line by line, keeping every failure with its place."""

from __future__ import annotations

import gzip
import json
import logging
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import IO

from ingestion.portal import RecordError, parse_procedure
from kb.procedures.schema import Procedure, RejectedRecord
from kb.text.normalize import fold

log = logging.getLogger(__name__)


def _open(path: Path) -> IO[str]:
    if path.suffix == ".gz":
        return gzip.open(path, "rt", encoding="utf-8", errors="replace")
    return path.open("r", encoding="utf-8", errors="replace")


def read_procedures(
    paths: list[Path],
    rejected: list[RejectedRecord],
    on_line: Callable[[int], None] | None = None,
    conflicts: list[RejectedRecord] | None = None,
) -> Iterator[Procedure]:
    """Yield valid procedures from ``paths``; append a :class:`RejectedRecord` for each failure.

    A missing or empty file, a malformed JSON line, a wrongly typed field and a duplicate code
    each become a rejection with file, line and reason; the other records still load.
    """
    if conflicts is None:
        conflicts = []
    first_seen: dict[str, tuple[str, int, str]] = {}
    for path in paths:
        name = str(path)
        if not path.exists():
            rejected.append(RejectedRecord(name, 0, "file not found"))
            continue
        if path.is_dir():
            rejected.append(RejectedRecord(name, 0, "is a directory, expected a .jsonl(.gz) file"))
            continue
        n_lines = 0
        try:
            with _open(path) as fh:
                for n_lines, line in enumerate(fh, start=1):
                    if on_line:
                        on_line(len(line))
                    if not line.strip():
                        continue
                    try:
                        obj = json.loads(line)
                    except json.JSONDecodeError as exc:
                        rejected.append(RejectedRecord(name, n_lines, f"malformed JSON: {exc.msg}"))
                        continue
                    try:
                        proc = parse_procedure(obj)
                    except RecordError as exc:
                        rejected.append(RejectedRecord(name, n_lines, str(exc)))
                        continue
                    if proc.code in first_seen:
                        f0, l0, name0 = first_seen[proc.code]
                        if fold(name0) == fold(proc.name):
                            rejected.append(RejectedRecord(
                                name, n_lines, f"duplicate code (first at {f0}:{l0})", proc.code))
                            continue
                        # The portal reuses a code for a different procedure (seen once, with a
                        # stray space): keep it, under a suffixed key, rather than lose it.
                        k = 2
                        while f"{proc.code}#{k}" in first_seen:
                            k += 1
                        log.warning("%s:%d: code %s already used at %s:%d by another procedure;"
                                    " stored as %s#%d", name, n_lines, proc.code, f0, l0, proc.code, k)
                        conflicts.append(RejectedRecord(
                            name, n_lines, f"code conflict with {f0}:{l0}: stored as {proc.code}#{k}",
                            proc.code))
                        proc = replace(proc, code=f"{proc.code}#{k}",
                                       components=tuple(replace(c, procedure_code=f"{proc.code}#{k}")
                                                        for c in proc.components))
                    first_seen[proc.code] = (name, n_lines, proc.name)
                    yield proc
        except (OSError, EOFError, gzip.BadGzipFile) as exc:
            rejected.append(RejectedRecord(name, n_lines, f"cannot read file: {exc}"))
            continue
        if n_lines == 0:
            rejected.append(RejectedRecord(name, 0, "empty file"))
