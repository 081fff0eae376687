"""Human control over automatic answers: pinned approved answers and switched-off families or procedures.

Every change is an appended row (who, when, what); the current state folds them in order. Answers
read a cached state (refreshed every ``ttl_s``); if the store cannot be read, the last known state
stays in force and the failure is logged, so control never fails an answer.
"""

from __future__ import annotations

import logging
import re
import threading
import time
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any, Literal

from sqlalchemy import insert, select

from assistant.interactions.recorder import utc
from assistant.interactions.schema import controls
from assistant.interactions.store import InteractionStore
from assistant.text_schema import LETTER
from assistant.types import Reply
from kb.procedures.facets import family_key

log = logging.getLogger(__name__)
Action = Literal["pin", "unpin", "disable", "enable"]
ACTIONS: tuple[Action, ...] = ("pin", "unpin", "disable", "enable")


@dataclass(frozen=True, slots=True)
class Rule:
    """One control in force."""

    kind: Literal["pin", "disable"]
    family: str
    code: str
    aspect: str
    answer: str
    note: str
    by: str
    at: datetime

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "family": self.family, "code": self.code, "aspect": self.aspect,
                "answer": self.answer, "note": self.note, "by": self.by, "at": self.at.isoformat(timespec="seconds")}


def fold(rows: list[dict[str, Any]]) -> dict[tuple[str, str, str, str], Rule]:
    """The rules in force after applying ``rows`` (oldest first): key (kind, family, code, aspect)."""
    state: dict[tuple[str, str, str, str], Rule] = {}
    for r in rows:
        kind: Literal["pin", "disable"] = "pin" if r["action"] in ("pin", "unpin") else "disable"
        key = (kind, r["family"], r["code"], r["aspect"] if kind == "pin" else "")
        if r["action"] in ("pin", "disable"):
            state[key] = Rule(kind, r["family"], r["code"], key[3], r["answer"] or "", r["note"] or "",
                              r["by"], utc(r["at"]))
        else:
            state.pop(key, None)
    return state


def check_change(action: str, *, family: str, code: str, aspect: str, answer: str) -> None:
    """:class:`ValueError` with a Vietnamese reason unless the change is well formed: exactly one of
    a family or a code (blank counts as absent); a pin or unpin is for a family and an aspect; a pin
    carries the approved answer."""
    if action not in ACTIONS:
        raise ValueError(f"hành động không hợp lệ (chấp nhận: {', '.join(ACTIONS)})")
    if bool(family.strip()) == bool(code.strip()):
        raise ValueError("cần đúng một trong hai: family (họ thủ tục) hoặc code (mã thủ tục)")
    if family.strip() and not re.search(LETTER, family):
        raise ValueError("tên họ thủ tục (family) phải có chữ hoặc số, ví dụ “Đăng ký tạm trú”")
    if action in ("pin", "unpin") and (code.strip() or not aspect):
        raise ValueError("ghim (pin, unpin) áp dụng cho một họ thủ tục (family) và một khía cạnh (aspect)")
    if action == "pin" and not answer.strip():
        raise ValueError("ghim (pin) cần nội dung câu trả lời đã duyệt (answer)")


class Controls:
    """Reads and changes the controls; :meth:`review` applies them to a reply."""

    def __init__(self, store: InteractionStore, ttl_s: float = 5.0) -> None:
        self.store = store
        self.ttl_s = ttl_s
        self._rules: dict[tuple[str, str, str, str], Rule] = {}
        self._loaded = -1e9
        self._lock = threading.Lock()

    def change(self, action: Action, by: str, *, family: str = "", code: str = "", aspect: str = "",
               answer: str = "", note: str = "") -> Rule | None:
        """Record a change (the family is normalised with ``family_key``); the rule now in force, if any.

        :class:`ValueError` (Vietnamese, see :func:`check_change`) when the change is not well formed."""
        family, code = family.strip(), code.strip()
        check_change(action, family=family, code=code, aspect=aspect, answer=answer)
        fam = family_key(family) if family else ""
        aspect = aspect if action in ("pin", "unpin") else ""
        row = {"at": datetime.now(UTC), "by": by, "action": action, "family": fam, "code": code,
               "aspect": aspect, "answer": answer or None, "note": note or None}
        with self.store.engine.begin() as con:
            con.execute(insert(controls).values(**row))
        rules = self.refresh()
        kind = "pin" if action in ("pin", "unpin") else "disable"
        return rules.get((kind, fam, code, aspect))

    def refresh(self) -> dict[tuple[str, str, str, str], Rule]:
        """Re-read every change (raises the driver's error when the store is down)."""
        with self.store.engine.connect() as con:
            rows = [dict(r) for r in con.execute(select(controls).order_by(controls.c.id)).mappings()]
        rules = fold(rows)
        with self._lock:
            self._rules, self._loaded = rules, time.monotonic()
        return rules

    def rules(self) -> dict[tuple[str, str, str, str], Rule]:
        """The rules in force (cached for ``ttl_s``; the last known ones while the store is down)."""
        if time.monotonic() - self._loaded > self.ttl_s:
            try:
                return self.refresh()
            except Exception as exc:  # keep the last known state; answers must not fail on the store
                log.warning("controls not refreshed, keeping the last known state: %r", exc)
                with self._lock:
                    self._loaded = time.monotonic()
        with self._lock:
            return self._rules

    def history(self) -> list[dict[str, Any]]:
        """Every change, newest first."""
        with self.store.engine.connect() as con:
            rows = con.execute(select(controls).order_by(controls.c.id.desc())).mappings()
            return [{**dict(r), "at": utc(r["at"]).isoformat(timespec="seconds")} for r in rows]

    def review(self, reply: Reply) -> Reply:
        """``reply`` as people decided: a hand-off when its procedure or family is switched off, the
        approved answer when one is pinned to its family and aspect; unchanged otherwise."""
        if reply.procedure is None or reply.status != "answered":
            return reply
        rules = self.rules()
        if not rules:
            return reply
        code, name = reply.procedure
        fam = family_key(name)
        off = rules.get(("disable", "", code, "")) or rules.get(("disable", fam, "", ""))
        if off is not None:
            why = f" Lý do: {off.note}." if off.note else ""
            text = (f"Câu hỏi về thủ tục “{name}” hiện do cán bộ trả lời trực tiếp, trợ lý không tự trả lời.{why} "
                    "Anh/chị vui lòng gọi tổng đài 1022 hoặc liên hệ cơ quan giải quyết để được hướng dẫn.")
            return replace(reply, status="handoff", answer=text, blocks=(), citations=())
        pin = rules.get(("pin", fam, "", reply.aspect))
        if pin is not None:
            day = pin.at.date().strftime("%d/%m/%Y")
            return replace(reply, answer=f"{pin.answer}\n\n_Câu trả lời đã được {pin.by} phê duyệt ngày {day}._",
                           blocks=())
        return reply
