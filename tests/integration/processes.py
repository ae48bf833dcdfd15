"""The bot's three processes started one by one, so a test can kill and restart one of them.

Same commands and environment as the supervisor (`bot.runtime.supervisor`), which itself stops
everything when one child dies; here each process is on its own, as under a service manager.
"""
from __future__ import annotations

import os
import secrets
import signal
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

from bot.runtime.redis_server import RedisServer
from bot.runtime.stack import Stack, answers, free_port, port_is_open
from bot.runtime.supervisor import (
    SINGLE,
    Hosts,
    Layout,
    Ports,
    child_environment,
    child_port,
    commands,
    own_environment,
)
from storage.settings import PROJECT_ROOT

START_TIMEOUT_SECONDS = 240


@dataclass
class Processes:
    model: Path
    work: Path
    database_url: str
    ports: Ports = field(default_factory=lambda: Ports(rasa=free_port(), actions=free_port(), web=free_port()))
    token: str = field(default_factory=lambda: "t" + secrets.token_urlsafe(16))
    layout: Layout = SINGLE
    redis: RedisServer | None = None
    tracker_store_url: str = ""  # a SQLite file in `work` when empty
    running: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)

    @property
    def stack(self) -> Stack:
        """The running processes as the shared HTTP helpers know them."""
        return self.stack_of("rasa")

    def stack_of(self, rasa: str) -> Stack:
        """The HTTP helpers pointed at one Rasa process ("rasa", "rasa-2" …)."""
        return Stack(self.running[rasa], self.port_of(rasa), self.ports.web, self.ports.actions,
                     self.work / f"{rasa}.log", self.token)

    def port_of(self, name: str) -> int:
        return child_port(name, self.ports)

    def _environment(self) -> dict[str, str]:
        settings = {
            **os.environ,
            "TRACKER_STORE_URL": self.tracker_store_url or f"sqlite:///{self.work / 'tracker.db'}",
            "DATABASE_URL": self.database_url, "RASA_AUTH_TOKEN": self.token, "OMBUDSGUIDEN_COOKIE_SECURE": "false",
            "OMBUDSGUIDEN_MODEL": str(self.model),
        }
        return child_environment(self.ports, Hosts.from_environment(), self.layout, self.redis, settings)

    def start(self, name: str) -> None:
        hosts = Hosts.from_environment()
        argv = commands(self.ports, hosts, self.model, self.layout)[name]
        log = (self.work / f"{name}.log").open("ab")
        env = own_environment(name, self._environment(), self.ports, hosts)
        self.running[name] = subprocess.Popen(argv, cwd=PROJECT_ROOT, env=env,
                                              stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        self._wait_until_up(name)

    def start_all(self) -> None:
        """Every process of the layout. When one does not start, those already running are stopped: a fixture that
        fails before it yields never reaches its clean-up, and left servers behind holding their ports."""
        try:
            for name in commands(self.ports, Hosts.from_environment(), self.model, self.layout):
                self.start(name)
        except BaseException:
            self.stop_all()
            raise

    def kill(self, name: str) -> None:
        """SIGKILL: no clean-up, as when the machine runs out of memory."""
        process = self.running.pop(name)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)

    def stop_all(self) -> None:
        for process in self.running.values():
            process.terminate()
        for process in self.running.values():
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
        self.running.clear()

    def log(self, name: str) -> str:
        return (self.work / f"{name}.log").read_text(errors="replace")

    def _wait_until_up(self, name: str) -> None:
        port = self.port_of(name)
        deadline = time.monotonic() + START_TIMEOUT_SECONDS
        while time.monotonic() < deadline:
            assert self.running[name].poll() is None, self.log(name)[-4000:]
            if port_is_open(port) and (not name.startswith("rasa") or answers(self.stack_of(name))):
                return
            time.sleep(0.5)
        raise AssertionError(f"{name} did not start in time:\n{self.log(name)[-4000:]}")
