"""The contact request's form, adapted to Rasa: which questions, what answers mean and what to say
are decided in bot/logic/handoff.py; storing and withdrawing are in bot/actions/handoff_sent.py."""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot.actions.forms import FormWithExits
from bot.actions.offices import OFFERED_PLACE_SLOT, reply_to_the_offered_place
from bot.actions.say import last_typed_text, say_all, say_facts
from bot.actions.selector import selected_question
from bot.actions.turns import earlier_texts, intents_this_visit, said_by_person, writes_for_someone_else
from bot.logic import handoff as h
from bot.logic.about_whom import someone_else
from bot.logic.eligibility import writer_under_adult_age
from bot.logic.english import CONTACT_REQUEST_IN_SWEDISH
from bot.logic.forms import UNCLEAR_SLOT, unclear_count
from bot.logic.handoff_answers import contact_was_removed, declines
from bot.logic.language import ENGLISH, language_of
from bot.logic.offices import decide_office, decide_place, home_told_earlier
from bot.logic.say import Say
from bot.logic.small_talk import asks_only_what_the_bot_is
from casework import handoffs
from casework.accounts import office_has_inbox
from knowledge.queries import authorities_mentioned, facts_by_keys, find_municipality, office

CONSENT_FACTS = ["po.confidentiality", "po.not_acute"]
# Filled by the actions, not asked: the office and the text the ombud will receive.
STATE_SLOTS = ("handoff_office", h.SUMMARY)


def _summary(tracker: Tracker, place: str | None) -> str:
    """The text proposed to the ombud, from this visit only: nothing said before "Börja om" is in it."""
    contacts = [found.name for e in said_by_person(tracker) for found in authorities_mentioned(e.get("text") or "")]
    return h.summary_text(place, h.needs_from(intents_this_visit(tracker)), list(dict.fromkeys(contacts)))


def request_of(tracker: Tracker) -> h.Request:
    office_id = tracker.get_slot("handoff_office")
    chosen = office(office_id) if office_id else None
    return h.Request(answers={q: tracker.get_slot(q) for q in h.QUESTIONS}, office_id=office_id,
                     # Asked for someone else, in the relatives' path or in the screener: that person must agree.
                     relative=writes_for_someone_else(tracker),
                     # Unknown while the database is down: the questions go on, and the end says if it was not stored.
                     office_reads_requests=chosen is not None and office_has_inbox(chosen.id) is not False,
                     priority_groups=chosen.priority_groups if chosen else ())


class ActionHandoffIntro(Action):
    """Before anything is stored: what happens, who receives it, tystnadsplikt, and how long it is kept.
    Where nobody could read a request, nothing is promised: the form ends at once and says how to reach them."""

    def name(self) -> str:
        return "action_handoff_intro"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict[str, Any]]:
        typed = tracker.latest_message.get("text") or ""
        # "kan nån ringa mig? jag bor i Västerås": where no place is known yet, a place named in the asking message
        # is where to send it; never one said about someone else, whose place may not be the writer's.
        for_someone_else = writes_for_someone_else(tracker) or someone_else(typed) is not None
        cleared = [*(SlotSet(q, None) for q in h.QUESTIONS), SlotSet(UNCLEAR_SLOT, None)]
        if not for_someone_else and writer_under_adult_age(typed, tracker.get_slot("screen_age"), False,
                                                           earlier_texts(tracker)):
            # An ombud cannot take someone under 18: no health data of a child is asked for a request nobody can
            # act on; the form ends at once, with where young people get help.
            return [*cleared, SlotSet("handoff_office", None), SlotSet(h.PLACE, h.TOO_YOUNG)]
        unknown = not tracker.get_slot("kommun_code") and not for_someone_else
        named = decide_place(find_municipality(typed)).sure if typed and unknown else None
        if named is None and unknown:
            named = home_told_earlier(earlier_texts(tracker))
        code, area = ((named.kommun_code, named.area) if named
                      else (tracker.get_slot("kommun_code"), tracker.get_slot("area")))
        decision = decide_office(code, area, bool(tracker.get_slot("homeless"))) if code else None
        chosen = decision.office if decision else None
        place = h.place_name(code, area)
        events = [*cleared, SlotSet("handoff_office", chosen.id if chosen else None),
                  SlotSet(h.SUMMARY, _summary(tracker, place))]
        if named:
            events += [SlotSet("kommun_code", code), SlotSet("area", area)]
        # "Ring mig på 070-…", "kan nån ringa mig": the way to reach the person is not asked again.
        events += [SlotSet(question, value) for question, value in h.contact_asked_for(typed).items()]
        if contact_was_removed(typed):
            dispatcher.utter_message(response="utter_contact_details_removed")
        # Nothing is promised unless an ombud is known to read requests now.
        if decision and (decision.none_known or (chosen and office_has_inbox(chosen.id) is not True)):
            return [*events, SlotSet(h.PLACE, place)]
        # Also when the request was chosen with a button after writing in English.
        if language_of(last_typed_text(tracker)) == ENGLISH:
            dispatcher.utter_message(text=CONTACT_REQUEST_IN_SWEDISH)
        receiver = [Say(response="utter_handoff_receiver", values={"office": chosen.name})] if chosen else []
        say_all(dispatcher, [Say(response="utter_handoff_intro"), *receiver])
        say_facts(dispatcher, facts_by_keys(CONSENT_FACTS))
        days = {"closed_days": str(handoffs.DEFAULT_CLOSED_RETENTION_DAYS),
                "max_days": str(handoffs.DEFAULT_ANY_RETENTION_DAYS)}
        say_all(dispatcher, [Say(response="utter_handoff_retention", values=days), Say(response="utter_handoff_skip")])
        return events


