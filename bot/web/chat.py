"""The chat page at / and its same-origin API to Rasa, the printable checklist and share links.

The page is rendered on the server (crisis numbers from the knowledge base, a preset place from
a share link) and made alive by one small script, /static/chat.js. The conversation id is a
random value the browser keeps in sessionStorage (gone when the tab closes): no cookie, no login,
no tracking. It travels in the JSON body or the X-Samtal header, never in a URL.

What reaches Rasa is decided here. Typed text can never be a command (a leading "/" is removed).
A button press or preset is a `payload` or a `preset` key, and only these pass: /greet, /restart,
a button of the bot's last reply to this conversation, or a place the server builds from a key.
Message text is never logged.

Floods and bad input stop here, with a Swedish answer: only JSON bodies (a cross-site form cannot
send one without the browser asking first), messages checked by bot/inbound/messages.py (length,
characters), a limit per client address and per conversation, and a cap on turns at once, per
client and in all, so that one client cannot keep Rasa from answering everyone else.

The limits, the deleted conversations and the last buttons are kept by bot/web/shared_state.py:
in this process's memory, or in Redis when several web processes serve one address.
"""
from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import re
from collections import Counter
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import aiohttp_jinja2
from aiohttp import web

from bot.inbound.messages import (
    EMPTY,
    MAX_BODY_BYTES,
    TOO_BIG_BODY,
    UNREADABLE_BODY,
    UNREADABLE_CHARACTERS,
    Refused,
    has_lone_surrogate,
    json_body,
    message_text,
)
from bot.logic.checklist import checklist_json
from bot.web import rasa_client
from bot.web.clients import client_address, limit_key
from bot.web.presets import (
    PRINTABLE_CHECKLIST,
    Preset,
    UnknownChecklistQuery,
    checklist_for_query,
    preset_for_kommun,
    preset_for_office,
    preset_payload,
    printable_checklist_link,
)
from bot.web.shared_state import SHARED_STATE, ConversationBusy, SharedState
from bot.web.throttle import Limit
from casework.retention import TrackerStoreMissing, delete_conversation
from knowledge.queries import facts_by_keys
from storage.settings import tracker_store_url

logger = logging.getLogger(__name__)

STATIC_DIR = Path(__file__).resolve().parent / "static"
STATIC_FILES = {"chat.js": "application/javascript", "chat.css": "text/css"}
CRISIS_KEYS = ["crisis.emergency", "crisis.suicide_line", "crisis.healthcare_advice"]
# What the page generates (crypto.randomUUID); anything else is refused before it reaches Rasa.
SENDER_ID = re.compile(r"[A-Za-z0-9-]{16,64}")
SENDER_HEADER = "X-Samtal"
# The page's own commands; every other payload must be a button the bot just gave.
PAGE_COMMANDS = frozenset({"/greet", "/restart"})
MAX_PAYLOAD_LENGTH = 500
# Typed text that starts with "/" would be read by Rasa as an intent: the slashes go.
LEADING_COMMAND = re.compile(r"^[\s/]+")

# No person types this fast; a flood would only keep Rasa from answering everyone else.
MESSAGES_PER_MINUTE = 30
# Per client address, over all its conversations: a script that makes up a new conversation id
# for every message is stopped here. Higher than per conversation, since several people can share
# one address (a library, an office).
REQUESTS_PER_MINUTE_PER_CLIENT = 120
# Turns waiting for Rasa at once: per client (a person waits for each answer), and in all.
TURNS_AT_ONCE_PER_CLIENT = 2
TURNS_AT_ONCE = 8
WAIT_FOR_A_TURN_SECONDS = 20.0


class TurnGate:
    """At most `per_client` turns at once from one client and `in_total` from everyone; a turn over
    the total waits a while for its place. Per process: it keeps this process's event loop and its
    connections to Rasa from filling up, and each process has its own."""

    def __init__(self, per_client: int, in_total: int) -> None:
        self._per_client = per_client
        self._running: Counter[str] = Counter()
        self._places = asyncio.Semaphore(in_total)

    @contextlib.asynccontextmanager
    async def turn(self, client: str) -> AsyncIterator[None]:
        if self._running[client] >= self._per_client:
            raise refusal(429, "Vänta på svaret på ditt förra meddelande innan du skickar nästa.")
        self._running[client] += 1
        try:
            try:
                await asyncio.wait_for(self._places.acquire(), WAIT_FOR_A_TURN_SECONDS)
            except TimeoutError:
                raise busy() from None
            try:
                yield
            finally:
                self._places.release()
        finally:
            self._running[client] -= 1
            if not self._running[client]:
                del self._running[client]


