"""Per-procedure metadata of a loaded collection: same-name variants, their level order, filters."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from kb.procedures.levels import LEVEL_ORDER, name_key
from kb.search.collection import Collection
from kb.search.dense import FArray
from kb.text.normalize import fold


@dataclass
class DocTable:
    """Per-procedure metadata aligned with the collection's document rows."""

    names: list[str]
    levels: list[tuple[str, ...]]
    fields: list[str]
    agencies: list[tuple[str, ...]]
    level_rank: FArray
    keys: list[str]  # folded name without the level/province note in brackets
    key_ids: npt.NDArray[np.int64]  # same key ↔ same id (same-name variants)

    @classmethod
    def of(cls, col: Collection) -> DocTable:
        """The table of ``col``'s documents, from each document's first chunk's metadata."""
        meta: dict[str, dict[str, Any]] = {}
        for c in col.chunks:
            meta.setdefault(c.doc_id, c.meta())
        names = [str(meta[d].get("name", "")) for d in col.doc_ids]
        levels = [tuple(meta[d].get("levels", ())) for d in col.doc_ids]
        rank = np.array([min((LEVEL_ORDER.get(x, 3) for x in lv), default=3) for lv in levels],
                        dtype=np.float32)
        keys = [name_key(n) for n in names]
        ids: dict[str, int] = {}
        key_ids = np.array([ids.setdefault(x, len(ids)) for x in keys], dtype=np.int64)
        return cls(names, levels, [str(meta[d].get("field", "")) for d in col.doc_ids],
                   [tuple(meta[d].get("agencies", ())) for d in col.doc_ids], rank, keys, key_ids)

    def order_variants(self, cand: Any, scores: FArray, pref: str | None, bonus: float) -> None:
        """Same-name procedures (one per level/province) share their best score, then the level
        the question names (or else the citizen-nearest level: xã, tỉnh, trung ương) goes first,
        ``bonus`` apart. Changes ``scores`` in place."""
        kid = self.key_ids[cand].tolist()
        if len(set(kid)) == len(kid):  # no two candidates share a name
            return
        groups: dict[int, list[int]] = {}
        for d, key in zip(cand.tolist(), kid, strict=True):
            groups.setdefault(key, []).append(d)
        for members in groups.values():
            if len(members) < 2:
                continue
            top = max(float(scores[d]) for d in members)
            for d in members:
                rank = -1.0 if pref and pref in self.levels[d] else float(self.level_rank[d])
                scores[d] = top - bonus * (rank + 1)

    def filter_mask(self, level: str | None, field: str | None, agency: str | None) -> Any:
        """Documents at ``level``, in a field containing ``field``, run by an agency containing
        ``agency`` (accent-insensitive; each filter only when given)."""
        mask = np.ones(len(self.names), dtype=bool)
        if level:
            mask &= np.array([level in lv for lv in self.levels])
        if field:
            f = fold(field)
            mask &= np.array([f in fold(x) for x in self.fields])
        if agency:
            a = fold(agency)
            mask &= np.array([any(a in fold(x) for x in ag) for ag in self.agencies])
        return mask
