from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot.actions.forms import FormWithExits, back_to_the_form, ignores_emptied_slots, question_before_the_stop
from bot.actions.offices import OFFERED_PLACE_SLOT, ActionFindOffice, reply_to_the_offered_place
from bot.actions.questions import say_answer
from bot.actions.say import say_all, say_facts, typed_text
from bot.actions.turns import earlier_texts, responses_of_the_last_turn
from bot.logic import answers
from bot.logic.about_whom import goes_on_about, someone_else
from bot.logic.crisis.form_answers import is_plain_answer
from bot.logic.eligibility import (
    ADULT_AGE,
    AGE_QUESTION,
    CARE_AUTHORITY,
    NO,
    QUESTIONS,
    UNDER_18_HELP,
    UNKNOWN,
    Answers,
    Outcome,
    age_said_later,
    assess,
    named_question,
    parse_contacts,
    question_to_change,
    says_a_change,
    tells_an_age,
    too_young,
    which_answer,
)
from bot.logic.forms import UNCLEAR_SLOT, explain, goes_ahead, only_skips, ways_out
from bot.logic.offices import (
    ask_area,
    confirm_place,
    decide_office,
    decide_place,
    describe_decision,
    describe_office,
    names_a_sure_place,
    next_step_without_office,
    offered_place,
    office_in_passing,
    says_where_one_lives,
)
from bot.logic.say import Say
from knowledge.queries import authorities_mentioned, facts_by_keys, find_municipality

FORM = "eligibility_form"
INTRO = "utter_screen_intro"
# The slots a kommun answer fills, cleared together when the person changes it.
PLACE_SLOTS = ("screen_place", "kommun_code", "area")
# Contacts named while answering another question are kept from this many on.
CONTACTS_IN_PASSING = 2
OTHER_HELP = ["alt.social_services", "rights.sip"]
WHO_FITS = ["po.target_group", "po.no_diagnosis"]
# Asked for someone else: an ombud works only on that person's own wish, so that is said first.
FOR_SOMEONE_ELSE = ["po.target_group", "po.client_mandate"]
_CONTACT_SEPARATOR = ", "


def _contacts(text: str) -> list[str] | str | None:
    return parse_contacts(text, [a.name for a in authorities_mentioned(text) if a.key != CARE_AUTHORITY])


def _contacts_slot(value: list[str] | str) -> str:
    return value if isinstance(value, str) else (_CONTACT_SEPARATOR.join(value) or "ingen")


def fresh_screening(tracker: Tracker) -> list[dict[str, Any]]:
    """A new screening starts empty: earlier answers (maybe about someone else) are not reused."""
    return [*(SlotSet(slot, None) for slot in QUESTIONS if tracker.get_slot(slot) is not None),
            SlotSet(UNCLEAR_SLOT, 0)]


def screen_from_age(dispatcher: CollectingDispatcher, tracker: Tracker, age: int) -> list[dict[str, Any]]:
    """The screener for the writer, started with the age they just typed, at its next question (with none to come
    for someone under 18, none is announced)."""
    if not too_young(age):
        dispatcher.utter_message(response=INTRO)
    return [*fresh_screening(tracker), SlotSet("screening_someone_else", False), SlotSet("screening_for", None),
            SlotSet("screen_age", str(age)), FollowupAction(FORM)]


class ActionExplainWhoFits(Action):
    """'Kan jag få ombud?' is answered first, with who PO is for, before the screener's questions.

    'Kan min syster få ombud?' gets the same, plus that the ombud works on her own wish, and the
    screener's questions then name her; so does "hon är 40 och …" right after a message about her.
    """

    def name(self) -> str:
        return "action_explain_who_fits"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict[str, Any]]:
        typed = typed_text(tracker)
        person = someone_else(typed) or goes_on_about(typed, earlier_texts(tracker))
        fresh = fresh_screening(tracker)
        if person is None:
            say_facts(dispatcher, facts_by_keys(WHO_FITS))
            return [*fresh, SlotSet("screening_someone_else", False), SlotSet("screening_for", None)]
        say_facts(dispatcher, facts_by_keys(FOR_SOMEONE_ELSE))
        dispatcher.utter_message(response="utter_screen_for_someone_else", person=person)
        # Where the writer lives is not where the person lives: the place is asked again.
        return [*fresh, *(SlotSet(slot, None) for slot in PLACE_SLOTS), SlotSet("screening_someone_else", True),
                SlotSet("screening_for", person)]


