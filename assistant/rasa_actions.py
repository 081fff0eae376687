"""Rasa custom actions (rasa-sdk): thin adapters that call the same assistant pipeline."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ConversationPaused, EventType, SlotSet
from rasa_sdk.executor import ActionExecutor, CollectingDispatcher

from assistant.channels import abstain_message
from assistant.service import Assistant
from assistant.session_ids import SessionIds, load_secret
from assistant.settings import ServingSettings
from assistant.startup import load_services
from assistant.types import CHANNELS, Channel, Reply

# Canonical follow-up questions: the pipeline answers them about the conversation's procedure.
ASPECT_QUESTIONS = {
    "action_tthc_documents": "cần những giấy tờ gì",
    "action_tthc_fees": "lệ phí bao nhiêu",
    "action_tthc_time": "mất bao lâu",
    "action_tthc_where": "làm ở đâu",
}


def _channel(tracker: Tracker) -> Channel:
    value = tracker.get_slot("tthc_channel")
    for channel in CHANNELS:
        if value == channel:
            return channel
    return "web"


def _emit(dispatcher: CollectingDispatcher, reply: Reply) -> list[EventType]:
    buttons = [{"title": c.label, "payload": c.code} for c in reply.choices]
    text = reply.answer
    if reply.disclosure and not text.startswith(reply.disclosure):  # voice already speaks it first
        text = f"{reply.disclosure}\n\n{text}"
    dispatcher.utter_message(
        text=text, buttons=buttons or None,
        json_message={"status": reply.status,
                      "procedure": reply.procedure[0] if reply.procedure else None,
                      "citations": [c.label for c in reply.citations]},
    )
    events: list[EventType] = [SlotSet("tthc_status", reply.status)]
    if reply.procedure:
        events.append(SlotSet("tthc_procedure", reply.procedure[0]))
    if reply.status == "handoff":
        events.append(ConversationPaused())
    return events


def _session(ids: SessionIds, tracker: Tracker) -> str:
    """The store key of Rasa's ``sender_id`` (often a phone number): keyed-hashed, never stored as is."""
    return ids.opaque(str(tracker.sender_id), "rasa")


class AnswerAction(Action):  # type: ignore[misc]
    """``action_tthc_answer``: answer the latest user message."""

    def __init__(self, assistant: Assistant, ids: SessionIds) -> None:
        self.assistant = assistant
        self.ids = ids

    def name(self) -> str:
        return "action_tthc_answer"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: dict[str, Any]) -> list[dict[str, Any]]:
        text = (tracker.latest_message or {}).get("text") or ""
        if not text.strip():
            dispatcher.utter_message(text="Anh/chị vui lòng nhập câu hỏi.")
            return []
        return _emit(dispatcher, self.assistant.ask(text, _session(self.ids, tracker), _channel(tracker)))


class AspectAction(Action):  # type: ignore[misc]
    """Documents / fees / time / where about the conversation's current procedure."""

    def __init__(self, assistant: Assistant, ids: SessionIds, action_name: str) -> None:
        self.assistant = assistant
        self.ids = ids
        self.action_name = action_name

    def name(self) -> str:
        return self.action_name

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: dict[str, Any]) -> list[dict[str, Any]]:
        code = tracker.get_slot("tthc_procedure") or ""
        question = f"{code} {ASPECT_QUESTIONS[self.action_name]}".strip()
        session = _session(self.ids, tracker)
        if not code and not self.assistant.sessions.get(session):
            dispatcher.utter_message(text="Anh/chị đang hỏi về thủ tục nào ạ?")
            return []
        return _emit(dispatcher, self.assistant.ask(question, session, _channel(tracker)))


class HandoffAction(Action):  # type: ignore[misc]
    """``action_tthc_handoff``: tell the citizen a human takes over and pause the bot."""

    def name(self) -> str:
        return "action_tthc_handoff"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: dict[str, Any]) -> list[dict[str, Any]]:
        dispatcher.utter_message(text=abstain_message("handoff"))
        return [SlotSet("tthc_status", "handoff"), ConversationPaused()]


def executor(assistant: Assistant, ids: SessionIds) -> ActionExecutor:
    """An action executor with every action registered over ``assistant`` (sessions keyed by ``ids``)."""
    ex = ActionExecutor()
    ex.register_action(AnswerAction(assistant, ids))
    for name in ASPECT_QUESTIONS:
        ex.register_action(AspectAction(assistant, ids, name))
    ex.register_action(HandoffAction())
    return ex


def serve(settings: ServingSettings, port: int = 5055, host: str = "127.0.0.1") -> None:
    """Load everything once (``load_services``; a missing search index raises ``KBError``), then
    run rasa-sdk's action app (POST /webhook) in this process.

    Sanic's default worker processes would have to pickle the open knowledge base, so the app
    runs single-process; scale out with several servers behind the Rasa endpoint instead.
    """
    from rasa_sdk.endpoint import create_app

    app = create_app(executor(load_services(settings).require_assistant(), SessionIds(load_secret(settings))))
    app.run(host=host, port=port, single_process=True, access_log=False, motd=False)
