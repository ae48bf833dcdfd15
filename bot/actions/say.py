"""Small helpers shared by actions to say things the same way everywhere."""
from __future__ import annotations

from collections.abc import Iterable, Sequence

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.logic.say import Say, facts_said
from bot.logic.sources import source_note
from knowledge.records import FactRecord


def say_all(dispatcher: CollectingDispatcher, says: Iterable[Say]) -> None:
    for say in says:
        buttons = [{"title": b.title, "payload": b.payload} for b in say.buttons]
        if say.response:
            dispatcher.utter_message(response=say.response, buttons=buttons, **say.values)
        else:
            dispatcher.utter_message(text=say.text, buttons=buttons)


def say_facts(dispatcher: CollectingDispatcher, facts: Sequence[FactRecord]) -> None:
    say_all(dispatcher, facts_said(facts))


def say_source_note(dispatcher: CollectingDispatcher, facts: Sequence[FactRecord]) -> None:
    dispatcher.utter_message(text=source_note(facts))


def typed_text(tracker: Tracker) -> str:
    """What the person wrote; a button's "/intent{...}" payload is not text to search for places or names."""
    text = tracker.latest_message.get("text") or ""
    return "" if text.startswith("/") else text


def last_typed_text(tracker: Tracker) -> str:
    """The latest text the person typed; for a button, the message before it, which tells the language."""
    if typed := typed_text(tracker):
        return typed
    for event in reversed(tracker.events):
        text = str(event.get("text") or "") if event.get("event") == "user" else ""
        if text and not text.startswith("/"):
            return text
    return ""
