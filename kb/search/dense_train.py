"""Train the embedded default dense model on our own corpus: no download, a couple of minutes on CPU.

Recipe: a word-level tokenizer (HF ``tokenizers``) over the analyzer's folded syllables and
syllable bigrams, a sentence-transformers ``StaticEmbedding`` (mean of token vectors) on top, trained
with ``MultipleNegativesRankingLoss`` on pairs derived from the corpus: name fragments → name
(short citizen-style queries), section text → name. Texts are pre-processed the same way at query
time by :class:`EmbeddedEmbedder`, so the model is accent-insensitive.
"""

from __future__ import annotations

import json
import random
import shutil
import time
from pathlib import Path
from typing import Any

from kb.search.collection import replace_dir
from kb.staging import make_staging
from kb.text.analysis import TextAnalyzer, index_terms

RECIPE = "static-wordlevel-mnrl-1"
DIM = 256
MODEL_INFO = "tthc_model.json"


MODEL_INPUT_TERMS = 400


def model_input(an: TextAnalyzer, text: str) -> str:
    """What the embedded model reads: folded syllables and bigrams, space-separated."""
    return " ".join(index_terms(an, text)[:MODEL_INPUT_TERMS])


def _pairs(chunks: list[Any], rng: random.Random, per_name: int = 3) -> list[tuple[str, str]]:
    """(anchor, positive) texts: name fragments → name; each section's text → name."""
    pairs: list[tuple[str, str]] = []
    seen: set[str] = set()
    for c in chunks:
        if c.section == "name":
            if c.doc_id in seen:
                continue
            seen.add(c.doc_id)
            words = c.text.split()
            for _ in range(per_name if len(words) > 3 else 1):
                n = rng.randint(2, max(2, min(len(words), 8)))
                i = rng.randint(0, max(0, len(words) - n))
                pairs.append((" ".join(words[i:i + n]), c.text))
        else:
            pairs.append((c.text[:600], c.title))
    rng.shuffle(pairs)
    return pairs


def _tokenizer(corpus: list[str]) -> Any:
    from tokenizers import Tokenizer, models, pre_tokenizers, trainers

    tok = Tokenizer(models.WordLevel(unk_token="[UNK]"))
    tok.pre_tokenizer = pre_tokenizers.WhitespaceSplit()
    trainer = trainers.WordLevelTrainer(vocab_size=60000, min_frequency=2,
                                        special_tokens=["[PAD]", "[UNK]"])
    tok.train_from_iterator(corpus, trainer=trainer)
    return tok


def train_default_model(chunks: list[Any], out_dir: Path, analyzer: TextAnalyzer, *,
                        corpus_hash: str, epochs: int = 1, batch_size: int = 256, seed: int = 13,
                        max_pairs: int = 60000, progress: bool = False) -> dict[str, Any]:
    """Train (or keep, when ``corpus_hash`` and recipe match) the embedded model in ``out_dir``."""
    out_dir = Path(out_dir)
    info_path = out_dir / MODEL_INFO
    if info_path.exists():
        old = json.loads(info_path.read_text(encoding="utf-8"))
        if old.get("corpus_hash") == corpus_hash and old.get("recipe") == RECIPE:
            return {**old, "skipped": True}
    import torch
    from sentence_transformers import SentenceTransformer
    from sentence_transformers.sentence_transformer.losses import MultipleNegativesRankingLoss
    from sentence_transformers.sentence_transformer.modules import StaticEmbedding

    t0 = time.perf_counter()
    torch.manual_seed(seed)
    rng = random.Random(seed)
    pairs = [(model_input(analyzer, a), model_input(analyzer, b))
             for a, b in _pairs(chunks, rng)[:max_pairs]]
    tok = _tokenizer([b for _, b in pairs] + [a for a, _ in pairs])
    model = SentenceTransformer(modules=[StaticEmbedding(tok, embedding_dim=DIM)], device="cpu")
    loss_fn = MultipleNegativesRankingLoss(model)
    opt = torch.optim.Adam(model.parameters(), lr=0.02)
    model.train()
    losses: list[float] = []
    for _ in range(epochs):
        for i in range(0, len(pairs) - batch_size + 1, batch_size):
            batch = pairs[i:i + batch_size]
            feats = [model.preprocess([a for a, _ in batch]), model.preprocess([b for _, b in batch])]
            loss = loss_fn(feats, torch.zeros(0))
            opt.zero_grad()
            loss.backward()
            opt.step()
            losses.append(float(loss.detach()))
    model.eval()
    info = {"recipe": RECIPE, "corpus_hash": corpus_hash, "dim": DIM, "pairs": len(pairs),
            "vocab": tok.get_vocab_size(), "epochs": epochs, "steps": len(losses),
            "loss_first": round(losses[0], 3) if losses else None,
            "loss_last": round(sum(losses[-20:]) / max(1, len(losses[-20:])), 3),
            "input": "kb.text.analysis.index_terms (folded syllables + bigrams)",
            "seconds": round(time.perf_counter() - t0, 1)}
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = make_staging(out_dir.parent, f"{out_dir.name}-")
    try:
        model.save(str(staging))
        (staging / MODEL_INFO).write_text(json.dumps(info, indent=2), encoding="utf-8")
        replace_dir(staging, out_dir)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return info