class ActionAskHandoffFlags(Action):
    """Asks only about the priority facts this office's own priority groups name."""

    def name(self) -> str:
        return "action_ask_handoff_flags"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict[str, Any]]:
        buttons = h.flag_buttons(request_of(tracker).flags_asked)
        say_all(dispatcher, [Say(response="utter_ask_handoff_flags", buttons=buttons)])
        return []


def _asks(question: str) -> Any:
    def validate(self: ValidateHandoffForm, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                 domain: DomainDict) -> dict[str, Any]:
        if h.asked_instead_of_an_answer(question, str(value), selected_question(tracker)[1]):
            return self.unclear(dispatcher, tracker, question)
        request = request_of(tracker)
        reading = h.read_answer(question, str(value), request)
        say_all(dispatcher, reading.says)
        if reading.understood:  # a readable answer sets the count back, whatever it fills
            counted = unclear_count(tracker.get_slot(UNCLEAR_SLOT))
            # Rasa has put the typed text in the question's slot: an answer that fills only other questions
            # (a new number typed where the whole request waits for a yes) leaves this one to be asked again.
            return {question: None, **reading.values, **({UNCLEAR_SLOT: 0} if counted else {})}
        return self.unclear(dispatcher, tracker, question,
                            [h.which(question) if reading.which else h.explanation(question, request)])
    return validate


class ValidateHandoffForm(FormWithExits):
    """Asks only what this office and channel need, says how many questions are left, and never asks a
    question a third time: an unclear answer is explained once, then the form moves on (bot/logic/handoff.py)."""

    def name(self) -> str:
        return "validate_handoff_form"

    async def required_slots(self, domain_slots: list[str], dispatcher: CollectingDispatcher, tracker: Tracker,
                             domain: DomainDict) -> list[str]:
        return h.questions(request_of(tracker))

    async def get_validation_events(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                                    domain: DomainDict) -> list[dict[str, Any]]:
        # Asked whether a person reads, the bot says what it is before anything else; what the form took from the
        # message is no answer, and the question counts as unclear, so that it is never asked a third time.
        message = tracker.latest_message
        asked = tracker.get_slot("requested_slot")
        intent = str((message.get("intent") or {}).get("name") or "")
        if asked and asks_only_what_the_bot_is(message.get("text") or "", intent):
            dispatcher.utter_message(response="utter_iam_bot")
            values = {**dict.fromkeys(tracker.slots_to_validate()), **self.unclear(dispatcher, tracker, asked,
                                                                                  explanation=[], answered=True)}
            return [SlotSet(slot, value) for slot, value in values.items()]
        return await super().get_validation_events(dispatcher, tracker, domain)

    async def next_requested_slot(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                                  domain: DomainDict) -> dict[str, Any]:
        request = request_of(tracker)
        if note := h.questions_left(request, tracker.get_slot("requested_slot")):
            dispatcher.utter_message(text=note)
        return SlotSet("requested_slot", next(iter(h.still_to_ask(request)), None))

    def move_on(self, slot: str) -> tuple[Sequence[Say], Mapping[str, Any]]:
        """This form's ways on (bot/logic/handoff.py): asking for a human here would start it again."""
        step = h.move_on(slot)
        return step.says, step.values

    validate_handoff_person_agrees = _asks(h.PERSON_AGREES)
    validate_handoff_own_words = _asks(h.OWN_WORDS)
    validate_handoff_contact_method = _asks(h.CONTACT_METHOD)
    validate_handoff_contact_value = _asks(h.CONTACT_VALUE)
    validate_handoff_contact_time = _asks(h.CONTACT_TIME)
    validate_handoff_name = _asks(h.NAME)
    validate_handoff_ombud_wish = _asks(h.OMBUD_WISH)
    validate_handoff_flags = _asks(h.FLAGS)
    validate_handoff_share_transcript = _asks(h.SHARE_TRANSCRIPT)
    validate_handoff_confirm = _asks(h.CONFIRM)
    validate_handoff_change = _asks(h.CHANGE_WHAT)

    def validate_handoff_place(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                               domain: DomainDict) -> dict[str, Any]:
        if value == h.TOO_YOUNG:  # set by the introduction for someone under 18: not a place to read
            return {h.PLACE: h.TOO_YOUNG}
        offer = reply_to_the_offered_place(tracker)
        if offer.refused:  # "nej" to "Menar du Malmö?": which place, then
            say_all(dispatcher, [h.explanation(h.PLACE, request_of(tracker))])
            return {h.PLACE: None, OFFERED_PLACE_SLOT: None}
        text = offer.chosen or str(value)
        answer = h.read_place(text, tracker.get_slot("kommun_code"), bool(tracker.get_slot("homeless")))
        if answer.values:
            chosen = office(str(answer.values.get("handoff_office") or ""))
            if chosen is not None and office_has_inbox(chosen.id) is not False:
                # Who will read it, and the office's own number: a call may be quicker than waiting.
                say_all(dispatcher, h.reach(chosen, str(answer.values["kommun_code"]), "utter_handoff_receiver"))
            return {**answer.values, **({h.SUMMARY: _summary(tracker, answer.place)} if answer.place else {})}
        if (contact := h.contact_before_the_place(text)) is not None and not answer.offered and not answer.city:
            say_all(dispatcher, contact.says)
            return dict(contact.values)
        if declines(text) and not answer.offered and not answer.city:
            return {h.PLACE: h.DECLINED}  # the request ends, and says that nothing was sent
        result = self.unclear(dispatcher, tracker, h.PLACE, answer.ask_back)
        kept = {"kommun_code": answer.city} if answer.city else {}
        return {**result, **kept, **({OFFERED_PLACE_SLOT: answer.offered} if answer.offered else {})}
