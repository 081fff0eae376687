"""Atomic, incremental build of the legal collection: compendium topics → SQLite + BM25 index."""

from __future__ import annotations

import gzip
import hashlib
import json
import multiprocessing as mp
import os
import shutil
import sqlite3
import tempfile
import time
import uuid
from array import array
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ingestion.build import BuildError, file_sha256
from ingestion.legal import PARSER_VERSION, parse_topic
from kb import __version__
from kb.legal.articles import LEGAL_SCHEMA_VERSION, LegalArticle, number_key
from kb.legal.search import BM25Index, DenseArticles, dense_text, tokenize, tokenizer_name
from kb.legal.store import DB_NAME, DDL, INDEX_DIR, LEGAL_DIR, MANIFEST_NAME, chunks_of


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


def _work(item: tuple[str, str]) -> tuple[str, list[LegalArticle], list[list[tuple[str, str, Counter[str]]]]]:
    """Worker: parse one topic and tokenise its chunks (runs in a pool process)."""
    path, md = item
    arts = list(parse_topic(md, path))
    return (
        path,
        arts,
        [[(cid, passage, Counter(tokenize(text))) for cid, text, passage in chunks_of(a)] for a in arts],
    )


def _hash(a: LegalArticle) -> str:
    return hashlib.sha256(json.dumps(a.to_dict(), ensure_ascii=False, sort_keys=True).encode()).hexdigest()[
        :32
    ]


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
    versions = {
        "parser_version": PARSER_VERSION,
        "schema_version": LEGAL_SCHEMA_VERSION,
        "tokenizer": tokenizer_name(),
        "embedder": getattr(embedder, "id", None),
    }
    try:
        old = json.loads((out / MANIFEST_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        old = {}
    if (
        not force
        and (out / DB_NAME).exists()
        and old.get("sources") == sources
        and all(old.get(k) == v for k, v in versions.items())
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
    with ctx.Pool(max(1, workers)) as pool:
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
    staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=out.parent))
    try:
        _write(staging, out, articles, chunk_rows, rep, sources, versions, force)
        sizes = BM25Index.build(counts, vocab, staging / INDEX_DIR)
        del counts, vocab
        man = json.loads((staging / MANIFEST_NAME).read_text(encoding="utf-8"))
        man["counts"].update({f"index_{k}": v for k, v in sizes.items()})
        if embedder is not None:
            man["dense"] = _dense(articles, embedder, staging / INDEX_DIR, progress)
        (staging / MANIFEST_NAME).write_text(json.dumps(man, ensure_ascii=False, indent=2), encoding="utf-8")
        backup = out.parent / f".old-{uuid.uuid4().hex[:8]}"
        os.replace(out, backup)
        os.replace(staging, out)
        shutil.rmtree(backup, ignore_errors=True)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    rep.bytes = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    rep.seconds = time.perf_counter() - t0
    man = json.loads((out / MANIFEST_NAME).read_text(encoding="utf-8"))
    man["report"] = rep.to_dict()
    (out / MANIFEST_NAME).write_text(json.dumps(man, ensure_ascii=False, indent=2), encoding="utf-8")
    return rep


def _write(
    staging: Path,
    out: Path,
    articles: dict[str, LegalArticle],
    chunk_rows: list[tuple[str, str, str]],
    rep: LegalBuildReport,
    sources: list[dict[str, Any]],
    versions: dict[str, Any],
    force: bool,
) -> None:
    db = staging / DB_NAME
    if (out / DB_NAME).exists() and not force:
        shutil.copy2(out / DB_NAME, db)
    con = sqlite3.connect(str(db))
    try:
        con.executescript(DDL)
        existing = dict(con.execute("SELECT code, hash FROM articles"))
    except sqlite3.DatabaseError:
        con.close()
        db.unlink()
        con = sqlite3.connect(str(db))
        con.executescript(DDL)
        existing = {}
    hashes = {c: _hash(a) for c, a in articles.items()}
    todo = [a for c, a in articles.items() if existing.get(c) != hashes[c]]
    gone = [c for c in existing if c not in articles]
    rep.added = sum(1 for a in todo if a.code not in existing)
    rep.changed, rep.removed = len(todo) - rep.added, len(gone)
    build_id = uuid.uuid4().hex
    doc_keys = {c: number_key(a.note.document_number) if a.note else "" for c, a in articles.items()}
    with con:
        con.executemany("DELETE FROM articles WHERE code = ?", [(c,) for c in gone])
        con.executemany(
            "INSERT OR REPLACE INTO articles VALUES (?,?,?,?,?,?,?)",
            [
                (
                    a.code,
                    hashes[a.code],
                    a.topic_path,
                    number_key(a.note.document_number) if a.note else "",
                    a.note.article if a.note else "",
                    int(a.parsed_fully),
                    json.dumps(a.to_dict(), ensure_ascii=False, sort_keys=True),
                )
                for a in todo
            ],
        )
        con.execute("DELETE FROM documents")
        con.executemany("INSERT OR REPLACE INTO documents VALUES (?,?,?,?,?,?,?,?)", _documents(articles))
        con.execute("DELETE FROM amendments")
        con.executemany(
            "INSERT OR IGNORE INTO amendments VALUES (?,?)",
            [
                (number_key(m.document_number), a.code)
                for a in articles.values()
                if a.note
                for m in a.note.amendments
            ],
        )
        con.execute("DELETE FROM chunks")
        con.executemany(
            "INSERT INTO chunks VALUES (?,?,?,?,?)",
            [(i, cid, code, doc_keys[code], text) for i, (cid, code, text) in enumerate(chunk_rows)],
        )
        con.execute("INSERT OR REPLACE INTO meta VALUES ('build_id', ?)", (build_id,))
    rep.documents = con.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
    con.execute("VACUUM")
    con.close()
    manifest = {
        "build_id": build_id,
        **versions,
        "package_version": __version__,
        "built_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "sources": sources,
        "counts": {
            "articles": len(articles),
            "documents": rep.documents,
            "chunks": len(chunk_rows),
            "parsed_fully": rep.parsed_fully,
        },
    }
    (staging / MANIFEST_NAME).write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")


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


def _documents(articles: dict[str, LegalArticle]) -> list[tuple[Any, ...]]:
    """One row per original document: number, type, the fullest title/dates seen, article count."""
    docs: dict[str, dict[str, Any]] = {}
    for a in articles.values():
        n = a.note
        if n is None or not n.document_number:
            continue
        d = docs.setdefault(
            number_key(n.document_number),
            {
                "number": n.document_number,
                "type": n.document_type,
                "title": "",
                "issued": "",
                "effective": n.effective_date,
                "issuer": "",
                "articles": 0,
            },
        )
        d["articles"] += 1
        d["title"] = d["title"] or n.document_title
        d["issued"] = d["issued"] or n.issued_date
        d["issuer"] = d["issuer"] or n.issuer
        if n.article == "1" and n.effective_date:
            d["effective"] = n.effective_date
    return [
        (k, d["number"], d["type"], d["title"], d["issued"], d["effective"], d["issuer"], d["articles"])
        for k, d in docs.items()
    ]
