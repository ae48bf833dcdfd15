from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.offices import ActionFindOffice, another_office_asked
from bot.actions.questions import LAST_AUTHORITY_SLOT, say_answer
from bot.actions.say import say_all, typed_text
from bot.actions.selector import selected_question
from bot.logic.offices import names_a_sure_place, says_where_one_lives
from bot.logic.terms import asked_term, asks_what_a_word_means, define, defining_question
from knowledge.queries import all_authorities, authorities_mentioned, search_facts


class ActionExplainTerm(Action):
    """'Vad är SIP?': a short explanation from the knowledge base, or an honest 'I cannot explain it'."""

    def name(self) -> str:
        return "action_explain_term"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict[str, Any]]:
        text = typed_text(tracker)
        # A place asked about right after an office answer asks for the office there, whatever word it names, and so
        # does one named as where someone lives ("min bror bor i Lilla Edet, hör han till er?"), unless the message
        # asks what a word means ("bor i Lund, vad betyder SGI?").
        lives_there = says_where_one_lives(text) and not asks_what_a_word_means(text) and names_a_sure_place(text)
        if text and (another_office_asked(tracker, text) or lives_there):
            return ActionFindOffice().run(dispatcher, tracker, domain)
        term = asked_term(text)
        if defined := defining_question(term, *selected_question(tracker)):
            return say_answer(dispatcher, tracker, defined)
        definition = define(term, authorities_mentioned(term) if term else [], all_authorities(), search_facts,
                            offer_more=not tracker.active_loop_name)
        if definition is None:
            dispatcher.utter_message(response="utter_term_unknown")
            return []
        say_all(dispatcher, definition.says)
        # "lönebidrag vad e det", then "hur når jag dom": the authority explained is the one talked about.
        return [SlotSet(LAST_AUTHORITY_SLOT, definition.authority)] if definition.authority else []
