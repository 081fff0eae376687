"""Topics of unanswered questions (k-means over embeddings, labelled by top terms) and the demand backlog."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from assistant.analytics.backlog import weighted_backlog
from assistant.analytics.topics import choose_k, cluster_topics, kmeans
from kb.audit.stored import open_stored_audit
from kb.procedures.store import Store
from kb.search.dense import HashingEmbedder


def test_kmeans_separates_obvious_groups() -> None:
    rng = np.random.default_rng(1)
    a = rng.normal([5, 0, 0], 0.1, (20, 3))
    b = rng.normal([0, 5, 0], 0.1, (15, 3))
    x = np.vstack([a, b]).astype(np.float32)
    x /= np.linalg.norm(x, axis=1, keepdims=True)
    labels = kmeans(x, 2)
    assert len(set(labels[:20].tolist())) == 1 and len(set(labels[20:].tolist())) == 1 and labels[0] != labels[20]
    assert choose_k(1) == 1 and choose_k(50) == 7 and choose_k(100_000) == 20


def test_topics_group_label_and_count_repeats() -> None:
    gold = ["giá vàng hôm nay bao nhiêu", "giá vàng sjc hôm nay", "giá vàng nhẫn hôm nay thế nào",
            "giá vàng miếng hôm nay"]
    weather = ["thời tiết hà nội ngày mai", "thời tiết hà nội có mưa không", "thời tiết hà nội tuần này",
               "thời tiết hà nội hôm qua"]
    texts = gold * 2 + weather + ["sđt [số điện thoại] giá vàng hôm nay"]
    topics = cluster_topics(texts, HashingEmbedder(256).encode)
    assert sum(t["size"] for t in topics) == len(texts)
    for t in topics:  # no topic mixes the two subjects, and its label names its own
        kinds = {"vàng" in e for e in t["examples"]}
        assert len(kinds) == 1 and ("vàng" in t["label"]) == kinds.pop()
    assert sum(t["size"] for t in topics if "vàng" in t["label"]) == 9
    assert max(len(t["examples"]) for t in topics) == 3
    assert all("[" not in t["label"] for t in topics)
    assert cluster_topics(["  ", ""], HashingEmbedder(8).encode) == []


def test_backlog_weights_held_papers_by_citizens(agent_kb: Path) -> None:
    store = Store(agent_kb).load()
    audit = open_stored_audit(agent_kb, str(store.manifest["build_id"]))
    codes = [c for (c,) in store.con.execute("SELECT code FROM procedures ORDER BY code")]
    held = {c: a.summary.papers_saved for c in codes if (a := audit.procedure(c)) is not None}
    code = max(held, key=lambda c: held[c])
    assert held[code] > 0
    turns = [{"code": code, "status": "answered", "session": f"s{i % 3}"} for i in range(7)]  # 3 citizens
    turns += [{"code": code, "status": "clarification", "session": "s9"}]
    out = weighted_backlog(turns, audit)
    (first,) = [p for p in out["procedures"] if p["code"] == code]
    assert first["citizens"] == 3 and first["papers_asked"] == 3 * held[code] and out["citizens"] == 3
    assert out["fields"][0]["papers_asked"] == 3 * held[code]
    assert sum(d["papers_asked"] for d in out["databases"]) >= 3


def test_papers_match_the_component_named_not_the_procedures_own_words() -> None:
    from types import SimpleNamespace

    from assistant.analytics.papers import asks_about_papers, matching

    birth = SimpleNamespace(text="Giấy chứng sinh; trường hợp không có thì văn bản của người làm chứng")
    surrogacy = SimpleNamespace(text="Trường hợp khai sinh cho trẻ em sinh ra do mang thai hộ phải có văn bản")
    comps = [birth, surrogacy]
    q = "đăng ký khai sinh có cần giấy chứng sinh không"
    assert matching(q, comps, "Thủ tục đăng ký khai sinh") == [birth]  # type: ignore[arg-type]
    assert matching("đăng ký khai sinh cần gì", comps, "Thủ tục đăng ký khai sinh") == []  # type: ignore[arg-type]
    assert asks_about_papers({"aspect": "fees", "question": "bản sao có cần chứng thực không"})
    assert not asks_about_papers({"aspect": "fees", "question": "lệ phí bao nhiêu"})


def test_questions_without_topic_words_form_their_own_group() -> None:
    texts = ["xin chào", "xin chào", "làm ở đâu?", "giá vàng hôm nay", "giá vàng sjc"]
    topics = cluster_topics(texts, HashingEmbedder(64).encode)
    vague = next(t for t in topics if t["label"] == "(không rõ chủ đề)")
    assert vague["size"] == 3 and vague["examples"][0] == "xin chào"
    assert sum(t["size"] for t in topics) == 5 and any("vàng" in t["label"] for t in topics)
