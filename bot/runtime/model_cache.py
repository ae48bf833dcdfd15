"""The trained model, kept outside the work tree and keyed by everything that goes into training.

A model is trained from the Rasa data and configuration, the project's own NLU components (and
the project code they import), the spaCy pipeline recipe, the locked library versions and the
Python version. Their hash names the model in a cache folder shared by every clone on the
machine (OMBUDSGUIDEN_MODEL_CACHE, default ~/.cache/ombudsguiden/models). A second clone with
the same inputs copies the model in seconds instead of training for minutes; a change to any
input trains a new one. Training prints what it is doing and how long it took, and remembers
that time, so the next training on this machine can say how long it will take.
"""
from __future__ import annotations

import ast
import fcntl
import hashlib
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import yaml

from bot.nlu.stored_vectors import COUNT_PATTERN, user_cache_dir
from storage.settings import PROJECT_ROOT

MODEL_NAME = "ombudsguiden"
WORK_TREE_MODEL = PROJECT_ROOT / "models" / f"{MODEL_NAME}.tar.gz"
RASA_FILES = ("config.yml", "domain.yml")
DATA_DIR = PROJECT_ROOT / "bot" / "data"
SPACY_RECIPE = PROJECT_ROOT / "build" / "spacy" / "sv" / "ombudsguiden-recipe.json"
LOCK_FILE = PROJECT_ROOT / "uv.lock"
PROJECT_PACKAGES = ("bot", "knowledge", "casework", "storage")
HEARTBEAT_SECONDS = 30
_COMPONENT = re.compile(r"Starting to train component '(\w+)'")
# What a person reading the progress should understand by Rasa's component names.
STEPS = {
    "SentenceEncoderFeaturizer": "meningarnas innebörd (det tar längst tid om de inte finns sparade)",
    "LogisticRegressionClassifier": "avsikter",
    "QuestionSelector": "vilken fråga som ställs",
    "TEDPolicy": "samtalsflödet",
    "CountVectorsFeaturizer": "ordräkning",
    "LexicalSyntacticFeaturizer": "ordformer",
    "RegexFeaturizer": "mönster",
    "RulePolicy": "regler",
    "MemoizationPolicy": "minnet av berättelser",
    "PlaceNameIntent": "ortnamn",
}


def cache_dir() -> Path:
    configured = os.environ.get("OMBUDSGUIDEN_MODEL_CACHE")
    base = Path(configured) if configured else user_cache_dir() / "models"
    base.mkdir(parents=True, exist_ok=True)
    return base


