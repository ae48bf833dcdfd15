"""The layers in docs/architecture.md hold: each folder imports only the layers below it."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest
from conftest import PROJECT_ROOT

# Project packages and the outside libraries a layer must not reach for.
PROJECT = ("bot", "casework", "knowledge", "storage", "evaluation", "benchmarks", "tests")
ALLOWED = {
    "storage": {"storage"},
    "knowledge": {"knowledge", "storage"},
    "casework": {"casework", "storage"},
    "bot/inbound": {"bot.inbound", "knowledge"},
    "bot/logic": {"bot.logic", "bot.inbound", "knowledge"},
}
NEVER_IN_DECISIONS = ("rasa", "rasa_sdk", "aiohttp", "sanic")


def imported(file: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module)
    return names


@pytest.mark.parametrize("folder", sorted(ALLOWED))
def test_a_layer_imports_only_the_layers_below_it(folder: str) -> None:
    wrong = {}
    for file in sorted((PROJECT_ROOT / folder).rglob("*.py")):
        if "migrations" in file.parts:
            continue  # Alembic's own scripts
        project = {name for name in imported(file) if name.split(".")[0] in PROJECT}
        outside = {name for name in project
                   if not any(name == ok or name.startswith(ok + ".") for ok in ALLOWED[folder])}
        if folder in ("bot/logic", "bot/inbound"):
            outside |= {name for name in imported(file) if name.split(".")[0] in NEVER_IN_DECISIONS}
        if outside:
            wrong[str(file.relative_to(PROJECT_ROOT))] = sorted(outside)
    assert wrong == {}
