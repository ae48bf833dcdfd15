"""Brings the casework tables to the newest Alembic revision. Nothing here drops a table."""
from __future__ import annotations

import threading
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy.engine import Engine

from storage.engine import exclusive_transaction, get_engine

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
# Alembic keeps the migration being run in a module global (`alembic.context`), so two upgrades
# at once in one process trip over each other. One at a time, and each database only once.
_lock = threading.RLock()
_at_head: set[str] = set()


def _key(engine: Engine) -> str:
    return engine.url.render_as_string(hide_password=False)


def upgrade(engine: Engine) -> None:
    """Brings the database to the newest version now, whether or not it was done before."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    with _lock:
        with exclusive_transaction(engine, "casework-migrations") as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
        _at_head.add(_key(engine))


def migrated(engine: Engine | None = None) -> Engine:
    """The given engine, or the process's default one, with the casework tables at the newest version.

    Migrates once per database and process; later calls only look the database up in a set.
    """
    engine = engine or get_engine()
    key = _key(engine)
    if key not in _at_head:  # checked again under the lock: another thread may be migrating it now
        with _lock:
            if key not in _at_head:
                upgrade(engine)
    return engine
