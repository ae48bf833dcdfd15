"""What people and ombud did is never lost: no start-up path, reload or upgrade drops the casework tables.

The knowledge tables are rebuilt from files at will; the casework tables (contact requests,
their notes, ombud accounts, the audit log, obstacle notes) have their own metadata and
migrations, and every path that starts a process or reloads the knowledge is run here against
a database holding a request, with its version bookkeeping broken in every way we know of.
"""
from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import inspect, text
from sqlalchemy.engine import Engine

from casework import handoffs
from casework.accounts import add_account
from casework.migrate import upgrade as upgrade_casework
from casework.obstacles import ObstacleNote, count_notes, save_note
from casework.retention import apply_retention
from casework.schema import Base as CaseworkBase
from knowledge import loader
from knowledge.snapshot import read_snapshot
from knowledge.tables import LEGACY_TABLES
from knowledge.tables import metadata as knowledge_metadata
from storage.engine import engine_for

OFFICE = "cura-blekinge"
COMMAND = Path(sys.executable).parent / "ombudsguiden"


def store_some_casework(engine: Engine) -> str:
    add_account(OFFICE, f"ombud-{os.urandom(4).hex()}@example.se", "ett långt lösenord för test", engine)
    save_note(ObstacleNote("forsakringskassan", "lost_papers", "myndigheter"), dt.date.today(), engine=engine)
    return handoffs.create(handoffs.ContactRequest(
        office_id=OFFICE, kommun_code="1080", summary="Jag behöver hjälp med Försäkringskassan.",
        contact_method="phone", contact_value="070-123 45 67", contact_time="any"), engine)


def still_there(engine: Engine, reference: str) -> None:
    assert reference in [h.reference for h in handoffs.for_office(OFFICE, engine)]
    assert count_notes(dt.date.today(), dt.date.today(), engine=engine).total >= 1


def forget_every_version(engine: Engine) -> None:
    """What the issue reproduced: the version rows gone, every table with its rows still there."""
    with engine.begin() as connection:
        for table in ("casework_alembic_version", "alembic_version", "knowledge_version"):
            if inspect(connection).has_table(table):
                connection.execute(text(f"DELETE FROM {table}"))


def cli(database: str, *args: str) -> None:
    done = subprocess.run([str(COMMAND), *args], env={**os.environ, "DATABASE_URL": database}, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]


START_UP_PATHS: dict[str, Callable[[Engine, str], object]] = {
    "a process reads the knowledge (actions, web)": lambda engine, _url: read_snapshot(_loaded(engine)),
    "the knowledge is reloaded": lambda engine, _url: loader.load(engine),
    "the casework store is migrated": lambda engine, _url: upgrade_casework(engine),
    "the web server's retention run": lambda engine, url: apply_retention(url),
    "`ombudsguiden kb load`": lambda _engine, url: cli(url, "kb", "load"),
    "`ombudsguiden purge`": lambda _engine, url: cli(url, "purge"),
}


def _loaded(engine: Engine) -> Engine:
    loader.ensure_loaded(engine)
    return engine


@pytest.mark.parametrize("path", sorted(START_UP_PATHS))
def test_a_request_survives_every_start_up_path_without_version_rows(tmp_path: Path, path: str,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    url = f"sqlite:///{tmp_path / 'ombudsguiden.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("TRACKER_STORE_URL", f"sqlite:///{tmp_path / 'tracker.db'}")
    engine = engine_for(url)
    loader.ensure_loaded(engine)
    reference = store_some_casework(engine)
    forget_every_version(engine)
    START_UP_PATHS[path](engine, url)
    forget_every_version(engine)  # and once more, after the path made its own bookkeeping
    START_UP_PATHS[path](engine, url)
    still_there(engine, reference)


def test_a_database_of_the_layout_before_the_split_keeps_its_requests(tmp_path: Path) -> None:
    """Up to now the knowledge migrations (revisions 0001–0003) made the casework tables too."""
    engine = engine_for(f"sqlite:///{tmp_path / 'old.db'}")
    with engine.begin() as connection:
        CaseworkBase.metadata.create_all(connection)  # the same layout revision 0003 made
        connection.execute(text("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)"))
        connection.execute(text("INSERT INTO alembic_version VALUES ('0003')"))
        connection.execute(text("CREATE TABLE office_kommuner (office_id VARCHAR(100), kommun_code VARCHAR(4))"))
        connection.execute(text("CREATE TABLE data_version (name VARCHAR(60) PRIMARY KEY, fingerprint VARCHAR(64))"))
    reference = store_some_casework(engine)  # stored before the casework store knows its own version
    loader.ensure_loaded(engine)
    upgrade_casework(engine)
    still_there(engine, reference)
    tables = set(inspect(engine).get_table_names())
    assert "casework_alembic_version" in tables and not tables & {"alembic_version", *LEGACY_TABLES}


def test_the_two_stores_share_no_table() -> None:
    knowledge_tables = set(knowledge_metadata.tables) | set(LEGACY_TABLES) | {loader.OLD_MIGRATIONS_TABLE}
    assert not knowledge_tables & set(CaseworkBase.metadata.tables)


def test_no_code_outside_the_casework_migrations_names_a_casework_table_to_drop() -> None:
    root = Path(__file__).resolve().parent.parent
    names = set(CaseworkBase.metadata.tables)
    for source in [*root.glob("knowledge/**/*.py"), *root.glob("storage/**/*.py"), *root.glob("bot/**/*.py")]:
        code = source.read_text(encoding="utf-8").lower()
        for name in names:
            assert f"drop table {name}" not in code and f"drop_table('{name}'" not in code, (source, name)
