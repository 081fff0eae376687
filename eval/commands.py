"""`tthc eval retrieval --questions FILE`: Recall@k, MRR, nDCG and abstain accuracy on one question set."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from kb.config import Settings


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add ``eval`` with its ``retrieval`` task."""
    p = sub.add_parser("eval", help="đánh giá chất lượng (retrieval)")
    tasks = p.add_subparsers(dest="task", metavar="TASK")
    r = tasks.add_parser("retrieval", help="đánh giá tìm kiếm thủ tục trên một tệp câu hỏi")
    r.add_argument("--questions", type=Path, required=True, help="JSONL: id, question, gold, expect")
    r.add_argument("--mode", action="append", choices=["hybrid", "bm25", "dense"],
                   help="chế độ (lặp lại được; mặc định cả ba)")
    r.add_argument("--variant", action="append", choices=["accented", "no_diacritics", "noisy_hotline"],
                   help="biến thể câu hỏi (mặc định cả ba)")
    r.add_argument("--kb", type=Path, help="thư mục cơ sở tri thức")
    r.add_argument("--json", action="store_true", help="in JSON")
    r.add_argument("--misses", action="store_true", help="in cả các câu sai ở hạng 1")
    r.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Evaluate each mode × variant and print a table (or JSON)."""
    from eval.retrieval import load_questions, run_system
    from kb.search.collection import IndexError_
    from kb.search.dense import DenseModelError
    from kb.search.engine import SearchEngine

    settings = Settings.from_env()
    questions = load_questions(args.questions)
    try:
        engine = SearchEngine.load(args.kb or settings.kb_dir, settings,
                                   mode="bm25" if args.mode == ["bm25"] else "hybrid")
    except (IndexError_, DenseModelError) as exc:
        print(f"Lỗi: {exc}", file=sys.stderr)
        return 1
    out: dict[str, dict[str, object]] = {}
    for mode in args.mode or ["hybrid", "bm25", "dense"]:
        eng = engine.with_params(mode=mode)
        if eng.mode != mode:
            continue
        for variant in args.variant or ["accented", "no_diacritics", "noisy_hotline"]:
            m, misses = run_system(lambda q, e=eng: [h.code for h in e.search(q, 10)], questions, variant)
            out[f"{mode}/{variant}"] = {**m, **({"misses": misses} if args.misses else {})}
    if args.json:
        print(json.dumps(out, ensure_ascii=False, indent=2))
        return 0
    print(f"{'hệ thống/biến thể':34s} R@1    R@5    R@10   MRR@10 nDCG@10 abstain")
    for key, m in out.items():
        print(f"{key:34s} {m['recall@1']:.3f}  {m['recall@5']:.3f}  {m['recall@10']:.3f}  "
              f"{m['mrr@10']:.3f}  {m['ndcg@10']:.3f}   {m['abstain_acc']}")
        for miss in m.get("misses", []):  # type: ignore[attr-defined]
            print(f"    ✗ {miss['id']}: {miss['question']} → {miss['got']} (đúng: {miss['gold']})",
                  file=sys.stderr)
    return 0