class ActionPrefillEligibility(Action):
    """Keeps what the first message already said ('jag är 34 och har kontakt med FK och soc'), and says that
    questions follow, unless that already decides: someone under 18 hears the outcome at once."""

    def name(self) -> str:
        return "action_prefill_eligibility"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict[str, Any]]:
        text = tracker.latest_message.get("text") or ""
        events = []
        # "Jag är 50 och min son …": the writer's age is not the age of the person screened.
        for_someone_else = bool(tracker.get_slot("screening_someone_else"))
        stated = answers.their_age(text) if for_someone_else else answers.stated_age(text)
        if stated is not None:
            events.append(SlotSet("screen_age", str(stated)))
        place = decide_place(find_municipality(text)).sure
        decision = decide_office(place.kommun_code, place.area) if place else None
        # A city whose office depends on the part of town is asked about in the form, not guessed.
        known = decision if place and decision and not decision.needs_area else None
        if place and known:
            events += [SlotSet("screen_place", place.kommun), SlotSet("kommun_code", place.kommun_code),
                       SlotSet("area", place.area)]
        if not too_young(stated):
            if known and known.office:
                say_all(dispatcher, office_in_passing(known.office, known.kommun))
            dispatcher.utter_message(response=INTRO)
        contacts = _contacts(text)
        if isinstance(contacts, list) and contacts:
            events.append(SlotSet("screen_contacts", _contacts_slot(contacts)))
        return events


class ActionStopScreening(Action):
    """Stops the screener; "hoppa över" skips only the question asked, as the screener says it may."""

    def name(self) -> str:
        return "action_stop_screening"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict[str, Any]]:
        asked = question_before_the_stop(tracker)
        if asked and only_skips(typed_text(tracker)):
            return back_to_the_form("eligibility_form", asked, dict(tracker.latest_message))
        say_all(dispatcher, [Say(response="utter_screen_stopped"), Say(response="utter_menu")])
        return []


