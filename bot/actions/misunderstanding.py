from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.eligibility import screen_from_age
from bot.actions.offices import ActionFindOffice, another_office_asked
from bot.actions.questions import (
    LAST_AUTHORITY_SLOT,
    answer_with_what_else,
    follow_up_of,
    po_follow_up_of,
    previous_question,
    remember_answer,
    say_answer,
    selected_question,
)
from bot.actions.say import say_all, typed_text
from bot.actions.selector import guesses
from bot.actions.turns import names_per_earlier_turn
from bot.logic.follow_up import age_after_who_fits, asks_about_the_office_there
from bot.logic.misunderstanding import (
    MISUNDERSTANDING_ACTION,
    SOMETHING_ELSE,
    TOPIC_GUESSES,
    UNSURE_INTENT,
    Recovery,
    misunderstood_in_a_row,
    recovery,
)
from bot.logic.offices import decide_office, names_a_sure_place, office_contact
from bot.logic.questions import SURE_QUESTION, handled_for_someone, in_context
from bot.logic.say import Say, facts_said
from knowledge.queries import authorities_mentioned, facts_by_keys, question
from knowledge.records import Question

HOW_TO_REACH_PO = "po.how_to_reach"
OUT_OF_SCOPE = "out_of_scope"


def _a_human(tracker: Tracker) -> list[Say]:
    """The person's own office when it is known, else how to reach PO; and the contact request."""
    code = tracker.get_slot("kommun_code")
    decision = decide_office(code, tracker.get_slot("area")) if code else None
    says = [Say(response="utter_still_not_understood")]
    if decision is not None and decision.office is not None:
        says += office_contact(decision.office, decision.kommun)
    else:
        says += facts_said(facts_by_keys([HOW_TO_REACH_PO]))
    return says + [Say(response="utter_offer_a_human", buttons=(TOPIC_GUESSES["ask_human"], SOMETHING_ELSE))]


class ActionHandleMisunderstanding(Action):
    """A follow-up is read from the answer before it, and a question the selector is sure of is answered;
    a real miss gets a guess with choices, the next miss in a row a human. Never the same twice."""

    def name(self) -> str:
        return MISUNDERSTANDING_ACTION

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict[str, Any]]:
        earlier = names_per_earlier_turn(tracker.events)
        text = typed_text(tracker)
        if (age := age_after_who_fits(text, previous_question(tracker))) is not None:
            return screen_from_age(dispatcher, tracker, age)
        intent = tracker.latest_message.get("intent", {}).get("name")
        # Only where the intent model was unsure: nonsense and questions outside the bot's field stay what they are,
        # unless they ask about the ombud office of a place they name.
        if text and intent in (UNSURE_INTENT, OUT_OF_SCOPE):
            # Outside the field only as the model read it: "kostar dom nånting alls" right after an answer about PO.
            if intent == OUT_OF_SCOPE and (asked_next := po_follow_up_of(tracker)) is not None:
                return say_answer(dispatcher, tracker, asked_next)
            sure_place = names_a_sure_place(text)
            named = [a.key for a in authorities_mentioned(text)]
            if intent == UNSURE_INTENT:
                if another_office_asked(tracker, text, sure_place):
                    return ActionFindOffice().run(dispatcher, tracker, domain)
                if (asked := _question_meant(tracker, text, named)) is not None:
                    say_all(dispatcher, answer_with_what_else(asked, tracker, text))
                    return remember_answer(asked.key)
            if asks_about_the_office_there(text, sure_place, named):
                return ActionFindOffice().run(dispatcher, tracker, domain)
        misses = misunderstood_in_a_row(earlier)
        if recovery(misses) is Recovery.HUMAN:
            say_all(dispatcher, _a_human(tracker))
        elif intent == OUT_OF_SCOPE:
            dispatcher.utter_message(response="utter_out_of_scope")
        else:
            say_all(dispatcher, guesses(tracker))
        return []


def _question_meant(tracker: Tracker, text: str, named: list[str]) -> Question | None:
    """A follow-up read from the answer before it, a question the selector is sure of, or else a named authority's
    number asked for someone else (whose answer starts with the fullmakt); `named`: the authorities the text names."""
    key = follow_up_of(tracker, text, named)
    if key is None:
        selected, confidence = selected_question(tracker)
        key = (in_context(selected, named, tracker.get_slot(LAST_AUTHORITY_SLOT))
               if selected and confidence >= SURE_QUESTION else handled_for_someone(text, named))
    return question(key) if key else None
