"""The contact request to a human ombud: consent first, the exact text shown, stored only on a yes."""
from __future__ import annotations

import logging
import re
import threading
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict
from sqlalchemy.exc import SQLAlchemyError

from bot.actions.say import say_all, say_facts
from bot.logic.handoff import (
    SKIPPED,
    is_skip,
    needs_from,
    parse_approval,
    parse_contact_method,
    parse_contact_time,
    parse_email,
    parse_flags,
    parse_ombud_wish,
    parse_phone,
    redact_personnummer,
    summary_text,
)
from bot.logic.offices import ask_area, confirm_place, decide_office, decide_place, office_contact, queue_info
from bot.logic.say import Say
from casework import handoffs
from casework.accounts import office_has_inbox
from knowledge.queries import authorities_mentioned, facts_by_keys, find_municipality, kommun, office
from knowledge.records import Kommun, Office

logger = logging.getLogger(__name__)

FORM = "handoff_form"
SLOTS = (
    "handoff_person_agrees", "handoff_place", "handoff_summary_ok", "handoff_own_words", "handoff_contact_method",
    "handoff_contact_value", "handoff_contact_time", "handoff_name", "handoff_ombud_wish", "handoff_flags",
    "handoff_share_transcript", "handoff_confirm",
)
# Filled by the actions, not asked: the office and the text the ombud will receive.
STATE_SLOTS = ("handoff_office", "handoff_summary")
CONSENT_FACTS = ["po.confidentiality", "po.not_acute"]
# Without a known office nothing can be sent; the honest way to a human is then the kommun itself.
NO_OFFICE_NEXT_STEP = ["po.how_to_reach", "po.not_acute", "crisis.emergency"]
RELATIVE_FACTS = ["po.client_mandate"]
_CODE_LIKE = re.compile(r"\b([A-Z0-9]{4})(-?)([A-Z0-9]{4})\b")
_FLAG_SEPARATOR = ","


def typed_reference(text: str) -> str | None:
    """A code the person typed ('ta bort k7pq-4xrt'). Plain words of eight letters are not codes:
    a code is written with its hyphen or holds a digit, and uses only the code alphabet."""
    for first, hyphen, second in _CODE_LIKE.findall(text.upper()):
        code = first + second
        if (hyphen or any(ch.isdigit() for ch in code)) and handoffs.is_code(code):
            return handoffs.format_reference(code)
    return None


def _user_texts(events: list[dict[str, Any]]) -> list[str]:
    return [e.get("text") or "" for e in events if e.get("event") == "user"]


def _this_visit(tracker: Tracker) -> list[dict[str, Any]]:
    """The events since the conversation was last (re)started: earlier visits are not shared."""
    events = list(tracker.events)
    starts = [i for i, e in enumerate(events) if e.get("event") in ("session_started", "restart")]
    return events[starts[-1] + 1:] if starts else events


def _user_intents(events: list[dict[str, Any]]) -> list[str]:
    return [(e.get("parse_data") or {}).get("intent", {}).get("name", "") for e in events if e.get("event") == "user"]


def _is_relative(tracker: Tracker) -> bool:
    """Someone asked on behalf of another person during this visit."""
    return "relative_help" in _user_intents(_this_visit(tracker))


def _summary(tracker: Tracker, place: str | None) -> str:
    """The text proposed to the ombud, from this visit only: nothing said before "Börja om" is in it."""
    visit = _this_visit(tracker)
    intents = _user_intents(visit)
    contacts: list[str] = []
    for text in _user_texts(visit):
        for found in authorities_mentioned(text):
            if found.name not in contacts:
                contacts.append(found.name)
    return summary_text(place, needs_from(intents), contacts)


def _place_name(kommun_code: str | None, area: str | None) -> str | None:
    known = kommun(kommun_code) if kommun_code else None
    if known is None:
        return None
    return f"{known.name} ({area})" if area else known.name


def _transcript(tracker: Tracker) -> str:
    """This visit's conversation as the ombud may read it, only when the person agreed; personnummer removed."""
    lines = []
    for event in _this_visit(tracker):
        if event.get("event") in ("user", "bot") and event.get("text"):
            who = "Person" if event["event"] == "user" else "Ombudsguiden"
            lines.append(f"{who}: {redact_personnummer(event['text'])[0]}")
    return "\n".join(lines)


