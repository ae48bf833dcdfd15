from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.say import say_facts
from knowledge.queries import facts_by_keys

RELATIVE_FACTS = ["po.relatives", "org.kommunens_anhorigstod", "org.anhorigas_riksforbund"]
EMERGENCY, HEALTHCARE = "crisis.emergency", "crisis.healthcare_advice"


class ActionRelativeHelp(Action):
    """A relative asks: PO works on the person's own wish, how to help them make contact, support for oneself."""

    def name(self) -> str:
        return "action_relative_help"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict[str, Any]]:
        dispatcher.utter_message(response="utter_relative_intro")
        say_facts(dispatcher, facts_by_keys(RELATIVE_FACTS))
        dispatcher.utter_message(response="utter_relative_next")
        return []


class ActionOtherLanguage(Action):
    """A short answer in English with the emergency numbers from the knowledge base."""

    def name(self) -> str:
        return "action_other_language"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict[str, Any]]:
        emergency, healthcare = facts_by_keys([EMERGENCY, HEALTHCARE])
        dispatcher.utter_message(response="utter_other_language", emergency=emergency.phone, healthcare=healthcare.phone)
        return []
