"""Numbers the bot says (phone numbers, deadlines, ages) live in knowledge/, never in replies' code."""
from __future__ import annotations

import ast
import re
from pathlib import Path

import yaml
from conftest import PROJECT_ROOT

NUMBER = re.compile(r"\d{2,}")
# Keys like "psykiatri_1177" name things in the knowledge base; nobody reads them.
IDENTIFIER = re.compile(r"[a-z0-9_.]+")
REPLY_CODE = [*sorted((PROJECT_ROOT / "bot" / "actions").rglob("*.py")),
              *sorted((PROJECT_ROOT / "bot" / "logic").rglob("*.py"))]


def string_constants(path: Path) -> list[str]:
    """Every string literal except docstrings, which explain code and are never said."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {id(node.value) for node in ast.walk(tree) if isinstance(node, ast.Expr)}
    return [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings
    ]


def test_response_templates_hold_no_numbers() -> None:
    domain = yaml.safe_load((PROJECT_ROOT / "domain.yml").read_text(encoding="utf-8"))
    offenders = [
        (name, variant["text"])
        for name, variants in domain["responses"].items()
        for variant in variants
        if NUMBER.search(variant.get("text", ""))
    ]
    assert offenders == []


def test_action_and_logic_code_holds_no_numbers_in_its_texts() -> None:
    assert REPLY_CODE
    offenders = [
        (path.name, text)
        for path in REPLY_CODE
        for text in string_constants(path)
        # Regular expressions are detectors, not replies.
        if NUMBER.search(text) and not text.startswith(("\\b", "(?:", "(?<")) and not IDENTIFIER.fullmatch(text)
    ]
    assert offenders == []
