"""Compendium parsing on fixtures written by us: source notes, articles, chapters, clauses, failures."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ingestion.legal import parse_topic, split_clauses
from ingestion.legal_note import NoteError, parse_note, tidy_number
from kb.legal.articles import LegalArticle, find_numbers, number_key

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "legal_topics.jsonl"


def _articles() -> dict[str, LegalArticle]:
    out: dict[str, LegalArticle] = {}
    for line in FIXTURE.read_text(encoding="utf-8").splitlines():
        d = json.loads(line)
        out.update({a.code: a for a in parse_topic(d["markdown"], d["source_path"])})
    return out


def test_full_note() -> None:
    n = parse_note(
        "(Điều 1 Luật số 24/2018/QH14 An ninh mạng ngày 12/06/2018 của Quốc hội, "
        "có hiệu lực thi hành kể từ ngày 01/01/2019)"
    )
    assert (n.article, n.document_type, n.document_number) == ("1", "Luật", "24/2018/QH14")
    assert (n.document_title, n.issued_date, n.issuer, n.effective_date) == (
        "An ninh mạng",
        "2018-06-12",
        "Quốc hội",
        "2019-01-01",
    )
    assert n.citation == "Điều 1 Luật 24/2018/QH14" and n.amendments == ()


def test_note_with_amendments_and_odd_numbers() -> None:
    n = parse_note(
        "(Điều 25 Luật số 16/1999/QH10, có hiệu lực thi hành kể từ ngày 01/04/2000, có nội dung được "
        "sửa đổi, có nội dung được bổ sung bởi Điều 1 Luật số 72/2014/QH13 có hiệu lực thi hành kể từ "
        "ngày 01/07/2015; Điều 2, Điều 3 Nghị định số 1/2020/NĐ-CP có hiệu lực thi hành "
        "kể từ ngày 01/07/2020)"
    )
    assert [(a.document_number, a.articles, a.effective_date) for a in n.amendments] == [
        ("72/2014/QH13", ("Điều 1",), "2015-07-01"),
        ("1/2020/NĐ-CP", ("Điều 2", "Điều 3"), "2020-07-01"),
    ]
    assert n.amendments[0].action == "được sửa đổi, được bổ sung"
    lt = parse_note(
        "(Điều 14 Thông tư liên tịch số 01/2021/TTLT-TANDTC-VKSNDTC- BCA-BQP, có hiệu lực thi hành "
        "kể từ ngày 01/10/2021)"
    )
    assert (
        lt.document_type == "Thông tư liên tịch"
        and lt.document_number == "01/2021/TTLT-TANDTC-VKSNDTC-BCA-BQP"
    )
    assert (
        parse_note(
            "(Điều 3 Thông tư số liên tịch 144/2007/TTLT-BTC-BNG, có hiệu lực thi hành kể từ ngày 01/01/2008)"
        ).document_type
        == "Thông tư liên tịch"
    )
    assert (
        parse_note(
            "(Điều 2 Nghị định số 50/2022/NĐ_CP, có hiệu lực thi hành kể từ ngày 15/08/2022)"
        ).document_number
        == "50/2022/NĐ-CP"
    )


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (
            "(Điều 2 Pháp lệnh Về Hàm, cấp ngoại giao, có hiệu lực thi hành kể từ ngày 31/05/1995)",
            "note_unrecognised",
        ),
        ("(Điều 1 Thông tư số 55/2010/TT-BCA Quy định về công tác quản lý", "note_no_effective_date"),
        (
            "(Điều 15 Luật số 67/2011/QH12, có hiệu lực thi hành kể từ ngày 01/01/2012, "
            "có nội dung được bãi bỏ theo "
            "quy định tại điểm đ khoản 2 Điều 23 Luật Phí và lệ phí năm 2015)",
            "amendment_unparsed",
        ),
    ],
)
def test_malformed_notes_give_a_reason(raw: str, reason: str) -> None:
    with pytest.raises(NoteError) as exc:
        parse_note(raw)
    assert exc.value.reason == reason


def test_number_variants_share_a_key() -> None:
    keys = {
        number_key(n) for n in ("104/2022/NĐ-CP", "104/2022/nđ-cp", "104 / 2022 / ND_CP", "0104/2022/ND-CP")
    }
    assert keys == {"104/2022/ND-CP"}
    assert number_key("198/2016/TT/BTC") == number_key("198/2016/TT-BTC")
    assert number_key("66.7/2025/NQ-CP") == "66.7/2025/NQ-CP"
    assert find_numbers("Nghị quyết số 17/2026/NQ-CP ngày 12/06/2026") == ["17/2026/NQ-CP"]
    assert tidy_number("01 /2018/TT-NHNN") == "01/2018/TT-NHNN"


def test_topic_articles_chapters_and_citations() -> None:
    arts = _articles()
    assert "9.1.LQ.1" in arts and len(arts) == 11  # the index section and the standalone text add nothing
    a = arts["9.1.LQ.2"]
    assert a.citation == "Điều 13 Luật 99/2030/QH99"
    assert a.chapter_path == ("Chương II ĐĂNG KÝ KHAI SINH", "Mục 1 THẨM QUYỀN")
    assert a.text.startswith("Ủy ban nhân dân cấp xã") and "Điều 9.1.TT" not in a.text
    assert "liên quan đến" not in arts["9.1.LQ.1"].text  # cross-reference notes are removed


def test_glued_heading_multiline_note_and_glued_text() -> None:
    a = _articles()["9.1.TT.1.3"]
    assert a.title == "Thời hạn đăng ký khai sinh" and a.parsed_fully
    assert a.note is not None and a.note.document_number == "01/2032/TT-BTP"
    assert a.note.document_title == "Hướng dẫn về thời hạn đăng ký khai sinh"
    assert a.text.startswith("Trong thời hạn 60 ngày")


def test_clauses_and_points() -> None:
    a = _articles()["9.1.NĐ.1.1"]
    assert [c.number for c in a.clauses] == ["1", "2"]
    assert a.clauses[1].points == (
        ("a", "Cơ quan đăng ký hộ tịch;"),
        ("b", "Cá nhân có yêu cầu đăng ký khai sinh."),
    )
    assert [p.number for p in split_clauses(["Lead text", "1. One", "a) x", "2. Two"])] == ["", "1", "2"]


def test_failures_are_recorded_not_raised() -> None:
    arts = _articles()
    assert arts["9.1.QĐ.1.5"].problems == ("no_source_note",) and arts["9.1.QĐ.1.5"].citation == ""
    assert arts["9.1.PL.1.6"].problems == ("note_unrecognised",)
    assert arts["9.1.NĐ.1.7"].problems == ("amendment_unparsed",)
    assert arts["9.1.LQ.8"].problems == ("empty_text",)
    assert arts["9.1.TT.1.4"].note is not None
    assert arts["9.1.TT.1.4"].note.remarks == ("có hiệu lực thi hành đến ngày 31/12/2040",)


def test_record_round_trip() -> None:
    for a in _articles().values():
        assert LegalArticle.from_dict(json.loads(json.dumps(a.to_dict()))) == a
