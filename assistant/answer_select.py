"""Pick the record's own sentences that answer the question: aspect cues + the question's words."""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.aspects import _FOLLOW_FILLERS, strip_cues
from assistant.types import Aspect
from kb.procedures.schema import Procedure
from kb.text.analysis import QUESTION_WORDS as STOPWORDS
from kb.text.analysis import tokenize as tokens
from kb.text.normalize import fold, one_line, strip_bullet

MAX_QUOTES = 3
MAX_QUOTE_WORDS = 80  # a longer "sentence" is a run-on list item, not an answer
MIN_QUOTE_WORDS = 4

# A sentence ends at ". ! ?" followed by a capital, a digit, an opening bracket or a bullet.
_SENT_END = re.compile(r"(?<=[.!?…])\s+(?=[\"“(\[\-+•*\dA-ZĐÀ-Ỹ])")
_LEAD = re.compile(r"^(?:\(?[ivx]{1,4}\)|[a-zđ]\.\d+\)|Bước \d+\s*[:.]?|(?:Lưu ý|Ghi chú)\s*:\s*[-+•]?)\s*",
                   re.IGNORECASE)

# Accent-folded cue patterns per aspect: (pattern, weight). Strong cues carry the fact itself.
CUES: dict[str, tuple[tuple[str, float], ...]] = {
    "time": ((r"trong thoi han \d+", 2.0), (r"cham nhat", 2.0), (r"truoc \d+ ngay|\d+ ngay truoc", 2.0),
             (r"ke tu ngay", 1.0), (r"trong vong \d+", 2.0), (r"\d+ (?:ngay|thang|gio|nam)\b", 1.0),
             (r"thoi han", 0.5), (r"\bhan\b", 0.5)),
    "fees": ((r"\d[\d.]* ?(?:dong|vnd)\b", 2.0), (r"\d+ ?%", 2.0), (r"\bmien\b", 1.5), (r"le phi", 1.0),
             (r"muc thu", 1.0), (r"\bphi\b", 0.5), (r"khong (?:thu|phai nop)", 1.0)),
    "conditions": ((r"bat buoc", 2.0), (r"khong duoc", 1.5), (r"\bphai\b", 1.0), (r"\bduoc\b", 0.5),
                   (r"khong phai", 1.5), (r"dieu kien", 1.0), (r"\bchi\b", 0.5)),
    "documents": ((r"ban chinh|ban sao|ban chup", 1.0), (r"xuat trinh", 1.0), (r"\bnop\b", 0.5),
                  (r"khong phai nop", 1.5)),
    "where": ((r"\btai\b", 0.5), (r"co quan|uy ban|trung tam|cong an", 1.0), (r"truc tuyen|buu chinh", 1.0),
              (r"(?:gui|nop)(?: \w+){0,3} (?:den |toi |tai |cho )?(?:uy ban|ubnd|co quan|bo phan|trung tam|cong an|"
               r"so |phong |chu tich)", 2.0)),
    "steps": ((r"\bbuoc\b", 0.5), (r"nop ho so", 1.0), (r"tiep nhan", 0.5)),
    "result": ((r"ket qua", 1.0), (r"duoc cap", 1.0), (r"tra ket qua", 1.0)),
}
# Time limits written in the record ("trong thời hạn 60 ngày", "chậm nhất", "30 ngày trước").
DEADLINE = re.compile(r"trong thoi han (?:toi da |khong qua )?\d+|trong vong \d+|cham nhat|truoc \d+ ngay|"
                      r"\d+ ngay (?:lam viec )?truoc")
# Who acts in a clause: the citizen (applicant) or the administration (agency).
_APPLICANT = re.compile(
    r"\b(?:nguoi (?:yeu cau|de nghi|nop|di dang ky|dan|lao dong|su dung dat)|cong dan|ca nhan|to chuc|"
    r"cha,? me|cha hoac me|doanh nghiep|chu (?:ho|dau tu|so huu|tau|xe|co so)|ho gia dinh|nha dau tu|"
    r"ho kinh doanh|hop tac xa|nguoi (?:dang ky|su dung lao dong|nop thue|dai dien|thanh lap|tham gia))\b")
_AGENCY = re.compile(
    r"\b(?:co quan|uy ban|ubnd|so [a-z]|bo [a-z]|cuc\b|phong [a-z]|cong chuc|can bo|chu tich|trung tam|"
    r"nguoi tiep nhan|nguoi co tham quyen|cong an|toa an|thu truong|van phong|hoi dong|don vi)")
_YES_NO = re.compile(
    r"\bco (?:\w+ ){0,2}?(?:bat buoc|duoc|can|phai|mat|nop|bi|nen)\b.*\bkhong\b|\b(?:duoc|phai|can) khong\b")
# Labels that name a kind of paper, not an execution case ("Giấy tờ phải nộp:", "Lưu ý:").
_FACT_ASPECTS = ("time", "fees", "where")
_GENERIC_CASE = frozenset("giay to phai nop xuat trinh luu y thanh phan ho so chung tu bo luong 01 gom".split())


# Retrieval stopwords that name things inside a record ("giấy chứng sinh", "bị mất", "con", "thu").
_MEANINGFUL = frozenset("chung con mat thu ca".split())
_STOP = STOPWORDS - _MEANINGFUL


def _content(text: str) -> list[str]:
    return [t for t in tokens(text) if t not in _STOP]


@dataclass(frozen=True, slots=True)
class Sentence:
    """A whole sentence of the record and the answer section it comes from."""

    text: str
    section: str


