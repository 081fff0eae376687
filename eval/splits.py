"""Frozen held-out splits by procedure family: the rule, the family keys and the committed split files."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from eval.retrieval import strip_diacritics

VERSION = "tthc-split-v1"
HELDOUT_PERCENT = 40
HERE = Path(__file__).resolve().parent
SPLITS = HERE / "splits"
OWN = HERE / "questions"
RULE = (f"part = heldout when int(sha256('{VERSION}:' + family).hexdigest(), 16) % 100 < {HELDOUT_PERCENT}, "
        "else tune. family: 'oos:<id>' for expect=abstain without gold; else the row's `family`; else the "
        "facts-set family of the first gold code that has one (citizen-questions-facts-dev); else "
        "'name:' + the first gold procedure's name folded (lower case, no diacritics, level words removed).")
_LEVEL = re.compile(r"\b(?:thuc hien tai |thuc hien o )?cap (?:xa|huyen|tinh|trung uong|bo|co so)\b")
_NON_WORD = re.compile(r"[^a-z0-9]+")


@dataclass(frozen=True, slots=True)
class SplitSet:
    """A question set that gets a family split: its name and where its JSONL file lives."""

    name: str
    path: Callable[[Path], Path]  # data_dir → file


SETS: tuple[SplitSet, ...] = (
    SplitSet("facts-dev", lambda d: d / "eval" / "citizen-questions-facts-dev.jsonl"),
    SplitSet("citizen-dev", lambda d: d / "eval" / "citizen-questions-dev.jsonl"),
    SplitSet("egov-faq", lambda d: d / "eval" / "egov-faq-mapped.jsonl"),
    SplitSet("assistant-own", lambda d: OWN / "assistant-questions.jsonl"),
)
OWN_SPLIT = "citizen-own"  # kept as committed: eval/questions/citizen-own-{tune,heldout}.jsonl
PARTS = ("heldout", "tune")


def part_of(family: str) -> str:
    """The frozen rule: "heldout" for about 40 % of family keys, "tune" for the rest."""
    h = int(hashlib.sha256(f"{VERSION}:{family}".encode()).hexdigest(), 16)
    return "heldout" if h % 100 < HELDOUT_PERCENT else "tune"


def fold_name(name: str) -> str:
    """A procedure name as a family key: lower case, no diacritics, no level words, no "thủ tục"."""
    t = strip_diacritics(name).lower()
    t = _NON_WORD.sub(" ", t)
    t = _LEVEL.sub(" ", t)
    t = re.sub(r"^\s*thu tuc\b", " ", t)
    return " ".join(t.split())


def load_jsonl(path: Path) -> list[dict[str, Any]]:
    """Non-empty JSON lines of ``path``."""
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]


def code_families(rows: Iterable[Mapping[str, Any]]) -> dict[str, str]:
    """Gold code → family from a set that names families (the alphabetically first when several)."""
    seen: dict[str, set[str]] = {}
    for r in rows:
        if r.get("family") and r.get("gold"):
            for c in r["gold"]:
                seen.setdefault(c, set()).add(r["family"])
    return {c: min(f) for c, f in seen.items()}


def family_key(row: Mapping[str, Any], by_code: Mapping[str, str], names: Mapping[str, str]) -> str:
    """The family a question belongs to (see ``RULE``); fails when a gold code has no KB name."""
    gold = list(row.get("gold") or ())
    if row.get("expect") == "abstain" and not gold:
        return f"oos:{row['id']}"
    if row.get("family"):
        return str(row["family"])
    for c in gold:
        if c in by_code:
            return by_code[c]
    if not gold:
        raise ValueError(f"{row['id']}: answerable question without gold codes")
    if gold[0] not in names:
        raise KeyError(f"{row['id']}: gold code {gold[0]} is not in the knowledge base")
    return "name:" + fold_name(names[gold[0]])


def build_split(name: str, source: str, family_of: Mapping[str, str]) -> dict[str, Any]:
    """The split document of one set from its question id → family map (ids keep the file order)."""
    parts: dict[str, list[str]] = {p: [] for p in PARTS}
    for qid, fam in family_of.items():
        parts[part_of(fam)].append(qid)
    fams = {p: sorted({family_of[q] for q in parts[p]}) for p in PARTS}
    return {
        "set": name, "source": source, "version": VERSION, "rule": RULE,
        "heldout_percent": HELDOUT_PERCENT,
        "counts": {"questions": len(family_of), **{p: len(parts[p]) for p in PARTS},
                   **{f"families_{p}": len(fams[p]) for p in PARTS}},
        **parts,
        "family_of": dict(family_of),
    }


def own_split() -> dict[str, Any]:
    """The pre-existing split of our own 172 questions, recorded in the same shape (no families)."""
    parts = {p: [str(r["id"]) for r in load_jsonl(OWN / f"citizen-own-{p}.jsonl")] for p in PARTS}
    return {"set": OWN_SPLIT, "source": "eval/questions/citizen-own-{heldout,tune}.jsonl",
            "version": "kept", "rule": "the existing files are the split (made before this rule; kept)",
            "counts": {"questions": sum(len(v) for v in parts.values()), **{p: len(parts[p]) for p in PARTS}},
            **parts}


def freeze(data_dir: Path, names: Mapping[str, str]) -> dict[str, dict[str, Any]]:
    """Split documents of every set (``names``: gold code → procedure name from the KB store)."""
    rows = {s.name: load_jsonl(s.path(data_dir)) for s in SETS}
    by_code = code_families(rows["facts-dev"])
    out = {}
    for s in SETS:
        fam = {str(r["id"]): family_key(r, by_code, names) for r in rows[s.name]}
        src = s.path(data_dir)
        shown = src.relative_to(HERE.parent).as_posix() if src.is_relative_to(HERE.parent) else (
            f"../shared/data/eval/{src.name}")
        out[s.name] = build_split(s.name, shown, fam)
    out[OWN_SPLIT] = own_split()
    return out


def gold_codes(data_dir: Path) -> set[str]:
    """Every gold code of the split sets (what ``freeze`` needs names for)."""
    return {c for s in SETS for r in load_jsonl(s.path(data_dir)) for c in r.get("gold") or ()}


def write_splits(splits: Mapping[str, Mapping[str, Any]], folder: Path = SPLITS) -> list[Path]:
    """Write eval/splits/<set>.json (stable formatting, so a re-freeze shows as no diff)."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, doc in splits.items():
        p = folder / f"{name}.json"
        p.write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        paths.append(p)
    return paths


def load_split(name: str, folder: Path = SPLITS) -> dict[str, Any]:
    """A committed split document; fails when it has not been frozen."""
    p = folder / f"{name}.json"
    if not p.exists():
        raise FileNotFoundError(f"{p} missing: run `python -m eval split` once to freeze it")
    doc: dict[str, Any] = json.loads(p.read_text(encoding="utf-8"))
    return doc


def part_by_id(name: str, folder: Path = SPLITS) -> dict[str, str]:
    """Question id → "heldout" | "tune" for one committed split."""
    doc = load_split(name, folder)
    return {qid: p for p in PARTS for qid in doc[p]}


def tune_ids(name: str, folder: Path = SPLITS) -> set[str]:
    """Ids of a split's tuning part: the only questions whose misses reports may list one by one."""
    return set(load_split(name, folder)["tune"])
