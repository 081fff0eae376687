"""Field-level differences between two versions of a procedure (what `tthc changes` reports)."""

from __future__ import annotations

from typing import Any

from kb.procedures.schema import DossierComponent, ExecutionMethod, Procedure
from kb.text.normalize import fold

TEXT_FIELDS = ("name", "field", "steps", "requirements", "decision", "issuer")
LIST_FIELDS = ("levels", "agencies", "subjects", "results", "service_groups")
# Not a change of the procedure itself: where the record was read from.
IGNORED = ("source_path",)


def _list_diff(old: tuple[str, ...], new: tuple[str, ...]) -> dict[str, list[str]] | None:
    added = [x for x in new if x not in old]
    removed = [x for x in old if x not in new]
    return {"added": added, "removed": removed} if added or removed else None


def _comp(c: DossierComponent) -> dict[str, Any]:
    return {"id": c.id, "case": c.case, "text": c.text, "original_qty": c.original_qty,
            "copy_qty": c.copy_qty, "kind": c.kind, "has_electronic_form": c.has_electronic_form}


def components_diff(old: tuple[DossierComponent, ...], new: tuple[DossierComponent, ...]) -> dict[str, Any] | None:
    """Components added, removed and changed (text, quantities, case, kind, e-form), matched by id then text."""
    by_id = {c.id: c for c in old}
    by_text = {(c.case, fold(c.text)): c for c in old}
    used: set[str] = set()
    added: list[dict[str, Any]] = []
    changed: list[dict[str, Any]] = []
    for c in new:
        prev = by_id.get(c.id) if c.id not in used else None
        if prev is None:
            cand = by_text.get((c.case, fold(c.text)))
            prev = cand if cand is not None and cand.id not in used else None
        if prev is None:
            added.append(_comp(c))
            continue
        used.add(prev.id)
        before, after = _comp(prev), _comp(c)
        keys = [k for k in before if k != "id" and before[k] != after[k]]
        if keys:
            changed.append({"text": c.text, "fields": keys,
                            "before": {k: before[k] for k in keys}, "after": {k: after[k] for k in keys}})
    removed = [_comp(c) for c in old if c.id not in used]
    if not (added or removed or changed):
        return None
    return {"added": added, "removed": removed, "changed": changed}


def _fees(m: ExecutionMethod) -> list[dict[str, Any]]:
    return [{"type": f.type, "amount": f.amount, "description": f.description} for f in m.fees]


def _by_method(p: Procedure) -> dict[str, ExecutionMethod]:
    out: dict[str, ExecutionMethod] = {}
    for i, m in enumerate(p.methods):
        out[m.submission if m.submission not in out else f"{m.submission}#{i}"] = m
    return out


def methods_diff(old: Procedure, new: Procedure) -> dict[str, Any]:
    """``methods`` (added/removed), ``fees`` and ``processing_times`` differences, keyed by submission method."""
    a, b = _by_method(old), _by_method(new)
    out: dict[str, Any] = {}
    lm = _list_diff(tuple(a), tuple(b))
    if lm:
        out["methods"] = lm
    fees = [{"method": k, "before": _fees(a[k]), "after": _fees(b[k])}
            for k in a if k in b and _fees(a[k]) != _fees(b[k])]
    if fees:
        out["fees"] = fees
    times = [{"method": k, "before": a[k].time.original or a[k].time.text,
              "after": b[k].time.original or b[k].time.text}
             for k in a if k in b and a[k].time != b[k].time]
    if times:
        out["processing_times"] = times
    return out


def diff_procedures(old: Procedure, new: Procedure) -> dict[str, Any]:
    """Field name → difference; empty when the two versions say the same thing."""
    out: dict[str, Any] = {}
    for name in TEXT_FIELDS:
        x, y = getattr(old, name), getattr(new, name)
        if x != y:
            out[name] = {"before": x, "after": y}
    for name in LIST_FIELDS:
        d = _list_diff(getattr(old, name), getattr(new, name))
        if d:
            out[name] = d
    comps = components_diff(old.components, new.components)
    if comps:
        out["components"] = comps
    out.update(methods_diff(old, new))
    la = {b.number or b.title: b.title for b in old.legal_bases}
    lb = {b.number or b.title: b.title for b in new.legal_bases}
    legal = _list_diff(tuple(la), tuple(lb))
    retitled = [k for k in la if k in lb and la[k] != lb[k]]
    if legal or retitled:
        out["legal_bases"] = {**(legal or {"added": [], "removed": []}), "retitled": retitled}
    if old.updated_at != new.updated_at:
        out["updated_at"] = {"before": old.updated_at, "after": new.updated_at}
    return out
