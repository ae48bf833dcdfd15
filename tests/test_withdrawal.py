"""Withdrawing a contact request deletes the conversations that hold it too, or says exactly what is left.

Before, the request went but the conversation it was made in (health text, phone, name) stayed in
the tracker store for 180 days while the bot said nothing was left.
"""
from __future__ import annotations

import json
import sqlite3
import time
import uuid
from pathlib import Path

import pytest
from rasa.core.channels.channel import UserMessage
from rasa.shared.core.events import ActionExecuted, BotUttered, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from servers import StandInRasa, post, running

from bot.runtime.rest_channel import CONVERSATION_DELETED, CONVERSATION_KEPT, withdrawn_references

CODE = "K7PQ-4XRT"
WITHDRAWN = f"Förfrågan {CODE} är borttagen. Inget finns kvar hos ombuden."


def tracker_store_with(path: Path, events: list[tuple[str, dict]]) -> Path:
    """Rasa's SQL tracker store table, with (sender, event as Rasa serialises it) rows."""
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE events (id INTEGER PRIMARY KEY, sender_id TEXT, type_name TEXT, "
                           "timestamp REAL, intent_name TEXT, action_name TEXT, data TEXT)")
        connection.executemany("INSERT INTO events (sender_id, type_name, timestamp, data) VALUES (?, ?, ?, ?)",
                               [(sender, event["event"], time.time(), json.dumps(event)) for sender, event in events])
    return path


def senders_in(path: Path) -> set[str]:
    with sqlite3.connect(path) as connection:
        return {sender for (sender,) in connection.execute("SELECT sender_id FROM events")}


def withdrawal_turn(sender: str, said: str = WITHDRAWN, removed: bool = True) -> DialogueStateTracker:
    events = [UserUttered(f"ta bort {CODE.lower()}"), ActionExecuted("action_withdraw_handoff"), BotUttered(said)]
    events += [SlotSet("handoff_reference", None)] if removed else []
    return DialogueStateTracker.from_events(sender, [*events, ActionExecuted("action_listen")])


def withdrawing_rasa(rasa: StandInRasa, sender: str, said: str = WITHDRAWN, removed: bool = True) -> None:
    async def withdraw(message: UserMessage) -> None:
        rasa.tracker = withdrawal_turn(sender, said, removed)
        await message.output_channel.send_text_message(message.sender_id, said)
    rasa.handle = withdraw  # type: ignore[method-assign]


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "tracker.db"
    monkeypatch.setenv("TRACKER_STORE_URL", f"sqlite:///{path}")
    return path


def test_withdrawing_deletes_the_conversation_it_was_made_in_and_this_one(
        store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    made_in, withdrawn_in, someone_else = (uuid.uuid4().hex for _ in range(3))
    tracker_store_with(store, [
        (made_in, {"event": "user", "text": "jag har ångest och skulder, ring 070-123 45 67"}),
        (made_in, {"event": "bot", "text": f"Tack! Din kod är {CODE}."}),
        (made_in, {"event": "slot", "name": "handoff_reference", "value": CODE}),
        (withdrawn_in, {"event": "user", "text": f"ta bort {CODE.lower()}"}),
        (someone_else, {"event": "user", "text": "vad är ett personligt ombud?"}),
    ])
    rasa = StandInRasa()
    withdrawing_rasa(rasa, withdrawn_in)
    with running(rasa) as stack:
        monkeypatch.setenv("RASA_URL", f"http://127.0.0.1:{stack.rasa_port}")
        answer = post(stack.web_port, "/api/chat",
                      json.dumps({"sender": withdrawn_in, "text": f"ta bort {CODE.lower()}"}).encode())
    assert answer.status == 200
    assert [m["text"] for m in answer.json()["messages"]] == [WITHDRAWN, CONVERSATION_DELETED]
    assert senders_in(store) == {someone_else}


def test_when_the_conversation_cannot_be_deleted_the_bot_says_what_is_left(
        store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rasa = StandInRasa()
    withdrawing_rasa(rasa, "s1")  # and the store file is not there
    with running(rasa) as stack:
        answer = post(stack.rasa_port, "/webhooks/rest/webhook",
                      json.dumps({"sender": "s1", "message": f"ta bort {CODE}"}).encode())
    assert [m["text"] for m in answer.json()] == [WITHDRAWN, CONVERSATION_KEPT]
    assert "180 dagar" in CONVERSATION_KEPT and "Radera min konversation" in CONVERSATION_KEPT


def test_a_code_that_was_not_withdrawn_deletes_nothing(store: Path) -> None:
    tracker_store_with(store, [("s2", {"event": "slot", "name": "handoff_reference", "value": CODE})])
    rasa = StandInRasa()
    unknown = f"Jag hittar ingen förfrågan med koden {CODE}. Den kan redan vara borttagen."
    withdrawing_rasa(rasa, "s2", said=unknown, removed=False)
    with running(rasa) as stack:
        answer = post(stack.rasa_port, "/webhooks/rest/webhook",
                      json.dumps({"sender": "s2", "message": f"ta bort {CODE}"}).encode())
    assert [m["text"] for m in answer.json()] == [unknown]
    assert senders_in(store) == {"s2"}


def test_the_withdrawn_code_is_read_from_the_bots_reply_of_the_same_turn() -> None:
    assert withdrawn_references(withdrawal_turn("s3")) == {CODE}
    assert withdrawn_references(withdrawal_turn("s3", removed=False)) is None
    earlier = DialogueStateTracker.from_events("s4", [
        ActionExecuted("action_withdraw_handoff"), BotUttered(WITHDRAWN), SlotSet("handoff_reference", None),
        UserUttered("hej"), BotUttered("Hej!")])
    assert withdrawn_references(earlier) is None  # a withdrawal in an earlier turn is not this turn's
