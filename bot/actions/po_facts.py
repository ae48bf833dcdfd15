from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.say import say_facts
from knowledge.queries import facts_by_keys

WHAT_IS_PO = ["po.what", "po.target_group", "po.client_mandate", "po.free_voluntary", "po.confidentiality"]


class ActionExplainPo(Action):
    def name(self) -> str:
        return "action_explain_po"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict[str, Any]]:
        say_facts(dispatcher, facts_by_keys(WHAT_IS_PO))
        # Inside the screener the next question follows, so no menu here.
        if not tracker.active_loop_name:
            dispatcher.utter_message(response="utter_what_next")
        return []
