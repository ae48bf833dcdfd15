"""The chat page, its API to Rasa (against a small stand-in Rasa), the printable checklist and share links."""
from __future__ import annotations

import asyncio
import re
import secrets
import sqlite3
import time
import uuid
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from bot.logic.checklist import checklist_text, personal_checklist
from bot.web.app import create_app
from bot.web.chat import MESSAGES_PER_MINUTE, without_command_slashes
from bot.web.presets import (
    Preset,
    checklist_for_query,
    preset_for_kommun,
    preset_for_office,
    preset_payload,
    printable_checklist_link,
)
from bot.web.shared_state import SHARED_STATE
from casework.accounts import add_account
from casework.retention import TrackerStoreMissing, delete_conversation
from knowledge.queries import authority, facts_by_keys

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


def stand_in_rasa(slots: dict[str, Any] | None = None,
                  tracker_db: Path | None = None) -> tuple[web.Application, list[dict[str, Any]]]:
    """A Rasa that answers every message alike; with `tracker_db`, its tracker is that table's rows."""
    received: list[dict[str, Any]] = []

    async def webhook(request: web.Request) -> web.Response:
        body = await request.json()
        received.append(body)
        reply: list[dict[str, Any]] = [{"recipient_id": body["sender"], "text": "Hej! Jag är en chattbot.",
                                        "buttons": [{"title": "Vad är personligt ombud?", "payload": "/what_is_po"}]}]
        if slots and slots.get("checklist"):  # split at blank lines, as Rasa's REST channel does
            reply += [{"recipient_id": body["sender"], "text": part} for part in slots["checklist"].split("\n\n")]
        return web.json_response(reply)

    async def tracker(request: web.Request) -> web.Response:
        if tracker_db is not None:
            with sqlite3.connect(tracker_db) as connection:
                rows = connection.execute("SELECT type_name FROM events WHERE sender_id = ?",
                                          (request.match_info["sender"],)).fetchall()
            return web.json_response({"slots": {}, "events": [{"event": kind} for (kind,) in rows]})
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


def rebuilt(preset: Preset | None) -> str | None:
    """The message the server builds from the key the page sends back for this preset."""
    assert preset is not None and preset.key is not None
    return preset_payload(preset.key)


def test_a_kommun_link_presets_the_place_by_name_or_code() -> None:
    assert preset_for_kommun("1080") == preset_for_kommun("Karlskrona")
    assert rebuilt(preset_for_kommun("Karlskrona")) == '/inform_place{"place": "Karlskrona"}'
    assert rebuilt(preset_for_kommun("Rinkeby")) == '/inform_place{"place": "Rinkeby"}'

    async def test(client: TestClient) -> None:
        page = await (await client.get("/?kommun=1080")).text()
        assert 'data-preset-key="1080"' in page and "Chatten gäller <strong>Karlskrona</strong>" in page
        assert "inform_place" not in page  # the page names the place; only the server builds the message
        hostile = await (await client.get("/?kommun=%3Cscript%3Ealert(1)%3C/script%3E")).text()
        assert "alert(1)" not in hostile and "data-preset" not in hostile
    served(test)


def test_preset_keys_are_rebuilt_only_into_known_places() -> None:
    assert preset_payload("1080") == '/inform_place{"place": "Karlskrona"}'
    assert preset_payload("0180:Bromma") == '/inform_place{"place": "Bromma"}'
    for refused in ["/greet", "Karlskrona", "9999", "1080:Bromma", '1080:"}', "0180:" + "a" * 100, ""]:
        assert preset_payload(refused) is None, refused


def test_an_office_link_presets_the_office_and_a_place_only_when_it_serves_one() -> None:
    # An office for several kommuner sets none of them: the person picks among its own.
    blekinge = preset_for_office("cura-blekinge")
    assert blekinge.key is None and blekinge.label.startswith("Personliga ombud Blekinge")
    assert [title for title, _ in blekinge.choices] == ["Olofström", "Karlskrona", "Ronneby", "Karlshamn", "Sölvesborg"]
    assert all(preset_payload(key) == f'/inform_place{{"place": "{title}"}}' for title, key in blekinge.choices)
    bromma = preset_for_office("stockholm-bromma-hasselby-vallingby")
    assert bromma.key is None and [t for t, _ in bromma.choices] == ["Bromma", "Hässelby-Vällingby"]
    # An office for one part of a city sets that part.
    assert rebuilt(preset_for_office("stockholm-jarva")) == '/inform_place{"place": "Järva"}'
    assert preset_for_office("finns-inte") is None

    async def test(client: TestClient) -> None:
        page = await (await client.get("/o/cura-blekinge")).text()
        assert "Personliga ombud Blekinge" in page and "data-preset-choices=" in page
        assert "data-preset-key" not in page and "inform_place" not in page
        unknown = await client.get("/o/finns-inte", allow_redirects=False)
        assert unknown.status == 302 and unknown.headers["Location"] == "/"
    served(test)


