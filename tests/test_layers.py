"""The layers in docs/architecture.md hold: each folder imports only the layers below it."""
from __future__ import annotations

import ast
from collections import Counter
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


def _top_level_names(file: Path) -> list[str]:
    names: list[str] = []
    for node in ast.parse(file.read_text(encoding="utf-8")).body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.append(node.name)
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names += [name for target in targets for name in _bound(target)]
    return names


def _bound(target: ast.expr) -> list[str]:
    # Only names: "CACHE['a'] = 1" or "Cls.attr = 1" bind nothing new.
    if isinstance(target, ast.Name):
        return [target.id]
    if isinstance(target, (ast.Tuple, ast.List)):
        return [name for element in target.elts for name in _bound(element)]
    if isinstance(target, ast.Starred):
        return _bound(target.value)
    return []


def test_no_module_binds_a_top_level_name_twice() -> None:
    # A second `_POINTS_BACK = …` further down a module silently replaces the first for every function that reads it
    # (it once broke how to get a SIP, asked right after the answer about what one is); no linter here says so.
    twice = [f"{file.relative_to(PROJECT_ROOT)}: {name}"
             for package in PROJECT if package != "tests"
             for file in sorted((PROJECT_ROOT / package).rglob("*.py"))
             for name, count in Counter(_top_level_names(file)).items() if count > 1]
    assert twice == []