@dataclass(frozen=True)
class ChatGuards:
    """This app's limits, read when the app is made (so that a test can change them first)."""

    per_client: Limit
    per_conversation: Limit
    turns: TurnGate

    @classmethod
    def from_settings(cls) -> ChatGuards:
        return cls(Limit("client", REQUESTS_PER_MINUTE_PER_CLIENT, 60),
                   Limit("conversation", MESSAGES_PER_MINUTE, 60),
                   TurnGate(TURNS_AT_ONCE_PER_CLIENT, TURNS_AT_ONCE))


GUARDS = web.AppKey("chat_guards", ChatGuards)
FLOODED = "Du skickar många meddelanden på kort tid. Vänta en minut och försök sedan igen."


def refusal(status: int, text: str) -> web.HTTPException:
    """A JSON error with a Swedish sentence that the page shows as it is."""
    kind = {400: web.HTTPBadRequest, 410: web.HTTPGone, 413: web.HTTPRequestEntityTooLarge,
            415: web.HTTPUnsupportedMediaType, 429: web.HTTPTooManyRequests, 502: web.HTTPBadGateway,
            503: web.HTTPServiceUnavailable}[status]
    if status == 413:
        return kind(max_size=0, actual_size=0, text=json.dumps({"error": text}, ensure_ascii=False),
                    content_type="application/json")
    return kind(text=json.dumps({"error": text}, ensure_ascii=False), content_type="application/json")


def _emergency_phone() -> str:
    phone = facts_by_keys(["crisis.emergency"])[0].phone
    if not phone:  # "Akut? Ring ." would fail the person silently; a loud error fails the tests instead
        raise LookupError("crisis.emergency has no phone number in the knowledge base")
    return phone


def not_answering() -> web.HTTPException:
    return refusal(503, f"Chatten svarar inte just nu. Försök igen om en stund. Akut? Ring {_emergency_phone()}.")


def busy() -> web.HTTPException:
    return refusal(503, f"Många skriver just nu. Försök igen om en liten stund. Akut? Ring {_emergency_phone()}.")


def no_reply() -> web.HTTPException:
    """Rasa took the message but said nothing: the person is told so, never left with silence."""
    return refusal(502, "Chatten kunde inte svara på det meddelandet. Skriv det gärna på ett annat sätt. "
                        f"Akut? Ring {_emergency_phone()}.")


async def _guard_client(request: web.Request) -> str:
    """The client's limit key, after counting this request against the client's limit."""
    client = limit_key(client_address(request))
    if not await request.app[SHARED_STATE].allow(request.app[GUARDS].per_client, client):
        raise refusal(429, FLOODED)
    return client


def _sender(raw: object) -> str:
    if not isinstance(raw, str) or not SENDER_ID.fullmatch(raw):
        raise refusal(400, "Samtalet kunde inte hittas. Ladda om sidan.")
    return raw


@contextlib.asynccontextmanager
async def _one_at_a_time(state: SharedState, sender: str) -> AsyncIterator[None]:
    """One message or deletion at a time per conversation, in every web process sharing the state."""
    try:
        async with state.conversation(sender, WAIT_FOR_A_TURN_SECONDS):
            yield
    except ConversationBusy:
        raise busy() from None


async def _current_buttons(state: SharedState, sender: str) -> frozenset[str]:
    """The bot's last buttons; when they are not known (a restart, or forgotten) they come from the tracker."""
    known = await state.buttons(sender)
    if known is None:
        known = rasa_client.last_buttons(await rasa_client.tracker(sender))
        await state.remember_buttons(sender, known)
    return known


def without_command_slashes(text: str) -> str:
    """What the person typed, made safe to send: it can never be read as a command."""
    return LEADING_COMMAND.sub("", text).rstrip()


