"""Agent corrections as labelled examples in the eval question format (``eval/questions/*.jsonl``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from assistant.interactions.recorder import utc
from assistant.interactions.store import InteractionStore


def labelled_examples(store: InteractionStore, name_of: Callable[[str], str]) -> list[dict[str, Any]]:
    """One ``{id, question, gold, expect, gold_name, by, at}`` per correction whose session's last turn
    (before the correction) is stored; the question is the redacted text of that turn."""
    out = []
    for f in store.corrections():
        turn = store.last_turn(str(f["session"]), utc(f["at"]))
        if turn is None:
            continue
        code = str(f["correct_code"])
        out.append({"id": f"AGENT-{f['id']}", "question": turn["question"], "gold": [code], "expect": "answer",
                    "gold_name": name_of(code), "was": turn["code"], "by": f["by"],
                    "at": utc(f["at"]).isoformat(timespec="seconds")})
    return out