def test_typed_text_can_never_be_a_command() -> None:
    assert without_command_slashes("/affirm") == "affirm"
    assert without_command_slashes(' // /inform_place{"place": "Lund"}') == 'inform_place{"place": "Lund"}'
    assert without_command_slashes("jag har 2/3 kvar ") == "jag har 2/3 kvar"
    assert without_command_slashes(" / ") == ""


def test_chat_api_refuses_empty_huge_and_malformed_messages_in_swedish() -> None:
    async def test(client: TestClient) -> None:
        cases = [({"sender": SENDER, "text": "  "}, "Skriv något först."),
                 ({"sender": SENDER, "text": "//"}, "Skriv något först."),
                 ({"sender": SENDER, "text": "a" * 2001}, "Meddelandet är för långt"),
                 ({"sender": "x", "text": "hej"}, "Samtalet kunde inte hittas"),
                 ({"sender": SENDER, "text": 5}, "Skriv något först."),
                 ({"sender": SENDER, "message": "hej"}, "Meddelandet kunde inte läsas"),
                 ({"sender": SENDER, "text": "hej", "payload": "/greet"}, "Meddelandet kunde inte läsas"),
                 ({"sender": SENDER, "preset": "/greet"}, "Platsen kunde inte hittas"),
                 ({"sender": SENDER, "preset": 1080}, "Platsen kunde inte hittas")]
        for body, error in cases:
            response = await client.post("/api/chat", json=body)
            assert response.status == 400, body
            assert (await response.json())["error"].startswith(error)
        not_json = await client.post("/api/chat", data="inte json", headers={"Content-Type": "application/json"})
        assert not_json.status == 400 and (await not_json.json())["error"].startswith("Meddelandet kunde inte läsas")
    served(test)


def test_typed_commands_are_stripped_and_payloads_must_be_the_bots_own_buttons(monkeypatch: pytest.MonkeyPatch) -> None:
    rasa, received = stand_in_rasa()
    sender = uuid.uuid4().hex

    async def test(client: TestClient) -> None:
        async def chat(**message: object) -> int:
            return (await client.post("/api/chat", json={"sender": sender, **message})).status

        # Before the bot has given any button, only the page's own commands pass.
        assert await chat(payload="/what_is_po") == 400
        assert await chat(payload='/inform_place{"place": "Lund"}') == 400
        assert await chat(payload="/greet") == 200  # the stand-in answers with a /what_is_po button
        assert await chat(payload="/affirm") == 400
        assert await chat(payload="/what_is_po") == 200
        assert await chat(text="/affirm") == 200
        assert await chat(preset="1080") == 200
        assert await chat(payload="/restart") == 200
        assert [r["message"] for r in received] == [
            "/greet", "/what_is_po", "affirm", '/inform_place{"place": "Karlskrona"}', "/restart"]
    served(test, rasa, monkeypatch)


def test_chat_api_says_so_when_rasa_does_not_answer(monkeypatch: pytest.MonkeyPatch,
                                                   caplog: pytest.LogCaptureFixture) -> None:
    monkeypatch.setenv("RASA_URL", "http://127.0.0.1:9")  # the discard port: nothing listens

    async def test(client: TestClient) -> None:
        response = await client.post("/api/chat", json={"sender": SENDER, "text": "min läkare på psyk"})
        assert response.status == 503 and "svarar inte" in (await response.json())["error"]
        assert response.headers["Cache-Control"] == "no-store"
        # A page opened while Rasa is down keeps its conversation: 503, not an empty one.
        history = await client.get("/api/conversation", headers={"X-Samtal": SENDER})
        assert history.status == 503
        assert (await history.json())["error"] == (
            "Chatten svarar inte just nu. Försök igen om en stund. Akut? Ring 112.")
    served(test)
    assert "psyk" not in caplog.text  # what the person wrote never reaches the log


