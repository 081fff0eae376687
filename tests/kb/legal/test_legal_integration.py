"""Integration on the real files in ../shared: compendium subset, procedure links, the whole ward table."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from ingestion.legal import parse_topic
from ingestion.legal_build import build_legal
from ingestion.units import build_units
from kb.config import Settings
from kb.legal.links import cite_for_procedure, links_for
from kb.legal.store import LegalStore
from kb.procedures.store import Store
from kb.units.resolve import Resolver, verify_table
from kb.units.table import Units

pytestmark = pytest.mark.integration
TOPICS = (
    "van-ban/hanh-chinh-tu-phap/ho-tich.md",
    "van-ban/hanh-chinh-tu-phap/cap-ban-sao-tu-so-goc-chung-thuc-ban-sao-tu-ban-chinh-chung-thuc-chu-ky.md",
)


@pytest.fixture(scope="module")
def subset(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real topics on civil status and certification, copied to a small file."""
    out = tmp_path_factory.mktemp("legal") / "subset.jsonl"
    with (
        gzip.open(Settings(data_dir=shared_data).legal_file, "rt", encoding="utf-8") as fh,
        out.open("w", encoding="utf-8") as dst,
    ):
        for line in fh:
            if any(f'"source_path": "{t}"' in line[:400] for t in TOPICS):
                dst.write(line)
    return out


def _topic_paths(subset: Path) -> list[str]:
    return [json.loads(ln)["source_path"] for ln in subset.read_text(encoding="utf-8").splitlines()]


def test_real_topics_parse(subset: Path) -> None:
    assert sorted(_topic_paths(subset)) == sorted(TOPICS)
    arts = [
        a
        for ln in subset.read_text(encoding="utf-8").splitlines()
        for a in parse_topic(json.loads(ln)["markdown"], json.loads(ln)["source_path"])
    ]
    by_code = {a.code: a for a in arts}
    a = by_code["15.3.LQ.13"]
    assert a.citation == "Điều 13 Luật 60/2014/QH13" and a.title == "Thẩm quyền đăng ký khai sinh"
    assert a.note is not None and a.note.effective_date == "2016-01-01"
    assert sum(x.parsed_fully for x in arts) / len(arts) > 0.98


def test_procedure_links_and_citation(subset: Path, real_kb: Path, tmp_path: Path) -> None:
    build_legal(subset, tmp_path, workers=1)
    legal = LegalStore(tmp_path).load()
    proc = Store(real_kb).load().get("1.001193")
    assert proc is not None
    status = {x.number: x.status for x in links_for(legal, proc)}
    assert status["60/2014/QH13"] == "document" and status["120/2025/NĐ-CP"] == "not_in_corpus"
    ans = cite_for_procedure(legal, proc)
    assert ans["status"] == "answered"
    assert all(c["citation"] for c in ans["citations"])
    assert any(c["citation"].endswith("Luật 60/2014/QH13") for c in ans["citations"])


def test_whole_ward_table(shared_data: Path, tmp_path: Path) -> None:
    rep = build_units(shared_data, tmp_path)
    assert (rep.provinces, rep.units) == (34, 3321)
    assert rep.rows == 10571 and len(rep.rejected) == 1
    resolver = Resolver(Units(tmp_path).load())
    r = verify_table(resolver)
    assert r["old_units"] == 10039 and r["wrong"] == 0 and r["exact"] == r["old_units"]
    (m,) = resolver.resolve("phuong hang bac hoan kiem ha noi")
    assert [(t.unit.name, t.unit.code, t.how) for t in m.targets] == [
        ("Phường Hoàn Kiếm", "00070", "Nhập toàn bộ")
    ]


@pytest.mark.slow
def test_full_legal_build(shared_data: Path, tmp_path: Path) -> None:
    rep = build_legal(Settings(data_dir=shared_data).legal_file, tmp_path, workers=2)
    assert rep.articles > 48000 and rep.parsed_fully / rep.articles > 0.99
    hits = LegalStore(tmp_path).load().search("thẩm quyền đăng ký khai sinh", k=3)
    assert hits[0].citation == "Điều 13 Luật 60/2014/QH13"
