"""Frozen, typed records shared by every stage (procedures, components, methods, legal bases)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any, Literal

SCHEMA_VERSION = 1

ComponentKind = Literal["document", "note"]
Level = Literal["xa", "tinh", "trung_uong", "khac"]

LEVEL_LABELS: dict[str, str] = {
    "xa": "cấp xã",
    "tinh": "cấp tỉnh",
    "trung_uong": "cấp trung ương",
    "khac": "cơ quan khác",
}

SUBMISSION_LABELS: dict[str, str] = {
    "DIRECT": "Trực tiếp",
    "ONLINE": "Trực tuyến",
    "POSTAL": "Dịch vụ bưu chính",
}


@dataclass(frozen=True, slots=True)
class Attachment:
    """A form template attached to a dossier component."""

    name: str
    url: str = ""


@dataclass(frozen=True, slots=True)
class DossierComponent:
    """One entry of a procedure's dossier (thành phần hồ sơ), as listed by the portal."""

    id: str  # the portal's profileComponentId
    procedure_code: str
    case: str  # display name of the execution case ("" when the portal gives none)
    case_index: int
    position: int
    text: str  # cleaned for display (bullets removed)
    raw_text: str  # NFC text as published
    code: str  # national component code, may be ""
    original_qty: int
    copy_qty: int
    has_electronic_form: bool
    kind: ComponentKind
    attachments: tuple[Attachment, ...] = ()


@dataclass(frozen=True, slots=True)
class Fee:
    """A fee/charge of one execution method; amount is parsed when the data allows."""

    type: str  # FEE, SERVICE_FEE, PRICE_LEVEL
    amount: int | None  # VND; None when unknown or only described in text
    description: str
    amounts_in_text: tuple[int, ...] = ()  # VND amounts found in the description


@dataclass(frozen=True, slots=True)
class ProcessingTime:
    """A processing time normalised to value + unit, with the original wording kept."""

    value: float | None
    unit: str  # working_day, day, hour, month, year, in_day, other
    text: str  # human-readable Vietnamese rendering
    original: str  # "<processingTime> <processingTimeUnit>" plus description, as published


@dataclass(frozen=True, slots=True)
class ExecutionMethod:
    """How a dossier can be submitted (directly, online, by post) with its time and fees."""

    submission: str  # DIRECT, ONLINE, POSTAL
    time: ProcessingTime
    fees: tuple[Fee, ...]
    description: str


@dataclass(frozen=True, slots=True)
class LegalBasis:
    """A legal document the procedure is based on (căn cứ pháp lý)."""

    number: str  # e.g. 104/2022/NĐ-CP (may be "" when the portal gives none)
    title: str


