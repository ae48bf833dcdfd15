"""Floods and bad input on /api/chat and on Rasa's REST channel: a Swedish answer, a 4xx when it is the
client's fault, never a 5xx or an empty reply, and never the message in a log.

The web app and the project's REST channel run over real HTTP; behind the channel a stand-in for
Rasa (tests/servers.py) fails on what made the real one fail, so that nothing of the kind may pass.
"""
from __future__ import annotations

import asyncio
import json
import logging
import re
import uuid
from collections.abc import Iterator

import aiohttp
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rasa.core.channels.channel import UserMessage
from servers import SILENT, Answer, Running, get, post, running

from bot.inbound.messages import MAX_MESSAGE_CHARACTERS, TOO_MANY_SIGNS
from bot.inbound.redaction import EMAIL_REMOVED, PERSONNUMMER_REMOVED, PHONE_REMOVED
from bot.runtime.rest_channel import FAILED, NO_REPLY
from bot.web import chat as chat_module
from bot.web.throttle import RateLimit
from casework.accounts import add_account

CHAT = "/api/chat"
WEBHOOK = "/webhooks/rest/webhook"
FUZZ_EXAMPLES = 2000
SWEDISH = re.compile(r"[åäöÅÄÖ]|\b(?:och|att|det|inte|kan|för|är|Skriv|Försök|meddelande\w*)\b")


def new_sender() -> str:
    return uuid.uuid4().hex


def chat_body(text: str, sender: str | None = None) -> bytes:
    return json.dumps({"sender": sender or new_sender(), "text": text}).encode()


@pytest.fixture
def stack(monkeypatch: pytest.MonkeyPatch) -> Iterator[Running]:
    with running() as served:
        monkeypatch.setenv("RASA_URL", f"http://127.0.0.1:{served.rasa_port}")
        yield served


def error_of(answer: Answer) -> str:
    return str(answer.json()["error"])


# --- The REST channel ---------------------------------------------------------------------------

def test_the_rest_channel_redacts_before_rasa_sees_the_message(stack: Running) -> None:
    text = "mitt pnr är 0503121238, ring 070\u2013123 45 67 eller mejla sara@exempel.se"
    answer = post(stack.rasa_port, WEBHOOK, json.dumps({"sender": "s1", "message": text}).encode())
    assert answer.status == 200 and answer.json()[0]["text"].startswith("Hej!")
    assert stack.rasa.received == [f"mitt pnr är {PERSONNUMMER_REMOVED}, ring {PHONE_REMOVED} eller mejla "
                                   f"{EMAIL_REMOVED}"]


def test_the_rest_channel_keeps_the_contact_details_the_form_asked_for(stack: Running) -> None:
    for question in ("handoff_contact_value", "handoff_contact_method"):
        stack.rasa.received.clear()
        stack.rasa.tracker = type("Tracker", (), {"active_loop_name": "handoff_form",
                                                  "get_slot": staticmethod(lambda name, asked=question: asked)})()
        for answer in ("070-123 45 67", "sara@exempel.se", "sms 0503121238", "050312-1238"):
            post(stack.rasa_port, WEBHOOK, json.dumps({"sender": "s2", "message": answer}).encode())
        assert stack.rasa.received == ["070-123 45 67", "sara@exempel.se", "sms 0503121238", PERSONNUMMER_REMOVED]


def test_the_rest_channel_keeps_contact_details_given_early_in_the_contact_request(stack: Running) -> None:
    # "Vill du skicka den?" answered with a number: the number becomes how to be reached.
    asked = type("Tracker", (), {"active_loop_name": "handoff_form",
                                 "get_slot": staticmethod(lambda name: "handoff_confirm")})()
    stack.rasa.tracker = asked
    for answer in ("070-123 45 67, efter kl 15 helst", "sara@exempel.se", "ja. pnr 050312-1238",
                   "nej, ring min syster 070-111 22 33"):
        post(stack.rasa_port, WEBHOOK, json.dumps({"sender": "s5", "message": answer}).encode())
    assert stack.rasa.received == ["070-123 45 67, efter kl 15 helst", "sara@exempel.se",
                                   f"ja. pnr {PERSONNUMMER_REMOVED}", f"nej, ring min syster {PHONE_REMOVED}"]


