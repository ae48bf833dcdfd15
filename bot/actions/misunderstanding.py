from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.say import say_facts
from bot.logic.misunderstanding import MISUNDERSTANDING_ACTION, misunderstood_in_a_row, should_offer_menu
from knowledge.queries import facts_by_keys

HOW_TO_REACH_PO = "po.how_to_reach"


def earlier_turns(events: list[dict[str, Any]]) -> list[list[str]]:
    """The actions that answered each user message before the current one, oldest first."""
    turns: list[list[str]] = []
    for event in events:
        if event.get("event") == "user":
            turns.append([])
        elif event.get("event") == "action" and turns:
            turns[-1].append(event.get("name"))
    return turns[:-1]


class ActionHandleMisunderstanding(Action):
    """First miss: ask to rephrase. Second miss in a row: the menu and a way to a human."""

    def name(self) -> str:
        return MISUNDERSTANDING_ACTION

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict[str, Any]]:
        if should_offer_menu(misunderstood_in_a_row(earlier_turns(tracker.events))):
            dispatcher.utter_message(response="utter_still_not_understood")
            dispatcher.utter_message(response="utter_menu")
            say_facts(dispatcher, facts_by_keys([HOW_TO_REACH_PO]))
        elif tracker.latest_message.get("intent", {}).get("name") == "out_of_scope":
            dispatcher.utter_message(response="utter_out_of_scope")
        else:
            dispatcher.utter_message(response="utter_please_rephrase")
        return []
