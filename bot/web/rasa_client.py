"""The web server's only way to Rasa: its REST channel and, for history, its tracker API.

The browser never talks to Rasa directly. Rasa listens on localhost only, and one origin
keeps the page's Content-Security-Policy at `default-src 'self'`.

RASA_URL names one Rasa; RASA_URLS (comma-separated) names several, and the turns go to each in
turn. Any of them may serve any turn: Rasa's lock store (Redis in the scaled layout) serialises
one conversation's turns, and the tracker store is shared. A Rasa that refuses the connection is
skipped for the next; one that took the message and then failed is not, since sending the message
again could make the turn twice.
"""
from __future__ import annotations

import itertools
import os
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

import aiohttp

DEFAULT_RASA_URL = "http://127.0.0.1:5005"
# A reply can wait for the action server and the knowledge base; a minute is generous.
RASA_TIMEOUT = aiohttp.ClientTimeout(total=60)


class RasaUnavailable(Exception):
    """Rasa did not answer, or answered with an error."""


class RasaRefused(Exception):
    """Rasa's REST channel refused the message (400) and said why, in Swedish (bot/runtime/rest_channel.py)."""

    def __init__(self, answer: str) -> None:
        super().__init__(answer)
        self.answer = answer


@dataclass(frozen=True)
class ChatButton:
    title: str
    payload: str


@dataclass(frozen=True)
class ChatMessage:
    sender: str  # "bot" or "user"
    text: str
    buttons: tuple[ChatButton, ...] = field(default_factory=tuple)

    def as_json(self) -> dict[str, Any]:
        return {"from": self.sender, "text": self.text,
                "buttons": [{"title": b.title, "payload": b.payload} for b in self.buttons]}


T = TypeVar("T")
# Which Rasa takes the next call, counted in this process.
_calls = itertools.count()


def rasa_urls() -> list[str]:
    """The Rasa servers to call: RASA_URLS when set, else RASA_URL, else the default. Read at each call."""
    several = [url.strip().rstrip("/") for url in os.environ.get("RASA_URLS", "").split(",") if url.strip()]
    return several or [os.environ.get("RASA_URL", DEFAULT_RASA_URL).rstrip("/")]


async def _with_a_rasa(call: Callable[[aiohttp.ClientSession, str], Awaitable[T]]) -> T:
    """`call` with the next Rasa's URL, and with the following ones while a Rasa refuses the connection."""
    urls = rasa_urls()
    first = next(_calls) % len(urls)
    async with aiohttp.ClientSession(timeout=RASA_TIMEOUT) as client:
        for url in urls[first:] + urls[:first]:
            try:
                return await call(client, url)
            except aiohttp.ClientConnectorError as refused:
                last_refusal = refused
    raise RasaUnavailable(f"no Rasa took the connection ({len(urls)} tried): {last_refusal}")


def _auth() -> dict[str, str]:
    token = os.environ.get("RASA_AUTH_TOKEN")
    return {"token": token} if token else {}


def _buttons(raw: Any) -> tuple[ChatButton, ...]:
    return tuple(ChatButton(str(b.get("title", "")), str(b.get("payload", "")))
                 for b in raw or () if isinstance(b, dict) and b.get("title") and b.get("payload"))


async def send(sender_id: str, message: str) -> list[ChatMessage]:
    """One message in, the bot's replies out (text and buttons; images and custom payloads are not used)."""
    async def post(client: aiohttp.ClientSession, url: str) -> Any:
        async with client.post(f"{url}/webhooks/rest/webhook",
                               json={"sender": sender_id, "message": message}) as response:
            if response.status == 400:
                raise RasaRefused(_refusal_text(await response.json(content_type=None)))
            if response.status != 200:
                raise RasaUnavailable(f"Rasa answered {response.status}")
            return await response.json()

    try:
        replies = await _with_a_rasa(post)
    except (aiohttp.ClientError, TimeoutError, ValueError) as error:  # ValueError: a body that is not JSON
        raise RasaUnavailable(str(error)) from error
    return [ChatMessage("bot", str(r.get("text") or ""), _buttons(r.get("buttons")))
            for r in replies if isinstance(r, dict) and (r.get("text") or r.get("buttons"))]


def _refusal_text(body: Any) -> str:
    replies = body if isinstance(body, list) else []
    texts = [str(r.get("text")) for r in replies if isinstance(r, dict) and r.get("text")]
    return " ".join(texts) or "Meddelandet kunde inte läsas. Försök igen."


async def tracker(sender_id: str) -> dict[str, Any]:
    """The conversation as Rasa stores it (events and slots)."""
    async def get(client: aiohttp.ClientSession, url: str) -> dict[str, Any]:
        async with client.get(f"{url}/conversations/{sender_id}/tracker", params=_auth()) as response:
            if response.status != 200:
                raise RasaUnavailable(f"Rasa answered {response.status}")
            return await response.json()

    try:
        return await _with_a_rasa(get)
    except (aiohttp.ClientError, TimeoutError) as error:
        raise RasaUnavailable(str(error)) from error


def history(stored: dict[str, Any]) -> list[ChatMessage]:
    """What was said, for a page that is opened again: typed texts and bot replies, not commands."""
    said: list[ChatMessage] = []
    for event in stored.get("events") or ():
        if event.get("event") == "user" and event.get("text") and not str(event["text"]).startswith("/"):
            said.append(ChatMessage("user", str(event["text"])))
        elif event.get("event") == "bot" and (event.get("text") or (event.get("data") or {}).get("buttons")):
            said.append(ChatMessage("bot", str(event.get("text") or ""),
                                    _buttons((event.get("data") or {}).get("buttons"))))
    return said


def last_buttons(stored: dict[str, Any]) -> frozenset[str]:
    """The payloads of the buttons the bot gave after the person's last message: what may be pressed now."""
    payloads: set[str] = set()
    for event in stored.get("events") or ():
        if event.get("event") == "user":
            payloads = set()
        elif event.get("event") == "bot":
            payloads |= {b.payload for b in _buttons((event.get("data") or {}).get("buttons"))}
    return frozenset(payloads)


def said_anything(stored: dict[str, Any]) -> bool:
    """Whether any message of the person or the bot is still in the tracker."""
    return any(event.get("event") in {"user", "bot"} for event in stored.get("events") or ())