def test_outside_the_form_own_contact_details_stay_only_where_a_request_could_be_sent(stack: Running) -> None:
    # "sms 070-…" in Uppsala, whose office reads requests, starts one: the number is what it needs.
    add_account("uppsala", f"{uuid.uuid4().hex[:8]}@uppsala.example", uuid.uuid4().hex)
    for code, answer, stored in (
            ("0380", "sms 070-123 45 67", "sms 070-123 45 67"),
            ("0380", "mejla mig på sara@exempel.se", "mejla mig på sara@exempel.se"),
            ("0380", "min son har 070-111 22 33", f"min son har {PHONE_REMOVED}"),  # someone else's
            ("0380", "sms 850312-1231", f"sms {PERSONNUMMER_REMOVED}"),
            ("2584", "sms 070-123 45 67", f"sms {PHONE_REMOVED}"),  # Kiruna: no office that reads them
            (None, "sms 070-123 45 67", f"sms {PHONE_REMOVED}")):  # no place yet
        stack.rasa.received.clear()
        slots = {"kommun_code": code}
        stack.rasa.tracker = type("Tracker", (), {"active_loop_name": None,
                                                  "get_slot": staticmethod(lambda name, s=slots: s.get(name))})()
        post(stack.rasa_port, WEBHOOK, json.dumps({"sender": "s7", "message": answer}).encode())
        assert stack.rasa.received == [stored], (code, answer)


def test_the_rest_channel_keeps_contact_details_given_with_the_place_and_nothing_else(stack: Running) -> None:
    asked = type("Tracker", (), {"active_loop_name": "handoff_form",
                                 "get_slot": staticmethod(lambda name: "handoff_place")})()
    stack.rasa.tracker = asked
    add_account("uppsala", f"{uuid.uuid4().hex[:8]}@uppsala.example", uuid.uuid4().hex)
    for answer in ("uppsala. helst sms 070-123 45 67", "Uppsala, min son har 070-111 22 33", "Uppsala 050312-1238",
                   "Kiruna, sms 070-123 45 67"):  # no office there that reads requests: nothing is kept
        post(stack.rasa_port, WEBHOOK, json.dumps({"sender": "s6", "message": answer}).encode())
    assert stack.rasa.received == ["uppsala. helst sms 070-123 45 67", f"Uppsala, min son har {PHONE_REMOVED}",
                                   f"Uppsala {PERSONNUMMER_REMOVED}", f"Kiruna, sms {PHONE_REMOVED}"]


