"""Resolve a free-text (old or new) address to 2025 units: exact, no-diacritics and fuzzy input."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from kb.procedures.schema import LEVEL_LABELS
from kb.units.fuzzy import NearIndex
from kb.units.table import (
    DISTRICT_TYPES,
    PROVINCE_TYPES,
    WARD_TYPES,
    Conversion,
    Match,
    NewUnit,
    Target,
    Units,
    core,
    normalize_query,
)

MAX_WORDS = 12
_TYPE_WORDS = {w for t in (*WARD_TYPES, *DISTRICT_TYPES, *PROVINCE_TYPES) for w in t.split()} | {
    "cu",
    "moi",
    "o",
    "toi",
    "thuoc",
    "nay",
    "truoc",
    "day",
    "nop",
    "ho",
    "so",
    "dau",
}


@dataclass(frozen=True, slots=True)
class _Entry:
    kind: str  # "old" | "new"
    key: str  # old_key or new code
    type: str  # folded unit type
    district: tuple[str, str]  # (type, core) of the old district
    provinces: tuple[str, ...]  # folded cores of the old and new province names
    name: str = ""  # lower-case name with diacritics: breaks ties such as "Sa Pa" / "Sa Pả"


def _find(words: list[str], phrase: str, used: set[int]) -> tuple[int, int] | None:
    """Position (start, end) of ``phrase`` in ``words`` avoiding ``used`` positions."""
    p = phrase.split()
    for i in range(len(words) - len(p) + 1):
        if words[i : i + len(p)] == p and not used & set(range(i, i + len(p))):
            return i, i + len(p)
    return None


class Resolver:
    """Indexes unit names by their folded core ("hang bac") and scores candidates against a query."""

    def __init__(self, units: Units) -> None:
        self.units = units
        self.old = units.old_units()
        self.by_core: dict[str, list[_Entry]] = defaultdict(list)
        for key, rows in self.old.items():
            r = rows[0]
            t, c = core(r.old_name, WARD_TYPES)
            new_prov = core(units.provinces.get(units.units[r.new_code].province_code, ""), PROVINCE_TYPES)[1]
            provs = (core(r.old_province, PROVINCE_TYPES)[1], new_prov)
            dist = core(r.old_district, DISTRICT_TYPES)
            if c:
                self.by_core[c].append(_Entry("old", key, t, dist, provs, r.old_name.lower()))
            elif dist[1]:  # a whole district turned into a special zone: findable by the district name
                self.by_core[dist[1]].append(_Entry("old", key, dist[0], ("", ""), provs))
        for u in units.units.values():
            t, c = core(u.name, WARD_TYPES)
            self.by_core[c].append(
                _Entry("new", u.code, t, ("", ""), (core(u.province, PROVINCE_TYPES)[1],), u.name.lower())
            )
        self._near = NearIndex(self.by_core)
        # District/province names: words they cover need no fuzzy ward-name lookup.
        self.places = {
            d
            for e in (x for v in self.by_core.values() for x in v)
            for d in (e.district[1], *e.provinces)
            if d
        }

    def resolve(self, query: str, limit: int = 10) -> list[Match]:
        """Best matches, best first; several old units only when the query cannot tell them apart."""
        words = normalize_query(query).split()
        if not words:
            return []
        exact = self._candidates(words)
        covered = {i for _, (a, b) in exact for i in range(a, b)}
        for n in range(1, 5):
            for i in range(len(words) - n + 1):
                if " ".join(words[i : i + n]) in self.places:
                    covered.update(range(i, i + n))
        scored = self._score(words, exact) + self._score(words, self._fuzzy(words, covered), penalty=0.75)
        lower = " ".join(query.lower().split())
        scored = [(s + (0.05 if e.name and e.name in lower else 0.0), e) for s, e in scored]
        if not scored:
            return []
        best = max(s for s, _ in scored)
        top = [e for s, e in scored if s >= best - 1e-9]
        return [self._match(e, best) for e in top[:limit]]

    def _candidates(self, words: list[str]) -> list[tuple[_Entry, tuple[int, int]]]:
        out = []
        for n in range(1, min(MAX_WORDS, len(words)) + 1):
            for i in range(len(words) - n + 1):
                phrase = " ".join(words[i : i + n])
                for e in self.by_core.get(phrase, ()):
                    out.append((e, (i, i + n)))
        return out

    def _fuzzy(self, words: list[str], covered: set[int]) -> list[tuple[_Entry, tuple[int, int]]]:
        """Near spellings ("hang bacc") for spans no exact name covers and that are not type words."""
        skip = covered | {i for i, w in enumerate(words) if w in _TYPE_WORDS}
        out: list[tuple[_Entry, tuple[int, int]]] = []
        for n in range(1, min(3, len(words)) + 1):
            for i in range(len(words) - n + 1):
                phrase = " ".join(words[i : i + n])
                if len(phrase) < 4 or skip & set(range(i, i + n)):
                    continue
                for c in self._near.close(phrase, n=3, cutoff=0.85):
                    out.extend((e, (i, i + n)) for e in self.by_core[c])
        return out

    def _score(
        self, words: list[str], cands: list[tuple[_Entry, tuple[int, int]]], penalty: float = 0.0
    ) -> list[tuple[float, _Entry]]:
        best: dict[tuple[str, str], float] = {}
        entries: dict[tuple[str, str], _Entry] = {}
        for e, (i, j) in cands:
            tw = e.type.split()
            typed = bool(tw) and i >= len(tw) and words[i - len(tw) : i] == tw
            if words[i].isdigit() and not typed:
                continue  # "Phường 1" needs its type word, or "quận 1" would match it
            s = 1.0 + 0.5 * typed + 0.01 * (j - i) - penalty
            used = set(range(i, j))
            if e.district[1]:
                pos = _find(words, e.district[1], used)
                dt = e.district[0].split()
                typed_d = (
                    bool(pos)
                    and bool(dt)
                    and pos is not None
                    and words[max(0, pos[0] - len(dt)) : pos[0]] == dt
                )
                if pos and (typed_d or not e.district[1].isdigit()):
                    # "quận Tân Bình" beats "Bình Thạnh" read across "Tân Bình, Thành phố …"
                    s += 2.0 if typed_d else 1.5
                    used |= set(range(*pos))
            if any(p and _find(words, p, used) for p in e.provinces):
                s += 1.0
            if e.kind == "new":
                s += 0.25  # a current name as written wins over an old unit of the same name
            k = (e.kind, e.key)
            if s > best.get(k, -1.0):
                best[k], entries[k] = s, e
        return sorted(((s, entries[k]) for k, s in best.items()), key=lambda x: -x[0])

    def old_key_of(self, m: Match) -> str:
        """The table identity of an old-unit match (see :attr:`Conversion.old_key`)."""
        return m.key

    def _match(self, e: _Entry, score: float) -> Match:
        if e.kind == "new":
            u = self.units.units[e.key]
            return Match(
                "new", u.name, u.code, "", u.province, (Target(u, "Đơn vị hiện hành"),), score, u.code
            )
        rows: list[Conversion] = self.old[e.key]
        r = rows[0]
        targets = tuple(Target(self.units.units[x.new_code], x.how) for x in rows)
        return Match(
            "old",
            r.old_name or r.old_district,
            r.old_code,
            r.old_district,
            r.old_province,
            targets,
            round(score, 2),
            e.key,
        )


def agency_for(unit: NewUnit, level: str = "xa") -> str:
    """Where procedures of ``level`` (xa | tinh | trung_uong) are filed for someone living in ``unit``."""
    if level == "tinh":
        return f"Trung tâm Phục vụ hành chính công {unit.province} (hoặc cơ quan cấp tỉnh nêu trong thủ tục)"
    if level == "trung_uong":
        return "cơ quan trung ương nêu trong thủ tục (nhiều thủ tục nộp trực tuyến trên Cổng Dịch vụ công)"
    kind = unit.type if unit.type in ("phường", "xã", "đặc khu") else "xã"
    return (
        f"Ủy ban nhân dân {kind} {unit.name.split(' ', 1)[-1] if kind != 'đặc khu' else unit.name}"
        f" hoặc Trung tâm phục vụ hành chính công {unit.name} ({unit.province})"
    )


def where_to_submit(resolver: Resolver, address: str, level: str = "xa") -> dict[str, object]:
    """Answer "tôi ở phường X cũ thì nộp hồ sơ ở đâu": the new unit(s) and the agency for ``level``.

    ``level`` is the procedure's level (``Procedure.levels``: xa, tinh, trung_uong); commune-level
    procedures go to the new commune's People's Committee or public-service centre.
    """
    label = LEVEL_LABELS.get(level, LEVEL_LABELS["xa"])
    matches = resolver.resolve(address)
    if not matches:
        return {
            "status": "not_found",
            "text": "Không tìm thấy đơn vị hành chính phù hợp; "
            "xin cho biết thêm tên phường/xã, quận/huyện và tỉnh/thành phố.",
            "matches": [],
        }
    if len(matches) > 1 or matches[0].split:
        opts = [f"{t.unit.name}, {t.unit.province} ({t.how})" for m in matches for t in m.targets]
        return {
            "status": "clarification",
            "matches": [m.to_dict() for m in matches],
            "text": "Địa chỉ cũ của anh/chị nay thuộc một trong các đơn vị sau, xin cho biết cụ thể: "
            + "; ".join(opts)
            + (
                ". Thủ tục cấp xã nộp tại UBND hoặc Trung tâm phục vụ hành chính công của xã/phường mới"
                " nơi anh/chị cư trú."
                if level == "xa"
                else f". Thủ tục {label} nộp tại {agency_for(matches[0].targets[0].unit, level)}."
            ),
        }
    m = matches[0]
    t = m.targets[0]
    old = f"{m.name} ({m.district}, {m.province}) " if m.kind == "old" else ""
    return {
        "status": "answered",
        "matches": [m.to_dict()],
        "text": f"{old}nay thuộc {t.unit.name}, {t.unit.province} (mã {t.unit.code}; {t.how.lower()}). "
        f"Thủ tục hành chính {label} nộp tại {agency_for(t.unit, level)}.",
    }


def verify_table(resolver: Resolver) -> dict[str, object]:
    """Resolve every old unit of the table by "name, district, province" and compare with the table.

    ``exact``: the old unit is the only answer and its new units are exactly the table's;
    ``ambiguous``: it is among several equally good answers (same name in the same district), with
    the right new units; ``wrong``: missing, or different new units (examples listed).
    """
    exact = ambiguous = 0
    wrong: list[str] = []
    for key, rows in resolver.old.items():
        r = rows[0]
        q = ", ".join(x for x in (r.old_name, r.old_district, r.old_province) if x)
        want = {x.new_code for x in rows}
        ms = resolver.resolve(q, limit=50)
        hit = [m for m in ms if m.kind == "old" and resolver.old_key_of(m) == key]
        if hit and {t.unit.code for t in hit[0].targets} == want:
            if len(ms) == 1:
                exact += 1
            else:
                ambiguous += 1
        else:
            wrong.append(f"{q} → {[m.name for m in ms][:3]}")
    return {
        "old_units": len(resolver.old),
        "exact": exact,
        "ambiguous": ambiguous,
        "wrong": len(wrong),
        "wrong_examples": wrong[:20],
    }
