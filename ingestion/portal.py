"""Parse one National Public Service Portal detail record into a typed :class:`Procedure`."""

from __future__ import annotations

import re
from typing import Any

from ingestion.normalize import component_kind, parse_fee, parse_processing_time
from kb.procedures.schema import (
    Attachment,
    DossierComponent,
    ExecutionMethod,
    LegalBasis,
    Procedure,
)
from kb.text.normalize import clean, one_line, strip_bullet

PARSER_VERSION = "portal-1"
_CODE = re.compile(r"^\d+\.\d{3,6}(?:\.\d+)?$|^[A-Za-z0-9.\-_]{3,40}$")


class RecordError(ValueError):
    """A record that cannot be loaded; the message is the reason shown to the user."""


def _list(d: dict[str, Any], key: str) -> list[Any]:
    v = d.get(key)
    if v is None:
        return []
    if not isinstance(v, list):
        raise RecordError(f"field '{key}' must be a list, got {type(v).__name__}")
    return v


def _str(d: dict[str, Any], key: str) -> str:
    v = d.get(key)
    if v is None:
        return ""
    if not isinstance(v, str):
        raise RecordError(f"field '{key}' must be a string, got {type(v).__name__}")
    return v


def _int(v: Any, where: str) -> int:
    if v is None:
        return 0
    if isinstance(v, bool) or not isinstance(v, (int, float, str)):
        raise RecordError(f"{where} must be a number, got {type(v).__name__}")
    try:
        return int(float(v))
    except ValueError as exc:
        raise RecordError(f"{where} must be a number, got {v!r}") from exc


def _names(items: list[Any], key: str = "name") -> tuple[str, ...]:
    out = []
    for it in items:
        if isinstance(it, dict) and isinstance(it.get(key), str) and it[key].strip():
            out.append(one_line(it[key]))
    return tuple(dict.fromkeys(out))


def detail_of(obj: Any) -> dict[str, Any]:
    """Return the portal ``detail`` object from one JSON line (wrapped or bare)."""
    if not isinstance(obj, dict):
        raise RecordError(f"line is a JSON {type(obj).__name__}, expected an object")
    raw = obj.get("raw_procedure", obj)
    if not isinstance(raw, dict):
        raise RecordError("'raw_procedure' must be an object")
    detail = raw.get("detail", raw)
    if not isinstance(detail, dict):
        raise RecordError("'raw_procedure.detail' must be an object")
    return detail


def _levels(d: dict[str, Any]) -> tuple[str, ...]:
    levels = []
    if d.get("isWard") is True:
        levels.append("xa")
    if d.get("isProvince") is True:
        levels.append("tinh")
    if d.get("isMinistry") is True:
        levels.append("trung_uong")
    if not levels and (d.get("isOtherAgency") is True or d.get("isVertical") is True):
        levels.append("khac")
    return tuple(levels)


def _components(code: str, d: dict[str, Any]) -> tuple[DossierComponent, ...]:
    out: list[DossierComponent] = []
    seen: set[str] = set()
    for ci, case in enumerate(_list(d, "executionCases")):
        if not isinstance(case, dict):
            raise RecordError(f"executionCases[{ci}] must be an object")
        case_name = one_line(_str(case, "name"))
        for pi, pc in enumerate(_list(case, "profileComponents")):
            where = f"executionCases[{ci}].profileComponents[{pi}]"
            if not isinstance(pc, dict):
                raise RecordError(f"{where} must be an object")
            raw_text = clean(_str(pc, "name"))
            cid = _str(pc, "profileComponentId") or f"{code}:{ci}:{pi}"
            if cid in seen:
                cid = f"{cid}#{ci}.{pi}"
            seen.add(cid)
            oq = _int(pc.get("originalQty"), f"{where}.originalQty")
            cq = _int(pc.get("copyQty"), f"{where}.copyQty")
            atts = tuple(
                Attachment(name=one_line(a.get("name") or a.get("fileName") or ""),
                           url=str(a.get("url") or a.get("path") or ""))
                for a in pc.get("attachments") or []
                if isinstance(a, dict)
            )
            out.append(
                DossierComponent(
                    id=cid,
                    procedure_code=code,
                    case=strip_bullet(case_name.lstrip("*").strip()) if case_name else "",
                    case_index=ci,
                    position=pi,
                    text=strip_bullet(raw_text.lstrip("*").strip()) if raw_text.strip("*- ") else raw_text,
                    raw_text=raw_text,
                    code=one_line(_str(pc, "code")),
                    original_qty=max(oq, 0),
                    copy_qty=max(cq, 0),
                    has_electronic_form=pc.get("hasElectronicForm") is True,
                    kind=component_kind(raw_text, oq, cq) if raw_text else "note",
                    attachments=atts,
                )
            )
    return tuple(out)


