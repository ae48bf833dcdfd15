"""The scaled layout against real servers: two Rasa processes (each with its action server), one
PostgreSQL tracker store and Rasa's RedisLockStore made atomic (bot/runtime/lock_store.py), as
`ombudsguiden run --scaled` sets them up.

A person's turns can land on either Rasa process; the conversation must read as one.
"""
from __future__ import annotations

import os
import re
import secrets
import threading
import uuid
from collections.abc import Iterator
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
import redis
from postgres_server import postgres_server
from sqlalchemy import text

from bot.runtime.redis_server import LOCK_DB, redis_server
from bot.runtime.stack import Stack, http
from bot.runtime.supervisor import Layout
from casework.accounts import add_account
from casework.handoffs import normalise_reference
from integration.processes import Processes
from storage.engine import engine_for

OFFICE = "uppsala"
REFERENCE = re.compile(r"\b[A-Z0-9]{4}-[A-Z0-9]{4}\b")
TWO_RASA = Layout(rasa_processes=2, web_processes=1)


def tracker(stack: Stack, sender: str) -> dict[str, Any]:
    answer: dict[str, Any] = http(stack.api(f"/conversations/{sender}/tracker"))
    return answer


def lock_writes(locks: redis.Redis) -> int:
    """How many times Rasa's RedisLockStore has saved or deleted a lock on this server."""
    stats = locks.info("commandstats")
    return sum(int(stats.get(f"cmdstat_{command}", {}).get("calls", 0)) for command in ("set", "del"))


@pytest.fixture(scope="module")
def scaled(trained_model: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Processes]:
    work = tmp_path_factory.mktemp("scaled")
    with postgres_server() as tracker_store, redis_server(work / "redis") as shared:
        running = Processes(trained_model, work, os.environ["DATABASE_URL"], layout=TWO_RASA, redis=shared,
                            tracker_store_url=tracker_store.url)
        running.start_all()
        try:
            yield running
        finally:
            running.stop_all()


def test_a_conversation_alternating_between_two_rasa_processes_stays_one_conversation(scaled: Processes) -> None:
    add_account(OFFICE, f"ombud-{secrets.token_hex(3)}@{OFFICE}.example", secrets.token_urlsafe(16))
    first, second = scaled.stack_of("rasa"), scaled.stack_of("rasa-2")
    sender = uuid.uuid4().hex
    turns = [("kan jag få personligt ombud?", "Hur gammal är du?"),
             ("jag är 40", "Gör psykisk ohälsa"),
             ("ja", "Har det varat länge?")]
    for number, (message, expected) in enumerate(turns):
        reply = (first if number % 2 == 0 else second).say(sender, message)
        assert expected in reply, (message, reply)
    # The slots set through one process are what the other reads from the shared tracker store.
    assert tracker(first, sender)["slots"] == tracker(second, sender)["slots"]
    assert tracker(second, sender)["slots"]["screen_age"]

    contact = uuid.uuid4().hex
    script = ["jag bor i Uppsala", "jag vill prata med ett ombud", "telefon", "070-123 45 67", "ändra",
              "lägg till mer", "förmiddag", "hoppa över", "nej", "ja"]
    replies = [(first if number % 2 == 0 else second).say(contact, message)
               for number, message in enumerate(script)]
    reference = REFERENCE.search(replies[-1])
    assert reference, "\n---\n".join(replies)
    with engine_for(os.environ["DATABASE_URL"]).connect() as connection:
        stored = connection.execute(text("SELECT office_id FROM handoffs WHERE reference = :reference"),
                                    {"reference": normalise_reference(reference.group(0))}).scalar_one()
    assert stored == OFFICE


def test_two_turns_of_one_conversation_sent_at_once_are_taken_one_after_the_other(scaled: Processes) -> None:
    first, second = scaled.stack_of("rasa"), scaled.stack_of("rasa-2")
    assert scaled.redis is not None
    locks = redis.Redis.from_url(scaled.redis.url(LOCK_DB))
    writes_before = lock_writes(locks)
    sender = uuid.uuid4().hex
    # Both processes answer once first: a cold first turn on a loaded machine can outlast the lock's
    # 60 s lifetime, and an expired ticket lets the next turn in whatever the lock store.
    second.say(uuid.uuid4().hex, "hej")
    first.say(sender, "hej")
    replies: dict[str, str] = {}
    senders = [threading.Thread(target=lambda s=stack, m=message: replies.__setitem__(m, s.say(sender, m)))
               for stack, message in ((first, "vad är personligt ombud?"), (second, "kostar det något?"))]
    for thread in senders:
        thread.start()
    for thread in senders:
        thread.join(timeout=120)
    assert all(replies.get(message) for message in ("vad är personligt ombud?", "kostar det något?")), replies

    # Each message is answered in full, and the bot listens, before the next message is read.
    events = tracker(first, sender)["events"]
    kinds = [event["event"] for event in events if event["event"] in ("user", "action")]
    names = [event.get("name") for event in events if event["event"] in ("user", "action")]
    users = [index for index, kind in enumerate(kinds) if kind == "user"]
    assert len(users) == 3
    for earlier, later in pairwise(users):
        assert "action_listen" in names[earlier + 1:later], names
    # The lock was Redis's: each turn's ticket is written when it is issued and again (or the lock
    # deleted) when the turn is done.
    assert lock_writes(locks) >= writes_before + 2 * 3
