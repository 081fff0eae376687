"""`tthc search`: one question, or a JSONL batch of questions, against the built indexes."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any, TextIO

from kb.config import Settings
from kb.procedures.schema import LEVEL_LABELS, Hit


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the ``search`` sub-command."""
    p = sub.add_parser("search", help="tìm thủ tục theo câu hỏi (hybrid BM25 + dense)")
    p.add_argument("question", nargs="?", help="câu hỏi của người dân")
    p.add_argument("-k", type=int, default=10, help="số kết quả tối đa (mặc định 10)")
    p.add_argument("--json", action="store_true", help="in JSON")
    p.add_argument("--batch", type=Path, metavar="FILE.jsonl",
                   help='đọc các dòng {"id","question"}, in một dòng JSON cho mỗi câu hỏi')
    p.add_argument("--level", choices=["xa", "tinh", "trung_uong"], help="chỉ thủ tục cấp này")
    p.add_argument("--field", help="chỉ lĩnh vực chứa chuỗi này")
    p.add_argument("--agency", help="chỉ cơ quan thực hiện chứa chuỗi này")
    p.add_argument("--mode", choices=["hybrid", "bm25", "dense"], help="chế độ tìm (mặc định theo cấu hình)")
    p.add_argument("--kb", type=Path, help="thư mục cơ sở tri thức (mặc định var/kb)")
    p.add_argument("--collection", choices=["procedures", "legal"], default="procedures",
                   help="procedures (mặc định) hoặc legal: điều luật trong Bộ pháp điển, kèm trích dẫn")
    p.add_argument("--document", help="(--collection legal) chỉ các điều của văn bản số hiệu này")
    p.set_defaults(func=run)


def hit_json(h: Hit, full: bool = False) -> dict[str, Any]:
    """The JSON shape of a hit: code, name, score (and, with ``full``, where it matched)."""
    out: dict[str, Any] = {"code": h.code, "name": h.name, "score": h.score}
    if full:
        out.update(section=h.section, chunk_id=h.chunk_id, levels=list(h.levels), field=h.field,
                   snippet=h.snippet)
    return out


def _batch(engine: Any, path: Path, args: argparse.Namespace, out: TextIO, chunk: int = 256) -> int:
    bad = 0
    items: list[tuple[Any, str]] = []

    def flush() -> None:
        results = engine.search_many([q for _, q in items], args.k, level=args.level,
                                     field=args.field, agency=args.agency)
        for (qid, _), hits in zip(items, results, strict=True):
            out.write(json.dumps({"id": qid, "results": [hit_json(h) for h in hits]},
                                 ensure_ascii=False) + "\n")
        items.clear()

    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
                items.append((item.get("id", n), str(item["question"])))
            except (ValueError, KeyError, AttributeError):
                print(f"Lỗi: dòng {n} của {path} không phải {{\"id\", \"question\"}}", file=sys.stderr)
                bad += 1
            if len(items) >= chunk:
                flush()
    flush()
    return 1 if bad else 0


def run(args: argparse.Namespace) -> int:
    """Search and print results (text or JSON); exit 1 on a missing index or bad input."""
    from kb.procedures.store import KBError
    from kb.search.collection import IndexError_
    from kb.search.dense import DenseModelError
    from kb.search.engine import SearchEngine

    if not args.question and not args.batch:
        print("Lỗi: cần một câu hỏi hoặc --batch FILE.jsonl", file=sys.stderr)
        return 2
    if args.collection == "legal":
        from cli.legal import search_legal

        return search_legal(args)
    settings = Settings.from_env()
    kb_dir = args.kb or settings.kb_dir
    try:
        engine = SearchEngine.load(kb_dir, settings, mode=args.mode)
    except (IndexError_, DenseModelError, KBError) as exc:
        print(f"Lỗi: {exc}", file=sys.stderr)
        return 1
    if args.batch:
        return _batch(engine, args.batch, args, sys.stdout)
    hits = engine.search(args.question, args.k, level=args.level, field=args.field, agency=args.agency)
    if args.json:
        print(json.dumps({"question": args.question, "results": [hit_json(h, True) for h in hits]},
                         ensure_ascii=False, indent=2))
        return 0
    if not hits:
        print("Không tìm thấy thủ tục phù hợp với câu hỏi.")
        return 0
    for i, h in enumerate(hits, 1):
        levels = ", ".join(LEVEL_LABELS.get(x, x) for x in h.levels)
        print(f"{i:2d}. [{h.code}] {h.name}  ({levels}; {h.field})  điểm {h.score:.3f}")
    return 0
