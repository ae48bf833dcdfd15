"""Rebuilds the knowledge tables from the data files in `knowledge/data/`.

Loading is idempotent: in one transaction, that no other process runs at the same time, it drops
the knowledge tables, creates them in the layout the records give, and fills them with what the
files say. `ensure_loaded` does this only when the files or the layout changed, so every process
can call it at start-up. Only the knowledge's own tables are ever dropped: the casework tables
(contact requests, accounts, audit log, obstacle notes) live in another metadata and are never
named here.
"""
from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import inspect, select
from sqlalchemy.engine import Connection, Engine

from knowledge.checks import errors, find_problems
from knowledge.datafiles import DATA_DIR, KnowledgeData, data_fingerprint, read_raw, to_records
from knowledge.tables import FINGERPRINT_TABLE, LEGACY_TABLES, TABLES, layout_fingerprint, metadata, to_row
from storage.engine import exclusive_transaction, get_engine

FINGERPRINT_NAME = "knowledge"
# What the knowledge tables were called in layouts before this one. A database that still has them
# also has a version table of the old knowledge migrations, which goes with them.
OLD_MIGRATIONS_TABLE = "alembic_version"
OLD_MIGRATION_REVISIONS = {"0001", "0002", "0003"}


class DataError(ValueError):
    """The data files break the rules every record must follow."""


@dataclass(frozen=True)
class LoadReport:
    kommuner: int
    places: int
    offices: int
    no_po_reports: int
    switchboards: int
    authorities: int
    facts: int


def read_checked(data_dir: Path = DATA_DIR) -> KnowledgeData:
    """The data files as records, or DataError listing every error (staleness does not block)."""
    raw = read_raw(data_dir)
    found = errors(find_problems(raw, today=dt.date.today()))
    if found:
        raise DataError("\n".join(str(problem) for problem in found))
    return to_records(raw)


def fingerprint(data_dir: Path = DATA_DIR) -> str:
    return hashlib.sha256(f"{layout_fingerprint()}:{data_fingerprint(data_dir)}".encode()).hexdigest()


def _stored_fingerprint(connection: Connection) -> str | None:
    if not inspect(connection).has_table(FINGERPRINT_TABLE.name):
        return None
    return connection.scalar(select(FINGERPRINT_TABLE.c.fingerprint).where(
        FINGERPRINT_TABLE.c.name == FINGERPRINT_NAME))


def _drop_old_migrations_table(connection: Connection) -> None:
    """The knowledge used to be migrated by Alembic in the default version table; it is rebuilt now.

    Only a version table that names one of those old knowledge revisions goes; the casework
    migrations keep their own version table.
    """
    if not inspect(connection).has_table(OLD_MIGRATIONS_TABLE):
        return
    revisions = set(connection.exec_driver_sql(f"SELECT version_num FROM {OLD_MIGRATIONS_TABLE}").scalars())
    if revisions <= OLD_MIGRATION_REVISIONS:
        connection.exec_driver_sql(f"DROP TABLE {OLD_MIGRATIONS_TABLE}")


def _rebuild(connection: Connection, data: KnowledgeData) -> None:
    present = set(inspect(connection).get_table_names())
    for name in LEGACY_TABLES:  # before the tables their foreign keys pointed at
        if name in present:
            connection.exec_driver_sql(f"DROP TABLE {name}")
    metadata.drop_all(connection, checkfirst=True)
    metadata.create_all(connection)
    for cls, table in TABLES.items():
        records: tuple[object, ...] = data.records_of(cls)
        rows = [to_row(record, position) for position, record in enumerate(records)]
        if rows:
            connection.execute(table.insert(), rows)


def load(engine: Engine | None = None, data_dir: Path = DATA_DIR, only_if_changed: bool = False) -> LoadReport:
    engine = engine or get_engine()
    data = read_checked(data_dir)
    wanted = fingerprint(data_dir)
    with exclusive_transaction(engine, "knowledge-load") as connection:
        # Another process may have loaded the same files while this one waited for the lock.
        if not (only_if_changed and _stored_fingerprint(connection) == wanted):
            _drop_old_migrations_table(connection)
            _rebuild(connection, data)
            connection.execute(FINGERPRINT_TABLE.insert(), {"name": FINGERPRINT_NAME, "fingerprint": wanted})
    return LoadReport(
        kommuner=len(data.kommuner), places=len(data.places), offices=len(data.offices),
        no_po_reports=len(data.no_po_reports), switchboards=len(data.switchboards),
        authorities=len(data.authorities), facts=len(data.facts),
    )


def ensure_loaded(engine: Engine | None = None) -> None:
    """Build the tables on first use, and again when the data files or the table layout changed."""
    engine = engine or get_engine()
    with engine.connect() as connection:
        current = _stored_fingerprint(connection) == fingerprint()
    if not current:
        load(engine, only_if_changed=True)