@pytest.mark.parametrize("body", [
    b'{"sender": "s3", "message": "\\ud800 hej"}',
    b"[" * 100_000 + b"]" * 100_000,
    b"inte json",
    b"\xff\xfe",
    b'["s3", "hej"]',
    b'{"message": "hej"}',
    b'{"sender": "s3", "message": 5}',
    b'{"sender": "s3", "message": "   "}',
    json.dumps({"sender": "s3", "message": "a" * (MAX_MESSAGE_CHARACTERS + 1)}).encode(),
    json.dumps({"sender": "s3", "message": "!?" * (MAX_MESSAGE_CHARACTERS // 2)}).encode(),
    json.dumps({"sender": "s3", "message": "hej " * 20_000}).encode(),
])
def test_the_rest_channel_answers_bad_input_with_400_in_swedish(stack: Running, body: bytes,
                                                                caplog: pytest.LogCaptureFixture) -> None:
    answer = post(stack.rasa_port, WEBHOOK, body)
    assert answer.status == 400
    [message] = answer.json()
    assert SWEDISH.search(message["text"]), message
    assert stack.rasa.received == []
    assert "hej" not in caplog.text


def test_when_rasa_fails_the_person_gets_a_swedish_answer_and_the_log_no_text(
        stack: Running, caplog: pytest.LogCaptureFixture) -> None:
    answer = post(stack.rasa_port, WEBHOOK, json.dumps({"sender": "s4", "message": "min läkare\x00psyk"}).encode())
    # The NUL is taken out before Rasa, so the stand-in does not fail; make it fail on purpose.
    assert answer.status == 200 and stack.rasa.received == ["min läkare psyk"]

    async def failing(message: UserMessage) -> None:
        raise RuntimeError(f"INSERT INTO events … [parameters: ({message.text!r},)]")  # as SQLAlchemy says it

    stack.rasa.handle = failing  # type: ignore[method-assign]
    caplog.set_level(logging.DEBUG)
    failed = post(stack.rasa_port, WEBHOOK, json.dumps({"sender": "s4", "message": "min läkare på psyk"}).encode())
    assert failed.status == 500 and failed.json()[0]["text"] == FAILED
    assert "RuntimeError" in caplog.text and "psyk" not in caplog.text


def test_a_turn_without_a_reply_still_gets_one(stack: Running) -> None:
    answer = post(stack.rasa_port, WEBHOOK, json.dumps({"sender": "s5", "message": SILENT}).encode())
    assert answer.status == 200 and answer.json() == [{"recipient_id": "s5", "text": NO_REPLY}]


# --- /api/chat ----------------------------------------------------------------------------------

def test_a_lone_surrogate_gets_a_swedish_400_and_never_reaches_rasa_or_the_log(
        stack: Running, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    body = b'{"sender": "%s", "text": "\\ud800 min l\\u00e4kare p\\u00e5 psyk"}' % new_sender().encode()
    answer = post(stack.web_port, CHAT, body)
    assert answer.status == 400 and error_of(answer).startswith("Meddelandet har tecken som inte går att läsa")
    assert stack.rasa.received == [] and "psyk" not in caplog.text


def test_deeply_nested_json_gets_a_swedish_400(stack: Running) -> None:
    answer = post(stack.web_port, CHAT, b"[" * 100_000 + b"]" * 100_000)
    assert answer.status in (400, 413) and error_of(answer).startswith("Meddelandet")
    nested = post(stack.web_port, CHAT, b'{"sender": "%s", "text": ' % new_sender().encode() + b"[" * 5000
                  + b"]" * 5000 + b"}")
    assert nested.status == 400 and error_of(nested)


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded",
                                          "multipart/form-data; boundary=x", None])
def test_a_blind_cross_site_post_is_refused(stack: Running, content_type: str | None) -> None:
    """A form or fetch on another site can send these without asking the browser first; JSON it cannot."""
    answer = post(stack.web_port, CHAT, chat_body("hej"), content_type=content_type)
    assert answer.status == 415 and "egen sida" in error_of(answer)
    assert stack.rasa.received == []


def test_a_wall_of_punctuation_is_refused_before_rasa(stack: Running) -> None:
    answer = post(stack.web_port, CHAT, chat_body("!?.," * (MAX_MESSAGE_CHARACTERS // 4)))
    assert answer.status == 400 and error_of(answer) == TOO_MANY_SIGNS
    ordinary = " ".join(["jag har fått avslag från Försäkringskassan och vet inte vad jag ska göra."] * 26)
    assert len(ordinary) <= MAX_MESSAGE_CHARACTERS
    assert post(stack.web_port, CHAT, chat_body(ordinary)).status == 200
    assert stack.rasa.received == [ordinary]


def test_control_characters_are_cleaned_before_rasa(stack: Running) -> None:
    answer = post(stack.web_port, CHAT, chat_body("hej\x00då\x1b[31m"))
    assert answer.status == 200 and stack.rasa.received == ["hej då [31m"]


def test_a_new_conversation_id_per_message_does_not_escape_the_flood_limit(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(chat_module, "REQUESTS_PER_MINUTE_PER_CLIENT", 5)
    with running() as stack:
        monkeypatch.setenv("RASA_URL", f"http://127.0.0.1:{stack.rasa_port}")
        statuses = [post(stack.web_port, CHAT, chat_body(f"hej {n}")).status for n in range(5)]
        flooded = post(stack.web_port, CHAT, chat_body("en till"))
        assert statuses == [200] * 5 and flooded.status == 429
        assert error_of(flooded).startswith("Du skickar många meddelanden")
        assert get(stack.web_port, "/api/conversation", headers={"X-Samtal": new_sender()}).status == 429
        assert len(stack.rasa.received) == 5


def test_behind_a_trusted_proxy_the_flood_limit_counts_each_client(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(chat_module, "REQUESTS_PER_MINUTE_PER_CLIENT", 2)
    monkeypatch.setenv("OMBUDSGUIDEN_TRUSTED_PROXY", "true")
    with running() as stack:
        monkeypatch.setenv("RASA_URL", f"http://127.0.0.1:{stack.rasa_port}")

        def from_client(address: str) -> int:
            return post(stack.web_port, CHAT, chat_body("hej"), headers={"X-Forwarded-For": address}).status

        assert [from_client("203.0.113.5") for _ in range(3)] == [200, 200, 429]
        assert from_client("198.51.100.7") == 200
        # One IPv6 subscriber gets a whole /64: it is one client, not 2**64 of them.
        assert [from_client(f"2001:db8:1:2::{n}") for n in range(3)] == [200, 200, 429]


def test_the_flood_limits_remember_a_bounded_number_of_clients() -> None:
    limit = RateLimit(30, 60, max_keys=100, clock=lambda: 0.0)
    for client in range(10_000):
        assert limit.allow(f"klient-{client}")
    assert len(limit) == 100


def test_one_client_cannot_hold_more_turns_at_once_than_its_share(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OMBUDSGUIDEN_TRUSTED_PROXY", "true")
    with running(hold=True) as stack:
        monkeypatch.setenv("RASA_URL", f"http://127.0.0.1:{stack.rasa_port}")

        async def send(client: str) -> int:
            async with aiohttp.ClientSession() as session:
                async with session.post(f"http://127.0.0.1:{stack.web_port}{CHAT}", json=
                                        {"sender": new_sender(), "text": "hej"},
                                        headers={"X-Forwarded-For": client}) as response:
                    return response.status

        async def scenario() -> list[int]:
            held = [asyncio.create_task(send("203.0.113.5")) for _ in range(chat_module.TURNS_AT_ONCE_PER_CLIENT)]
            await asyncio.sleep(0.5)  # both are now waiting for Rasa
            one_more = await send("203.0.113.5")
            stack.release()
            return [one_more, *await asyncio.gather(*held), await send("198.51.100.7")]

        assert asyncio.run(scenario()) == [429] + [200] * chat_module.TURNS_AT_ONCE_PER_CLIENT + [200]


def test_when_everyone_is_waiting_for_rasa_a_new_turn_is_told_so(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OMBUDSGUIDEN_TRUSTED_PROXY", "true")
    monkeypatch.setattr(chat_module, "TURNS_AT_ONCE", 1)
    monkeypatch.setattr(chat_module, "WAIT_FOR_A_TURN_SECONDS", 0.3)
    with running(hold=True) as stack:
        monkeypatch.setenv("RASA_URL", f"http://127.0.0.1:{stack.rasa_port}")

        async def send(client: str) -> tuple[int, dict]:
            async with aiohttp.ClientSession() as session:
                async with session.post(f"http://127.0.0.1:{stack.web_port}{CHAT}",
                                        json={"sender": new_sender(), "text": "hej"},
                                        headers={"X-Forwarded-For": client}) as response:
                    return response.status, await response.json()

        async def scenario() -> tuple[tuple[int, dict], tuple[int, dict]]:
            first = asyncio.create_task(send("203.0.113.5"))
            await asyncio.sleep(0.3)
            second = await send("198.51.100.7")
            stack.release()
            return second, await first

        (status, body), (first_status, _) = asyncio.run(scenario())
        assert status == 503 and body["error"].startswith("Många skriver just nu") and "112" in body["error"]
        assert first_status == 200


def test_rasa_saying_nothing_is_never_an_empty_reply(monkeypatch: pytest.MonkeyPatch) -> None:
    from aiohttp import web
    from aiohttp.test_utils import TestServer

    async def silent_rasa(_request: web.Request) -> web.Response:
        return web.json_response([])

    async def scenario() -> tuple[int, dict]:
        rasa = web.Application()
        rasa.router.add_post(WEBHOOK, silent_rasa)
        server = TestServer(rasa)
        await server.start_server()
        monkeypatch.setenv("RASA_URL", str(server.make_url("")))
        try:
            from aiohttp.test_utils import TestClient

            from bot.web.app import create_app

            async with TestClient(TestServer(create_app())) as client:
                response = await client.post(CHAT, json={"sender": new_sender(), "text": "hej"})
                return response.status, await response.json()
        finally:
            await server.close()

    status, body = asyncio.run(scenario())
    assert status == 502 and body["error"].startswith("Chatten kunde inte svara") and "112" in body["error"]


def test_the_web_servers_own_error_pages_are_swedish(stack: Running) -> None:
    missing = get(stack.web_port, "/finns-inte")
    assert missing.status == 404 and missing.body.decode() == "Sidan finns inte. Chatten finns på startsidan."
    wrong_method = get(stack.web_port, "/", method="DELETE")
    assert wrong_method.status == 405 and "Det går inte" in wrong_method.body.decode()
    assert "GET" in wrong_method.headers["Allow"]
    api = get(stack.web_port, "/api/finns-inte")
    assert api.status == 404 and api.json() == {"error": "Sidan finns inte. Chatten finns på startsidan."}
    too_big = post(stack.web_port, CHAT, b"x" * 300_000)
    assert too_big.status == 413 and SWEDISH.search(error_of(too_big))


# --- Fuzzing ------------------------------------------------------------------------------------

HOSTILE_PIECES = ["\ud800", "\udfff", "\ud83d", "\x00", "\x1b[2J", "\u202e", "\ufeff", "\u200b", "\r\n", "\t",
                  "/restart", "/inform_place{\"place\": \"Lund\"}", "<script>alert(1)</script>",
                  "'; DROP TABLE events;--", "%s%n", "{{7*7}}", "\\", "\"", "850312-1231", "070-123 45 67",
                  "ä" * 50, "!" * 300]
hostile_text = st.one_of(
    st.text(max_size=60),
    st.builds(lambda a, piece, b: a + piece + b, st.text(max_size=20), st.sampled_from(HOSTILE_PIECES),
              st.text(max_size=20)),
    st.builds(lambda piece, n: piece * n, st.sampled_from(["!?", "a", " ", "ö", "1 ", "\ud800", ".,;:"]),
              st.integers(0, 3000)),
)
json_values = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | hostile_text,
                           lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner,
                                                                                      max_size=4), max_leaves=8)


def _encoded(value: object) -> bytes:
    return json.dumps(value).encode()  # ensure_ascii: lone surrogates travel as \ud800, as a browser sends them


chat_bodies = st.one_of(
    st.binary(max_size=200),
    st.builds(lambda depth: b"[" * depth + b"]" * depth, st.integers(1, 60_000)),
    json_values.map(_encoded),
    st.fixed_dictionaries({"sender": st.one_of(st.just("x" * 32), st.builds(new_sender), hostile_text)},
                          optional={"text": hostile_text | json_values, "payload": hostile_text | json_values,
                                    "preset": hostile_text | json_values}).map(_encoded),
    st.builds(lambda text: {"sender": new_sender(), "text": text}, hostile_text).map(_encoded),
)
content_types = st.sampled_from(["application/json"] * 6 + ["text/plain", "application/x-www-form-urlencoded", None,
                                                            "application/json; charset=latin-1"])


def _said_something(answer: Answer) -> bool:
    try:
        body = answer.json()
    except ValueError:
        return False
    if isinstance(body, dict) and body.get("error"):
        return bool(str(body["error"]).strip())
    if isinstance(body, dict):
        return any(m.get("text") or m.get("buttons") for m in body.get("messages") or [])
    return isinstance(body, list) and bool(body) and all(m.get("text") for m in body)


def _long_words(body: bytes) -> set[str]:
    """Distinctive words of what was sent, to look for in the logs."""
    text = body.decode("utf-8", "replace")
    return {word for word in re.findall(r"[^\W\d_]{12,}", text) if len(set(word)) > 4}


@pytest.fixture(scope="module")
def fuzz_stack() -> Iterator[Running]:
    patch = pytest.MonkeyPatch()
    patch.setattr(chat_module, "REQUESTS_PER_MINUTE_PER_CLIENT", 10**9)
    patch.setattr(chat_module, "MESSAGES_PER_MINUTE", 10**9)
    try:
        with running() as served:
            patch.setenv("RASA_URL", f"http://127.0.0.1:{served.rasa_port}")
            yield served
    finally:
        patch.undo()


@settings(max_examples=FUZZ_EXAMPLES, deadline=None, database=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.data_too_large])
@given(body=chat_bodies, content_type=content_types)
def test_bad_inputs_through_the_chat_api_get_no_5xx_no_empty_reply_and_no_log_of_the_text(
        fuzz_stack: Running, caplog: pytest.LogCaptureFixture, body: bytes, content_type: str | None) -> None:
    caplog.clear()
    caplog.set_level(logging.DEBUG)
    answer = post(fuzz_stack.web_port, CHAT, body, content_type=content_type)
    assert answer.status < 500, (answer.status, answer.body[:200])
    assert _said_something(answer), answer.body[:200]
    assert not [word for word in _long_words(body) if word in caplog.text]


rest_bodies = st.one_of(
    st.binary(max_size=200),
    st.builds(lambda depth: b"[" * depth + b"]" * depth, st.integers(1, 60_000)),
    json_values.map(_encoded),
    st.fixed_dictionaries({"sender": st.one_of(st.builds(new_sender), hostile_text, json_values)},
                          optional={"message": hostile_text | json_values}).map(_encoded),
    st.builds(lambda text: {"sender": new_sender(), "message": text}, hostile_text).map(_encoded),
)


@settings(max_examples=FUZZ_EXAMPLES, deadline=None, database=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.data_too_large])
@given(body=rest_bodies)
def test_bad_inputs_straight_to_the_rest_channel_get_no_5xx_no_empty_reply_and_no_log_of_the_text(
        fuzz_stack: Running, caplog: pytest.LogCaptureFixture, body: bytes) -> None:
    caplog.clear()
    caplog.set_level(logging.DEBUG)
    answer = post(fuzz_stack.rasa_port, WEBHOOK, body)
    assert answer.status < 500, (answer.status, answer.body[:200])
    assert _said_something(answer), answer.body[:200]
    assert not [word for word in _long_words(body) if word in caplog.text]


def test_html_tags_are_not_read_as_words_but_a_heart_is_kept() -> None:
    from bot.inbound.messages import message_text

    assert message_text("<i>behöver jag en remiss</i> <br/>") == "behöver jag en remiss"
    assert message_text("tack <3") == "tack <3"
    assert message_text("jag heter <Kim> och undrar om <ingen aning>") == "jag heter <Kim> och undrar om <ingen aning>"
    # Only tags: still the person's message, which the bot answers as one it did not understand.
    assert message_text("<p></p>") == "<p></p>"
