"""The Analyzer: query normalisation and the one tokenizer used at index and query time."""

from __future__ import annotations

import json
from functools import cached_property
from pathlib import Path

from kb.text import resources
from kb.text.normalize import clean, fold, has_diacritics
from kb.text.restore import MODEL_FILE, Restorer
from kb.text.segment import Segmenter, is_syllable, words
from kb.text.speech import collapse_repeats, numbers_to_digits, remove_fillers

TOKENIZER_BASE = "vi-mm-2"


def tokenizer_version() -> str:
    """Versioned tokenizer name: code revision plus a hash of the token-deciding data files."""
    return f"{TOKENIZER_BASE}+{resources.data_hash()}"


PLAIN_SHARE = 0.5  # restore when fewer than this share of syllables carry diacritics


def _mostly_plain(ws: list[str]) -> bool:
    """True when a query looks typed without diacritics (Vietnamese text has them on most syllables)."""
    syllables = [w for w in ws if is_syllable(w)]
    if not syllables:
        return False
    marked = sum(has_diacritics(w) for w in syllables)
    return marked < len(syllables) and marked < PLAIN_SHARE * len(syllables)


class Analyzer:
    """Vietnamese text analysis: normalise queries, tokenize documents and queries the same way."""

    def __init__(
        self, restorer: Restorer | None = None, model_manifest: dict[str, object] | None = None
    ) -> None:
        self.restorer = restorer
        self.model_manifest = model_manifest or {}

    @classmethod
    def load(cls, model_dir: Path | None = None) -> Analyzer:
        """Analyzer with the diacritic model from ``model_dir`` when one is there; works without it."""
        if model_dir is None or not (Path(model_dir) / MODEL_FILE).exists():
            return cls()
        manifest_path = Path(model_dir) / "manifest.json"
        manifest = json.loads(manifest_path.read_text(encoding="utf-8")) if manifest_path.exists() else {}
        return cls(Restorer.load(Path(model_dir)), manifest)

    @property
    def version(self) -> str:
        """The tokenizer version (what an index manifest records)."""
        return tokenizer_version()

    @cached_property
    def _segmenter(self) -> Segmenter:
        return Segmenter(resources.compounds(), resources.domain_compounds())

    @cached_property
    def _folded_segmenter(self) -> Segmenter:
        return Segmenter(
            (fold(c) for c in resources.compounds()), (fold(c) for c in resources.domain_compounds())
        )

    @cached_property
    def _folded_stopwords(self) -> frozenset[str]:
        return frozenset(fold(s) for s in resources.stopwords()) - resources.fold_keep()

    def tokens(self, text: str) -> list[str]:
        """Lower-case tokens with compounds joined by "_" and stopwords removed; deterministic."""
        stop = resources.stopwords()
        return [t for t in self._segmenter.segment(words(clean(text))) if t not in stop]

    def folded_tokens(self, text: str) -> list[str]:
        """Accent-insensitive tokens: the text is folded first, then segmented the same way."""
        stop = self._folded_stopwords
        return [t for t in self._folded_segmenter.segment(words(fold(clean(text)))) if t not in stop]

    def restore(self, text: str) -> str:
        """Diacritics restored on a text typed without them (unchanged without a model)."""
        if self.restorer is None:
            return " ".join(words(clean(text)))
        return self.restorer.restore(clean(text))

    def normalize_query(self, text: str) -> str:
        """Clean a citizen's question: speech filler, numbers, diacritics, colloquial → official terms."""
        ws = words(clean(text))
        restored = self.restorer is not None and _mostly_plain(ws)
        if restored and self.restorer is not None:
            ws = self.restorer.restore(" ".join(ws)).split()
        ws = numbers_to_digits(collapse_repeats(remove_fillers(ws)))
        ws, official = self._apply_lexicon(ws, fix_spelling=restored)
        return " ".join(ws + official)

    @cached_property
    def _lexicon_index(self) -> dict[str, list[tuple[list[str], list[str], str, tuple[str, ...]]]]:
        """Lexicon entries by folded first word: (words, folded words, official, folded context),
        longest first."""
        index: dict[str, list[tuple[list[str], list[str], str, tuple[str, ...]]]] = {}
        for e in resources.lexicon():
            words_ = e.colloquial.split()
            index.setdefault(fold(words_[0]), []).append(
                (words_, [fold(w) for w in words_], e.official, tuple(fold(c) for c in e.context)))
        return index

    def _apply_lexicon(self, ws: list[str], fix_spelling: bool) -> tuple[list[str], list[str]]:
        """Find colloquial phrases (longest first, left to right); return words and official phrases.

        A query word matches a lexicon word when equal, or when typed without diacritics and equal
        once folded ("so do" matches "sổ đỏ"; "cười" does not match "cưới"). With ``fix_spelling``
        (the diacritics were guessed) all words match folded and a matched span takes the lexicon's
        spelling, so "so do" restored as "sơ đồ" still becomes "sổ đỏ". An entry with a context
        list matched on plain words also needs one of its context words in the question ("cuoi" is
        "cưới" in "dang ky cuoi" but not in "chuyen cuoi").
        """
        ws = list(ws)
        folded = [fold(w) for w in ws]
        # After restoration every word counts as typed plain: the guessed accents may be wrong.
        plain = [fix_spelling or f == w for f, w in zip(folded, ws, strict=True)]
        seen = f" {' '.join(folded)} "
        added: list[str] = []
        i = 0
        while i < len(ws):
            for words_, fwords, official, context in self._lexicon_index.get(folded[i], ()):
                k = len(words_)
                if folded[i : i + k] == fwords and all(
                    plain[i + j] or ws[i + j] == words_[j] for j in range(k)
                ) and (not context or not any(plain[i : i + k]) or any(f" {c} " in seen for c in context)):
                    if fix_spelling:
                        ws[i : i + k] = words_
                    f_official = fold(official)
                    if f" {f_official} " not in seen:
                        added.extend(official.split())
                        seen += f"{f_official} "
                    i += k
                    break
            else:
                i += 1
        return ws, added

    def official_terms(self, ws: list[str]) -> list[str]:
        """Official words for colloquial phrases in ``ws`` (matched without diacritics)."""
        return self._apply_lexicon(ws, fix_spelling=False)[1]
