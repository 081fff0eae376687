"""Group unanswered and badly rated questions into labelled topics: embeddings, k-means, top terms."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable
from typing import TypedDict

import numpy as np
import numpy.typing as npt

from assistant.redact import search_text
from kb.text.analysis import QUESTION_WORDS
from kb.text.normalize import fold

FArray = npt.NDArray[np.float32]
Encode = Callable[[list[str]], FArray]
MAX_TOPICS = 20
UNCLEAR = "(không rõ chủ đề)"  # questions with no topic word at all (greetings, "làm ở đâu?")
_WORD = re.compile(r"[^\W\d_]+")
# Words every hotline question carries that name no topic (folded).
_FILLERS = frozenset("thu tuc lam the nao can gi o dau bao lau bao nhieu xin hoi cho em toi minh hom nay".split())


class Topic(TypedDict):
    """One group of questions the KB does not answer well."""

    label: str
    size: int
    examples: list[str]


def choose_k(n: int) -> int:
    """Topics for ``n`` distinct questions: about sqrt(n), at least 1, at most MAX_TOPICS."""
    return max(1, min(MAX_TOPICS, n, round(math.sqrt(n))))


def kmeans(x: FArray, k: int, iters: int = 30, seed: int = 0) -> npt.NDArray[np.int64]:
    """Spherical k-means (rows are unit vectors) with k-means++ seeding; a cluster id per row."""
    rng = np.random.default_rng(seed)
    centres = [x[int(rng.integers(len(x)))]]
    for _ in range(1, k):
        d = np.clip(1.0 - np.max(x @ np.stack(centres).T, axis=1), 0.0, None)
        if float(d.sum()) <= 0.0:
            break
        centres.append(x[int(rng.choice(len(x), p=d / d.sum()))])
    c = np.stack(centres)
    labels = np.zeros(len(x), dtype=np.int64)
    for i in range(iters):
        new = np.argmax(x @ c.T, axis=1).astype(np.int64)
        if i and np.array_equal(new, labels):
            break
        labels = new
        for j in range(len(c)):
            members = x[labels == j]
            if len(members):
                m = members.mean(axis=0)
                c[j] = m / (np.linalg.norm(m) or 1.0)
    return labels


def _words(text: str) -> list[str]:
    """Topic words of a question (lower case, placeholders, question words and fillers removed)."""
    out = []
    for w in _WORD.findall(search_text(text).lower()):
        f = fold(w)
        if len(f) > 1 and f not in QUESTION_WORDS and f not in _FILLERS:
            out.append(w)
    return out


def label(cluster: list[str], all_df: Counter[str], n_docs: int, terms: int = 3) -> str:
    """The cluster's most distinctive words (frequency in the cluster × inverse frequency overall)."""
    tf: Counter[str] = Counter(w for t in cluster for w in set(_words(t)))
    ranked = sorted(tf, key=lambda w: (-tf[w] * math.log(1 + n_docs / all_df[w]), w))
    return " · ".join(ranked[:terms]) or UNCLEAR


def cluster_topics(texts: list[str], encode: Encode, examples: int = 3) -> list[Topic]:
    """Topics of ``texts`` (redacted questions; repeats count), largest first, each with a label, its
    size and ``examples`` distinct questions nearest its centre."""
    counts = Counter(t.strip() for t in texts if t.strip())
    vague = sorted(t for t in counts if not _words(t))  # greetings, bare follow-ups: no topic to embed
    out: list[Topic] = []
    if vague:
        common = sorted(vague, key=lambda t: (-counts[t], t))
        out.append({"label": UNCLEAR, "size": sum(counts[t] for t in vague), "examples": common[:examples]})
    uniq = sorted(t for t in counts if t not in set(vague))
    if not uniq:
        return out
    x = np.asarray(encode(uniq), dtype=np.float32)
    x = x / np.maximum(np.linalg.norm(x, axis=1, keepdims=True), 1e-9)
    labels = kmeans(x, choose_k(len(uniq)))
    df: Counter[str] = Counter(w for t in uniq for w in set(_words(t)))
    for j in sorted(set(labels.tolist())):
        idx = np.flatnonzero(labels == j)
        centre = x[idx].mean(axis=0)
        near = idx[np.argsort(-(x[idx] @ centre), kind="stable")]
        members = [uniq[i] for i in idx]
        core = [uniq[i] for i in near[: max(3, len(near) // 2)]]  # label what the centre is about
        out.append({"label": label(core, df, len(uniq)), "size": sum(counts[m] for m in members),
                    "examples": [uniq[i] for i in near[:examples]]})
    out.sort(key=lambda t: (-t["size"], t["label"]))
    return out