def _module_file(module: str) -> Path | None:
    path = PROJECT_ROOT.joinpath(*module.split("."))
    for candidate in (path.with_suffix(".py"), path / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def _project_imports(file: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return {name for name in names if name.split(".")[0] in PROJECT_PACKAGES}


def _is_trainable(module: str, class_name: str) -> bool:
    """Whether the component is registered with `is_trainable=True`: only then does its code shape the model.

    A component that learns nothing (the crisis detector) is loaded from the code at run time, so a
    change to it needs no new training.
    """
    file = _module_file(module)
    if file is None:
        return True
    for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ClassDef) and node.name == class_name:
            return any(keyword.arg == "is_trainable" and isinstance(keyword.value, ast.Constant)
                       and keyword.value.value is True
                       for decorator in node.decorator_list if isinstance(decorator, ast.Call)
                       for keyword in decorator.keywords)
    return True


def component_sources() -> list[Path]:
    """The project's own files the trained model depends on: its trainable components and what they import."""
    config = yaml.safe_load((PROJECT_ROOT / "config.yml").read_text(encoding="utf-8"))
    named = [entry["name"] for entry in [*(config.get("pipeline") or []), *(config.get("policies") or [])]]
    pending = [name.rsplit(".", 1)[0] for name in named
               if name.split(".")[0] in PROJECT_PACKAGES and _is_trainable(*name.rsplit(".", 1))]
    seen: dict[str, Path] = {}
    while pending:
        module = pending.pop()
        file = _module_file(module)
        if file is None or str(file) in seen:
            continue
        seen[str(file)] = file
        pending.extend(_project_imports(file))
    return sorted(seen.values())


def training_inputs() -> list[Path]:
    data = sorted(path for path in DATA_DIR.rglob("*") if path.is_file())
    return [*(PROJECT_ROOT / name for name in RASA_FILES), *data, *component_sources(), SPACY_RECIPE, LOCK_FILE]


def fingerprint() -> str:
    """Changes whenever anything that goes into training changes; the same inputs give the same value."""
    digest = hashlib.sha256(f"python {platform.python_version()}".encode())
    for path in training_inputs():
        digest.update(str(path.relative_to(PROJECT_ROOT)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:32]


@contextmanager
def _exclusive(folder: Path) -> Iterator[None]:
    """One training at a time per cache: a second clone waits and then finds the model made."""
    with (folder / ".lock").open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _minutes(seconds: float) -> str:
    minutes, rest = divmod(round(seconds), 60)
    return f"{minutes} min {rest} s" if minutes else f"{rest} s"


def _timings(folder: Path) -> dict[str, float]:
    path = folder / "timings.json"
    return json.loads(path.read_text()) if path.exists() else {}


def _remember_time(folder: Path, seconds: float, vectors: dict[str, int]) -> None:
    """The time of the last training, and how many sentence vectors it computed and found stored: a
    training that found some is not a full one (benchmarks/load.py says so)."""
    timings = {**_timings(folder), "last_training_seconds": round(seconds, 1), **vectors}
    if not vectors:
        timings.pop("texts_encoded", None)
        timings.pop("texts_from_store", None)
    (folder / "timings.json").write_text(json.dumps(timings))


def _follow(stream: object, log: Path, started: float, vectors: dict[str, int]) -> None:
    """Copies Rasa's output to the log, tells which part of the model is being trained and notes the
    sentence featurizer's count of vectors in `vectors`."""
    with log.open("w", encoding="utf-8") as out:
        for line in stream:  # type: ignore[attr-defined]
            out.write(line)
            if counted := COUNT_PATTERN.search(line):
                vectors.update(texts_encoded=int(counted.group(1)), texts_from_store=int(counted.group(2)))
            if found := _COMPONENT.search(line):
                step = STEPS.get(found.group(1))
                if step:
                    print(f"  … {_minutes(time.monotonic() - started)}: tränar {step}", flush=True)


def train(out: Path, log: Path, vectors: dict[str, int]) -> float:
    """Trains a model into the folder `out` with Rasa, printing progress; returns the seconds it took and
    notes in `vectors` how many sentence vectors were computed and how many found stored."""
    command = [sys.executable, "-m", "rasa", "train", "--data", str(DATA_DIR), "--config", "config.yml",
               "--domain", "domain.yml", "--out", str(out), "--fixed-model-name", MODEL_NAME, "--force"]
    started = time.monotonic()
    env = {**os.environ, "RASA_TELEMETRY_ENABLED": "false"}
    process = subprocess.Popen(command, cwd=PROJECT_ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               text=True, errors="replace")
    follower = threading.Thread(target=_follow, args=(process.stdout, log, started, vectors), daemon=True)
    follower.start()
    next_heartbeat = started + HEARTBEAT_SECONDS
    while process.poll() is None:
        time.sleep(1)
        if time.monotonic() >= next_heartbeat:
            print(f"  … {_minutes(time.monotonic() - started)} har gått", flush=True)
            next_heartbeat += HEARTBEAT_SECONDS
    follower.join()
    if process.returncode != 0:
        tail = log.read_text(encoding="utf-8", errors="replace").splitlines()[-40:]
        raise RuntimeError(f"Träningen misslyckades. Slutet av loggen (hela finns i {log}):\n"
                           + "\n".join(tail))
    return time.monotonic() - started


def ensure_model(destination: Path = WORK_TREE_MODEL) -> Path:
    """The model for the current inputs at `destination`: already there, copied from the cache, or trained."""
    wanted = fingerprint()
    marker = destination.with_suffix("").with_suffix(".fingerprint")
    if destination.exists() and marker.exists() and marker.read_text().strip() == wanted:
        return destination
    folder = cache_dir()
    cached = folder / f"{wanted}.tar.gz"
    with _exclusive(folder):
        if cached.exists():
            print(f"Modellen för de här indata finns redan ({cached}). Ingen träning behövs.", flush=True)
        else:
            last = _timings(folder).get("last_training_seconds")
            estimate = f"förra gången på den här datorn tog det {_minutes(last)}" if last else \
                "första gången på en dator med två kärnor tar det 7–12 minuter"
            print(f"Tränar modellen: {estimate}. Loggen skrivs till {folder / 'training.log'}.", flush=True)
            vectors: dict[str, int] = {}
            with tempfile.TemporaryDirectory(dir=folder) as work:
                seconds = train(Path(work), folder / "training.log", vectors)
                os.replace(Path(work) / f"{MODEL_NAME}.tar.gz", cached)
            _remember_time(folder, seconds, vectors)
            print(f"Modellen är tränad på {_minutes(seconds)} och sparad i {cached}.", flush=True)
    destination.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(cached, destination)
    marker.write_text(wanted + "\n")
    return destination
