"""One engine per process; a session per unit of work.

`DATABASE_URL` selects the database (e.g. PostgreSQL). Without it, a SQLite file in
`var/` at the project root is used and created on first use.
"""
from __future__ import annotations

import os
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Iterator

from sqlalchemy import create_engine
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SQLITE_PATH = PROJECT_ROOT / "var" / "ombudsguiden.db"


def database_url() -> str:
    url = os.environ.get("DATABASE_URL")
    if url:
        return url
    DEFAULT_SQLITE_PATH.parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{DEFAULT_SQLITE_PATH}"


@lru_cache(maxsize=None)
def engine_for(url: str) -> Engine:
    return create_engine(url, future=True, pool_pre_ping=True)


def get_engine() -> Engine:
    return engine_for(database_url())


@contextmanager
def session_scope(engine: Engine | None = None) -> Iterator[Session]:
    """A transaction: committed when the block ends, rolled back on error."""
    factory = sessionmaker(bind=engine or get_engine(), future=True)
    with factory() as session, session.begin():
        yield session
