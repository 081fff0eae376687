"""`tthc ward`, `tthc legal` and `tthc search --collection legal`: old addresses and legal articles."""

from __future__ import annotations

import argparse
import json
import sys
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any

from kb.config import Settings
from kb.procedures.store import KBError


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add ``ward``, ``legal`` and (unless another package owns it) ``search``."""
    w = sub.add_parser("ward", help="old commune/ward → the 2025 unit(s) it became")
    w.add_argument("address", help='e.g. "Phường Hàng Bạc, Quận Hoàn Kiếm, Hà Nội" (diacritics optional)')
    w.add_argument("--json", action="store_true")
    w.add_argument("--kb", type=Path)
    w.set_defaults(func=ward)
    lg = sub.add_parser("legal", help="one compendium article by code, or the articles of a document")
    lg.add_argument("ref", help='compendium code "15.3.LQ.13" or document number "60/2014/QH13"')
    lg.add_argument("--article", help="original article number within the document")
    lg.add_argument("--json", action="store_true")
    lg.add_argument("--kb", type=Path)
    lg.set_defaults(func=legal)
    if not entry_points(group="tthc.commands", name="search"):  # cli.search owns it when present
        s = sub.add_parser("search", help="search a collection (legal articles here)")
        s.add_argument("question")
        s.add_argument("--collection", choices=["legal"], default="legal")
        s.add_argument("-k", type=int, default=5)
        s.add_argument("--document", help="only articles of this document number")
        s.add_argument("--json", action="store_true")
        s.add_argument("--kb", type=Path)
        s.set_defaults(func=search_legal)


def _kb(args: argparse.Namespace) -> Path:
    return Path(args.kb or Settings.from_env().kb_dir)


def ward(args: argparse.Namespace) -> int:
    """Resolve an (old) address and print the new unit(s) with how they were formed."""
    from kb.units.resolve import Resolver, agency_for
    from kb.units.table import Units

    try:
        resolver = Resolver(Units(_kb(args)).load())
    except KBError as exc:
        print(f"Lỗi: {exc}", file=sys.stderr)
        return 1
    matches = resolver.resolve(args.address)
    if args.json:
        print(
            json.dumps(
                {"query": args.address, "matches": [m.to_dict() for m in matches]},
                ensure_ascii=False,
                indent=2,
            )
        )
        return 0 if matches else 1
    if not matches:
        print("Không tìm thấy đơn vị hành chính phù hợp.", file=sys.stderr)
        return 1
    for m in matches:
        where = f" ({m.district}, {m.province})" if m.kind == "old" else f" ({m.province})"
        label = "Đơn vị cũ" if m.kind == "old" else "Đơn vị hiện hành"
        print(f"{label}: {m.name}{where}" + (" — chia cho nhiều đơn vị mới, cần hỏi rõ" if m.split else ""))
        for t in m.targets:
            print(f"  → {t.unit.name}, {t.unit.province} (mã {t.unit.code}) — {t.how}")
            print(f"    Nộp hồ sơ thủ tục cấp xã: {agency_for(t.unit)}")
    return 0


def _article_json(a: Any) -> dict[str, Any]:
    return a.to_dict()  # type: ignore[no-any-return]


def legal(args: argparse.Namespace) -> int:
    """Print one article (by compendium code) or a document's articles (by number)."""
    from kb.legal.store import LegalStore

    try:
        store = LegalStore(_kb(args)).load(with_index=False)
    except KBError as exc:
        print(f"Lỗi: {exc}", file=sys.stderr)
        return 1
    one = store.get(args.ref.removeprefix("Điều ").strip())
    arts = [one] if one else store.articles_of(args.ref, args.article)
    if not arts:
        print(f"Bộ pháp điển không có {args.ref!r}.", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps([_article_json(a) for a in arts], ensure_ascii=False, indent=2))
        return 0
    for a in arts:
        print(
            f"Điều {a.code}. {a.title}\n  {a.citation or '(không đọc được ghi chú nguồn)'}"
            f" — hiệu lực từ {a.note.effective_date if a.note else '?'}\n  {' > '.join(a.chapter_path)}"
        )
        print("  " + a.text.replace("\n", "\n  ") + "\n")
    return 0


def search_legal(args: argparse.Namespace) -> int:
    """Search the legal collection; JSON hits carry ``citation``, ``document_number``, ``effective_date``."""
    from kb.legal.store import open_legal

    try:
        store = open_legal(_kb(args))
    except KBError as exc:
        print(f"Lỗi: {exc}", file=sys.stderr)
        return 1
    hits = store.search(args.question, k=args.k, number=getattr(args, "document", None))
    if args.json:
        print(
            json.dumps(
                {
                    "query": args.question,
                    "collection": "legal",
                    "mode": store.mode,
                    "hits": [h.to_dict() for h in hits],
                },
                ensure_ascii=False,
                indent=2,
            )
        )
        return 0
    for i, h in enumerate(hits, 1):
        print(f"{i}. {h.citation or 'Điều ' + h.code} — {h.title} (hiệu lực {h.effective_date or '?'})")
        print("   " + h.passage[:300].replace("\n", " ") + ("…" if len(h.passage) > 300 else ""))
    return 0 if hits else 1
