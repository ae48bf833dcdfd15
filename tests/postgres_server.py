"""A throw-away PostgreSQL server for tests, started with initdb and pg_ctl on a free port."""
from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from bot.runtime.stack import free_port


def _binary(name: str) -> str:
    found = shutil.which(name) or next(iter(sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True)), None)
    if not found:
        raise RuntimeError(f"{name} not found: `make test` installs PostgreSQL (Debian package postgresql)")
    return found


def _as_server_user(argv: list[str]) -> list[str]:
    """PostgreSQL refuses to run as root; as root, run it as the `postgres` system user."""
    return ["runuser", "-u", "postgres", "--", *argv] if os.geteuid() == 0 else argv


@dataclass(frozen=True)
class PostgresServer:
    url: str
    data: Path

    def stop(self) -> None:
        """Stops the server at once, as a crash or a lost connection would look to the bot."""
        subprocess.run(_as_server_user([_binary("pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop"]),
                       capture_output=True)


@contextmanager
def postgres_server() -> Iterator[PostgresServer]:
    """A server on an empty database, which the test may stop; the server and its files are removed after."""
    # Outside pytest's private tmp dir, so that the postgres user can reach it.
    home = Path(tempfile.mkdtemp(prefix="ombudsguiden-pg-"))
    data, port = home / "data", free_port()
    if os.geteuid() == 0:
        record = pwd.getpwnam("postgres")
        os.chown(home, record.pw_uid, record.pw_gid)
    try:
        subprocess.run(
            _as_server_user([_binary("initdb"), "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8",
                             "--locale=C.UTF-8"]),
            check=True, capture_output=True,
        )
        options = f"-p {port} -k {home} -c listen_addresses=127.0.0.1 -c fsync=off"
        subprocess.run(
            _as_server_user([_binary("pg_ctl"), "-D", str(data), "-o", options, "-l", str(home / "log"), "-w",
                             "start"]),
            check=True, capture_output=True,
        )
        yield PostgresServer(f"postgresql+psycopg2://postgres@127.0.0.1:{port}/postgres", data)
    finally:
        if data.exists():
            PostgresServer("", data).stop()
        shutil.rmtree(home, ignore_errors=True)