async def chat_page(request: web.Request, preset: Preset | None = None) -> web.Response:
    emergency, suicide_line, healthcare = facts_by_keys(CRISIS_KEYS)
    return aiohttp_jinja2.render_template("chat.html", request, {
        "emergency": emergency, "suicide_line": suicide_line, "healthcare": healthcare, "preset": preset,
    })


async def index(request: web.Request) -> web.Response:
    """/ or /?kommun=Karlskrona (a name or a kommun code): the chat, preset when the place is known."""
    wanted = request.query.get("kommun", "")
    return await chat_page(request, preset_for_kommun(wanted) if wanted else None)


async def office_link(request: web.Request) -> web.Response:
    """/o/<office-id>: the link an ombud shares, which starts the chat at their office."""
    preset = preset_for_office(request.match_info["office_id"])
    if preset is None:
        raise web.HTTPFound("/")  # an old card for a closed office still opens the chat
    return await chat_page(request, preset)


async def _chat_body(request: web.Request) -> dict[str, object]:
    """The JSON object of a chat request. Only application/json: a page on another site can send that
    only after the browser has asked this server, which never says yes (no CORS headers)."""
    if request.content_type != "application/json":
        raise refusal(415, "Chatten tar bara emot meddelanden från sin egen sida. Ladda om sidan och försök igen.")
    if request.content_length is not None and request.content_length > MAX_BODY_BYTES:
        raise refusal(413, TOO_BIG_BODY)
    try:
        body = json_body(await request.read())
    except Refused as refused:
        raise refusal(413 if refused.answer == TOO_BIG_BODY else 400, refused.answer) from None
    if not isinstance(body, dict) or sum(k in body for k in ("text", "payload", "preset")) != 1:
        raise refusal(400, UNREADABLE_BODY)
    if any(isinstance(value, str) and has_lone_surrogate(value) for value in body.values()):
        raise refusal(400, UNREADABLE_CHARACTERS)
    return body


async def send_message(request: web.Request) -> web.Response:
    """POST /api/chat {"sender", and one of "text", "payload", "preset"} → {"messages", "checklist_url"}."""
    client = await _guard_client(request)
    body = await _chat_body(request)
    sender = _sender(body.get("sender"))
    guards, state = request.app[GUARDS], request.app[SHARED_STATE]
    if not await state.allow(guards.per_conversation, sender):
        raise refusal(429, FLOODED)
    async with guards.turns.turn(client), _one_at_a_time(state, sender):
        if await state.is_deleted(sender):
            raise refusal(410, "Den här konversationen är raderad. Ladda om sidan för att börja en ny.")
        try:
            message = await _message_for_rasa(state, sender, body)
            replies = await rasa_client.send(sender, message)
        except rasa_client.RasaRefused as refused:
            raise refusal(400, refused.answer) from None
        except rasa_client.RasaUnavailable as error:
            logger.warning("Rasa did not answer: %s", error)  # never the message itself
            raise not_answering() from None
        if not replies:
            raise no_reply()
        await state.remember_buttons(sender, frozenset(b.payload for r in replies for b in r.buttons))
        return web.json_response({"messages": [r.as_json() for r in replies],
                                  "checklist_url": await _checklist_url(sender, replies)})


async def _message_for_rasa(state: SharedState, sender: str, body: dict[str, object]) -> str:
    if "text" in body:
        text = body["text"]
        if not isinstance(text, str):
            raise refusal(400, EMPTY)
        try:
            return message_text(without_command_slashes(text))
        except Refused as refused:
            raise refusal(400, refused.answer) from None
    if "preset" in body:
        built = preset_payload(body["preset"]) if isinstance(body["preset"], str) else None
        if built is None:
            raise refusal(400, "Platsen kunde inte hittas. Skriv namnet på din kommun i stället.")
        return built
    payload = body["payload"]
    # A button's payload is a command ("/ask_human") or plain words ("Ja", "Ingen svarar"); either is
    # accepted only if it is one of the bot's last buttons (or the page's own), never anything else.
    if isinstance(payload, str) and payload and len(payload) <= MAX_PAYLOAD_LENGTH \
            and (payload in PAGE_COMMANDS or payload in await _current_buttons(state, sender)):
        return payload
    raise refusal(400, "Det valet gäller inte längre. Skriv ditt svar i stället.")