class ActionHandoffIntro(Action):
    """Before anything is stored: what happens, who receives it, tystnadsplikt, and how long it is kept.

    When the kommun is known but no office there reads requests here, nothing is promised:
    the form then ends at once and the person hears how to reach the office instead.
    """

    def name(self) -> str:
        return "action_handoff_intro"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict[str, Any]]:
        code, area = tracker.get_slot("kommun_code"), tracker.get_slot("area")
        decision = decide_office(code, area, bool(tracker.get_slot("homeless"))) if code else None
        chosen = decision.office if decision else None
        place = _place_name(code, area)
        events = [*(SlotSet(slot, None) for slot in SLOTS), SlotSet("handoff_office", chosen.id if chosen else None),
                  SlotSet("handoff_summary", _summary(tracker, place))]
        if decision and (decision.none_known or (chosen and not office_has_inbox(chosen.id))):
            return [*events, SlotSet("handoff_place", place)]
        dispatcher.utter_message(response="utter_handoff_intro")
        if chosen:
            dispatcher.utter_message(response="utter_handoff_receiver", office=chosen.name)
        say_facts(dispatcher, facts_by_keys(CONSENT_FACTS))
        dispatcher.utter_message(response="utter_handoff_retention",
                                 closed_days=str(handoffs.DEFAULT_CLOSED_RETENTION_DAYS),
                                 max_days=str(handoffs.DEFAULT_ANY_RETENTION_DAYS))
        dispatcher.utter_message(response="utter_handoff_skip")
        return events


class ActionAskHandoffSummaryOk(Action):
    """Shows exactly the text the ombud will receive, and asks to approve, change or cancel it."""

    def name(self) -> str:
        return "action_ask_handoff_summary_ok"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict[str, Any]]:
        dispatcher.utter_message(response="utter_handoff_summary_intro")
        dispatcher.utter_message(text=tracker.get_slot("handoff_summary") or "")
        dispatcher.utter_message(response="utter_ask_handoff_summary_ok")
        return []


def request_from(tracker: Tracker, include_transcript: bool) -> handoffs.ContactRequest:
    """The request exactly as the person approved it (the transcript only when it is to be stored)."""
    flags = tracker.get_slot("handoff_flags") or ""
    wish = tracker.get_slot("handoff_ombud_wish")
    name = tracker.get_slot("handoff_name")
    return handoffs.ContactRequest(
        office_id=tracker.get_slot("handoff_office") or "",
        kommun_code=tracker.get_slot("kommun_code"),
        summary=tracker.get_slot("handoff_summary") or "",
        contact_method=tracker.get_slot("handoff_contact_method") or "self",
        contact_value=tracker.get_slot("handoff_contact_value"),
        contact_time=tracker.get_slot("handoff_contact_time") or "any",
        name=None if name in (None, SKIPPED) else name,
        ombud_wish=None if wish in (None, SKIPPED) else wish,
        flags=tuple(flag for flag in flags.split(_FLAG_SEPARATOR) if flag in handoffs.PRIORITY_FLAGS),
        on_behalf=tracker.get_slot("handoff_person_agrees") == "yes",
        transcript=_transcript(tracker) if include_transcript and shares_transcript(tracker) else None,
    )


def shares_transcript(tracker: Tracker) -> bool:
    return tracker.get_slot("handoff_share_transcript") == "yes"


def request_lines(request: handoffs.ContactRequest, office_name: str, transcript_shared: bool) -> list[str]:
    """The whole request as the ombud will see it, one line per part."""
    lines = [f"Till: {office_name}", f"Text: {request.summary}",
             f"Kontakt: {handoffs.CONTACT_METHODS[request.contact_method]}"
             + (f", {request.contact_value}" if request.contact_value else ""),
             f"När: {handoffs.CONTACT_TIMES[request.contact_time]}"]
    if request.name:
        lines.append(f"Namn: {request.name}")
    if request.ombud_wish:
        lines.append(f"Önskemål: {handoffs.OMBUD_WISHES[request.ombud_wish]}")
    if request.flags:
        lines.append("Att veta: " + ", ".join(handoffs.PRIORITY_FLAGS[flag] for flag in request.flags))
    if request.on_behalf:
        lines.append("Skickas av en närstående. Personen vet om det och vill.")
    lines.append("Hela chatten: " + ("delas" if transcript_shared else "delas inte"))
    return lines


