"""A generic searchable collection of chunks: BM25 + optional FAISS, one folder, one manifest.

Procedures are one collection; the legal team builds law articles as another with the same code::

    build_collection("legal", chunks, out_dir, analyzer, analyzer_version, embedder=None)
    col = Collection.load(out_dir, analyzer_version=..., embedder=...)
    scores, reach = col.lexical(terms); sims, rows = col.dense(query_vecs, k)

Builds are atomic (temporary folder, then rename); a mismatched manifest fails on load.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from kb.procedures.chunks import chunks_hash
from kb.search.dense import Embedder, FArray, VectorIndex, faiss_factory
from kb.search.lexical import Bm25sIndex
from kb.search.manifest import (
    IndexError_,
    check_manifest,
    make_manifest,
    read_manifest,
    verify_checksums,
    write_manifest,
)
from kb.search.params import SearchParams
from kb.staging import make_staging, old_copy_name
from kb.text.analysis import TextAnalyzer, index_terms

log = logging.getLogger(__name__)

__all__ = ["Collection", "IndexError_", "build_collection", "read_manifest", "replace_dir",
           "stale_reason"]
REBUILD = "tthc build"


def lexical_text(c: Any) -> str:
    """What BM25 sees for a chunk: the document title, then the chunk text (names stand alone)."""
    return c.text if c.section == "name" else f"{c.title}\n{c.text}"


def dense_text(c: Any) -> str:
    """What the embedder sees for a chunk (title + text, trimmed)."""
    return (c.text if c.section == "name" else f"{c.title}. {c.text}")[:1000]


def _chunk_to_json(c: Any) -> str:
    return json.dumps({"id": c.id, "doc_id": c.doc_id, "title": c.title, "section": c.section,
                       "heading": c.heading, "text": c.text,
                       "metadata": {k: list(v) if isinstance(v, tuple) else v for k, v in c.metadata}},
                      ensure_ascii=False)


def _chunk_from_json(line: str) -> Any:
    from kb.procedures.schema import Chunk

    d = json.loads(line)
    meta = tuple((k, tuple(v) if isinstance(v, list) else v) for k, v in d["metadata"].items())
    return Chunk(d["id"], d["doc_id"], d["title"], d["section"], d["heading"], d["text"], meta)


def stale_reason(manifest: dict[str, Any]) -> str | None:
    """Why an index with this manifest must be rebuilt by this code version (None: it need not).

    Today: its FAISS index type is not the one this version builds for its size."""
    if not manifest.get("embedder"):
        return None
    want = faiss_factory(int((manifest.get("counts") or {}).get("chunks", 0)))
    got = manifest.get("faiss_factory")
    return None if got == want else f"faiss_factory={got!r}, cần {want!r}"


def replace_dir(staging: Path, target: Path) -> None:
    """Swap ``staging`` into ``target`` (old copy removed only after the new one is in place)."""
    old = None
    if target.exists():
        old = old_copy_name(target)
        os.replace(target, old)
    os.replace(staging, target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def build_collection(name: str, chunks: list[Any], out_dir: Path, analyzer: TextAnalyzer,
                     analyzer_version: str, params: SearchParams, embedder: Embedder | None = None,
                     extra: dict[str, Any] | None = None) -> dict[str, Any]:
    """Index ``chunks`` into ``out_dir`` atomically; returns the manifest written."""
    t0 = time.perf_counter()
    out_dir = Path(out_dir)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = make_staging(out_dir.parent, f"{out_dir.name}-")
    try:
        with open(staging / "chunks.jsonl", "w", encoding="utf-8") as fh:
            fh.writelines(_chunk_to_json(c) + "\n" for c in chunks)
        lex = Bm25sIndex()
        lex.index([index_terms(analyzer, lexical_text(c)) for c in chunks])
        lex.save(staging / "lexical")
        t_lex = time.perf_counter() - t0
        emb_info = None
        factory = faiss_factory(len(chunks))
        if embedder is not None:
            vecs = embedder.encode([dense_text(c) for c in chunks])
            VectorIndex.build(vecs, factory).save(staging / "dense.faiss")
            emb_info = {"id": embedder.id, "dim": embedder.dim}
        manifest = make_manifest(
            name, analyzer_version=analyzer_version, lexical=Bm25sIndex.name, embedder=emb_info,
            faiss_factory=factory, counts={"chunks": len(chunks), "docs": len({c.doc_id for c in chunks})},
            data_hash=chunks_hash(chunks), params=params,
            extra={"seconds": {"lexical": round(t_lex, 2), "total": round(time.perf_counter() - t0, 2)},
                   **(extra or {})})
        write_manifest(staging, manifest)
        replace_dir(staging, out_dir)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return manifest


@dataclass
class Collection:
    """A loaded collection: chunks, BM25 and (optionally) the FAISS index, in one row order."""

    path: Path
    manifest: dict[str, Any]
    chunks: list[Any]
    lex: Bm25sIndex
    vectors: VectorIndex | None = None
    doc_rows: npt.NDArray[np.int64] = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    doc_ids: list[str] = field(default_factory=list)

    @classmethod
    def load(cls, path: Path, *, analyzer_version: str, embedder_id: str | None = None) -> Collection:
        """Load and check the manifest; :class:`IndexError_` on any mismatch."""
        path = Path(path)
        man = read_manifest(path)
        check_manifest(man, path, REBUILD, analyzer_version=analyzer_version, lexical=Bm25sIndex.name)
        if not verify_checksums(man, path, "tthc build --force"):
            log.warning("index %s has no checksums (built before they were recorded); rebuild to verify it", path)
        stale = stale_reason(man)
        if stale:
            raise IndexError_(f"chỉ mục {path} có {stale}; hãy chạy lại 'tthc build' để dựng lại chỉ mục")
        got_emb = (man.get("embedder") or {}).get("id")
        if embedder_id is not None and got_emb != embedder_id:
            raise IndexError_(f"chỉ mục {path} dùng mô hình dense {got_emb!r}, cấu hình là "
                              f"{embedder_id!r}; hãy chạy lại 'tthc build'")
        try:
            with open(path / "chunks.jsonl", encoding="utf-8") as fh:
                chunks = [_chunk_from_json(ln) for ln in fh]
            lex = Bm25sIndex.load(path / "lexical")
            vec = VectorIndex.load(path / "dense.faiss") if got_emb else None
        except (OSError, ValueError, RuntimeError) as exc:
            raise IndexError_(f"chỉ mục {path} hỏng ({exc}); hãy chạy 'tthc build --force'") from exc
        if len(chunks) != man["counts"]["chunks"] or (vec is not None and len(vec) != len(chunks)):
            raise IndexError_(f"chỉ mục {path} không khớp manifest; hãy chạy 'tthc build --force'")
        if vec is not None and vec.factory != man.get("faiss_factory"):
            raise IndexError_(f"chỉ mục {path}: dense.faiss là {vec.factory!r}, manifest ghi "
                              f"{man.get('faiss_factory')!r}; hãy chạy 'tthc build --force'")
        doc_ids: list[str] = []
        pos: dict[str, int] = {}
        rows = np.array([pos.setdefault(c.doc_id, len(pos)) for c in chunks], dtype=np.int64)
        doc_ids = list(pos)
        return cls(path, man, chunks, lex, vec, rows, doc_ids)

    def lexical(self, terms: list[str]) -> tuple[FArray, float]:
        """BM25 score of every chunk and the best score the query could reach."""
        return self.lex.scores(terms)

    def dense(self, qvecs: FArray, k: int) -> tuple[FArray, npt.NDArray[np.int64]]:
        """Top-``k`` chunk rows by cosine similarity, per query vector."""
        if self.vectors is None:
            raise IndexError_(f"chỉ mục {self.path} không có phần dense")
        return self.vectors.search(qvecs, k)
