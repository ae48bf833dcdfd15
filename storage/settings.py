"""The databases and folders, from the environment, in one place for every process and command.

- `DATABASE_URL`: the knowledge base and the casework store (a SQLite file in `var/` by default).
- `TRACKER_DIALECT` + `TRACKER_DB`: Rasa's SQL tracker store (a SQLite file in `var/` by default).
"""
from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy.engine import URL

PROJECT_ROOT = Path(__file__).resolve().parent.parent
VAR_DIR = PROJECT_ROOT / "var"
DEFAULT_DATABASE_PATH = VAR_DIR / "ombudsguiden.db"
DEFAULT_TRACKER_PATH = VAR_DIR / "tracker.db"
# Conversations and contact requests are health data: nobody but the service's own user reads them.
PRIVATE_FOLDER_MODE = 0o700


def private_folder(folder: Path) -> Path:
    """Creates `folder` readable by its owner only (and tightens it if it already exists)."""
    folder.mkdir(parents=True, exist_ok=True, mode=PRIVATE_FOLDER_MODE)
    folder.chmod(PRIVATE_FOLDER_MODE)
    return folder


def database_url() -> str:
    if url := os.environ.get("DATABASE_URL"):
        return url
    private_folder(DEFAULT_DATABASE_PATH.parent)
    return f"sqlite:///{DEFAULT_DATABASE_PATH}"


def tracker_store() -> dict[str, str]:
    """Rasa's SQL tracker store as endpoints.yml reads it from the environment."""
    return {
        "TRACKER_DIALECT": os.environ.get("TRACKER_DIALECT", "sqlite"),
        "TRACKER_DB": os.environ.get("TRACKER_DB", str(DEFAULT_TRACKER_PATH)),
    }


def tracker_store_url() -> str:
    """The same database as a SQLAlchemy URL, built the way Rasa's SQLTrackerStore builds it."""
    store = tracker_store()
    return URL.create(store["TRACKER_DIALECT"], database=store["TRACKER_DB"]).render_as_string(hide_password=False)
