from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.questions import selected_question
from bot.actions.say import say_all, say_facts, typed_text
from bot.logic.english import reply_in_other_language
from bot.logic.lone_yes import answer_lone_yes
from knowledge.queries import facts_by_keys

RELATIVE_FACTS = ["po.relatives", "org.kommunens_anhorigstod", "org.anhorigas_riksforbund"]


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
    """The answer in English when the knowledge base has it so; otherwise a notice with the emergency numbers."""

    def name(self) -> str:
        return "action_other_language"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict[str, Any]]:
        key, confidence = selected_question(tracker)
        say_all(dispatcher, reply_in_other_language(typed_text(tracker), key, confidence))
        return []


def last_bot_turn_responses(tracker: Tracker) -> list[str]:
    """The responses the bot gave between the person's last two messages (a bot event's utter_action)."""
    responses: list[str] = []
    users_seen = 0
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            users_seen += 1
            if users_seen == 2:
                break
        elif event.get("event") == "bot" and users_seen == 1:
            action = (event.get("metadata") or {}).get("utter_action")
            if action:
                responses.append(action)
    return responses


class ActionAnswerLoneYes(Action):
    """A yes with no question before it: the menu, or, after "that office takes no requests here",
    the office's phone again when the person still asks to send."""

    def name(self) -> str:
        return "action_answer_lone_yes"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict[str, Any]]:
        say_all(dispatcher, answer_lone_yes(last_bot_turn_responses(tracker), typed_text(tracker),
                                            tracker.get_slot("kommun_code"), tracker.get_slot("area"),
                                            bool(tracker.get_slot("homeless"))))
        return []
