"""`tthc ask` (one question, or a JSONL batch) and `tthc rasa-actions` (the Rasa action server)."""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from pathlib import Path
from typing import Any

from assistant.settings import ServingSettings
from assistant.types import Reply
from kb.procedures.store import KBError


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add ``ask`` and ``rasa-actions``."""
    p = sub.add_parser("ask", help="ask the assistant a question (or --batch FILE.jsonl)")
    p.add_argument("question", nargs="?", help="câu hỏi")
    p.add_argument("--session", default=None, help="session id to continue a conversation")
    p.add_argument("--channel", choices=["web", "voice", "agent"], default="web")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.add_argument("--batch", type=Path, help='JSONL file of {"id","question"} lines')
    p.add_argument("--kb", type=Path)
    p.set_defaults(func=ask)
    r = sub.add_parser("rasa-actions", help="run the Rasa action server over the assistant")
    r.add_argument("--port", type=int, default=5055)
    r.add_argument("--host", default="127.0.0.1")
    r.add_argument("--kb", type=Path)
    r.set_defaults(func=rasa_actions)


def reply_json(r: Reply) -> dict[str, Any]:
    """The stable JSON line of a reply."""
    return {
        "status": r.status, "answer": r.answer, "session_id": r.session_id, "aspect": r.aspect,
        "procedure": {"code": r.procedure[0], "name": r.procedure[1]} if r.procedure else None,
        "citations": [dataclasses.asdict(c) for c in r.citations],
        "choices": [dataclasses.asdict(c) for c in r.choices],
        "candidates": [c.code for c in r.candidates],
    }


def _settings(args: argparse.Namespace) -> ServingSettings:
    return ServingSettings(kb_dir=args.kb) if args.kb else ServingSettings()


def ask(args: argparse.Namespace) -> int:
    """Answer one question or a batch, loading the knowledge base once."""
    from assistant.startup import load_services

    if not args.question and not args.batch:
        print("Lỗi: cần một câu hỏi hoặc --batch FILE.jsonl", file=sys.stderr)
        return 2
    try:
        assistant = load_services(_settings(args)).require_assistant()
    except KBError as exc:
        print(f"Lỗi: {exc}", file=sys.stderr)
        return 1
    if args.batch:
        for n, line in enumerate(args.batch.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
                question = str(item["question"])
            except (ValueError, KeyError, TypeError):
                print(f"Lỗi: dòng {n} không hợp lệ", file=sys.stderr)
                return 1
            r = assistant.ask(question, item.get("session_id"), args.channel)
            out = {"id": item.get("id", n), **reply_json(r)}
            print(json.dumps(out, ensure_ascii=False) if args.json else f"[{out['id']}] {r.answer}\n")
        return 0
    r = assistant.ask(args.question, args.session, args.channel)
    if args.json:
        print(json.dumps(reply_json(r), ensure_ascii=False, indent=2))
    else:
        print(r.answer)
        for c in r.citations:
            print(f"  [nguồn] {c.label}")
        print(f"(trạng thái: {r.status}; phiên: {r.session_id})", file=sys.stderr)
    return 0


def rasa_actions(args: argparse.Namespace) -> int:
    """Serve the custom actions on ``--port`` (Rasa's endpoints.yml points at /webhook)."""
    from assistant.rasa_actions import serve

    try:
        serve(_settings(args), args.port, args.host)
    except KBError as exc:
        print(f"Lỗi: {exc}", file=sys.stderr)
        return 1
    return 0
