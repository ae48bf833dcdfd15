from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.say import say_facts
from knowledge.queries import facts_by_keys

# Until the contact request exists, the honest way to a human is the kommun itself.
HOW_TO_REACH_PO = "po.how_to_reach"
HUMAN_CONTACT = [HOW_TO_REACH_PO, "po.not_acute", "crisis.emergency"]


class ActionHumanContact(Action):
    def name(self) -> str:
        return "action_human_contact"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict[str, Any]]:
        dispatcher.utter_message(response="utter_human_intro")
        say_facts(dispatcher, facts_by_keys(HUMAN_CONTACT))
        return []
