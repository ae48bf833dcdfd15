"""Alembic environment: migrates the database `knowledge.db` points at (DATABASE_URL or SQLite)."""
from __future__ import annotations

from alembic import context
from sqlalchemy.engine import Connection

from knowledge.db import get_engine
from knowledge.schema import Base


def run(connection: Connection) -> None:
    context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


connection = context.config.attributes.get("connection")
if connection is not None:
    run(connection)
else:
    with get_engine().begin() as own_connection:
        run(own_connection)
