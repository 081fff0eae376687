"""`tthc simulate`: replay realistic questions (with hotline-style variations) through the real HTTP API."""

from __future__ import annotations

import argparse
import json
import random
import sys
import unicodedata
from collections import Counter
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import httpx

FILLERS = ("alo", "dạ", "cho em hỏi", "chị ơi", "ừm", "vâng", "với ạ")
FOLLOW_UPS = ("lệ phí bao nhiêu?", "làm ở đâu?", "mất bao lâu?", "cần giấy tờ gì?")


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add ``simulate``."""
    p = sub.add_parser("simulate", help="send questions with variations through the API (demo and load)")
    p.add_argument("--questions", type=Path, required=True, help='JSONL with a "question" field per line')
    p.add_argument("--n", type=int, default=100, help="questions to send")
    p.add_argument("--url", default="http://127.0.0.1:8000", help="the running API")
    p.add_argument("--concurrency", type=int, default=4)
    p.add_argument("--follow-ups", type=float, default=0.1, help="share of questions followed by a second turn")
    p.add_argument("--seed", type=int, default=0)
    p.set_defaults(func=simulate)


def strip_marks(text: str) -> str:
    """Typed without diacritics (đ → d)."""
    t = "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")
    return t.replace("đ", "d").replace("Đ", "D")


def typo(text: str, rng: random.Random) -> str:
    """Two neighbouring letters swapped in one word longer than three letters."""
    words = text.split()
    long = [i for i, w in enumerate(words) if len(w) > 3 and w.isalpha()]
    if not long:
        return text
    i = rng.choice(long)
    w = words[i]
    j = rng.randrange(len(w) - 1)
    words[i] = w[:j] + w[j + 1] + w[j] + w[j + 2:]
    return " ".join(words)


def vary(text: str, rng: random.Random) -> str:
    """The question as a caller might say or type it: as written, without marks, with fillers, a typo."""
    kind = rng.random()
    if kind < 0.4:
        return text
    if kind < 0.6:
        return strip_marks(text)
    if kind < 0.85:
        return f"{rng.choice(FILLERS[:4])} {text.rstrip('?.')} {rng.choice(FILLERS[4:])}"
    return typo(text, rng)


def open_client(url: str) -> httpx.Client:
    """The HTTP client the replay sends through (tests substitute an in-process app)."""
    import httpx

    return httpx.Client(base_url=url, timeout=60)


def load_questions(path: Path) -> list[str]:
    """The ``question`` of every JSONL line."""
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            out.append(str(json.loads(line)["question"]))
    if not out:
        raise ValueError(f"{path} has no questions")
    return out


def simulate(args: argparse.Namespace) -> int:
    """Send ``--n`` varied questions; print what was sent and what came back (JSON)."""
    import httpx
    from tqdm import tqdm

    rng = random.Random(args.seed)
    try:
        pool = load_questions(args.questions)
    except (OSError, ValueError, KeyError) as exc:
        print(f"Lỗi: {exc}", file=sys.stderr)
        return 2
    plan = [(vary(rng.choice(pool), rng), "voice" if rng.random() < 0.25 else "web", rng.random() < args.follow_ups)
            for _ in range(args.n)]
    statuses: Counter[str] = Counter()
    channels: Counter[str] = Counter()
    failed: Counter[str] = Counter()

    def one(client: httpx.Client, q: str, channel: str, follow: bool) -> list[tuple[str, str]]:
        done = []
        r = client.post("/v1/ask", json={"question": q, "channel": channel})
        r.raise_for_status()
        done.append((channel, r.json()["status"]))
        if follow:
            f = client.post("/v1/ask", json={"question": rng.choice(FOLLOW_UPS), "channel": channel,
                                             "session_id": r.json()["session_id"]})
            f.raise_for_status()
            done.append((channel, f.json()["status"]))
        return done

    with open_client(args.url) as client, \
            ThreadPoolExecutor(max(1, args.concurrency)) as ex, tqdm(total=len(plan), unit="câu") as bar:
        futures = [ex.submit(one, client, q, ch, fu) for q, ch, fu in plan]
        for fut in as_completed(futures):
            try:
                for channel, status in fut.result():
                    channels[channel] += 1
                    statuses[status] += 1
            except httpx.HTTPError as exc:
                failed[type(exc).__name__] += 1
            bar.update()
    print(json.dumps({"questions": len(plan), "turns": sum(statuses.values()), "by_status": dict(statuses),
                      "by_channel": dict(channels), "failed": dict(failed)}, ensure_ascii=False))
    return 0 if not failed else 1