def test_chat_api_passes_messages_to_rasa_and_returns_text_and_buttons(monkeypatch: pytest.MonkeyPatch) -> None:
    rasa, received = stand_in_rasa()

    async def test(client: TestClient) -> None:
        response = await client.post("/api/chat", json={"sender": SENDER, "text": " hej "})
        assert response.headers["Cache-Control"] == "no-store"
        data = await response.json()
        assert received == [{"sender": SENDER, "message": "hej"}]
        assert data["messages"][0]["buttons"] == [{"title": "Vad är personligt ombud?", "payload": "/what_is_po"}]
        assert data["checklist_url"] is None
        history = await (await client.get("/api/conversation", headers={"X-Samtal": SENDER})).json()
        # Commands such as /greet are not shown again; what the person typed is.
        assert [(m["from"], m["text"]) for m in history["messages"]] == [("bot", "Hej!"), ("user", "vad är PO?")]
    served(test, rasa, monkeypatch)


def test_chat_api_links_the_printable_checklist_when_the_bot_gives_one(monkeypatch: pytest.MonkeyPatch) -> None:
    given = checklist_text(personal_checklist(authority=authority("FK")))
    rasa, _ = stand_in_rasa({"checklist": given})

    async def test(client: TestClient) -> None:
        data = await (await client.post("/api/chat", json={"sender": SENDER, "text": "förbered FK"})).json()
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


def tracker_db_with(path: Path, events: list[tuple[str, str]]) -> Path:
    """A tracker store like Rasa's: (sender_id, type_name) rows in `events`."""
    with sqlite3.connect(path) as connection:
        connection.execute(
            "CREATE TABLE events (id INTEGER PRIMARY KEY, sender_id TEXT, type_name TEXT, timestamp REAL)")
        # Stamped now: the web server's retention purge at start must leave them alone.
        connection.executemany("INSERT INTO events (sender_id, type_name, timestamp) VALUES (?, ?, ?)",
                               [(sender, kind, time.time()) for sender, kind in events])
    return path


def rows_of(database: Path, sender: str) -> int:
    with sqlite3.connect(database) as connection:
        return connection.execute("SELECT count(*) FROM events WHERE sender_id = ?", (sender,)).fetchone()[0]


def test_delete_conversation_removes_only_that_senders_events(tmp_path: Path) -> None:
    database = tracker_db_with(tmp_path / "tracker.db", [("mig", "user"), ("mig", "bot"), ("annan", "user")])
    assert delete_conversation(f"sqlite:///{database}", "mig") == 2
    with sqlite3.connect(database) as connection:
        assert connection.execute("SELECT sender_id FROM events").fetchall() == [("annan",)]
    with pytest.raises(TrackerStoreMissing):  # "deleted" from a store that is not there would be a lie
        delete_conversation(f"sqlite:///{tmp_path / 'finns-inte.db'}", "mig")
    assert not (tmp_path / "finns-inte.db").exists()
    with sqlite3.connect(tmp_path / "tom.db") as connection:
        connection.execute("CREATE TABLE annat (id INTEGER)")
    with pytest.raises(TrackerStoreMissing):
        delete_conversation(f"sqlite:///{tmp_path / 'tom.db'}", "mig")


