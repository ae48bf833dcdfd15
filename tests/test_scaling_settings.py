"""The settings that let Ombudsguiden run as several processes, read by Rasa's own code from endpoints.yml."""
from __future__ import annotations

from pathlib import Path

import pytest
from rasa.core.lock_store import InMemoryLockStore, LockStore
from rasa.core.tracker_store import SQLTrackerStore, TrackerStore
from rasa.core.utils import AvailableEndpoints
from sqlalchemy.engine import make_url

from bot.runtime import supervisor
from bot.runtime.lock_store import AtomicRedisLockStore
from bot.runtime.redis_server import RedisServer
from storage import settings

PORTS = supervisor.Ports(rasa=5005, actions=5055, web=8080)
HOSTS = supervisor.Hosts("127.0.0.1", "127.0.0.1", "127.0.0.1")
ENDPOINTS = settings.PROJECT_ROOT / "endpoints.yml"


def rasa_endpoints(env: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> AvailableEndpoints:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return AvailableEndpoints.read_endpoints(str(ENDPOINTS))


def test_the_password_can_live_apart_from_the_tracker_store_url(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRACKER_STORE_URL", "postgresql://rasa@db.example:5432/ombudsguiden")
    monkeypatch.setenv("TRACKER_STORE_USER", "ombudsguiden")
    monkeypatch.setenv("TRACKER_STORE_PASSWORD", "hemligt lösen/@")
    url = make_url(settings.tracker_store_url())
    assert (url.username, url.password, url.host, url.database) == (
        "ombudsguiden", "hemligt lösen/@", "db.example", "ombudsguiden")


def test_one_process_keeps_its_conversations_in_a_private_sqlite_file_and_locks_in_memory(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    tracker = tmp_path / "var" / "tracker.db"
    monkeypatch.setenv("TRACKER_STORE_URL", f"sqlite:///{tracker}")
    endpoints = rasa_endpoints(supervisor.child_environment(PORTS, HOSTS), monkeypatch)
    assert isinstance(LockStore.create(endpoints.lock_store), InMemoryLockStore)
    store = TrackerStore.create(endpoints.tracker_store)
    assert isinstance(store, SQLTrackerStore) and make_url(str(store.engine.url)).database == str(tracker)
    assert tracker.stat().st_mode & 0o777 == 0o600


def test_the_scaled_layout_gives_rasa_a_redis_lock_store_and_postgres_pools_within_the_server_limit(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRACKER_STORE_URL", f"sqlite:///{tmp_path / 'tracker.db'}")
    monkeypatch.delenv("SQL_POOL_SIZE", raising=False)
    layout = supervisor.Layout(rasa_processes=3, web_processes=2)
    redis = RedisServer("127.0.0.1", 6390, "lösen", None)
    env = supervisor.child_environment(PORTS, HOSTS, layout, redis)
    lock_store = LockStore.create(rasa_endpoints(env, monkeypatch).lock_store)
    assert isinstance(lock_store, AtomicRedisLockStore)
    connection = lock_store.red.connection_pool.connection_kwargs
    assert (connection["host"], connection["port"], connection["password"]) == ("127.0.0.1", 6390, "lösen")
    assert env["RASA_URLS"].split(",") == ["http://127.0.0.1:5005", "http://127.0.0.1:5006", "http://127.0.0.1:5007"]
    per_process = int(env["SQL_POOL_SIZE"]) + int(env["SQL_MAX_OVERFLOW"])
    assert per_process * layout.rasa_processes <= settings.POSTGRES_MAX_CONNECTIONS - settings.CONNECTIONS_KEPT_BACK


def test_each_rasa_process_calls_the_action_server_started_beside_it() -> None:
    layout = supervisor.Layout(rasa_processes=2, web_processes=2)
    argv = supervisor.commands(PORTS, HOSTS, Path("model.tar.gz"), layout)
    assert sorted(argv) == ["actions", "actions-2", "rasa", "rasa-2", "web", "web-2"]
    assert argv["rasa-2"][argv["rasa-2"].index("--port") + 1] == "5006"
    assert argv["actions-2"][argv["actions-2"].index("--port") + 1] == "5056"
    assert all("--reuse-port" in argv[name] and "8080" in argv[name] for name in ("web", "web-2"))
    assert [supervisor.child_port(name, PORTS) for name in ("rasa-2", "actions-2", "web-2")] == [5006, 5056, 8080]
    env = {"ACTION_ENDPOINT_URL": "http://127.0.0.1:5055/webhook"}
    assert supervisor.own_environment("rasa-2", env, PORTS, HOSTS)["ACTION_ENDPOINT_URL"] == \
        "http://127.0.0.1:5056/webhook"
    assert supervisor.own_environment("rasa", env, PORTS, HOSTS) == env


def test_only_the_first_web_process_runs_the_daily_purge() -> None:
    assert "OMBUDSGUIDEN_AUTO_PURGE" not in supervisor.own_environment("web", {}, PORTS, HOSTS)
    assert supervisor.own_environment("web-2", {}, PORTS, HOSTS)["OMBUDSGUIDEN_AUTO_PURGE"] == "false"


def test_one_process_layout_is_what_make_run_always_started() -> None:
    argv = supervisor.commands(PORTS, HOSTS, Path("model.tar.gz"))
    assert sorted(argv) == ["actions", "rasa", "web"]
    assert "--reuse-port" not in argv["web"]
