"""Questions about the chat service itself, answered from bot/logic/service.py."""
from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.questions import po_follow_up_of, say_answer
from bot.actions.say import say_all, typed_text
from bot.actions.selector import selected_question
from bot.actions.turns import responses_of_the_last_turn
from bot.logic.lone_yes import SOMEONE_CAN_HELP, a_way_to_start, cannot_send_there, still_asks_to_send
from bot.logic.offices import support_instead
from bot.logic.say import Say
from bot.logic.service import (
    GENERAL,
    REQUEST,
    asks_a_known_question_instead,
    offer_a_request,
    service_topics,
    speaks_to_the_service,
    wishes_for_help,
)
from casework.handoffs import DEFAULT_ANY_RETENTION_DAYS
from knowledge.queries import office


class ActionAnswerAboutService(Action):
    """Read aloud, larger text, a link to share, what is kept; or what the bot can do at all."""

    def name(self) -> str:
        return "action_answer_about_service"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict[str, Any]]:
        typed = typed_text(tracker)
        topics = service_topics(typed)
        if topics == [GENERAL] and (asked := po_follow_up_of(tracker)):  # "är det lång kö dit?" after PO
            return say_answer(dispatcher, tracker, asked)
        selected, confidence = selected_question(tracker)
        if selected and asks_a_known_question_instead(typed, confidence):
            return say_answer(dispatcher, tracker, selected)
        refused_by = office(tracker.get_slot("handoff_office") or "")
        if refused_by is not None and still_asks_to_send(responses_of_the_last_turn(tracker.events), typed):
            # "kan inte du bara skicka det åt mig" right after "they take no requests here": still not, and their phone.
            say_all(dispatcher, cannot_send_there(refused_by, tracker.get_slot("kommun_code")))
            return []
        if wishes_for_help(typed):  # "behöver nån som hjälper mig": a way to an ombud, not what the bot is
            say_all(dispatcher, [a_way_to_start(SOMEONE_CAN_HELP)])
            return []
        # Asking what other support there is, not put to the bot: what else the kommun may give.
        if topics == [GENERAL] and not speaks_to_the_service(typed) and (instead := support_instead(typed)):
            say_all(dispatcher, instead)
            return []
        for topic in topics:
            if topic == GENERAL:
                dispatcher.utter_message(response="utter_capabilities")
            elif topic == REQUEST:
                say_all(dispatcher, [Say(response="utter_handoff_intro"), offer_a_request()])
            else:
                dispatcher.utter_message(response=f"utter_service_{topic}", max_days=str(DEFAULT_ANY_RETENTION_DAYS))
        if REQUEST not in topics:  # the offer of a request is the way on
            dispatcher.utter_message(response="utter_menu")
        return []
