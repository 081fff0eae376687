"""The legal collection's SQLite database: articles (updated incrementally), documents, chunks."""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
import uuid
from pathlib import Path
from typing import Any

from kb.legal.articles import LegalArticle, number_key
from kb.legal.store import DB_NAME, DDL


def article_hash(a: LegalArticle) -> str:
    """Content hash of an article record (what decides whether its row is rewritten)."""
    return hashlib.sha256(json.dumps(a.to_dict(), ensure_ascii=False, sort_keys=True).encode()).hexdigest()[
        :32
    ]


def write_db(
    staging: Path,
    out: Path,
    articles: dict[str, LegalArticle],
    chunk_rows: list[tuple[str, str, str]],
    hashes: dict[str, str],
    rep: Any,
    force: bool,
) -> str:
    """Write (or update in place, article by article) the SQLite database into ``staging``;
    counts added/changed/removed/documents into ``rep``; returns the new build id."""
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
    return build_id


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
