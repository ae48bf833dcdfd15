"""Alembic environment for the casework tables, with their own version table.

The knowledge tables are rebuilt from files and never migrated; these are migrated and never dropped.
"""
from __future__ import annotations

from alembic import context
from sqlalchemy.engine import Connection

from casework.schema import Base

VERSION_TABLE = "casework_alembic_version"


def run(connection: Connection) -> None:
    context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True,
                      version_table=VERSION_TABLE)
    with context.begin_transaction():
        context.run_migrations()


connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("casework migrations run only through casework.migrate, which passes a connection")
run(connection)
