"""Starts and supervises Ombudsguiden's three processes: Rasa, the action server and the web server.

Ctrl-C or SIGTERM stops every child. If one child dies, the others are stopped too, so a
half-running bot never pretends to work.

Every process listens on 127.0.0.1 unless its setting says otherwise (RASA_INTERFACE,
ACTIONS_HOST, WEB_HOST). Rasa's HTTP API always has a token: RASA_AUTH_TOKEN if given, else
a new random one for this run. It reaches Rasa and the web server through their environment,
never a command line, which any user of the machine can read.
"""
from __future__ import annotations

import os
import secrets
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from bot.runtime.model_cache import WORK_TREE_MODEL
from storage.settings import PROJECT_ROOT, private_file, private_folder, tracker_store

STOP_GRACE_SECONDS = 20
LOOPBACK = "127.0.0.1"


@dataclass(frozen=True)
class Ports:
    rasa: int
    actions: int
    web: int

    @classmethod
    def from_environment(cls) -> Ports:
        return cls(
            rasa=int(os.environ.get("RASA_PORT", "5005")),
            actions=int(os.environ.get("ACTIONS_PORT", "5055")),
            web=int(os.environ.get("WEB_PORT", "8080")),
        )


@dataclass(frozen=True)
class Hosts:
    """The address each process listens on: loopback unless configured otherwise."""

    rasa: str
    actions: str
    web: str

    @classmethod
    def from_environment(cls) -> Hosts:
        return cls(
            rasa=os.environ.get("RASA_INTERFACE", LOOPBACK),
            actions=os.environ.get("ACTIONS_HOST", LOOPBACK),
            web=os.environ.get("WEB_HOST", LOOPBACK),
        )


def child_environment(ports: Ports, hosts: Hosts) -> dict[str, str]:
    """The environment every child gets: telemetry off, endpoints, the tracker store and the API token."""
    store = tracker_store()
    if store["TRACKER_DIALECT"] == "sqlite":
        # Made here, owner-only, before Rasa's SQLite would create it world-readable.
        private_file(private_folder(Path(store["TRACKER_DB"]).parent) / Path(store["TRACKER_DB"]).name)
    env = dict(os.environ)
    env.update(
        RASA_TELEMETRY_ENABLED="false",
        ACTION_ENDPOINT_URL=f"http://{_reachable(hosts.actions)}:{ports.actions}/webhook",
        RASA_URL=f"http://{_reachable(hosts.rasa)}:{ports.rasa}",
        # rasa-sdk binds to SANIC_HOST, and to every interface when it is unset.
        SANIC_HOST=hosts.actions,
        RASA_AUTH_TOKEN=os.environ.get("RASA_AUTH_TOKEN") or secrets.token_urlsafe(32),
        **store,
    )
    return env


def _reachable(host: str) -> str:
    """The address to call a process on: a process on every interface is reached on loopback."""
    return LOOPBACK if host in ("0.0.0.0", "::", "") else host


def commands(ports: Ports, hosts: Hosts, model: Path = WORK_TREE_MODEL) -> dict[str, list[str]]:
    return {
        "actions": [sys.executable, "-m", "rasa_sdk", "--actions", "bot.actions", "--port", str(ports.actions)],
        "rasa": [
            sys.executable, "-m", "bot.runtime.rasa_server",
            "--model", str(model),
            "--enable-api",
            "--interface", hosts.rasa,
            "--port", str(ports.rasa),
            "--endpoints", str(PROJECT_ROOT / "endpoints.yml"),
            "--credentials", str(PROJECT_ROOT / "credentials.yml"),
        ],
        "web": [sys.executable, "-m", "bot.web", "--host", hosts.web, "--port", str(ports.web)],
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
    return Path(os.environ.get("OMBUDSGUIDEN_MODEL", WORK_TREE_MODEL))


def run_all() -> int:
    model = model_path()
    if not model.exists():
        print(f"Ingen tränad modell i {model}. Kör `make run`, som tränar den först.", file=sys.stderr)
        return 2
    ports, hosts = Ports.from_environment(), Hosts.from_environment()
    env = child_environment(ports, hosts)
    children: dict[str, subprocess.Popen[bytes]] = {}
    stopping = False

    def request_stop(signum: int, _frame: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, request_stop)
    signal.signal(signal.SIGTERM, request_stop)
    try:
        for name, argv in commands(ports, hosts, model).items():
            # Own session: a terminal's Ctrl-C reaches only us, and we stop the children in order.
            children[name] = subprocess.Popen(argv, cwd=PROJECT_ROOT, env=env, start_new_session=True)
        print(
            f"Ombudsguiden startar: Rasa http://{hosts.rasa}:{ports.rasa}, "
            f"actions http://{hosts.actions}:{ports.actions}, webb http://{hosts.web}:{ports.web}. "
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
