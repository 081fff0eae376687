"""Tests for diacritic restoration: a small model trained in the test, save/load, Analyzer use."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kb.text import Analyzer, train_restorer
from kb.text.normalize import fold
from kb.text.restore import Restorer, runs
from kb.text.training import syllable_accuracy

SENTENCES = [
    "Đăng ký khai sinh cho trẻ em tại Ủy ban nhân dân cấp xã.",
    "Hồ sơ đăng ký khai sinh gồm tờ khai và giấy chứng sinh.",
    "Đăng ký kết hôn tại Ủy ban nhân dân cấp xã nơi cư trú.",
    "Cấp giấy xác nhận tình trạng hôn nhân cho công dân.",
    "Cấp lại giấy chứng nhận quyền sử dụng đất bị mất.",
    "Người yêu cầu nộp bản sao giấy tờ tùy thân.",
    "Thời hạn giải quyết là ba ngày làm việc.",
    "Lệ phí đăng ký kết hôn được miễn.",
    "Đăng ký thường trú tại cơ quan công an cấp xã.",
    "Đăng ký tạm trú tại cơ quan công an nơi cư trú.",
    "Cấp đổi giấy phép lái xe do ngành giao thông cấp.",
    "Phiếu lý lịch tư pháp do Sở Tư pháp cấp.",
    "Đăng ký khai tử cho người đã chết.",
    "Giấy tờ phải nộp gồm tờ khai theo mẫu.",
    "Cơ quan thực hiện là Ủy ban nhân dân cấp tỉnh.",
    "Trường hợp mất giấy chứng nhận thì cấp lại.",
    "Người từ đủ mười bốn tuổi trở lên làm thẻ căn cước.",
    "Cho em hỏi làm sổ đỏ ở đâu.",
] * 3


@pytest.fixture(scope="module")
def model_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from kb.text.training import train_restorer as train_all

    out = tmp_path_factory.mktemp("restorer")
    train_all(SENTENCES, out, holdout=False)
    return out


def test_train_holds_out_and_writes_manifest(tmp_path: Path) -> None:
    base = SENTENCES[:16]
    many = [f"{a.rstrip('.')} và {b}" for a in base for b in base]  # 256 distinct runs
    metrics = train_restorer(many, tmp_path)
    manifest = json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8"))
    assert manifest == metrics
    assert metrics["format"] == "syllable-trigram-1"
    assert 0 < metrics["heldout_runs"] < metrics["train_runs"] / 5
    assert metrics["heldout_syllables"] > 0
    assert 0.5 < metrics["heldout_syllable_accuracy"] <= 1.0
    assert (tmp_path / "restorer.json.gz").stat().st_size > 100


def test_restores_phrases_seen_in_training(model_dir: Path) -> None:
    r = Restorer.load(model_dir)
    assert r.restore("dang ky khai sinh cho tre em") == "đăng ký khai sinh cho trẻ em"
    expected = "cấp lại giấy chứng nhận quyền sử dụng đất"
    assert r.restore("cap lai giay chung nhan quyen su dung dat") == expected


def test_context_picks_between_candidates(model_dir: Path) -> None:
    # "cap" is "cấp" here; "tu phap" must be "tư pháp" and "to khai" "tờ khai".
    r = Restorer.load(model_dir)
    assert r.restore("phieu ly lich tu phap") == "phiếu lý lịch tư pháp"
    assert r.restore("nop to khai") == "nộp tờ khai"


def test_unknown_words_and_numbers_pass_through(model_dir: Path) -> None:
    r = Restorer.load(model_dir)
    assert r.restore("xyz dang ky 1.001193") == "xyz đăng ký 1.001193"


def test_accented_syllables_are_kept(model_dir: Path) -> None:
    r = Restorer.load(model_dir)
    assert r.restore("dang ky tạm trú") == "đăng ký tạm trú"


def test_syllable_accuracy_counts_syllables(model_dir: Path) -> None:
    r = Restorer.load(model_dir)
    acc, n = syllable_accuracy(r, runs("Đăng ký kết hôn. Lệ phí được miễn."))
    assert n == 8
    assert acc == 1.0


def test_analyzer_restores_only_plain_queries(model_dir: Path) -> None:
    an = Analyzer.load(model_dir)
    assert an.normalize_query("dang ky ket hon o dau") == "đăng ký kết hôn ở đâu"
    assert an.normalize_query("Đăng ký kết hôn") == "đăng ký kết hôn"
    assert fold(an.normalize_query("dang ky ket hon")) == "dang ky ket hon"


def test_plain_speech_query_end_to_end(model_dir: Path) -> None:
    an = Analyzer.load(model_dir)
    out = an.normalize_query("alo alo cho em hoi lam the can cuoc muoi bon tuoi o dau a")
    assert out == "làm thẻ căn cước 14 tuổi ở đâu"
    out = an.normalize_query("lam so do o dau")
    assert out == "làm sổ đỏ ở đâu cấp giấy chứng nhận quyền sử dụng đất"


def test_lexicon_overrides_a_wrong_guess() -> None:
    # A model that only knows "sơ đồ" (diagram) restores "so do" wrongly; the lexicon fixes it.
    restorer = Restorer.train(["Nộp sơ đồ thửa đất.", "Bản vẽ sơ đồ nhà.", "Làm nhà."] * 3)
    an = Analyzer(restorer)
    assert an.restore("lam so do") == "làm sơ đồ"
    assert an.normalize_query("lam so do") == "làm sổ đỏ cấp giấy chứng nhận quyền sử dụng đất"


def test_analyzer_without_model_still_works(tmp_path: Path) -> None:
    an = Analyzer.load(tmp_path)
    assert an.restorer is None
    assert an.normalize_query("dang ky ket hon") == "dang ky ket hon"


def test_tokens_do_not_depend_on_the_model(model_dir: Path) -> None:
    text = "Cấp lại giấy chứng nhận quyền sử dụng đất"
    assert Analyzer.load(model_dir).tokens(text) == Analyzer.load(None).tokens(text)
