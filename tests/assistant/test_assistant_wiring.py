"""Legal-article and 2025-ward hooks in the answer pipeline, on the legal and unit fixtures."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from assistant.facts import KBFacts
from assistant.hooks import install_hooks
from assistant.legal_step import corpus_facts
from assistant.pipeline import Context, Pipeline, Step
from assistant.sessions import SessionState
from assistant.steps import Deps, build_pipeline
from assistant.types import ARTICLES_SECTION, UNITS_SECTION, Block, Candidate, Channel, Reply
from assistant.units_step import strip_place
from ingestion.legal_build import build_legal
from ingestion.units import CONVERSION_FILE, DIVISIONS_FILE, build_units
from kb.legal.store import LegalStore, open_legal
from kb.procedures.schema import LegalBasis, Procedure
from kb.units.resolve import Resolver
from kb.units.table import Units

FIX = Path(__file__).resolve().parents[1] / "fixtures"
CODE = "9.999999"
CORPUS_BASIS = LegalBasis("99/2030/QH99", "Luật Hộ tịch mẫu")
OTHER_BASIS = LegalBasis("5/2099/NĐ-CP", "Nghị định khác")


class NoRetriever:
    """Finds nothing: every test question names the procedure code."""

    def search(self, query: str, k: int = 10, level: str | None = None) -> list[Candidate]:
        return []


def proc(*bases: LegalBasis, levels: tuple[str, ...] = ("xa",), code: str = CODE) -> Procedure:
    return Procedure(
        code=code, name="Thủ tục đăng ký khai sinh", field="Hộ tịch", field_code="", levels=levels,
        agencies=("Ủy ban nhân dân cấp xã",), subjects=(), steps="", methods=(), components=(),
        requirements="", results=(), legal_bases=bases, decision="", issuer="", updated_at=0,
    )


@pytest.fixture(scope="module")
def legal(tmp_path_factory: pytest.TempPathFactory) -> LegalStore:
    kb = tmp_path_factory.mktemp("legal_kb")
    build_legal(FIX / "legal_topics.jsonl", kb, workers=1)
    return open_legal(kb)


@pytest.fixture(scope="module")
def resolver(tmp_path_factory: pytest.TempPathFactory) -> Resolver:
    data = tmp_path_factory.mktemp("units_data")
    (data / "admin-units").mkdir()
    shutil.copy(FIX / "units_conversion.csv", data / CONVERSION_FILE)
    shutil.copy(FIX / "units_divisions.json", data / DIVISIONS_FILE)
    kb = tmp_path_factory.mktemp("units_kb")
    build_units(data, kb)
    return Resolver(Units(kb).load())


def pipeline_for(p: Procedure, legal: LegalStore | None = None,
                 resolver: Resolver | None = None) -> tuple[Pipeline, KBFacts]:
    facts = KBFacts.from_texts([p.code], [f"{b.number} {b.title}" for b in p.legal_bases])
    if legal is not None:
        facts = corpus_facts(legal, facts)
    get = {p.code: p}.get
    pipe = build_pipeline(Deps(get=get, retriever=NoRetriever(), facts=facts))
    install_hooks(pipe, legal, resolver, get)
    return pipe, facts


def run(pipe: Pipeline, q: str, channel: Channel = "web", state: SessionState | None = None) -> Reply:
    return pipe.run(Context(question=q, channel=channel, session_id="t", session=state or SessionState()))


def test_legal_question_cites_corpus_articles_only(legal: LegalStore) -> None:
    pipe, facts = pipeline_for(proc(CORPUS_BASIS, OTHER_BASIS), legal)
    r = run(pipe, f"căn cứ pháp lý thẩm quyền đăng ký khai sinh thủ tục {CODE}")
    assert r.status == "answered" and r.aspect == "legal_basis"
    arts = [c for c in r.citations if c.kind == "legal_article"]
    assert arts and all(c.citation.startswith("Điều ") and "99/2030/QH99" in c.citation for c in arts)
    top = next(c for c in arts if c.citation == "Điều 13 Luật 99/2030/QH99")
    assert (top.article_code, top.effective_date, top.legal_number) == ("9.1.LQ.2", "2031-01-01", "99/2030/QH99")
    assert "Điều 13 Luật 99/2030/QH99 — Thẩm quyền đăng ký khai sinh (hiệu lực từ 01/01/2031)" in r.answer
    assert top.label == "Điều 13 Luật 99/2030/QH99 — Thẩm quyền đăng ký khai sinh (mã pháp điển 9.1.LQ.2)"
    # the record's own bases stay, numbered as the portal gives them
    assert [c.legal_number for c in r.citations if c.kind == "legal_basis"] == ["99/2030/QH99", "5/2099/NĐ-CP"]
    assert facts.unknown_refs(r.answer) == [] and "5/2099" not in " ".join(c.citation for c in arts)


def test_no_article_when_no_basis_is_in_the_corpus(legal: LegalStore) -> None:
    pipe, _ = pipeline_for(proc(OTHER_BASIS), legal)
    r = run(pipe, f"thủ tục {CODE} theo quy định nào")
    assert r.status == "answered" and r.aspect == "legal_basis"
    assert [c.kind for c in r.citations if c.kind == "legal_article"] == []
    assert "Điều " not in r.answer and "Bộ pháp điển" not in r.answer


def test_check_facts_drops_articles_the_corpus_cannot_show(legal: LegalStore) -> None:
    pipe, _ = pipeline_for(proc(CORPUS_BASIS), legal)

    def forged(ctx: Context) -> None:
        ctx.blocks = (*ctx.blocks, Block("legal_basis", "x", (
            "Điều 99 Luật 99/2030/QH99 — không có", "Điều 13 Luật 99/2030/QH99 — có", "Luật 99/2030/QH99"),
            ARTICLES_SECTION))

    pipe.insert_after("legal_articles", Step("forged", forged))
    r = run(pipe, f"căn cứ pháp lý của thủ tục {CODE}")
    items = [i for b in r.blocks if b.title == "x" for i in b.items]
    assert items == ["Điều 13 Luật 99/2030/QH99 — có"]
    assert "Điều 99 Luật" not in r.answer


def test_without_legal_collection_the_answer_is_unchanged(legal: LegalStore, tmp_path: Path) -> None:
    p = proc(CORPUS_BASIS)
    plain, _ = pipeline_for(p)
    assert "legal_articles" not in plain.names and "units_answer" not in plain.names
    base = build_pipeline(Deps(get={CODE: p}.get, retriever=NoRetriever(),
                               facts=KBFacts.from_texts([CODE], ["99/2030/QH99"])))
    q = f"căn cứ pháp lý của thủ tục {CODE}"
    assert run(plain, q).answer == run(base, q).answer
    assert run(pipeline_for(p, legal)[0], q).answer != run(base, q).answer


@pytest.mark.parametrize("channel", ["web", "voice", "agent"])
def test_old_ward_names_the_new_unit_and_commune_agency(resolver: Resolver, channel: Channel) -> None:
    pipe, _ = pipeline_for(proc(), resolver=resolver)
    r = run(pipe, f"tôi ở phường Hàng Bạc quận Trung Tâm cũ thì nộp hồ sơ {CODE} ở đâu", channel)
    assert r.status == "answered" and r.aspect == "where"
    assert r.blocks[0].section == UNITS_SECTION
    assert r.blocks[0].items == (
        "Phường Hàng Bạc (Quận Trung Tâm, Thành phố Thử Nghiệm) nay thuộc Phường Hồ Gươm, Thành phố Thử Nghiệm.",
        "Cách sắp xếp: nhập toàn bộ; mã đơn vị mới 00070.",
        "Thủ tục cấp xã nộp tại Ủy ban nhân dân phường Hồ Gươm hoặc Trung tâm phục vụ hành chính công "
        "Phường Hồ Gươm (Thành phố Thử Nghiệm).",
    )
    assert "Hồ Gươm" in r.answer and "Ủy ban nhân dân phường Hồ Gươm" in r.answer


def test_follow_up_with_only_an_address_uses_the_session_procedure(resolver: Resolver) -> None:
    pipe, _ = pipeline_for(proc(), resolver=resolver)
    state = SessionState(procedure_code=CODE, procedure_name="Thủ tục đăng ký khai sinh")
    r = run(pipe, "tôi ở phường Hàng Bạc quận Trung Tâm cũ thì nộp hồ sơ ở đâu", state=state)
    assert r.status == "answered" and r.procedure == (CODE, "Thủ tục đăng ký khai sinh")
    assert r.blocks[0].section == UNITS_SECTION and "Phường Hồ Gươm" in r.blocks[0].items[0]


def test_split_ward_lists_the_options_and_asks(resolver: Resolver) -> None:
    pipe, _ = pipeline_for(proc(), resolver=resolver)
    r = run(pipe, f"toi o phuong ngoc ha ba dinh, nop ho so {CODE} o dau")
    first, *opts, ask = r.blocks[0].items
    assert first.endswith("nay thuộc một trong các đơn vị sau:")
    assert sorted(opts) == ["Phường Ba Đình, Thành phố Thử Nghiệm (nhập một phần)",
                            "Phường Hồ Gươm, Thành phố Thử Nghiệm (nhập một phần)"]
    assert ask.startswith("Anh/chị cư trú ở phần thuộc đơn vị nào?")


def test_province_level_procedure_names_the_provincial_centre(resolver: Resolver) -> None:
    pipe, _ = pipeline_for(proc(levels=("tinh",)), resolver=resolver)
    r = run(pipe, f"tôi ở phường Hàng Bạc quận Trung Tâm cũ, thủ tục {CODE} nộp ở đâu")
    assert r.blocks[0].items[2] == ("Thủ tục cấp tỉnh nộp tại Trung tâm Phục vụ hành chính công Thành phố "
                                    "Thử Nghiệm (hoặc cơ quan cấp tỉnh nêu trong thủ tục).")


@pytest.mark.parametrize("q", [f"thủ tục {CODE} cấp xã nộp ở đâu", f"thủ tục {CODE} ở phường Hàng Bạc lệ phí bao nhiêu",
                               f"thủ tục {CODE} bảo trợ xã hội nộp ở đâu"])
def test_no_ward_block_without_a_place_or_for_other_aspects(resolver: Resolver, q: str) -> None:
    pipe, _ = pipeline_for(proc(), resolver=resolver)
    r = run(pipe, q)
    assert r.status == "answered" and all(b.section != UNITS_SECTION for b in r.blocks)


def test_place_words_are_kept_out_of_retrieval(resolver: Resolver) -> None:
    q = "tôi ở phường Hàng Bạc quận Trung Tâm cũ thì đăng ký khai sinh ở đâu"
    assert strip_place(q, tuple(resolver.resolve(q))) == "tôi ở thì đăng ký khai sinh ở đâu"


def test_many_same_name_units_ask_for_the_district(resolver: Resolver) -> None:
    from assistant.units_step import unit_items

    (m,) = resolver.resolve("Phường Hàng Bạc, Quận Trung Tâm")
    items = unit_items((m, m, m, m), "xa")
    assert items == ("Tên “Phường Hàng Bạc” ứng với 4 đơn vị ở các địa phương khác nhau; xin cho biết thêm "
                     "quận/huyện và tỉnh/thành phố cũ để xác định phường/xã mới và nơi nộp thủ tục cấp xã.",)


def test_police_procedures_name_the_commune_police(resolver: Resolver) -> None:
    p = proc()
    police = Procedure(**{**{f: getattr(p, f) for f in p.__slots__}, "agencies": ("Công an cấp Xã",)})
    pipe, _ = pipeline_for(police, resolver=resolver)
    r = run(pipe, f"tôi ở phường Hàng Bạc quận Trung Tâm cũ, thủ tục {CODE} nộp ở đâu")
    assert r.blocks[0].items[2] == "Thủ tục cấp xã nộp tại Công an phường Hồ Gươm."


def test_extra_topic_keeps_what_the_legal_question_is_about() -> None:
    from assistant.legal_step import extra_topic

    name = "Thủ tục đăng ký khai sinh"
    assert extra_topic("căn cứ pháp lý về thẩm quyền đăng ký khai sinh", name) == "tham quyen"
    assert extra_topic("văn bản nào quy định lệ phí đăng ký khai sinh", name) == "le phi"
    assert extra_topic("đăng ký khai sinh theo quy định nào?", name) == ""
    assert extra_topic("thế còn căn cứ pháp lý thì sao", name) == ""
