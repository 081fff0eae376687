"""Loaders for the text-processing data files in kb/data (stopwords, compounds, colloquial lexicon)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from kb.text.normalize import clean, fold
from kb.text.tones import canonical_tones

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
STOPWORDS_FILE = "stopwords_vi.txt"
DOMAIN_FILE = "compounds_domain.txt"
GENERAL_FILE = "compounds_vi.txt"
LEXICON_FILE = "colloquial_vi.tsv"
FOLD_KEEP_FILE = "stopwords_fold_keep.txt"
# Files whose content changes the tokens; their hash is part of the tokenizer version.
TOKEN_FILES = (STOPWORDS_FILE, DOMAIN_FILE, GENERAL_FILE, FOLD_KEEP_FILE)


@dataclass(frozen=True, slots=True)
class LexiconEntry:
    """One colloquial → official mapping from the lexicon file."""

    colloquial: str
    official: str
    comment: str
    # When typed without diacritics the phrase is ambiguous ("cuoi": cưới, cười, cuối), so it counts
    # only if the question also holds one of these words (4th column, "|"-separated); () = always.
    context: tuple[str, ...] = ()


def _lines(name: str) -> list[str]:
    """Non-empty, non-comment lines of a data file, NFC-cleaned and lower-cased."""
    path = DATA_DIR / name
    if not path.exists():
        return []
    out = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = "\t".join(canonical_tones(clean(part).lower()) for part in raw.split("\t")).strip()
        if line and not line.startswith("#"):
            out.append(line)
    return out


def data_lines(name: str) -> list[str]:
    """Content lines of a data file in kb/data (comments and blanks dropped, lower-cased)."""
    return _lines(name)


def _phrase(line: str) -> str:
    """A phrase as single-space-separated syllables ("_" in a data line counts as a space)."""
    return " ".join(line.replace("_", " ").split())


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    """Stopwords as joined tokens ("như_thế_nào")."""
    return frozenset(_phrase(w).replace(" ", "_") for w in _lines(STOPWORDS_FILE))


@lru_cache(maxsize=1)
def compounds() -> frozenset[str]:
    """Multi-syllable dictionary entries (space-separated) from all compound files and stopwords."""
    words: set[str] = set()
    for name in (GENERAL_FILE, DOMAIN_FILE, STOPWORDS_FILE):
        for line in _lines(name):
            p = _phrase(line.split("\t")[0])
            if " " in p:
                words.add(p)
    return frozenset(words)


@lru_cache(maxsize=1)
def domain_compounds() -> frozenset[str]:
    """Multi-syllable entries of the domain dictionary and stopwords (preferred on ties)."""
    words = (_phrase(line) for name in (DOMAIN_FILE, STOPWORDS_FILE) for line in _lines(name))
    return frozenset(w for w in words if " " in w)


@lru_cache(maxsize=1)
def lexicon() -> tuple[LexiconEntry, ...]:
    """The colloquial lexicon, longest colloquial phrase first."""
    entries = []
    for line in _lines(LEXICON_FILE):
        parts = [p.strip() for p in line.split("\t")]
        if len(parts) < 2 or not parts[0] or not parts[1]:
            continue
        context = tuple(_phrase(c) for c in parts[3].split("|") if c.strip()) if len(parts) > 3 else ()
        entries.append(LexiconEntry(_phrase(parts[0]), _phrase(parts[1]), parts[2] if len(parts) > 2 else "",
                                    context))
    entries.sort(key=lambda e: (-len(fold(e.colloquial).split()), e.colloquial))
    return tuple(entries)


@lru_cache(maxsize=1)
def data_hash() -> str:
    """Short content hash of the files that decide tokens (goes into the tokenizer version)."""
    h = hashlib.sha256()
    for name in TOKEN_FILES:
        path = DATA_DIR / name
        h.update(name.encode())
        h.update(path.read_bytes() if path.exists() else b"")
    return h.hexdigest()[:8]


@lru_cache(maxsize=1)
def fold_keep() -> frozenset[str]:
    """Folded stopwords that are also content syllables once accents are gone ("thì" → "thi": exam)."""
    return frozenset(_lines(FOLD_KEEP_FILE))
