"""The citizen-language layer: the facets a question states, in the same frame as procedure names.

Colloquial objects ("sổ đỏ", "cà vẹt", "hộ khẩu"), actions implied by situations ("bị mất" → làm lại,
"bán nhà" → sang tên, "ghi sai năm sinh" → cải chính) and qualifiers ("lấy chồng người Hàn" → có yếu tố
nước ngoài, "con 2 tuổi" → dưới 14 tuổi) come from ``kb/data/frames_vi.tsv`` (see
:mod:`kb.procedures.facets`); the official phrases of procedure names count too.
"""

from __future__ import annotations

import re
from functools import lru_cache

from kb.procedures.facets import Frame, _padded, match_values, vocabulary
from kb.text.normalize import fold, has_diacritics

_CHILD_AGE = re.compile(r"\b(?:con|be|chau|em be|tre)\b(?:\s+\w+){0,3}?\s+(\d{1,2})\s+(?:tuoi|thang)\b")
_AGE_WORDS = {"mot": 1, "hai": 2, "ba": 3, "bon": 4, "nam": 5, "sau": 6, "bay": 7, "tam": 8, "chin": 9,
              "muoi": 10}
_CHILD_AGE_WORDS = re.compile(r"\b(?:con|be|chau|tre)\b(?:\s+\w+){0,3}?\s+(mot|hai|ba|bon|nam|sau|bay|tam|chin|"
                              r"muoi)\s+(?:tuoi|thang)\b")


def _under14(folded: str) -> bool:
    m = _CHILD_AGE.search(folded)
    if m and int(m.group(1)) < 14:
        return True
    m = _CHILD_AGE_WORDS.search(folded)
    return bool(m and _AGE_WORDS[m.group(1)] < 14)


# "đã có …", "vừa được đăng ký …" up to the end of the clause: a paper the citizen already has.
_ALREADY = re.compile(r"(?i)\b(?:đã|vừa được|đã được|da|vua duoc|da duoc)\s+(?:có|làm|cấp|đăng ký|co|lam|cap|dang ky)\b"
                      r"[^.,;!?]*?(?=[.,;!?]|\s(?:nhưng|nay|giờ|mà|thì|nhung|gio|ma|thi)\s|$)")


@lru_cache(maxsize=4096)
def question_frame(question: str) -> Frame:
    """The facets a citizen's question states (citizen and official phrases, ages of children)."""
    voc = vocabulary()
    accents = has_diacritics(question)  # typed with diacritics: "thuê" is not "thuế", "mờ" not "mở"
    padded = _padded(question, accents=accents)
    sides = (voc.citizen_acc, voc.official_acc) if accents else (voc.citizen, voc.official)
    needs = None if accents else voc.needs  # context words only resolve plain-typed ambiguity
    acts, objs, quals = (frozenset().union(*(match_values(padded, s.get(kind, {}), needs) for s in sides))
                         for kind in ("action", "object", "qualifier"))
    rest = _ALREADY.sub(" ", question)
    if rest != question:  # "đã có giấy khai sinh, nay muốn nhận con": what one has is not what one asks
        later = frozenset().union(*(match_values(_padded(rest, accents=accents), s.get("object", {}), needs)
                                    for s in sides))
        objs = later or objs
    if _under14(" ".join(fold(question).lower().split())):
        quals = quals | {"under14"}
    return Frame(acts, objs, quals)
