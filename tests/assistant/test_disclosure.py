"""AI disclosure once per conversation on every channel (voice: spoken in the first turn), with 1022."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from assistant.app import create_app
from assistant.rasa_actions import AnswerAction
from assistant.service import Assistant
from assistant.session_ids import SessionIds
from assistant.settings import ServingSettings
from tests.assistant_support import bearer, fake_services

Q = "đăng ký tạm trú cần giấy tờ gì"


@pytest.fixture(scope="module")
def client(assistant_kb: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    db = tmp_path_factory.mktemp("disc") / "tokens.sqlite"
    with TestClient(create_app(ServingSettings(kb_dir=assistant_kb, token_db=db), fake_services)) as c:
        yield c


@pytest.mark.parametrize("channel", ["web", "voice", "agent"])
def test_first_turn_only_on_every_channel(client: TestClient, channel: str) -> None:
    h = bearer(client, "agent") if channel == "agent" else {}
    first = client.post("/v1/ask", json={"question": Q, "channel": channel}, headers=h).json()
    d = first["disclosure"]
    assert ("trợ lý AI" in d or "trí tuệ nhân tạo" in d) and "tổng đài viên" in d
    assert "1022" in d or channel != "web"  # the agent is the 1022 person; voice says the number in words
    follow = client.post("/v1/ask", json={"question": "làm ở đâu?", "channel": channel,
                                          "session_id": first["session_id"]}, headers=h).json()
    assert follow["disclosure"] is None and follow["procedure"]["code"] == "8.000008"
    if channel == "voice":  # spoken first, as words (TTS)
        assert first["answer"].startswith(d) and not re.search(r"\d", first["answer"])
        assert "gọi số một không hai hai" in d, d
        assert not follow["answer"].startswith(d)
    else:
        assert not first["answer"].startswith(d[:10])
    again = client.post("/v1/ask", json={"question": Q, "channel": channel, "session_id": "forged"}, headers=h).json()
    assert again["disclosure"] == d  # a new conversation says it again


def test_rasa_says_it_once(assistant: Assistant) -> None:
    ids = SessionIds(b"k" * 32)
    action = AnswerAction(assistant, ids)
    texts = []
    for _ in range(2):
        d = CollectingDispatcher()
        action.run(d, Tracker("caller-1", {}, {"text": Q}, [], False, None, {}, None), {})
        texts.append(d.messages[0]["text"])
    assert "trợ lý AI" in texts[0] and "1022" in texts[0] and "trợ lý AI" not in texts[1]
