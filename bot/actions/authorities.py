from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.questions import EXPLAIN_AUTHORITY_ACTION, LAST_AUTHORITY_SLOT, follow_up_of, say_answer
from bot.actions.say import say_all, say_facts, typed_text
from bot.actions.selector import selected_question
from bot.logic.authorities import (
    ACUTE_MONEY_AUTHORITY,
    ACUTE_MONEY_KEYS,
    GAP_KEYS,
    RIGHTS_KEYS,
    acute_money_answer,
    ask_which_authority,
    authority_answer,
    benefit_answer,
    benefits_asked,
    is_gap,
    mentions_acute_need,
)
from bot.logic.questions import SURE_QUESTION
from knowledge.queries import authorities_mentioned, authority, facts_by_keys


def _acute_money(dispatcher: CollectingDispatcher) -> None:
    social_services = authority(ACUTE_MONEY_AUTHORITY)
    assert social_services is not None, "the knowledge base lacks ekonomiskt bistånd"
    say_all(dispatcher, acute_money_answer(social_services, facts_by_keys(list(ACUTE_MONEY_KEYS))))


class ActionExplainAuthority(Action):
    """What an authority decides, the next step, deadlines, phone and the person's rights."""

    def name(self) -> str:
        return EXPLAIN_AUTHORITY_ACTION

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict[str, Any]]:
        text = typed_text(tracker)
        if mentions_acute_need(text):
            _acute_money(dispatcher)
            return []
        chosen = next(tracker.get_latest_entity_values("authority"), None)
        from_button = authority(chosen) if chosen else None
        named = [from_button] if from_button else authorities_mentioned(text)
        # A typed follow-up that names no authority ("vad gör jag nu?") is about the one talked about.
        earlier = authority(tracker.get_slot(LAST_AUTHORITY_SLOT) or "") if text and not named else None
        # "och hur lång tid har jag på mig?" right after it asks that authority's time to answer, not it all again.
        if earlier is not None and (follow_up := follow_up_of(tracker, text, [])):
            return say_answer(dispatcher, tracker, follow_up)
        if is_gap(named):
            say_facts(dispatcher, facts_by_keys(list(GAP_KEYS)))
            return []
        about = named[0] if named else earlier
        if about is None:
            # No authority in it, but a question the selector is sure of ("har ingen diagnos, räknas jag?"):
            # that question is answered rather than asking which authority.
            key, confidence = selected_question(tracker)
            if key and text and confidence >= SURE_QUESTION:
                return say_answer(dispatcher, tracker, key)
            say_all(dispatcher, ask_which_authority())
            return []
        # "vad är sjukersättning hos fk": that benefit and the number, not all the authority does.
        asked = benefits_asked(about, text) if named and not from_button else []
        say_all(dispatcher, benefit_answer(about, asked) if asked
                else authority_answer(about, facts_by_keys(list(RIGHTS_KEYS)), text))
        return [SlotSet(LAST_AUTHORITY_SLOT, about.key)]


class ActionExplainGap(Action):
    """Caught between Försäkringskassan and Arbetsförmedlingen: why, and what helps."""

    def name(self) -> str:
        return "action_explain_gap"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict[str, Any]]:
        # "o arbetsförmedlingen då" right after Försäkringskassan's number names no two authorities, so no gap: a
        # follow-up to the answer before asks the same about the one it names.
        typed = typed_text(tracker)
        named = authorities_mentioned(typed)
        if not is_gap(named) and (follow_up := follow_up_of(tracker, typed, [authority.key for authority in named])):
            return say_answer(dispatcher, tracker, follow_up)
        say_facts(dispatcher, facts_by_keys(list(GAP_KEYS)))
        return []


class ActionAcuteMoney(Action):
    """No money or food today: nödbistånd from socialtjänsten, socialjouren after hours."""

    def name(self) -> str:
        return "action_acute_money"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict[str, Any]]:
        _acute_money(dispatcher)
        return []
