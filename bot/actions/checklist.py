from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.questions import authority_of_the_answer_before
from bot.actions.turns import writes_for_someone_else
from bot.logic.about_whom import someone_elses_place
from bot.logic.checklist import checklist_text, names_another_destination, personal_checklist
from bot.logic.follow_up import names_po
from bot.logic.offices import decide_office, decide_place
from knowledge.queries import authorities_mentioned, authority, find_municipality


class ActionPrepareContact(Action):
    """One message to save: what to bring, say, ask and write down, with the known phone numbers."""

    def name(self) -> str:
        return "action_prepare_contact"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict[str, Any]]:
        text = tracker.latest_message.get("text") or ""
        chosen = next(tracker.get_latest_entity_values("authority"), None)
        named = authority(chosen) if chosen else next(iter(authorities_mentioned(text)), None)
        if (named is None and not names_po(text) and not names_another_destination(text)
                and (before := authority_of_the_answer_before(tracker))):
            # "vilka intyg vill dom se?" right after an answer about socialtjänsten is about contacting it; "vad tar
            # jag med till läkaren" is not.
            named = authority(before)
        code, area = tracker.get_slot("kommun_code"), tracker.get_slot("area")
        events = []
        # "ombud i Örebro ska jag ringa, vad ska jag säga": the office there goes in the list, and a later
        # "numret till dem då, vilket var det" knows it.
        if not code and not named and (place := decide_place(find_municipality(text)).sure):
            code, area = place.kommun_code, place.area
            # Where someone else lives is not kept as the writer's place ("hon bor i Malmö").
            if not (writes_for_someone_else(tracker) or someone_elses_place(text)):
                events += [SlotSet("kommun_code", code), SlotSet("area", area)]
        decision = decide_office(code, area, bool(tracker.get_slot("homeless"))) if code and not named else None
        message = checklist_text(personal_checklist(office=decision.office if decision else None, authority=named))
        dispatcher.utter_message(response="utter_checklist_intro")
        dispatcher.utter_message(text=message)
        if decision is not None and decision.needs_area:
            dispatcher.utter_message(response="utter_checklist_add_area", kommun=decision.kommun.name)
        elif not code and not named:
            dispatcher.utter_message(response="utter_checklist_add_office")
        return [*events, SlotSet("checklist", message)]
