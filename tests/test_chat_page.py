"""The chat page, its API to Rasa (against a small stand-in Rasa), the printable checklist and share links."""
from __future__ import annotations

import asyncio
import json
import re
import secrets
import sqlite3
import uuid
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from bot.logic.checklist import checklist_text, personal_checklist
from bot.web.app import create_app
from bot.web.presets import checklist_for_query, preset_for_kommun, preset_for_office, printable_checklist_link
from knowledge.accounts import add_account
from knowledge.queries import authority, facts_by_keys
from knowledge.retention import delete_conversation

SENDER = uuid.uuid4().hex
PASSWORD = "ett långt lösenord för test"


def served(test: Callable[[TestClient], Awaitable[None]], rasa: web.Application | None = None,
           monkeypatch: pytest.MonkeyPatch | None = None) -> None:
    """Runs `test` against the web app; with `rasa`, a stand-in Rasa server answers at RASA_URL."""
    async def run() -> None:
        rasa_server = TestServer(rasa) if rasa else None
        if rasa_server:
            await rasa_server.start_server()
            assert monkeypatch is not None
            monkeypatch.setenv("RASA_URL", str(rasa_server.make_url("")))
        try:
            async with TestClient(TestServer(create_app())) as client:
                await test(client)
        finally:
            if rasa_server:
                await rasa_server.close()
    asyncio.run(run())


def stand_in_rasa(slots: dict[str, Any] | None = None) -> tuple[web.Application, list[dict[str, Any]]]:
    received: list[dict[str, Any]] = []

    async def webhook(request: web.Request) -> web.Response:
        body = await request.json()
        received.append(body)
        reply: list[dict[str, Any]] = [{"recipient_id": body["sender"], "text": "Hej! Jag är en chattbot.",
                                        "buttons": [{"title": "Vad är personligt ombud?", "payload": "/what_is_po"}]}]
        if slots and slots.get("checklist"):  # split at blank lines, as Rasa's REST channel does
            reply += [{"recipient_id": body["sender"], "text": part} for part in slots["checklist"].split("\n\n")]
        return web.json_response(reply)

    async def tracker(_request: web.Request) -> web.Response:
        return web.json_response({"slots": slots or {}, "events": [
            {"event": "user", "text": "/greet"}, {"event": "bot", "text": "Hej!", "data": {}},
            {"event": "user", "text": "vad är PO?"},
        ]})

    app = web.Application()
    app.router.add_post("/webhooks/rest/webhook", webhook)
    app.router.add_get("/conversations/{sender}/tracker", tracker)
    return app, received


def test_page_shows_the_crisis_numbers_from_the_knowledge_base_as_phone_links() -> None:
    async def test(client: TestClient) -> None:
        response = await client.get("/")
        page = await response.text()
        for crisis_fact in facts_by_keys(["crisis.emergency", "crisis.suicide_line", "crisis.healthcare_advice"]):
            assert f'href="tel:{crisis_fact.phone}"' in page
        assert "Självmordslinjen" in page and "chattbot" in page and "utan att du säger ja" in page
        # No inline script or style: everything comes from files the CSP allows.
        assert re.findall(r"<script(?![^>]*\bsrc=)", page) == [] and "<style" not in page and " style=" not in page
        assert "script-src" not in response.headers["Content-Security-Policy"]  # default-src 'self' only
        assert response.headers["Referrer-Policy"] == "no-referrer"
        assert 'role="log"' in page and 'aria-live="polite"' in page and '<label for="skriv">' in page
        assert "Set-Cookie" not in response.headers
    served(test)


def test_static_files_are_served_with_their_types() -> None:
    async def test(client: TestClient) -> None:
        script = await client.get("/static/chat.js")
        assert script.status == 200 and script.content_type == "application/javascript"
        assert "innerHTML" not in await script.text()  # bot text goes in as textContent only
        assert (await client.get("/static/chat.css")).content_type == "text/css"
        assert (await client.get("/static/..%2fapp.py")).status == 404
    served(test)


def test_a_kommun_link_presets_the_place_by_name_or_code() -> None:
    assert preset_for_kommun("1080") == preset_for_kommun("Karlskrona")
    assert preset_for_kommun("Karlskrona").payload == '/inform_place{"place": "Karlskrona"}'

    async def test(client: TestClient) -> None:
        page = await (await client.get("/?kommun=1080")).text()
        assert 'data-preset-label="Karlskrona"' in page and "Chatten gäller <strong>Karlskrona</strong>" in page
        hostile = await (await client.get("/?kommun=%3Cscript%3Ealert(1)%3C/script%3E")).text()
        assert "alert(1)" not in hostile and "data-preset" not in hostile
    served(test)


def test_an_office_link_presets_the_office() -> None:
    assert preset_for_office("stockholm-bromma-hasselby-vallingby").payload == '/inform_place{"place": "Bromma"}'
    assert preset_for_office("finns-inte") is None

    async def test(client: TestClient) -> None:
        page = await (await client.get("/o/cura-blekinge")).text()
        assert "Personliga ombud Blekinge" in page and "data-preset-payload" in page
        unknown = await client.get("/o/finns-inte", allow_redirects=False)
        assert unknown.status == 302 and unknown.headers["Location"] == "/"
    served(test)


