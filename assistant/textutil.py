"""Former home of the assistant's tokens and question words: now kb.text.analysis (kept for imports)."""

from __future__ import annotations

from kb.text.analysis import QUESTION_WORDS as STOPWORDS
from kb.text.analysis import content_tokens
from kb.text.analysis import tokenize as tokens

__all__ = ["STOPWORDS", "content_tokens", "tokens"]
