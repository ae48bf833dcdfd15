"""Runs the Alembic migrations in `knowledge/migrations/` against an engine."""
from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.migration import MigrationContext
from sqlalchemy import inspect
from sqlalchemy.engine import Connection, Engine

from knowledge.schema import Base

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


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


def upgrade(engine: Engine) -> None:
    config = alembic_config()
    with engine.begin() as connection:
        _drop_unversioned_knowledge_tables(connection)
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
