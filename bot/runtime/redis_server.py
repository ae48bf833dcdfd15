"""A private Redis server for the scaled layout and its tests: Debian's redis-server on loopback.

Redis holds Rasa's conversation locks (so that several Rasa processes never handle two turns of
one conversation at once) and the web processes' shared limits. Neither needs to survive a
restart, so nothing is written to disk. A password made for this run keeps other users of the
machine out; it reaches the children through their environment, never a command line.
"""
from __future__ import annotations

import secrets
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import redis

from storage.settings import private_folder

LOOPBACK = "127.0.0.1"
START_TIMEOUT_SECONDS = 20
# Rasa's RedisLockStore uses database 1 by default; the web server's state gets its own.
LOCK_DB = 1
WEB_STATE_DB = 2


@dataclass
class RedisServer:
    host: str
    port: int
    password: str
    process: subprocess.Popen[bytes] | None  # None for a server this project did not start

    def url(self, db: int) -> str:
        return f"redis://:{self.password}@{self.host}:{self.port}/{db}"

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind((LOOPBACK, 0))
        return int(sock.getsockname()[1])


def _answers(server: RedisServer) -> bool:
    try:
        return bool(redis.Redis.from_url(server.url(0), socket_timeout=1).ping())
    except redis.RedisError:
        return False


def start_redis(folder: Path, port: int | None = None) -> RedisServer:
    """A new redis-server on loopback, its configuration (with the password) in `folder`, owner-only."""
    binary = shutil.which("redis-server")
    if binary is None:
        raise RuntimeError("redis-server saknas: installera Debian-paketet redis-server (`make test` gör det).")
    private_folder(folder)
    password = secrets.token_hex(24)
    port = port or _free_port()
    config = folder / "redis.conf"
    config.touch(mode=0o600)
    # A config file, not arguments: `ps` shows a command line to every user of the machine.
    config.write_text("\n".join([
        f"bind {LOOPBACK}", f"port {port}", f"requirepass {password}", "protected-mode yes",
        'save ""', "appendonly no", f"dir {folder}", "daemonize no", "loglevel warning",
    ]) + "\n")
    log = (folder / "redis.log").open("ab")
    process = subprocess.Popen([binary, str(config)], stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    server = RedisServer(LOOPBACK, port, password, process)
    deadline = time.monotonic() + START_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("redis-server stannade direkt:\n" + (folder / "redis.log").read_text(errors="replace"))
        if _answers(server):
            return server
        time.sleep(0.1)
    server.stop()
    raise RuntimeError(f"redis-server svarade inte inom {START_TIMEOUT_SECONDS} s")


@contextmanager
def redis_server(folder: Path) -> Iterator[RedisServer]:
    server = start_redis(folder)
    try:
        yield server
    finally:
        server.stop()
