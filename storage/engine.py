"""One engine per process and database; a session per unit of work; a lock for schema changes."""
from __future__ import annotations

import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.orm import Session, sessionmaker

from storage.settings import database_url, private_sqlite_file

# A transaction opened with this execution option takes SQLite's write lock at once.
IMMEDIATE = {"sqlite_begin": "BEGIN IMMEDIATE"}


@cache
def engine_for(url: str) -> Engine:
    private_sqlite_file(url)  # before SQLite creates it world-readable
    # hide_parameters: an error message must never carry a request's content into a log.
    engine = create_engine(url, future=True, pool_pre_ping=True, hide_parameters=True)
    if engine.dialect.name == "sqlite":
        _make_sqlite_transactions_real(engine)
    return engine


def _make_sqlite_transactions_real(engine: Engine) -> None:
    """pysqlite commits DDL on its own, so a failed schema change would leave half a schema.

    SQLAlchemy's documented recipe: turn off the driver's own transaction handling and let
    SQLAlchemy emit BEGIN, so that schema changes are rolled back together with the rest.
    """

    @event.listens_for(engine, "connect")
    def _no_driver_transactions(dbapi_connection, _record):  # type: ignore[no-untyped-def]
        dbapi_connection.isolation_level = None

    @event.listens_for(engine, "begin")
    def _begin(connection: Connection) -> None:
        connection.exec_driver_sql(connection.get_execution_options().get("sqlite_begin", "BEGIN"))


def get_engine() -> Engine:
    return engine_for(database_url())


@contextmanager
def session_scope(engine: Engine | None = None) -> Iterator[Session]:
    """A transaction: committed when the block ends, rolled back on error."""
    factory = sessionmaker(bind=engine or get_engine(), future=True)
    with factory() as session, session.begin():
        yield session


@contextmanager
def exclusive_transaction(engine: Engine, name: str) -> Iterator[Connection]:
    """A transaction that no other process runs under the same `name` at the same time.

    Several processes start together (Rasa's actions, the web server, a command) and each may find
    the schema out of date; only one may change it, and the others must see its result.
    PostgreSQL gets a transaction-scoped advisory lock; SQLite takes its write lock at BEGIN.
    """
    with engine.connect().execution_options(**IMMEDIATE) as connection, connection.begin():
        if engine.dialect.name == "postgresql":
            connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({zlib.crc32(name.encode())})")
        yield connection