class ValidateEligibilityForm(FormWithExits):
    """One validator per question; 'vet inte' is a fine answer, and an unclear one is explained, then skipped."""

    def name(self) -> str:
        return "validate_eligibility_form"

    def move_on(self, slot: str) -> tuple[Sequence[Say], Mapping[str, Any]]:
        """An answer unclear twice counts as 'vet inte', and the person may stop or reach a human."""
        return ways_out(skipped=True), {slot: UNKNOWN}

    async def required_slots(self, domain_slots: list[str], dispatcher: CollectingDispatcher, tracker: Tracker,
                             domain: DomainDict) -> list[str]:
        age = answers.age(tracker.get_slot("screen_age") or "")
        # Asks only what matters: under 18, or no difficulties, already decides what to suggest.
        if too_young(age):
            return ["screen_age"]
        if tracker.get_slot("screen_hard") == NO:
            return ["screen_age", "screen_hard"]
        if tracker.get_slot("kommun_code"):
            return [slot for slot in domain_slots if slot != "screen_place"]
        return domain_slots

    @ignores_emptied_slots
    def validate_screen_age(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                            domain: DomainDict) -> dict[str, Any]:
        age = answers.age(str(value))
        if age is None and goes_ahead(str(value)) and INTRO in responses_of_the_last_turn(tracker.events):
            # "ja" to "Jag ställer några korta frågor" is a go-ahead, not an unclear age: the form asks again, and
            # the explanation is kept for an answer it cannot read.
            return {"screen_age": None}
        return self.unclear(dispatcher, tracker, "screen_age") if age is None else {"screen_age": str(age)}

    def _read(self, slot: str, answer: str | None, dispatcher: CollectingDispatcher, tracker: Tracker
              ) -> dict[str, Any]:
        later = age_said_later(typed_text(tracker), tracker.get_slot("screen_age"))
        if later is not None and later.corrects:
            say_all(dispatcher, [Say(text=later.said_back)])
            return {slot: None, "screen_age": str(later.age)}
        read = self.unclear(dispatcher, tracker, slot) if answer is None else {slot: answer}
        if later is not None:
            read = {**read, "screen_age": str(later.age)}
        return {**read, **self._contacts_in_passing(tracker)}

    @staticmethod
    def _contacts_in_passing(tracker: Tracker) -> dict[str, Any]:
        # "ja det är fk, psyk och soc inblandade" to another question: those contacts need not be asked for. One
        # named ("ja, FK sa nej") may not be all of them, and the question stays.
        if tracker.get_slot("screen_contacts"):
            return {}
        named = _contacts(typed_text(tracker))
        if not isinstance(named, list) or len(named) < CONTACTS_IN_PASSING:
            return {}
        return {"screen_contacts": _contacts_slot(named)}

    @ignores_emptied_slots
    def validate_screen_hard(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                             domain: DomainDict) -> dict[str, Any]:
        return self._read("screen_hard", answers.hard_in_daily_life(str(value)), dispatcher, tracker)

    @ignores_emptied_slots
    def validate_screen_long_term(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                  domain: DomainDict) -> dict[str, Any]:
        return self._read("screen_long_term", answers.long_term(str(value)), dispatcher, tracker)

    @ignores_emptied_slots
    def validate_screen_coordinated(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                    domain: DomainDict) -> dict[str, Any]:
        return self._read("screen_coordinated", answers.yes_no(str(value)), dispatcher, tracker)

    @ignores_emptied_slots
    def validate_screen_contacts(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                 domain: DomainDict) -> dict[str, Any]:
        contacts = _contacts(str(value))
        return self.unclear(dispatcher, tracker, "screen_contacts") if contacts is None else {
            "screen_contacts": _contacts_slot(contacts)}

    @ignores_emptied_slots
    def validate_screen_place(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                              domain: DomainDict) -> dict[str, Any]:
        offer = reply_to_the_offered_place(tracker)
        if offer.refused:  # "nej" to "Menar du Malmö?": which place, then
            say_all(dispatcher, [explain("screen_place")])
            return {"screen_place": None, OFFERED_PLACE_SLOT: None}
        text = offer.chosen or str(value)
        # The place mapping also takes "Han bor i Kungsbacka" said to another question (domain.yml).
        asked = tracker.get_slot("requested_slot")
        in_passing = asked is not None and asked != "screen_place"
        if answers.yes_no(text) == UNKNOWN:
            return {"screen_place": UNKNOWN}
        decision = decide_place(find_municipality(text))
        if decision.sure:
            place = decision.sure
            office = decide_office(place.kommun_code, place.area, bool(tracker.get_slot("homeless")))
            if office is not None and office.needs_area:
                say_all(dispatcher, ask_area(office, inside_a_form=True))
                return {"screen_place": None}
            if office is not None and in_passing:
                # Told now, so that the person need not ask again; the question asked before comes next.
                say_all(dispatcher, describe_decision(office, next_step_without_office()))
            kept = {"screen_place": place.kommun, "kommun_code": place.kommun_code, "area": place.area}
            # "22 o bor i Piteå" to "Hur gammal är du?" answers it too.
            age = answers.age(text) if asked == "screen_age" else None
            return {**kept, "screen_age": str(age)} if isinstance(age, int) else kept
        if decision.options:
            say_all(dispatcher, confirm_place(decision.options, inside_a_form=True))
            return {"screen_place": None, OFFERED_PLACE_SLOT: offered_place(decision.options)}
        if in_passing:
            if says_where_one_lives(text) and answers.yes_no(text) is None:
                # "jag bor i Hunnebostrand" to another question: said, and that question is asked again.
                say_all(dispatcher, [Say(response="utter_place_not_found")])
                return {"screen_place": None}
            # Read as a place by mistake ("i typ fem år" to the age question): it answers the question asked,
            # unless that question's own mapping has taken it already.
            if asked in tracker.slots_to_validate():
                return {"screen_place": None}
            answer_asked = getattr(self, f"validate_{asked}")
            return {"screen_place": None, **answer_asked(text, dispatcher, tracker, domain)}
        return self.unclear(dispatcher, tracker, "screen_place",
                            [Say(response="utter_place_not_found"), explain("screen_place")])


