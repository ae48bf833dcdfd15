"""Rasa's REST channel, with every message checked and redacted before Rasa sees or stores it.

The same URL and reply format as Rasa's own (`POST /webhooks/rest/webhook`, a JSON list of
messages), with four differences:
- a body that cannot be read, a message that is too long or holds characters that cannot be
  stored gets a 400 and one Swedish message saying why, and never reaches Rasa;
- a personnummer, and outside the contact form's question about how to reach the person also a
  phone number or an e-mail address (unless the message gives nothing but the person's own, where a
  request could reach an office: `redact_for`), is replaced before Rasa stores the message;
- no log line carries the message: Rasa's own channel logs the text when handling fails;
- a turn that ends without a reply gets a Swedish one, so the person is never left with silence;
- a turn in which a custom action failed (the action server down or broken) says so, with 112 and
  Självmordslinjen: Rasa carries on without the action's reply, which may have been a crisis reply;
- when a contact request has just been withdrawn, the conversations that hold it (the one it was
  made in, and this one) are deleted from the tracker store too, and the reply says so; if they
  cannot be, the reply says exactly what is left and for how long.
"""
from __future__ import annotations

import asyncio
import contextvars
import logging
import re
import traceback
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.inbound.messages import Refused, Turn, rest_turn
from bot.inbound.redaction import NEW_CONTACT_WORDS, redact
from bot.logic.offices import decide_office, receiving_office
from casework.accounts import office_has_inbox
from casework.handoffs import DEFAULT_ANY_RETENTION_DAYS, is_code
from casework.retention import forget_withdrawn_request
from knowledge.queries import facts_by_keys, place_words
from knowledge.records import Office
from storage.settings import tracker_store_url

logger = logging.getLogger(__name__)

# The contact form's questions whose answer is how to reach the person: a phone number or an e-mail
# address is expected there (domain.yml).
CONTACT_FORM = "handoff_form"
CONTACT_DETAILS_SLOTS = frozenset({"handoff_contact_method", "handoff_contact_value"})
# The whole request waiting for a yes, and what to change in it: a mobile number or an address given there
# with nothing but words that go with it ("nytt nummer 070-…, efter kl 15 helst") is the person's new way to
# be reached (bot/logic/handoff.py: with_contact_given, _change_what); a number that reads as a personnummer
# is one. At the place question the same holds, with the place's own words, and only for a place whose
# office reads requests: nothing is kept where nothing can be sent.
PLACE_SLOT = "handoff_place"
CONTACT_WELCOME_SLOTS = frozenset({PLACE_SLOT, "handoff_confirm", "handoff_change"})
NO_REPLY = "Jag kunde inte svara på det meddelandet. Skriv det gärna på ett annat sätt."
FAILED = "Något gick fel hos oss och meddelandet kom inte fram. Försök igen om en stund."
# How Rasa's processor says that a custom action failed; it then goes on as if the action said nothing.
_ACTION_FAILED_LOG = "Encountered an exception while running action"
_failed_actions: contextvars.ContextVar[list[str] | None] = contextvars.ContextVar("failed_actions", default=None)
# The action that deletes a request, and the slot it empties only when one was deleted (bot/actions/handoff_sent.py).
WITHDRAW_ACTION = "action_withdraw_handoff"
REFERENCE_SLOT = "handoff_reference"
# A code as the bot writes it in its replies ('K7PQ-4XRT', casework.handoffs.format_reference).
_WRITTEN_CODE = re.compile(r"\b[A-Z0-9]{4}-[A-Z0-9]{4}\b")
CONVERSATION_DELETED = "Samtalet är också raderat ur chatten: inget av det du skrev här finns kvar."
CONVERSATION_KEPT = ("Samtalet finns ändå kvar i chatten, med det du skrev, och raderas av sig självt efter "
                     f"{DEFAULT_ANY_RETENTION_DAYS} dagar. Vill du radera det nu, tryck på Radera min konversation.")