def split_sentences(text: str) -> list[str]:
    """Whole sentences of ``text``: split at line breaks and sentence ends, bullets removed."""
    out: list[str] = []
    for line in text.splitlines():
        for part in _SENT_END.split(one_line(line)):
            s = _LEAD.sub("", strip_bullet(part)).strip()
            if s:
                out.append(s)
    return out


def record_sentences(p: Procedure) -> list[Sentence]:
    """Every sentence of the record's free text (steps, conditions, dossier, fees, results), in order."""
    sources: list[tuple[str, str]] = [(p.steps, "steps"), (p.requirements, "conditions")]
    sources += [(c.text, "documents") for c in p.components]
    sources += [(f.description, "fees") for m in p.methods for f in m.fees if f.description]
    sources += [(r, "result") for r in p.results]
    seen: set[str] = set()
    out: list[Sentence] = []
    for text, section in sources:
        for s in split_sentences(text):
            key = s.rstrip(" .;")
            if key not in seen and not s.endswith(":") and MIN_QUOTE_WORDS <= len(s.split()) <= MAX_QUOTE_WORDS:
                seen.add(key)
                out.append(Sentence(s, section))
    return out


def question_words(question: str, p: Procedure) -> list[str]:
    """The question's topic words that the procedure's name does not already say."""
    named = set(tokens(p.name)) | {"thu", "tuc"}
    return [w for w in dict.fromkeys(_content(strip_cues(question)))
            if w not in named and w not in _FOLLOW_FILLERS]


def is_yes_no(question: str) -> bool:
    """"có bắt buộc … không", "có được … không", "có cần … không", "có phải … không", "… được không"."""
    return _YES_NO.search(fold(question)) is not None


def cue_score(folded: str, aspect: Aspect) -> float:
    """Weight of the aspect's cue patterns found in an accent-folded sentence."""
    return sum(w for pat, w in CUES.get(aspect, ()) if re.search(pat, folded))


def overlap(words: list[str], folded: str) -> float:
    """Question words in the sentence, plus half a point per question bigram kept in order."""
    toks = tokens(folded)
    have = set(toks)
    score = float(sum(1 for w in words if w in have))
    pairs = set(zip(toks, toks[1:], strict=False))
    return score + 0.5 * sum(1 for a, b in zip(words, words[1:], strict=False) if (a, b) in pairs)


def select(p: Procedure, aspect: Aspect, question: str, shown: tuple[str, ...] = (),
           limit: int = MAX_QUOTES) -> list[Sentence]:
    """Up to ``limit`` record sentences answering ``question``, best first.

    A sentence qualifies with a strong cue of a time, fee or place question (a time limit, an amount,
    "nộp/gửi … Ủy ban …"), or with one of the question's topic words and either a cue of the aspect
    or a second topic word; for the other aspects the structured section is the answer. Sentences
    already shown verbatim inside a ``shown`` item are skipped.
    """
    words = question_words(question, p)
    yes_no = is_yes_no(question)
    scored: list[tuple[float, int, Sentence]] = []
    for i, s in enumerate(record_sentences(p)):
        if any(s.text in item for item in shown):
            continue
        f = fold(s.text)
        ov = overlap(words, f)
        cue = cue_score(f, aspect) + (cue_score(f, "conditions") if yes_no and aspect != "conditions" else 0)
        strong = cue >= 2 and aspect in _FACT_ASPECTS and not yes_no  # the sentence carries the fact asked
        ok = strong or (bool(words) and ov >= 1 and (cue > 0 or ov >= 2))
        if ok:
            scored.append((2 * ov + min(cue, 3.0), i, s))
    if not scored:
        return []
    scored.sort(key=lambda x: (-x[0], x[1]))
    best = scored[0][0]
    return [s for sc, _, s in scored[:limit] if sc >= 0.6 * best]


def _actor_is_applicant(clause: str) -> bool:
    """The first actor named in ``clause`` (after a "trường hợp … thì") is the citizen, or none is
    named and the clause is an obligation ("thì phải …": the reader's own)."""
    main = clause.split(" thi ", 1)[-1]
    a, g = _APPLICANT.search(main), _AGENCY.search(main)
    if a is None and g is None:  # "… thì phải thực hiện thủ tục …": an obligation with no one named
        return main.lstrip().startswith("phai ")
    return a is not None and (g is None or a.start() < g.start())


def citizen_deadlines(p: Procedure) -> list[Sentence]:
    """Sentences setting a time limit the citizen must meet (not the agency's processing time)."""
    out: list[Sentence] = []
    for s in record_sentences(p):
        if s.section not in ("steps", "conditions", "documents"):
            continue
        f = fold(s.text)
        for clause in re.split(r"[;:]", f):
            if DEADLINE.search(clause) and _actor_is_applicant(clause):
                out.append(s)
                break
    return out


def _case_tokens(label: str) -> set[str]:
    return {t for t in _content(label) if t not in _GENERIC_CASE}


def match_case(p: Procedure, question: str) -> str | None:
    """The execution case whose label the question's words match clearly better than any other.

    Labels that only name a kind of paper ("Giấy tờ phải nộp") are no cases; "clearly" means at
    least two matching words and one more than the runner-up (one shared word is chance).
    """
    cases = [c for c in dict.fromkeys(x.case for x in p.components) if c and _case_tokens(c)]
    if len(cases) < 2:
        return None
    words = set(question_words(question, p)) - _GENERIC_CASE
    if not words:
        return None
    ranked = sorted(((len(words & _case_tokens(c)), c) for c in cases), key=lambda x: -x[0])
    (best, label), (second, _) = ranked[0], ranked[1]
    return label if best >= 2 and best >= second + 1 else None
