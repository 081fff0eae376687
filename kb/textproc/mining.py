"""Offline mining of the general compound dictionary (kb/data/compounds_vi.txt) from our corpus.

Run ``python -m kb.textproc.mining --kb var/kb`` to regenerate the file; the output is committed so
tokens never depend on what is installed at index-build time. underthesea is used here only.
"""

from __future__ import annotations

import argparse
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from kb.text import clean
from kb.textproc import resources
from kb.textproc.restore import runs
from kb.textproc.segment import is_syllable

MAX_LEN = 4  # longest general compound, in syllables
MIN_COUNT = 3  # a dictionary word must occur this often in the corpus
MIN_UTS = 2  # an underthesea-found compound must be produced this often
MIN_COHESION = 0.2  # share of the rarer syllable's occurrences that fall inside the compound


def ngram_counts(texts: Iterable[str], max_len: int = MAX_LEN) -> Counter[str]:
    """Counts of syllable n-grams (2..max_len) inside runs of the corpus."""
    counts: Counter[str] = Counter()
    for text in texts:
        for run in runs(text):
            for n in range(2, max_len + 1):
                counts.update(" ".join(run[i : i + n]) for i in range(len(run) - n + 1))
    return counts


def viet74k_words() -> set[str]:
    """Multi-syllable lower-case entries of the Viet74K dictionary that ships with underthesea."""
    import underthesea  # heavy: only for offline mining

    path = Path(underthesea.__file__).parent / "corpus" / "data" / "Viet74K.txt"
    out = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        w = " ".join(clean(line).lower().split())
        parts = w.split(" ")
        if 2 <= len(parts) <= MAX_LEN and all(is_syllable(p) for p in parts):
            out.add(w)
    return out


def underthesea_words(sentences: Iterable[str]) -> Counter[str]:
    """Multi-syllable words underthesea's CRF segmenter finds in ``sentences``."""
    from underthesea import word_tokenize

    found: Counter[str] = Counter()
    for s in sentences:
        for w in word_tokenize(s):
            parts = w.lower().split()
            if 2 <= len(parts) <= MAX_LEN and all(is_syllable(p) for p in parts):
                found[" ".join(parts)] += 1
    return found


def syllable_counts(texts: Iterable[str]) -> Counter[str]:
    """Counts of single syllables inside runs of the corpus."""
    counts: Counter[str] = Counter()
    for text in texts:
        for run in runs(text):
            counts.update(run)
    return counts


def mine(texts: list[str], uts_sentences: list[str]) -> tuple[list[str], dict[str, int]]:
    """Compounds = Viet74K ∪ underthesea output, seen in our corpus, glued to function words only if cohesive.

    A dictionary entry that starts or ends with a stopword ("của công", "có ý") mostly glues a
    function word to content under greedy matching; it is kept only when underthesea produced it
    in context or when it is cohesive (``MIN_COHESION``: "bản sao", "cơ quan", "trẻ em").
    """
    counts = ngram_counts(texts)
    syl = syllable_counts(texts)
    dictionary = {w for w in viet74k_words() if counts[w] >= MIN_COUNT}
    uts = underthesea_words(uts_sentences)
    from_uts = {w for w, c in uts.items() if c >= MIN_UTS and counts[w] >= MIN_COUNT}
    stop = {s for s in resources.stopwords() if "_" not in s}

    def keep(w: str) -> bool:
        parts = w.split()
        if any(len(p) == 1 and p.isascii() for p in parts):  # list markers: "a khoản", "điểm b"
            return False
        if not ({parts[0], parts[-1]} & stop) or w in from_uts:
            return True
        return counts[w] >= MIN_COHESION * min(syl[p] for p in parts)

    words = sorted(w for w in dictionary | from_uts if keep(w))
    stats = {"viet74k_in_corpus": len(dictionary), "underthesea": len(from_uts), "kept": len(words)}
    return words, stats


def _spans(tokens: list[str]) -> set[tuple[int, int]]:
    spans, i = set(), 0
    for t in tokens:
        n = len(t.split("_"))
        spans.add((i, i + n))
        i += n
    return spans


def agreement(sentences: Iterable[str], segment: Callable[[list[str]], list[str]]) -> dict[str, float]:
    """Word-span precision/recall/F1 of ``segment`` against underthesea on the same syllables."""
    from underthesea import word_tokenize

    tp = n_ours = n_uts = 0
    for s in sentences:
        uts = [w.lower().replace(" ", "_") for w in word_tokenize(s)]
        uts = [w for w in uts if all(is_syllable(p) for p in w.split("_"))]
        syllables = [p for w in uts for p in w.split("_")]
        ours = segment(syllables)
        a, b = _spans(ours), _spans(uts)
        tp += len(a & b)
        n_ours += len(a)
        n_uts += len(b)
    p, r = tp / max(1, n_ours), tp / max(1, n_uts)
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(2 * p * r / max(1e-9, p + r), 4)}


def _sentences(texts: Iterable[str], limit: int) -> Iterator[str]:
    n = 0
    for t in texts:
        for line in clean(t).split("\n"):
            if line and n < limit:
                n += 1
                yield line


def main(argv: list[str] | None = None) -> None:
    """Regenerate kb/data/compounds_vi.txt from a built knowledge base."""
    from kb.store import Store
    from kb.textproc.training import procedure_texts

    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--kb", type=Path, default=Path("var/kb"))
    ap.add_argument("--uts-sentences", type=int, default=12000)
    args = ap.parse_args(argv)
    procs = list(Store(args.kb).load())
    texts = list(procedure_texts(procs))
    # underthesea sees every name plus the first sentences of components (affordable: ~1 minute).
    uts_input = [p.name for p in procs] + list(
        _sentences((c.text for p in procs for c in p.components), args.uts_sentences)
    )
    t0 = time.perf_counter()
    words, stats = mine(texts, uts_input)
    header = (
        "# General compounds mined by kb.textproc.mining (do not edit by hand; edit compounds_domain.txt).\n"
        f"# Viet74K entries seen >= {MIN_COUNT} times in the corpus, plus underthesea CRF compounds on\n"
        f"# {len(uts_input)} names/components; {stats}\n"
    )
    (resources.DATA_DIR / resources.GENERAL_FILE).write_text(header + "\n".join(words) + "\n", encoding="utf-8")
    print(f"{stats} in {time.perf_counter() - t0:.1f}s")


if __name__ == "__main__":
    main()
