"""Dense retrieval: an ``Embedder`` Protocol (sentence-transformers for real, hashing fake) and FAISS.

Vectors are L2-normalised, so FAISS inner product is cosine similarity. Small collections use an
exact ``Flat`` index; from ``HNSW_MIN_ROWS`` vectors on, an ``HNSW32`` graph (46k procedure chunks,
top 150: ~0.2 ms instead of ~2 ms per query, 98.6 % of the exact top 150, 99.5 % of the top 30).

A model that is a bare sentence-transformers ``StaticEmbedding`` (the embedded default) is run
without torch: token ids from its ``tokenizers`` file, mean of the embedding rows, L2 norm — the
same vectors as ``SentenceTransformer.encode`` (tests compare them), without its per-call overhead.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt

FArray = npt.NDArray[np.float32]
FLAT = "Flat"  # exact; metric: inner product everywhere
HNSW_FACTORY = "HNSW32"  # graph index for large collections
HNSW_MIN_ROWS = 20_000
HNSW_EF_CONSTRUCTION = 80
HNSW_EF_SEARCH = 256  # search breadth (k=150: 98.6 % of the exact top 150); see docs/retrieval.md
FAISS_FACTORY = FLAT  # the default of VectorIndex.build (kept for callers that build flat indexes)


def faiss_factory(n_rows: int) -> str:
    """The FAISS factory string a collection of ``n_rows`` vectors is built with."""
    return HNSW_FACTORY if n_rows >= HNSW_MIN_ROWS else FLAT


class DenseModelError(RuntimeError):
    """The configured dense model cannot be loaded (message says what to do)."""


class Embedder(Protocol):
    """Turns texts into L2-normalised float32 vectors."""

    @property
    def id(self) -> str: ...  # stable identity stored in index manifests
    @property
    def dim(self) -> int: ...
    def encode(self, texts: list[str]) -> FArray: ...


def _normalise(x: FArray) -> FArray:
    n = np.linalg.norm(x, axis=1, keepdims=True)
    out: FArray = (x / np.maximum(n, 1e-12)).astype(np.float32)
    return out


_STATIC_TYPE = "sentence_transformers.sentence_transformer.modules.static_embedding.StaticEmbedding"


class StaticBag:
    """A bare ``StaticEmbedding`` model in numpy: mean of token vectors, L2-normalised."""

    def __init__(self, tokenizer: Any, weights: FArray) -> None:
        self.tokenizer = tokenizer
        self.weights = weights
        # A whitespace-split word-level vocabulary (the embedded model's) maps words to ids directly
        # for plain ASCII text, where Python's and the tokenizer's whitespace agree.
        self._vocab: dict[str, int] | None = None
        self._unk = 0
        from tokenizers import models, pre_tokenizers

        model = tokenizer.model
        if (isinstance(model, models.WordLevel) and tokenizer.normalizer is None
                and isinstance(tokenizer.pre_tokenizer, pre_tokenizers.WhitespaceSplit)):
            vocab = tokenizer.get_vocab()
            if model.unk_token in vocab:
                self._vocab, self._unk = vocab, vocab[model.unk_token]

    @classmethod
    def from_folder(cls, path: Path) -> StaticBag | None:
        """The model in ``path`` when it is exactly one StaticEmbedding with no prompt, else None."""
        try:
            modules = json.loads((path / "modules.json").read_text(encoding="utf-8"))
            conf_path = path / "config_sentence_transformers.json"
            conf = json.loads(conf_path.read_text(encoding="utf-8")) if conf_path.exists() else {}
        except (OSError, ValueError):
            return None
        if len(modules) != 1 or modules[0].get("type") != _STATIC_TYPE or modules[0].get("path"):
            return None
        if conf.get("default_prompt_name") or conf.get("truncate_dim"):
            return None
        if not (path / "model.safetensors").exists() or not (path / "tokenizer.json").exists():
            return None
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer

        weights = load_file(str(path / "model.safetensors")).get("embedding.weight")
        if weights is None or weights.ndim != 2:
            return None
        tok = Tokenizer.from_file(str(path / "tokenizer.json"))
        tok.no_padding()
        tok.no_truncation()
        return cls(tok, np.ascontiguousarray(weights, dtype=np.float32))

    @property
    def dim(self) -> int:
        return int(self.weights.shape[1])

    def encode(self, texts: list[str]) -> FArray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        vocab, unk = self._vocab, self._unk
        for i, text in enumerate(texts):
            if vocab is not None and text.isascii() and text.isprintable():
                ids = [vocab.get(w, unk) for w in text.split(" ") if w]
            else:
                ids = self.tokenizer.encode(text, add_special_tokens=False).ids
            if ids:
                out[i] = self.weights[ids].mean(axis=0)
        return _normalise(out)


class SentenceTransformerEmbedder:
    """Any sentence-transformers model from a local folder (never downloads: HF_HUB_OFFLINE).

    A bare ``StaticEmbedding`` model runs through :class:`StaticBag` (numpy, no torch import)."""

    def __init__(self, path: Path, model_id: str | None = None, *, fast: bool = True) -> None:
        self.path = Path(path)
        self._id = model_id or f"st:{self.path.name}"
        self._model: Any = None
        self._fast = fast

    def load(self) -> SentenceTransformerEmbedder:
        """Load the model; :class:`DenseModelError` when the folder is missing or unusable."""
        if not (self.path / "modules.json").exists() and not (self.path / "config.json").exists():
            raise DenseModelError(
                f"không tìm thấy mô hình dense tại {self.path} (TTHC_DENSE_MODEL); "
                "đặt đường dẫn tới một thư mục sentence-transformers, hoặc để trống để dùng mô hình "
                "nhúng sẵn do 'tthc build' huấn luyện"
            )
        if self._fast:
            try:
                self._model = StaticBag.from_folder(self.path)
            except Exception as exc:  # unreadable weights or tokenizer: one readable error
                raise DenseModelError(f"không tải được mô hình dense {self.path}: {exc}") from exc
            if self._model is not None:
                return self
        import os

        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        from sentence_transformers import SentenceTransformer

        try:
            self._model = SentenceTransformer(str(self.path), device="cpu", local_files_only=True)
        except Exception as exc:  # any loading failure becomes one readable error
            raise DenseModelError(f"không tải được mô hình dense {self.path}: {exc}") from exc
        return self

    @property
    def id(self) -> str:
        return self._id

    @property
    def dim(self) -> int:
        if self._model is None:
            self.load()
        if isinstance(self._model, StaticBag):
            return self._model.dim
        return int(self._model.get_embedding_dimension())

    def encode(self, texts: list[str]) -> FArray:
        if self._model is None:
            self.load()
        if isinstance(self._model, StaticBag):
            return self._model.encode(texts)
        vecs = self._model.encode(texts, batch_size=256, convert_to_numpy=True,
                                  normalize_embeddings=True, show_progress_bar=False)
        return np.asarray(vecs, dtype=np.float32)


class HashingEmbedder:
    """Deterministic fake: hashed bag of lower-cased words and bigrams; no model, for tests."""

    def __init__(self, dim: int = 256) -> None:
        self._dim = dim

    @property
    def id(self) -> str:
        return f"hashing-{self._dim}"

    @property
    def dim(self) -> int:
        return self._dim

    def encode(self, texts: list[str]) -> FArray:
        out = np.zeros((len(texts), self._dim), dtype=np.float32)
        for i, t in enumerate(texts):
            w = t.lower().split()
            for tok in w + [f"{a} {b}" for a, b in zip(w, w[1:], strict=False)]:
                h = int.from_bytes(hashlib.blake2b(tok.encode(), digest_size=4).digest(), "little")
                out[i, h % self._dim] += 1.0
        return _normalise(out)


class VectorIndex:
    """FAISS inner-product index over normalised vectors (row i = chunk i)."""

    def __init__(self, index: Any) -> None:
        self._index = index

    @classmethod
    def build(cls, vectors: FArray, factory: str = FAISS_FACTORY) -> VectorIndex:
        """Index ``vectors``; an HNSW graph is built on one thread, so builds are reproducible."""
        import faiss

        idx = faiss.index_factory(vectors.shape[1], factory, faiss.METRIC_INNER_PRODUCT)
        threads = faiss.omp_get_max_threads()
        if hasattr(idx, "hnsw"):
            idx.hnsw.efConstruction = HNSW_EF_CONSTRUCTION
            faiss.omp_set_num_threads(1)
        try:
            idx.add(np.ascontiguousarray(vectors, dtype=np.float32))
        finally:
            faiss.omp_set_num_threads(threads)
        out = cls(idx)
        out._tune()
        return out

    def _tune(self) -> None:
        if hasattr(self._index, "hnsw"):
            self._index.hnsw.efSearch = HNSW_EF_SEARCH

    @property
    def factory(self) -> str:
        """The factory string of the loaded index ("Flat", "HNSW32"), as manifests record it."""
        import faiss

        idx: Any = self._index
        if isinstance(idx, faiss.IndexHNSWFlat):
            # layers above 0 keep M neighbours per node (layer 0 keeps 2·M)
            hnsw: Any = idx.hnsw
            return f"HNSW{int(hnsw.nb_neighbors(1))}"
        if isinstance(idx, faiss.IndexFlat):
            return FLAT
        return type(idx).__name__

    def search(self, queries: FArray, k: int) -> tuple[FArray, npt.NDArray[np.int64]]:
        k = min(k, int(self._index.ntotal))
        sims, ids = self._index.search(np.ascontiguousarray(queries, dtype=np.float32), k)
        return sims, ids

    def save(self, path: Path) -> None:
        import faiss

        faiss.write_index(self._index, str(path))

    @classmethod
    def load(cls, path: Path, threads: int = 1) -> VectorIndex:
        """Read the index; one thread by default (OpenMP spinning costs more than it saves on
        single queries on a busy 2-core machine)."""
        import faiss

        faiss.omp_set_num_threads(threads)
        out = cls(faiss.read_index(str(path)))
        out._tune()
        return out

    def __len__(self) -> int:
        return int(self._index.ntotal)


class PreprocessedEmbedder:
    """An embedder whose model reads pre-processed text (the embedded default: folded terms)."""

    def __init__(self, inner: Embedder, prep: Callable[[str], str]) -> None:
        self.inner = inner
        self.prep = prep

    @property
    def id(self) -> str:
        return self.inner.id

    @property
    def dim(self) -> int:
        return self.inner.dim

    def encode(self, texts: list[str]) -> FArray:
        return self.inner.encode([self.prep(t) for t in texts])
