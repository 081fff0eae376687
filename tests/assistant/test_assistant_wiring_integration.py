"""The legal, ward and audit hooks over the built var/kb (`make build`); in CI a missing build fails."""

from __future__ import annotations

import os
import re

import pytest

from assistant import compose
from assistant.service import Assistant
from assistant.settings import ServingSettings
from assistant.startup import load_services
from assistant.types import UNITS_SECTION, Channel
from kb.audit import data_first_note
from kb.legal.articles import number_key
from kb.legal.links import basis_number

pytestmark = pytest.mark.integration

CITATION = re.compile(r"^Điều \d+[a-zđ]? (?:Luật|Nghị định|Thông tư|Bộ luật|Nghị quyết|Quyết định) \S+/\S+$")


@pytest.fixture(scope="module")
def built() -> Assistant:
    """The assistant over var/kb with its search indexes, legal collection and unit map."""
    settings = ServingSettings()
    missing = [p for p in ("index", "legal", "units") if not (settings.kb_dir / p).is_dir()]
    if missing:
        msg = f"{', '.join(missing)} not built in {settings.kb_dir} (run make build)"
        if os.environ.get("CI"):
            pytest.fail(msg)
        pytest.skip(msg)
    services = load_services(settings)
    assert services.healthy, services.missing
    a = services.require_assistant()
    assert {"audit_notes", "legal_articles", "units_understand", "units_answer"} <= set(a.hooks)
    return a


def test_legal_basis_cites_existing_compendium_articles(built: Assistant) -> None:
    r = built.ask("căn cứ pháp lý của thủ tục đăng ký kết hôn")
    assert r.status == "answered" and r.aspect == "legal_basis"
    arts = [c for c in r.citations if c.kind == "legal_article"]
    proc = built.procedures.get("1.000894")
    assert arts and proc is not None and built.legal is not None
    assert any(c.citation.endswith(("Nghị định 123/2015/NĐ-CP", "Luật 60/2014/QH13")) for c in arts)
    bases = {number_key(basis_number(b)) for b in proc.legal_bases}
    for c in arts:  # which articles rank first is kb.legal.links' business; each must be real and a basis's
        assert CITATION.match(c.citation), c.citation
        article = built.legal.get(c.article_code)
        assert article is not None and article.citation == c.citation and c.citation in r.answer
        assert article.note is not None and number_key(article.note.document_number) in bases
    assert built.facts.unknown_refs(r.answer) == []
    assert [c for c in r.citations if c.kind == "legal_basis"]  # the record's bases are still cited


@pytest.mark.parametrize("channel", ["web", "voice", "agent"])
def test_old_ward_names_the_new_unit_from_the_table(built: Assistant, channel: Channel) -> None:
    r = built.ask("tôi ở phường Hàng Bạc quận Hoàn Kiếm cũ thì đăng ký khai sinh ở đâu", None, channel)
    assert r.status == "answered" and r.procedure and r.procedure[0] == "1.001193"
    first = r.blocks[0]
    assert first.section == UNITS_SECTION and "nay thuộc Phường Hoàn Kiếm, Thành phố Hà Nội" in first.items[0]
    assert "Ủy ban nhân dân phường Hoàn Kiếm" in first.items[2]
    assert "Hoàn Kiếm" in r.answer and built.facts.unknown_refs(r.answer) == []


def test_ward_follow_up_keeps_the_procedure(built: Assistant) -> None:
    first = built.ask("đăng ký khai sinh nộp ở đâu", "wiring-ward")
    assert first.procedure and first.procedure[0] == "1.001193"
    r = built.ask("tôi ở phường Hàng Bạc cũ quận Hoàn Kiếm", "wiring-ward")
    assert r.status == "answered" and r.procedure == first.procedure
    assert "Phường Hoàn Kiếm" in r.answer


def test_audit_notes_fire_and_keep_every_document(built: Assistant) -> None:
    r = built.ask("thủ tục 1.001193 cần giấy tờ gì")
    assert r.status == "answered" and r.aspect == "documents" and "audit_notes" in r.timings
    proc = built.procedures.get("1.001193")
    assert proc is not None
    notes = [n for n in (data_first_note(c) for c in proc.documents) if n]
    assert notes and notes[0] in r.answer
    (docs,) = [b for b in r.blocks if b.aspect == "documents"]
    assert docs.items == compose.documents(proc)
    assert all(i in r.answer or i.startswith("[") for i in docs.items)
