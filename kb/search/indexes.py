"""Build the search indexes of a knowledge base (``{kb_dir}/index``): restorer, dense model, chunks.

Skips all work when chunks, analyzer and dense configuration are unchanged; every part is written
to a temporary folder and renamed into place, so a failed build leaves the previous one usable.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
from pathlib import Path
from typing import Any

from kb.config import Settings
from kb.procedures.chunks import chunks_hash, corpus_chunks
from kb.procedures.store import Store
from kb.search.collection import build_collection, stale_reason
from kb.search.dense import DenseModelError, Embedder, PreprocessedEmbedder, SentenceTransformerEmbedder
from kb.search.manifest import FORMAT_VERSION, read_manifest, write_manifest
from kb.search.params import PARAMS_VERSION, PROCEDURE_PARAMS
from kb.text.analysis import TextAnalyzer, load_analyzer

log = logging.getLogger(__name__)

INDEX_DIR = "index"
PROCEDURES = "procedures"
RESTORER_DIR = "restorer"
DENSE_DIR = "dense-model"


def _embedded_id(model_dir: Path) -> str:
    info = json.loads((model_dir / "tthc_model.json").read_text(encoding="utf-8"))
    return f"static-local:{info['corpus_hash'][:12]}:{info['recipe']}"


def load_embedder(kb_dir: Path, settings: Settings, analyzer: TextAnalyzer) -> Embedder:
    """The configured dense model (``settings.dense_model``) or the embedded one built with the KB."""
    if settings.dense_model:
        path = Path(settings.dense_model)
        digest = hashlib.sha256(str(path.resolve()).encode()).hexdigest()[:8]
        return SentenceTransformerEmbedder(path, f"st:{path.name}:{digest}").load()
    model_dir = Path(kb_dir) / INDEX_DIR / DENSE_DIR
    if not (model_dir / "tthc_model.json").exists():
        raise DenseModelError(f"chưa có mô hình dense nhúng sẵn tại {model_dir}; hãy chạy 'tthc build'")
    from kb.search.dense_train import model_input

    inner = SentenceTransformerEmbedder(model_dir, _embedded_id(model_dir)).load()
    return PreprocessedEmbedder(inner, lambda t: model_input(analyzer, t))


def _train_restorer(texts: list[str], out: Path) -> dict[str, Any]:
    from kb.text import train_restorer

    try:
        return dict(train_restorer(texts, out))
    except Exception as exc:  # search still works without restoration; say so in the summary
        log.warning("diacritic restorer training failed: %r", exc)
        return {"error": repr(exc)}


def _record_store_build(col_dir: Path, manifest: dict[str, Any], build_id: Any) -> None:
    """Same chunks from a new store build: remember the build id (atomic manifest rewrite)."""
    write_manifest(col_dir, {**manifest, "store_build_id": build_id})


def build_indexes(kb_dir: Path, settings: Settings | None = None, progress: bool = False,
                  *, force: bool = False) -> dict[str, Any]:
    """Build (or skip) the indexes of ``kb_dir``; returns a summary dict (``skipped`` when no work)."""
    t0 = time.perf_counter()
    kb_dir = Path(kb_dir)
    settings = settings or Settings(kb_dir=kb_dir)
    base = kb_dir / INDEX_DIR
    base.mkdir(parents=True, exist_ok=True)
    store = Store(kb_dir).load()
    dense_cfg = settings.dense_model or ("embedded" if settings.build_dense else "none")
    old = read_manifest(base / PROCEDURES)
    version = load_analyzer(None)[1]

    def unchanged(keys: dict[str, Any]) -> bool:
        return bool(old) and not force and not stale_reason(old) and old.get(
            "analyzer_version") == version and old.get("format_version") == FORMAT_VERSION and (
            old.get("search_params") or {}).get("version") == PARAMS_VERSION and all(
            old.get(k) == v for k, v in keys.items())

    fast = {"store_build_id": store.manifest.get("build_id"), "dense_config": dense_cfg}
    if unchanged(fast):  # same store build: not even the chunks need reading
        store.close()
        return {"skipped": True, "chunks": old["counts"]["chunks"],
                "seconds": round(time.perf_counter() - t0, 2)}
    chunks = corpus_chunks(store)
    store.close()
    data_hash = chunks_hash(chunks)
    state = {**fast, "data_hash": data_hash}
    if unchanged({"data_hash": data_hash, "dense_config": dense_cfg}):
        _record_store_build(base / PROCEDURES, old, fast["store_build_id"])
        return {"skipped": True, "chunks": len(chunks), "seconds": round(time.perf_counter() - t0, 2)}
    summary: dict[str, Any] = {"skipped": False, "chunks": len(chunks)}
    texts = [c.text for c in chunks]
    t = time.perf_counter()
    summary["restorer"] = _train_restorer(texts, base / RESTORER_DIR)
    summary["restorer_seconds"] = round(time.perf_counter() - t, 2)
    restorer = base / RESTORER_DIR
    analyzer, version = load_analyzer(restorer if restorer.exists() else None)
    embedder: Embedder | None = None
    if dense_cfg == "embedded":
        from kb.search.dense_train import train_default_model

        t = time.perf_counter()
        summary["dense_training"] = train_default_model(chunks, base / DENSE_DIR, analyzer,
                                                        corpus_hash=data_hash, progress=progress)
        summary["dense_training_seconds"] = round(time.perf_counter() - t, 2)
    if dense_cfg != "none":
        embedder = load_embedder(kb_dir, settings, analyzer)
    man = build_collection(PROCEDURES, chunks, base / PROCEDURES, analyzer, version, PROCEDURE_PARAMS,
                           embedder, extra=state)
    summary["index_seconds"] = man["seconds"]
    summary["procedures"] = man["counts"]["docs"]
    summary["seconds"] = round(time.perf_counter() - t0, 2)
    return summary
