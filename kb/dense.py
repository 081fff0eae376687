"""Dense retrieval: an ``Embedder`` Protocol (sentence-transformers for real, hashing fake) and FAISS.

Vectors are L2-normalised, so FAISS inner product is cosine similarity. The index is flat: our
collections hold tens of thousands of chunks, where exact search costs about a millisecond.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt

FArray = npt.NDArray[np.float32]
FAISS_FACTORY = "Flat"  # metric: inner product


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


class SentenceTransformerEmbedder:
    """Any sentence-transformers model from a local folder (never downloads: HF_HUB_OFFLINE)."""

    def __init__(self, path: Path, model_id: str | None = None) -> None:
        self.path = Path(path)
        self._id = model_id or f"st:{self.path.name}"
        self._model: Any = None

    def load(self) -> SentenceTransformerEmbedder:
        """Load the model; :class:`DenseModelError` when the folder is missing or unusable."""
        if not (self.path / "modules.json").exists() and not (self.path / "config.json").exists():
            raise DenseModelError(
                f"không tìm thấy mô hình dense tại {self.path} (TTHC_DENSE_MODEL); "
                "đặt đường dẫn tới một thư mục sentence-transformers, hoặc để trống để dùng mô hình "
                "nhúng sẵn do 'tthc build' huấn luyện"
            )
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
        return int(self._model.get_embedding_dimension())

    def encode(self, texts: list[str]) -> FArray:
        if self._model is None:
            self.load()
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
    def build(cls, vectors: FArray) -> VectorIndex:
        import faiss

        idx = faiss.index_factory(vectors.shape[1], FAISS_FACTORY, faiss.METRIC_INNER_PRODUCT)
        idx.add(np.ascontiguousarray(vectors, dtype=np.float32))
        return cls(idx)

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
        return cls(faiss.read_index(str(path)))

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
