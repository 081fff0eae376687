"""Tests for kb.text: tokenizer, stopwords, lexicon, speech clean-up, light import."""

from __future__ import annotations

import subprocess
import sys

import pytest

from kb.text import TOKENIZER_VERSION, Analyzer


@pytest.fixture(scope="module")
def an() -> Analyzer:
    return Analyzer.load(None)


def test_import_is_light() -> None:
    code = (
        "import sys, kb.text;"
        "heavy = {'faiss','torch','underthesea','sentence_transformers'} & set(sys.modules);"
        "print(sorted(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_version_names_the_tokenizer(an: Analyzer) -> None:
    assert TOKENIZER_VERSION.startswith("vi-mm-")
    assert an.version == TOKENIZER_VERSION


def test_compounds_joined_and_stopwords_dropped(an: Analyzer) -> None:
    toks = an.tokens("Cho em hỏi thủ tục cấp lại Giấy chứng nhận quyền sử dụng đất như thế nào ạ?")
    assert toks == ["thủ_tục", "cấp_lại", "giấy_chứng_nhận", "quyền_sử_dụng_đất"]


def test_tokens_deterministic_and_nfd_safe(an: Analyzer) -> None:
    import unicodedata

    text = "Xác nhận tình trạng hôn nhân để đăng ký kết hôn với người nước ngoài"
    nfd = unicodedata.normalize("NFD", text)
    assert an.tokens(text) == an.tokens(text) == an.tokens(nfd)
    assert "tình_trạng_hôn_nhân" in an.tokens(text)
    assert "người_nước_ngoài" in an.tokens(text)


def test_content_words_survive_stopwords(an: Analyzer) -> None:
    toks = an.tokens("cấp đổi, cấp mới, hủy, không có yếu tố nước ngoài")
    for w in ("cấp_đổi", "cấp_mới", "hủy", "không", "yếu_tố_nước_ngoài"):
        assert w in toks
    assert an.tokens("đổi lại giấy mới") == ["đổi", "lại", "giấy", "mới"]


def test_codes_and_numbers_kept_whole(an: Analyzer) -> None:
    assert an.tokens("Nghị định 104/2022/NĐ-CP, thủ tục 1.001193") == [
        "nghị_định", "104/2022/nđ-cp", "thủ_tục", "1.001193",
    ]


def test_tone_placement_is_canonical(an: Analyzer) -> None:
    assert an.tokens("hoá đơn, thuỷ sản, huỷ bỏ") == an.tokens("hóa đơn, thủy sản, hủy bỏ")
    assert an.tokens("quý") == ["quý"]


def test_folded_tokens_match_accented_and_plain(an: Analyzer) -> None:
    a = an.folded_tokens("Đăng ký khai sinh cho con như thế nào?")
    b = an.folded_tokens("dang ky khai sinh cho con nhu the nao")
    assert a == b == ["dang_ky", "khai_sinh", "con"]


def test_folded_path_keeps_colliding_content_words(an: Analyzer) -> None:
    # "còn" is a stopword but folds to "con" (child): the folded path must keep "con".
    assert an.tokens("đăng ký cho con còn nhỏ") == ["đăng_ký", "con", "nhỏ"]
    assert an.folded_tokens("dang ky cho con con nho") == ["dang_ky", "con", "con", "nho"]
    # "có" folds to "co", which is kept out: standalone "co" in documents is almost always "có".
    assert "co" not in an.folded_tokens("có mất phí không")


@pytest.mark.parametrize(
    ("query", "official"),
    [
        ("làm sổ đỏ", "giấy chứng nhận quyền sử dụng đất"),
        ("lam so do", "giấy chứng nhận quyền sử dụng đất"),
        ("đổi bằng lái xe", "giấy phép lái xe"),
        ("doi bang lai xe", "giấy phép lái xe"),
        ("nhập hộ khẩu cho con", "thường trú"),
        ("xin giấy chứng tử", "khai tử"),
        ("xac nhan doc than", "xác nhận tình trạng hôn nhân"),
        ("làm lại CCCD", "căn cước"),
    ],
)
def test_lexicon_appends_official_terms(an: Analyzer, query: str, official: str) -> None:
    out = an.normalize_query(query)
    assert out.endswith(official) or official in out
    # The citizen's own words are kept.
    assert out.startswith(" ".join(query.lower().split()[:1]))


def test_lexicon_does_not_fold_accented_words(an: Analyzer) -> None:
    # "cười" (laugh) folds like "cưới" (marry) but was typed with its own diacritics.
    assert an.normalize_query("kể chuyện cười") == "kể chuyện cười"
    assert an.normalize_query("muốn cưới vợ").endswith("kết hôn")
    assert an.normalize_query("muon cuoi vo").endswith("kết hôn")


def test_ambiguous_plain_entry_needs_its_context(an: Analyzer) -> None:
    # Typed without diacritics "cuoi" may be cưới, cười or cuối: only paperwork words make it cưới.
    assert "kết hôn" not in an.normalize_query("ke cho toi mot cau chuyen cuoi")
    assert "kết hôn" not in an.normalize_query("nam cuoi cung")
    assert an.normalize_query("dang ky cuoi o dau").endswith("kết hôn")
    assert an.normalize_query("cuoi can giay to gi").endswith("kết hôn")
    # Unambiguous plain phrases need no context.
    assert an.normalize_query("so do").endswith("giấy chứng nhận quyền sử dụng đất")


def test_lexicon_file_context_column() -> None:
    from kb.text import resources

    by_key = {e.colloquial: e for e in resources.lexicon()}
    assert "đăng ký" in by_key["cưới"].context and by_key["sổ đỏ"].context == ()


def test_speech_text_cleanup(an: Analyzer) -> None:
    q = "alo alo cho em hỏi là là con em mười bốn tuổi thì làm căn cước ở đâu ạ"
    out = an.normalize_query(q)
    assert out.startswith("con em 14 tuổi thì làm căn cước ở đâu")
    assert "alo" not in out and "ạ" not in out.split()


def test_numbers_in_words() -> None:
    from kb.text.speech import numbers_to_digits

    def conv(s: str) -> str:
        return " ".join(numbers_to_digits(s.split()))

    assert conv("hai mươi lăm nghìn đồng") == "25000 đồng"
    assert conv("một trăm linh năm ngày") == "105 ngày"
    assert conv("sáu tháng tuổi") == "6 tháng tuổi"
    assert conv("năm 2025") == "năm 2025"
    assert conv("bộ phận một cửa") == "bộ phận một cửa"
    assert conv("lý lịch tư pháp") == "lý lịch tư pháp"
    assert conv("ba mẹ") == "ba mẹ"
