"""Integration: train the diacritic restorer on the real procedures corpus and check its accuracy."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kb.procedures.store import Store
from kb.text import Analyzer, train_restorer
from kb.text.normalize import clean, has_diacritics
from kb.text.restore import Restorer, runs
from kb.text.training import procedure_texts, syllable_accuracy

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def trained(real_kb: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, object]]:
    out = tmp_path_factory.mktemp("restorer-real")
    metrics = train_restorer(procedure_texts(Store(real_kb).load()), out)
    return out, metrics


def test_heldout_syllable_accuracy(trained: tuple[Path, dict[str, object]]) -> None:
    _, metrics = trained
    assert metrics["heldout_syllables"] > 20_000  # type: ignore[operator]
    assert metrics["heldout_syllable_accuracy"] >= 0.95  # type: ignore[operator]


def test_eval_questions_without_diacritics(
    trained: tuple[Path, dict[str, object]], shared_data: Path
) -> None:
    path = shared_data / "eval" / "egov-faq-mapped.jsonl"
    lines = path.read_text(encoding="utf-8").splitlines()
    questions = [clean(json.loads(line)["question"]) for line in lines]
    accented = [q for q in questions if has_diacritics(q)]
    acc, n = syllable_accuracy(Restorer.load(trained[0]), (r for q in accented for r in runs(q)))
    assert n > 500
    assert acc >= 0.95


def test_real_query_end_to_end(trained: tuple[Path, dict[str, object]]) -> None:
    an = Analyzer.load(trained[0])
    out = an.normalize_query("alo cho em hoi lam so do het bao nhieu tien a")
    assert out.startswith("làm sổ đỏ hết bao nhiêu tiền")
    assert "giấy_chứng_nhận" in an.tokens(out) and "quyền_sử_dụng_đất" in an.tokens(out)