def action_failed_text() -> str:
    """What the person reads when part of the bot failed: it may have been their crisis reply."""
    emergency, suicide_line = facts_by_keys(["crisis.emergency", "crisis.suicide_line"])
    return (f"Något gick fel hos mig, och jag kunde inte svara på allt. Försök igen om en stund. "
            f"Är det akut? Ring {emergency.phone}. Vill du prata med någon nu? "
            f"Ring {suicide_line.title} {suicide_line.phone}.")


class _ActionFailures(logging.Filter):
    """Notes, for the turn being handled, each custom action whose failure Rasa's processor logs."""

    def filter(self, record: logging.LogRecord) -> bool:
        failures = _failed_actions.get()
        if failures is not None and str(record.msg).startswith(_ACTION_FAILED_LOG):
            failures.append(str(record.msg))
        return True


logging.getLogger("rasa.core.processor").addFilter(_ActionFailures())


def refusal(sender: Any, answer: str, status: int) -> HTTPResponse:
    recipient = sender if isinstance(sender, str) and len(sender) <= 128 else None
    return response.json([{"recipient_id": recipient, "text": answer}], status=status)


def _tracker_store(request: Request) -> Any:
    return getattr(getattr(request.app.ctx, "agent", None), "tracker_store", None)


def withdrawn_references(tracker: Any) -> set[str] | None:
    """The codes of the requests withdrawn in the tracker's latest turn; None when none was withdrawn.

    A withdrawal is the withdraw action followed by the reference slot emptied, which the action
    does only when a request was deleted. The code is read from the bot's reply of the same turn.
    """
    turn = []
    for event in reversed(getattr(tracker, "events", None) or []):
        if getattr(event, "type_name", None) == "user":
            break
        turn.append(event)
    ran = any(getattr(e, "type_name", None) == "action" and getattr(e, "action_name", None) == WITHDRAW_ACTION
              for e in turn)
    emptied = any(getattr(e, "type_name", None) == "slot" and getattr(e, "key", None) == REFERENCE_SLOT
                  and getattr(e, "value", "") is None for e in turn)
    if not (ran and emptied):
        return None
    said = " ".join(str(getattr(e, "text", "") or "") for e in turn if getattr(e, "type_name", None) == "bot")
    return {code for code in _WRITTEN_CODE.findall(said) if is_code(code)}


async def after_a_withdrawal(request: Request, sender: str, replies: list[dict[str, Any]]) -> str | None:
    """What to add to the reply after a withdrawal: that the conversations are deleted too, or what is left."""
    store = _tracker_store(request)
    if store is None or not any(_WRITTEN_CODE.search(str(r.get("text") or "")) for r in replies):
        return None  # a reply without a code cannot be a withdrawal's: no need to read the tracker
    try:
        references = withdrawn_references(await store.retrieve(sender))
    except Exception as error:  # noqa: BLE001 - the withdrawal itself is done; this is only about the rest
        logger.warning("Could not read the tracker after a turn (%s)", type(error).__name__)
        return None
    if references is None:
        return None
    try:
        await asyncio.to_thread(forget_withdrawn_request, tracker_store_url(), sender, references)
    except Exception as error:  # noqa: BLE001 - a missing store or any failure: say exactly what is left
        logger.error("Could not delete the conversations of a withdrawn request (%s)", type(error).__name__)
        return CONVERSATION_KEPT
    return CONVERSATION_DELETED


@dataclass(frozen=True)
class ContactContext:
    """What the chat knows, before Rasa reads a message, about where the person is in a contact request."""

    asked: str | None = None  # the contact form's question asked last; None outside the form
    office_reads_requests: bool = False  # outside the form: the conversation's place has an office that reads them
    homeless: bool = False  # the person said so: the office for homeless people receives the request


