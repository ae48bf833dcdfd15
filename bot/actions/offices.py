from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.say import say_all, say_facts, typed_text
from bot.actions.selector import question_ranking
from bot.actions.turns import earlier_texts, names_per_earlier_turn, responses_of_the_last_turn, responses_this_visit
from bot.logic.about_whom import someone_elses_place
from bot.logic.eligibility import UNDER_18_HELP, writer_under_adult_age
from bot.logic.english_offices import describe_decision_in_english, read_as_in_english
from bot.logic.follow_up import asks_for_another_office
from bot.logic.handoff import OFFER_AGAIN, offers_the_request_again
from bot.logic.language import ENGLISH, language_of
from bot.logic.offices import (
    ONE_PLACE_ASKED,
    OfferReply,
    OfficeDecision,
    confirm_place,
    decide_office,
    decide_place,
    describe_decision,
    help_where_you_are,
    homelessness_misread,
    mentions_homelessness,
    names_a_sure_place,
    next_step_without_office,
    offered_place,
    place_pointed_back_to,
    read_as,
    reply_to_offer,
    with_guess_said,
)
from bot.logic.say import Say
from bot.logic.several_questions import OFFICE_TOPIC, after_the_answer, also_asked, answered_at_once
from casework.accounts import office_has_inbox
from knowledge.queries import facts_by_keys, find_municipality, kommun
from knowledge.records import PlaceMatch

OFFERED_PLACE_SLOT = "offered_place"


def reply_to_the_offered_place(tracker: Tracker) -> OfferReply:
    """The person's answer to "Menar du Örebro?", when the bot asked it in the last turn."""
    if ONE_PLACE_ASKED not in responses_of_the_last_turn(tracker.events):
        return OfferReply()
    return reply_to_offer(typed_text(tracker), tracker.get_slot(OFFERED_PLACE_SLOT))


def _stored_place(tracker: Tracker) -> PlaceMatch | None:
    code = tracker.get_slot("kommun_code")
    known = kommun(code) if code else None
    if known is None:
        return None
    return PlaceMatch(known.code, known.name, known.lan, known.name, "kommun", tracker.get_slot("area"), 100.0)


def another_office_asked(tracker: Tracker, text: str, place_named: bool | None = None) -> bool:
    """"och i Lilla Edet?", "hon bor i Angered, täcker ni det?": a place asked about right
    after an office answer, whatever the model read it as. `place_named` (for sure), when the caller looked it up."""
    earlier = names_per_earlier_turn(tracker.events)
    return asks_for_another_office(text, earlier[-1] if earlier else [],
                                   names_a_sure_place(text) if place_named is None else place_named)


class ActionFindOffice(Action):
    """Finds the office for the place in the message (or the one given before) and describes it."""

    def name(self) -> str:
        return "action_find_office"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict[str, Any]]:
        place_entity = next(tracker.get_latest_entity_values("place"), None)
        return self.find(dispatcher, tracker, place_entity or typed_text(tracker))

    def find(self, dispatcher: CollectingDispatcher, tracker: Tracker, text: str) -> list[dict[str, Any]]:
        """The office for the place in `text`, or for the place given before when `text` names none."""
        message = tracker.latest_message
        intent = message.get("intent", {}).get("name")
        decision = decide_place(find_municipality(text) if text else [])
        homeless = (
            bool(tracker.get_slot("homeless"))
            or mentions_homelessness(text)
            or (intent == "inform_homeless" and not homelessness_misread(text, decision.sure))
        )
        events: list[dict[str, Any]] = [SlotSet("homeless", True)] if homeless else []

        # A place given as an answer that matches nothing must not fall back to an older one.
        place = decision.sure or decision.probable
        if place is None and not decision.options:
            place = place_pointed_back_to(text, earlier_texts(tracker))
        place = place or (None if decision.options or intent == "inform_place" else _stored_place(tracker))
        if decision.options and place is None:
            say_all(dispatcher, confirm_place(decision.options))
            return [*events, SlotSet(OFFERED_PLACE_SLOT, offered_place(decision.options))]
        office_decision = decide_office(place.kommun_code, place.area, homeless) if place else None
        if place is None or office_decision is None:
            response = "utter_place_not_found" if intent == "inform_place" else None
            say_all(dispatcher, [Say(response=response)] if response else [])
            if homeless:
                # Without a home the kommun where the person is now helps, today: that comes first.
                say_all(dispatcher, help_where_you_are())
            say_all(dispatcher, [Say(response="utter_ask_place_homeless" if homeless else "utter_ask_place")])
            return events

        events += [SlotSet("kommun_code", place.kommun_code), SlotSet("area", place.area)]
        typed = typed_text(tracker)
        kept_age_is_someone_elses = bool(tracker.get_slot("screening_someone_else"))
        if writer_under_adult_age(typed, tracker.get_slot("screen_age"), kept_age_is_someone_elses):
            # Someone who said they are 16 learns first that PO is for adults, and where young people get help.
            say_facts(dispatcher, facts_by_keys(list(UNDER_18_HELP)))
        next_step = next_step_without_office()
        in_english = describe_decision_in_english(office_decision, next_step) if language_of(typed) == ENGLISH else None
        described = in_english or describe_decision(office_decision, next_step)
        if place is decision.probable:
            described = with_guess_said(described, place, read_as_in_english if in_english else read_as)
        say_all(dispatcher, described)
        # An office asked for beside another question ("vilket kontor har Kalix? måste man betala?"): a short answer
        # to the other follows at once, a longer one is offered.
        other = also_asked(typed, OFFICE_TOPIC, message.get("intent_ranking") or [],
                           question_ranking(tracker)) if typed else None
        say_all(dispatcher, after_the_answer(typed, other, None, place.kommun_code, place.area, offer=False))
        # In English the answer ends with the note that this is a bot; the Swedish choices would not be read. Asked
        # inside a form, the form's question comes next, not a choice of what to do.
        if (other is None or answered_at_once(other) is not None) and not in_english and not tracker.active_loop_name \
                and (office_decision.offices or office_decision.none_known):
            say_all(dispatcher, [_next_after_the_office(tracker, office_decision, someone_elses_place(typed))])
        return events


def _next_after_the_office(tracker: Tracker, decision: OfficeDecision, someone_elses: bool) -> Say:
    """What to do next; where the one office found reads requests sent from here, asking it to get in touch too, and
    offering again a request that stopped for want of such a place, unless the place is someone else's."""
    single = decision.office if len(decision.offices) == 1 else None
    reads = single is not None and not tracker.get_slot("handoff_reference") and office_has_inbox(single.id) is True
    if single is not None and not someone_elses and offers_the_request_again(responses_this_visit(tracker), reads):
        return Say(response=OFFER_AGAIN, values={"office": single.name})
    return Say(response="utter_office_next_with_request" if reads else "utter_office_next")
