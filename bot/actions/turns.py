"""Reading the conversation turn by turn: what the bot did after each of the person's earlier messages."""
from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker


def earlier_turns(events: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """The events that followed each user message before the current one, oldest first."""
    turns: list[list[dict[str, Any]]] = []
    for event in events:
        if event.get("event") == "user":
            turns.append([])
        elif turns:
            turns[-1].append(event)
    return turns[:-1]


def _name(event: dict[str, Any]) -> str | None:
    """An action's name, or the response a bot message came from (its utter_action)."""
    if event.get("event") == "action":
        return event.get("name")
    if event.get("event") == "bot":
        return (event.get("metadata") or {}).get("utter_action")
    return None


def names_per_earlier_turn(events: list[dict[str, Any]]) -> list[list[str]]:
    """The actions, and the responses they gave, that answered each user message before the current one."""
    return [[name for event in turn if (name := _name(event))] for turn in earlier_turns(events)]


def responses_of_the_last_turn(events: list[dict[str, Any]]) -> list[str]:
    """The responses the bot gave between the person's last two messages (a bot event's utter_action)."""
    turns = earlier_turns(events)
    return [action for e in (turns[-1] if turns else []) if e.get("event") == "bot"
            and (action := (e.get("metadata") or {}).get("utter_action"))]


def buttons_of_the_last_message(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The buttons under the bot's last message before the person's latest one."""
    turns = earlier_turns(events)
    said = [e for e in (turns[-1] if turns else []) if e.get("event") == "bot"]
    return list((said[-1].get("data") or {}).get("buttons") or []) if said else []


def this_visit(tracker: Tracker) -> list[dict[str, Any]]:
    """The events since the conversation was last (re)started: earlier visits are not shared."""
    events = list(tracker.events)
    starts = [i for i, e in enumerate(events) if e.get("event") in ("session_started", "restart")]
    return events[starts[-1] + 1:] if starts else events


def responses_this_visit(tracker: Tracker) -> list[str]:
    """The responses the bot gave in this visit, oldest first (a bot event's utter_action)."""
    return [name for e in this_visit(tracker) if e.get("event") == "bot"
            and (name := (e.get("metadata") or {}).get("utter_action"))]


def said_by_person(tracker: Tracker) -> list[dict[str, Any]]:
    """The person's messages in this visit, oldest first."""
    return [e for e in this_visit(tracker) if e.get("event") == "user"]


def earlier_texts(tracker: Tracker) -> list[str]:
    """What the person wrote before the latest message in this visit, newest first."""
    return [str(e.get("text") or "") for e in reversed(said_by_person(tracker)[:-1])]


def intents_this_visit(tracker: Tracker) -> list[str]:
    return [(e.get("parse_data") or {}).get("intent", {}).get("name", "") for e in said_by_person(tracker)]


def writes_for_someone_else(tracker: Tracker) -> bool:
    """A relative or friend: they asked how to help someone, or took the screener on someone's behalf."""
    return "relative_help" in intents_this_visit(tracker) or bool(tracker.get_slot("screening_someone_else"))