@dataclass(frozen=True, slots=True)
class Procedure:
    """An administrative procedure (thủ tục hành chính) as normalised from the portal."""

    code: str
    name: str
    field: str  # lĩnh vực
    field_code: str
    levels: tuple[str, ...]  # subset of Level values
    agencies: tuple[str, ...]  # executing agencies
    subjects: tuple[str, ...]  # who may use it
    steps: str
    methods: tuple[ExecutionMethod, ...]
    components: tuple[DossierComponent, ...]
    requirements: str
    results: tuple[str, ...]
    legal_bases: tuple[LegalBasis, ...]
    decision: str  # publishing decision number
    issuer: str  # ministry/agency that published the procedure
    updated_at: int  # source updatedAt, ms since epoch
    service_groups: tuple[str, ...] = ()
    source_path: str = ""

    @property
    def documents(self) -> tuple[DossierComponent, ...]:
        """Components that are real papers (not notes or conditions)."""
        return tuple(c for c in self.components if c.kind == "document")

    def to_dict(self) -> dict[str, Any]:
        """Plain-JSON form (the stable `tthc show --json` shape builds on it)."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Procedure:
        """Inverse of :meth:`to_dict`."""
        d = dict(data)
        d["levels"] = tuple(d["levels"])
        d["agencies"] = tuple(d["agencies"])
        d["subjects"] = tuple(d["subjects"])
        d["results"] = tuple(d["results"])
        d["service_groups"] = tuple(d.get("service_groups", ()))
        d["legal_bases"] = tuple(LegalBasis(**b) for b in d["legal_bases"])
        d["methods"] = tuple(
            ExecutionMethod(
                submission=m["submission"],
                time=ProcessingTime(**m["time"]),
                fees=tuple(
                    Fee(**{**f, "amounts_in_text": tuple(f.get("amounts_in_text", ()))})
                    for f in m["fees"]
                ),
                description=m["description"],
            )
            for m in d["methods"]
        )
        d["components"] = tuple(
            DossierComponent(
                **{
                    **c,
                    "attachments": tuple(Attachment(**a) for a in c.get("attachments", ())),
                }
            )
            for c in d["components"]
        )
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in d.items() if k in known})


@dataclass(frozen=True, slots=True)
class RejectedRecord:
    """A source record that could not be loaded, with where and why."""

    file: str
    line: int
    reason: str
    code: str = ""


@dataclass(slots=True)
class BuildReport:
    """Summary of one knowledge-base build."""

    read: int = 0
    accepted: int = 0
    rejected: list[RejectedRecord] = field(default_factory=list)
    warnings: list[RejectedRecord] = field(default_factory=list)  # kept, but worth a look
    added: int = 0
    changed: int = 0
    removed: int = 0
    unchanged: int = 0
    skipped: bool = False  # True when sources were unchanged and no work was done
    seconds: float = 0.0
    db_bytes: int = 0
    audit: dict[str, Any] = field(default_factory=dict)  # kb.audit.build.build_verdicts summary
    history: dict[str, int] = field(default_factory=dict)  # kb.procedures.history.record_build counts
    quality: dict[str, Any] = field(default_factory=dict)  # kb.quality.stored.build_quality summary


Verdict = Literal["replaceable", "already_data_first", "prefill", "reuse_result", "keep", "note"]
VERDICTS: tuple[str, ...] = ("replaceable", "already_data_first", "prefill", "reuse_result", "keep", "note")


@dataclass(frozen=True, slots=True)
class EvidencePart:
    """One piece of evidence a (possibly composite) component asks for, with its own verdict."""

    text: str  # the split-off fragment
    verdict: str  # a Verdict value
    phrase: str  # the matched head phrase ("" when nothing matched)
    database: str  # registry id ("" when none)


@dataclass(frozen=True, slots=True)
class AuditFinding:
    """The once-only verdict on one dossier component, with its evidence and a Vietnamese rationale."""

    component_id: str  # the portal's profileComponentId
    procedure_code: str
    text: str
    verdict: str  # a Verdict value
    database: str  # registry id ("" for keep/note)
    evidence: str  # the matched phrase that decided the verdict
    confidence: float  # 0..1, from the rule that fired
    rationale: str  # short Vietnamese explanation
    papers: int  # originals + copies this component asks for (1 when the portal gives 0/0 for a paper)
    copies: int
    partial: bool = False  # composite where only some parts could be replaced
    legal_basis: str = ""  # number of the registry's first legal basis found in the KB
    parts: tuple[EvidencePart, ...] = ()

    @property
    def papers_saved(self) -> int:
        """Papers that could be dropped if the registry were used (0 unless fully replaceable/reusable)."""
        if self.verdict in ("replaceable", "reuse_result") and not self.partial:
            return self.papers
        return 0


@dataclass(frozen=True, slots=True)
class Chunk:
    """A searchable piece of a document: a procedure section, or any other collection's unit.

    ``id`` is deterministic (``"{doc_id}:{section}:{i}"``); ``metadata`` holds filterable values
    (for procedures: ``levels``, ``field``, ``agencies``) as plain strings or tuples of strings.
    """

    id: str
    doc_id: str
    title: str
    section: str
    heading: str  # heading path, e.g. "Đăng ký khai sinh › Thành phần hồ sơ"
    text: str
    metadata: tuple[tuple[str, str | tuple[str, ...]], ...] = ()

    def meta(self) -> dict[str, str | tuple[str, ...]]:
        """``metadata`` as a dict."""
        return dict(self.metadata)


@dataclass(frozen=True, slots=True)
class Hit:
    """One procedure found by search, with the chunk that matched best."""

    code: str
    name: str
    score: float
    section: str
    chunk_id: str
    snippet: str
    levels: tuple[str, ...]
    field: str
