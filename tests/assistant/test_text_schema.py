"""The OpenAPI constraints of the text fields admit exactly what the routes accept: the question
rules of ``assistant.limits.analysable`` and the text-to-read rules of ``/v1/speak``."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.app import create_app
from assistant.limits import QuestionLimits, QuestionRejected, analysable
from assistant.settings import ServingSettings
from assistant.text_schema import BLANK, SPACE, TEXT_KIND, question_schema, speech_schema
from tests.assistant_support import bearer, fake_services

SMALL = QuestionLimits(max_chars=60, max_words=5, max_word_chars=6)
# Real-looking questions: diacritics, none, teencode, a procedure code picked from a clarification,
# digits only, a phone number, a bare emoji.
REAL = [
    "Làm căn cước công dân cho con 14 tuổi cần giấy tờ gì?",
    "lam can cuoc cong dan can giay to gi",
    "đăng ký kết hôn với người nước ngoài ở đâu",
    "dang ky tam tru mat bao lau",
    "cho e hỏi thủ tục cấp lại bằng lái xe bị mất ạ",
    "ko bik lm giấy khai sinh ở đâu",
    "1.001234",
    "2024",
    "0912345678",
    "👍",
    "  Lệ phí  cấp\tsổ đỏ?\n",
]


def admits(schema: dict[str, Any], text: str) -> bool:
    """JSON Schema's reading of a string schema (patterns search, lengths in code points)."""
    if not schema.get("minLength", 0) <= len(text) <= schema.get("maxLength", len(text)):
        return False
    patterns = [schema.get("pattern")] + [s["pattern"] for s in schema.get("allOf", [])]
    return all(re.search(p, text) for p in patterns if p)


def accepts(text: str, limits: QuestionLimits) -> bool:
    try:
        analysable(text, limits)
    except QuestionRejected:
        return False
    return True


def test_space_class_is_pythons_whitespace() -> None:
    every = {chr(c) for c in range(0x110000) if chr(c).isspace()}
    matched = {chr(c) for c in range(0x110000) if re.fullmatch(BLANK, chr(c))}
    assert matched == every and "\u3000" in every and "\x1c" in every and r"\u3000" in SPACE


@pytest.mark.parametrize("question", REAL)
def test_real_questions_are_admitted_and_accepted(question: str) -> None:
    schema = question_schema(QuestionLimits())
    assert admits(schema, question) and accepts(question, QuestionLimits())


@pytest.mark.parametrize(
    ("text", "ok"),
    [("", False), ("   \u3000\x1c", False), ("a b c d e", True), ("a b c d e f", False), ("abcdefg", False),
     ("abcdefg hij", True), ("x" * 61, False), ("  a  ", True), ("abcdef", True)],
)
def test_edges_of_the_question_rules(text: str, ok: bool) -> None:
    assert admits(question_schema(SMALL), text) is ok and accepts(text, SMALL) is ok


WORDISH = st.text(alphabet=st.sampled_from(list("aăbđ1é9👍?.") + [" ", "\t", "\n", "\u3000", "\x1c", "\xa0", "\u200b"]),
                  max_size=70)


@settings(max_examples=400, deadline=None)
@given(text=WORDISH | st.text(max_size=70))
def test_schema_admits_exactly_the_questions_the_service_accepts(text: str) -> None:
    assert admits(question_schema(SMALL), text) is accepts(text, SMALL)


@settings(max_examples=200, deadline=None)
@given(text=WORDISH | st.text(max_size=20))
def test_speech_schema_admits_exactly_the_texts_speak_reads(text: str) -> None:
    limit = 12
    read = bool(text.strip()) and len(text) <= limit  # assistant.routes.speak.check_text
    assert admits(speech_schema(limit), text) is read


def test_patterns_read_the_same_in_ecma_262() -> None:
    jsonschema_rs = pytest.importorskip("jsonschema_rs")  # a validator with ECMA-262 regular expressions
    schema = {"type": "string", **question_schema(SMALL)}
    schema.pop("description")
    validator = jsonschema_rs.validator_for(schema)
    for text in ["a b c d e", "a b c d e f", "abcdefg", "abcdefg hij", "\u3000a\x1c", "\x1c\u3000", "ăđ 👍", ""]:
        assert validator.is_valid(text) is accepts(text, SMALL), text


@pytest.fixture(scope="module")
def client(assistant_kb: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    db = tmp_path_factory.mktemp("text_schema") / "tokens.sqlite"
    conf = ServingSettings(kb_dir=assistant_kb, token_db=db, rate_per_minute=0, token_rate_per_minute=0)
    with TestClient(create_app(conf, fake_services)) as c:
        yield c


def test_every_text_field_of_the_schema_carries_the_app_limits(assistant_kb: Path) -> None:
    conf = ServingSettings(kb_dir=assistant_kb, max_question_chars=300, max_question_words=7, max_word_chars=9,
                           max_speech_chars=99)
    spec = create_app(conf, fake_services).openapi()  # the schema needs no start-up
    schemas = spec["components"]["schemas"]
    (q,) = [p["schema"] for p in spec["paths"]["/v1/search"]["get"]["parameters"] if p["name"] == "q"]
    want = question_schema(QuestionLimits(300, 7, 9))
    for field in (schemas["AskRequest"]["properties"]["question"], schemas["SuggestRequest"]["properties"]["text"],
                  schemas["SpeakRequest"]["properties"]["question"]["anyOf"][0], q):
        assert (field["maxLength"], field["allOf"]) == (300, want["allOf"]) and "{0,6}" in field["allOf"][0]["pattern"]
    assert schemas["SpeakRequest"]["properties"]["text"]["anyOf"][0]["maxLength"] == 99
    assert TEXT_KIND not in str(spec)  # every marker was replaced


@pytest.mark.parametrize("question", REAL)
def test_real_questions_are_answered_over_http(client: TestClient, question: str) -> None:
    r = client.post("/v1/ask", json={"question": question})
    assert r.status_code == 200 and r.json()["answer"]
    assert client.get("/v1/search", params={"q": question}).status_code == 200
    agent = bearer(client, "agent")
    assert client.post("/v1/agent/suggest", json={"text": question}, headers=agent).status_code == 200
