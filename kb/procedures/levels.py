"""Administrative levels as procedures and questions name them (accent-folded words, one place).

The search engine reads a question's level words to put that level's variant of a same-name
procedure first; the assistant reads level markers to tell same-name variants apart. Both strip
the level note in brackets ("(cấp xã)", "(thực hiện tại cấp tỉnh)") from a name.
"""

from __future__ import annotations

import re

from kb.text.normalize import fold

LEVELS = frozenset({"xa", "tinh", "trung_uong"})
LEVEL_ORDER = {"xa": 0, "tinh": 1, "trung_uong": 2, "khac": 3}  # citizen-nearest first
# A level note in brackets in a folded procedure name.
LEVEL_NOTE = re.compile(r"\((?:thuc hien )?(?:tai )?cap [^)]*\)")
# Folded words that make a question name a level (matched in " {folded question} ").
QUERY_LEVEL_WORDS: dict[str, tuple[str, ...]] = {
    "xa": (" cap xa", " xa ", " phuong", " thi tran"),
    "tinh": (" cap tinh", " tinh ", " thanh pho"),
    "trung_uong": (" trung uong", " cap bo", " bo "),
}
# Folded phrases that mark a procedure name (or a question) as one level's variant.
LEVEL_MARKERS: dict[str, tuple[str, ...]] = {
    "xa": ("cap xa", "phuong", "xa phuong", "ubnd xa"),
    "tinh": ("cap tinh",),
    "trung_uong": ("cap trung uong", "trung uong", "bo cong an"),
}
_NAME_KEY_NOISE = re.compile(LEVEL_NOTE.pattern + r"|[.\s]+$")


def level_named(query: str) -> str | None:
    """The level a question names (first in xã, tỉnh, trung ương order), or None."""
    q = f" {fold(query)} "
    for level, words in QUERY_LEVEL_WORDS.items():
        if any(w in q for w in words):
            return level
    return None


def name_key(name: str) -> str:
    """Folded name without its level note, final dots or leading "thủ tục" (same-name variants
    share it)."""
    return " ".join(_NAME_KEY_NOISE.sub(" ", fold(name)).split()).removeprefix("thu tuc ")
