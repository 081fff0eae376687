"""POST /v1/speak: contract with a fake synthesizer, 503 without espeak-ng, limits, and one real WAV."""

from __future__ import annotations

import io
import shutil
import wave
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from assistant.app import create_app
from assistant.settings import ServingSettings
from assistant.speech import Speaker, SpeechError
from assistant.startup import Services, load_services
from tests.assistant_support import FakeRetriever, fake_services


def tiny_wav() -> bytes:
    buf = io.BytesIO()
    with wave.open(buf, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(8000)
        w.writeframes(b"\0\0" * 800)
    return buf.getvalue()


class FakeSpeaker:
    """Records what it was asked to read; fails when told to."""

    def __init__(self) -> None:
        self.texts: list[str] = []
        self.fail = False

    def synthesize(self, text: str) -> bytes:
        if self.fail:
            raise SpeechError("fake failure")
        self.texts.append(text)
        return tiny_wav()


def with_speaker(speaker: Speaker) -> Callable[[ServingSettings], Services]:
    def load(settings: ServingSettings) -> Services:
        services = fake_services(settings)
        services.speech = speaker
        return services
    return load


@pytest.fixture(scope="module")
def speaker() -> FakeSpeaker:
    return FakeSpeaker()


@pytest.fixture(scope="module")
def client(assistant_kb: Path, speaker: FakeSpeaker) -> Iterator[TestClient]:
    settings = ServingSettings(kb_dir=assistant_kb, max_question_chars=200, max_speech_chars=50)
    with TestClient(create_app(settings, with_speaker(speaker))) as c:
        yield c


def test_question_is_answered_on_the_voice_channel_and_spoken(client: TestClient, speaker: FakeSpeaker) -> None:
    q = "đăng ký tạm trú cần giấy tờ gì"
    r = client.post("/v1/speak", json={"question": q})
    assert r.status_code == 200 and r.headers["content-type"] == "audio/wav" and r.content == tiny_wav()
    assert r.headers["x-answer-status"] == "answered" and r.headers["x-procedure-code"] == "8.000008"
    voice = client.post("/v1/ask", json={"question": q, "channel": "voice"}).json()
    assert speaker.texts[-1] == voice["answer"] and "**" not in voice["answer"]
    follow = client.post("/v1/speak", json={"question": "làm ở đâu?", "session_id": r.headers["x-session-id"]})
    assert follow.status_code == 200 and follow.headers["x-session-id"] == r.headers["x-session-id"]
    assert speaker.texts[-1] != voice["answer"]  # the follow-up's own answer, in the same session


def test_given_text_is_spoken_as_is(client: TestClient, speaker: FakeSpeaker) -> None:
    r = client.post("/v1/speak", json={"text": "Xin chào, tổng đài 1022."})
    assert r.status_code == 200 and r.headers["content-type"] == "audio/wav"
    assert speaker.texts[-1] == "Xin chào, tổng đài 1022." and "x-session-id" not in r.headers


@pytest.mark.parametrize(
    ("body", "code", "text"),
    [
        ({}, 422, "đúng một trong hai trường"),
        ({"question": "lệ phí", "text": "xin chào"}, 422, "đúng một trong hai trường"),
        ({"text": "   "}, 422, "không được để trống"),
        ({"text": "a" * 51}, 422, "tối đa 50 ký tự"),
        ({"question": ""}, 422, "không được để trống"),
        ({"question": "a" * 201}, 422, "tối đa 200 ký tự"),
        ({"question": "lệ phí", "session_id": "phiên 1"}, 422, "session_id"),
    ],
)
def test_bad_input_is_refused_in_vietnamese(client: TestClient, body: dict, code: int, text: str) -> None:
    r = client.post("/v1/speak", json=body)
    assert r.status_code == code and text in r.json()["detail"]


def test_the_schema_admits_exactly_the_bodies_speak_accepts(client: TestClient) -> None:
    jsonschema_rs = pytest.importorskip("jsonschema_rs")
    validator = jsonschema_rs.validator_for(client.get("/openapi.json").json()["components"]["schemas"]["SpeakRequest"])
    for body in ({"text": "xin chào"}, {"question": "lệ phí tạm trú"}, {"question": "lệ phí", "text": None},
                 {"question": None, "text": "xin chào"}, {}, {"question": None}, {"question": "a", "text": "b"},
                 {"text": " \t"}, {"question": ""}, {"question": "a" * 201}, {"text": "a" * 51}):
        status = client.post("/v1/speak", json=body).status_code
        assert status in (200, 422) and validator.is_valid(body) is (status == 200), (body, status)


def test_synthesis_failure_is_a_500_in_vietnamese(client: TestClient, speaker: FakeSpeaker) -> None:
    speaker.fail = True
    try:
        r = client.post("/v1/speak", json={"text": "xin chào"})
    finally:
        speaker.fail = False
    assert r.status_code == 500 and "Không tạo được âm thanh" in r.json()["detail"]


def test_openapi_documents_the_wav_response(client: TestClient) -> None:
    op = client.get("/openapi.json").json()["paths"]["/v1/speak"]["post"]
    ok = op["responses"]["200"]
    assert list(ok["content"]) == ["audio/wav"] and {"X-Session-Id", "X-Answer-Status"} <= set(ok["headers"])
    assert {"413", "422", "503"} <= set(op["responses"])
    assert op["requestBody"]["content"]["application/json"]["schema"]["$ref"].endswith("/SpeakRequest")


def test_without_espeak_speak_is_503_and_health_stays_ok(agent_kb: Path) -> None:
    settings = ServingSettings(kb_dir=agent_kb, speech_program="no-such-espeak-program")
    with TestClient(create_app(settings, lambda s: load_services(s, retriever=FakeRetriever.from_store))) as c:
        assert c.get("/healthz").json()["status"] == "ok"
        ready = c.get("/readyz").json()
        assert "speech" not in ready.get("missing", {})
        assert "no-such-espeak-program" in ready["optional_missing"]["speech"]
        r = c.post("/v1/speak", json={"question": "đăng ký khai sinh"})
        assert r.status_code == 503 and "espeak-ng" in r.json()["detail"]
        assert c.post("/v1/ask", json={"question": "đăng ký khai sinh"}).status_code == 200


def test_real_espeak_answers_a_question_with_a_wav(assistant_kb: Path) -> None:
    if shutil.which("espeak-ng") is None:
        pytest.skip("espeak-ng not installed (make test-deps installs it; CI runs make test)")
    with TestClient(create_app(ServingSettings(kb_dir=assistant_kb), fake_services)) as c:
        assert "optional_missing" not in c.get("/healthz").json()
        r = c.post("/v1/speak", json={"question": "đăng ký tạm trú cần giấy tờ gì"})
    assert r.status_code == 200 and r.content[:4] == b"RIFF" and r.content[8:12] == b"WAVE"
    with wave.open(io.BytesIO(r.content)) as w:
        assert w.getframerate() > 0 and w.getnframes() / w.getframerate() > 2.0
