"""Checks a voice answer for what a hotline operator would never say (usable by the eval)."""

from __future__ import annotations

import re

from assistant.voice import VOICE_MAX_WORDS, words

# Words a whole sentence or a spoken clause never ends on ("Trường hợp người, một bản chính").
DANGLING = frozenset(
    "của và hoặc là các những người theo tại trong với cho thì nếu khi đã về để bởi từ đến hợp mà "
    "như nhưng".split())
_DOUBLED = re.compile(r"(?i)\b(số|ngày|tháng|của|và|là|theo|tại)\s+\1\b")
_SYMBOLS = re.compile(r"[/\\\[\]_*#«»<>|=]|…")
_LEGAL_SYMBOL = re.compile(r"\b(?:NĐ-CP|QH\d*|TT-[A-Z]+|QĐ-[A-Za-z]+|NQ-[A-Z]+|TTLT)\b")


def voice_problems(text: str, max_words: int = VOICE_MAX_WORDS) -> list[str]:
    """Problems of a spoken answer: too long, digits or symbols left, doubled words, cut sentences.

    An empty list means the text can go to text-to-speech as it is.
    """
    out: list[str] = []
    n = words(text)
    if n > max_words:
        out.append(f"quá dài: {n} từ (tối đa {max_words})")
    if re.search(r"\d", text):
        out.append("còn chữ số chưa đọc thành lời: " + ", ".join(re.findall(r"\S*\d\S*", text)[:3]))
    if _SYMBOLS.search(text):
        out.append("còn ký hiệu không đọc được: " + "".join(dict.fromkeys(_SYMBOLS.findall(text))))
    if _LEGAL_SYMBOL.search(text):
        out.append("còn ký hiệu văn bản chưa đọc: " + _LEGAL_SYMBOL.findall(text)[0])
    for m in _DOUBLED.finditer(text):
        out.append(f"lặp từ: {m.group(0)}")
    if text.strip() and not re.search(r"[.?!]$", text.strip()):
        out.append("câu cuối chưa kết thúc")
    for clause in re.split(r"[.?!]|, (?=một bản|hai bản|ba bản)", text):
        last = clause.strip().rstrip(",;:").split()
        if last and last[-1].lower() in DANGLING:
            out.append(f"câu bị cắt giữa chừng: …{' '.join(last[-4:])}")
    return out
