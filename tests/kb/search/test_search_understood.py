"""Search with the frame (kb.search.understood): clauses, the official-wording expansion, re-ranking."""

from __future__ import annotations

from kb.procedures.schema import Hit
from kb.search.understood import FramedSearch, clauses, frame_search, merge
from kb.text.citizen import question_frame


def hit(code: str, name: str, score: float) -> Hit:
    return Hit(code=code, name=name, score=score, section="name", chunk_id=f"{code}#0", snippet="",
               levels=(), field="")


LAND_NEW = hit("1", "Cấp giấy chứng nhận quyền sử dụng đất lần đầu", 1.0)
LAND_LOST = hit("2", "Cấp lại Giấy chứng nhận quyền sử dụng đất do bị mất", 0.9)
SEAFARER = hit("3", "Cấp lại sổ thuyền viên bị mất", 1.2)


class Recorder:
    """A fake hybrid search: fixed results per query, and the queries it was asked."""

    def __init__(self, results: dict[str, list[Hit]], default: list[Hit] | None = None) -> None:
        self.results, self.default, self.asked = results, default or [], []

    def __call__(self, text: str, k: int) -> list[Hit]:
        self.asked.append(text)
        return list(self.results.get(text, self.default))[:k]


def test_the_frame_reranks_an_everyday_question_onto_the_right_object() -> None:
    question = "làm lại sổ đỏ bị mất"  # the words "bị mất" alone pull the seafarer's book up
    search = Recorder({}, [SEAFARER, LAND_NEW, LAND_LOST])
    found = frame_search(search, question, question_frame(question), 3)
    assert [h.code for h in found][0] == "2"
    assert all(isinstance(h, Hit) for h in found)


def test_the_official_wording_is_searched_when_nothing_names_the_object() -> None:
    question = "làm lại sổ đỏ bị mất"
    search = Recorder({question: [SEAFARER]}, [LAND_LOST])
    found = frame_search(search, question, question_frame(question), 5)
    assert len(search.asked) == 2 and search.asked[1].startswith(question + " ")
    assert "quyền sử dụng đất" in search.asked[1]
    assert found[0].code == "2"  # entered at 0.9 of its score, then the frame decided


def test_each_clause_of_a_narrative_is_searched_too() -> None:
    text = "Nhà tôi ở quê có mảnh đất của bố mẹ. Giờ tôi muốn xin cấp lại sổ đỏ bị mất"
    assert clauses(text) == ["Nhà tôi ở quê có mảnh đất của bố mẹ", "Giờ tôi muốn xin cấp lại sổ đỏ bị mất"]
    assert clauses("đăng ký tạm trú") == []
    search = Recorder({}, [LAND_LOST])
    frame_search(search, text, question_frame(text), 5)
    assert search.asked[:3] == [text, *clauses(text)]


def test_merge_keeps_the_best_score_and_discounts_newcomers() -> None:
    merged = merge([LAND_NEW], [hit("1", LAND_NEW.name, 5.0), LAND_LOST], 0.5)
    assert [(h.code, h.score) for h in merged] == [("1", 1.0), ("2", 0.45)]


class FakeEngine:
    mode = "hybrid"

    def __init__(self) -> None:
        self.filters: list[tuple[str | None, str | None, str | None]] = []

    def search(self, query: str, k: int = 10, *, level: str | None = None, field: str | None = None,
               agency: str | None = None) -> list[Hit]:
        self.filters.append((level, field, agency))
        return [SEAFARER, LAND_NEW, LAND_LOST][:k]


def test_framed_search_has_the_engine_interface_and_passes_filters() -> None:
    engine = FakeEngine()
    framed = FramedSearch(engine)
    found = framed.search("làm lại sổ đỏ bị mất", 2, level="xa")
    assert [h.code for h in found] == ["2", "1"] and framed.mode == "hybrid"
    assert engine.filters and set(engine.filters) == {("xa", None, None)}
