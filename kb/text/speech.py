"""Clean-up for hotline speech-recognition text: filler phrases, repeated words, numbers in words."""

from __future__ import annotations

from kb.text.normalize import fold

# Filler removed from queries (as whole words, longest first). Content words are never here.
FILLERS: tuple[tuple[str, ...], ...] = tuple(
    sorted(
        (
            tuple(f.split())
            for f in (
                "alo", "a lô", "a lo", "à", "ạ", "ờ", "ừ", "ừm", "ờ thì", "ừ thì", "à thì", "dạ", "vâng",
                "dạ vâng", "thưa", "thưa chị", "thưa anh", "chị ơi", "anh ơi", "em ơi", "cho em hỏi",
                "cho tôi hỏi", "cho cháu hỏi", "cho mình hỏi", "cho hỏi", "em muốn hỏi", "tôi muốn hỏi",
                "em hỏi chút", "hỏi chút", "hỏi xíu", "xin hỏi", "với ạ", "nhé", "nha", "ạ ạ",
                "tổng đài ơi", "bạn ơi", "là là",
            )
        ),
        key=len,
        reverse=True,
    )
)

_DIGITS = {
    "một": 1, "mốt": 1, "hai": 2, "ba": 3, "bốn": 4, "tư": 4, "năm": 5, "lăm": 5,
    "sáu": 6, "bảy": 7, "bẩy": 7, "tám": 8, "chín": 9,
}
_SCALES = {"nghìn": 1000, "ngàn": 1000, "triệu": 10**6, "tỷ": 10**9, "tỉ": 10**9}
_TENS = ("mươi", "trăm")
_NUMBER_WORDS = set(_DIGITS) | set(_SCALES) | {"mười", "mươi", "trăm", "linh", "lẻ"}
# Words after which a lone number word is a quantity ("hai bản", "ba ngày", "mười tuổi").
UNITS = {
    "tuổi", "ngày", "tháng", "năm", "giờ", "phút", "tuần", "bản", "lần", "người", "con", "đồng",
    "bộ", "tờ", "trang", "ảnh", "lít", "mét", "ký", "kg", "cháu", "xe", "cái", "hộ", "thửa",
}


_FOLDED_FILLERS = tuple(tuple(fold(w) for w in f) for f in FILLERS)


def _filler_index() -> tuple[dict[str, tuple[int, ...]], dict[str, tuple[int, ...]]]:
    """Positions in FILLERS by first word as typed, and (phrases of 2+ words) by folded first word."""
    typed: dict[str, list[int]] = {}
    folded: dict[str, list[int]] = {}
    for i, (f, ff) in enumerate(zip(FILLERS, _FOLDED_FILLERS, strict=True)):
        typed.setdefault(f[0], []).append(i)
        if len(f) > 1:
            folded.setdefault(ff[0], []).append(i)
    return ({w: tuple(v) for w, v in typed.items()}, {w: tuple(v) for w, v in folded.items()})


_BY_TYPED, _BY_FOLDED = _filler_index()


def remove_fillers(words: list[str]) -> list[str]:
    """Drop filler phrases ("alo", "cho em hỏi", "ạ") wherever they occur.

    Phrases of two or more words also match without diacritics ("cho em hoi"); single words only
    as typed, since folded "ờ", "dạ" would hit "ở", "đã". A final "a" is the polite "ạ".
    Fillers are tried longest first; only those starting with the current word are looked at.
    """
    folded = [fold(w) for w in words]
    out: list[str] = []
    i = 0
    while i < len(words):
        cands = _BY_TYPED.get(words[i], ()) + _BY_FOLDED.get(folded[i], ())
        for j in sorted(set(cands)) if cands else ():
            f = FILLERS[j]
            n = len(f)
            if tuple(words[i : i + n]) == f or (n > 1 and tuple(folded[i : i + n]) == _FOLDED_FILLERS[j]):
                i += n
                break
        else:
            out.append(words[i])
            i += 1
    while out and out[-1] in ("a", "ạ", "à"):
        out.pop()
    return out


def collapse_repeats(words: list[str]) -> list[str]:
    """Collapse immediate repetitions of one to three words ("cho em cho em hỏi" → "cho em hỏi")."""
    out: list[str] = []
    for w in words:
        out.append(w)
        for size in (1, 2, 3):
            if len(out) >= 2 * size and out[-2 * size : -size] == out[-size:] and not w.isdigit():
                del out[-size:]
                break
    return out


def _accepts(prev: str | None, w: str, nxt: str | None) -> bool:
    """Whether ``w`` reads as a number word here; "tư", "mốt", "lăm", "năm" need context."""
    if w in ("tư", "mốt"):
        return prev == "mươi"
    if w == "lăm":
        return prev in ("mười", "mươi")
    if w == "năm":  # "năm" is mostly "year": a digit only before a scale or a unit word
        return prev in ("linh", "lẻ") or nxt in _SCALES or nxt in _TENS or (nxt in UNITS and nxt != "năm")
    return w in _NUMBER_WORDS


def _parse(run: list[str]) -> int | None:
    """Value of Vietnamese number words ("hai mươi lăm" → 25); None when the run is ill-formed."""
    total = group = 0
    current: int | None = None
    for w in run:
        if w in _DIGITS:
            if current is not None:
                return None
            current = _DIGITS[w]
        elif w == "mười":
            if current is not None or group % 100:
                return None
            group += 10
        elif w == "mươi":
            if current is None or current < 2:
                return None
            group += current * 10
            current = None
        elif w == "trăm":
            group += (1 if current is None else current) * 100
            current = None
        elif w in ("linh", "lẻ"):
            continue
        else:
            total += (group + (current or 0) or 1) * _SCALES[w]
            group, current = 0, None
    return total + group + (current or 0)


def numbers_to_digits(words: list[str]) -> list[str]:
    """Replace spoken numbers by digits ("mười bốn tuổi" → "14 tuổi"); ambiguous words stay words."""
    out: list[str] = []
    i, n = 0, len(words)
    while i < n:
        j = i
        while j < n:
            prev = words[j - 1] if j > i else None
            if not _accepts(prev, words[j], words[j + 1] if j + 1 < n else None):
                break
            j += 1
        # Shrink until the run parses.
        while j > i and _parse(words[i:j]) is None:
            j -= 1
        nxt = words[j] if j < n else None
        if j == i or (j - i == 1 and nxt not in UNITS) or words[i] in ("linh", "lẻ", "mươi"):
            out.append(words[i])
            i += 1
            continue
        out.append(str(_parse(words[i:j])))
        i = j
    return out
