"""The contact request at its end: stored on a yes, or plainly not sent, with a way on; and withdrawn."""
from __future__ import annotations

import logging
import threading
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.forms import back_to_the_form, question_before_the_stop
from bot.actions.handoff import STATE_SLOTS, request_of
from bot.actions.say import say_all, typed_text
from bot.actions.turns import responses_this_visit, this_visit
from bot.inbound.redaction import redact_personnummer
from bot.logic import handoff as h
from bot.logic.forms import UNCLEAR_SLOT
from bot.logic.handoff_answers import ANY_TIME, SELF, SKIPPED, YES, is_only_skip
from bot.logic.offices import office_contact, queue_info
from bot.logic.say import Say
from casework import handoffs
from casework.errors import StoreUnavailable
from casework.notify import notify_office
from knowledge.queries import office

logger = logging.getLogger(__name__)
FORM = "handoff_form"


def contact_request(tracker: Tracker, include_transcript: bool) -> handoffs.ContactRequest:
    """The request exactly as the person approved it (the transcript only when it is to be stored)."""
    def given(slot: str) -> str | None:
        return None if tracker.get_slot(slot) in (None, SKIPPED) else tracker.get_slot(slot)

    transcript = "\n".join(
        f"{'Person' if e['event'] == 'user' else 'Ombudsguiden'}: {redact_personnummer(e['text'])[0]}"
        for e in this_visit(tracker) if e.get("event") in ("user", "bot") and e.get("text"))
    return handoffs.ContactRequest(
        office_id=tracker.get_slot("handoff_office") or "", kommun_code=tracker.get_slot("kommun_code"),
        summary=tracker.get_slot(h.SUMMARY) or "", contact_method=given(h.CONTACT_METHOD) or SELF,
        contact_value=given(h.CONTACT_VALUE), contact_time=given(h.CONTACT_TIME) or ANY_TIME,
        name=given(h.NAME), ombud_wish=given(h.OMBUD_WISH),
        flags=tuple(f for f in (given(h.FLAGS) or "").split(h.FLAG_SEPARATOR) if f in handoffs.PRIORITY_FLAGS),
        on_behalf=tracker.get_slot(h.PERSON_AGREES) == YES,
        transcript=transcript if include_transcript and tracker.get_slot(h.SHARE_TRANSCRIPT) == YES else None)


class ActionAskHandoffConfirm(Action):
    """The whole request as the ombud will see it, before the person says whether to send it."""

    def name(self) -> str:
        return "action_ask_handoff_confirm"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict[str, Any]]:
        chosen = office(tracker.get_slot("handoff_office") or "")
        shared = tracker.get_slot(h.SHARE_TRANSCRIPT) == YES
        request = contact_request(tracker, include_transcript=False)
        lines = handoffs.request_lines(request, chosen.name if chosen else "", shared)
        say_all(dispatcher, [Say(response="utter_handoff_confirm_intro"), Say(text="\n".join(lines)),
                             Say(response="utter_ask_handoff_confirm")])
        return []


def _clear() -> list[dict[str, Any]]:
    return [SlotSet(slot, None) for slot in (*h.QUESTIONS, *STATE_SLOTS, UNCLEAR_SLOT)]


class ActionSubmitHandoff(Action):
    """Stores the request in one transaction on a yes; otherwise says plainly that nothing was sent, why,
    how to reach a human instead, and where to go on from here."""

    def name(self) -> str:
        return "action_submit_handoff"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict[str, Any]]:
        skipped = question_before_the_stop(tracker)
        if skipped and is_only_skip(typed_text(tracker)):
            # The model reads "hoppa över" as stopping all questions; the form told the person it skips one.
            return back_to_the_form(FORM, skipped, dict(tracker.latest_message))
        chosen = office(tracker.get_slot("handoff_office") or "")
        code = tracker.get_slot("kommun_code")
        reason = h.why_not_sent(request_of(tracker))
        if reason is not None or chosen is None:
            leaving = tracker.latest_message.get("intent", {}).get("name") == "goodbye"
            say_all(dispatcher, h.not_sent(reason or h.NotSent.CANCELLED, chosen, code, way_on=not leaving))
            if reason is h.NotSent.NO_INBOX and chosen is not None:
                # Kept for a "ja skicka" right after: the answer names the same office (ActionAnswerLoneYes).
                return [*_clear(), SlotSet("handoff_office", chosen.id)]
            return _clear()
        request = contact_request(tracker, include_transcript=True)
        try:
            reference = handoffs.create(request)
        except Exception as error:  # noqa: BLE001  whatever failed, the person must hear it honestly
            # Only the kind of error: its text can hold the request's content (health data).
            logger.error("could not store a contact request: %s",
                         error.kind if isinstance(error, StoreUnavailable) else type(error).__name__)
            say_all(dispatcher, [Say(response="utter_handoff_failed"), *h.reach(chosen, code), h.WAY_ON])
            return _clear()
        _notify(reference, chosen.id, chosen.email)
        calls_self = request.contact_method == SELF
        next_step = "utter_handoff_next_self" if calls_self else "utter_handoff_next"
        say_all(dispatcher, [
            Say(response=h.SENT, values={"reference": reference}),
            Say(response=next_step, values={"office": chosen.name}),
            *(office_contact(chosen, h.person_kommun(chosen, code)) if calls_self else []),
            *queue_info(chosen),
            Say(response="utter_handoff_how_to_withdraw", values={"reference": reference}),
        ])
        return [*_clear(), SlotSet("handoff_reference", reference)]


def _notify(reference: str, office_id: str, office_email: str | None) -> None:
    """Tells the office by e-mail in the background: a slow mail server must not hold up the reply."""
    threading.Thread(target=notify_office, args=(reference, office_id, office_email), daemon=True).start()


class ActionWithdrawHandoff(Action):
    """Deletes the person's request at once, by the code they were given."""

    def name(self) -> str:
        return "action_withdraw_handoff"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict[str, Any]]:
        typed = handoffs.typed_reference(tracker.latest_message.get("text") or "")
        reference = typed or tracker.get_slot("handoff_reference")
        if not reference:
            # A request that ended unsent in this visit is not there to take back; a code may be from an earlier one.
            unsent = h.nothing_was_sent(responses_this_visit(tracker))
            dispatcher.utter_message(response="utter_handoff_nothing_to_withdraw" if unsent
                                     else "utter_handoff_which_code")
            return []
        try:
            removed = handoffs.withdraw(reference)
        except StoreUnavailable as error:
            # Only the kind of error: the database's own text can hold the request's content.
            logger.error("could not withdraw a contact request: %s", error.kind)
            dispatcher.utter_message(response="utter_handoff_withdraw_failed")
            return []
        dispatcher.utter_message(response="utter_handoff_withdrawn" if removed else "utter_handoff_code_unknown",
                                 reference=reference)
        # This visit's own request, already gone (withdrawn before, or purged), is not offered taken back again.
        forgotten = removed or reference == tracker.get_slot("handoff_reference")
        return [SlotSet("handoff_reference", None)] if forgotten else []
