"""JSON Schema of the free-text fields (questions, a text to read aloud) written from the limits the
routes enforce, so that ``/openapi.json`` admits exactly the texts the service accepts.

Fields opt in with the ``TEXT_KIND`` key (``QuestionText``, ``SpeechText``); :func:`apply` replaces
that key, in the generated schema, by the constraints of the app's settings.
"""

from __future__ import annotations

import copy
from typing import Annotated, Any

from pydantic import Field

from assistant.limits import QuestionLimits

TEXT_KIND = "x-tthc-text"
# The code points Python's str.split() and str.strip() treat as whitespace (str.isspace()), spelled
# out so that a pattern means the same in ECMA-262 (JSON Schema's dialect) as in Python's re.
SPACE = r"\t-\r\x1c-\x20\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
BLANK = f"[{SPACE}]"
MARK = f"[^{SPACE}]"
# A letter or digit that folds to a-z/0-9 (the Vietnamese alphabet, tone marks included): a family
# name must carry one, or its family key would be empty.
LETTER = "[0-9A-Za-zÀ-ÃÈ-ÊÌÍÒ-ÕÙÚÝà-ãè-êìíò-õùúýĂăĐđĨĩŨũƠơƯưẠ-ỹ]"

QuestionText = Annotated[str, Field(json_schema_extra={TEXT_KIND: "question"})]
SpeechText = Annotated[str, Field(json_schema_extra={TEXT_KIND: "speech"})]


def question_schema(limits: QuestionLimits) -> dict[str, Any]:
    """What :func:`assistant.limits.analysable` accepts: at most ``max_chars`` characters, 1 to
    ``max_words`` words, at least one of them no longer than ``max_word_chars``."""
    words = f"^{BLANK}*(?:{MARK}+{BLANK}+){{0,{limits.max_words - 1}}}{MARK}+{BLANK}*$"
    short = f"(?:^|{BLANK}){MARK}{{1,{limits.max_word_chars}}}(?:{BLANK}|$)"
    return {"minLength": 1, "maxLength": limits.max_chars, "allOf": [{"pattern": words}, {"pattern": short}],
            "description": (f"1–{limits.max_words} từ, tối đa {limits.max_chars} ký tự, ít nhất một từ dài "
                            f"không quá {limits.max_word_chars} ký tự; ngoài ra 422")}


def speech_schema(max_chars: int) -> dict[str, Any]:
    """A text to read aloud: not blank, at most ``max_chars`` characters."""
    return {"minLength": 1, "maxLength": max_chars, "pattern": MARK,
            "description": f"không để trống, tối đa {max_chars} ký tự; ngoài ra 422"}


def apply(node: Any, kinds: dict[str, dict[str, Any]]) -> None:
    """Replace every ``TEXT_KIND`` marker under ``node`` (a generated schema) by ``kinds[marker]``."""
    if isinstance(node, dict):
        kind = node.pop(TEXT_KIND, None)
        if kind is not None:
            rules = copy.deepcopy(kinds[kind])
            said = rules.pop("description")
            node.update(rules)
            node["description"] = f"{node['description']} ({said})" if node.get("description") else said
        for value in node.values():
            apply(value, kinds)
    elif isinstance(node, list):
        for value in node:
            apply(value, kinds)
