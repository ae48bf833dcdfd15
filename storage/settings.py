"""The databases and folders, from the environment, in one place for every process and command.

- `DATABASE_URL`: the knowledge base and the casework store (a SQLite file in `var/` by default).
- `TRACKER_STORE_URL`: Rasa's SQL tracker store (a SQLite file in `var/` by default), with
  `TRACKER_STORE_USER` and `TRACKER_STORE_PASSWORD` when the URL should not hold them.
- `sql_pool`: connections per Rasa process, so that N processes stay within PostgreSQL's limit.
- `flag`: how every on/off setting (`OMBUDSGUIDEN_COOKIE_SECURE`, `OMBUDSGUIDEN_SMTP_STARTTLS` …) is read.
"""
from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from sqlalchemy.engine import make_url

PROJECT_ROOT = Path(__file__).resolve().parent.parent
VAR_DIR = PROJECT_ROOT / "var"
DEFAULT_DATABASE_PATH = VAR_DIR / "ombudsguiden.db"
DEFAULT_TRACKER_PATH = VAR_DIR / "tracker.db"
# Conversations and contact requests are health data: nobody but the service's own user reads them.
PRIVATE_FOLDER_MODE = 0o700
PRIVATE_FILE_MODE = 0o600
_ON = {"1", "true", "yes", "ja", "on"}
_OFF = {"0", "false", "no", "nej", "off"}


def flag(name: str, default: bool) -> bool:
    """The on/off setting `name`, or `default` when it is unset.

    A misspelt value is refused instead of guessed: for a setting like secure cookies, a silent
    fallback would be the dangerous kind of wrong.
    """
    value = os.environ.get(name, "").strip().lower()
    if not value:
        return default
    if value not in _ON | _OFF:
        raise ValueError(f"{name}={value!r}: use true or false")
    return value in _ON


def private_folder(folder: Path) -> Path:
    """Creates `folder` readable by its owner only (and tightens it if it already exists)."""
    folder.mkdir(parents=True, exist_ok=True, mode=PRIVATE_FOLDER_MODE)
    folder.chmod(PRIVATE_FOLDER_MODE)
    return folder


def private_file(path: Path) -> Path:
    """Creates an empty `path` readable by its owner only, or tightens an existing one.

    SQLite creates a database file with the process's umask (usually world-readable) and gives its
    journal and WAL files the database file's mode, so a database file made here first stays private,
    with everything SQLite writes beside it. An empty file is a valid empty SQLite database.
    """
    descriptor = os.open(path, os.O_CREAT | os.O_WRONLY, PRIVATE_FILE_MODE)
    os.close(descriptor)
    path.chmod(PRIVATE_FILE_MODE)
    return path


def private_sqlite_file(url: str) -> None:
    """For a SQLite URL with a file, the file made private before SQLite opens it; other URLs untouched."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:") \
            or str(parsed.database).startswith("file:"):
        return
    path = Path(parsed.database)
    if not path.parent.is_dir() or (path.exists() and not path.is_file()):
        return  # SQLite reports the real problem when it opens it
    try:
        private_file(path)
    except OSError:
        return  # not ours to change (another user's file); SQLite opens it or says why not


def private_sqlite_store(url: str) -> None:
    """For a SQLite URL with a file, its folder and the file made owner-only before anything opens them."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database and parsed.database != ":memory:" \
            and not str(parsed.database).startswith("file:"):
        private_folder(Path(parsed.database).parent)
    private_sqlite_file(url)


def database_url() -> str:
    if url := os.environ.get("DATABASE_URL"):
        return url
    private_folder(DEFAULT_DATABASE_PATH.parent)
    private_file(DEFAULT_DATABASE_PATH)
    return f"sqlite:///{DEFAULT_DATABASE_PATH}"


def tracker_store_url(environment: Mapping[str, str] = os.environ) -> str:
    """Rasa's SQL tracker store as a SQLAlchemy URL: the same database for Rasa (endpoints.yml reads
    the URL from the environment), the web server and the retention command.

    A user and a password in their own settings win over the URL's, so that a URL can be shown in a
    log or a unit file while the password stays in a secret store.
    """
    configured = environment.get("TRACKER_STORE_URL", "").strip()
    if not configured:
        private_folder(DEFAULT_TRACKER_PATH.parent)
        private_file(DEFAULT_TRACKER_PATH)
        return f"sqlite:///{DEFAULT_TRACKER_PATH}"
    url = make_url(configured)
    if user := environment.get("TRACKER_STORE_USER"):
        url = url.set(username=user)
    if password := environment.get("TRACKER_STORE_PASSWORD"):
        url = url.set(password=password)
    return url.render_as_string(hide_password=False)


# PostgreSQL's default max_connections; connections kept back for the web server, the action
# servers, the knowledge base and an operator's psql.
POSTGRES_MAX_CONNECTIONS = 100
CONNECTIONS_KEPT_BACK = 30


def sql_pool(rasa_processes: int, max_connections: int = POSTGRES_MAX_CONNECTIONS) -> dict[str, str]:
    """SQL_POOL_SIZE and SQL_MAX_OVERFLOW for each Rasa process (Rasa's own settings).

    Rasa's defaults (50 kept open + 100 more per process) let two processes ask PostgreSQL for 300
    connections against its 100; here all processes together stay below `max_connections`.
    """
    budget = max(2, (max_connections - CONNECTIONS_KEPT_BACK) // max(1, rasa_processes))
    kept_open = max(1, budget // 2)
    return {"SQL_POOL_SIZE": str(kept_open), "SQL_MAX_OVERFLOW": str(budget - kept_open)}
