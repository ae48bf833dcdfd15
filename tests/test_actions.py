"""Actions run against real rasa-sdk Trackers and a real knowledge database."""
from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.crisis import ActionCrisisSupport
from bot.actions.human import ActionHumanContact
from bot.actions.misunderstanding import ActionHandleMisunderstanding
from bot.actions.po_facts import WHAT_IS_PO, ActionExplainPo
from knowledge.queries import facts_by_keys


def tracker(events: list[dict[str, Any]] | None = None, text: str = "hej") -> Tracker:
    latest = {"text": text, "intent": {"name": "greet", "confidence": 1.0}, "entities": []}
    return Tracker.from_dict(
        {"sender_id": "test", "slots": {}, "latest_message": latest, "events": events or [], "paused": False,
         "followup_action": None, "active_loop": {}, "latest_action_name": "action_listen"}
    )


def user(text: str, intent: str) -> dict[str, Any]:
    return {"event": "user", "text": text, "parse_data": {"intent": {"name": intent, "confidence": 1.0}}}


def action(name: str) -> dict[str, Any]:
    return {"event": "action", "name": name}


def run(action_class, events=None):  # type: ignore[no-untyped-def]
    dispatcher = CollectingDispatcher()
    returned = action_class().run(dispatcher, tracker(events), {})
    return dispatcher.messages, returned


def texts(messages: list[dict[str, Any]]) -> list[str]:
    return [m["text"] for m in messages if m.get("text")]


def test_crisis_support_gives_112_and_90101_in_the_first_message() -> None:
    messages, events = run(ActionCrisisSupport)
    first = messages[0]["text"]
    assert "112" in first and "90101" in first
    assert any("1177" in text for text in texts(messages))
    assert any("psykiatrisk akutmottagning" in text for text in texts(messages))
    assert events == []


def test_crisis_support_says_where_its_numbers_come_from() -> None:
    messages, _ = run(ActionCrisisSupport)
    assert any(text.startswith("Källor:") and "Kontrollerat" in text for text in texts(messages))
    assert messages[-1].get("response") == "utter_crisis_followup"


def test_what_is_po_is_read_from_the_knowledge_base() -> None:
    messages, _ = run(ActionExplainPo)
    said = texts(messages)
    for fact in facts_by_keys(WHAT_IS_PO):
        assert fact.text in said
    assert any(text.startswith("Källor:") for text in said)
    assert messages[-1].get("response") == "utter_what_next"


def test_human_contact_is_honest_that_the_bot_cannot_connect_by_itself() -> None:
    messages, _ = run(ActionHumanContact)
    assert messages[0].get("response") == "utter_human_intro"
    assert any("växel" in text for text in texts(messages))


def test_first_misunderstanding_asks_to_rephrase() -> None:
    events = [user("hej", "greet"), action("utter_greet"), user("blorp", "nlu_fallback")]
    messages, _ = run(ActionHandleMisunderstanding, events)
    assert [m.get("response") for m in messages] == ["utter_please_rephrase"]


def test_second_misunderstanding_in_a_row_offers_menu_and_a_human() -> None:
    events = [
        user("blorp", "nlu_fallback"), action("action_handle_misunderstanding"), action("action_listen"),
        user("fnurg", "nlu_fallback"),
    ]
    messages, _ = run(ActionHandleMisunderstanding, events)
    responses = [m.get("response") for m in messages]
    assert responses[:2] == ["utter_still_not_understood", "utter_menu"]
    assert any("växel" in text for text in texts(messages))
