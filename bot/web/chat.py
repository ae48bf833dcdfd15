"""The chat page at / and its same-origin API to Rasa, the printable checklist and share links.

The page is rendered on the server (crisis numbers from the knowledge base, a preset place from
a share link) and made alive by one small script, /static/chat.js. The conversation id is a
random value the browser keeps in localStorage: no cookie, no login, no tracking.
"""
from __future__ import annotations

import asyncio
import json
import logging
import re
from pathlib import Path

import aiohttp_jinja2
from aiohttp import web

from bot.logic.checklist import checklist_json
from bot.processes import tracker_store_url
from bot.web import rasa_client
from bot.web.presets import (
    PRINTABLE_CHECKLIST,
    Preset,
    UnknownChecklistQuery,
    checklist_for_query,
    preset_for_kommun,
    preset_for_office,
    printable_checklist_link,
)
from knowledge.queries import facts_by_keys
from knowledge.retention import delete_conversation

logger = logging.getLogger(__name__)

STATIC_DIR = Path(__file__).resolve().parent / "static"
STATIC_FILES = {"chat.js": "application/javascript", "chat.css": "text/css"}
CRISIS_KEYS = ["crisis.emergency", "crisis.suicide_line", "crisis.healthcare_advice"]
MAX_MESSAGE_LENGTH = 2000
# What the page generates (crypto.randomUUID); anything else is refused before it reaches Rasa.
SENDER_ID = re.compile(r"[A-Za-z0-9-]{16,64}")


def refusal(status: int, text: str) -> web.HTTPException:
    """A JSON error with a Swedish sentence that the page shows as it is."""
    kind = {400: web.HTTPBadRequest, 503: web.HTTPServiceUnavailable}[status]
    return kind(text=json.dumps({"error": text}, ensure_ascii=False), content_type="application/json")


def _sender(raw: object) -> str:
    if not isinstance(raw, str) or not SENDER_ID.fullmatch(raw):
        raise refusal(400, "Samtalet kunde inte hittas. Ladda om sidan.")
    return raw


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
    """POST /api/chat {"sender", "message"} → {"messages": [...], "checklist_url": ...}."""
    try:
        body = await request.json()
    except ValueError:
        raise refusal(400, "Meddelandet kunde inte läsas. Försök igen.") from None
    if not isinstance(body, dict):
        raise refusal(400, "Meddelandet kunde inte läsas. Försök igen.")
    sender = _sender(body.get("sender"))
    message = body.get("message")
    if not isinstance(message, str) or not message.strip():
        raise refusal(400, "Skriv något först.")
    if len(message) > MAX_MESSAGE_LENGTH:
        raise refusal(400, f"Meddelandet är för långt. Skriv högst {MAX_MESSAGE_LENGTH} tecken, "
                             f"det här har {len(message)}. Dela upp det i flera meddelanden.")
    try:
        replies = await rasa_client.send(sender, message.strip())
    except rasa_client.RasaUnavailable:
        logger.exception("Rasa did not answer")
        raise refusal(503, "Boten svarar inte just nu. Försök igen om en stund.") from None
    return web.json_response({"messages": [r.as_json() for r in replies],
                              "checklist_url": await _checklist_url(sender, replies)})


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
    """GET: what was said, so a page opened again shows the same conversation."""
    sender = _sender(request.match_info["sender"])
    try:
        said = rasa_client.history(await rasa_client.tracker(sender))
    except rasa_client.RasaUnavailable:
        said = []
    return web.json_response({"messages": [m.as_json() for m in said]})


async def delete_conversation_now(request: web.Request) -> web.Response:
    """DELETE: the person's own "Radera min konversation"; every event goes from the tracker store."""
    sender = _sender(request.match_info["sender"])
    deleted = await asyncio.to_thread(delete_conversation, tracker_store_url(), sender)
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
    app.router.add_get("/api/conversation/{sender}", conversation)
    app.router.add_delete("/api/conversation/{sender}", delete_conversation_now)
    app.router.add_get(PRINTABLE_CHECKLIST, printable_checklist)
    app.router.add_get("/static/{name}", static_file)
