"""Faults against the real processes: each test ends with the conversation usable and nothing lost.

The processes are started one by one (`processes.py`) so that one can be killed and brought back,
as a service manager would; the supervisor of `make run` stops them all instead (test_rest_channel).
"""
from __future__ import annotations

import os
import re
import secrets
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from casework.accounts import add_account
from knowledge.queries import office
from storage.engine import engine_for
from postgres_server import postgres_server
from integration.processes import Processes

CONTACT_SCRIPT = ["jag bor i Uppsala", "jag vill prata med ett ombud", "telefon", "070-123 45 67"]
REFERENCE = re.compile(r"\b[A-Z0-9]{4}-[A-Z0-9]{4}\b")
OFFICE = "uppsala"


@pytest.fixture(scope="module")
def processes(trained_model: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Processes]:
    running = Processes(trained_model, tmp_path_factory.mktemp("faults"), os.environ["DATABASE_URL"])
    running.start_all()
    yield running
    running.stop_all()


def test_with_the_action_server_killed_the_person_hears_it_and_gets_the_numbers(processes: Processes) -> None:
    stack, sender = processes.stack, uuid.uuid4().hex
    assert "chattbot" in stack.chat(sender, "hej")
    processes.kill("actions")
    try:
        broken = stack.chat(sender, "vad är personligt ombud?")
        assert "gick fel" in broken and "112" in broken and "90101" in broken, broken
        crisis = stack.chat(sender, "jag vill inte leva längre")
        assert "112" in crisis and "90101" in crisis, crisis
    finally:
        processes.start("actions")
    assert "gratis och frivilligt" in stack.chat(sender, "vad är personligt ombud?")


def test_rasa_killed_mid_screener_resumes_from_the_tracker_store(processes: Processes) -> None:
    stack, sender = processes.stack, uuid.uuid4().hex
    assert "Hur gammal är du?" in stack.say(sender, "kan jag få personligt ombud?")
    assert "Gör psykisk ohälsa" in stack.say(sender, "jag är 40")
    processes.kill("rasa")
    processes.start("rasa")
    assert "Har det varat länge?" in stack.say(sender, "ja")


def test_with_the_database_down_crisis_lines_and_office_phone_still_reach_the_person(
        trained_model: Path, tmp_path: Path) -> None:
    with postgres_server() as database:
        add_account(OFFICE, f"ombud@{OFFICE}.example", secrets.token_urlsafe(16),
                    engine=engine_for(database.url))
        running = Processes(trained_model, tmp_path, database.url)
        running.start_all()
        try:
            stack, sender = running.stack, uuid.uuid4().hex
            replies = [stack.say(sender, text) for text in CONTACT_SCRIPT]
            assert "Vill du skicka den?" in replies[-1], replies
            database.stop()
            failed = stack.say(sender, "ja")
            assert not REFERENCE.search(failed), f"a code was shown for a request that was not stored: {failed}"
            phone = office(OFFICE).phone
            assert phone and "inte skickad" in failed and phone in failed, failed
            crisis = stack.say(uuid.uuid4().hex, "jag vill inte leva längre")
            assert "112" in crisis and "90101" in crisis, crisis
            found = stack.say(uuid.uuid4().hex, "var finns personligt ombud i Uppsala?")
            assert phone in found, found
        finally:
            running.stop_all()
