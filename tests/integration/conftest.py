"""One running bot for the corpus tests, with an office that reads contact requests."""
from __future__ import annotations

import secrets
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.runtime.stack import Stack, free_port, start_stack, stop_stack
from casework.accounts import add_account

INBOX_OFFICE = "uppsala"


@pytest.fixture(scope="session")
def corpus_stack(trained_model: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    add_account(INBOX_OFFICE, f"{secrets.token_hex(4)}@{INBOX_OFFICE}.example", secrets.token_urlsafe(16))
    running = start_stack(trained_model, tmp_path_factory.mktemp("corpus"), (free_port(), free_port(), free_port()))
    yield running
    stop_stack(running)