def answers_from(tracker: Tracker) -> Answers:
    contacts = tracker.get_slot("screen_contacts")
    parsed_contacts: list[str] | str | None
    if contacts in (None, UNKNOWN):
        parsed_contacts = contacts
    else:
        parsed_contacts = [] if contacts == "ingen" else contacts.split(_CONTACT_SEPARATOR)
    return Answers(
        age=answers.age(tracker.get_slot("screen_age") or ""),
        daily_life_hard=tracker.get_slot("screen_hard"),
        long_term=tracker.get_slot("screen_long_term"),
        contacts=parsed_contacts,
        coordinated=tracker.get_slot("screen_coordinated"),
    )


class ActionEligibilityOutcome(Action):
    """One of three outcomes with its reasons, the office's own rules, and always a next step."""

    def name(self) -> str:
        return "action_eligibility_outcome"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict[str, Any]]:
        code = tracker.get_slot("kommun_code")
        decision = decide_office(code, tracker.get_slot("area"), bool(tracker.get_slot("homeless"))) if code else None
        office = decision.office if decision else None
        result = assess(answers_from(tracker), office)
        say_all(dispatcher, [Say(response=f"utter_outcome_{result.outcome.value}")])
        say_all(dispatcher, [Say(response=reason, values={"min_age": str(ADULT_AGE)}) for reason in result.reasons])
        if result.office_limits:
            say_all(dispatcher, [Say(response="utter_office_rules"), Say(text=" ".join(result.office_limits))])
        say_all(dispatcher, [Say(response="utter_not_a_decision")])
        if result.outcome is Outcome.OTHER_HELP:
            say_facts(dispatcher, facts_by_keys(list(UNDER_18_HELP) if result.under_18 else OTHER_HELP))
        elif decision is not None and office is not None:
            say_all(dispatcher, describe_office(office, decision.kommun))
        elif decision is not None and decision.needs_area:
            say_all(dispatcher, ask_area(decision))
            return []
        say_all(dispatcher, [Say(response="utter_eligibility_next")])
        return []


class ActionChangeAnswer(Action):
    """'Jag svarade fel': clears the answer meant, so the form asks it again; asks which when unclear."""

    def name(self) -> str:
        return "action_change_answer"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict[str, Any]]:
        answered = [slot for slot in QUESTIONS if tracker.get_slot(slot) is not None]
        typed = typed_text(tracker)
        named = next(tracker.get_latest_entity_values("question"), None) or named_question(typed)
        asking = tracker.get_slot("requested_slot") if tracker.active_loop_name == FORM else None
        if asking and typed and not says_a_change(typed) and is_plain_answer(asking, typed):
            # "jag är 40" to "Hur gammal är du?" reads like a correction to the model; it is the answer.
            return back_to_the_form(FORM, asking, dict(tracker.latest_message))
        question = question_to_change(named, answered, asking)
        # Nothing to change: what the message tells is answered, and the rule that asks which answer ends here.
        if question is None and asking is None and not answered and typed and names_a_sure_place(typed):
            return [*ActionFindOffice().run(dispatcher, tracker, domain), SlotSet("answer_cleared", False)]
        if question is None and asking is None and not answered and typed and tells_an_age(typed):
            return [*say_answer(dispatcher, tracker, AGE_QUESTION), SlotSet("answer_cleared", False)]
        sent = tracker.get_slot("handoff_reference")
        if question is None and asking is None and not answered and sent:
            # "ångrar mig, kan du ta tillbaka den" right after a request was sent: a sent request is not changed,
            # it is taken back (and a new one made), so the bot offers that with one button.
            dispatcher.utter_message(response="utter_handoff_sent_unchangeable", reference=sent)
            return [SlotSet("answer_cleared", False)]
        if question is None:
            if answered:
                say_all(dispatcher, [which_answer(answered)])
            else:
                dispatcher.utter_message(response="utter_nothing_to_change")
            return [SlotSet("answer_cleared", False)]
        dispatcher.utter_message(response="utter_change_answer")
        cleared = PLACE_SLOTS if question == "screen_place" else (question,)
        return [*(SlotSet(slot, None) for slot in cleared), SlotSet("answer_cleared", True)]
