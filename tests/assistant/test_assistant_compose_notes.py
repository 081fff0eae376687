"""The documents checklist: papers first in each case, notes capped and counted, nothing silent."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from assistant.compose import MAX_NOTES, documents
from kb.procedures.store import Store


def test_notes_are_capped_and_counted(small_kb: Path) -> None:
    p = Store(small_kb).load().get("9.000001")
    assert p is not None
    note = next(c for c in p.components if c.kind == "note")
    extra = tuple(replace(note, id=f"n-{i}", text=f"Trường hợp thứ {i} thì ghi chú.") for i in range(6))
    proc = replace(p, components=p.components + extra)
    lines = documents(proc)
    shown_notes = [ln for ln in lines if ln.startswith("Lưu ý:")]
    assert len(shown_notes) == MAX_NOTES
    total_notes = sum(1 for c in proc.components if c.kind == "note")
    assert lines[-1] == f"… và {total_notes - MAX_NOTES} lưu ý khác trong hồ sơ của thủ tục 9.000001."
    for c in proc.documents:  # every paper is listed
        assert any(ln.startswith(c.text) for ln in lines)


def test_papers_come_before_notes_within_a_case(small_kb: Path) -> None:
    p = Store(small_kb).load().get("9.000001")
    assert p is not None
    lines = list(documents(p))
    first = lines.index("[Giấy tờ phải nộp]")
    second = lines.index("[Giấy tờ phải xuất trình]")
    block = lines[first + 1 : second]
    kinds = ["note" if ln.startswith("Lưu ý:") else "doc" for ln in block]
    assert kinds == sorted(kinds)  # "doc" < "note": papers first
    assert kinds.count("doc") == 2 and kinds.count("note") == 1


def test_an_authorisation_case_listed_first_in_the_record_comes_after_the_main_papers(small_kb: Path) -> None:
    p = Store(small_kb).load().get("9.000001")
    assert p is not None
    paper = next(c for c in p.components if c.kind == "document")
    proxy = replace(paper, id="a1", case="Trường hợp ủy quyền thực hiện thủ tục thì kèm theo:", case_index=0,
                    text="Văn bản ủy quyền có chứng thực.")
    group = replace(paper, id="m2", case="", case_index=1, text="Biên bản họp nhóm đối với trường hợp nhóm "
                    "cá nhân thành lập.")
    main = replace(paper, id="m1", case="", case_index=1, position=1, text="Thông báo chấm dứt hoạt động.")
    lines = list(documents(replace(p, components=(proxy, group, main))))
    assert lines[0].startswith("Thông báo chấm dứt hoạt động.")  # everyone's paper, unconditional first
    assert lines[1].startswith("Biên bản họp nhóm")  # "… đối với trường hợp …": conditional
    assert lines[2] == "[Trường hợp ủy quyền thực hiện thủ tục thì kèm theo]" and "Văn bản ủy quyền" in lines[3]
