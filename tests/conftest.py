"""Shared fixtures. Tests never touch the developer's own databases in var/."""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from knowledge_backends import kb_engine, postgres_url  # noqa: F401  (fixtures: a knowledge base on SQLite and PostgreSQL)

from bot.runtime.stack import free_port  # noqa: F401  (the tests' shared way to find a free port)

os.environ["RASA_TELEMETRY_ENABLED"] = "false"

PROJECT_ROOT = Path(__file__).resolve().parent.parent
# How every source note tells the age of its sources (bot/logic/sources.py).
SOURCE_AGE = re.compile(r"Uppgift från \w+|uppgiften är från \w+|har inget datum")


@pytest.fixture(autouse=True, scope="session")
def knowledge_database(tmp_path_factory: pytest.TempPathFactory) -> str:
    """Every test process uses its own knowledge database and tracker store files."""
    folder = tmp_path_factory.mktemp("kb")
    url = f"sqlite:///{folder / 'knowledge.db'}"
    os.environ["DATABASE_URL"] = url
    # The web server's daily purge reads the tracker store; it must never be the developer's.
    os.environ["TRACKER_STORE_URL"] = f"sqlite:///{folder / 'tracker.db'}"
    return url


def run_rasa(*args: str, timeout: int = 900) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "rasa", *args],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, "RASA_TELEMETRY_ENABLED": "false"},
    )


@pytest.fixture(scope="session")
def trained_model() -> Path:
    """The model for the current training inputs: from the machine's model cache, or trained now."""
    from bot.runtime.model_cache import ensure_model

    return ensure_model()
