"""The citizen's 2025 unit is remembered across turns: a split unit's chosen part answers later
"làm ở đâu?" turns, in memory and in a real Redis session store."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.pipeline import Context, Pipeline
from assistant.service import Assistant, next_state
from assistant.sessions import MemorySessionStore, RedisSessionStore, SessionState, SessionStore
from assistant.types import UNITS_SECTION, Reply, UnitMemory
from kb.procedures.store import Store
from kb.units.resolve import Resolver
from kb.units.table import Units
from tests.assistant.test_assistant_sessions import redis_url  # noqa: F401  (fixture: a real redis-server)
from tests.assistant.test_assistant_wiring import CODE, pipeline_for, proc
from tests.assistant_support import AGENT_CODE, FakeRetriever

SPLIT = f"tôi ở phường Ngọc Hà quận Ba Đình cũ thì nộp hồ sơ {CODE} ở đâu"
OPTIONS = ("00070", "00004")  # Phường Hồ Gươm, Phường Ba Đình (fixture table, both "Nhập một phần")
HO_GUOM = ("Phần Phường Ngọc Hà (Quận Ba Đình, Thành phố Thử Nghiệm) nơi anh/chị cư trú nay thuộc Phường Hồ Gươm, "
           "Thành phố Thử Nghiệm.",
           "Cách sắp xếp: nhập một phần; mã đơn vị mới 00070.",
           "Thủ tục cấp xã nộp tại Ủy ban nhân dân phường Hồ Gươm hoặc Trung tâm phục vụ hành chính công "
           "Phường Hồ Gươm (Thành phố Thử Nghiệm).")


@pytest.fixture(scope="module")
def resolver(agent_kb: Path) -> Resolver:
    """The fixture unit map (built into the agent KB)."""
    return Resolver(Units(agent_kb).load())


def dialogue(pipe: Pipeline, questions: list[str]) -> tuple[list[Reply], SessionState]:
    """Run turns the way ``Assistant.ask`` does: each reply updates the session through next_state."""
    state, replies = SessionState(), []
    for q in questions:
        r = pipe.run(Context(question=q, channel="web", session_id="s", session=state))
        state = next_state(state, r)
        replies.append(r)
    return replies, state


def ward_items(r: Reply) -> tuple[str, ...]:
    return r.blocks[0].items if r.blocks and r.blocks[0].section == UNITS_SECTION else ()


@pytest.mark.parametrize("choice", ["tôi ở phường Hồ Gươm mới", "Hồ Gươm", "tôi ở phần thuộc Hồ Gươm ạ"])
def test_split_choice_is_remembered_for_later_where_questions(resolver: Resolver, choice: str) -> None:
    pipe, _ = pipeline_for(proc(), resolver=resolver)
    (split, picked, fees, where), state = dialogue(pipe, [SPLIT, choice, "lệ phí bao nhiêu?", "làm ở đâu?"])
    assert ward_items(split)[0].endswith("nay thuộc một trong các đơn vị sau:")
    assert picked.status == "answered" and picked.procedure == (CODE, "Thủ tục đăng ký khai sinh")
    assert picked.aspect == "where" and ward_items(picked) == HO_GUOM
    assert fees.aspect == "fees" and not ward_items(fees)  # other aspects: no ward block
    assert where.aspect == "where" and ward_items(where) == HO_GUOM and "Phường Ba Đình" not in where.answer
    assert state.unit == UnitMemory("91:00016", "00070", ())


def test_pending_split_is_asked_again_until_chosen(resolver: Resolver) -> None:
    pipe, _ = pipeline_for(proc(), resolver=resolver)
    (_, again), state = dialogue(pipe, [SPLIT, "làm ở đâu?"])
    first, *opts, ask = ward_items(again)
    assert sorted(opts) == ["Phường Ba Đình, Thành phố Thử Nghiệm (nhập một phần)",
                            "Phường Hồ Gươm, Thành phố Thử Nghiệm (nhập một phần)"]
    assert ask.startswith("Anh/chị cư trú ở phần thuộc đơn vị nào?")
    assert state.unit.old_key == "91:00016" and state.unit.code == "" and sorted(state.unit.options) == sorted(OPTIONS)


def test_a_named_unit_replaces_the_remembered_one(resolver: Resolver) -> None:
    pipe, _ = pipeline_for(proc(), resolver=resolver)
    (*_, moved, where), state = dialogue(pipe, [SPLIT, "Hồ Gươm", "tôi ở phường Hàng Bạc quận Trung Tâm cũ",
                                                f"thủ tục {CODE} nộp ở đâu"])
    assert ward_items(moved)[0].startswith("Phường Hàng Bạc (Quận Trung Tâm")
    assert ward_items(where)[0].startswith("Phường Hàng Bạc (Quận Trung Tâm") and "Ngọc Hà" not in where.answer
    assert state.unit == UnitMemory("91:00061", "00070", ())


def test_a_bare_name_is_not_a_choice_without_a_pending_split(resolver: Resolver) -> None:
    pipe, _ = pipeline_for(proc(), resolver=resolver)
    (_, where), state = dialogue(pipe, [f"thủ tục {CODE}", f"thủ tục {CODE} làm ở đâu, Hồ Gươm"])
    assert where.status == "answered" and not ward_items(where) and state.unit == UnitMemory()


def _assistant(kb: Path, sessions: SessionStore) -> Assistant:
    store = Store(kb).load()
    return Assistant(store, FakeRetriever.from_store(store), sessions, resolver=Resolver(Units(kb).load()))


def _three_turns(a: Assistant, sid: str) -> list[Reply]:
    return [a.ask(q, sid) for q in ("phuong ngoc ha ba dinh dang ky khai sinh cho tre em o dau",
                                    "Ba Đình", "làm ở đâu?")]


@pytest.mark.parametrize("store", ["memory", "redis"])
def test_assistant_sessions_keep_the_choice(agent_kb: Path, request: pytest.FixtureRequest, store: str) -> None:
    sessions: SessionStore = (MemorySessionStore(60) if store == "memory"
                              else RedisSessionStore(request.getfixturevalue("redis_url"), 60, prefix="units:"))
    a = _assistant(agent_kb, sessions)
    split, picked, where = _three_turns(a, "one")
    assert split.procedure == (AGENT_CODE, "Đăng ký khai sinh cho trẻ em theo luật mẫu")
    assert len(ward_items(split)) == 4  # "… một trong các đơn vị sau:", two options, which one?
    assert picked.procedure == split.procedure and ward_items(picked)[0].endswith("nay thuộc Phường Ba Đình, "
                                                                                "Thành phố Thử Nghiệm.")
    assert ward_items(where) == ward_items(picked)
    assert sessions.get("one") is not None and sessions.get("one").unit.code == "00004"  # type: ignore[union-attr]
    # Another session remembers nothing of it.
    other = a.ask(f"thủ tục {AGENT_CODE} làm ở đâu?", "two")
    assert other.status == "answered" and not ward_items(other)
