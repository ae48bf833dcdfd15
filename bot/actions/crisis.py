from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.say import say_source_note
from bot.logic.crisis import CRISIS_LINE_KEYS, crisis_reply
from knowledge.queries import facts_by_keys


class ActionCrisisSupport(Action):
    def name(self) -> str:
        return "action_crisis_support"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict[str, Any]]:
        lines = facts_by_keys(list(CRISIS_LINE_KEYS))
        for text in crisis_reply([line.text for line in lines]):
            dispatcher.utter_message(text=text)
        say_source_note(dispatcher, lines)
        dispatcher.utter_message(response="utter_crisis_followup")
        return []
