from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.say import say_all, typed_text
from bot.logic.offices import (
    ask_area,
    choose_offices,
    confirm_place,
    decide_place,
    describe_office,
    mentions_homelessness,
    needs_area,
    no_office,
)
from bot.logic.say import Say
from knowledge.queries import (
    NO_KNOWN_OFFICE,
    closed_offices_for,
    fact,
    find_municipality,
    kommun,
    no_po_report,
    offices_for,
)
from knowledge.records import PlaceMatch


def _stored_place(tracker: Tracker) -> PlaceMatch | None:
    code = tracker.get_slot("kommun_code")
    known = kommun(code) if code else None
    if known is None:
        return None
    return PlaceMatch(known.code, known.name, known.lan, known.name, "kommun", tracker.get_slot("area"), 100.0)


class ActionFindOffice(Action):
    """Finds the office for the place in the message (or the one given before) and describes it."""

    def name(self) -> str:
        return "action_find_office"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict[str, Any]]:
        message = tracker.latest_message
        place_entity = next(tracker.get_latest_entity_values("place"), None)
        text = place_entity or typed_text(tracker)
        homeless = (
            bool(tracker.get_slot("homeless"))
            or mentions_homelessness(text)
            or message.get("intent", {}).get("name") == "inform_homeless"
        )
        events: list[dict[str, Any]] = [SlotSet("homeless", True)] if homeless else []

        intent = message.get("intent", {}).get("name")
        decision = decide_place(find_municipality(text) if text else [])
        # A place given as an answer that matches nothing must not fall back to an older one.
        place = decision.sure or (None if decision.options or intent == "inform_place" else _stored_place(tracker))
        if decision.options:
            say_all(dispatcher, confirm_place(decision.options))
            return events
        if place is None:
            response = "utter_place_not_found" if intent == "inform_place" else None
            say_all(dispatcher, [Say(response=response)] if response else [])
            say_all(dispatcher, [Say(response="utter_ask_place")])
            return events

        events += [SlotSet("kommun_code", place.kommun_code), SlotSet("area", place.area)]
        offices = offices_for(place.kommun_code, place.area)
        if not offices:
            next_step = fact(NO_KNOWN_OFFICE)
            assert next_step is not None, "the knowledge base lacks po.no_known_office"
            say_all(dispatcher, no_office(place.kommun, next_step, no_po_report(place.kommun_code),
                                          closed_offices_for(place.kommun_code)))
            return events
        if not homeless and needs_area(place, offices):
            say_all(dispatcher, ask_area(place, offices))
            return events
        for office in choose_offices(offices, homeless):
            say_all(dispatcher, describe_office(office, place.kommun))
        say_all(dispatcher, [Say(response="utter_office_next")])
        return events
