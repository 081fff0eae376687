"""Atomic, incremental build of the legal collection: compendium topics → SQLite + BM25 index.

The collection folder carries the search stack's one manifest schema (:mod:`kb.search.manifest`)
with the legal collection's own keys (build id, parser/schema versions, sources, report).
"""

from __future__ import annotations

import gzip
import json
import multiprocessing as mp
import os
import shutil
import time
from array import array
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ingestion.build import BuildError, file_sha256
from ingestion.legal import PARSER_VERSION, parse_topic
from ingestion.legal_db import article_hash, write_db
from kb.legal.articles import LEGAL_SCHEMA_VERSION, LegalArticle
from kb.legal.search import DenseArticles, LegalTerms, dense_text
from kb.legal.store import DB_NAME, INDEX_DIR, LEGAL_DIR, chunks_of
from kb.search.lexical import SparseBm25
from kb.search.manifest import FORMAT_VERSION, make_manifest, read_manifest, texts_hash, write_manifest
from kb.search.params import LEGAL_PARAMS, PARAMS_VERSION
from kb.staging import make_staging, old_copy_name

# Each pool process's term function, set once by its initializer (a process's own state:
# inherited on fork, never shared); the parent process never reads it.
_WORKER_TERMS: list[LegalTerms] = []


@dataclass(slots=True)
class LegalBuildReport:
    """What a legal build read, parsed and wrote."""

    topics: int = 0
    topics_with_articles: int = 0
    articles: int = 0
    parsed_fully: int = 0
    failures: Counter[str] = field(default_factory=Counter)  # reason → articles
    failure_examples: dict[str, list[str]] = field(default_factory=dict)  # reason → codes
    duplicates: int = 0  # same compendium code in several topics (first kept)
    documents: int = 0
    chunks: int = 0
    added: int = 0
    changed: int = 0
    removed: int = 0
    skipped: bool = False
    seconds: float = 0.0
    bytes: int = 0

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON summary."""
        return {
            k: (dict(v) if isinstance(v, Counter) else v)
            for k, v in ((s, getattr(self, s)) for s in self.__slots__)
        }  # type: ignore[attr-defined]


def read_topics(path: Path) -> Iterator[tuple[str, str]]:
    """(source path, markdown) of every topic line of a ``.jsonl``/``.jsonl.gz`` file."""
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as fh:  # type: ignore[operator]
        for line in fh:
            if line.strip():
                d = json.loads(line)
                yield d.get("source_path", ""), d.get("markdown", "")


def _init_worker(terms: LegalTerms) -> None:
    _WORKER_TERMS[:] = [terms]


def _work(item: tuple[str, str]) -> tuple[str, list[LegalArticle], list[list[tuple[str, str, Counter[str]]]]]:
    """Worker: parse one topic and tokenise its chunks (runs in a pool process)."""
    path, md = item
    arts = list(parse_topic(md, path))
    terms = _WORKER_TERMS[0]
    return (
        path,
        arts,
        [[(cid, passage, Counter(terms.tokenize(text))) for cid, text, passage in chunks_of(a)] for a in arts],
    )


def build_legal(
    source: Path,
    kb_dir: Path,
    *,
    force: bool = False,
    workers: int = 2,
    progress: bool = False,
    embedder: Any = None,
) -> LegalBuildReport:
    """Build ``<kb_dir>/legal`` from the compendium file; skip when source and versions are unchanged."""
    t0 = time.perf_counter()
    out = Path(kb_dir) / LEGAL_DIR
    rep = LegalBuildReport()
    sources = [{"path": str(source), "sha256": file_sha256(source), "bytes": source.stat().st_size}]
    terms = LegalTerms.load()
    versions = {
        "format_version": FORMAT_VERSION,
        "parser_version": PARSER_VERSION,
        "schema_version": LEGAL_SCHEMA_VERSION,
        "analyzer_version": terms.version,
        "lexical": SparseBm25.name,
    }
    old = read_manifest(out)
    if (
        not force
        and (out / DB_NAME).exists()
        and old.get("sources") == sources
        and all(old.get(k) == v for k, v in versions.items())
        and (old.get("embedder") or {}).get("id") == getattr(embedder, "id", None)
        and (old.get("search_params") or {}).get("version") == PARAMS_VERSION
    ):
        rep.skipped = True
        for k, v in old.get("report", {}).items():
            if k in rep.__slots__ and k not in ("skipped", "seconds", "failures"):  # type: ignore[attr-defined]
                setattr(rep, k, v)
        rep.failures = Counter(old.get("report", {}).get("failures", {}))
        rep.seconds = time.perf_counter() - t0
        return rep

    bar = None
    if progress:
        from tqdm import tqdm

        bar = tqdm(total=sum(1 for _ in read_topics(source)), unit=" chủ đề", desc="Pháp điển", leave=False)
    articles: dict[str, LegalArticle] = {}
    chunk_rows: list[tuple[str, str, str]] = []
    vocab: dict[str, int] = {}
    counts: list[tuple[array[int], array[int]]] = []  # term ids and frequencies per chunk
    ctx = mp.get_context("fork" if hasattr(os, "fork") else "spawn")
    with ctx.Pool(max(1, workers), initializer=_init_worker, initargs=(terms,)) as pool:
        for _path, arts, chunks in pool.imap(_work, read_topics(source), chunksize=1):
            rep.topics += 1
            rep.topics_with_articles += bool(arts)
            for a, cs in zip(arts, chunks, strict=True):
                if a.code in articles:
                    rep.duplicates += 1
                    continue
                articles[a.code] = a
                for cid, text, cnt in cs:
                    chunk_rows.append((cid, a.code, text))
                    counts.append(
                        (array("i", [vocab.setdefault(t, len(vocab)) for t in cnt]), array("i", cnt.values()))
                    )
            if bar:
                bar.update(1)
    if bar:
        bar.close()
    if not articles:
        raise BuildError(f"no compendium article found in {source}; legal collection left unchanged")
    for a in articles.values():
        rep.articles += 1
        rep.parsed_fully += a.parsed_fully
        for p in a.problems:
            rep.failures[p] += 1
            rep.failure_examples.setdefault(p, [])
            if len(rep.failure_examples[p]) < 10:
                rep.failure_examples[p].append(f"{a.code} ({a.topic_path})")
    rep.chunks = len(chunk_rows)
    out.mkdir(parents=True, exist_ok=True)
    staging = make_staging(out.parent)
    try:
        hashes = {c: article_hash(a) for c, a in articles.items()}
        build_id = write_db(staging, out, articles, chunk_rows, hashes, rep, force)
        sizes = SparseBm25.build(counts, vocab, staging / INDEX_DIR)
        del counts, vocab
        dense = _dense(articles, embedder, staging / INDEX_DIR, progress) if embedder is not None else None
        counts_ = {"articles": len(articles), "documents": rep.documents, "chunks": len(chunk_rows),
                   "parsed_fully": rep.parsed_fully, **{f"index_{k}": v for k, v in sizes.items()}}
        extra = {k: v for k, v in versions.items() if k not in ("format_version", "analyzer_version", "lexical")}
        man = make_manifest(
            LEGAL_DIR, analyzer_version=terms.version, lexical=SparseBm25.name,
            embedder={"id": dense["embedder"], "dim": dense["dim"]} if dense else None,
            faiss_factory=dense["faiss_factory"] if dense else None, counts=counts_,
            data_hash=texts_hash(f"{c}:{h}" for c, h in hashes.items()), params=LEGAL_PARAMS,
            extra={"build_id": build_id, **extra, "sources": sources, **({"dense": dense} if dense else {})})
        write_manifest(staging, man)
        backup = old_copy_name(out)
        os.replace(out, backup)
        os.replace(staging, out)
        shutil.rmtree(backup, ignore_errors=True)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    rep.bytes = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    rep.seconds = time.perf_counter() - t0
    write_manifest(out, {**read_manifest(out), "report": rep.to_dict()})
    return rep


def _dense(
    articles: dict[str, LegalArticle], embedder: Any, directory: Path, progress: bool
) -> dict[str, Any]:
    """Article vectors with the engine's embedder (one per article, in code order)."""
    t0 = time.perf_counter()
    codes = list(articles)
    texts = [dense_text(a.title, a.note.document_title if a.note else "", a.text) for a in articles.values()]
    bar = None
    if progress:
        from tqdm import tqdm

        bar = tqdm(total=len(texts), unit=" điều", desc="Vector điều luật", leave=False)
    try:
        meta = DenseArticles.build(codes, texts, embedder, directory, on_batch=bar.update if bar else None)
    finally:
        if bar:
            bar.close()
    return {**meta, "seconds": round(time.perf_counter() - t0, 1)}


