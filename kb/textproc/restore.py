"""Diacritic restoration: syllable trigram counts with stupid backoff, decoded by Viterbi."""

from __future__ import annotations

import gzip
import json
import math
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path

from kb.text import fold
from kb.textproc.segment import is_syllable, words

MODEL_FILE = "restorer.json.gz"
FORMAT = "syllable-trigram-1"
BOS = "<s>"
BACKOFF = math.log(0.4)  # stupid-backoff penalty per order dropped
MAX_CANDIDATES = 8  # most frequent accented forms kept per folded syllable


def runs(text: str) -> Iterator[list[str]]:
    """Runs of lower-case syllables; numbers, codes and punctuation split runs."""
    for piece in _split_sentences(text):
        run: list[str] = []
        for w in words(piece):
            if is_syllable(w):
                run.append(w)
            elif run:
                yield run
                run = []
        if run:
            yield run


def _split_sentences(text: str) -> list[str]:
    out, cur = [], []
    for ch in text:
        if ch in ".;:!?\n()[]\"“”":
            out.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
    out.append("".join(cur))
    return out


class Restorer:
    """Restores diacritics of folded Vietnamese syllables with a trained n-gram model."""

    def __init__(self, uni: dict[str, int], bi: dict[str, int], tri: dict[str, int]) -> None:
        self.uni, self.bi, self.tri = uni, bi, tri
        self.total = sum(uni.values()) or 1
        self.log_total = math.log(self.total + len(uni) + 1)
        cands: dict[str, list[str]] = {}
        for w in sorted(uni, key=lambda x: (-uni[x], x)):
            if w != BOS:
                cands.setdefault(fold(w), []).append(w)
        self.candidates = {k: v[:MAX_CANDIDATES] for k, v in cands.items()}

    @classmethod
    def train(cls, texts: Iterable[str], min_tri: int = 2) -> Restorer:
        """Count syllable unigrams, bigrams and trigrams (trigrams seen < ``min_tri`` times dropped)."""
        uni: Counter[str] = Counter()
        bi: Counter[str] = Counter()
        tri: Counter[str] = Counter()
        for text in texts:
            for run in runs(text):
                seq = [BOS, BOS, *run]
                uni.update(seq[1:])
                bi.update(f"{a} {b}" for a, b in zip(seq[1:], seq[2:], strict=False))
                tri.update(f"{a} {b} {c}" for a, b, c in zip(seq, seq[1:], seq[2:], strict=False))
        bi[f"{BOS} {BOS}"] = uni[BOS]  # context count of sentence-initial trigrams
        tri_kept = {k: v for k, v in tri.items() if v >= min_tri}
        return cls(dict(uni), dict(bi), tri_kept)

    def save(self, out_dir: Path) -> Path:
        """Write the counts as gzip JSON in ``out_dir``."""
        out_dir.mkdir(parents=True, exist_ok=True)
        path = out_dir / MODEL_FILE
        data = {"format": FORMAT, "uni": self.uni, "bi": self.bi, "tri": self.tri}
        with gzip.open(path, "wt", encoding="utf-8", compresslevel=6) as f:
            json.dump(data, f, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
        return path

    @classmethod
    def load(cls, model_dir: Path) -> Restorer:
        """Read a model written by :meth:`save`."""
        with gzip.open(model_dir / MODEL_FILE, "rt", encoding="utf-8") as f:
            data = json.load(f)
        if data.get("format") != FORMAT:
            raise ValueError(f"unsupported restorer format {data.get('format')!r} in {model_dir}")
        return cls(data["uni"], data["bi"], data["tri"])

    def _score(self, u: str, v: str, w: str) -> float:
        """log P(w | u v) with stupid backoff to bigram and add-one unigram."""
        c = self.tri.get(f"{u} {v} {w}")
        if c:
            return math.log(c / self.bi[f"{u} {v}"])
        c = self.bi.get(f"{v} {w}")
        if c:
            return BACKOFF + math.log(c / self.uni[v])
        return 2 * BACKOFF + math.log(self.uni.get(w, 0) + 1) - self.log_total

    def restore_run(self, folded: list[str]) -> list[str]:
        """Most likely accented syllables for one run of folded syllables (trigram Viterbi)."""
        if not folded:
            return []
        # Beam of states keyed by the last two syllables: (u, v) -> (score, path).
        beam: dict[tuple[str, str], tuple[float, list[str]]] = {(BOS, BOS): (0.0, [])}
        for syl in folded:
            options = self.candidates.get(syl) or [syl]
            nxt: dict[tuple[str, str], tuple[float, list[str]]] = {}
            for (u, v), (score, path) in beam.items():
                for w in options:
                    s = score + self._score(u, v, w)
                    key = (v, w)
                    if key not in nxt or s > nxt[key][0]:
                        nxt[key] = (s, path + [w])
            beam = nxt
        return max(beam.values(), key=lambda sp: sp[0])[1]

    def restore(self, text: str) -> str:
        """Restore diacritics of a folded text; non-syllable words are kept as they are."""
        out: list[str] = []
        run: list[str] = []
        for w in words(text):
            if is_syllable(w):
                run.append(fold(w))
            else:
                out.extend(self.restore_run(run))
                run = []
                out.append(w)
        out.extend(self.restore_run(run))
        return " ".join(out)