def _methods(d: dict[str, Any]) -> tuple[ExecutionMethod, ...]:
    out = []
    for i, m in enumerate(_list(d, "executionMethods")):
        if not isinstance(m, dict):
            raise RecordError(f"executionMethods[{i}] must be an object")
        desc = clean(_str(m, "description"))
        fees = tuple(parse_fee(f) for f in _list(m, "fees") if isinstance(f, dict))
        out.append(
            ExecutionMethod(
                submission=str(m.get("submissionMethod") or "").upper(),
                time=parse_processing_time(m.get("processingTime"), m.get("processingTimeUnit"), desc),
                fees=fees,
                description=desc,
            )
        )
    return tuple(out)


def parse_procedure(obj: Any, source_path: str = "") -> Procedure:
    """Turn one decoded JSON line into a :class:`Procedure`, or raise :class:`RecordError`."""
    d = detail_of(obj)
    code = one_line(_str(d, "code") or _str(d, "codeNotation"))
    if not code:
        raise RecordError("missing procedure 'code'")
    if not _CODE.match(code):
        raise RecordError(f"malformed procedure code {code!r}")
    name = one_line(_str(d, "name"))
    if not name:
        raise RecordError("missing procedure 'name'")
    cat = d.get("category") if isinstance(d.get("category"), dict) else None
    if cat is None:
        cats = [c for c in _list(d, "categoriesDetails") if isinstance(c, dict)]
        cat = cats[0] if cats else {}
    steps = "\n".join(
        clean(s.get("description")) for s in _list(d, "executionSteps")
        if isinstance(s, dict) and clean(s.get("description"))
    )
    agencies = _names(_list(d, "departmentsExecuting")) or _names(_list(d, "unitGroupsExecuting"))
    if not agencies and one_line(_str(d, "executingAgencies")):
        agencies = (one_line(_str(d, "executingAgencies")),)
    bases = []
    for b in _list(d, "legalBasisesDetails"):
        if isinstance(b, dict):
            bases.append(LegalBasis(number=one_line(b.get("code") or ""), title=one_line(b.get("name") or "")))
    proposal = d.get("procedureProposal") if isinstance(d.get("procedureProposal"), dict) else {}
    issuer = one_line(_str(d, "departmentPromulgateName"))
    if not issuer and isinstance(proposal.get("issuingAgency"), dict):
        issuer = one_line(proposal["issuingAgency"].get("name") or "")
    updated = d.get("updatedAt")
    return Procedure(
        code=code,
        name=name,
        field=one_line(str(cat.get("name") or "")),
        field_code=one_line(str(cat.get("code") or "")),
        levels=_levels(d),
        agencies=agencies,
        subjects=_names(_list(d, "subjectTypesDetails")),
        steps=steps,
        methods=_methods(d),
        components=_components(code, d),
        requirements=clean(_str(d, "requirementsAndConditions")),
        results=_names(_list(d, "resultsDetails")),
        legal_bases=tuple(dict.fromkeys(bases)),
        decision=one_line(str(proposal.get("proposalNumber") or _str(d, "decisionNo") or "")),
        issuer=issuer,
        updated_at=_int(updated, "updatedAt") if updated is not None else 0,
        service_groups=_names(_list(d, "serviceGroupsDetails")),
        source_path=str(obj.get("source_path", "") if isinstance(obj, dict) else "") or source_path,
    )
