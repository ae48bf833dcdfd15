from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.questions import LAST_AUTHORITY_SLOT
from bot.actions.say import say_facts, typed_text
from bot.logic.obstacles import ADVICE, classify, deserialise, serialise
from bot.logic.questions import AUTHORITY_PREFIX
from casework.errors import StoreUnavailable
from casework.obstacles import NO_AUTHORITY, ObstacleNote, save_note
from knowledge.queries import authorities_mentioned, facts_by_keys

logger = logging.getLogger(__name__)


class ActionNoteObstacle(Action):
    """Listens to an obstacle, says what can help, and asks before noting it anonymously."""

    def name(self) -> str:
        return "action_note_obstacle"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict[str, Any]]:
        text = typed_text(tracker)
        named = [found.key for found in authorities_mentioned(text)]
        note = classify(text, named)
        dispatcher.utter_message(response="utter_obstacle_heard")
        say_facts(dispatcher, facts_by_keys(list(ADVICE[note.obstacle])))
        dispatcher.utter_message(response="utter_obstacle_why")
        dispatcher.utter_message(response="utter_ask_note_obstacle")
        # Only the categories are kept, and only until the person answers. The one authority named is the one talked
        # about: "vilket nummer ringer vi dit?" next asks for its number.
        return [SlotSet("obstacle_note", serialise(note)),
                *([SlotSet(LAST_AUTHORITY_SLOT, named[0])] if len(named) == 1 and named[0] in AUTHORITY_PREFIX else [])]


class ActionObstacleConsent(Action):
    """Yes stores the categories and the day; no forgets them. Either way the slot is emptied."""

    def name(self) -> str:
        return "action_obstacle_consent"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict[str, Any]]:
        note = deserialise(tracker.get_slot("obstacle_note"))
        if note is None:
            dispatcher.utter_message(response="utter_nothing_to_note")
        elif tracker.latest_message.get("intent", {}).get("name") != "affirm":
            dispatcher.utter_message(response="utter_obstacle_not_noted")
        else:
            try:
                save_note(ObstacleNote(note.authority or NO_AUTHORITY, note.obstacle, note.contact_reason),
                          dt.date.today())
            except (StoreUnavailable, ValueError):
                logger.exception("could not save an obstacle note")
                dispatcher.utter_message(response="utter_obstacle_save_failed")
            else:
                dispatcher.utter_message(response="utter_obstacle_noted")
        return [SlotSet("obstacle_note", None)]
