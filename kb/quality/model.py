"""Quality findings: one record per problem, with its rule, severity, quoted evidence and suggested fix."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any, Protocol

from kb.procedures.schema import Procedure

SEVERITIES = ("high", "medium", "low", "info")


@dataclass(frozen=True, slots=True)
class QualityFinding:
    """A data-quality or staleness problem of one procedure record."""

    rule: str
    code: str
    severity: str  # one of SEVERITIES
    field: str  # the record field the evidence comes from
    evidence: str  # quoted from the record
    suggestion: str  # Vietnamese, for the reform team

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


class LegalIndex(Protocol):
    """What the legal rules need from the compendium (``kb.quality.legal_rules.CompendiumIndex``)."""

    def resolves(self, number: str) -> bool: ...

    def amended_by(self, number: str) -> list[str]: ...


@dataclass(frozen=True, slots=True)
class RuleContext:
    """Inputs a rule may use besides the record: the reference date and, when built, the compendium."""

    as_of: date
    legal: LegalIndex | None = None
    extra: dict[str, Any] = field(default_factory=dict)


ProcedureRule = Callable[[Procedure, RuleContext], Iterable[QualityFinding]]
CollectionRule = Callable[[list[Procedure], RuleContext], Iterable[QualityFinding]]
