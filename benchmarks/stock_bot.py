"""The stock `rasa init` bot (Rasa 3.6.21, default config): installed, trained and run by the load benchmark.

It is the baseline our bot is measured against, so it gets a venv of its own in a throwaway folder,
made with uv from the same overrides as this project (pyproject.toml's [tool.uv]): Rasa 3.6.21
declares Python <3.11, and without them uv picks versions that TensorFlow 2.12 cannot import. The
project's uv.lock is passed as constraints, so that both bots run the same TensorFlow and Sanic and
every wheel comes from uv's cache. When that venv cannot be made, the project's own .venv (the same
Rasa) runs the stock bot, and the result says so.
"""
from __future__ import annotations

import os
import re
import secrets
import shutil
import subprocess
import sys
import time
import tomllib
import urllib.error
from dataclasses import dataclass, field
from pathlib import Path

from bot.runtime.stack import free_port, http
from storage.settings import PROJECT_ROOT

RASA_VERSION = "3.6.21"
INSTALL_TIMEOUT_SECONDS = 900
TRAIN_TIMEOUT_SECONDS = 1200
START_TIMEOUT_SECONDS = 240
# What `rasa init` prints between scaffolding the project and training it.
TRAINING_STARTS = "Training an initial model"


@dataclass
class StockBot:
    folder: Path
    bin_dir: Path
    how_installed: str
    install_seconds: float | None = None
    train_seconds: float | None = None
    model: Path | None = None
    port: int = 0
    token: str = ""
    processes: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)
    start_to_answer_seconds: float | None = None

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def parse_url(self) -> str:
        return self.url(f"/model/parse?token={self.token}")


def environment() -> dict[str, str]:
    """Telemetry off in every stock process too; the venv's own bin first so `rasa` is the stock one."""
    return {**os.environ, "RASA_TELEMETRY_ENABLED": "false", "UV_PYTHON_DOWNLOADS": "never"}


def uv_command() -> list[str]:
    found = shutil.which("uv") or next((str(p) for p in [Path.home() / ".local" / "bin" / "uv"] if p.exists()), None)
    return [found] if found else ["python3", "-m", "uv"]


def overrides() -> list[str]:
    config = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return list(config.get("tool", {}).get("uv", {}).get("override-dependencies", []))


def _run(command: list[str], log: Path, timeout: float, cwd: Path | None = None) -> None:
    with log.open("ab") as out:
        out.write(("\n$ " + " ".join(command) + "\n").encode())
        out.flush()
        subprocess.run(command, cwd=cwd, env=environment(), stdout=out, stderr=subprocess.STDOUT,
                       timeout=timeout, check=True)


def install(folder: Path) -> StockBot:
    """A throwaway venv with Rasa, or the project's .venv when that fails (said in `how_installed`)."""
    folder.mkdir(parents=True, exist_ok=True)
    venv, log = folder / "venv", folder / "install.log"
    uv = uv_command()
    started = time.monotonic()
    try:
        _run([*uv, "venv", "--quiet", "--python", "python3.11", str(venv)], log, 120)
        (folder / "overrides.txt").write_text("\n".join(overrides()) + "\n")
        command = [*uv, "pip", "install", "--quiet", "--python", str(venv / "bin" / "python"),
                   "--override", str(folder / "overrides.txt"), f"rasa=={RASA_VERSION}"]
        constraints = folder / "constraints.txt"
        exported = subprocess.run([*uv, "export", "--frozen", "--no-hashes", "--no-emit-project", "--all-extras"],
                                  cwd=PROJECT_ROOT, env=environment(), capture_output=True, text=True, timeout=120)
        if exported.returncode == 0:
            constraints.write_text(exported.stdout)
            command += ["--constraint", str(constraints)]
        _run(command, log, INSTALL_TIMEOUT_SECONDS)
        return StockBot(folder, venv / "bin", f"a throwaway venv made by the benchmark with uv (rasa=={RASA_VERSION}, "
                        "the project's overrides, uv.lock as constraints)", time.monotonic() - started)
    except (subprocess.SubprocessError, OSError) as error:
        tail = log.read_text(errors="replace")[-1500:] if log.exists() else ""
        print(f"The stock bot's own venv could not be made ({error}); using the project's .venv.\n{tail}",
              file=sys.stderr, flush=True)
        return StockBot(folder, Path(sys.executable).parent,
                        f"FALLBACK: the project's own .venv (the same Rasa {RASA_VERSION}); its own venv failed: "
                        f"{str(error)[:200]}")