class ActionAskHandoffConfirm(Action):
    def name(self) -> str:
        return "action_ask_handoff_confirm"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict[str, Any]]:
        chosen = office(tracker.get_slot("handoff_office") or "")
        dispatcher.utter_message(response="utter_handoff_confirm_intro")
        request = request_from(tracker, include_transcript=False)
        lines = request_lines(request, chosen.name if chosen else "", shares_transcript(tracker))
        dispatcher.utter_message(text="\n".join(lines))
        dispatcher.utter_message(response="utter_ask_handoff_confirm")
        return []


class ValidateHandoffForm(FormValidationAction):
    """Every question can be skipped, except the one that makes contact possible at all."""

    def name(self) -> str:
        return "validate_handoff_form"

    async def required_slots(self, domain_slots: list[str], dispatcher: CollectingDispatcher, tracker: Tracker,
                             domain: DomainDict) -> list[str]:
        def value(slot: str) -> Any:
            return tracker.get_slot(slot)

        required = []
        if _is_relative(tracker):
            required.append("handoff_person_agrees")
            if value("handoff_person_agrees") == "no":
                return required
        if not value("handoff_office"):
            required.append("handoff_place")
            if value("handoff_place"):
                return required  # a kommun without a known office: nothing can be sent
        elif not office_has_inbox(value("handoff_office")):
            return required  # nobody would read it: the person hears how to reach the office instead
        required.append("handoff_summary_ok")
        if value("handoff_summary_ok") == "no":
            return required
        if value("handoff_summary_ok") == "change":
            required.append("handoff_own_words")
        required.append("handoff_contact_method")
        if value("handoff_contact_method") in ("phone", "email"):
            required.append("handoff_contact_value")
        required += ["handoff_contact_time", "handoff_name", "handoff_ombud_wish", "handoff_flags",
                     "handoff_share_transcript", "handoff_confirm"]
        return required

    def _again(self, dispatcher: CollectingDispatcher, slot: str, response: str = "utter_handoff_unclear"
               ) -> dict[str, Any]:
        dispatcher.utter_message(response=response)
        return {slot: None}

    def _yes_no(self, slot: str, value: Any, dispatcher: CollectingDispatcher) -> dict[str, Any]:
        answer = parse_approval(str(value))
        return {slot: answer} if answer in ("yes", "no") else self._again(dispatcher, slot)

    def validate_handoff_person_agrees(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                       domain: DomainDict) -> dict[str, Any]:
        answer = self._yes_no("handoff_person_agrees", value, dispatcher)
        if answer["handoff_person_agrees"] == "yes":
            dispatcher.utter_message(response="utter_handoff_for_the_person")
        return answer

    def validate_handoff_place(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                               domain: DomainDict) -> dict[str, Any]:
        decision = decide_place(find_municipality(str(value)))
        place = decision.sure
        if place is None:
            if decision.options:
                say_all(dispatcher, confirm_place(decision.options, inside_a_form=True))
                return {"handoff_place": None}
            return self._again(dispatcher, "handoff_place", "utter_place_not_found")
        office = decide_office(place.kommun_code, place.area, bool(tracker.get_slot("homeless")))
        if office is not None and office.needs_area:
            dispatcher.utter_message(response="utter_handoff_which_part", kommun=place.kommun)
            say_all(dispatcher, ask_area(office, inside_a_form=True))
            return {"handoff_place": None}
        receiver = office.office if office else None
        return {"handoff_place": place.kommun, "kommun_code": place.kommun_code, "area": place.area,
                "handoff_office": receiver.id if receiver else None,
                "handoff_summary": _summary(tracker, _place_name(place.kommun_code, place.area))}

    def validate_handoff_summary_ok(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                    domain: DomainDict) -> dict[str, Any]:
        answer = parse_approval(str(value))
        if answer is None:
            return self._again(dispatcher, "handoff_summary_ok")
        # Asking for own words again each time the person wants to change the text.
        return {"handoff_summary_ok": answer, "handoff_own_words": None}

    def validate_handoff_own_words(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                   domain: DomainDict) -> dict[str, Any]:
        text, removed = redact_personnummer(str(value).strip())
        if is_skip(text):
            # The text built from the conversation stays, and is shown again for approval.
            return {"handoff_own_words": SKIPPED, "handoff_summary_ok": None}
        if not text or text.startswith("/"):
            return self._again(dispatcher, "handoff_own_words")
        if removed:
            dispatcher.utter_message(response="utter_personnummer_removed")
        # The new text is shown again for approval before anything else.
        return {"handoff_own_words": SKIPPED, "handoff_summary": text[:1000], "handoff_summary_ok": None}

    def validate_handoff_contact_method(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                        domain: DomainDict) -> dict[str, Any]:
        # Skipping means the ombud has no way to call: the person then calls the office.
        method = "self" if is_skip(str(value)) else parse_contact_method(str(value))
        return {"handoff_contact_method": method} if method else self._again(dispatcher, "handoff_contact_method")

    def validate_handoff_contact_value(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                       domain: DomainDict) -> dict[str, Any]:
        if is_skip(str(value)):
            return {"handoff_contact_method": "self", "handoff_contact_value": None}
        phone = tracker.get_slot("handoff_contact_method") == "phone"
        checked = parse_phone(str(value)) if phone else parse_email(str(value))
        if checked:
            return {"handoff_contact_value": checked}
        return self._again(dispatcher, "handoff_contact_value",
                           "utter_handoff_bad_phone" if phone else "utter_handoff_bad_email")

    def validate_handoff_contact_time(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                      domain: DomainDict) -> dict[str, Any]:
        when = parse_contact_time(str(value))
        return {"handoff_contact_time": when} if when else self._again(dispatcher, "handoff_contact_time")

    def validate_handoff_name(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                              domain: DomainDict) -> dict[str, Any]:
        text = str(value).strip()
        if is_skip(text) or text.startswith("/"):
            return {"handoff_name": SKIPPED}
        name, removed = redact_personnummer(text)
        if removed:
            dispatcher.utter_message(response="utter_personnummer_removed")
            return {"handoff_name": None}
        return {"handoff_name": name[:60]}

    def validate_handoff_ombud_wish(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                    domain: DomainDict) -> dict[str, Any]:
        wish = parse_ombud_wish(str(value))
        return {"handoff_ombud_wish": wish} if wish else self._again(dispatcher, "handoff_ombud_wish")

    def validate_handoff_flags(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                               domain: DomainDict) -> dict[str, Any]:
        flags = parse_flags(str(value))
        if flags is None:
            return self._again(dispatcher, "handoff_flags")
        return {"handoff_flags": _FLAG_SEPARATOR.join(flags) or SKIPPED}

    def validate_handoff_share_transcript(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                          domain: DomainDict) -> dict[str, Any]:
        if is_skip(str(value)):
            return {"handoff_share_transcript": "no"}  # nothing is shared unless the person says yes
        return self._yes_no("handoff_share_transcript", value, dispatcher)

    def validate_handoff_confirm(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                 domain: DomainDict) -> dict[str, Any]:
        if parse_approval(str(value)) == "change":
            # Back to the text, and every answer after it is asked again.
            return {slot: None for slot in SLOTS[SLOTS.index("handoff_summary_ok"):]}
        return self._yes_no("handoff_confirm", value, dispatcher)


