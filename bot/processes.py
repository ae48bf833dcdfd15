"""Starts and supervises Ombudsguiden's three processes: Rasa, the action server and the web server.

Ctrl-C or SIGTERM stops every child. If one child dies, the others are stopped too, so a
half-running bot never pretends to work.
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import URL

from knowledge.db import PROJECT_ROOT

MODEL_PATH = PROJECT_ROOT / "models" / "ombudsguiden.tar.gz"
TRACKER_DB_PATH = PROJECT_ROOT / "var" / "tracker.db"
STOP_GRACE_SECONDS = 20


@dataclass(frozen=True)
class Ports:
    rasa: int
    actions: int
    web: int

    @classmethod
    def from_environment(cls) -> "Ports":
        return cls(
            rasa=int(os.environ.get("RASA_PORT", "5005")),
            actions=int(os.environ.get("ACTIONS_PORT", "5055")),
            web=int(os.environ.get("WEB_PORT", "8080")),
        )


def tracker_store(tracker_db: Path = TRACKER_DB_PATH) -> dict[str, str]:
    """Rasa's SQL tracker store, as endpoints.yml reads it from the environment."""
    return {
        "TRACKER_DIALECT": os.environ.get("TRACKER_DIALECT", "sqlite"),
        "TRACKER_DB": os.environ.get("TRACKER_DB", str(tracker_db)),
    }


def tracker_store_url() -> str:
    """The same database as a SQLAlchemy URL, built the way Rasa's SQLTrackerStore builds it."""
    store = tracker_store()
    return URL.create(store["TRACKER_DIALECT"], database=store["TRACKER_DB"]).render_as_string(hide_password=False)


def child_environment(ports: Ports, tracker_db: Path = TRACKER_DB_PATH) -> dict[str, str]:
    """The environment every child gets: telemetry off, endpoints and the tracker store set."""
    tracker_db.parent.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ)
    env.update(
        RASA_TELEMETRY_ENABLED="false",
        ACTION_ENDPOINT_URL=f"http://127.0.0.1:{ports.actions}/webhook",
        RASA_URL=f"http://127.0.0.1:{ports.rasa}",
        **tracker_store(tracker_db),
    )
    return env


def commands(ports: Ports, model: Path = MODEL_PATH) -> dict[str, list[str]]:
    interface = os.environ.get("RASA_INTERFACE", "127.0.0.1")
    rasa = [
        sys.executable, "-m", "rasa", "run",
        "--model", str(model),
        "--enable-api",
        "--interface", interface,
        "--port", str(ports.rasa),
        "--endpoints", str(PROJECT_ROOT / "endpoints.yml"),
        "--credentials", str(PROJECT_ROOT / "credentials.yml"),
    ]
    if token := os.environ.get("RASA_AUTH_TOKEN"):
        rasa += ["--auth-token", token]
    return {
        "actions": [sys.executable, "-m", "rasa_sdk", "--actions", "bot.actions", "--port", str(ports.actions)],
        "rasa": rasa,
        "web": [sys.executable, "-m", "bot.web", "--port", str(ports.web)],
    }


def stop(children: dict[str, subprocess.Popen[bytes]]) -> None:
    for child in children.values():
        if child.poll() is None:
            child.terminate()
    deadline = time.monotonic() + STOP_GRACE_SECONDS
    for child in children.values():
        try:
            child.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()


def model_path() -> Path:
    return Path(os.environ.get("OMBUDSGUIDEN_MODEL", MODEL_PATH))


def run_all() -> int:
    model = model_path()
    if not model.exists():
        print(f"Ingen tränad modell i {model}. Kör `make run`, som tränar den först.", file=sys.stderr)
        return 2
    ports = Ports.from_environment()
    env = child_environment(ports)
    children: dict[str, subprocess.Popen[bytes]] = {}
    stopping = False

    def request_stop(signum: int, _frame: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, request_stop)
    signal.signal(signal.SIGTERM, request_stop)
    try:
        for name, argv in commands(ports, model).items():
            # Own session: a terminal's Ctrl-C reaches only us, and we stop the children in order.
            children[name] = subprocess.Popen(argv, cwd=PROJECT_ROOT, env=env, start_new_session=True)
        print(
            f"Ombudsguiden startar: Rasa http://127.0.0.1:{ports.rasa}, "
            f"actions http://127.0.0.1:{ports.actions}, webb http://127.0.0.1:{ports.web}. "
            "Stoppa med Ctrl-C.",
            flush=True,
        )
        print("Processer: " + ", ".join(f"{name} (pid {child.pid})" for name, child in children.items()), flush=True)
        while not stopping:
            dead = [name for name, child in children.items() if child.poll() is not None]
            if dead:
                print(f"Processen {', '.join(dead)} avslutades. Stoppar resten.", file=sys.stderr)
                return 1
            time.sleep(0.5)
        return 0
    finally:
        stop(children)
