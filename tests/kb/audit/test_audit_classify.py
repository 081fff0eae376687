"""Verdicts, evidence splitting and rationales on component texts written by us."""

from __future__ import annotations

import pytest

from kb.audit import Classifier, data_first_note
from kb.audit.split import split_spans
from kb.text.normalize import fold, has_diacritics
from tests.audit_support import comp


@pytest.fixture(scope="module")
def clf() -> Classifier:
    return Classifier()


@pytest.mark.parametrize(
    ("text", "field", "verdict", "database"),
    [
        ("Bản sao Giấy khai sinh của người con", "", "replaceable", "ho_tich"),
        ("ban sao giay khai sinh cua nguoi con", "", "replaceable", "ho_tich"),  # typed without accents
        ("Bản sao thẻ Căn cước công dân hoặc Hộ chiếu còn giá trị", "", "replaceable", "dan_cu"),
        ("Bản sao sổ đỏ của thửa đất", "", "replaceable", "dat_dai"),
        ("Phiếu lý lịch tư pháp số 1 cấp chưa quá 6 tháng", "", "replaceable", "ly_lich_tu_phap"),
        ("Bản sao Giấy chứng nhận đăng ký doanh nghiệp", "", "replaceable", "doanh_nghiep"),
        ("Giấy chứng nhận đã cấp (bản gốc)", "Đất đai", "replaceable", "dat_dai"),
        (
            "Giấy khai sinh. Trường hợp không khai thác được thông tin trong Cơ sở dữ liệu hộ tịch điện tử "
            "thì xuất trình bản chính",
            "",
            "already_data_first",
            "ho_tich",
        ),
        (
            "Cơ quan tiếp nhận có trách nhiệm tra cứu thông tin trên Cơ sở dữ liệu quốc gia về dân cư; "
            "người yêu cầu không phải nộp bản sao giấy tờ",
            "",
            "already_data_first",
            "dan_cu",
        ),
        ("Tờ khai đăng ký kết hôn theo mẫu", "", "prefill", "dan_cu"),
        ("Tờ khai đề nghị cấp Giấy xác nhận tình trạng hôn nhân", "", "prefill", "dan_cu"),
        ("Đơn đề nghị theo mẫu ban hành kèm theo Quyết định số 11/2026/QĐ-UBND", "", "prefill", "dan_cu"),
        ("Văn bản đề nghị cơ quan quản lý thu hồi giấy phép lái xe", "", "prefill", "dan_cu"),
        ("Bản sao Giấy phép kinh doanh đã được cấp", "", "reuse_result", "kho_du_lieu"),
        ("Quyết định thành lập của cơ quan có thẩm quyền", "", "reuse_result", "kho_du_lieu"),
        ("Giấy khám sức khỏe do bệnh viện cấp", "", "keep", ""),
        ("Hợp đồng thuê nhà có công chứng", "", "keep", ""),
        ("Sơ đồ vị trí thửa đất", "", "keep", ""),  # "sơ đồ" folds like "sổ đỏ"; the accents decide
        ("Bản sao hộ chiếu của chuyên gia nước ngoài", "", "keep", ""),
        ("Giấy chứng nhận Thực hành tốt do cơ quan có thẩm quyền nước sở tại cấp", "", "keep", ""),
        # outside land procedures "the certificate already issued" is some other result: reusable, not land
        ("Giấy chứng nhận đã cấp", "Y tế", "reuse_result", "kho_du_lieu"),
    ],
)
def test_verdicts(clf: Classifier, text: str, field: str, verdict: str, database: str) -> None:
    f = clf.classify(comp(text), field)
    assert (f.verdict, f.database) == (verdict, database), f.rationale
    assert f.rationale and has_diacritics(f.rationale)
    assert 0 < f.confidence <= 1


def test_notes_by_kind_and_by_text(clf: Classifier) -> None:
    assert clf.classify(comp("Hai bên phải có mặt", 0, 0, kind="note")).verdict == "note"
    assert clf.classify(comp("Số lượng hồ sơ: 01 bộ.")).verdict == "note"
    assert (
        clf.classify(comp("Người mất năng lực hành vi dân sự làm thủ tục thông qua người đại diện")).verdict
        == "note"
    )
    # a note that says the data is looked up is data-first, not a mere note
    f = clf.classify(
        comp(
            "Lưu ý: Việc nộp Giấy khai sinh chỉ thực hiện trong trường hợp cơ quan tiếp nhận "
            "không thể khai thác được thông tin trong Cơ sở dữ liệu hộ tịch điện tử",
            0,
            0,
            "note",
        )
    )
    assert (f.verdict, f.database) == ("already_data_first", "ho_tich")


def test_composite_is_split_and_partial(clf: Classifier) -> None:
    f = clf.classify(comp("Sơ yếu lý lịch cá nhân (theo mẫu) và Phiếu lý lịch tư pháp số 1", 1, 1))
    assert [p.verdict for p in f.parts] == ["keep", "replaceable"]
    assert f.verdict == "replaceable" and f.partial and f.papers_saved == 0
    assert f.evidence == "Phiếu lý lịch tư pháp"
    whole = clf.classify(comp("Bản sao Giấy khai sinh", 0, 2))
    assert not whole.partial and whole.papers_saved == 2 and whole.copies == 2


def test_soft_connectors_split_only_before_a_paper(clf: Classifier) -> None:
    text = "Giấy chứng nhận quyền sử dụng đất, quyền sở hữu nhà ở và tài sản khác gắn liền với đất"
    f = fold(text)
    assert len(split_spans(f, lambda s, a, b: clf.heads.starts_at(s, text, a, b))) == 1
    text2 = "Tờ khai theo mẫu; bản sao Giấy khai sinh - Giấy khám sức khỏe"
    f2 = fold(text2)
    spans = split_spans(f2, lambda s, a, b: clf.heads.starts_at(s, text2, a, b))
    assert [text2[a:b] for a, b in spans] == [
        "Tờ khai theo mẫu",
        "bản sao Giấy khai sinh",
        "Giấy khám sức khỏe",
    ]


def test_zero_quantities_count_as_one_paper(clf: Classifier) -> None:
    f = clf.classify(comp("Bản sao Giấy khai sinh", 0, 0))
    assert f.papers == 1 and f.papers_saved == 1


def test_deterministic(clf: Classifier) -> None:
    c = comp("Bản sao thẻ căn cước; Giấy khám sức khỏe; Tờ khai theo mẫu")
    assert clf.classify(c) == clf.classify(c) == Classifier().classify(c)


def test_data_first_note_only_for_data_first_text() -> None:
    data_first = comp(
        "Giấy xác nhận tình trạng hôn nhân; trường hợp không khai thác được thông tin trong Cơ sở "
        "dữ liệu hộ tịch điện tử thì xuất trình bản chính"
    )
    note = data_first_note(data_first)
    assert (
        note is not None and "Cơ sở dữ liệu hộ tịch điện tử" in note and "không phải nộp/xuất trình" in note
    )
    assert data_first_note(comp("Bản sao Giấy khai sinh")) is None  # replaceable in law ≠ data-first today
    assert data_first_note(comp("Giấy khám sức khỏe")) is None
