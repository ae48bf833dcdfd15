"""Health data stays with the service's own user: var/ and its databases are owner-only, and Rasa's
telemetry is off in Rasa's own configuration, not only in the environment."""
from __future__ import annotations

import os
import sqlite3
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from bot.runtime import supervisor
from storage import settings
from storage.engine import engine_for


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture(autouse=True)
def usual_umask() -> Iterator[None]:
    """The umask most systems start services with: new files readable by everyone."""
    before = os.umask(0o022)
    yield
    os.umask(before)


def test_a_new_sqlite_database_is_owner_only(tmp_path: Path) -> None:
    database = tmp_path / "ny.db"
    with engine_for(f"sqlite:///{database}").begin() as connection:
        connection.exec_driver_sql("CREATE TABLE t (x TEXT)")
        connection.exec_driver_sql("INSERT INTO t VALUES ('hälsa')")
    assert mode(database) == 0o600


def test_an_existing_world_readable_database_is_tightened(tmp_path: Path) -> None:
    database = tmp_path / "gammal.db"
    sqlite3.connect(database).close()
    database.chmod(0o644)
    engine_for(f"sqlite:///{database}")
    assert mode(database) == 0o600


def test_the_default_database_and_its_folder_are_owner_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setattr(settings, "DEFAULT_DATABASE_PATH", tmp_path / "var" / "ombudsguiden.db")
    url = settings.database_url()
    assert url == f"sqlite:///{tmp_path / 'var' / 'ombudsguiden.db'}"
    assert mode(tmp_path / "var") == 0o700 and mode(tmp_path / "var" / "ombudsguiden.db") == 0o600


def test_the_tracker_store_is_made_owner_only_before_rasa_creates_it(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    tracker = tmp_path / "var" / "tracker.db"
    monkeypatch.setenv("TRACKER_STORE_URL", f"sqlite:///{tracker}")
    supervisor.child_environment(supervisor.Ports(5005, 5055, 8080), supervisor.Hosts("127.0.0.1", "127.0.0.1",
                                                                                       "127.0.0.1"))
    assert mode(tracker.parent) == 0o700 and mode(tracker) == 0o600
    # An empty file is an empty database to SQLite: Rasa creates its tables in it as usual.
    with sqlite3.connect(tracker) as connection:
        connection.execute("CREATE TABLE events (id INTEGER PRIMARY KEY)")
    assert mode(tracker) == 0o600


def test_starting_rasa_through_the_project_turns_telemetry_off_in_rasas_own_configuration(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    import rasa.constants
    from rasa import telemetry

    from bot.runtime.cli import main

    config = tmp_path / "rasa" / "global.yml"
    config.parent.mkdir()
    # What Rasa's first run writes in the user's home.
    config.write_text("metrics:\n  enabled: true\n  rasa_user_id: 04e2eeec\n", encoding="utf-8")
    monkeypatch.setattr(rasa.constants, "GLOBAL_USER_CONFIG_PATH", str(config))
    monkeypatch.setenv("OMBUDSGUIDEN_MODEL", str(tmp_path / "finns-inte.tar.gz"))

    assert main(["run"]) == 2  # no model here, so nothing is started; the setting is written first
    assert "Ingen tränad modell" in capsys.readouterr().err
    stored = yaml.safe_load(config.read_text(encoding="utf-8"))["metrics"]
    assert stored["enabled"] is False and stored["rasa_user_id"] == "04e2eeec"
    # Without the environment variable, Rasa itself now reads "off".
    monkeypatch.delenv("RASA_TELEMETRY_ENABLED")
    assert telemetry.is_telemetry_enabled() is False


def test_without_any_rasa_configuration_telemetry_is_written_off(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    import rasa.constants
    from rasa import telemetry

    from bot.runtime.telemetry import turn_off_rasa_telemetry

    config = tmp_path / "ny-hemkatalog" / ".config" / "rasa" / "global.yml"
    monkeypatch.setattr(rasa.constants, "GLOBAL_USER_CONFIG_PATH", str(config))
    assert turn_off_rasa_telemetry() is True
    monkeypatch.delenv("RASA_TELEMETRY_ENABLED")
    assert telemetry.is_telemetry_enabled() is False