def init_and_train(bot: StockBot) -> None:
    """`rasa init --no-prompt`, which scaffolds the project and trains it with the default config.

    The training time is counted from the line that says training starts, so scaffolding is not in it.
    """
    project, log = bot.folder / "project", bot.folder / "init.log"
    project.mkdir(parents=True, exist_ok=True)  # rasa init refuses a folder that is not there
    started = time.monotonic()
    training_from: float | None = None
    with log.open("w", encoding="utf-8") as out:
        process = subprocess.Popen([str(bot.bin_dir / "rasa"), "init", "--no-prompt", "--init-dir", str(project)],
                                   cwd=bot.folder, env=environment(), stdout=subprocess.PIPE,
                                   stderr=subprocess.STDOUT, text=True, errors="replace")
        assert process.stdout is not None
        for line in process.stdout:
            out.write(line)
            if training_from is None and TRAINING_STARTS in line:
                training_from = time.monotonic()
            if time.monotonic() - started > TRAIN_TIMEOUT_SECONDS:
                process.kill()
        code = process.wait()
    if code != 0:
        raise RuntimeError(f"rasa init failed ({code}):\n" + log.read_text(errors="replace")[-3000:])
    bot.train_seconds = time.monotonic() - (training_from or started)
    models = sorted((project / "models").glob("*.tar.gz"))
    if not models:
        raise RuntimeError("rasa init made no model:\n" + log.read_text(errors="replace")[-3000:])
    bot.model = models[-1]


def needs_action_server(project: Path) -> bool:
    endpoints = project / "endpoints.yml"
    return endpoints.exists() and re.search(r"^action_endpoint:", endpoints.read_text(), re.MULTILINE) is not None


def answers(bot: StockBot) -> bool:
    try:
        return bool(http(bot.url("/webhooks/rest/webhook"), {"sender": "stock-ready", "message": "hello"}, timeout=5))
    except (OSError, urllib.error.URLError):
        return False


def start(bot: StockBot) -> None:
    """`rasa run` on a free loopback port (and its action server if its endpoints name one)."""
    project = bot.folder / "project"
    assert bot.model is not None
    bot.port, bot.token = free_port(), secrets.token_urlsafe(16)
    started = time.monotonic()
    if needs_action_server(project):
        bot.processes["stock actions"] = subprocess.Popen(
            [str(bot.bin_dir / "rasa"), "run", "actions", "--port", str(free_port())], cwd=project, env=environment(),
            stdout=(bot.folder / "actions.log").open("wb"), stderr=subprocess.STDOUT)
    bot.processes["stock rasa"] = subprocess.Popen(
        [str(bot.bin_dir / "rasa"), "run", "--model", str(bot.model), "--interface", "127.0.0.1",
         "--port", str(bot.port), "--enable-api", f"--auth-token={bot.token}"],
        cwd=project, env=environment(), stdout=(bot.folder / "run.log").open("wb"), stderr=subprocess.STDOUT)
    deadline = started + START_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if any(p.poll() is not None for p in bot.processes.values()):
            break
        if answers(bot):
            bot.start_to_answer_seconds = time.monotonic() - started
            return
        time.sleep(0.5)
    stop(bot)
    raise RuntimeError("the stock bot did not start:\n" + (bot.folder / "run.log").read_text(errors="replace")[-3000:])


def stop(bot: StockBot) -> None:
    for process in bot.processes.values():
        if process.poll() is None:
            process.terminate()
    for process in bot.processes.values():
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
