"""The one index manifest schema (procedures and legal): what was built, with what, and its check.

Every collection folder holds ``manifest.json`` with the same core keys: ``name``,
``format_version``, ``package_version``, ``analyzer_version`` (tokenizer), ``lexical`` (BM25
variant), ``embedder`` (``{"id", "dim"}`` or null), ``faiss_factory``, ``metric``, ``counts``,
``data_hash``, ``built_at``, ``search_params`` (:func:`kb.search.params.params_record`); a
collection may add its own keys. :func:`check_manifest` refuses a folder whose manifest does not
match what the loading code expects, with a message that says what to do.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from kb import __version__
from kb.search.params import PARAMS_VERSION, SearchParams, params_record

FORMAT_VERSION = 2  # 2: one schema for both collections, search parameters recorded
MANIFEST = "manifest.json"
CORE_KEYS = ("name", "format_version", "package_version", "analyzer_version", "lexical", "embedder",
             "faiss_factory", "metric", "counts", "data_hash", "built_at", "search_params")


class IndexError_(RuntimeError):
    """An index is missing, corrupt or built with other settings (message says what to do)."""


def make_manifest(name: str, *, analyzer_version: str, lexical: str, embedder: dict[str, Any] | None,
                  faiss_factory: str | None, counts: dict[str, int], data_hash: str,
                  params: SearchParams, extra: dict[str, Any] | None = None) -> dict[str, Any]:
    """A manifest with every core key (``extra`` adds collection-specific keys after them)."""
    man: dict[str, Any] = {
        "name": name, "format_version": FORMAT_VERSION, "package_version": __version__,
        "analyzer_version": analyzer_version, "lexical": lexical, "embedder": embedder,
        "faiss_factory": faiss_factory if embedder else None, "metric": "inner_product",
        "counts": dict(counts), "data_hash": data_hash,
        "built_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "search_params": params_record(params),
    }
    return {**man, **(extra or {})}


def read_manifest(path: Path) -> dict[str, Any]:
    """The manifest of a collection folder, or {} when absent/unreadable."""
    try:
        return dict(json.loads((Path(path) / MANIFEST).read_text(encoding="utf-8")))
    except (OSError, ValueError):
        return {}


def file_checksums(path: Path) -> dict[str, str]:
    """sha256 of every file under ``path`` (relative POSIX path → hex digest), the manifest excepted."""
    path = Path(path)
    out: dict[str, str] = {}
    for f in sorted(p for p in path.rglob("*") if p.is_file()):
        rel = f.relative_to(path).as_posix()
        if rel in (MANIFEST, MANIFEST + ".tmp"):
            continue
        with open(f, "rb") as fh:
            out[rel] = hashlib.file_digest(fh, "sha256").hexdigest()
    return out


def verify_checksums(man: dict[str, Any], path: Path, rebuild: str) -> bool:
    """Raise :class:`IndexError_` naming the first missing or changed file of ``man["files"]``.

    False when the manifest predates checksums (nothing to verify: the caller says so), True when
    every file matched."""
    files = man.get("files")
    if files is None:
        return False
    for rel, digest in files.items():
        f = Path(path) / rel
        if not f.is_file():
            raise IndexError_(f"chỉ mục {path} thiếu tệp {rel}; hãy chạy lại '{rebuild}'")
        with open(f, "rb") as fh:
            if hashlib.file_digest(fh, "sha256").hexdigest() != digest:
                raise IndexError_(f"chỉ mục {path}: tệp {rel} bị hỏng (sai checksum); hãy chạy lại '{rebuild}'")
    return True


def write_manifest(path: Path, manifest: dict[str, Any]) -> None:
    """Write ``manifest.json`` into ``path`` atomically (temporary file, then rename), with the
    checksum of every file already in the folder under ``files`` (verified at load)."""
    manifest = {**manifest, "files": file_checksums(Path(path))}
    tmp = Path(path) / (MANIFEST + ".tmp")
    tmp.write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
    os.replace(tmp, Path(path) / MANIFEST)


def check_manifest(man: dict[str, Any], path: Path, rebuild: str, **expect: Any) -> None:
    """Raise :class:`IndexError_` unless ``man`` is this format and has every ``expect`` value.

    ``rebuild`` is the command the message tells the user to run. An expected ``embedder_id`` is
    compared with ``man["embedder"]["id"]``."""
    if not man:
        raise IndexError_(f"không có chỉ mục tìm kiếm tại {path}; hãy chạy '{rebuild}'")
    missing = [k for k in CORE_KEYS if k not in man]
    want = {"format_version": FORMAT_VERSION, **expect}
    if missing and man.get("format_version") == FORMAT_VERSION:
        raise IndexError_(f"chỉ mục {path} thiếu {', '.join(missing)} trong manifest; hãy chạy '{rebuild}'")
    for key, val in want.items():
        got = (man.get("embedder") or {}).get("id") if key == "embedder_id" else man.get(key)
        if got != val:
            raise IndexError_(f"chỉ mục {path} có {key}={got!r}, cần {val!r}; hãy chạy lại '{rebuild}'")
    rec = man.get("search_params") or {}
    if rec.get("version") != PARAMS_VERSION:
        raise IndexError_(f"chỉ mục {path} ghi tham số tìm kiếm phiên bản {rec.get('version')!r}, "
                          f"cần {PARAMS_VERSION}; hãy chạy lại '{rebuild}'")


def texts_hash(texts: Iterable[str]) -> str:
    """A short content hash of a sequence of texts (order matters)."""
    h = hashlib.sha256()
    for t in texts:
        h.update(t.encode("utf-8"))
        h.update(b"\0")
    return h.hexdigest()[:32]