async def contact_context(request: Request, sender: str) -> ContactContext:
    """Read from the tracker. When anything cannot be read nothing is known: redacting a phone number the
    form asked for costs one repeated question, keeping one it did not ask for costs privacy."""
    store = _tracker_store(request)
    if store is None:
        return ContactContext()
    try:
        tracker = await store.retrieve(sender)
        if tracker is None:
            return ContactContext()
        homeless = bool(tracker.get_slot("homeless"))
        if tracker.active_loop_name == CONTACT_FORM:
            return ContactContext(asked=str(tracker.get_slot("requested_slot") or "") or None, homeless=homeless)
        code = tracker.get_slot("kommun_code")
        decision = decide_office(code, tracker.get_slot("area"), homeless) if code else None
        return ContactContext(office_reads_requests=_reads_requests(decision.office if decision else None))
    except Exception as error:  # noqa: BLE001 - any failure means: do not keep contact details
        logger.warning("Could not read the tracker to decide on redaction (%s)", type(error).__name__)
        return ContactContext()


def redact_for(context: ContactContext, text: str) -> str:
    """The message as Rasa may store it. Contact details stay where the contact form asks for them; where it
    asks something else before that, and outside the form where a request could reach an office ("sms
    070-…", which starts one), only in a message that gives nothing but the person's own mobile number or
    address (bot/inbound/redaction.py, gives_only_contact_details)."""
    welcome, allowed = context.asked in CONTACT_WELCOME_SLOTS, NEW_CONTACT_WORDS
    if context.asked == PLACE_SLOT:
        allowed = _words_of_a_receiving_place(text, context.homeless)
        welcome = bool(allowed)  # no place whose office reads requests: nothing is kept
    elif context.asked is None:
        welcome, allowed = context.office_reads_requests, frozenset()
    return redact(text, contact_details_asked=context.asked in CONTACT_DETAILS_SLOTS,
                  contact_details_welcome=welcome, other_words=allowed).text


def _reads_requests(office: Office | None) -> bool:
    """Only an office known to read requests: unknown counts as no, since keeping a number costs privacy."""
    return office is not None and office_has_inbox(office.id) is True


def _words_of_a_receiving_place(text: str, homeless: bool) -> frozenset[str]:
    """The place's own words, when a request from it would reach an office that reads requests."""
    try:
        return place_words(text) if _reads_requests(receiving_office(text, homeless)) else frozenset()
    except Exception as error:  # noqa: BLE001 - the knowledge base unreadable: keep nothing
        logger.warning("Could not find the office for a place to decide on redaction (%s)", type(error).__name__)
        return frozenset()


class RedactingRestInput(RestInput):
    """Rasa's REST channel under the name `rest`, for credentials.yml."""

    @classmethod
    def name(cls) -> str:
        return "rest"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        webhook = Blueprint(f"custom_webhook_{type(self).__name__}", type(self).__module__)

        @webhook.route("/", methods=["GET"])
        async def health(_request: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            try:
                turn = rest_turn(request.body or b"")
            except Refused as refused:
                return refusal(None, refused.answer, 400)
            return await self.answer(request, turn, on_new_message)

        return webhook

    async def answer(self, request: Request, turn: Turn,
                     on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> HTTPResponse:
        text = redact_for(await contact_context(request, turn.sender), turn.text)
        collector = CollectingOutputChannel()
        failures: list[str] = []
        watching = _failed_actions.set(failures)
        try:
            await on_new_message(UserMessage(text, collector, turn.sender, input_channel=self.name()))
        except asyncio.CancelledError:
            logger.error("A message timed out in Rasa")
            return refusal(turn.sender, FAILED, 503)
        except Exception as error:  # noqa: BLE001 - the person gets an answer whatever failed
            # The type and the stack, never the exception's message: SQL errors quote the row, text included.
            logger.error("Rasa could not handle a message (%s):\n%s", type(error).__name__,
                         "".join(traceback.format_tb(error.__traceback__)))
            return refusal(turn.sender, FAILED, 500)
        finally:
            _failed_actions.reset(watching)
        if failures:
            # Never the action's own error text: it can quote what the person wrote.
            logger.error("%d action(s) failed in this turn; the person is told so", len(failures))
            collector.messages.append({"recipient_id": turn.sender, "text": action_failed_text()})
        messages = collector.messages or [{"recipient_id": turn.sender, "text": NO_REPLY}]
        if afterwards := await after_a_withdrawal(request, turn.sender, messages):
            messages = [*messages, {"recipient_id": turn.sender, "text": afterwards}]
        return response.json(messages)