def test_delete_endpoint_empties_the_conversation_and_refuses_it_afterwards(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    sender, other = uuid.uuid4().hex, uuid.uuid4().hex
    database = tracker_db_with(tmp_path / "tracker.db", [(sender, "user"), (sender, "bot"), (other, "user")])
    monkeypatch.setenv("TRACKER_STORE_URL", f"sqlite:///{database}")
    rasa, received = stand_in_rasa(tracker_db=database)

    async def test(client: TestClient) -> None:
        assert (await client.delete("/api/conversation", headers={"X-Samtal": "x"})).status == 400
        assert rows_of(database, sender) == 2
        response = await client.delete("/api/conversation", headers={"X-Samtal": sender})
        assert response.status == 200 and (await response.json()) == {"deleted_events": 2}
        assert response.headers["Cache-Control"] == "no-store"
        assert rows_of(database, sender) == 0 and rows_of(database, other) == 1
        # A message still on its way for the deleted conversation cannot bring it back.
        late = await client.post("/api/chat", json={"sender": sender, "text": "hej"})
        assert late.status == 410 and "raderad" in (await late.json())["error"]
        assert received == []
    served(test, rasa, monkeypatch)


def test_delete_endpoint_does_not_claim_a_deletion_it_cannot_see(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    sender = uuid.uuid4().hex
    # The web server and Rasa disagree about the tracker store…
    monkeypatch.setenv("TRACKER_STORE_URL", f"sqlite:///{tmp_path / 'finns-inte.db'}")
    rasa, _ = stand_in_rasa()  # …and Rasa's tracker still has the conversation

    async def test(client: TestClient) -> None:
        response = await client.delete("/api/conversation", headers={"X-Samtal": sender})
        assert response.status == 503 and "kunde inte raderas" in (await response.json())["error"]
        tracker_db_with(tmp_path / "finns-inte.db", [(sender, "user")])
        response = await client.delete("/api/conversation", headers={"X-Samtal": sender})
        assert response.status == 503 and "Det gick inte att se" in (await response.json())["error"]
    served(test, rasa, monkeypatch)


async def _log_in_to_share(client: TestClient) -> None:
    account = add_account("cura-blekinge", f"dela-{secrets.token_hex(4)}@example.se", PASSWORD)
    assert (await client.get("/ombud/dela", allow_redirects=False)).status == 303
    login = await (await client.get("/ombud/login")).text()
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', login).group(1)
    await client.post("/ombud/login", data={"csrf_token": csrf, "email": account.email, "password": PASSWORD})


def test_share_page_shows_the_office_link_and_a_qr_code_at_the_public_address(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OMBUDSGUIDEN_COOKIE_SECURE", "false")
    monkeypatch.setenv("OMBUDSGUIDEN_PUBLIC_URL", "https://ombudsguiden.example.se/")

    async def test(client: TestClient) -> None:
        await _log_in_to_share(client)
        # A forged Host header never reaches a printed card.
        page = await (await client.get("/ombud/dela", headers={"Host": "elak.example.com"})).text()
        assert 'href="https://ombudsguiden.example.se/o/cura-blekinge"' in page and "elak" not in page
        qr = await client.get("/ombud/dela/qr.svg", headers={"Host": "elak.example.com"})
        assert qr.content_type == "image/svg+xml" and (await qr.text()).startswith("<svg")
    served(test)


@pytest.mark.parametrize("configured", [None, "", "ombudsguiden.example.se", "javascript:alert(1)"])
def test_without_a_public_address_no_card_is_printed(configured: str | None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OMBUDSGUIDEN_COOKIE_SECURE", "false")
    if configured is None:
        monkeypatch.delenv("OMBUDSGUIDEN_PUBLIC_URL", raising=False)
    else:
        monkeypatch.setenv("OMBUDSGUIDEN_PUBLIC_URL", configured)

    async def test(client: TestClient) -> None:
        await _log_in_to_share(client)
        response = await client.get("/ombud/dela")
        page = await response.text()
        assert response.status == 503 and "OMBUDSGUIDEN_PUBLIC_URL" in page
        assert "/o/cura-blekinge" not in page and "qr.svg" not in page and "127.0.0.1" not in page
        assert (await client.get("/ombud/dela/qr.svg")).status == 503
    served(test)


def test_a_flood_of_messages_is_stopped_with_a_swedish_answer(monkeypatch: pytest.MonkeyPatch) -> None:
    rasa, received = stand_in_rasa()
    sender = uuid.uuid4().hex

    async def test(client: TestClient) -> None:
        statuses = [(await client.post("/api/chat", json={"sender": sender, "text": f"hej {n}"})).status
                    for n in range(MESSAGES_PER_MINUTE)]
        assert statuses == [200] * MESSAGES_PER_MINUTE
        flooded = await client.post("/api/chat", json={"sender": sender, "text": "en till"})
        assert flooded.status == 429
        assert (await flooded.json())["error"].startswith("Du skickar många meddelanden")
        assert len(received) == MESSAGES_PER_MINUTE  # the extra message never reached Rasa
        other = await client.post("/api/chat", json={"sender": uuid.uuid4().hex, "text": "hej"})
        assert other.status == 200  # one conversation's flood does not stop anyone else
    served(test, rasa, monkeypatch)


def test_a_button_with_plain_words_as_its_payload_reaches_rasa(monkeypatch: pytest.MonkeyPatch) -> None:
    # The crisis support buttons ("Ingen svarar") and every form button ("Ja", "Vet inte") send words, not commands.
    rasa, received = stand_in_rasa()
    sender = uuid.uuid4().hex

    async def test(client: TestClient) -> None:
        state = client.app[SHARED_STATE]
        await state.remember_buttons(sender, frozenset({"Ingen svarar", "vet inte"}))
        assert (await client.post("/api/chat", json={"sender": sender, "payload": "Ingen svarar"})).status == 200
        await state.remember_buttons(sender, frozenset({"Ingen svarar", "vet inte"}))
        assert (await client.post("/api/chat", json={"sender": sender, "payload": "något annat"})).status == 400
        assert [r["message"] for r in received] == ["Ingen svarar"]
    served(test, rasa, monkeypatch)
