"""The chat page at / and its same-origin API to Rasa, the printable checklist and share links.

The page is rendered on the server (crisis numbers from the knowledge base, a preset place from
a share link) and made alive by one small script, /static/chat.js. The conversation id is a
random value the browser keeps in sessionStorage (gone when the tab closes): no cookie, no login,
no tracking. It travels in the JSON body or the X-Samtal header, never in a URL.

What reaches Rasa is decided here. Typed text can never be a command (a leading "/" is removed).
A button press or preset is a `payload` or a `preset` key, and only these pass: /greet, /restart,
a button of the bot's last reply to this conversation, or a place the server builds from a key.
Message text is never logged.
"""
from __future__ import annotations

import asyncio
import json
import logging
import re
import time
import weakref
from collections import OrderedDict
from pathlib import Path

import aiohttp_jinja2
from aiohttp import web

from bot.logic.checklist import checklist_json
from storage.settings import tracker_store_url
from bot.web import rasa_client
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
from bot.web.throttle import RateLimit
from knowledge.queries import facts_by_keys
from casework.retention import TrackerStoreMissing, delete_conversation

logger = logging.getLogger(__name__)

STATIC_DIR = Path(__file__).resolve().parent / "static"
STATIC_FILES = {"chat.js": "application/javascript", "chat.css": "text/css"}
CRISIS_KEYS = ["crisis.emergency", "crisis.suicide_line", "crisis.healthcare_advice"]
MAX_MESSAGE_LENGTH = 2000
# What the page generates (crypto.randomUUID); anything else is refused before it reaches Rasa.
SENDER_ID = re.compile(r"[A-Za-z0-9-]{16,64}")
SENDER_HEADER = "X-Samtal"
# The page's own commands; every other payload must be a button the bot just gave.
PAGE_COMMANDS = frozenset({"/greet", "/restart"})
# Typed text that starts with "/" would be read by Rasa as an intent: the slashes go.
LEADING_COMMAND = re.compile(r"^[\s/]+")
# A deleted conversation refuses new messages for a while: one still queued must not bring it back.
DELETED_FOR_SECONDS = 60 * 60
REMEMBERED_CONVERSATIONS = 10_000

# Per conversation, in this process (the web server is Rasa's only REST client).
_locks: weakref.WeakValueDictionary[str, asyncio.Lock] = weakref.WeakValueDictionary()
_buttons: OrderedDict[str, frozenset[str]] = OrderedDict()
_deleted: dict[str, float] = {}
# No person types this fast; a flood would only keep Rasa from answering everyone else.
MESSAGES_PER_MINUTE = 30
_flood_guard = RateLimit(MESSAGES_PER_MINUTE, 60)


def refusal(status: int, text: str) -> web.HTTPException:
    """A JSON error with a Swedish sentence that the page shows as it is."""
    kind = {400: web.HTTPBadRequest, 410: web.HTTPGone, 429: web.HTTPTooManyRequests,
            503: web.HTTPServiceUnavailable}[status]
    return kind(text=json.dumps({"error": text}, ensure_ascii=False), content_type="application/json")


def not_answering() -> web.HTTPException:
    emergency = facts_by_keys(["crisis.emergency"])[0]
    return refusal(503, f"Chatten svarar inte just nu. Försök igen om en stund. Akut? Ring {emergency.phone}.")


def _sender(raw: object) -> str:
    if not isinstance(raw, str) or not SENDER_ID.fullmatch(raw):
        raise refusal(400, "Samtalet kunde inte hittas. Ladda om sidan.")
    return raw


def _lock(sender: str) -> asyncio.Lock:
    """One message or deletion at a time per conversation; the lock goes when nobody holds it."""
    lock = _locks.get(sender)
    if lock is None:
        lock = asyncio.Lock()
        _locks[sender] = lock
    return lock


def _is_deleted(sender: str) -> bool:
    now = time.monotonic()
    for gone in [s for s, until in _deleted.items() if until < now]:
        del _deleted[gone]
    return sender in _deleted


def _remember_buttons(sender: str, payloads: frozenset[str]) -> None:
    _buttons[sender] = payloads
    _buttons.move_to_end(sender)
    while len(_buttons) > REMEMBERED_CONVERSATIONS:
        _buttons.popitem(last=False)


