"""`tthc text report` (text-layer measurements as JSON) and `tthc text mine` (regenerate the compound lists)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add ``text`` with its ``report`` and ``mine`` sub-commands."""
    p = sub.add_parser("text", help="Vietnamese text layer: measurements and dictionary mining")
    inner = p.add_subparsers(dest="text_command", metavar="ACTION", required=True)
    rep = inner.add_parser("report", help="measure the text layer on the real corpus (JSON, docs/textproc.md)")
    rep.add_argument("--kb", type=Path, default=Path("var/kb"), help="knowledge-base folder")
    rep.add_argument("--data", type=Path, default=Path("../shared/data"), help="data folder (eval questions)")
    rep.add_argument("--model", type=Path, default=Path("var/textproc"), help="where to train the restorer")
    rep.set_defaults(func=report)
    mine = inner.add_parser("mine", help="regenerate kb/data/compounds_vi.txt and the fold-keep stopwords")
    mine.add_argument("--kb", type=Path, default=Path("var/kb"), help="knowledge-base folder")
    mine.add_argument("--uts-sentences", type=int, default=12000, help="component sentences given to underthesea")
    mine.set_defaults(func=mine_run)


def report(args: argparse.Namespace) -> int:
    """Print the text-layer measurements as JSON."""
    from kb.text.report import measure

    print(json.dumps(measure(args.kb, args.data, args.model), ensure_ascii=False, indent=2))
    return 0


def mine_run(args: argparse.Namespace) -> int:
    """Regenerate the mined dictionaries and say what was kept."""
    from kb.text.mining import regenerate

    r = regenerate(args.kb, args.uts_sentences)
    print(f"{r['stats']}, fold-keep {r['fold_keep']} in {r['seconds']:.1f}s")
    return 0
