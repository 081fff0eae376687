"""Read access to the built legal collection (SQLite + manifest + index): lookup and search."""

from __future__ import annotations

import json
import logging
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kb.legal.articles import LEGAL_SCHEMA_VERSION, LegalArticle, number_key
from kb.legal.search import DenseArticles, LegalIndex, LegalTerms, LexicalChunks
from kb.procedures.store import KBError, open_checked
from kb.search.lexical import SparseBm25
from kb.search.manifest import MANIFEST, IndexError_, check_manifest, read_manifest, verify_checksums
from kb.search.params import LEGAL_PARAMS, SearchParams

LEGAL_DIR = "legal"
log = logging.getLogger(__name__)
DB_NAME = "legal.sqlite"
MANIFEST_NAME = MANIFEST
INDEX_DIR = "bm25"
CHUNK_CHARS = 1200  # articles longer than this are indexed clause by clause

DDL = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS articles (
    code TEXT PRIMARY KEY, hash TEXT NOT NULL, topic_path TEXT NOT NULL,
    doc_key TEXT NOT NULL, doc_article TEXT NOT NULL, full INTEGER NOT NULL, data TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS articles_doc ON articles(doc_key, doc_article);
CREATE TABLE IF NOT EXISTS documents (
    key TEXT PRIMARY KEY, number TEXT NOT NULL, type TEXT NOT NULL, title TEXT NOT NULL,
    issued_date TEXT NOT NULL, effective_date TEXT NOT NULL, issuer TEXT NOT NULL, articles INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS amendments (
    doc_key TEXT NOT NULL, code TEXT NOT NULL, PRIMARY KEY (doc_key, code)
);
CREATE TABLE IF NOT EXISTS chunks (
    row INTEGER PRIMARY KEY, id TEXT NOT NULL, code TEXT NOT NULL, doc_key TEXT NOT NULL, text TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS chunks_doc ON chunks(doc_key);
"""


def chunks_of(a: LegalArticle) -> list[tuple[str, str, str]]:
    """(chunk id, indexed text, passage): the whole article, or one chunk per clause when long.

    The indexed text repeats the article title (a cheap title boost) and adds the document title.
    """
    head = f"{a.title}\n{a.title}\n{a.note.document_title if a.note else ''}\n"
    if len(a.text) <= CHUNK_CHARS or len(a.clauses) < 2:
        return [(f"{a.code}:0", head + a.text, a.text)]
    out = []
    for i, c in enumerate(a.clauses):
        body = "\n".join([c.text, *(f"{p}) {t}" for p, t in c.points)]).strip()
        passage = (f"{c.number}. " if c.number else "") + body
        out.append((f"{a.code}:{i}", head + passage, passage))
    return out


@dataclass(frozen=True, slots=True)
class LegalHit:
    """A search result: the article, its citation and the matching passage."""

    code: str
    citation: str
    document_number: str
    document_type: str
    effective_date: str
    title: str
    text: str  # whole article text
    passage: str  # the matching chunk (clause) text
    chunk_id: str
    score: float

    def to_dict(self) -> dict[str, Any]:
        """Stable JSON of ``tthc search --collection legal --json``."""
        return {k: getattr(self, k) for k in self.__slots__}


class LegalStore:
    """The legal collection under ``<kb>/legal/``; ``load()`` checks the manifest."""

    def __init__(self, kb_dir: Path, params: SearchParams = LEGAL_PARAMS,
                 terms: LegalTerms | None = None) -> None:
        self.dir = Path(kb_dir) / LEGAL_DIR
        self.manifest: dict[str, Any] = {}
        self.params = params
        self.terms = terms
        self._con: sqlite3.Connection | None = None
        self._index: LegalIndex | None = None
        self._dense: DenseArticles | None = None

    def load(self, with_index: bool = True, embedder: Any = None) -> LegalStore:
        """Open the database (and the search index); raise :class:`KBError` if missing or stale.

        With ``embedder`` (the engine's dense model) and a collection built with the same model,
        search is hybrid; without it, search is BM25 only.
        """
        db, man = self.dir / DB_NAME, read_manifest(self.dir)
        if not db.exists() or not man:
            raise KBError(f"no legal collection in {self.dir}; run 'tthc build'")
        if self.terms is None:
            self.terms = LegalTerms.load()
        try:
            check_manifest(man, self.dir, "tthc build --force", name=LEGAL_DIR, lexical=SparseBm25.name,
                           analyzer_version=self.terms.version, schema_version=LEGAL_SCHEMA_VERSION)
            if not verify_checksums(man, self.dir, "tthc build --force"):
                log.warning("legal collection %s has no checksums (built before they were recorded)", self.dir)
        except IndexError_ as exc:
            raise KBError(str(exc)) from exc
        self.manifest = man
        self._con = open_checked(db, "articles", self.manifest)
        if with_index:
            try:
                lex = SparseBm25.load(self.dir / INDEX_DIR, self.manifest["counts"]["chunks"])
                self._index = LexicalChunks(lex, self.terms)
                if embedder is not None and self.manifest.get("embedder"):
                    self._dense = DenseArticles(self.dir / INDEX_DIR).load(
                        embedder, self.manifest.get("faiss_factory"))
            except (OSError, ValueError) as exc:
                raise KBError(f"legal index unusable ({exc}); run 'tthc build --force'") from exc
        return self

    @property
    def mode(self) -> str:
        """ "hybrid" when the dense part is loaded, else "bm25"."""
        return "hybrid" if self._dense is not None else "bm25"

    @property
    def con(self) -> sqlite3.Connection:
        if self._con is None:
            self.load(with_index=False)
        assert self._con is not None
        return self._con

    def __len__(self) -> int:
        return int(self.con.execute("SELECT COUNT(*) FROM articles").fetchone()[0])

    def get(self, code: str) -> LegalArticle | None:
        """The article with this compendium code ("1.11.LQ.1"), or None."""
        row = self.con.execute("SELECT data FROM articles WHERE code = ?", (code,)).fetchone()
        return LegalArticle.from_dict(json.loads(row[0])) if row else None

    def document(self, number: str) -> dict[str, Any] | None:
        """The document with this number (any spelling variant), or None."""
        row = self.con.execute("SELECT * FROM documents WHERE key = ?", (number_key(number),)).fetchone()
        if row is None:
            return None
        cols = [d[0] for d in self.con.execute("SELECT * FROM documents LIMIT 0").description]
        return dict(zip(cols, row, strict=True))

    def articles_of(self, number: str, article: str | None = None) -> list[LegalArticle]:
        """Articles that come from document ``number`` (optionally only its article ``article``)."""
        q, args = "SELECT data FROM articles WHERE doc_key = ?", [number_key(number)]
        if article is not None:
            q, args = q + " AND doc_article = ?", [*args, article]
        rows = self.con.execute(q + " ORDER BY CAST(doc_article AS INTEGER), code", args).fetchall()
        return [LegalArticle.from_dict(json.loads(r[0])) for r in rows]

    def amended_by(self, number: str) -> list[LegalArticle]:
        """Articles whose source note says document ``number`` amended or repealed them."""
        rows = self.con.execute(
            "SELECT a.data FROM amendments m JOIN articles a ON a.code = m.code"
            " WHERE m.doc_key = ? ORDER BY a.code",
            (number_key(number),),
        ).fetchall()
        return [LegalArticle.from_dict(json.loads(r[0])) for r in rows]

    def search(self, query: str, k: int = 5, number: str | None = None) -> list[LegalHit]:
        """Best articles for ``query`` (one hit per article), optionally within one document."""
        if self._index is None:
            self.load(with_index=True)
        assert self._index is not None
        want = number_key(number) if number else None
        rows = None
        if want:
            rows = [r[0] for r in self.con.execute("SELECT row FROM chunks WHERE doc_key = ?", (want,))]
        hits = self._index.search(query, self.params.lexical_depth(k), rows)
        best: dict[str, tuple[float, int]] = {}  # article code → (BM25 of its best chunk, chunk row)
        info = self._chunks([h.row for h in hits])
        for h in hits:
            code = info[h.row][1]
            if code not in best:
                best[code] = (h.score, h.row)
        top = max((sc for sc, _ in best.values()), default=0.0)
        fused = {c: sc / top for c, (sc, _) in best.items()} if top > 0 else {}
        if self._dense is not None and not want:
            p = self.params
            sims = self._dense.search(query, p.dense_depth)
            fused = {
                c: p.w_lexical * fused.get(c, 0.0) + p.w_dense * sims.get(c, 0.0) for c in {*fused, *sims}
            }
        out: list[LegalHit] = []
        for code, score in sorted(fused.items(), key=lambda kv: -kv[1])[:k]:
            a = self.get(code)
            if a is None:
                continue
            if code in best:
                cid, _, passage = info[best[code][1]]
            else:
                cid, _, passage = self.con.execute(
                    "SELECT id, code, text FROM chunks WHERE code = ? ORDER BY row LIMIT 1", (code,)
                ).fetchone()
            out.append(
                LegalHit(
                    code=code,
                    citation=a.citation,
                    document_number=a.note.document_number if a.note else "",
                    document_type=a.note.document_type if a.note else "",
                    effective_date=a.note.effective_date if a.note else "",
                    title=a.title,
                    text=a.text,
                    passage=passage,
                    chunk_id=cid,
                    score=round(score, 4),
                )
            )
        return out

    def _chunks(self, rows: list[int]) -> dict[int, tuple[str, str, str]]:
        """row → (chunk id, article code, passage) for the given chunk rows."""
        if not rows:
            return {}
        q = f"SELECT row, id, code, text FROM chunks WHERE row IN ({','.join('?' * len(rows))})"
        return {r[0]: (r[1], r[2], r[3]) for r in self.con.execute(q, rows)}

    def close(self) -> None:
        if self._con is not None:
            self._con.close()
            self._con = None


def open_legal(kb_dir: Path, settings: Any = None, dense: bool = True) -> LegalStore:
    """The legal collection, hybrid when the engine's dense model loads, else BM25 only (logged)."""
    embedder = None
    terms = LegalTerms.load()
    if dense:
        try:
            from kb.config import Settings
            from kb.search.indexes import load_embedder

            embedder = load_embedder(Path(kb_dir), settings or Settings.from_env(), terms.analyzer)
        except Exception as exc:  # noqa: BLE001 - any model problem means lexical-only, not failure
            log.warning("legal search without dense model: %s", exc)
    return LegalStore(kb_dir, terms=terms).load(embedder=embedder)