async def _current_buttons(sender: str) -> frozenset[str]:
    """The bot's last buttons; after a restart of this server they come from the tracker."""
    if sender not in _buttons:
        _remember_buttons(sender, rasa_client.last_buttons(await rasa_client.tracker(sender)))
    return _buttons[sender]


def typed_text(text: str) -> str:
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


async def send_message(request: web.Request) -> web.Response:
    """POST /api/chat {"sender", and one of "text", "payload", "preset"} → {"messages", "checklist_url"}."""
    try:
        body = await request.json()
    except ValueError:
        raise refusal(400, "Meddelandet kunde inte läsas. Försök igen.") from None
    if not isinstance(body, dict) or sum(k in body for k in ("text", "payload", "preset")) != 1:
        raise refusal(400, "Meddelandet kunde inte läsas. Försök igen.")
    sender = _sender(body.get("sender"))
    if not _flood_guard.allow(sender):
        raise refusal(429, "Du skickar många meddelanden på kort tid. Vänta en minut och försök sedan igen.")
    async with _lock(sender):
        if _is_deleted(sender):
            raise refusal(410, "Den här konversationen är raderad. Ladda om sidan för att börja en ny.")
        try:
            message = await _message_for_rasa(sender, body)
            replies = await rasa_client.send(sender, message)
        except rasa_client.RasaUnavailable as error:
            logger.warning("Rasa did not answer: %s", error)  # never the message itself
            raise not_answering() from None
        if replies:
            _remember_buttons(sender, frozenset(b.payload for r in replies for b in r.buttons))
        return web.json_response({"messages": [r.as_json() for r in replies],
                                  "checklist_url": await _checklist_url(sender, replies)})


async def _message_for_rasa(sender: str, body: dict[str, object]) -> str:
    if "text" in body:
        text = body["text"]
        if not isinstance(text, str) or not typed_text(text):
            raise refusal(400, "Skriv något först.")
        text = typed_text(text)
        if len(text) > MAX_MESSAGE_LENGTH:
            raise refusal(400, f"Meddelandet är för långt. Skriv högst {MAX_MESSAGE_LENGTH} tecken, "
                                 f"det här har {len(text)}. Dela upp det i flera meddelanden.")
        return text
    if "preset" in body:
        built = preset_payload(body["preset"]) if isinstance(body["preset"], str) else None
        if built is None:
            raise refusal(400, "Platsen kunde inte hittas. Skriv namnet på din kommun i stället.")
        return built
    payload = body["payload"]
    if isinstance(payload, str) and (payload in PAGE_COMMANDS or payload in await _current_buttons(sender)):
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
    sender = _sender(request.headers.get(SENDER_HEADER))
    if _is_deleted(sender):
        return web.json_response({"messages": []})
    try:
        stored = await rasa_client.tracker(sender)
    except rasa_client.RasaUnavailable as error:
        logger.warning("Rasa did not answer: %s", error)
        raise not_answering() from None
    _remember_buttons(sender, rasa_client.last_buttons(stored))
    return web.json_response({"messages": [m.as_json() for m in rasa_client.history(stored)]})


async def delete_conversation_now(request: web.Request) -> web.Response:
    """DELETE (id in X-Samtal): the person's own "Radera min konversation".

    It waits for a reply still on its way (the lock), so Rasa cannot write the conversation back
    after it is deleted; later messages to the id are refused. It says "deleted" only when Rasa's
    own view of the conversation holds no message any more.
    """
    sender = _sender(request.headers.get(SENDER_HEADER))
    async with _lock(sender):
        _deleted[sender] = time.monotonic() + DELETED_FOR_SECONDS
        try:
            deleted = await asyncio.to_thread(delete_conversation, tracker_store_url(), sender)
        except TrackerStoreMissing:
            del _deleted[sender]
            logger.error("The tracker store to delete from is missing; check TRACKER_DB")
            raise refusal(503, "Konversationen kunde inte raderas just nu. Försök igen om en stund.") from None
        _buttons.pop(sender, None)
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
    app.router.add_get("/", index)
    app.router.add_get(r"/o/{office_id:[a-z0-9-]{1,80}}", office_link)
    app.router.add_post("/api/chat", send_message)
    app.router.add_get("/api/conversation", conversation)
    app.router.add_delete("/api/conversation", delete_conversation_now)
    app.router.add_get(PRINTABLE_CHECKLIST, printable_checklist)
    app.router.add_get("/static/{name}", static_file)
