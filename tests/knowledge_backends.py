"""Engines for the knowledge tests: a SQLite file and a real PostgreSQL server."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from postgres_server import postgres_server
from sqlalchemy.engine import Engine

from knowledge.loader import load
from knowledge.snapshot import forget
from storage.engine import engine_for


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    with postgres_server() as server:
        yield server.url


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def kb_engine(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Engine:
    """A loaded knowledge base on each backend; the same query tests run against both."""
    if request.param == "sqlite":
        url = f"sqlite:///{Path(tmp_path_factory.mktemp('sqlite')) / 'knowledge.db'}"
    else:
        url = request.getfixturevalue("postgres_url")
    engine = engine_for(url)
    load(engine)
    forget(engine)
    return engine
