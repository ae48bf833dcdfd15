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

from sqlalchemy import create_engine, event
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
    # hide_parameters: an error message must never carry a request's content into a log.
    engine = create_engine(url, future=True, pool_pre_ping=True, hide_parameters=True)
    if engine.dialect.name == "sqlite":
        _make_sqlite_transactions_real(engine)
    return engine


def _make_sqlite_transactions_real(engine: Engine) -> None:
    """pysqlite commits DDL on its own, so a failed migration would leave half a schema.

    SQLAlchemy's documented recipe: turn off the driver's own transaction handling and let
    SQLAlchemy emit BEGIN, so that schema changes are rolled back together with the rest.
    """

    @event.listens_for(engine, "connect")
    def _no_driver_transactions(dbapi_connection, _record):  # type: ignore[no-untyped-def]
        dbapi_connection.isolation_level = None

    @event.listens_for(engine, "begin")
    def _begin(connection):  # type: ignore[no-untyped-def]
        connection.exec_driver_sql("BEGIN")


def get_engine() -> Engine:
    return engine_for(database_url())


@contextmanager
def session_scope(engine: Engine | None = None) -> Iterator[Session]:
    """A transaction: committed when the block ends, rolled back on error."""
    factory = sessionmaker(bind=engine or get_engine(), future=True)
    with factory() as session, session.begin():
        yield session
