"""Shared fixtures. Tests never touch the developer's own databases in var/."""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

os.environ["RASA_TELEMETRY_ENABLED"] = "false"

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_MODEL = PROJECT_ROOT / "models" / "ombudsguiden.tar.gz"


@pytest.fixture(autouse=True, scope="session")
def knowledge_database(tmp_path_factory: pytest.TempPathFactory) -> str:
    """Every test process uses its own knowledge database and tracker store files."""
    folder = tmp_path_factory.mktemp("kb")
    url = f"sqlite:///{folder / 'knowledge.db'}"
    os.environ["DATABASE_URL"] = url
    # The web server's daily purge reads the tracker store; it must never be the developer's.
    os.environ["TRACKER_DB"] = str(folder / "tracker.db")
    return url


def run_rasa(*args: str, timeout: int = 900) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "rasa", *args],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, "RASA_TELEMETRY_ENABLED": "false"},
    )


def model_is_fresh(model: Path) -> bool:
    """Make knows what the model is built from; `make -q` answers without building anything."""
    if not model.exists() or shutil.which("make") is None:
        return False
    question = subprocess.run(["make", "-q", str(model.relative_to(PROJECT_ROOT))], cwd=PROJECT_ROOT,
                              capture_output=True)
    return question.returncode == 0


@pytest.fixture(scope="session")
def trained_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The model `make` built, if it is newer than every input; otherwise one trained now."""
    if model_is_fresh(DEFAULT_MODEL):
        return DEFAULT_MODEL
    out = tmp_path_factory.mktemp("model")
    result = run_rasa(
        "train", "--data", "bot/data", "--config", "config.yml", "--domain", "domain.yml",
        "--out", str(out), "--fixed-model-name", "ombudsguiden",
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return out / "ombudsguiden.tar.gz"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