def _person_kommun(tracker: Tracker, chosen: Office) -> Kommun:
    """The person's own kommun, so that a switchboard is said to be whose it is; else the office's first."""
    own = kommun(tracker.get_slot("kommun_code") or "")
    found = own or kommun(chosen.kommun_codes[0])
    assert found is not None, f"office {chosen.id} serves no known kommun"
    return found


def _clear() -> list[dict[str, Any]]:
    return [SlotSet(slot, None) for slot in (*SLOTS, *STATE_SLOTS)]


class ActionSubmitHandoff(Action):
    """Stores the request in one transaction on a yes; otherwise says plainly that nothing was sent."""

    def name(self) -> str:
        return "action_submit_handoff"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict[str, Any]]:
        chosen = office(tracker.get_slot("handoff_office") or "")
        confirmed = (tracker.get_slot("handoff_confirm") == "yes" and tracker.get_slot("handoff_summary_ok") == "yes"
                     and tracker.get_slot("handoff_person_agrees") != "no")
        if not (confirmed and chosen and office_has_inbox(chosen.id)):
            self._why_nothing_was_sent(dispatcher, tracker, chosen)
            return _clear()
        request = request_from(tracker, include_transcript=True)
        try:
            reference = handoffs.create(request)
        except Exception as error:  # noqa: BLE001  whatever failed, the person must hear it honestly
            # Only the kind of error: its text can hold the request's content (health data).
            logger.error("could not store a contact request: %s", type(error).__name__)
            dispatcher.utter_message(response="utter_handoff_failed")
            say_all(dispatcher, [Say(response="utter_handoff_reach_instead", values={"office": chosen.name}),
                                 *office_contact(chosen, _person_kommun(tracker, chosen))])
            return _clear()
        _notify(reference, chosen.id)
        next_step = "utter_handoff_next_self" if request.contact_method == "self" else "utter_handoff_next"
        say_all(dispatcher, [
            Say(response="utter_handoff_sent", values={"reference": reference}),
            Say(response=next_step, values={"office": chosen.name}),
            *([] if request.contact_method != "self" else office_contact(chosen, _person_kommun(tracker, chosen))),
            *queue_info(chosen),
            Say(response="utter_handoff_how_to_withdraw", values={"reference": reference}),
        ])
        return [*_clear(), SlotSet("handoff_reference", reference)]

    @staticmethod
    def _why_nothing_was_sent(dispatcher: CollectingDispatcher, tracker: Tracker, chosen: Office | None) -> None:
        if tracker.get_slot("handoff_person_agrees") == "no":
            dispatcher.utter_message(response="utter_handoff_needs_the_persons_wish")
            say_facts(dispatcher, facts_by_keys(RELATIVE_FACTS))
        elif chosen is None and tracker.get_slot("handoff_place"):
            dispatcher.utter_message(response="utter_handoff_no_office")
            say_facts(dispatcher, facts_by_keys(NO_OFFICE_NEXT_STEP))
        elif chosen is not None and not office_has_inbox(chosen.id):
            say_all(dispatcher, [Say(response="utter_handoff_no_inbox", values={"office": chosen.name}),
                                 *office_contact(chosen, _person_kommun(tracker, chosen))])
        else:
            dispatcher.utter_message(response="utter_handoff_cancelled")


def _notify(reference: str, office_id: str) -> None:
    """Tells the office by e-mail in the background: a slow mail server must not hold up the reply."""
    from bot.web.notify import notify_office  # the inbox side owns the e-mail settings

    threading.Thread(target=notify_office, args=(reference, office_id), daemon=True).start()


class ActionWithdrawHandoff(Action):
    """Deletes the person's request at once, by the code they were given."""

    def name(self) -> str:
        return "action_withdraw_handoff"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict[str, Any]]:
        reference = typed_reference(tracker.latest_message.get("text") or "") or tracker.get_slot("handoff_reference")
        if not reference:
            dispatcher.utter_message(response="utter_handoff_which_code")
            return []
        try:
            removed = handoffs.withdraw(reference)
        except SQLAlchemyError as error:
            # Only the kind of error: its text can hold the request's content.
            logger.error("could not withdraw a contact request: %s", type(error).__name__)
            dispatcher.utter_message(response="utter_handoff_withdraw_failed")
            return []
        dispatcher.utter_message(response="utter_handoff_withdrawn" if removed else "utter_handoff_code_unknown",
                                 reference=reference)
        return [SlotSet("handoff_reference", None)] if removed else []
