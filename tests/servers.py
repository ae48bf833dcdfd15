"""The web app and the project's REST channel served over real HTTP on loopback, in a background thread.

Rasa itself is not started (no model is needed): the channel passes each message to a small
stand-in that behaves as Rasa did in the review of issue 14 — storing a lone surrogate or a NUL
byte fails, and the failure's message quotes the text, as SQL errors do.
"""
from __future__ import annotations

import asyncio
import errno
import http.client
import json
import threading
import uuid
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web
from conftest import free_port
from rasa.core.channels.channel import UserMessage
from sanic import Sanic
from sanic.response import json as sanic_json

from bot.runtime.rest_channel import RedactingRestInput
from bot.web.app import create_app

SILENT = "/tyst"  # the stand-in gives no reply to this message


@dataclass
class StandInRasa:
    """What reached "Rasa" through the channel, and an optional gate that holds every turn."""

    received: list[str] = field(default_factory=list)
    hold: asyncio.Event | None = None
    tracker: Any = None  # what the tracker store answers for every conversation

    async def handle(self, message: UserMessage) -> None:
        if self.hold is not None:
            await self.hold.wait()
        message.text.encode("utf-8")  # a lone surrogate cannot be stored, and fails here as it did in SQL
        if "\x00" in message.text:
            raise ValueError(f"A string literal cannot contain NUL (0x00) characters: {message.text!r}")
        self.received.append(message.text)
        if message.text != SILENT:
            await message.output_channel.send_text_message(message.sender_id, "Hej! Jag är en chattbot.")

    async def retrieve(self, _sender: str) -> Any:
        return self.tracker


@dataclass
class Running:
    loop: asyncio.AbstractEventLoop
    web_port: int
    rasa_port: int
    rasa: StandInRasa

    def call(self, coroutine: Awaitable[Any]) -> Any:
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(60)  # type: ignore[arg-type]

    def release(self) -> None:
        """Lets every held turn go on."""
        assert self.rasa.hold is not None
        self.loop.call_soon_threadsafe(self.rasa.hold.set)


def channel_app(rasa: StandInRasa) -> Sanic:
    # Sanic rewrites its request handler at each start; in test mode it rewrites the original each time,
    # so that one process can start several apps one after the other.
    Sanic.test_mode = True
    app = Sanic(f"kanal_{uuid.uuid4().hex}")
    # Looked up at each message, so that a test can make the stand-in fail.
    app.blueprint(RedactingRestInput().blueprint(lambda message: rasa.handle(message)), url_prefix="/webhooks/rest")
    app.ctx.agent = type("Agent", (), {"tracker_store": rasa})()

    @app.get("/conversations/<sender>/tracker")
    async def tracker(_request: Any, sender: str) -> Any:  # Rasa's API, for the buttons the bot gave last
        return sanic_json({"sender_id": sender, "slots": {}, "events": []})

    return app


PORT_ATTEMPTS = 3


@contextmanager
def running(rasa: StandInRasa | None = None, hold: bool = False,
            before_app: Callable[[], None] | None = None) -> Iterator[Running]:
    """The web app at web_port and the REST channel at rasa_port; RASA_URL must point at the channel
    (the caller sets it with monkeypatch: bot/web/rasa_client.py reads it at each call)."""
    rasa = rasa or StandInRasa()
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()

    async def start(web_port: int, rasa_port: int) -> tuple[web.AppRunner, Any]:
        if hold:
            rasa.hold = asyncio.Event()
        server = await channel_app(rasa).create_server(host="127.0.0.1", port=rasa_port,
                                                       return_asyncio_server=True)
        await server.startup()
        if before_app is not None:
            before_app()
        runner = web.AppRunner(create_app())
        await runner.setup()
        try:
            await web.TCPSite(runner, "127.0.0.1", web_port).start()
        except OSError:
            await stop(runner, server)
            raise
        return runner, server

    async def stop(runner: web.AppRunner, server: Any) -> None:
        await runner.cleanup()
        server.close()
        await server.wait_closed()

    # A port found free can be taken before it is bound (by any outgoing connection on the machine): then
    # the servers start again on other ports.
    for attempt in range(PORT_ATTEMPTS):
        web_port, rasa_port = free_port(), free_port()
        try:
            runner, server = asyncio.run_coroutine_threadsafe(start(web_port, rasa_port), loop).result(60)
            break
        except OSError as error:
            if error.errno != errno.EADDRINUSE or attempt == PORT_ATTEMPTS - 1:
                raise
    try:
        yield Running(loop, web_port, rasa_port, rasa)
    finally:
        if rasa.hold is not None:
            loop.call_soon_threadsafe(rasa.hold.set)
        asyncio.run_coroutine_threadsafe(stop(runner, server), loop).result(60)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(10)
        loop.close()


@dataclass(frozen=True)
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


def post(port: int, path: str, body: bytes, content_type: str | None = "application/json",
         headers: dict[str, str] | None = None) -> Answer:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        sent = {**({"Content-Type": content_type} if content_type else {}), **(headers or {})}
        connection.request("POST", path, body=body, headers=sent)
        response = connection.getresponse()
        return Answer(response.status, dict(response.getheaders()), response.read())
    finally:
        connection.close()


def get(port: int, path: str, headers: dict[str, str] | None = None, method: str = "GET") -> Answer:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request(method, path, headers=headers or {})
        response = connection.getresponse()
        return Answer(response.status, dict(response.getheaders()), response.read())
    finally:
        connection.close()
