"""Runs the Alembic migrations in `knowledge/migrations/` against an engine."""
from __future__ import annotations

import threading
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.migration import MigrationContext
from sqlalchemy import inspect
from sqlalchemy.engine import Connection, Engine

from knowledge.db import get_engine
from knowledge.schema import Base

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
# Alembic keeps the migration being run in a module global (`alembic.context`), so two upgrades
# at once in one process trip over each other. One at a time, and each database only once.
_lock = threading.RLock()
_at_head: set[str] = set()


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def _drop_unversioned_knowledge_tables(connection: Connection) -> None:
    """A database made before migrations existed has knowledge tables but no Alembic version.

    Those tables hold only what the data files say and are rebuilt right after, so they are
    dropped and recreated by the migrations instead of being guessed into a version.
    """
    if MigrationContext.configure(connection).get_current_revision() is not None:
        return
    present = set(inspect(connection).get_table_names())
    if present & set(Base.metadata.tables):
        Base.metadata.drop_all(connection, checkfirst=True)


def _key(engine: Engine) -> str:
    return engine.url.render_as_string(hide_password=False)


def upgrade(engine: Engine) -> None:
    """Brings the database to the newest version, now, whether or not it was done before."""
    config = alembic_config()
    with _lock:
        with engine.begin() as connection:
            _drop_unversioned_knowledge_tables(connection)
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
        _at_head.add(_key(engine))


def migrated(engine: Engine | None = None) -> Engine:
    """The given engine, or the process's default one, with the schema at the newest version.

    Migrates once per database and process; later calls only look the database up in a set.
    """
    engine = engine or get_engine()
    key = _key(engine)
    if key not in _at_head:  # checked again under the lock: another thread may be migrating it now
        with _lock:
            if key not in _at_head:
                upgrade(engine)
    return engine