def test_chat_api_refuses_empty_huge_and_malformed_messages_in_swedish() -> None:
    async def test(client: TestClient) -> None:
        cases = [({"sender": SENDER, "message": "  "}, "Skriv något först."),
                 ({"sender": SENDER, "message": "a" * 2001}, "Meddelandet är för långt"),
                 ({"sender": "x", "message": "hej"}, "Samtalet kunde inte hittas"),
                 ({"sender": SENDER, "message": 5}, "Skriv något först.")]
        for body, error in cases:
            response = await client.post("/api/chat", json=body)
            assert response.status == 400
            assert (await response.json())["error"].startswith(error)
        assert (await client.post("/api/chat", data="inte json")).status == 400
    served(test)


def test_chat_api_says_so_when_rasa_does_not_answer(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RASA_URL", "http://127.0.0.1:9")  # the discard port: nothing listens

    async def test(client: TestClient) -> None:
        response = await client.post("/api/chat", json={"sender": SENDER, "message": "hej"})
        assert response.status == 503 and "svarar inte" in (await response.json())["error"]
    served(test)


def test_chat_api_passes_messages_to_rasa_and_returns_text_and_buttons(monkeypatch: pytest.MonkeyPatch) -> None:
    rasa, received = stand_in_rasa()

    async def test(client: TestClient) -> None:
        response = await client.post("/api/chat", json={"sender": SENDER, "message": " hej "})
        data = await response.json()
        assert received == [{"sender": SENDER, "message": "hej"}]
        assert data["messages"][0]["buttons"] == [{"title": "Vad är personligt ombud?", "payload": "/what_is_po"}]
        assert data["checklist_url"] is None
        history = await (await client.get(f"/api/conversation/{SENDER}")).json()
        # Commands such as /greet are not shown again; what the person typed is.
        assert [(m["from"], m["text"]) for m in history["messages"]] == [("bot", "Hej!"), ("user", "vad är PO?")]
    served(test, rasa, monkeypatch)


def test_chat_api_links_the_printable_checklist_when_the_bot_gives_one(monkeypatch: pytest.MonkeyPatch) -> None:
    given = checklist_text(personal_checklist(authority=authority("FK")))
    rasa, _ = stand_in_rasa({"checklist": given})

    async def test(client: TestClient) -> None:
        data = await (await client.post("/api/chat", json={"sender": SENDER, "message": "förbered FK"})).json()
        assert data["checklist_url"] == "/forbered?myndighet=forsakringskassan"
    served(test, rasa, monkeypatch)


def test_printable_checklist_link_matches_the_checklist_the_bot_gave() -> None:
    assert printable_checklist_link(checklist_text(personal_checklist()), None, None) == "/forbered"
    for_jarva = checklist_text(checklist_for_query("Rinkeby", None))
    assert printable_checklist_link(for_jarva, "0180", "Järva") == "/forbered?kommun=J%C3%A4rva"
    assert printable_checklist_link("något annat", None, None) is None


def test_printable_checklist_page_renders_for_print() -> None:
    async def test(client: TestClient) -> None:
        response = await client.get("/forbered?myndighet=FK")
        page = await response.text()
        assert response.status == 200 and "Inför första mötet" in page and "Läkarintyg" in page
        assert "@media print" in await (await client.get("/static/chat.css")).text()
        unknown = await client.get("/forbered?kommun=Blorpinge")
        assert unknown.status == 404 and "Okänd kommun eller stadsdel." in await unknown.text()
    served(test)


def test_delete_conversation_removes_only_that_senders_events(tmp_path: Path) -> None:
    database = tmp_path / "tracker.db"
    with sqlite3.connect(database) as connection:
        connection.execute("CREATE TABLE events (id INTEGER PRIMARY KEY, sender_id TEXT, timestamp REAL)")
        connection.executemany("INSERT INTO events (sender_id, timestamp) VALUES (?, 1)",
                               [("mig",), ("mig",), ("annan",)])
    assert delete_conversation(f"sqlite:///{database}", "mig") == 2
    with sqlite3.connect(database) as connection:
        assert connection.execute("SELECT sender_id FROM events").fetchall() == [("annan",)]
    assert delete_conversation(f"sqlite:///{tmp_path / 'finns-inte.db'}", "mig") == 0
    assert not (tmp_path / "finns-inte.db").exists()


def test_delete_endpoint_refuses_a_malformed_id() -> None:
    async def test(client: TestClient) -> None:
        assert (await client.delete("/api/conversation/x")).status == 400
        response = await client.delete(f"/api/conversation/{SENDER}")
        assert response.status == 200 and "deleted_events" in await response.json()
    served(test)


def test_share_page_shows_the_office_link_and_a_qr_code(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OMBUDSGUIDEN_COOKIE_SECURE", "false")
    account = add_account("cura-blekinge", f"dela-{secrets.token_hex(4)}@example.se", PASSWORD)

    async def test(client: TestClient) -> None:
        assert (await client.get("/ombud/dela", allow_redirects=False)).status == 303
        login = await (await client.get("/ombud/login")).text()
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', login).group(1)
        await client.post("/ombud/login", data={"csrf_token": csrf, "email": account.email, "password": PASSWORD})
        page = await (await client.get("/ombud/dela")).text()
        assert re.search(r'href="http://127\.0\.0\.1:\d+/o/cura-blekinge"', page)
        qr = await client.get("/ombud/dela/qr.svg")
        assert qr.content_type == "image/svg+xml" and (await qr.text()).startswith("<svg")
    served(test)
