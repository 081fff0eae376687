"""Diacritic restoration: syllable trigram counts with Witten-Bell smoothing, decoded by Viterbi."""

from __future__ import annotations

import gzip
import json
import math
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path

from kb.text.normalize import fold
from kb.text.segment import is_syllable, words

MODEL_FILE = "restorer.json.gz"
FORMAT = "syllable-trigram-1"
BOS = "<s>"
MAX_CANDIDATES = 8  # most frequent accented forms kept per folded syllable
MIN_SHARE = 0.0005  # a candidate spelling needs this share of its folded form's top count
MIN_COUNT = 3  # ... and this many occurrences (rarer spellings are mostly typos)
BEAM = 8  # Viterbi states kept per position


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
    out: list[str] = []
    cur: list[str] = []
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
        # Witten-Bell needs, per context, its count and its number of distinct followers.
        self.types2: Counter[str] = Counter(k.partition(" ")[0] for k in bi)
        self.types3: Counter[str] = Counter()
        self.count3: Counter[str] = Counter()
        for k, c in tri.items():
            ctx = k.rpartition(" ")[0]
            self.types3[ctx] += 1
            self.count3[ctx] += c
        self._p1_denominator = self.total + len(uni)
        cands: dict[str, list[str]] = {}
        for w in sorted(uni, key=lambda x: (-uni[x], x)):
            if w != BOS:
                cands.setdefault(fold(w), []).append(w)
        # Rare spellings of a folded syllable are mostly typos in the portal text ("đươc", "hoăc").
        self.candidates = {
            k: [w for w in v[:MAX_CANDIDATES] if w == v[0] or uni[w] >= max(MIN_COUNT, MIN_SHARE * uni[v[0]])]
            for k, v in cands.items()
        }

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
        """Write the counts as gzip JSON in ``out_dir`` (atomically replacing an older model)."""
        out_dir.mkdir(parents=True, exist_ok=True)
        path = out_dir / MODEL_FILE
        tmp = path.with_name(path.name + ".tmp")
        data = {"format": FORMAT, "uni": self.uni, "bi": self.bi, "tri": self.tri}
        with gzip.open(tmp, "wt", encoding="utf-8", compresslevel=6) as f:
            json.dump(data, f, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
        tmp.replace(path)  # atomic: a reader sees the old model or the new one
        return path

    @classmethod
    def load(cls, model_dir: Path) -> Restorer:
        """Read a model written by :meth:`save`."""
        with gzip.open(model_dir / MODEL_FILE, "rt", encoding="utf-8") as f:
            data = json.load(f)
        if data.get("format") != FORMAT:
            raise ValueError(f"unsupported restorer format {data.get('format')!r} in {model_dir}")
        return cls(data["uni"], data["bi"], data["tri"])

    def _p1(self, w: str) -> float:
        """Add-one unigram probability."""
        return (self.uni.get(w, 0) + 1) / self._p1_denominator

    def _score(self, u: str, v: str, w: str) -> float:
        """log P(w | u v), Witten-Bell interpolation of trigram, bigram and unigram estimates."""
        p = self._p1(w)
        t2 = self.types2.get(v, 0)
        if t2:
            p = (self.bi.get(f"{v} {w}", 0) + t2 * p) / (self.uni[v] + t2)
        ctx = f"{u} {v}"
        t3 = self.types3.get(ctx, 0)
        if t3:
            p = (self.tri.get(f"{ctx} {w}", 0) + t3 * p) / (self.count3[ctx] + t3)
        return math.log(p)

    def restore_run(self, folded: list[str], fixed: dict[int, str] | None = None) -> list[str]:
        """Most likely accented syllables for one run of folded syllables (trigram Viterbi, beam).

        ``fixed`` maps positions to syllables that must be kept (typed with their diacritics).
        The scoring is :meth:`_score` inlined, with per-context values computed once per state.
        """
        if not folded:
            return []
        uni, bi, tri = self.uni, self.bi, self.tri
        types2, types3, count3 = self.types2, self.types3, self.count3
        log, denominator = math.log, self._p1_denominator
        # States keyed by the last two syllables; each keeps its score and a back-pointer chain.
        beam: dict[tuple[str, str], tuple[float, tuple[str, object] | None]] = {(BOS, BOS): (0.0, None)}
        for i, syl in enumerate(folded):
            options = [fixed[i]] if fixed and i in fixed else self.candidates.get(syl) or [syl]
            p1 = [(w, (uni.get(w, 0) + 1) / denominator) for w in options]
            nxt: dict[tuple[str, str], tuple[float, tuple[str, object] | None]] = {}
            for (u, v), (score, back) in beam.items():
                t2 = types2.get(v, 0)
                c2 = uni.get(v, 0) + t2
                ctx = f"{u} {v}"
                t3 = types3.get(ctx, 0)
                c3 = count3.get(ctx, 0) + t3
                for w, p in p1:
                    if t2:
                        p = (bi.get(f"{v} {w}", 0) + t2 * p) / c2
                    if t3:
                        p = (tri.get(f"{ctx} {w}", 0) + t3 * p) / c3
                    s = score + log(p)
                    key = (v, w)
                    old = nxt.get(key)
                    if old is None or s > old[0]:
                        nxt[key] = (s, (w, back))
            if len(nxt) > BEAM:
                nxt = dict(sorted(nxt.items(), key=lambda kv: kv[1][0], reverse=True)[:BEAM])
            beam = nxt
        best: object = max(beam.values(), key=lambda sb: sb[0])[1]
        out: list[str] = []
        while best is not None:
            w, best = best  # type: ignore[misc]
            out.append(w)
        return out[::-1]

    def restore(self, text: str) -> str:
        """Restore diacritics of syllables typed without them; accented syllables and other words stay."""
        out: list[str] = []
        run: list[str] = []
        for w in words(text):
            if is_syllable(w):
                run.append(w)
            else:
                out.extend(self._restore_mixed(run))
                run = []
                out.append(w)
        out.extend(self._restore_mixed(run))
        return " ".join(out)

    def _restore_mixed(self, run: list[str]) -> list[str]:
        """Restore a run in which syllables already carrying diacritics are kept as typed."""
        fixed = {i: w for i, w in enumerate(run) if fold(w) != w}
        if not fixed:
            return self.restore_run(run)
        return self.restore_run([fold(w) for w in run], fixed)