async def _checklist_url(sender: str, replies: list[rasa_client.ChatMessage]) -> str | None:
    """A link to print the checklist, when this reply gave one (the `checklist` slot holds its text)."""
    if not any("\n" in r.text for r in replies):  # a checklist is never a one-line message
        return None
    try:
        slots = (await rasa_client.tracker(sender)).get("slots") or {}
    except rasa_client.RasaUnavailable:
        return None
    given = slots.get("checklist")
    # Rasa's REST channel splits a text at each blank line, so the checklist arrives in parts.
    if not given or given not in "\n\n".join(r.text for r in replies):
        return None
    return await asyncio.to_thread(printable_checklist_link, given, slots.get("kommun_code"), slots.get("area"))


async def conversation(request: web.Request) -> web.Response:
    """GET (id in X-Samtal): what was said, so a page opened again shows the same conversation."""
    await _guard_client(request)
    sender = _sender(request.headers.get(SENDER_HEADER))
    state = request.app[SHARED_STATE]
    if await state.is_deleted(sender):
        return web.json_response({"messages": []})
    try:
        stored = await rasa_client.tracker(sender)
    except rasa_client.RasaUnavailable as error:
        logger.warning("Rasa did not answer: %s", error)
        raise not_answering() from None
    await state.remember_buttons(sender, rasa_client.last_buttons(stored))
    return web.json_response({"messages": [m.as_json() for m in rasa_client.history(stored)]})


async def delete_conversation_now(request: web.Request) -> web.Response:
    """DELETE (id in X-Samtal): the person's own "Radera min konversation".

    It waits for a reply still on its way (the lock), so Rasa cannot write the conversation back
    after it is deleted; later messages to the id are refused. It says "deleted" only when Rasa's
    own view of the conversation holds no message any more.
    """
    await _guard_client(request)
    sender = _sender(request.headers.get(SENDER_HEADER))
    state = request.app[SHARED_STATE]
    async with _one_at_a_time(state, sender):
        await state.set_deleted(sender, True)
        try:
            deleted = await asyncio.to_thread(delete_conversation, tracker_store_url(), sender)
        except TrackerStoreMissing:
            await state.set_deleted(sender, False)
            logger.error("The tracker store to delete from is missing; check TRACKER_STORE_URL")
            raise refusal(503, "Konversationen kunde inte raderas just nu. Försök igen om en stund.") from None
        await state.remember_buttons(sender, frozenset())  # an emptied conversation offers no button
        try:
            left = rasa_client.said_anything(await rasa_client.tracker(sender))
        except rasa_client.RasaUnavailable:
            left = True
        if left:
            logger.error("A deleted conversation still has messages in Rasa's tracker")
            raise refusal(503, "Det gick inte att se att konversationen är raderad. Försök igen om en stund.")
    return web.json_response({"deleted_events": deleted})


async def printable_checklist(request: web.Request) -> web.Response:
    """/forbered?kommun=… or ?myndighet=…: "Inför första mötet", made to be printed."""
    try:
        found = checklist_for_query(request.query.get("kommun"), request.query.get("myndighet"))
    except UnknownChecklistQuery as unknown:
        return aiohttp_jinja2.render_template("forbered.html", request, {"checklist": None, "error": str(unknown)},
                                              status=404)
    return aiohttp_jinja2.render_template("forbered.html", request,
                                          {"checklist": checklist_json(found), "error": None})


async def static_file(request: web.Request) -> web.FileResponse:
    name = request.match_info["name"]
    if name not in STATIC_FILES:
        raise web.HTTPNotFound()
    response = web.FileResponse(STATIC_DIR / name)
    response.content_type = STATIC_FILES[name]
    return response


def setup_chat(app: web.Application) -> None:
    """The chat's routes. Needs the Jinja2 environment that setup_inbox creates."""
    app[GUARDS] = ChatGuards.from_settings()
    app.router.add_get("/", index)
    app.router.add_get(r"/o/{office_id:[a-z0-9-]{1,80}}", office_link)
    app.router.add_post("/api/chat", send_message)
    app.router.add_get("/api/conversation", conversation)
    app.router.add_delete("/api/conversation", delete_conversation_now)
    app.router.add_get(PRINTABLE_CHECKLIST, printable_checklist)
    app.router.add_get("/static/{name}", static_file)
